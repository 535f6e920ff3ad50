// Turning backorders on ahead of a predicted stock-out when stock is inbound (a rule option). Pure: today, the
// calendar and the handling time are passed in.
//
// A variant still in stock whose earliest predicted stock-out (the forecast already counts the arrivals that land
// before it) falls within the rule's window, and that has a shipment on its way arriving AFTER that day, would be
// unsellable between the two: backorders go on now, with the ETA of that shipment (its arrival day + the handling
// business days, as inbound ETAs are computed), so shoppers can keep ordering through the gap. No shipment after
// the stock-out → no gap this can bridge (the zero-stock rule still applies when it happens).
//
// Like the zero-stock automation it never touches the merchant's own settings (manual or CSV rows), discontinued
// or untracked variants. What it turned on carries a mark (`aheadOfStockOut`); only such a variant is turned back
// off when the prediction goes away (stock arrived, the forecast moved out of the window, the shipment was
// cancelled) before it actually reached zero. At zero the mark is released and the ordinary rule owns the variant.
// Decisions depend on the current state only, so running twice acts once.

import { addCalendarDays, compareLocalDates, type BusinessCalendar } from "./eta";
import { addBusinessDaysToDate, type InboundArrival } from "./inbound-eta";
import type { BackorderSource, LocalDate } from "./types";

/** The window when the rule sets none and the variant has no lead time. */
export const DEFAULT_AHEAD_WINDOW_DAYS = 7;
export const AHEAD_WINDOW_DAYS_MAX = 365;

export type PredictedStockOutInput = {
  /** The governing rule's option (null: no active rule governs the variant). */
  rule: { id: string; name: string; enableAheadOfStockOut: boolean; aheadWindowDays: number | null } | null;
  /** The variant's forecast row (VariantForecast), or null when none was computed. */
  forecast: { stockOutEarliest: LocalDate | null; stockOutLikely: LocalDate | null; leadTimeDays: number } | null;
  /** Units available now (sum over locations). */
  available: number;
  tracked: boolean;
  /** The VariantBackorder row, or null. */
  backorder: {
    enabled: boolean;
    source: BackorderSource;
    discontinued: boolean;
    aheadOfStockOut: boolean;
    etaDate: LocalDate | null;
    etaSource: "manual" | "inbound";
  } | null;
  /** Shipments on their way for the variant (one per shipment, units not yet received). */
  arrivals: readonly InboundArrival[];
  today: LocalDate;
  handlingDays: number;
  calendar?: BusinessCalendar;
};

export type PredictedStockOutDecision =
  | { action: "none"; reason: string }
  /** Turn backorders on (source "rule", etaSource "inbound", marked ahead) with this ETA. */
  | { action: "enable"; reason: string; etaDate: LocalDate; shipmentId: string; ruleId: string }
  /** Still ahead of the stock-out, but the gap-filling shipment's ETA moved: set the new one. */
  | { action: "update_eta"; reason: string; etaDate: LocalDate; shipmentId: string; ruleId: string }
  /** Turn back off what this automation turned on (prediction gone before the variant reached zero). */
  | { action: "disable"; reason: string }
  /** The variant reached zero: drop the mark, the ordinary rule owns it from now on. */
  | { action: "release"; reason: string };

/** The window in days: the rule's, else the variant's lead time, else 7. */
export function aheadWindowDays(rule: { aheadWindowDays: number | null }, leadTimeDays: number): number {
  if (rule.aheadWindowDays !== null) return rule.aheadWindowDays;
  return leadTimeDays > 0 ? leadTimeDays : DEFAULT_AHEAD_WINDOW_DAYS;
}

type Gap = { stockOut: LocalDate; arrival: InboundArrival & { arrivesOn: LocalDate }; etaDate: LocalDate; windowDays: number };

