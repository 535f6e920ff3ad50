import type { Db } from "./db";
import { Prisma, type PrismaClient } from "@prisma/client";
import prisma, { databaseProvider } from "../db.server";
import { jobLeaseMs, jobQueueKind } from "../jobs/queue/job-queue.server";
import { sendJobWakeups, type JobWakeup } from "../jobs/queue/pg-boss.server";
import { JOB_TYPES_RUN_WHILE_PARKED, URGENT_JOB_TYPES } from "../jobs/job-types";

// The durable job table doubles as the transactional outbox: callers enqueue inside the same transaction
// as the state change that caused the job, so a crash can never keep one without the other. These functions are
// the queue's machinery and take any type string; app code queues through app/jobs/enqueue.server.ts, typed by
// the catalogue (app/jobs/job-types.ts).
export type { Db };

export type NewJob = {
  shop: string;
  type: string;
  payload?: unknown;
  idempotencyKey?: string; // one job per (shop, key): re-enqueueing the same key is a no-op
  runAt: Date; // required: "due now" is the caller's now, never this process's wall clock
  maxAttempts?: number;
};

/** What a job's payload becomes when customers/redact scrubs it: no personal data, a reason a person understands. */
export const REDACTED_JOB_PAYLOAD = JSON.stringify({ redacted: "customers/redact" });

/** A scrubbed job has nothing left to run on (app/services/compliance.server.ts). */
export function isRedactedJobPayload(payload: unknown): boolean {
  return typeof payload === "object" && payload !== null && (payload as { redacted?: unknown }).redacted === "customers/redact";
}

export type ClaimedJob = {
  id: string;
  shop: string;
  type: string;
  payload: unknown;
  attempts: number; // including the current one
  maxAttempts: number;
};

export async function enqueueJob(db: Db, job: NewJob): Promise<{ id: string; created: boolean }> {
  const data = {
    shop: job.shop,
    type: job.type,
    payload: JSON.stringify(job.payload ?? {}),
    idempotencyKey: job.idempotencyKey,
    runAt: job.runAt,
    maxAttempts: job.maxAttempts ?? 8,
  };
  const findExisting = () =>
    db.job.findUnique({ where: { shop_idempotencyKey: { shop: job.shop, idempotencyKey: job.idempotencyKey! } }, select: { id: true } });
  if (job.idempotencyKey && databaseProvider() === "postgresql") {
    // Two instances may enqueue the same key at once; under READ COMMITTED both would pass a check-then-create,
    // and the loser's unique violation would abort its whole transaction. ON CONFLICT DO NOTHING instead.
    // The app's client type is SQLite's, which lacks skipDuplicates; the PostgreSQL client has it.
    const args = { data: [data], skipDuplicates: true, select: { id: true } } as unknown as Prisma.JobCreateManyAndReturnArgs;
    const [created] = (await db.job.createManyAndReturn(args)) as { id: string }[];
    if (!created) return { id: (await findExisting())!.id, created: false };
    await wakeJobs(db, [{ jobId: created.id, type: data.type, runAt: data.runAt }]);
    return { id: created.id, created: true };
  }
  if (job.idempotencyKey) {
    // SQLite has one writer at a time, so the check and the create cannot interleave with another enqueue.
    const existing = await findExisting();
    if (existing) return { id: existing.id, created: false };
  }
  const created = await db.job.create({ data, select: { id: true } });
  await wakeJobs(db, [{ jobId: created.id, type: data.type, runAt: data.runAt }]);
  return { id: created.id, created: true };
}

/**
 * Enqueues many jobs in two statements (rows, then wake-ups): for fan-outs inside one short transaction. Keys must be
 * new (e.g. derived from rows created in the same transaction); a key that exists is skipped on PostgreSQL and
 * fails the transaction on SQLite, as a unique violation should.
 */
