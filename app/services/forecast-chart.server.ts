// A variant's forecast page: its stored forecast row (what the list shows), and the chart and the suggestion's
// breakdown, made from the variant's own history at page load with the recompute's own inputs and window
// (app/services/forecast-recompute.server.ts: historyWindow, forecastSeries, forecastArrivals) and the same domain
// fit: one variant's sales days (a primary-key range read), microseconds to fit. The stored stock-out interval is
// drawn as stored, so the chart and the list agree; the breakdown uses the stored stock figures and the parameters
// of the last recompute, so it adds up to the stored suggestion unless sales came in since.
import { addCalendarDays, todayIn } from "../domain/eta";
import { forecastBand, type Arrival, type DemandForecast } from "../domain/demand-forecast";
import { BACKTEST_REASON_MESSAGES, forecastVariant, type BacktestUnavailableReason } from "../domain/forecast-backtest";
import { suggestReorder } from "../domain/reorder-suggestion";
import { loadShopToday } from "../models/shop-time-zone.server";
import { lastLevelBefore } from "../models/sales-history.server";
import { listInboundRows } from "../models/inbound-shipment.server";
import { getVariantForecast } from "../models/variant-forecast.server";
import { earliestSalesDay, loadSalesRows } from "../models/forecast-inputs.server";
import { loadShopCurrency, loadVariantChartFacts } from "../models/forecast-page.server";
import { forecastArrivals, forecastSeries, historyWindow, loadForecastParameters, type ForecastParameters } from "./forecast-recompute.server";
import { toRowView, type ForecastRowView } from "./forecast-page.server";

/** Days of history the chart shows (the backfill reaches 60 days back). */
export const CHART_HISTORY_DAYS = 60;
/** Forecast days drawn: at least 4 weeks, at most 120, else lead time + review period (and the stock-out's late bound). */
const MIN_CHART_FORECAST_DAYS = 28;
const MAX_CHART_FORECAST_DAYS = 120;

export type ForecastChartData = {
  today: string;
  history: Array<{ day: string; units: number; stockedOut: boolean }>;
  forecast: Array<{ day: string; mean: number; lower: number; upper: number }>;
  stockOut: { earliest: string; likely: string | null; latest: string | null } | null;
  arrivals: Array<{ day: string; units: number; label: string }>;
};

export type SuggestionBreakdown = {
  leadTimeDays: number;
  reviewPeriodDays: number;
  demandOverCycle: number;
  safetyStock: number;
  serviceLevel: number;
  z: number;
  available: number;
  inbound: number;
  owed: number;
  waitlist: number;
  alertConversionRate: number;
  waitlistUnits: number;
  suggestedQuantity: number;
};

export type ForecastDetailData = {
  variant: { variantId: string; productTitle: string; variantTitle: string; sku: string | null; vendor: string | null };
  currencyCode: string;
  timeZone: string;
  today: string;
  forecast: ForecastRowView & {
    method: string;
    unitsAtRisk: number;
    computedAt: string;
    maseReason: string | null;
    scoredDays: number;
  };
  chart: ForecastChartData | null;
  breakdown: SuggestionBreakdown | null;
  accuracyText: string;
  arrivals: Array<{ label: string; day: string | null; units: number }>;
};

/** This variant's MASE in words (or why there is none). */
export function describeVariantAccuracy(mase: number | null, reason: string | null, scoredDays: number): string {
  if (mase === null) {
    const why = reason && reason in BACKTEST_REASON_MESSAGES ? BACKTEST_REASON_MESSAGES[reason as BacktestUnavailableReason] : "Accuracy could not be measured.";
    return `${why} Treat the dates as rough until it can be measured.`;
  }
  const figure = mase.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const verdict =
    mase < 1
      ? `below 1, so over its last ${scoredDays} days in stock the forecast beat a naive "same as yesterday" forecast`
      : `not below 1, so over its last ${scoredDays} days in stock the forecast did no better than a naive "same as yesterday" forecast: treat its dates as rough`;
  return `Forecast error (MASE) ${figure}: ${verdict}.`;
}

