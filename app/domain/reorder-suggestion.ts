// Reorder suggestions and restock priority from a variant's demand forecast. Pure; money as integer cents (the
// dashboard's convention: decimal strings in, `priceToCents`, never floats for sums).
//
// Order quantity (periodic review, order-up-to): cover the demand until the order after next could arrive
// (lead time + review period), plus safety stock, minus what is on hand or on its way, plus what is already owed:
//   Q = ⌈ D(L+R) + z·σ·√(L+R) − available − inbound + owed + waitlist × alert conversion ⌉, never below 0.
// D is the forecast's expected units over the next L+R days (weekday factors included), σ² its daily variance, z the
// standard normal quantile of the service level (the chance that a cycle does not run out). `available` counts only
// stock on hand (a negative available is what `owed` already counts, so it is read as 0).
import type { Arrival, DemandForecast } from "./demand-forecast";
import { forecastTotal, predictStockOut, unservedDemand } from "./demand-forecast";
import { priceToCents } from "./dashboard";

// ---------- Inverse normal ----------

// Acklam's rational approximation of the standard normal quantile (relative error < 1.15e-9), with its two tails.
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

/** z such that P(Z ≤ z) = p for a standard normal Z; p strictly between 0 and 1. */
export function inverseNormal(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`A probability strictly between 0 and 1 is needed, got ${p}.`);
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) return -inverseNormal(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

// ---------- Lead time and review period ----------

export type LeadTimeOverride = { leadTimeDays?: number | null; reviewPeriodDays?: number | null };
export type LeadTimeSettings = {
  /** Shop default. */
  leadTimeDays: number;
  reviewPeriodDays: number;
  /** Keyed by variant id (exact). */
  byVariant?: Readonly<Record<string, LeadTimeOverride>>;
  /** Keyed by product type, matched trimmed and case-insensitively. */
  byProductType?: Readonly<Record<string, LeadTimeOverride>>;
  /** Keyed by vendor, matched trimmed and case-insensitively. */
  byVendor?: Readonly<Record<string, LeadTimeOverride>>;
};
export type LeadTimeSource = "variant" | "product_type" | "vendor" | "default";
export type ResolvedLeadTime = {
  leadTimeDays: number;
  reviewPeriodDays: number;
  leadTimeSource: LeadTimeSource;
  reviewPeriodSource: LeadTimeSource;
};

const normalise = (key: string) => key.trim().toLowerCase();
const normalisedMaps = new WeakMap<object, Map<string, LeadTimeOverride>>();

/** A name-keyed override table with normalised keys, built once per settings object (100,000 look-ups stay O(1)). */
function byName(table: Readonly<Record<string, LeadTimeOverride>>): Map<string, LeadTimeOverride> {
  let map = normalisedMaps.get(table);
  if (!map) {
    map = new Map();
    for (const [key, value] of Object.entries(table)) if (!map.has(normalise(key))) map.set(normalise(key), value);
    normalisedMaps.set(table, map);
  }
  return map;
}

function assertDays(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0 || value > 3650) throw new RangeError(`${name} must be 0 to 3650 whole days, got ${value}.`);
}

/**
 * Lead time and review period of a variant: a variant override beats its product type's, which beats its vendor's,
 * which beats the shop default. Each of the two values is resolved on its own (an override may set only one).
 */
export function resolveLeadTime(
  settings: LeadTimeSettings,
  variant: { variantId: string; productType?: string | null; vendor?: string | null },
): ResolvedLeadTime {
  assertDays(settings.leadTimeDays, "The default lead time");
  assertDays(settings.reviewPeriodDays, "The default review period");
  const candidates: [LeadTimeSource, LeadTimeOverride | undefined][] = [
    ["variant", settings.byVariant ? Object.hasOwn(settings.byVariant, variant.variantId) ? settings.byVariant[variant.variantId] : undefined : undefined],
    ["product_type", settings.byProductType && variant.productType ? byName(settings.byProductType).get(normalise(variant.productType)) : undefined],
    ["vendor", settings.byVendor && variant.vendor ? byName(settings.byVendor).get(normalise(variant.vendor)) : undefined],
  ];
  const pick = (field: keyof LeadTimeOverride, fallback: number): [number, LeadTimeSource] => {
    for (const [source, override] of candidates) {
      const value = override?.[field];
      if (value !== undefined && value !== null) {
        assertDays(value, `The ${source.replace("_", " ")} ${field === "leadTimeDays" ? "lead time" : "review period"}`);
        return [value, source];
      }
    }
    return [fallback, "default"];
  };
  const [leadTimeDays, leadTimeSource] = pick("leadTimeDays", settings.leadTimeDays);
  const [reviewPeriodDays, reviewPeriodSource] = pick("reviewPeriodDays", settings.reviewPeriodDays);
  return { leadTimeDays, reviewPeriodDays, leadTimeSource, reviewPeriodSource };
}

