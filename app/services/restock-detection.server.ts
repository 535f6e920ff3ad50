// Restock detection: after a webhook changed the mirror (inventory_levels/update, products/create|update — the job
// handlers call detectRestocks), and hourly for variants with waiting subscribers (`restock.reconcile`, for lost or
// late webhooks and for catalog syncs, which change the mirror without webhooks).
//
// For each variant touched: the mirror's current state is compared with the last applied signal
// (VariantStockSignal) by detectStockTransition (app/domain/restock.ts). The signal is kept current for every variant
// touched; a restock creates a RestockEvent only when confirmed ("active") subscribers are waiting. The signal
// update, the event (sourceEvent = webhook id, or "reconcile") and its first `restock.batch` job (due now) are
// written in ONE transaction per variant, so a crash never leaves an event without its batch or a signal that hides a
// restock nobody was told about. A restock supersedes older open events of the variant (their batches stop); going
// sold out cancels open automatic events (the batch job would cancel them anyway when it re-checks).
//
// Idempotency: duplicate deliveries never reach here (webhook receipts dedupe, and the mirror does not re-apply an
// equal inventory level), and a replay finds "no transition" against the signal; on top of that an event already
// created for the same webhook id and variant is never created twice.
//
// Event times: a products webhook carries no stock numbers, and Shopify sends one for every stock change with a
// LATER updated_at than the inventory_levels/update itself, so products webhooks never advance the signal's clock
// (otherwise the inventory event would look stale and its restock would be missed); nor are they checked against
// it — the mirror already dropped a products webhook older than the product row, and what they change (status,
// tracking) is not what the signal's clock orders. Inventory events older than the signal are ignored (several
// locations: a late event for another location is applied by the mirror but not acted on here); the hourly
// reconciliation catches up what such an event changed. The reconciliation is never stale either, and it stamps the
// signal with the mirror's stock clock (its newest inventory level updated_at), not with now: webhooks still queued
// when it runs are newer than what the mirror knew and must still count (see signalClock).

import { availabilityForSubscriber, detectStockTransition, type StockTransition } from "#app/domain/restock";
import { loadStockClocks } from "#app/models/catalog-mirror.server";
import { cancelOpenAutoRestockEvents, createRestockEvent, findRestockEventIdForSource } from "#app/models/restock-event.server";
import { RESTOCK_RECONCILE_JOB, enqueueRestockReconcileJob } from "#app/models/restock-jobs.server";
import { countWaitingByVariant, listVariantIdsWithWaiting } from "#app/models/restock-subscription.server";
import { inTransaction } from "#app/models/transaction.server";
import { loadStockSignals, saveStockSignal } from "#app/models/variant-stock-signal.server";
import { enqueueRestockBatch, loadAlertSettings, loadVariantStock, resumeWaitingEvents, type VariantStock } from "./restock-fanout.server";

export { RESTOCK_RECONCILE_JOB };
const RECONCILE_INTERVAL_MS = 60 * 60 * 1000;
const RECONCILE_PAGE = 500;

export type DetectionResult = {
  /** Restock events created: variant id → event id. */
  events: Array<{ variantId: string; eventId: string }>;
  /** Variants that became purchasable with nobody waiting (signal updated only). */
  restockedWithoutSubscribers: string[];
  soldOut: string[];
  stale: string[];
};

export type DetectionSource =
  /** inventory_levels/update: `previousTotals` = the mirror's availableTotal before the event, per variant. */
  | { kind: "inventory"; webhookId: string; previousTotals?: ReadonlyMap<string, number> }
  | { kind: "product"; webhookId: string }
  | { kind: "reconcile" };

