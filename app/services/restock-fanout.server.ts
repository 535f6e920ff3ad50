// Back-in-stock fan-out: a RestockEvent (detected by restock-detection.server.ts, or a merchant's manual send)
// notifies the variant's confirmed ("active") subscribers, oldest first, in batches.
//
// `restock.batch` job (payload { eventId, batch }): re-reads the mirror and the settings right before sending
// (decideBatch in app/domain/restock.ts): not purchasable any more → the event is cancelled and nothing is sent;
// alerts paused (VariantBackorder.pauseAlerts or ShopSettings.alertsAutoSend off) → an automatic event stays open,
// visible as waiting for a manual send (un-pausing the variant, or the hourly reconciliation once auto-send is back
// on, resumes it); otherwise ONE transaction marks the chosen subscribers notified, enqueues their back_in_stock
// emails (idempotency key restock/<subscriptionId>/<eventId>), bumps the event's counters and enqueues the next batch
// at now + alertBatchIntervalMins while subscribers remain. A batch that already ran (the job ran again after a
// crash) is recognised by the event's batchCount and sends nothing twice; the subscriber update is guarded on
// status "active" and the event update on the previous batchCount, so two concurrent runs cannot both send.
//
// Merchant actions (the waitlist admin page): sendRestockAlertsNow and setRestockAlertsPaused.

import type { Prisma } from "@prisma/client";
import prisma from "#app/db.server";
import {
  availabilityForSubscriber,
  batchEmailReason,
  decideBatch,
  nextBatchTime,
  type StockFacts,
  type SubscriberAvailability,
} from "#app/domain/restock";
import { enqueueEmail } from "#app/models/email-outbox.server";
import { enqueueJob, type Db } from "#app/models/job.server";

export const RESTOCK_BATCH_JOB = "restock.batch";

export type RestockBatchPayload = { eventId: string; batch: number };

/** One job per event and batch number; a resumed batch (after a pause) gets its own key, the batch guard dedupes. */
export function batchJobKey(eventId: string, batch: number, resumedAt?: Date): string {
  return `restock-batch:${eventId}:${batch}${resumedAt ? `:resumed:${resumedAt.toISOString()}` : ""}`;
}

export async function enqueueRestockBatch(db: Db, input: { shop: string; eventId: string; batch: number; runAt: Date; resumedAt?: Date }) {
  const payload: RestockBatchPayload = { eventId: input.eventId, batch: input.batch };
  await enqueueJob(db, {
    shop: input.shop,
    type: RESTOCK_BATCH_JOB,
    payload,
    idempotencyKey: batchJobKey(input.eventId, input.batch, input.resumedAt),
    runAt: input.runAt,
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reading the mirror and the settings

export type AlertSettings = { multiplier: number; intervalMins: number; autoSend: boolean; timeZone: string };

export async function loadAlertSettings(shop: string, db: Db = prisma): Promise<AlertSettings> {
  const [settings, shopRow] = await Promise.all([
    db.shopSettings.findUnique({
      where: { shop },
      select: { alertMultiplier: true, alertBatchIntervalMins: true, alertsAutoSend: true, timeZone: true },
    }),
    db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } }),
  ]);
  return {
    multiplier: settings?.alertMultiplier ?? 1,
    intervalMins: settings?.alertBatchIntervalMins ?? 60,
    autoSend: settings?.alertsAutoSend ?? true,
    timeZone: settings?.timeZone || shopRow?.ianaTimezone || "UTC",
  };
}

export type VariantStock = StockFacts & { variantId: string; productId: string; pauseAlerts: boolean; availability: SubscriberAvailability };

