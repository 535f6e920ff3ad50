// The typed way to queue a job: the type must be in the catalogue (app/jobs/job-types.ts) and the payload must be
// its type's. The Job table functions in app/models/job.server.ts underneath take any string (the queue machinery
// and its tests are type-agnostic); ESLint keeps app code on these. Pass the transaction a state change runs in
// as `db`, so the job commits with it (the job table is the outbox: docs/decisions/0001-job-table-as-outbox.md).
import prisma from "../db.server";
import type { Db } from "../models/db";
import {
  enqueueJob as insertJob,
  enqueueJobs as insertJobs,
  expediteOrEnqueueJob as expediteOrInsertJob,
  requestJobRun as requestRunOfJob,
} from "../models/job.server";
import type { JobPayload, JobRequest, JobType } from "./job-types";

/** Queues one job (a no-op returning the existing row's id when its idempotency key is already queued or done). */
export function enqueue<T extends JobType>(job: JobRequest<T>, db: Db = prisma): Promise<{ id: string; created: boolean }> {
  return insertJob(db, job);
}

/** Queues many jobs in as few statements as the database allows; rows whose key exists are skipped. */
export function enqueueMany(jobs: readonly JobRequest[], db: Db = prisma): Promise<{ id: string }[]> {
  return insertJobs(db, jobs);
}

/** Makes a queued job with this key due now, or queues it (e.g. a fallback poll when its webhook arrives). */
export function expediteOrEnqueue<T extends JobType>(
  job: Omit<JobRequest<T>, "runAt"> & { idempotencyKey: string },
  now: Date,
  db: Db = prisma,
): Promise<void> {
  return expediteOrInsertJob(db, job, now);
}

/** Asks for a run of an idempotent "make it so" job; identical queued requests coalesce (see requestJobRun). */
export function requestRun<T extends JobType>(job: { shop: string; type: T; payload: JobPayload<T>; runAt: Date }, db: Db = prisma): Promise<void> {
  return requestRunOfJob(db, job);
}