/** See the file comment. Call after the mirror has been updated. */
export async function detectRestocks(input: {
  shop: string;
  variantIds: readonly string[];
  /** When the change happened at Shopify (updated_at / X-Shopify-Triggered-At); the reconciliation passes now. */
  eventAt: Date;
  source: DetectionSource;
  now: Date;
}): Promise<DetectionResult> {
  const { shop, eventAt, source, now } = input;
  const result: DetectionResult = { events: [], restockedWithoutSubscribers: [], soldOut: [], stale: [] };
  const variantIds = [...new Set(input.variantIds)];
  if (!variantIds.length) return result;

  const [stock, signals, waitingOf] = await Promise.all([
    loadVariantStock(shop, variantIds),
    loadStockSignals(shop, variantIds),
    countWaitingByVariant(shop, variantIds),
  ]);
  const signalOf = new Map(signals.map((s) => [s.variantId, s]));
  const sourceEvent = source.kind === "reconcile" ? "reconcile" : source.webhookId;
  // The mirror's stock clock, where this run stamps the signal with it (see signalClock).
  const clockNeeded = variantIds.filter((id) => source.kind === "reconcile" || (source.kind === "product" && !signalOf.has(id)));
  const clockOf = clockNeeded.length ? await loadStockClocks(shop, clockNeeded) : new Map<string, Date>();

  for (const variantId of variantIds) {
    const current = stock.get(variantId);
    if (!current) continue; // deleted from the catalog: nothing a shopper could buy
    const signal = signalOf.get(variantId) ?? null;
    const waiting = waitingOf.get(variantId) ?? 0;
    const signalEventAt = signalClock(source, signal, eventAt, clockOf.get(variantId));
    const transition = detectStockTransition({
      signal,
      seed: (!signal && seedWithoutSignal(waiting)) || seedFor(current, source),
      current: { purchasable: current.availability.purchasable, available: current.available, tracked: current.tracked },
      // Products webhooks and the reconciliation are never stale against the signal (see the file comment).
      eventAt: source.kind !== "inventory" && signal && signal.eventAt > signalEventAt ? signal.eventAt : signalEventAt,
    });
    if (transition.kind === "stale") {
      result.stale.push(variantId);
      continue;
    }
    if (transition.kind === "unchanged" && !transition.writeSignal) continue;
    const eventId = await applyTransition({ shop, variantId, current, transition, waiting, sourceEvent, eventAt, signalEventAt, now });
    if (transition.kind === "restock") {
      if (eventId) result.events.push({ variantId, eventId });
      else result.restockedWithoutSubscribers.push(variantId);
    }
    if (transition.kind === "sold_out") result.soldOut.push(variantId);
  }
  return result;
}

/**
 * The time the signal is stamped with, which later inventory events are checked against:
 *   - inventory_levels/update: the event's own updated_at;
 *   - products webhooks: the signal's clock as it is (they carry no stock numbers, see the file comment); a first
 *     signal gets the mirror's stock clock, not the product's updated_at — a later product edit processed before an
 *     earlier, still queued restock event would otherwise make that restock look stale;
 *   - the reconciliation: the mirror's stock clock, NOT now. The mirror lags Shopify by whatever webhooks are still
 *     queued; stamping now would make each of them look stale and hide its restock until the next hour.
 * The stock clock is the newest updated_at among the variant's inventory levels (epoch when none is known).
 */
function signalClock(source: DetectionSource, signal: { eventAt: Date } | null, eventAt: Date, stockClock: Date | undefined): Date {
  if (source.kind === "inventory") return eventAt;
  if (source.kind === "product" && signal) return signal.eventAt;
  return stockClock ?? new Date(0);
}

/**
 * The best known state before this event when it may differ from the signal: an inventory event's previous total
 * (same product status / tracking, only the stock moved).
 */
function seedFor(current: VariantStock, source: DetectionSource): { purchasable: boolean; available: number } | null {
  if (source.kind === "inventory") {
    const previousTotal = source.previousTotals?.get(current.variantId);
    if (previousTotal !== undefined) {
      return { purchasable: availabilityForSubscriber({ ...current, available: previousTotal }).purchasable, available: previousTotal };
    }
  }
  return null;
}

/**
 * A variant never seen before (no signal) with confirmed subscribers waiting counts as "not purchasable" before: the
 * signup form only accepts subscriptions while a variant can't be bought from stock, so they still wait for a restock.
 */
function seedWithoutSignal(waiting: number): { purchasable: boolean; available: number } | null {
  return waiting > 0 ? { purchasable: false, available: 0 } : null;
}

