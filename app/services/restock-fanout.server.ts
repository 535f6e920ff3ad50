// Back-in-stock fan-out: a RestockEvent (detected by restock-detection.server.ts, or a merchant's manual send)
// notifies the variant's confirmed ("active") subscribers, oldest first, in batches.
//
// `restock.batch` job (payload { eventId, batch, notified, progress? }): re-reads the mirror and the settings right
// before sending (decideBatch in app/domain/restock.ts): not purchasable any more → the event is cancelled and nothing
// more is sent; alerts paused (VariantBackorder.pauseAlerts or ShopSettings.alertsAutoSend off) → an automatic event
// stays open, visible as waiting for a manual send (un-pausing the variant, or the hourly reconciliation once
// auto-send is back on, resumes it); otherwise the batch's size is decided once and it is sent in CHUNKS of at most
// RESTOCK_CHUNK_SIZE (500) subscribers, each chunk one short transaction: mark the chunk's subscribers notified,
// write their back_in_stock emails (idempotency key restock/<subscriptionId>/<eventId>) and email.send jobs, bump the
// event's notifiedCount, and queue what comes next — the batch's next chunk (a `restock.batch` job due now, carrying
// the batch's size and progress) or, after the last chunk, batchCount = batch and the next batch at now +
// alertBatchIntervalMins while subscribers remain. So a 100,000-subscriber batch never holds the database's write
// lock for more than one chunk, the first emails leave after the first chunk, and each job is short next to the
// worker's lease. A chunk's follow-up job is due at once and queued ahead of the chunk's own emails, so a large
// batch is written one chunk ahead of its delivery: the outbox holds one to two chunks of unsent alerts, and every
// chunk (not only the first) re-checks the mirror, so a batch stops soon after the variant sells out.
//
// Exactly once: each job carries `notified`, the event's notifiedCount when it was queued, and each chunk's event
// update is a compare-and-set on (status open, batchCount = batch − 1, notifiedCount = notified). A job that runs
// again after a crash (its chunk committed, the job not completed) finds notifiedCount moved on and sends nothing;
// two concurrent runs of one chunk cannot both commit; a crash between chunks leaves the next chunk's job committed
// with the chunk before it. The subscriber update is guarded on status "active" and the email key is unique, so a
// subscriber hears once per restock event whatever happens.
//
// Merchant actions (the waitlist admin page): sendRestockAlertsNow and setRestockAlertsPaused.

import {
  availabilityForSubscriber,
  batchEmailReason,
  decideBatch,
  nextBatchTime,
  type StockFacts,
  type SubscriberAvailability,
} from "#app/domain/restock";
import { loadRestockStockRows } from "#app/models/alert-catalog.server";
import type { Db } from "#app/models/db";
import { enqueueEmails } from "#app/models/email-outbox.server";
import { loadAlertBatchSettings } from "#app/models/notification-settings.server";
import {
  createRestockEvent,
  findRestockEvent,
  listStoppedAutoRestockEvents,
  setRestockEventNextBatchAt,
  updateOpenRestockEvent,
} from "#app/models/restock-event.server";
import { RESTOCK_BATCH_JOB, enqueueRestockBatchJob } from "#app/models/restock-jobs.server";
import { countWaitingSubscribers, markOldestWaitingNotified, type NotifiedSubscriber } from "#app/models/restock-subscription.server";
import { inTransaction } from "#app/models/transaction.server";
import { loadShopTimeZone } from "#app/models/shop-time-zone.server";
import { findAlertsPaused, loadBackorderVariants, writeAlertsPaused } from "#app/models/variant-backorder.server";

export { RESTOCK_BATCH_JOB };

/** A batch in progress: its size and share, decided before its first chunk, and how many it notified so far. */
export type BatchProgress = { target: number; waiting: number; sent: number };

export type RestockBatchPayload = {
  eventId: string;
  batch: number;
  /**
   * The event's notifiedCount when this job was queued: the compare-and-set token of the chunk it sends. Absent on
   * jobs queued before chunking (they use the count read when they run).
   */
  notified?: number;
  /** Set on the jobs of a batch's second and later chunks. */
  progress?: BatchProgress;
};