function chartHorizon(forecast: { leadTimeDays: number; reviewPeriodDays: number }, stockOutLatestInDays: number | null): number {
  const wanted = Math.max(MIN_CHART_FORECAST_DAYS, forecast.leadTimeDays + forecast.reviewPeriodDays, (stockOutLatestInDays ?? 0) + 3);
  return Math.min(MAX_CHART_FORECAST_DAYS, wanted);
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** Everything the variant's forecast page shows; null when the variant has no stored forecast. */
export async function loadVariantForecastDetail(shop: string, variantId: string, now: Date): Promise<ForecastDetailData | null> {
  const [stored, facts, { timeZone, today }, currencyCode] = await Promise.all([
    getVariantForecast(shop, variantId),
    loadVariantChartFacts(shop, variantId),
    loadShopToday(shop, now),
    loadShopCurrency(shop),
  ]);
  if (!stored) return null;

  const earliest = await earliestSalesDay(shop);
  const window = historyWindow(today, earliest);
  // A level is carried into the window only when history starts before it (as the recompute does).
  const carryLevels = earliest !== null && earliest < window.fromDay;
  const [rowsByVariant, opening, inboundRows, parameters] = await Promise.all([
    loadSalesRows(shop, [variantId], window),
    carryLevels ? lastLevelBefore(shop, [variantId], window.fromDay) : Promise.resolve(new Map<string, number>()),
    facts?.inventoryItemId ? listInboundRows(shop, [facts.inventoryItemId]) : Promise.resolve([]),
    loadForecastParameters(shop),
  ]);
  const rows = rowsByVariant.get(variantId) ?? [];

  const inbound = inboundRows.filter((row) => row.unreceivedQuantity > 0);
  const arrivals = inbound
    .map((row) => ({ label: `Shipment ${row.shipmentName}`, day: row.arrivesAt ? todayIn(timeZone, row.arrivesAt) : null, units: row.unreceivedQuantity }))
    .sort((a, b) => (a.day ?? "9999").localeCompare(b.day ?? "9999"));
  const forecastInbound = forecastArrivals(
    inbound.map((row) => ({ variantId, units: row.unreceivedQuantity, arrivesAt: row.arrivesAt })),
    { today, timeZone, leadTimeDays: stored.leadTimeDays },
  );

  let chart: ForecastChartData | null = null;
  let breakdown: SuggestionBreakdown | null = null;
  if (rows.length > 0 && window.fromDay <= window.toDay) {
    const series = forecastSeries(rows, window, { openingAvailable: opening.get(variantId), inventoryPolicy: facts?.inventoryPolicy ?? "DENY" });
    const { forecast } = forecastVariant(series);
    const stockOutLatestInDays = stored.stockOutLatest ? daysBetween(today, stored.stockOutLatest) : null;
    const horizon = chartHorizon(stored, stockOutLatestInDays);
    const band = forecastBand(forecast, horizon);
    const historyFrom = Math.max(0, series.units.length - CHART_HISTORY_DAYS);
    const history: ForecastChartData["history"] = [];
    for (let i = historyFrom; i < series.units.length; i++) {
      history.push({ day: addCalendarDays(series.start, i), units: Math.max(0, series.units[i]), stockedOut: series.censored[i] === 1 });
    }
    chart = {
      today,
      history,
      forecast: Array.from({ length: horizon }, (_, j) => ({ day: addCalendarDays(forecast.origin, j), mean: band.mean[j], lower: band.lower[j], upper: band.upper[j] })),
      stockOut: stored.stockOutEarliest ? { earliest: stored.stockOutEarliest, likely: stored.stockOutLikely, latest: stored.stockOutLatest } : null,
      // Late shipments (arrival passed, not received) are drawn today, as the forecast counts them.
      arrivals: arrivals.flatMap((a) => (a.day === null ? [] : [{ ...a, day: a.day < today ? today : a.day }])),
    };
    if (facts?.tracked !== false) breakdown = breakdownOf(forecast, stored, forecastInbound, parameters);
  }

  const row = toRowView(stored);
  return {
    variant: {
      variantId,
      productTitle: facts?.productTitle ?? row.productTitle,
      variantTitle: facts?.variantTitle ?? row.variantTitle,
      sku: facts?.sku ?? row.sku,
      vendor: facts?.vendor ?? row.vendor,
    },
    currencyCode,
    timeZone,
    today,
    forecast: {
      ...row,
      method: stored.method,
      unitsAtRisk: stored.unitsAtRisk,
      computedAt: stored.computedAt.toISOString(),
      maseReason: stored.maseReason,
      scoredDays: stored.scoredDays,
    },
    chart,
    breakdown,
    accuracyText: describeVariantAccuracy(stored.mase, stored.maseReason, stored.scoredDays),
    arrivals,
  };
}

function breakdownOf(
  forecast: DemandForecast,
  stored: { leadTimeDays: number; reviewPeriodDays: number; available: number; owed: number; waitlist: number; price: string | null; unitCost: string | null },
  inbound: readonly Arrival[],
  parameters: ForecastParameters,
): SuggestionBreakdown {
  const suggestion = suggestReorder({
    forecast,
    leadTimeDays: stored.leadTimeDays,
    reviewPeriodDays: stored.reviewPeriodDays,
    serviceLevel: parameters.serviceLevel,
    available: stored.available,
    inbound,
    owedUnits: stored.owed,
    waitlistSubscribers: stored.waitlist,
    alertConversionRate: parameters.alertConversionRate,
    price: stored.price,
    unitCost: stored.unitCost,
  });
  return {
    leadTimeDays: stored.leadTimeDays,
    reviewPeriodDays: stored.reviewPeriodDays,
    demandOverCycle: suggestion.demandOverCycle,
    safetyStock: suggestion.safetyStock,
    serviceLevel: parameters.serviceLevel,
    z: suggestion.z,
    available: Math.max(0, stored.available),
    inbound: suggestion.inboundUnits,
    owed: stored.owed,
    waitlist: stored.waitlist,
    alertConversionRate: parameters.alertConversionRate,
    waitlistUnits: suggestion.waitlistUnits,
    suggestedQuantity: suggestion.suggestedQuantity,
  };
}
