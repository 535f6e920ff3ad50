// The backorder ledger's rules. Pure: stock levels, order facts and time are passed in.
//
// Classification (orders/create). A line's units are taken from the location(s) of the fulfillment order(s) that
// hold it — that is where Shopify committed the stock (an order webhook does not say so itself; the service reads
// the fulfillment orders; a shop with a single stocked location needs no lookup). At each location the units the
// sale took below zero are backordered: taken − max(0, level before the sale). Several lines of the same variant at
// the same location are taken one after another (the second sees what the first left). Untracked, DENY and unknown
// variants are never backordered.
//
// Level before the sale: the mirror's level, unless the mirror has already applied this sale's
// inventory_levels/update (its Shopify timestamp is not older than the order) — then the units the order took there
// are added back. Limitation (documented, not guessed around): when several orders of the same variant at the same
// location are processed after all their inventory webhooks, the split between those orders may be off; the total
// owed stays right and reallocation (oldest first) and the hourly reconciliation work on totals.
//
// Resolution. What a line still owes follows from absolute order facts (never increments, so duplicate and
// out-of-order webhooks converge): units removed from the line (edits, refunds) come off the backordered part first;
// units fulfilled come off the in-stock part first (the in-stock units ship first).
//
// Reallocation. Arrived stock covers the owed units of a variant at a location up to what is not still below zero;
// the covered units go to the oldest open lines first (`quantityAllocated`).

/** The line-item property the storefront's theme extension adds when the shopper saw the backorder notice. */
export const BACKORDER_NOTICE_PROPERTY = "Backorder";

export type LineProperty = { name: string; value: string | null };

/** Whether the shopper saw the storefront's backorder notice (the line carries its `Backorder` property). */
export function sawBackorderNotice(properties: readonly LineProperty[] | null | undefined): boolean {
  return (properties ?? []).some((p) => p.name === BACKORDER_NOTICE_PROPERTY && typeof p.value === "string" && p.value.trim() !== "");
}

export type StockVariant = { tracked: boolean; inventoryPolicy: string };

export type OrderLineToClassify = {
  lineItemId: string;
  variantId: string | null;
  quantity: number;
  properties?: readonly LineProperty[];
  /** Where the line's units were committed: from its fulfillment orders. */
  takes: ReadonlyArray<{ locationId: string; quantity: number }>;
};

export type LineOutcome = "backordered" | "in_stock" | "untracked" | "deny" | "unknown_variant";

export type ClassifiedLine = {
  lineItemId: string;
  variantId: string | null;
  quantity: number;
  quantityBackordered: number;
  /** The location where most of the backordered units were taken below zero (null when nothing is backordered). */
  locationId: string | null;
  outcome: LineOutcome;
  sawNotice: boolean;
};

export const levelKey = (variantId: string, locationId: string) => `${variantId}|${locationId}`;

/**
 * The level at a location just before this order's sale. `takenByOrder` = all units this order took there for
 * the variant (every line).
 */
export function levelBeforeSale(input: { available: number; levelUpdatedAt: Date | null; orderCreatedAt: Date; takenByOrder: number }): number {
  const saleAlreadyApplied = input.levelUpdatedAt !== null && input.levelUpdatedAt.getTime() >= input.orderCreatedAt.getTime();
  return saleAlreadyApplied ? input.available + input.takenByOrder : input.available;
}

/** Units taken below zero when `taken` units leave a location holding `before`. */
export function unitsBelowZero(before: number, taken: number): number {
  if (taken <= 0) return 0;
  return Math.min(taken, Math.max(0, taken - Math.max(0, before)));
}

/**
 * Classifies the lines of one new order. `levelsBefore` maps levelKey(variant, location) → level before the sale
 * (see levelBeforeSale); a missing level counts as 0.
 */
export function classifyOrderLines(input: {
  lines: readonly OrderLineToClassify[];
  variants: ReadonlyMap<string, StockVariant>;
  levelsBefore: ReadonlyMap<string, number>;
}): ClassifiedLine[] {
  const levels = new Map(input.levelsBefore);
  return input.lines.map((line) => {
    const base = { lineItemId: line.lineItemId, variantId: line.variantId, quantity: line.quantity, sawNotice: sawBackorderNotice(line.properties) };
    const variant = line.variantId ? input.variants.get(line.variantId) : undefined;
    if (!line.variantId || !variant) return { ...base, quantityBackordered: 0, locationId: null, outcome: "unknown_variant" as const };
    if (!variant.tracked) return { ...base, quantityBackordered: 0, locationId: null, outcome: "untracked" as const };
    if (variant.inventoryPolicy !== "CONTINUE") return { ...base, quantityBackordered: 0, locationId: null, outcome: "deny" as const };
    let backordered = 0;
    let mainLocation: string | null = null;
    let mainUnits = 0;
    for (const take of line.takes) {
      const key = levelKey(line.variantId, take.locationId);
      const before = levels.get(key) ?? 0;
      const below = unitsBelowZero(before, take.quantity);
      levels.set(key, before - take.quantity);
      backordered += below;
      if (below > mainUnits) {
        mainUnits = below;
        mainLocation = take.locationId;
      }
    }
    const quantityBackordered = Math.min(line.quantity, backordered);
    return {
      ...base,
      quantityBackordered,
      locationId: quantityBackordered > 0 ? mainLocation : null,
      outcome: quantityBackordered > 0 ? ("backordered" as const) : ("in_stock" as const),
    };
  });
}