/** Subscribers per chunk transaction (RESTOCK_CHUNK_SIZE, default 500). */
export function restockChunkSize(): number {
  const size = Number(process.env.RESTOCK_CHUNK_SIZE);
  return Number.isInteger(size) && size > 0 ? size : 500;
}

/**
 * One job per event and batch number; a resumed batch (after a pause) gets its own key, the batch guard dedupes.
 * A later chunk's job is keyed by the event's notifiedCount where it starts, which only grows.
 */
export function batchJobKey(eventId: string, batch: number, resumedAt?: Date): string {
  return `restock-batch:${eventId}:${batch}${resumedAt ? `:resumed:${resumedAt.toISOString()}` : ""}`;
}

const chunkJobKey = (eventId: string, batch: number, notified: number) => `restock-batch:${eventId}:${batch}:from:${notified}`;

/**
 * Queues batch `batch` of an event. `notifiedBefore` is the event's notifiedCount now (see RestockBatchPayload);
 * a new event's first batch may leave it out (0).
 */
export async function enqueueRestockBatch(
  db: Db | undefined,
  input: { shop: string; eventId: string; batch: number; runAt: Date; resumedAt?: Date; notifiedBefore?: number },
) {
  const notified = input.notifiedBefore ?? (input.batch === 1 && !input.resumedAt ? 0 : undefined);
  const payload: RestockBatchPayload = { eventId: input.eventId, batch: input.batch, ...(notified === undefined ? {} : { notified }) };
  await enqueueRestockBatchJob({ shop: input.shop, payload, idempotencyKey: batchJobKey(input.eventId, input.batch, input.resumedAt), runAt: input.runAt }, db);
}

// ---------------------------------------------------------------------------------------------------------
// Reading the mirror and the settings

export type AlertSettings = { multiplier: number; intervalMins: number; autoSend: boolean; timeZone: string };

export async function loadAlertSettings(shop: string, db?: Db): Promise<AlertSettings> {
  const [settings, timeZone] = await Promise.all([loadAlertBatchSettings(shop, db), loadShopTimeZone(shop, db)]);
  return {
    multiplier: settings?.alertMultiplier ?? 1,
    intervalMins: settings?.alertBatchIntervalMins ?? 60,
    autoSend: settings?.alertsAutoSend ?? true,
    timeZone,
  };
}

export type VariantStock = StockFacts & { variantId: string; productId: string; pauseAlerts: boolean; availability: SubscriberAvailability };

/** The mirror's facts for restock decisions; unknown variants are absent from the map. */
export async function loadVariantStock(shop: string, variantIds: readonly string[], db?: Db): Promise<Map<string, VariantStock>> {
  const ids = [...new Set(variantIds)];
  const out = new Map<string, VariantStock>();
  if (!ids.length) return out;
  const { variants, productStatusOf, backorderOf } = await loadRestockStockRows(shop, ids, db);
  for (const v of variants) {
    const facts: StockFacts = {
      tracked: v.tracked,
      available: v.availableTotal,
      // A variant whose product row is missing (not synced yet) is treated as active: the variant row exists.
      productActive: (productStatusOf.get(v.productId) ?? "ACTIVE").toUpperCase() === "ACTIVE",
      discontinued: backorderOf.get(v.id)?.discontinued ?? false,
    };
    out.set(v.id, {
      ...facts,
      variantId: v.id,
      productId: v.productId,
      pauseAlerts: backorderOf.get(v.id)?.pauseAlerts ?? false,
      availability: availabilityForSubscriber(facts),
    });
  }
  return out;
}

const GONE: SubscriberAvailability = { purchasable: false, reason: "The variant no longer exists in the catalog." };

// ---------------------------------------------------------------------------------------------------------
// Sending

type EventForSend = {
  id: string;
  shop: string;
  variantId: string;
  trigger: string;
  triggeredBy: string | null;
  unitsRestocked: number;
  detectedAt: Date;
  notifiedCount: number;
};

type ChunkInput = {
  event: EventForSend;
  batch: number;
  plan: BatchProgress;
  timeZone: string;
  tracked: boolean;
  intervalMins: number;
  now: Date;
};