async function applyTransition(input: {
  shop: string;
  variantId: string;
  current: VariantStock;
  transition: StockTransition;
  waiting: number;
  sourceEvent: string;
  eventAt: Date;
  signalEventAt: Date;
  now: Date;
}): Promise<string | null> {
  const { shop, variantId, current, transition, sourceEvent, now } = input;
  const signalData = { purchasable: current.availability.purchasable, available: current.available, eventAt: input.signalEventAt };
  return inTransaction(async (tx) => {
    await saveStockSignal(shop, variantId, signalData, tx);
    if (transition.kind === "sold_out") {
      await cancelOpenAutoRestockEvents(shop, variantId, tx);
      return null;
    }
    if (transition.kind !== "restock" || input.waiting === 0) return null;
    if (sourceEvent !== "reconcile") {
      const existingId = await findRestockEventIdForSource(shop, variantId, sourceEvent, tx);
      if (existingId) return existingId;
    }
    await cancelOpenAutoRestockEvents(shop, variantId, tx);
    const event = await createRestockEvent(
      {
        shop,
        variantId,
        unitsRestocked: transition.unitsRestocked ?? 0,
        availableAfter: current.available,
        detectedAt: input.eventAt,
        sourceEvent,
        trigger: "auto",
        status: "open",
        nextBatchAt: now,
      },
      tx,
    );
    await enqueueRestockBatch(tx, { shop, eventId: event.id, batch: 1, runAt: now });
    return event.id;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Reconciliation

export type RestockReconcileResult = { variants: number; events: number; resumed: number };

/**
 * For every variant with confirmed subscribers waiting: compares the mirror (refreshed by the catalog sync and the
 * hourly automation reconcile) with the signal and creates the restock events that lost or late webhooks missed
 * (sourceEvent "reconcile"). Also resumes open automatic events that waited while auto-send was off, once it is on.
 */
export async function reconcileRestocks(input: { shop: string; now: Date }): Promise<RestockReconcileResult> {
  const { shop, now } = input;
  const total: RestockReconcileResult = { variants: 0, events: 0, resumed: 0 };
  const settings = await loadAlertSettings(shop);
  let after: string | null = null;
  for (;;) {
    const ids = await listVariantIdsWithWaiting(shop, { after, take: RECONCILE_PAGE });
    if (!ids.length) break;
    const detected = await detectRestocks({ shop, variantIds: ids, eventAt: now, source: { kind: "reconcile" }, now });
    total.variants += ids.length;
    total.events += detected.events.length;
    if (settings.autoSend) {
      const stock = await loadVariantStock(shop, ids);
      const resumable = ids.filter((id) => {
        const s = stock.get(id);
        return s && !s.pauseAlerts && s.availability.purchasable;
      });
      if (resumable.length) total.resumed += await resumeWaitingEvents(undefined, shop, resumable, now);
    }
    after = ids[ids.length - 1];
    if (ids.length < RECONCILE_PAGE) break;
  }
  return total;
}

/** Start of the hour after `now` (UTC). */
function nextHour(now: Date): Date {
  return new Date((Math.floor(now.getTime() / RECONCILE_INTERVAL_MS) + 1) * RECONCILE_INTERVAL_MS);
}

/** One key per shop and hour: re-enqueueing the same hour is a no-op. */
export function restockReconcileJobKey(runAt: Date): string {
  return `restock-reconcile:${runAt.toISOString().slice(0, 13)}`;
}

/**
 * Makes sure the shop's hourly restock reconciliation is scheduled (each run schedules the next, so the chain keeps
 * itself going); `immediate` also queues a run now (after a catalog import).
 */
export async function scheduleRestockReconcile(shop: string, now: Date, options: { immediate?: boolean } = {}): Promise<void> {
  const runAt = nextHour(now);
  await enqueueRestockReconcileJob({ shop, idempotencyKey: restockReconcileJobKey(runAt), runAt, payload: {} });
  if (options.immediate) {
    await enqueueRestockReconcileJob({ shop, idempotencyKey: `restock-reconcile:now:${now.toISOString()}`, runAt: now, payload: {} });
  }
}