export type LedgerLineStatus = "open" | "fulfilled" | "cancelled" | "refunded" | "removed";

/** Why units left a line without being fulfilled: an order edit ("removed") or a refund ("refunded"). */
export type ReductionReason = "removed" | "refunded";

export type LineFacts = {
  quantityOrdered: number;
  quantityBackordered: number;
  /** The line's quantity now (after edits and refunds). */
  currentQuantity: number;
  /** Units of the line fulfilled so far. */
  fulfilledQuantity: number;
  orderCancelled: boolean;
  reductionReason: ReductionReason;
};

export type LineResolution = { owed: number; quantityResolved: number; status: LedgerLineStatus };

export function resolveLine(facts: LineFacts): LineResolution {
  const backordered = Math.max(0, facts.quantityBackordered);
  if (facts.orderCancelled) return { owed: 0, quantityResolved: backordered, status: "cancelled" };
  const current = Math.max(0, Math.min(facts.quantityOrdered, facts.currentQuantity));
  const removed = facts.quantityOrdered - current;
  const backorderedLeft = Math.max(0, backordered - removed); // removals come off the backordered units first
  const inStockLeft = current - backorderedLeft;
  const backorderedFulfilled = Math.min(backorderedLeft, Math.max(0, facts.fulfilledQuantity - inStockLeft)); // in-stock units ship first
  const owed = backorderedLeft - backorderedFulfilled;
  if (owed > 0) return { owed, quantityResolved: backordered - owed, status: "open" };
  return { owed: 0, quantityResolved: backordered, status: backorderedFulfilled > 0 ? "fulfilled" : facts.reductionReason };
}

export type OpenLedgerLine = { id: string; orderedAt: Date; owed: number; quantityAllocated: number };

/**
 * Allocation of arrived stock to open lines of one variant at one location, oldest first. `available` is the
 * location's level now: while it is below zero, that many owed units are still uncovered (the newest ones).
 * Returns the new quantityAllocated per line id (every line, changed or not).
 */
export function allocateArrivedStock(input: { lines: readonly OpenLedgerLine[]; available: number }): Map<string, number> {
  const sorted = [...input.lines].sort((a, b) => a.orderedAt.getTime() - b.orderedAt.getTime() || a.id.localeCompare(b.id));
  const totalOwed = sorted.reduce((sum, line) => sum + Math.max(0, line.owed), 0);
  let covered = Math.max(0, totalOwed - Math.max(0, -input.available));
  const result = new Map<string, number>();
  for (const line of sorted) {
    const units = Math.min(Math.max(0, line.owed), covered);
    covered -= units;
    result.set(line.id, units);
  }
  return result;
}

/** The shopper-facing locales of the outbox; anything else falls back to English. */
export function shopperLocale(customerLocale: string | null | undefined): "en" | "de" | "fr" | "es" {
  const base = (customerLocale ?? "").trim().toLowerCase().split(/[-_]/)[0];
  return base === "de" || base === "fr" || base === "es" ? base : "en";
}

/** "Order #1001 has 2 backordered lines (ships by 2026-12-01)" — the email's reason for the merchant's history. */
export function confirmationReason(orderName: string, etas: ReadonlyArray<string | null>): string {
  const dates = etas.filter((d): d is string => !!d).sort();
  const count = etas.length;
  const lines = `${count} backordered line${count === 1 ? "" : "s"}`;
  const latest = dates.length ? ` (ships by ${dates[dates.length - 1]})` : "";
  return `Order ${orderName} has ${lines}${latest}`;
}

export const CONVERSION_WINDOW_MS = 7 * 86_400_000;

/** An order converts a back-in-stock alert when it comes from the notified address within 7 days of the alert. */
export function isAlertConversion(input: { notifiedAt: Date | null; orderedAt: Date }): boolean {
  if (!input.notifiedAt) return false;
  const elapsed = input.orderedAt.getTime() - input.notifiedAt.getTime();
  return elapsed >= 0 && elapsed <= CONVERSION_WINDOW_MS;
}
