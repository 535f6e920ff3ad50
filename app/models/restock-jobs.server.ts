// Job contracts of restock alerts: a batch of a restock event's fan-out and the hourly reconciliation
// (app/services/restock-fanout.server.ts and restock-detection.server.ts decide payloads, keys and times).
import prisma from "#app/db.server";
import { enqueueJob, type Db } from "./job.server";

export const RESTOCK_BATCH_JOB = "restock.batch";
export const RESTOCK_RECONCILE_JOB = "restock.reconcile";

type RestockJob = { shop: string; payload: unknown; idempotencyKey: string; runAt: Date };

export async function enqueueRestockBatchJob(job: RestockJob, db: Db = prisma): Promise<void> {
  await enqueueJob(db, { ...job, type: RESTOCK_BATCH_JOB });
}

export async function enqueueRestockReconcileJob(job: RestockJob, db: Db = prisma): Promise<void> {
  await enqueueJob(db, { ...job, type: RESTOCK_RECONCILE_JOB });
}
