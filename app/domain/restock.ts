// Restock detection and batched back-in-stock alerts. Pure: the caller passes the mirror's facts, the last applied
// stock signal (VariantStockSignal), the event time and the shop's alert settings.
//
// "Purchasable for a waiting subscriber" means a shopper who asked to hear about a restock can buy a unit FROM STOCK
// now — not on backorder, because a backorder was already possible when they signed up (alertsOnBackorder):
//   - the product is not active (draft, archived)         → not purchasable (shoppers cannot see it);
//   - the variant is discontinued (VariantBackorder)       → never purchasable (no alert for leftovers or corrections);
//   - inventory isn't tracked                              → purchasable (Shopify always sells it);
//   - tracked                                              → purchasable only when available > 0.
// Under inventory policy CONTINUE `available` goes negative as units are sold past stock; a change from −12 to −2
// means 10 units arrived for orders already owed, none for a waiting shopper, so it is NOT a restock (platform
// note I-4). Only the crossing to > 0 is.
//
// A restock is the transition not purchasable → purchasable relative to the last applied signal, never relative to
// a single webhook's numbers: the mirror already dropped stale per-location changes, and the signal remembers what
// we last acted on, so duplicates and replays find "no transition". Events older than the signal's eventAt are
// ignored (webhooks arrive late and out of order); the hourly reconciliation (compared whatever its time) catches up
// anything a stale-ignored or lost event left behind.
//
// Fan-out: a restock event notifies waiting subscribers in batches so a handful of units don't bring hundreds of
// shoppers to a sold-out page. The FIRST batch notifies ceil(unitsRestocked × alertMultiplier); every batch re-checks
// the mirror right before sending: not purchasable any more → the event is cancelled and nothing is sent (a 0→5→0
// flap within seconds sends nothing); still purchasable → up to ceil(available now × multiplier) more subscribers,
// because the units still on the shelf after an interval were not bought by the previous batch. The next batch is
// due alertBatchIntervalMins later while subscribers remain.

export type StockFacts = {
  tracked: boolean;
  /** Sum of `available` over locations (may be negative under policy CONTINUE). */
  available: number;
  /** Product.status === "ACTIVE". */
  productActive: boolean;
  /** VariantBackorder.discontinued. */
  discontinued: boolean;
};

export type SubscriberAvailability = { purchasable: boolean; reason: string };

function units(n: number): string {
  return `${n} unit${n === 1 ? "" : "s"}`;
}

/** Whether a waiting subscriber could buy the variant from stock now (see the file comment). */
export function availabilityForSubscriber(facts: StockFacts): SubscriberAvailability {
  if (!facts.productActive) return { purchasable: false, reason: "The product isn't active in the online store." };
  if (facts.discontinued) return { purchasable: false, reason: "The variant is marked discontinued." };
  if (!facts.tracked) return { purchasable: true, reason: "Inventory isn't tracked, so it can always be bought." };
  if (facts.available > 0) return { purchasable: true, reason: `${units(facts.available)} in stock.` };
  return { purchasable: false, reason: facts.available < 0 ? `Sold out (${units(-facts.available)} owed on backorder).` : "Sold out." };
}

export type StockSignal = { purchasable: boolean; available: number; eventAt: Date };

export type StockObservation = { purchasable: boolean; available: number; tracked: boolean };

export type StockTransition =
  /** Older than the last applied signal: ignored, the signal stays. */
  | { kind: "stale" }
  /** Nothing a subscriber would notice changed; `writeSignal` when the stored numbers should still be updated. */
  | { kind: "unchanged"; writeSignal: boolean }
  /** Not purchasable → purchasable. `unitsRestocked` is null when stock isn't tracked (no unit count applies). */
  | { kind: "restock"; unitsRestocked: number | null }
  /** Purchasable → not purchasable: open alert events for the variant should stop. */
  | { kind: "sold_out" };

/**
 * Compares the variant's current state with the last applied signal.
 * `seed` is the mirror's state just before this event when known (an inventory webhook's previous total). Without a
 * signal (first time the app sees this variant) a transition from the seed counts; without either the variant is
 * only recorded (no restock), so a first sighting never fires alerts on its own.
 */