export async function enqueueJobs(db: Db, jobs: readonly NewJob[]): Promise<{ id: string }[]> {
  if (jobs.length === 0) return [];
  const data = jobs.map((job) => ({
    shop: job.shop,
    type: job.type,
    payload: JSON.stringify(job.payload ?? {}),
    idempotencyKey: job.idempotencyKey,
    runAt: job.runAt,
    maxAttempts: job.maxAttempts ?? 8,
  }));
  const args = { data, select: { id: true, type: true, runAt: true }, ...(databaseProvider() === "postgresql" ? { skipDuplicates: true } : {}) };
  const created = (await db.job.createManyAndReturn(args as Prisma.JobCreateManyAndReturnArgs)) as { id: string; type: string; runAt: Date }[];
  await wakeJobs(db, created.map((row) => ({ jobId: row.id, type: row.type, runAt: row.runAt })));
  return created.map((row) => ({ id: row.id }));
}

/**
 * Tells the job queue that these jobs are due at their time. The table adapter needs nothing (workers poll the
 * table); the pg-boss adapter sends a wake-up message through `db`, so it commits with the row change (urgent types'
 * messages are fetched first: see URGENT_JOB_TYPES).
 */
export async function wakeJobs(db: Db, wakeups: readonly JobWakeup[]): Promise<void> {
  if (jobQueueKind() === "pg-boss") await sendJobWakeups(db, wakeups, jobLeaseMs());
}


/**
 * Claims up to `limit` due jobs for `workerId`: the due jobs of URGENT_JOB_TYPES first (they refresh the figure the
 * checkout validation reads), then the others, each lane oldest runAt first. A job is due when queued and its runAt
 * has passed, or when a worker claimed it and its lease expired (that worker died). Jobs of parked shops are skipped
 * (see JOB_TYPES_RUN_WHILE_PARKED); they stay queued. Claiming is an optimistic compare-and-set on
 * (status, attempts), so two workers — or two processes — never both win the same job.
 */
export async function claimDueJobs(input: { workerId: string; now: Date; limit: number; leaseMs: number }): Promise<ClaimedJob[]> {
  const { workerId, now, limit, leaseMs } = input;
  // Parked shops (revoked access, app/services/shop-parking.server.ts) are few: one small query, then one filter.
  const parkedShops = (await prisma.shop.findMany({ where: { parkedAt: { not: null } }, select: { shop: true } })).map((row) => row.shop);
  const due: Prisma.JobWhereInput = {
    OR: [
      { status: "queued", runAt: { lte: now } },
      { status: "running", lockedUntil: { lt: now } },
    ],
    ...(parkedShops.length
      ? { NOT: { shop: { in: parkedShops }, type: { notIn: [...JOB_TYPES_RUN_WHILE_PARKED] } } }
      : {}),
  };
  const urgentTypes = [...URGENT_JOB_TYPES];
  const dueInLane = (type: Prisma.StringFilter, take: number) =>
    prisma.job.findMany({
      where: { AND: [due, { type }] },
      // createdAt breaks ties of one millisecond: jobs queued in one request keep their order.
      orderBy: [{ runAt: "asc" }, { createdAt: "asc" }],
      take,
      select: { id: true, status: true, attempts: true },
    });
  const urgent = await dueInLane({ in: urgentTypes }, limit);
  const others = urgent.length < limit ? await dueInLane({ notIn: urgentTypes }, limit - urgent.length) : [];
  const claimed: ClaimedJob[] = [];
  for (const candidate of [...urgent, ...others]) {
    const job = await claimCandidate(candidate, { workerId, now, leaseMs });
    if (job) claimed.push(job);
  }
  return claimed;
}

export type ClaimByIdResult =
  | { kind: "claimed"; job: ClaimedJob }
  | { kind: "later"; at: Date; type: string } // not due yet, or another worker's lease still runs: look again then
  | { kind: "skipped" }; // done, dead, gone, parked, or another worker won it

/**
 * Claims one job by id when it is due (a pg-boss wake-up points at it; PostgreSQL only): the same compare-and-set
 * as claimDueJobs, in one statement, so repeated or stale wake-ups for one job never run it twice.
 */
