// Sales history rules. Pure: order states, stored rows and time zones are passed in.
//
// Units sold per variant and shop-local day (VariantSalesDay) are the sum of what each order line contributes
// now (OrderSalesLine.netUnits). Every delivery about an order — orders/create, orders/updated, orders/cancelled,
// the re-read after refunds/create, a backfill line — is the order's state at its `updatedAt`; its lines' net units
// (quantity minus refunded and removed units, 0 once cancelled) replace what they contributed before and the
// difference goes onto the day. A state older than the one applied is ignored, so duplicate and out-of-order
// deliveries, and a backfill overlapping the webhooks, converge on the order's current state and count each
// order once. The day is the order's processing time in the shop's time zone, fixed when a line is first seen
// (a refund counts against the day of the sale, not the day of the refund: the demand happened then).
import { todayIn } from "./eta";
import type { LocalDate } from "./types";

export const SALES_HISTORY_BACKFILL_DAYS = 60;

/** One order line's contribution as the delivery states it. */
export type SalesLineState = { lineItemId: string; variantId: string | null; productId: string | null; netUnits: number };

/** An order's state as one delivery states it. */
export type OrderSalesState = { orderId: string; updatedAt: Date; day: LocalDate; lines: readonly SalesLineState[] };

/** What a line contributes now (an OrderSalesLine row). */
export type StoredSalesLine = { orderId: string; lineItemId: string; variantId: string; day: LocalDate; netUnits: number; orderUpdatedAt: Date };

export type SalesDayDelta = { variantId: string; productId: string | null; day: LocalDate; delta: number };

export type SalesConvergencePlan = {
  /** Lines to write (new, or with a new net or newer order state). */
  lines: StoredSalesLine[];
  /** Non-zero changes of VariantSalesDay.unitsSold, one per variant and day. */
  deltas: SalesDayDelta[];
  applied: number;
  stale: number;
};

/** Net units a line contributes: what is left after refunds and removals (never negative), 0 once cancelled. */
export function netUnitsOfLine(input: { quantity: number; currentQuantity: number; cancelled: boolean }): number {
  if (input.cancelled) return 0;
  return Math.max(0, Math.min(input.quantity, input.currentQuantity));
}

/** The shop-local day an order's units count on: when it was processed (imported orders), else created. */
export function salesDayOf(input: { processedAt: Date | null; createdAt: Date }, timeZone: string): LocalDate {
  return todayIn(timeZone, input.processedAt ?? input.createdAt);
}

/**
 * Plans the convergence of orders' stored lines on the delivered states. `stored` = the OrderSalesLine rows of
 * these orders. Several states of one order are applied in turn (the newest wins whatever the order).
 */
export function planSalesConvergence(input: { stored: readonly StoredSalesLine[]; states: readonly OrderSalesState[] }): SalesConvergencePlan {
  const byOrder = new Map<string, Map<string, StoredSalesLine>>();
  for (const line of input.stored) {
    const lines = byOrder.get(line.orderId) ?? new Map<string, StoredSalesLine>();
    lines.set(line.lineItemId, line);
    byOrder.set(line.orderId, lines);
  }
  const written = new Map<string, StoredSalesLine>();
  const deltas = new Map<string, SalesDayDelta>();
  const addDelta = (variantId: string, productId: string | null, day: LocalDate, delta: number) => {
    if (delta === 0) return;
    const key = `${variantId}|${day}`;
    const entry = deltas.get(key) ?? { variantId, productId: null, day, delta: 0 };
    entry.delta += delta;
    entry.productId = productId ?? entry.productId;
    deltas.set(key, entry);
  };
  let applied = 0;
  let stale = 0;
  for (const state of input.states) {
    const lines = byOrder.get(state.orderId) ?? new Map<string, StoredSalesLine>();
    byOrder.set(state.orderId, lines);
    let newest: Date | null = null;
    for (const line of lines.values()) if (!newest || line.orderUpdatedAt > newest) newest = line.orderUpdatedAt;
    if (newest && state.updatedAt < newest) {
      stale++;
      continue;
    }
    applied++;
    for (const line of state.lines) {
      const before = lines.get(line.lineItemId);
      const variantId = before?.variantId ?? line.variantId;
      if (!variantId) continue; // a custom line without a variant sells nothing we track
      const netUnits = Math.max(0, Math.trunc(line.netUnits));
      const day = before?.day ?? state.day;
      const next: StoredSalesLine = { orderId: state.orderId, lineItemId: line.lineItemId, variantId, day, netUnits, orderUpdatedAt: state.updatedAt };
      const delta = netUnits - (before?.netUnits ?? 0);
      if (before && delta === 0 && before.orderUpdatedAt.getTime() === state.updatedAt.getTime()) continue; // a duplicate
      lines.set(line.lineItemId, next);
      written.set(`${state.orderId}|${line.lineItemId}`, next);
      addDelta(variantId, line.productId, day, delta);
    }
    // Lines the state does not list keep their contribution but carry the order's newest state: a later, older
    // delivery must not count as new.
    const listed = new Set(state.lines.map((l) => l.lineItemId));
    for (const [lineItemId, line] of lines) {
      if (listed.has(lineItemId) || line.orderUpdatedAt >= state.updatedAt) continue;
      const next = { ...line, orderUpdatedAt: state.updatedAt };
      lines.set(lineItemId, next);
      written.set(`${state.orderId}|${lineItemId}`, next);
    }
  }
  return {
    lines: [...written.values()],
    deltas: [...deltas.values()].filter((d) => d.delta !== 0),
    applied,
    stale,
  };
}

/** The start of the backfill window: `days` days before now (what `read_orders` serves without read_all_orders). */
export function backfillFromInstant(now: Date, days: number = SALES_HISTORY_BACKFILL_DAYS): Date {
  return new Date(now.getTime() - days * 86_400_000);
}
