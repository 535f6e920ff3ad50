import { randomUUID } from "node:crypto";
import { systemClock, type Clock } from "../clock.server";
import prisma, { databaseUrl } from "../db.server";
import { PermanentJobError, decideRetry } from "../domain/retry-policy";
import { claimDueJobs, claimJobById, completeJob, failJob, isRedactedJobPayload, rescheduleJob, wakeJobs, type ClaimedJob } from "../models/job.server";
import { pruneFinishedRecords } from "../models/retention.server";
import { parkShopIfAccessRevoked } from "../services/shop-parking.server";
import { jobLeaseMs, jobQueueKind } from "./queue/job-queue.server";
import { onJobsQueued } from "./queue/jobs-queued-signal.server";
import { findJobsWithoutWakeup, startPgBossConsumer } from "./queue/pg-boss.server";

import type { JobHandler, JobHandlers } from "./define-job-handlers";

export type { JobHandler, JobHandlers, JobOutcome } from "./define-job-handlers";

// Handlers throw it when retrying cannot help; it lives with the retry policy so services need not import the worker.
export { PermanentJobError };

// Longer than any single job; a crashed worker's job is retried after it. JOB_LEASE_MS shortens it (crash tests).
const LEASE_MS = jobLeaseMs();

/**
 * Claims and runs one batch of due jobs straight from the Job table. The table adapter's worker loop; tests and
 * tools drain the queue with it in either mode (the claim is the same compare-and-set the pg-boss worker uses).
 */
export async function runDueJobs(input: {
  handlers: JobHandlers;
  workerId: string;
  now?: () => Date;
  limit?: number;
  log?: (message: string) => void;
}): Promise<number> {
  const now = input.now ?? systemClock;
  const jobs = await claimDueJobs({ workerId: input.workerId, now: now(), limit: input.limit ?? 10, leaseMs: LEASE_MS });
  for (const job of jobs) await runClaimedJob(job, { ...input, now });
  return jobs.length;
}

/** Runs one claimed job and records the outcome: done, rescheduled, retried later, or dead. */
async function runClaimedJob(
  job: ClaimedJob,
  input: { handlers: JobHandlers; workerId: string; now: () => Date; log?: (message: string) => void },
): Promise<void> {
  const { now } = input;
  const handler: JobHandler | undefined = input.handlers[job.type];
  const retryable = handler !== undefined; // an unknown job type would fail the same way on every retry
  if (isRedactedJobPayload(job.payload)) {
    // Its customer was redacted while it waited; running it would write them back (or fail on the marker).
    input.log?.(`[jobs] ${job.type} ${job.id} skipped: its payload was redacted (customers/redact)`);
    await completeJob(job.id, input.workerId, now());
    return;
  }
  try {
    if (!handler) throw new Error(`No handler for job type "${job.type}"`);
    const outcome = await handler(job, now());
    if (outcome && "rescheduleAt" in outcome) await rescheduleJob(job.id, input.workerId, outcome.rescheduleAt);
    else await completeJob(job.id, input.workerId, now());
  } catch (error) {
    // Revoked access (401 after refresh): park the shop and requeue without spending an attempt.
    if (await parkShopIfAccessRevoked(job.shop, error, now())) {
      await rescheduleJob(job.id, input.workerId, now());
      return;
    }
    const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    const decision = retryable && !(error instanceof PermanentJobError)
      ? decideRetry({ attemptsMade: job.attempts, maxAttempts: job.maxAttempts })
      : ({ kind: "give_up" } as const);
    const retryAt = decision.kind === "retry" ? new Date(now().getTime() + decision.delayMs) : null;
    input.log?.(`[jobs] ${job.type} ${job.id} failed (attempt ${job.attempts}/${job.maxAttempts}): ${message}`);
    await failJob(job.id, input.workerId, { error: message.slice(0, 2000), retryAt, now: now() });
  }
}

export type RunningWorker = { stop(): Promise<void>; workerId: string };

type WorkerInput = {
  handlers: JobHandlers;
  idleMs?: number;
  log?: (message: string) => void;
  /** How often this process prunes finished work (app/models/retention.server.ts); default hourly, first at start. */
  pruneEveryMs?: number;
  /** Every instant the worker reads: job due times, leases, prune and sweep intervals. */
  clock?: Clock;
};

const PRUNE_EVERY_MS = 60 * 60 * 1000;

/** Starts the job worker of the configured adapter (JOB_QUEUE; see app/jobs/queue/job-queue.server.ts). */
export function startJobWorker(input: WorkerInput): RunningWorker {
  return jobQueueKind() === "pg-boss" ? startPgBossJobWorker(input) : startTableJobWorker(input);
}

