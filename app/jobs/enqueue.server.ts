// The typed way to queue a job: the type must be in the catalogue (app/jobs/job-types.ts) and the payload must be
// its type's. The Job table functions in app/models/job.server.ts underneath take any string (the queue machinery
// and its tests are type-agnostic); ESLint keeps app code on these. Pass the transaction a state change runs in
// as `db`, so the job commits with it (the job table is the outbox: docs/decisions/0001-job-table-as-outbox.md).
// Once the job has committed, this process's idle worker is woken (./queue/jobs-queued-signal.server.ts): at once
// when `db` is the client itself, after the commit when the transaction was opened with transactionQueuingJobs.
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import type { DatabaseClient, Db } from "../models/db";
import {
  enqueueJob as insertJob,
  enqueueJobs as insertJobs,
  expediteOrEnqueueJob as expediteOrInsertJob,
  requestJobRun as requestRunOfJob,
} from "../models/job.server";
import type { JobPayload, JobRequest, JobType } from "./job-types";
import { signalJobsQueued } from "./queue/jobs-queued-signal.server";

/** Queues one job (a no-op returning the existing row's id when its idempotency key is already queued or done). */
export async function enqueue<T extends JobType>(job: JobRequest<T>, db: Db = prisma): Promise<{ id: string; created: boolean }> {
  const result = await insertJob(db, job);
  if (result.created) signalIfCommitted(db);
  return result;
}

/** Queues many jobs in as few statements as the database allows; rows whose key exists are skipped. */
export async function enqueueMany(jobs: readonly JobRequest[], db: Db = prisma): Promise<{ id: string }[]> {
  const created = await insertJobs(db, jobs);
  if (created.length) signalIfCommitted(db);
  return created;
}

/** Makes a queued job with this key due now, or queues it (e.g. a fallback poll when its webhook arrives). */
export async function expediteOrEnqueue<T extends JobType>(
  job: Omit<JobRequest<T>, "runAt"> & { idempotencyKey: string },
  now: Date,
  db: Db = prisma,
): Promise<void> {
  await expediteOrInsertJob(db, job, now);
  signalIfCommitted(db);
}

/** Asks for a run of an idempotent "make it so" job; identical queued requests coalesce (see requestJobRun). */
export async function requestRun<T extends JobType>(job: { shop: string; type: T; payload: JobPayload<T>; runAt: Date }, db: Db = prisma): Promise<void> {
  await requestRunOfJob(db, job);
  signalIfCommitted(db);
}

/**
 * Runs `work` in one transaction and, once it has committed, wakes this process's idle worker for the jobs it
 * queued (a webhook's job runs at once, not at the next poll). A job queued inside a transaction cannot do that
 * itself: a worker woken before the commit would look, find nothing, and go back to sleep.
 */
export async function transactionQueuingJobs<T>(
  work: (tx: Prisma.TransactionClient) => Promise<T>,
  options: { maxWait?: number } = {},
  db: DatabaseClient = prisma,
): Promise<T> {
  const result = await db.$transaction(work, options);
  signalJobsQueued();
  return result;
}

/** The client's own statements have committed when they return; a transaction's only when it ends. */
function signalIfCommitted(db: Db): void {
  if (typeof (db as Partial<DatabaseClient>).$transaction === "function") signalJobsQueued();
}