/** The chunk's back_in_stock emails (key restock/<subscriptionId>/<eventId>), in the caller's transaction. */
function enqueueBackInStockEmails(tx: Db, event: EventForSend, subscribers: NotifiedSubscriber[], reason: string, now: Date): Promise<void> {
  return enqueueEmails(
    tx,
    subscribers.map((s) => ({
      shop: event.shop,
      kind: "back_in_stock",
      idempotencyKey: `restock/${s.id}/${event.id}`,
      toEmail: s.email,
      locale: s.locale,
      subscriptionId: s.id,
      restockEventId: event.id,
      data: { variantId: event.variantId, productId: s.productId },
      reason,
      runAt: now,
    })),
  );
}

/**
 * One chunk of a batch, inside the caller's transaction (see the file comment): notifies up to
 * RESTOCK_CHUNK_SIZE subscribers, then either queues the batch's next chunk or closes the batch (batchCount, next
 * batch). The event update is the compare-and-set that makes a chunk count once: `skipped` when another run of the
 * chunk got there first (nothing written). Returns how many this chunk notified and whether the batch is complete.
 */
async function sendChunk(tx: Db, input: ChunkInput): Promise<{ notified: number; finished: boolean; skipped: boolean }> {
  const { event, batch, plan, now } = input;
  const { shop } = event;
  const reason = batchEmailReason({
    trigger: event.trigger,
    unitsRestocked: input.tracked ? event.unitsRestocked : null,
    detectedAt: event.detectedAt,
    timeZone: input.timeZone,
    batchNumber: batch,
    count: plan.target,
    waiting: plan.waiting,
    triggeredBy: event.triggeredBy,
  });
  const guard = { id: event.id, shop, batchCount: batch - 1, notifiedCount: event.notifiedCount };
  // The event's row first, before any read: on SQLite that takes the write lock at once (a transaction that read
  // first cannot become the writer once another process has committed — "database is locked" — while waiting for
  // the lock is what busy_timeout does); on PostgreSQL it row-locks the event, so a concurrent run of this chunk
  // waits here and then finds notifiedCount moved on.
  const claimed = await updateOpenRestockEvent(guard, { lastBatchAt: now }, tx);
  if (claimed !== 1) return { notified: 0, finished: false, skipped: true };
  const take = Math.min(restockChunkSize(), plan.target - plan.sent);
  let result: { notified: NotifiedSubscriber[]; picked: number } = { notified: [], picked: 0 };
  // Every picked row changed meanwhile (PostgreSQL, concurrent unsubscribes): pick again rather than queue an
  // empty chunk.
  for (let attempt = 0; attempt < 5 && result.notified.length === 0; attempt++) {
    result = await markOldestWaitingNotified({ shop, variantId: event.variantId, restockEventId: event.id, take, now }, tx);
    if (result.picked < take) break;
  }
  const notified = result.notified.length;
  const sent = plan.sent + notified;
  const notifiedAfter = event.notifiedCount + notified;
  const finished = sent >= plan.target || result.picked < take;
  let nextAt: Date | null = null;
  if (finished) {
    const remaining = await countWaitingSubscribers(shop, event.variantId, tx);
    // A manual send is one batch; an automatic event goes on while subscribers remain.
    nextAt = remaining > 0 && event.trigger !== "manual" ? nextBatchTime(now, input.intervalMins) : null;
  }
  // What comes next is queued before this chunk's emails, so a queue that takes jobs in order (oldest runAt, or
  // first created) writes the next chunk while these emails are being delivered, not after.
  if (finished) {
    if (nextAt) await enqueueRestockBatch(tx, { shop, eventId: event.id, batch: batch + 1, runAt: nextAt, notifiedBefore: notifiedAfter });
  } else {
    const payload: RestockBatchPayload = { eventId: event.id, batch, notified: notifiedAfter, progress: { ...plan, sent } };
    await enqueueRestockBatchJob({ shop, payload, idempotencyKey: chunkJobKey(event.id, batch, notifiedAfter), runAt: now }, tx);
  }
  await enqueueBackInStockEmails(tx, event, result.notified, reason, now);
  const count = await updateOpenRestockEvent(
    guard,
    finished
      ? { notifiedCount: notifiedAfter, batchCount: batch, lastBatchAt: now, nextBatchAt: nextAt, status: nextAt ? "open" : "done" }
      : { notifiedCount: notifiedAfter, lastBatchAt: now },
    tx,
  );
  // Cannot happen while this transaction holds the event (see above); if it does, nothing of the chunk is kept.
  if (count !== 1) throw new Error(`Restock event ${event.id} changed while batch ${batch} was being sent; retrying.`);
  return { notified, finished, skipped: false };
}