/** The mirror's facts for restock decisions; unknown variants are absent from the map. */
export async function loadVariantStock(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<Map<string, VariantStock>> {
  const ids = [...new Set(variantIds)];
  const out = new Map<string, VariantStock>();
  if (!ids.length) return out;
  const variants = await db.variant.findMany({
    where: { shop, id: { in: ids } },
    select: { id: true, productId: true, tracked: true, availableTotal: true },
  });
  const [products, backorders] = await Promise.all([
    db.product.findMany({ where: { shop, id: { in: [...new Set(variants.map((v) => v.productId))] } }, select: { id: true, status: true } }),
    db.variantBackorder.findMany({ where: { shop, variantId: { in: ids } }, select: { variantId: true, discontinued: true, pauseAlerts: true } }),
  ]);
  const statusOf = new Map(products.map((p) => [p.id, p.status]));
  const backorderOf = new Map(backorders.map((b) => [b.variantId, b]));
  for (const v of variants) {
    const facts: StockFacts = {
      tracked: v.tracked,
      available: v.availableTotal,
      // A variant whose product row is missing (not synced yet) is treated as active: the variant row exists.
      productActive: (statusOf.get(v.productId) ?? "ACTIVE").toUpperCase() === "ACTIVE",
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

const waitingWhere = (shop: string, variantId: string): Prisma.RestockSubscriptionWhereInput => ({ shop, variantId, status: "active" });

/** Oldest confirmed subscribers first (the shopper who waited longest hears first). */
const OLDEST_FIRST: Prisma.RestockSubscriptionOrderByWithRelationInput[] = [{ createdAt: "asc" }, { id: "asc" }];

// ---------------------------------------------------------------------------------------------------------
// Sending

type EventForSend = { id: string; shop: string; variantId: string; trigger: string; triggeredBy: string | null; unitsRestocked: number; detectedAt: Date };

/**
 * Inside the caller's transaction: marks up to `count` of the oldest active subscribers notified for this event and
 * enqueues their emails. Returns how many were notified and how many were waiting before.
 */
async function notifyOldest(
  tx: Prisma.TransactionClient,
  input: { event: EventForSend; count: number; batchNumber: number; timeZone: string; tracked: boolean; now: Date },
): Promise<{ sent: number; waiting: number }> {
  const { event, now } = input;
  const waiting = await tx.restockSubscription.count({ where: waitingWhere(event.shop, event.variantId) });
  const chosen = await tx.restockSubscription.findMany({
    where: waitingWhere(event.shop, event.variantId),
    orderBy: OLDEST_FIRST,
    take: Math.max(0, input.count),
    select: { id: true, email: true, locale: true, productId: true },
  });
  const reason = batchEmailReason({
    trigger: event.trigger,
    unitsRestocked: input.tracked ? event.unitsRestocked : null,
    detectedAt: event.detectedAt,
    timeZone: input.timeZone,
    batchNumber: input.batchNumber,
    count: chosen.length,
    waiting,
    triggeredBy: event.triggeredBy,
  });
  let sent = 0;
  for (const subscriber of chosen) {
    const { count } = await tx.restockSubscription.updateMany({
      where: { id: subscriber.id, shop: event.shop, status: "active" },
      data: { status: "notified", notifiedAt: now, restockEventId: event.id },
    });
    if (count !== 1) continue; // changed meanwhile (unsubscribed, or another run got it)
    await enqueueEmail(tx, {
      shop: event.shop,
      kind: "back_in_stock",
      idempotencyKey: `restock/${subscriber.id}/${event.id}`,
      toEmail: subscriber.email,
      locale: subscriber.locale,
      subscriptionId: subscriber.id,
      restockEventId: event.id,
      data: { variantId: event.variantId, productId: subscriber.productId },
      reason,
    });
    sent++;
  }
  return { sent, waiting };
}

export type BatchRunResult = { action: "skip" | "cancel" | "wait_for_manual" | "done" | "send"; sent: number; reason: string };

/** The `restock.batch` job (see the file comment). */
export async function runRestockBatch(input: { shop: string; eventId: string; batch: number; now: Date }): Promise<BatchRunResult> {
  const { shop, eventId, batch, now } = input;
  const event = await prisma.restockEvent.findFirst({ where: { shop, id: eventId } });
  if (!event) return { action: "skip", sent: 0, reason: "The restock event no longer exists." };
  const [stock, settings, waiting] = await Promise.all([
    loadVariantStock(shop, [event.variantId]).then((m) => m.get(event.variantId)),
    loadAlertSettings(shop),
    prisma.restockSubscription.count({ where: waitingWhere(shop, event.variantId) }),
  ]);
  const decision = decideBatch({
    event,
    batchNumber: batch,
    availability: stock?.availability ?? GONE,
    facts: { tracked: stock?.tracked ?? true, available: stock?.available ?? 0 },
    paused: !settings.autoSend || (stock?.pauseAlerts ?? false),
    multiplier: settings.multiplier,
    waiting,
  });
  const openEvent = { id: event.id, shop, status: "open" };
  switch (decision.action) {
    case "skip":
      return { action: "skip", sent: 0, reason: decision.reason };
    case "cancel":
      await prisma.restockEvent.updateMany({ where: openEvent, data: { status: "cancelled", nextBatchAt: null } });
      return { action: "cancel", sent: 0, reason: decision.reason };
    case "wait_for_manual":
      await prisma.restockEvent.updateMany({ where: openEvent, data: { nextBatchAt: null } });
      return { action: "wait_for_manual", sent: 0, reason: decision.reason };
    case "done":
      await prisma.restockEvent.updateMany({ where: openEvent, data: { status: "done", nextBatchAt: null } });
      return { action: "done", sent: 0, reason: decision.reason };
    case "send": {
      const sent = await prisma.$transaction(async (tx) => {
        const result = await notifyOldest(tx, { event, count: decision.count, batchNumber: batch, timeZone: settings.timeZone, tracked: stock?.tracked ?? true, now });
        const remaining = await tx.restockSubscription.count({ where: waitingWhere(shop, event.variantId) });
        const nextAt = remaining > 0 ? nextBatchTime(now, settings.intervalMins) : null;
        const { count } = await tx.restockEvent.updateMany({
          where: { ...openEvent, batchCount: batch - 1 },
          data: {
            notifiedCount: { increment: result.sent },
            batchCount: batch,
            lastBatchAt: now,
            nextBatchAt: nextAt,
            status: nextAt ? "open" : "done",
          },
        });
        // Another run of this batch won (or the event was closed meanwhile): roll everything back.
        if (count !== 1) throw new Error(`Restock event ${event.id} changed while batch ${batch} was being sent; retrying.`);
        if (nextAt) await enqueueRestockBatch(tx, { shop, eventId: event.id, batch: batch + 1, runAt: nextAt });
        return result.sent;
      });
      return { action: "send", sent, reason: decision.reason };
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
    prisma.restockSubscription.count({ where: waitingWhere(shop, variantId) }),
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
  const queued = await prisma.$transaction(async (tx) => {
    const event = await tx.restockEvent.create({
      data: {
        shop,
        variantId,
        unitsRestocked: stock.tracked ? Math.max(0, stock.available) : 0,
        availableAfter: stock.available,
        detectedAt: now,
        trigger: "manual",
        triggeredBy: actor,
        status: "open",
      },
    });
    const result = await notifyOldest(tx, { event, count, batchNumber: 1, timeZone: settings.timeZone, tracked: stock.tracked, now });
    await tx.restockEvent.update({
      where: { id: event.id },
      data: { notifiedCount: result.sent, batchCount: 1, lastBatchAt: now, nextBatchAt: null, status: "done" },
    });
    return result.sent;
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
  await prisma.$transaction(async (tx) => {
    const row = await tx.variantBackorder.findUnique({ where: { shop_variantId: { shop, variantId } }, select: { pauseAlerts: true } });
    if ((row?.pauseAlerts ?? false) === paused) return;
    if (row) {
      await tx.variantBackorder.update({
        where: { shop_variantId: { shop, variantId } },
        data: { pauseAlerts: paused, updatedBy: actor, updatedAt: now },
      });
    } else {
      const variant = await tx.variant.findUnique({ where: { shop_id: { shop, id: variantId } }, select: { tracked: true, inventoryPolicy: true } });
      if (!variant) throw new RestockAlertInputError("This variant is no longer in the catalog. Reload the page.");
      const sellsPastStock = variant.tracked && variant.inventoryPolicy === "CONTINUE";
      await tx.variantBackorder.create({
        data: {
          shop,
          variantId,
          pauseAlerts: paused,
          enabled: sellsPastStock,
          source: sellsPastStock ? "manual" : "rule",
          updatedBy: actor,
          updatedAt: now,
          createdAt: now,
        },
      });
    }
    await tx.backorderChange.create({
      data: { shop, variantId, actor, source: "manual", changes: JSON.stringify({ pauseAlerts: [!paused, paused] }), createdAt: now },
    });
    if (!paused) await resumeWaitingEvents(tx, shop, [variantId], now);
  });
}

/** Re-queues the next batch of open automatic events that stopped while alerts were paused (nextBatchAt cleared). */
export async function resumeWaitingEvents(db: Db, shop: string, variantIds: readonly string[], now: Date): Promise<number> {
  const events = await db.restockEvent.findMany({
    where: { shop, variantId: { in: [...variantIds] }, status: "open", trigger: "auto", nextBatchAt: null },
    select: { id: true, batchCount: true },
  });
  for (const event of events) {
    await db.restockEvent.update({ where: { id: event.id }, data: { nextBatchAt: now } });
    await enqueueRestockBatch(db, { shop, eventId: event.id, batch: event.batchCount + 1, runAt: now, resumedAt: now });
  }
  return events.length;
}
