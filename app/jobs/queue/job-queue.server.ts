// The job port: how a job recorded in the `Job` table reaches a worker. Two adapters:
//  - "table" (default on SQLite): workers poll the Job table for due rows and claim them with a compare-and-set.
//  - "pg-boss" (default on PostgreSQL): every write that makes a Job row due at some time also sends a pg-boss
//    message "look at job X at time T" in the same transaction (app/jobs/queue/pg-boss.server.ts); workers fetch
//    those messages (SKIP LOCKED), and pg-boss brings back the messages of a worker that died (expiry + retry).
// In both, the Job row stays the record of the job (idempotency key, payload/progress, status, attempts) and the
// claim on it is the same compare-and-set, so a stray or repeated message can never run a job twice.
import { databaseProvider } from "../../db.server";

export type JobQueueKind = "table" | "pg-boss";
type JobEnv = Record<string, string | undefined>;

/** JOB_QUEUE=table|pg-boss; unset: pg-boss on PostgreSQL, the table on SQLite (pg-boss needs PostgreSQL). */
export function jobQueueKind(env: JobEnv = process.env): JobQueueKind {
  const configured = env.JOB_QUEUE?.trim();
  const provider = databaseProvider(env.DATABASE_URL ?? "file:./prisma/dev.sqlite");
  if (!configured) return provider === "postgresql" ? "pg-boss" : "table";
  if (configured !== "table" && configured !== "pg-boss") {
    throw new Error(`JOB_QUEUE must be "table" or "pg-boss"; got "${configured}".`);
  }
  if (configured === "pg-boss" && provider !== "postgresql") {
    throw new Error("JOB_QUEUE=pg-boss needs a PostgreSQL DATABASE_URL (postgresql://…); on SQLite use JOB_QUEUE=table.");
  }
  return configured;
}

/** How long a claimed job is held before another worker may take it over (JOB_LEASE_MS, default 5 minutes). */
export function jobLeaseMs(env: JobEnv = process.env): number {
  const lease = Number(env.JOB_LEASE_MS);
  return lease > 0 ? lease : 5 * 60_000;
}