// ---------- Suggestion ----------

export type ReorderInput = {
  forecast: DemandForecast;
  leadTimeDays: number;
  reviewPeriodDays: number;
  /** Chance a replenishment cycle does not run out, 0.5 ≤ p < 1 (e.g. 0.95). */
  serviceLevel: number;
  /** Units on hand and available to sell (negative is read as 0: see `owedUnits`). */
  available: number;
  /** Units on their way, with the day they are expected. */
  inbound: readonly Arrival[];
  /** Units already sold on backorder and not yet allocated. */
  owedUnits: number;
  /** Waitlist subscribers, and the share of alerted subscribers who buy (measured; 0 when unknown). */
  waitlistSubscribers: number;
  alertConversionRate: number;
  /** Decimal strings as Shopify sends them ("19.99"); null when unknown. */
  price: string | null;
  unitCost: string | null;
};

export type ReorderSuggestion = {
  /** Whole units to order now (0 = nothing). */
  suggestedQuantity: number;
  /** The parts of the formula, for the page to explain the number. */
  demandOverCycle: number;
  safetyStock: number;
  z: number;
  inboundUnits: number;
  waitlistUnits: number;
  /** Likely stock-out falls within the lead time: an order placed today arrives too late. */
  atRisk: boolean;
  likelyStockOut: string | null;
  /** Expected units that cannot be served during the lead time (demand while out of stock). */
  unitsAtRisk: number;
  /** unitsAtRisk × price, and × (price − unit cost) when the cost is known; cents. */
  revenueAtRiskCents: number | null;
  marginAtRiskCents: number | null;
};

function assertCount(value: number, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) throw new RangeError(`${name} must be a number ≥ 0, got ${value}.`);
}

export function suggestReorder(input: ReorderInput): ReorderSuggestion {
  const { forecast, leadTimeDays, reviewPeriodDays } = input;
  assertDays(leadTimeDays, "The lead time");
  assertDays(reviewPeriodDays, "The review period");
  if (!(input.serviceLevel >= 0.5 && input.serviceLevel < 1)) {
    throw new RangeError(`The service level must be at least 0.5 and below 1 (e.g. 0.95), got ${input.serviceLevel}.`);
  }
  if (typeof input.available !== "number" || !Number.isFinite(input.available)) throw new RangeError(`Available stock must be a finite number, got ${input.available}.`);
  assertCount(input.owedUnits, "Owed units");
  assertCount(input.waitlistSubscribers, "Waitlist subscribers");
  if (!(input.alertConversionRate >= 0 && input.alertConversionRate <= 1)) {
    throw new RangeError(`The alert conversion rate must be between 0 and 1, got ${input.alertConversionRate}.`);
  }
  let inboundUnits = 0;
  for (const arrival of input.inbound) {
    assertCount(arrival.units, `Inbound units arriving ${arrival.day}`);
    inboundUnits += arrival.units;
  }
  const cycle = leadTimeDays + reviewPeriodDays;
  const onHand = Math.max(0, input.available);
  const z = inverseNormal(input.serviceLevel);
  const demandOverCycle = forecastTotal(forecast, cycle);
  const safetyStock = z * Math.sqrt(forecast.dailyVariance) * Math.sqrt(cycle);
  const waitlistUnits = input.waitlistSubscribers * input.alertConversionRate;
  const need = demandOverCycle + safetyStock - onHand - inboundUnits + input.owedUnits + waitlistUnits;
  // A hair of float noise (10.000000000001) must not order one unit more.
  const suggestedQuantity = need > 1e-9 ? Math.ceil(need - 1e-9) : 0;

  const stockOut = predictStockOut(forecast, { available: onHand - input.owedUnits, inbound: input.inbound, horizonDays: Math.max(leadTimeDays, 1) });
  const atRisk = stockOut !== null && stockOut.likelyInDays !== null && stockOut.likelyInDays < leadTimeDays;
  const unitsAtRisk = unservedDemand(forecast, onHand - input.owedUnits, input.inbound, leadTimeDays);
  const price = priceToCents(input.price);
  const cost = priceToCents(input.unitCost);
  return {
    suggestedQuantity,
    demandOverCycle,
    safetyStock,
    z,
    inboundUnits,
    waitlistUnits,
    atRisk,
    likelyStockOut: atRisk ? stockOut.likely : null,
    unitsAtRisk,
    revenueAtRiskCents: price === null ? null : Math.round(unitsAtRisk * price),
    marginAtRiskCents: price === null || cost === null ? null : Math.round(unitsAtRisk * (price - cost)),
  };
}