/** The predicted gap this automation bridges, or why there is none. */
function findGap(input: PredictedStockOutInput): Gap | string {
  const { rule, forecast, today } = input;
  if (!rule) return "No active automation rule governs this variant.";
  if (!rule.enableAheadOfStockOut) return `Rule "${rule.name}" doesn't turn backorders on ahead of a predicted stock-out.`;
  if (!forecast?.stockOutEarliest) return "No stock-out is predicted.";
  const windowDays = aheadWindowDays(rule, forecast.leadTimeDays);
  const stockOut = forecast.stockOutEarliest;
  if (compareLocalDates(stockOut, addCalendarDays(today, windowDays)) > 0) {
    return `The earliest predicted stock-out (${stockOut}) is more than ${windowDays} days away.`;
  }
  // A shipment whose arrival day has passed unreceived is late: it counts as arriving today (as for inbound ETAs).
  const after = input.arrivals
    .filter((a): a is InboundArrival & { arrivesOn: LocalDate } => a.arrivesOn !== null && a.units > 0)
    .map((a) => (compareLocalDates(a.arrivesOn, today) < 0 ? { ...a, arrivesOn: today } : a))
    .filter((a) => compareLocalDates(a.arrivesOn, stockOut) > 0)
    .sort((a, b) => compareLocalDates(a.arrivesOn, b.arrivesOn) || a.shipmentId.localeCompare(b.shipmentId));
  const arrival = after[0];
  if (!arrival) return `No inbound shipment with an arrival date arrives after the predicted stock-out (${stockOut}): no gap to bridge.`;
  const etaDate = addBusinessDaysToDate(arrival.arrivesOn, input.handlingDays, input.calendar);
  return { stockOut, arrival, etaDate, windowDays };
}

export function decidePredictedStockOut(input: PredictedStockOutInput): PredictedStockOutDecision {
  const { backorder } = input;
  const ours = !!backorder && backorder.enabled && backorder.source === "rule" && backorder.aheadOfStockOut;

  if (ours) {
    if (input.available <= 0) return { action: "release", reason: "Reached zero stock: the rule's ordinary automation owns the variant now." };
    const gap = findGap(input);
    if (typeof gap === "string") return { action: "disable", reason: `Turned on ahead of a predicted stock-out, which is no longer predicted: ${gap}` };
    if (backorder.etaSource === "inbound" && backorder.etaDate !== gap.etaDate) {
      return {
        action: "update_eta",
        reason: `Inbound shipment ${gap.arrival.shipmentName} now arrives ${gap.arrival.arrivesOn}: ETA ${gap.etaDate}.`,
        etaDate: gap.etaDate,
        shipmentId: gap.arrival.shipmentId,
        ruleId: input.rule!.id,
      };
    }
    return { action: "none", reason: "Already on ahead of the predicted stock-out." };
  }

  if (backorder?.enabled) return { action: "none", reason: "Backorders are already on." };
  if (!input.tracked) return { action: "none", reason: "Inventory isn't tracked, so there is nothing to automate." };
  if (backorder && backorder.source !== "rule") {
    return { action: "none", reason: `The merchant set this variant's backorders (${backorder.source}); the rule doesn't override that.` };
  }
  if (backorder?.discontinued) return { action: "none", reason: "Discontinued: backorders stay off." };
  if (input.available <= 0) return { action: "none", reason: "Already out of stock: the zero-stock automation decides." };
  const gap = findGap(input);
  if (typeof gap === "string") return { action: "none", reason: gap };
  const rule = input.rule!;
  return {
    action: "enable",
    reason:
      `Predicted to sell out as early as ${gap.stockOut}${input.forecast?.stockOutLikely ? ` (likely ${input.forecast.stockOutLikely})` : ""} ` +
      `(within ${gap.windowDays} days) before inbound shipment ` +
      `${gap.arrival.shipmentName} arrives ${gap.arrival.arrivesOn}: backorders turned on by rule "${rule.name}", ETA ${gap.etaDate}.`,
    etaDate: gap.etaDate,
    shipmentId: gap.arrival.shipmentId,
    ruleId: rule.id,
  };
}
