// The pg-boss adapter of the job port (app/jobs/queue/job-queue.server.ts). pg-boss keeps its queue in the app's
// PostgreSQL database (schema `pgboss`, created by the committed migration *_pg_boss), so a wake-up message is
// inserted through the same Prisma transaction as the Job row it points at: both commit or neither does.
// Workers fetch messages with pg-boss (FOR UPDATE SKIP LOCKED); a message whose worker died stays `active` until
// pg-boss expires it (expireInSeconds = the job lease) and retries it, which brings the job to another worker.
import { createRequire } from "node:module";
import PgBoss from "pg-boss";
import type { Db } from "../../models/db";
import { systemClock } from "../../clock.server";
import { URGENT_JOB_TYPES } from "../job-types";

export const PG_BOSS_SCHEMA = "pgboss";
export const JOB_WAKEUP_QUEUE = "backorders-jobs";
// A message is only a wake-up: its own retries (after a worker died holding it) need no back-off of their own.
const WAKEUP_RETRY_LIMIT = 50;
const WAKEUP_RETRY_DELAY_SECONDS = 1;
// pg-boss fetches higher priorities first (then oldest first): the urgent lane's wake-ups jump the queue.
const URGENT_WAKEUP_PRIORITY = 1;
const wakeupPriority = (type: string) => ((URGENT_JOB_TYPES as readonly string[]).includes(type) ? URGENT_WAKEUP_PRIORITY : 0);

export type JobWakeup = { jobId: string; type: string; runAt: Date };
type WakeupMessage = { jobId: string };

/** pg-boss's `db` option over a Prisma client or transaction: its SQL runs on that connection. */
export function prismaExecutor(db: Db) {
  return {
    async executeSql(text: string, values: unknown[] = []) {
      const rows = await db.$queryRawUnsafe<Record<string, unknown>[]>(text, ...values);
      return { rows };
    },
  };
}

/** pg's connection string without Prisma-only parameters (schema, connection_limit, …). */
export function pgConnectionString(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  for (const key of [...url.searchParams.keys()]) {
    if (!["sslmode", "sslcert", "sslkey", "sslrootcert", "application_name"].includes(key)) url.searchParams.delete(key);
  }
  return url.toString();
}

let sender: PgBoss | undefined;
// Sending through a caller's connection needs no pool of its own: the instance is never started.
function messageSender(): PgBoss {
  sender ??= new PgBoss({ connectionString: "postgres://unused", schema: PG_BOSS_SCHEMA });
  return sender;
}

/**
 * pg-boss compares an absolute startAfter with the database server's clock, which differs from this host's by the
 * skew between them (days, under faketime): a wake-up for "now" could sleep that long. A delay in seconds is
 * anchored to the server's now() instead, so a due job wakes at once whatever the skew. The delay is measured on
 * this host's wall clock on purpose: it is the same clock the workers that claim the job read.
 */
function secondsUntil(runAt: Date): string {
  return String(Math.max(0, (runAt.getTime() - systemClock().getTime()) / 1000));
}

/** Sends one wake-up per job, through `db` (inside the caller's transaction when `db` is one). */
export async function sendJobWakeups(db: Db, wakeups: readonly JobWakeup[], leaseMs: number): Promise<void> {
  if (wakeups.length === 0) return;
  const expireInSeconds = Math.max(1, Math.ceil(leaseMs / 1000));
  await messageSender().insert(
    wakeups.map((wakeup) => ({
      name: JOB_WAKEUP_QUEUE,
      data: { jobId: wakeup.jobId } satisfies WakeupMessage,
      startAfter: secondsUntil(wakeup.runAt),
      priority: wakeupPriority(wakeup.type),
      expireInSeconds,
      retryLimit: WAKEUP_RETRY_LIMIT,
      retryDelay: WAKEUP_RETRY_DELAY_SECONDS,
    })),
    { db: prismaExecutor(db) },
  );
}

/**
 * Queued jobs due for a while, and claimed jobs whose lease ran out, that have no pending message: a shop that was
 * parked and is back, or a message lost with a restored backup. Workers sweep for them now and then; normally none.
 */
