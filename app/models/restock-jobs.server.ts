// Job contracts of restock alerts: a batch of a restock event's fan-out and the hourly reconciliation
// (app/services/restock-fanout.server.ts and restock-detection.server.ts decide payloads, keys and times).
import prisma from "#app/db.server";
import { type Db } from "./job.server";
import { enqueue } from "../jobs/enqueue.server";
import { RESTOCK_BATCH_JOB, RESTOCK_RECONCILE_JOB, type JobPayload, type JobType } from "../jobs/job-types";
export { RESTOCK_BATCH_JOB, RESTOCK_RECONCILE_JOB };


type RestockJob<T extends JobType> = { shop: string; payload: JobPayload<T>; idempotencyKey: string; runAt: Date };

export async function enqueueRestockBatchJob(job: RestockJob<typeof RESTOCK_BATCH_JOB>, db: Db = prisma): Promise<void> {
  await enqueue({ ...job, type: RESTOCK_BATCH_JOB }, db);
}

export async function enqueueRestockReconcileJob(job: RestockJob<typeof RESTOCK_RECONCILE_JOB>, db: Db = prisma): Promise<void> {
  await enqueue({ ...job, type: RESTOCK_RECONCILE_JOB }, db);
}
