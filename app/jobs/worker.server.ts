import { randomUUID } from "node:crypto";
import { decideRetry } from "../domain/retry-policy";
import { claimDueJobs, completeJob, failJob, rescheduleJob, type ClaimedJob } from "../models/job.server";
import { parkShopIfAccessRevoked } from "../services/shop-parking.server";

export type JobOutcome = void | { rescheduleAt: Date };
export type JobHandler = (job: ClaimedJob, now: Date) => Promise<JobOutcome>;
export type JobHandlers = Record<string, JobHandler>;

/** Thrown by a handler when retrying cannot help (e.g. the SMTP server refused the address for good): dead at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}

// Longer than any single job; a crashed worker's job is retried after it. JOB_LEASE_MS shortens it (crash tests).
const LEASE_MS = Number(process.env.JOB_LEASE_MS) > 0 ? Number(process.env.JOB_LEASE_MS) : 5 * 60_000;

/** Claims and runs one batch of due jobs. Returns how many ran. */
export async function runDueJobs(input: {
  handlers: JobHandlers;
  workerId: string;
  now?: () => Date;
  limit?: number;
  log?: (message: string) => void;
}): Promise<number> {
  const now = input.now ?? (() => new Date());
  const jobs = await claimDueJobs({ workerId: input.workerId, now: now(), limit: input.limit ?? 10, leaseMs: LEASE_MS });
  for (const job of jobs) {
    const handler: JobHandler | undefined = input.handlers[job.type];
    const retryable = handler !== undefined; // an unknown job type would fail the same way on every retry
    try {
      if (!handler) throw new Error(`No handler for job type "${job.type}"`);
      const outcome = await handler(job, now());
      if (outcome && "rescheduleAt" in outcome) await rescheduleJob(job.id, input.workerId, outcome.rescheduleAt);
      else await completeJob(job.id, input.workerId, now());
    } catch (error) {
      // Revoked access (401 after refresh): park the shop and requeue without spending an attempt.
      if (await parkShopIfAccessRevoked(job.shop, error, now())) {
        await rescheduleJob(job.id, input.workerId, now());
        continue;
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
  return jobs.length;
}

export type RunningWorker = { stop(): Promise<void>; workerId: string };

/** Polls for due jobs until stopped. Drains back-to-back while there is work, idles `idleMs` otherwise. */
export function startJobWorker(input: { handlers: JobHandlers; idleMs?: number; log?: (message: string) => void }): RunningWorker {
  const workerId = `${process.pid}-${randomUUID().slice(0, 8)}`;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> = Promise.resolve();

  const tick = () => {
    current = (async () => {
      let ran = 0;
      try {
        ran = await runDueJobs({ handlers: input.handlers, workerId, log: input.log });
      } catch (error) {
        input.log?.(`[jobs] worker loop error: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (!stopped) timer = setTimeout(tick, ran > 0 ? 0 : (input.idleMs ?? 500));
    })();
  };
  tick();

  return {
    workerId,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}