export type BatchRunResult = { action: "skip" | "cancel" | "wait_for_manual" | "done" | "send"; sent: number; reason: string };

/** The `restock.batch` job: one chunk of a batch (see the file comment). */
export async function runRestockBatch(input: {
  shop: string;
  eventId: string;
  batch: number;
  now: Date;
  notified?: number;
  progress?: BatchProgress;
}): Promise<BatchRunResult> {
  const { shop, eventId, batch, now } = input;
  const event = await findRestockEvent(shop, eventId);
  if (!event) return { action: "skip", sent: 0, reason: "The restock event no longer exists." };
  const [stock, settings, waiting] = await Promise.all([
    loadVariantStock(shop, [event.variantId]).then((m) => m.get(event.variantId)),
    loadAlertSettings(shop),
    countWaitingSubscribers(shop, event.variantId),
  ]);
  const decision = decideBatch({
    event,
    batchNumber: batch,
    availability: stock?.availability ?? GONE,
    facts: { tracked: stock?.tracked ?? true, available: stock?.available ?? 0 },
    // A manual send goes on while paused (the merchant asked for it); only its stock is re-checked.
    paused: !settings.autoSend || (stock?.pauseAlerts ?? false),
    multiplier: settings.multiplier,
    waiting,
  });
  if (decision.action === "skip") return { action: "skip", sent: 0, reason: decision.reason };
  if (input.notified !== undefined && event.notifiedCount !== input.notified) {
    return { action: "skip", sent: 0, reason: `This part of batch ${batch} was already sent.` };
  }
  const openEvent = { id: event.id, shop, notifiedCount: event.notifiedCount };
  switch (decision.action) {
    case "cancel":
      await updateOpenRestockEvent(openEvent, { status: "cancelled", nextBatchAt: null });
      return { action: "cancel", sent: 0, reason: decision.reason };
    case "wait_for_manual":
      await updateOpenRestockEvent(openEvent, { nextBatchAt: null });
      return { action: "wait_for_manual", sent: 0, reason: decision.reason };
    case "done":
      await updateOpenRestockEvent(openEvent, { status: "done", nextBatchAt: null });
      return { action: "done", sent: 0, reason: decision.reason };
    case "send": {
      // The batch's size is decided before its first chunk; later chunks carry it (stock re-checked above).
      const plan: BatchProgress = input.progress ?? { target: decision.count, waiting, sent: 0 };
      const { notified, skipped } = await inTransaction((tx) =>
        sendChunk(tx, { event, batch, plan, timeZone: settings.timeZone, tracked: stock?.tracked ?? true, intervalMins: settings.intervalMins, now }),
      );
      if (skipped) return { action: "skip", sent: 0, reason: `This part of batch ${batch} was already sent.` };
      return { action: "send", sent: notified, reason: decision.reason };
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Merchant actions

export class RestockAlertInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "RestockAlertInputError";
  }
}

/**
 * "Send alerts now": a manual RestockEvent (trigger "manual", triggeredBy actor) that notifies up to `limit` (default:
 * every active subscriber) of the oldest waiting subscribers at once — even while alerts are paused, since the
 * merchant asked for it. Refused (queued 0 and a reason) when the variant is not purchasable from stock right now,
 * `limit` or not: a back-in-stock email that leads to a sold-out page is worse than none, and the merchant can send
 * once the stock shows up in Shopify. Also refused when nobody is waiting.
 */
export async function sendRestockAlertsNow(input: {
  shop: string;
  variantId: string;
  limit?: number;
  actor: string;
  now: Date;
}): Promise<{ queued: number; reason?: string }> {
  const { shop, variantId, actor, now } = input;
  if (input.limit !== undefined && (!Number.isInteger(input.limit) || input.limit < 1)) {
    throw new RestockAlertInputError("Enter how many subscribers to notify as a whole number of at least 1.");
  }
  const [stock, settings, waiting] = await Promise.all([
    loadVariantStock(shop, [variantId]).then((m) => m.get(variantId)),
    loadAlertSettings(shop),
    countWaitingSubscribers(shop, variantId),
  ]);
  if (!stock) return { queued: 0, reason: GONE.reason };
  if (!stock.availability.purchasable) {
    return {
      queued: 0,
      reason: `No alerts sent: shoppers can't buy this variant from stock right now (${stock.availability.reason.replace(/\.$/, "")}). Send them once the stock is in Shopify.`,
    };
  }
  if (waiting === 0) return { queued: 0, reason: "No alerts sent: no confirmed subscriber is waiting for this variant." };

  const count = Math.min(input.limit ?? waiting, waiting);
  const queued = await inTransaction(async (tx) => {
    const event = await createRestockEvent(
      {
        shop,
        variantId,
        unitsRestocked: stock.tracked ? Math.max(0, stock.available) : 0,
        availableAfter: stock.available,
        detectedAt: now,
        trigger: "manual",
        triggeredBy: actor,
        status: "open",
      },
      tx,
    );
    // Batch 1 of a manual event: its first chunk now, the rest (beyond RESTOCK_CHUNK_SIZE) by restock.batch jobs.
    const plan: BatchProgress = { target: count, waiting, sent: 0 };
    const chunk = await sendChunk(tx, { event, batch: 1, plan, timeZone: settings.timeZone, tracked: stock.tracked, intervalMins: settings.intervalMins, now });
    return chunk.finished ? chunk.notified : count;
  });
  return { queued };
}

/**
 * Pauses or resumes automatic alerts for one variant (VariantBackorder.pauseAlerts) and records the change in the
 * variant's history. Resuming restarts the batches of an open automatic event that was waiting because of the pause.
 *
 * A variant the app never configured has no VariantBackorder row, and a row's mere existence means something to the
 * backorder logic (a row with backorders off holds the policy at DENY; a merchant-owned row stops rules from acting).
 * So a row created only to pause alerts copies what Shopify does today: backorders "on" (merchant-owned) when the
 * variant already sells past stock (tracked, CONTINUE), else off and left to the rules (source "rule").
 */
export async function setRestockAlertsPaused(input: { shop: string; variantId: string; paused: boolean; actor: string; now: Date }): Promise<void> {
  const { shop, variantId, paused, actor, now } = input;
  await inTransaction(async (tx) => {
    const current = await findAlertsPaused(shop, variantId, tx);
    if ((current ?? false) === paused) return;
    let newRow: { enabled: boolean; source: "manual" | "rule" } | null = null;
    if (current === null) {
      const [variant] = await loadBackorderVariants(shop, [variantId], tx);
      if (!variant) throw new RestockAlertInputError("This variant is no longer in the catalog. Reload the page.");
      const sellsPastStock = variant.tracked && variant.inventoryPolicy === "CONTINUE";
      newRow = { enabled: sellsPastStock, source: sellsPastStock ? "manual" : "rule" };
    }
    await writeAlertsPaused(shop, { variantId, paused, actor, now, newRow }, tx);
    if (!paused) await resumeWaitingEvents(tx, shop, [variantId], now);
  });
}

/**
 * Re-queues the next batch of open automatic events that stopped while alerts were paused (nextBatchAt cleared).
 * `db`: the caller's transaction, or undefined outside one.
 */
export async function resumeWaitingEvents(db: Db | undefined, shop: string, variantIds: readonly string[], now: Date): Promise<number> {
  const events = await listStoppedAutoRestockEvents(shop, variantIds, db);
  for (const event of events) {
    await setRestockEventNextBatchAt(event.id, now, db);
    // A batch paused between two chunks starts again, sized from the stock then.
    await enqueueRestockBatch(db, { shop, eventId: event.id, batch: event.batchCount + 1, runAt: now, resumedAt: now, notifiedBefore: event.notifiedCount });
  }
  return events.length;
}
