// Restock events (RestockEvent rows): one per detected restock or manual send, with the progress of its batches.
// The fan-out's compare-and-set (app/services/restock-fanout.server.ts) is `updateOpenRestockEvent`. Shop-scoped.
import type { RestockEvent } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

export type { RestockEvent };

export type NewRestockEvent = {
  shop: string;
  variantId: string;
  unitsRestocked: number;
  availableAfter: number;
  detectedAt: Date;
  trigger: "auto" | "manual";
  triggeredBy?: string;
  sourceEvent?: string;
  status: "open";
  nextBatchAt?: Date;
};

export function createRestockEvent(data: NewRestockEvent, db: Db = prisma): Promise<RestockEvent> {
  return db.restockEvent.create({ data });
}

export function findRestockEvent(shop: string, id: string, db: Db = prisma): Promise<RestockEvent | null> {
  return db.restockEvent.findFirst({ where: { shop, id } });
}

/** The event a webhook already created for this variant, if any (a replayed delivery creates none). */
export async function findRestockEventIdForSource(shop: string, variantId: string, sourceEvent: string, db: Db = prisma): Promise<string | null> {
  const existing = await db.restockEvent.findFirst({ where: { shop, variantId, sourceEvent }, select: { id: true } });
  return existing?.id ?? null;
}

/** Which open event an update applies to: its notifiedCount (and batchCount) as the caller read them. */
export type OpenRestockEventMatch = { id: string; shop: string; notifiedCount: number; batchCount?: number };

export type RestockEventProgress = {
  status?: "open" | "done" | "cancelled";
  notifiedCount?: number;
  batchCount?: number;
  lastBatchAt?: Date;
  nextBatchAt?: Date | null;
};

/** Compare-and-set: updates the event only while it is open and still as matched. Returns 1, or 0 when it moved on. */
export async function updateOpenRestockEvent(match: OpenRestockEventMatch, data: RestockEventProgress, db: Db = prisma): Promise<number> {
  const { id, shop, notifiedCount, batchCount } = match;
  const where = batchCount === undefined ? { id, shop, status: "open", notifiedCount } : { id, shop, status: "open", batchCount, notifiedCount };
  const { count } = await db.restockEvent.updateMany({ where, data });
  return count;
}

/** Cancels the variant's open automatic events (nothing more of them is sent). */
export async function cancelOpenAutoRestockEvents(shop: string, variantId: string, db: Db = prisma): Promise<void> {
  await db.restockEvent.updateMany({ where: { shop, variantId, status: "open", trigger: "auto" }, data: { status: "cancelled", nextBatchAt: null } });
}

/** Open automatic events with no next batch due (stopped while alerts were paused). */
export function listStoppedAutoRestockEvents(
  shop: string,
  variantIds: readonly string[],
  db: Db = prisma,
): Promise<Array<{ id: string; batchCount: number; notifiedCount: number }>> {
  return db.restockEvent.findMany({
    where: { shop, variantId: { in: [...variantIds] }, status: "open", trigger: "auto", nextBatchAt: null },
    select: { id: true, batchCount: true, notifiedCount: true },
  });
}

export async function setRestockEventNextBatchAt(id: string, nextBatchAt: Date, db: Db = prisma): Promise<void> {
  await db.restockEvent.update({ where: { id }, data: { nextBatchAt } });
}

/** The variant's latest events, newest first. */
export function listRecentRestockEvents(shop: string, variantId: string, take: number, db: Db = prisma): Promise<RestockEvent[]> {
  return db.restockEvent.findMany({ where: { shop, variantId }, orderBy: { detectedAt: "desc" }, take });
}