export async function findJobsWithoutWakeup(db: Db, input: { now: Date; graceMs: number; limit: number }): Promise<JobWakeup[]> {
  const before = new Date(input.now.getTime() - input.graceMs);
  const rows = await db.$queryRawUnsafe<{ id: string; type: string }[]>(
    `SELECT j."id", j."type" FROM "Job" j
      WHERE ((j."status" = 'queued' AND j."runAt" <= $1) OR (j."status" = 'running' AND j."lockedUntil" <= $1))
        AND NOT EXISTS (
          SELECT 1 FROM ${PG_BOSS_SCHEMA}.job m
           WHERE m.name = $2 AND m.state < 'completed' AND m.data->>'jobId' = j."id")
      ORDER BY j."runAt" LIMIT $3`,
    before,
    JOB_WAKEUP_QUEUE,
    input.limit,
  );
  return rows.map((row) => ({ jobId: row.id, type: row.type, runAt: input.now }));
}

export type PgBossConsumer = {
  /** Takes up to `batchSize` due messages; they stay held until completed or, if this process dies, expired. */
  fetch(batchSize: number): Promise<{ messageId: string; jobId: string }[]>;
  complete(messageIds: string[]): Promise<void>;
  stop(): Promise<void>;
};

/** A started pg-boss instance with its own small pool, for a worker. Its errors are logged, never thrown. */
export async function startPgBossConsumer(input: {
  databaseUrl: string;
  leaseMs: number;
  log?: (message: string) => void;
}): Promise<PgBossConsumer> {
  const boss = new PgBoss({
    connectionString: pgConnectionString(input.databaseUrl),
    schema: PG_BOSS_SCHEMA,
    max: 3,
    // The schema comes from the committed migration; pg-boss only checks it is the version it expects.
    migrate: false,
    schedule: false,
    // Expiry of dead workers' messages runs in the maintenance pass: at least every lease, at most every 2 minutes.
    maintenanceIntervalSeconds: Math.min(120, Math.max(1, Math.floor(input.leaseMs / 2000))),
  });
  // A dropped database connection surfaces here; pg-boss and the pool reconnect by themselves.
  boss.on("error", (error) => input.log?.(`[jobs] pg-boss: ${error instanceof Error ? error.message : String(error)}`));
  await boss.start();
  return {
    async fetch(batchSize) {
      // pg-boss picks the batch by priority, then age, but hands it back in no particular order: sort it again.
      const messages = await boss.fetch<WakeupMessage>(JOB_WAKEUP_QUEUE, { batchSize, priority: true, includeMetadata: true });
      return [...(messages ?? [])]
        .sort((a, b) => b.priority - a.priority || a.createdOn.getTime() - b.createdOn.getTime() || a.id.localeCompare(b.id))
        .map((message) => ({ messageId: message.id, jobId: message.data.jobId }));
    },
    async complete(messageIds) {
      if (messageIds.length) await boss.complete(JOB_WAKEUP_QUEUE, messageIds);
    },
    async stop() {
      await boss.stop({ graceful: false, wait: true });
    },
  };
}

/** The SQL that creates pg-boss's schema and our queue: the body of the committed *_pg_boss migration. */
export function pgBossMigrationSql(): string {
  const queueOptions = JSON.stringify({ policy: "standard", retryLimit: WAKEUP_RETRY_LIMIT, retryDelay: WAKEUP_RETRY_DELAY_SECONDS });
  return [
    `-- pg-boss ${pgBossVersion()} schema (PgBoss.getConstructionPlans) and the app's job wake-up queue.`,
    "-- Written from pgBossMigrationSql() (app/jobs/queue/pg-boss.server.ts); test/postgres-job-queue.test.ts fails if the",
    "-- installed pg-boss would build anything else. Upgrading pg-boss means a new migration from PgBoss.getMigrationPlans.",
    PgBoss.getConstructionPlans(PG_BOSS_SCHEMA).trim(),
    "",
    `SELECT ${PG_BOSS_SCHEMA}.create_queue('${JOB_WAKEUP_QUEUE}', '${queueOptions}'::json);`,
    "",
  ].join("\n");
}

function pgBossVersion(): string {
  return (createRequire(import.meta.url)("pg-boss/package.json") as { version: string }).version;
}