export function detectStockTransition(input: {
  signal: StockSignal | null;
  seed?: { purchasable: boolean; available: number } | null;
  current: StockObservation;
  eventAt: Date;
}): StockTransition {
  const { signal, current, eventAt } = input;
  if (signal && eventAt.getTime() < signal.eventAt.getTime()) return { kind: "stale" };
  // The mirror's state just before this event (inventory webhooks know it) beats a signal that disagrees with it:
  // the signal then missed a change (a catalog sync, an ignored stale event) and would hide this transition.
  const seed = input.seed ?? null;
  const signalOutdated = !!signal && !!seed && seed.available !== signal.available;
  const previous = signal && !signalOutdated ? signal : (seed ?? signal);
  if (!previous) return { kind: "unchanged", writeSignal: true };
  if (!previous.purchasable && current.purchasable) {
    // Units restocked = new available − max(previous available, 0), where "previous available" means units a shopper
    // could already buy: none, since the variant was not purchasable (stock ≤ 0, or > 0 on a draft/discontinued
    // variant whose units are all new to the shopper now). So every unit now available counts.
    return { kind: "restock", unitsRestocked: current.tracked ? Math.max(0, current.available) : null };
  }
  if (previous.purchasable && !current.purchasable) return { kind: "sold_out" };
  return { kind: "unchanged", writeSignal: !signal || signal.available !== current.available };
}

/** The first batch: ceil(units restocked × multiplier), at least 1 for a real restock; null = no limit (untracked). */
export function firstBatchSize(unitsRestocked: number | null, multiplier: number): number | null {
  if (unitsRestocked === null) return null;
  return Math.max(1, Math.ceil(unitsRestocked * normalizedMultiplier(multiplier)));
}

function normalizedMultiplier(multiplier: number): number {
  return Number.isFinite(multiplier) && multiplier > 0 ? multiplier : 1;
}

export function nextBatchTime(now: Date, intervalMins: number): Date {
  const minutes = Number.isFinite(intervalMins) && intervalMins > 0 ? intervalMins : 60;
  return new Date(now.getTime() + minutes * 60_000);
}

export type BatchEvent = {
  status: string; // open | done | cancelled
  trigger: string; // auto | manual
  unitsRestocked: number;
  /** Batches already sent for this event. */
  batchCount: number;
};

export type BatchDecision =
  | { action: "skip"; reason: string }
  | { action: "cancel"; reason: string }
  | { action: "wait_for_manual"; reason: string }
  | { action: "done"; reason: string }
  | { action: "send"; count: number; reason: string };

/**
 * The re-check right before a batch is sent (see the file comment). `waiting` = active subscribers of the variant
 * not yet notified. `batchNumber` is the batch this run would send (1-based); a run for a batch already sent (a job
 * that ran again after a crash) is skipped.
 */
export function decideBatch(input: {
  event: BatchEvent;
  batchNumber: number;
  availability: SubscriberAvailability;
  facts: Pick<StockFacts, "tracked" | "available">;
  paused: boolean;
  multiplier: number;
  waiting: number;
}): BatchDecision {
  const { event, batchNumber, availability, facts } = input;
  if (event.status !== "open") return { action: "skip", reason: `The restock event is ${event.status}.` };
  if (event.batchCount >= batchNumber) return { action: "skip", reason: `Batch ${batchNumber} was already sent.` };
  if (!availability.purchasable) return { action: "cancel", reason: `No longer purchasable: ${availability.reason}` };
  if (input.paused && event.trigger === "auto") {
    return { action: "wait_for_manual", reason: "Alerts are paused for this variant or automatic sending is off: waiting for a manual send." };
  }
  if (input.waiting <= 0) return { action: "done", reason: "Every waiting subscriber has been notified." };
  const multiplier = normalizedMultiplier(input.multiplier);
  let limit: number;
  if (!facts.tracked) limit = input.waiting;
  else {
    const fromStock = Math.ceil(Math.max(facts.available, 0) * multiplier);
    limit = batchNumber === 1 ? Math.min(firstBatchSize(event.unitsRestocked, multiplier) ?? fromStock, fromStock) : fromStock;
  }
  const count = Math.min(limit, input.waiting);
  if (count <= 0) return { action: "cancel", reason: "No units left to offer." };
  return { action: "send", count, reason: `${count} of ${input.waiting} waiting` };
}

/** The reason stored on each email, for the merchant: "5 units restocked on 24 Nov 10:02; batch 1 (5 of 12 waiting)". */
export function batchEmailReason(input: {
  trigger: string;
  unitsRestocked: number | null;
  detectedAt: Date;
  timeZone: string;
  batchNumber: number;
  count: number;
  waiting: number;
  triggeredBy?: string | null;
}): string {
  const when = formatShort(input.detectedAt, input.timeZone);
  const share = `${input.count} of ${input.waiting} waiting`;
  if (input.trigger === "manual") return `Sent by hand${input.triggeredBy ? ` by ${input.triggeredBy}` : ""} on ${when} (${share})`;
  const what = input.unitsRestocked === null || input.unitsRestocked === 0 ? "Back in stock" : `${units(input.unitsRestocked)} restocked`;
  return `${what} on ${when}; batch ${input.batchNumber} (${share})`;
}

function formatShort(date: Date, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone: zone })
      .format(date)
      .replace(",", "");
  try {
    return format(timeZone);
  } catch {
    return format("UTC");
  }
}