export async function claimJobById(id: string, input: { workerId: string; now: Date; leaseMs: number }): Promise<ClaimByIdResult> {
  const { workerId, now, leaseMs } = input;
  // A parked shop's job stays queued (see JOB_TYPES_RUN_WHILE_PARKED); the workers' sweep (findJobsWithoutWakeup)
  // wakes it after the unpark. The type list is our own constant, so it is inlined rather than bound.
  const runWhileParked = JOB_TYPES_RUN_WHILE_PARKED.map((type) => `'${type.replace(/'/g, "''")}'`).join(", ");
  const [claimed] = await prisma.$queryRawUnsafe<Array<Omit<ClaimedJob, "payload"> & { payload: string }>>(
    `UPDATE "Job" AS j
        SET "status" = 'running', "lockedBy" = $2, "lockedUntil" = $3, "attempts" = j."attempts" + 1
      WHERE j."id" = $1
        AND ((j."status" = 'queued' AND j."runAt" <= $4) OR (j."status" = 'running' AND j."lockedUntil" < $4))
        AND (j."type" IN (${runWhileParked})
             OR NOT EXISTS (SELECT 1 FROM "Shop" s WHERE s."shop" = j."shop" AND s."parkedAt" IS NOT NULL))
      RETURNING j."id", j."shop", j."type", j."payload", j."attempts", j."maxAttempts"`,
    id,
    workerId,
    new Date(now.getTime() + leaseMs),
    now,
  );
  if (claimed) return { kind: "claimed", job: { ...claimed, payload: JSON.parse(claimed.payload) } };
  // Not claimable: say when to look again if it is merely early (or another worker's lease still runs).
  const row = await prisma.job.findUnique({ where: { id }, select: { status: true, type: true, runAt: true, lockedUntil: true } });
  if (row?.status === "queued" && row.runAt > now) return { kind: "later", at: row.runAt, type: row.type };
  if (row?.status === "running" && row.lockedUntil && row.lockedUntil >= now) {
    return { kind: "later", at: new Date(row.lockedUntil.getTime() + 1), type: row.type };
  }
  return { kind: "skipped" };
}

async function claimCandidate(
  candidate: { id: string; status: string; attempts: number },
  input: { workerId: string; now: Date; leaseMs: number },
): Promise<ClaimedJob | null> {
  const { count } = await prisma.job.updateMany({
    where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
    data: {
      status: "running",
      lockedBy: input.workerId,
      lockedUntil: new Date(input.now.getTime() + input.leaseMs),
      attempts: { increment: 1 },
    },
  });
  if (count !== 1) return null; // another worker won it
  const row = await prisma.job.findUniqueOrThrow({ where: { id: candidate.id } });
  return { id: row.id, shop: row.shop, type: row.type, payload: JSON.parse(row.payload), attempts: row.attempts, maxAttempts: row.maxAttempts };
}

export async function completeJob(id: string, workerId: string, now: Date): Promise<void> {
  await prisma.job.updateMany({
    where: { id, lockedBy: workerId, status: "running" },
    data: { status: "done", finishedAt: now, lockedBy: null, lockedUntil: null, lastError: null },
  });
}

/** Puts the job back in the queue for a later run without counting this run as a failed attempt. */
export async function rescheduleJob(id: string, workerId: string, runAt: Date): Promise<void> {
  await requeueClaimedJob(id, workerId, runAt, { attempts: { decrement: 1 } });
}

/** Releases this worker's claim and queues the job again for `runAt`, waking it then (one transaction). */
async function requeueClaimedJob(id: string, workerId: string, runAt: Date, data: Prisma.JobUpdateManyMutationInput): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const [requeued] = await tx.job.updateManyAndReturn({
      where: { id, lockedBy: workerId, status: "running" },
      data: { ...data, status: "queued", runAt, lockedBy: null, lockedUntil: null },
      select: { type: true },
    });
    if (requeued) await wakeJobs(tx, [{ jobId: id, type: requeued.type, runAt }]);
  });
}

export async function failJob(
  id: string,
  workerId: string,
  input: { error: string; retryAt: Date | null; now: Date },
): Promise<void> {
  if (input.retryAt) {
    await requeueClaimedJob(id, workerId, input.retryAt, { lastError: input.error });
    return;
  }
  await prisma.job.updateMany({
    where: { id, lockedBy: workerId, status: "running" },
    data: { status: "dead", finishedAt: input.now, lastError: input.error, lockedBy: null, lockedUntil: null },
  });
}

