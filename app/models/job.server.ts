import { Prisma, type PrismaClient } from "@prisma/client";
import prisma from "../db.server";

// The durable job table doubles as the transactional outbox: callers enqueue inside the same transaction
// as the state change that caused the job, so a crash can never keep one without the other.
export type Db = PrismaClient | Prisma.TransactionClient;

export type NewJob = {
  shop: string;
  type: string;
  payload?: unknown;
  idempotencyKey?: string; // one job per (shop, key): re-enqueueing the same key is a no-op
  runAt?: Date;
  maxAttempts?: number;
};

export type ClaimedJob = {
  id: string;
  shop: string;
  type: string;
  payload: unknown;
  attempts: number; // including the current one
  maxAttempts: number;
};

export async function enqueueJob(db: Db, job: NewJob): Promise<{ id: string; created: boolean }> {
  if (job.idempotencyKey) {
    const existing = await db.job.findUnique({
      where: { shop_idempotencyKey: { shop: job.shop, idempotencyKey: job.idempotencyKey } },
      select: { id: true },
    });
    if (existing) return { id: existing.id, created: false };
  }
  const created = await db.job.create({
    data: {
      shop: job.shop,
      type: job.type,
      payload: JSON.stringify(job.payload ?? {}),
      idempotencyKey: job.idempotencyKey,
      runAt: job.runAt ?? new Date(),
      maxAttempts: job.maxAttempts ?? 8,
    },
    select: { id: true },
  });
  return { id: created.id, created: true };
}

/**
 * Job types that still run while their shop is parked: they need no Shopify token and must not wait (privacy
 * and uninstall obligations). Everything else of a parked shop — email sends included — waits for the unpark.
 */
export const JOB_TYPES_RUN_WHILE_PARKED: readonly string[] = [
  "webhook:APP_UNINSTALLED",
  "webhook:SHOP_REDACT",
  "webhook:CUSTOMERS_REDACT",
  "webhook:CUSTOMERS_DATA_REQUEST",
  "webhook:APP_SCOPES_UPDATE",
];

/**
 * Jobs of parked shops are skipped (see JOB_TYPES_RUN_WHILE_PARKED); they stay queued.
 * Claims up to `limit` due jobs for `workerId`. A job is due when queued and its runAt has passed, or when a
 * worker claimed it and its lease expired (that worker died). Claiming is an optimistic compare-and-set on
 * (status, attempts), so two workers — or two processes — never both win the same job.
 */
export async function claimDueJobs(input: { workerId: string; now: Date; limit: number; leaseMs: number }): Promise<ClaimedJob[]> {
  const { workerId, now, limit, leaseMs } = input;
  // Parked shops (revoked access, app/services/shop-parking.server.ts) are few: one small query, then one filter.
  const parkedShops = (await prisma.shop.findMany({ where: { parkedAt: { not: null } }, select: { shop: true } })).map((row) => row.shop);
  const candidates = await prisma.job.findMany({
    where: {
      OR: [
        { status: "queued", runAt: { lte: now } },
        { status: "running", lockedUntil: { lt: now } },
      ],
      ...(parkedShops.length
        ? { NOT: { shop: { in: parkedShops }, type: { notIn: [...JOB_TYPES_RUN_WHILE_PARKED] } } }
        : {}),
    },
    orderBy: { runAt: "asc" },
    take: limit,
    select: { id: true, status: true, attempts: true },
  });
  const claimed: ClaimedJob[] = [];
  for (const candidate of candidates) {
    const { count } = await prisma.job.updateMany({
      where: { id: candidate.id, status: candidate.status, attempts: candidate.attempts },
      data: {
        status: "running",
        lockedBy: workerId,
        lockedUntil: new Date(now.getTime() + leaseMs),
        attempts: { increment: 1 },
      },
    });
    if (count !== 1) continue; // another worker won it
    const row = await prisma.job.findUniqueOrThrow({ where: { id: candidate.id } });
    claimed.push({
      id: row.id,
      shop: row.shop,
      type: row.type,
      payload: JSON.parse(row.payload),
      attempts: row.attempts,
      maxAttempts: row.maxAttempts,
    });
  }
  return claimed;
}

export async function completeJob(id: string, workerId: string, now: Date): Promise<void> {
  await prisma.job.updateMany({
    where: { id, lockedBy: workerId, status: "running" },
    data: { status: "done", finishedAt: now, lockedBy: null, lockedUntil: null, lastError: null },
  });
}

/** Puts the job back in the queue for a later run without counting this run as a failed attempt. */
export async function rescheduleJob(id: string, workerId: string, runAt: Date): Promise<void> {
  await prisma.job.updateMany({
    where: { id, lockedBy: workerId, status: "running" },
    data: { status: "queued", runAt, lockedBy: null, lockedUntil: null, attempts: { decrement: 1 } },
  });
}

export async function failJob(
  id: string,
  workerId: string,
  input: { error: string; retryAt: Date | null; now: Date },
): Promise<void> {
  await prisma.job.updateMany({
    where: { id, lockedBy: workerId, status: "running" },
    data: input.retryAt
      ? { status: "queued", runAt: input.retryAt, lastError: input.error, lockedBy: null, lockedUntil: null }
      : { status: "dead", finishedAt: input.now, lastError: input.error, lockedBy: null, lockedUntil: null },
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
export async function expediteOrEnqueueJob(db: Db, job: NewJob & { idempotencyKey: string }, now: Date): Promise<void> {
  const { count } = await db.job.updateMany({
    where: { shop: job.shop, idempotencyKey: job.idempotencyKey, status: "queued" },
    data: { runAt: now },
  });
  if (count === 0) await enqueueJob(db, { ...job, runAt: now });
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
    if (queued.runAt > job.runAt) await db.job.update({ where: { id: queued.id }, data: { runAt: job.runAt } });
    return;
  }
  await db.job.create({ data: { shop: job.shop, type: job.type, payload, runAt: job.runAt } });
}