/**
 * Runs `step` back-to-back while it finds work and every `idleMs` otherwise, until stopped; jobs this process queues
 * (app/jobs/queue/jobs-queued-signal.server.ts) end the idle pause at once, and one queued while a step runs gets
 * another step right after it — never a second step beside it. A throwing step (the database is unreachable) is
 * logged and retried after the idle pause.
 */
function loopUntilStopped(step: () => Promise<number>, input: WorkerInput, onStop: () => Promise<void> = async () => {}): RunningWorker {
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let stopped = false;
  let stepping = false;
  let queuedWhileStepping = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();
  let lastPrune = -Infinity;
  const clock = input.clock ?? systemClock;
  const next = (delayMs: number) => {
    clearTimeout(timer);
    timer = setTimeout(tick, delayMs);
  };
  const tick = () => {
    stepping = true;
    queuedWhileStepping = false;
    current = (async () => {
      let ran = 0;
      let failed = false;
      try {
        const now = clock();
        if (now.getTime() - lastPrune >= (input.pruneEveryMs ?? PRUNE_EVERY_MS)) {
          lastPrune = now.getTime();
          const pruned = await pruneFinishedRecords({ now });
          if (pruned.jobs || pruned.webhookReceipts) input.log?.(`[jobs] pruned ${pruned.jobs} finished jobs and ${pruned.webhookReceipts} webhook receipts past retention`);
        }
        ran = await step();
      } catch (error) {
        failed = true;
        input.log?.(`[jobs] worker loop error: ${error instanceof Error ? error.message : String(error)}`);
      }
      stepping = false;
      // The step may have looked before that job committed: look again now rather than after the pause.
      if (!stopped) next(ran > 0 || (queuedWhileStepping && !failed) ? 0 : (input.idleMs ?? 500));
    })();
  };
  const stopListening = onJobsQueued(() => {
    if (stopped) return;
    if (stepping) queuedWhileStepping = true;
    else if (timer) next(0); // idle: the pause ends now (no timer yet means the first step is about to run)
  });
  queueMicrotask(tick);
  return {
    workerId,
    async stop() {
      stopped = true;
      stopListening();
      clearTimeout(timer);
      await current;
      await onStop();
    },
  };
}

/** The table adapter: polls the Job table for due jobs. */
function startTableJobWorker(input: WorkerInput): RunningWorker {
  const worker = loopUntilStopped(() => runDueJobs({ handlers: input.handlers, workerId: worker.workerId, log: input.log, now: input.clock }), input);
  return worker;
}

const WAKEUP_BATCH_SIZE = 10;
// How often a worker looks for due jobs that have no wake-up message (see findJobsWithoutWakeup).
const SWEEP_EVERY_MS = 30_000;

/**
 * The pg-boss adapter: fetches wake-up messages, claims and runs the jobs they point at, then completes the
 * messages. A message whose job is not due yet (its time moved) is answered with a new one for that time.
 */
function startPgBossJobWorker(input: WorkerInput): RunningWorker {
  let consumer: Awaited<ReturnType<typeof startPgBossConsumer>> | undefined;
  let lastSweep = -Infinity;
  const clock = input.clock ?? systemClock;
  const step = async (): Promise<number> => {
    consumer ??= await startPgBossConsumer({ databaseUrl: databaseUrl(), leaseMs: LEASE_MS, log: input.log });
    const sweepAt = clock();
    if (sweepAt.getTime() - lastSweep >= SWEEP_EVERY_MS) {
      lastSweep = sweepAt.getTime();
      const orphans = await findJobsWithoutWakeup(prisma, { now: sweepAt, graceMs: SWEEP_EVERY_MS, limit: 500 });
      await wakeJobs(prisma, orphans);
    }
    const messages = await consumer.fetch(WAKEUP_BATCH_SIZE);
    const fetchedAt = clock().getTime();
    const handled: string[] = [];
    for (const message of messages) {
      const claim = await claimJobById(message.jobId, { workerId: worker.workerId, now: clock(), leaseMs: LEASE_MS });
      if (claim.kind === "later") await wakeJobs(prisma, [{ jobId: message.jobId, type: claim.type, runAt: claim.at }]);
      if (claim.kind === "claimed") await runClaimedJob(claim.job, { ...input, workerId: worker.workerId, now: clock });
      handled.push(message.messageId);
      // Held messages expire after the lease; a slow batch completes what it handled before pg-boss hands it out again.
      if (clock().getTime() - fetchedAt > LEASE_MS / 2) await consumer.complete(handled.splice(0));
    }
    // A message left uncompleted (this process died, or the database went away above) expires and comes back.
    await consumer.complete(handled);
    return messages.length;
  };
  const worker = loopUntilStopped(step, input, async () => {
    await consumer?.stop();
  });
  return worker;
}