export async function countJobsByStatus(shop: string): Promise<Record<string, number>> {
  const rows = await prisma.job.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } });
  return Object.fromEntries(rows.map((row) => [row.status, row._count._all]));
}

export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";
}

/** Makes a queued job due now (e.g. a fallback poll when the webhook it was waiting for arrives). */
export async function expediteOrEnqueueJob(db: Db, job: Omit<NewJob, "runAt"> & { idempotencyKey: string }, now: Date): Promise<void> {
  const queued = await db.job.findMany({ where: { shop: job.shop, idempotencyKey: job.idempotencyKey, status: "queued" }, select: { id: true, type: true } });
  if (queued.length === 0) {
    await enqueueJob(db, { ...job, runAt: now });
    return;
  }
  await db.job.updateMany({ where: { id: { in: queued.map((row) => row.id) }, status: "queued" }, data: { runAt: now } });
  await wakeJobs(db, queued.map((row) => ({ jobId: row.id, type: row.type, runAt: now })));
}

/**
 * Asks for a run of an idempotent "make it so" job (e.g. sync one order's tags and holds). Requests coalesce: if an
 * identical job (same shop, type and payload) is still queued it is made due by `runAt`; otherwise a new one is
 * queued — also when one is running now, because it may have read the state before this change.
 */
export async function requestJobRun(db: Db, job: { shop: string; type: string; payload: unknown; runAt: Date }): Promise<void> {
  const payload = JSON.stringify(job.payload ?? {});
  const queued = await db.job.findFirst({
    where: { shop: job.shop, type: job.type, payload, status: "queued" },
    select: { id: true, runAt: true },
  });
  if (queued) {
    if (queued.runAt > job.runAt) {
      await db.job.update({ where: { id: queued.id }, data: { runAt: job.runAt } });
      await wakeJobs(db, [{ jobId: queued.id, type: job.type, runAt: job.runAt }]);
    }
    return;
  }
  // Two instances may both find none and queue one each: the job is idempotent, so that costs one extra run.
  const created = await db.job.create({ data: { shop: job.shop, type: job.type, payload, runAt: job.runAt }, select: { id: true } });
  await wakeJobs(db, [{ jobId: created.id, type: job.type, runAt: job.runAt }]);
}

// A job row read back by its caller: a background change's progress lives in its Job row's payload (the UI polls
// it), and repeated requests coalesce with a job still queued. Payloads come back parsed JSON, unchecked: callers
// read them with checkJobPayload (app/jobs/job-types.ts).

/** Reads a job of the given type for this shop (null when unknown or another shop's). */
export async function findJobForShop(
  shop: string,
  jobId: string,
  type: string,
): Promise<{ id: string; status: string; payload: unknown; lastError: string | null; createdAt: Date; finishedAt: Date | null } | null> {
  const row = await prisma.job.findFirst({
    where: { id: jobId, shop, type },
    select: { id: true, status: true, payload: true, lastError: true, createdAt: true, finishedAt: true },
  });
  if (!row) return null;
  let payload: unknown = {};
  try {
    payload = JSON.parse(row.payload);
  } catch {
    payload = {};
  }
  return { ...row, payload };
}

/**
 * Saves a job's payload (a running job's progress, so the UI can poll it). With `onlyIfQueued`, only while no
 * worker has claimed it yet; returns whether it was saved.
 */
export async function saveJobPayload(shop: string, jobId: string, payload: unknown, options: { onlyIfQueued?: boolean } = {}): Promise<boolean> {
  const { count } = await prisma.job.updateMany({
    where: { id: jobId, shop, ...(options.onlyIfQueued ? { status: "queued" } : {}) },
    data: { payload: JSON.stringify(payload) },
  });
  return count > 0;
}

/** The queued (not yet started) job of a type for a shop, if any: lets callers coalesce repeated requests. */
export async function findQueuedJob(shop: string, type: string): Promise<{ id: string; payload: unknown } | null> {
  const row = await prisma.job.findFirst({ where: { shop, type, status: "queued" }, select: { id: true, payload: true }, orderBy: { runAt: "asc" } });
  if (!row) return null;
  try {
    return { id: row.id, payload: JSON.parse(row.payload) };
  } catch {
    return { id: row.id, payload: {} };
  }
}
