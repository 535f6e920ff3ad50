// The forecast recompute (`forecast.recompute`, app/jobs/forecast-jobs.server.ts): every variant's demand forecast,
// stock-out interval, backorder coverage and reorder suggestion, written to VariantForecast, and the shop's overall
// accuracy figure to ForecastRun. The math is app/domain/demand-forecast.ts, forecast-backtest.ts and
// reorder-suggestion.ts; this file only gathers inputs and stores results.
//
// Streaming: variants are read a page at a time (keyset by id, `pageSize`, default 500), and for each page only that
// page's sales rows, owed units, waitlist counts and inbound lines are read; the page's rows are written before the
// next page is read. Memory is one page plus one number per variant for the median MASE, whatever the catalog size.
// Rows are upserted stamped with the run's time and rows the run did not write (variants gone from the catalog) are
// deleted at the end: the page keeps showing the previous figures while a run is under way, never an empty list.
//
// Inputs per variant
// - History: the last 365 days up to yesterday (today is not over; the forecast starts today) in the shop's time
//   zone, but never before the shop's first recorded day: days before the app saw any sale are unknown, not zero
//   demand (after install the 60-day backfill sets where the history starts). The level carried into the window is
//   the last one recorded before it. Backorders on (policy CONTINUE) = days at or below zero stock are still demand.
// - Stock: available (the catalog mirror's total); owed = open backorder lines' units not yet allocated from
//   arrived stock; waitlist = active subscribers × the measured alert conversion (the dashboard's figure: alerts of
//   the last 30 days followed by an order within 7 days), or DEFAULT_ALERT_CONVERSION while fewer than
//   MIN_ALERTS_FOR_CONVERSION alerts were sent (too few to measure).
// - Inbound: unreceived units of shipments still inbound, landing on their arrival day in the shop's time zone; a
//   late one (arrival passed, not received) as landing today, as the inbound ETA rules read it; one without an
//   arrival date as landing at the end of the lead time (it is on its way, so not ordered again; when it lands is
//   unknown).
// - Lead time / review period: variant → product type → vendor → shop default (14 / 7 days); service level: the
//   shop's (default 0.95). See app/services/reorder-settings.server.ts.
// Untracked variants (Shopify does not count their stock) get a demand rate and accuracy but no stock-out date and
// no suggestion.
import { addCalendarDays, todayIn } from "../domain/eta";
import {
  backorderCoverageDate,
  buildDemandSeries,
  daysOfCover,
  predictStockOut,
  type Arrival,
  type DemandSeries,
  type SalesDayRow,
} from "../domain/demand-forecast";
import { forecastVariant, overallAccuracy } from "../domain/forecast-backtest";
import { resolveLeadTime, suggestReorder } from "../domain/reorder-suggestion";
import type { LocalDate } from "../domain/types";
import {
  earliestSalesDay,
  listForecastVariantsPage,
  loadAlertConversion,
  loadInboundLines,
  loadOwedUnits,
  loadSalesRows,
  loadWaitlistCounts,
  type ForecastVariant,
  type InboundLine,
} from "../models/forecast-inputs.server";
import { getForecastRun } from "../models/variant-forecast.server";
import {
  deleteForecastsComputedBefore,
  failForecastRun,
  finishForecastRun,
  startForecastRun,
  writeVariantForecasts,
  type VariantForecastWrite,
} from "../models/variant-forecast.server";
import { lastLevelBefore } from "../models/sales-history.server";
import { loadShopTimeZone } from "../models/shop-time-zone.server";
import { loadReorderParameters, type ReorderParameters } from "./reorder-settings.server";

export { requestForecastRecompute, scheduleNightlyForecast } from "../models/forecast-jobs.server";

/** Days of history fitted. */
export const FORECAST_HISTORY_DAYS = 365;
/** Days ahead searched for a stock-out. */
export const FORECAST_HORIZON_DAYS = 365;
export const DEFAULT_FORECAST_PAGE_SIZE = 500;
/** Alerts needed in the window before the measured conversion is used. */
export const MIN_ALERTS_FOR_CONVERSION = 20;
/**
 * Share of waitlist subscribers assumed to buy when the shop's own figure cannot be measured yet: a cautious
 * assumption (one in ten), so a waitlist raises the suggestion a little rather than by every subscriber.
 */
export const DEFAULT_ALERT_CONVERSION = 0.1;

export type ForecastParameters = ReorderParameters & {
  serviceLevel: number;
  alertConversionRate: number;
  /** Whether the rate is the shop's measured figure (false = DEFAULT_ALERT_CONVERSION). */
  alertConversionMeasured: boolean;
  alertsSent: number;
};

/** The alert conversion to apply: the measured share when enough alerts were sent, else the default. */
export function alertConversionFrom(measured: { notified: number; converted: number }): { rate: number; measured: boolean } {
  if (measured.notified < MIN_ALERTS_FOR_CONVERSION) return { rate: DEFAULT_ALERT_CONVERSION, measured: false };
  return { rate: Math.min(1, Math.max(0, measured.converted / measured.notified)), measured: true };
}

/**
 * Lead times, service level and alert conversion as of `asOf`. Without `asOf`, as of the shop's last recompute
 * (what its stored suggestions used; the default conversion when it never ran).
 */
export async function loadForecastParameters(shop: string, asOf?: Date): Promise<ForecastParameters> {
  const reference = asOf ?? (await getForecastRun(shop))?.startedAt ?? null;
  const [reorder, conversion] = await Promise.all([
    loadReorderParameters(shop),
    reference ? loadAlertConversion(shop, reference) : Promise.resolve({ notified: 0, converted: 0 }),
  ]);
  const { rate, measured } = alertConversionFrom(conversion);
  return { ...reorder, alertConversionRate: rate, alertConversionMeasured: measured, alertsSent: conversion.notified };
}

/** Where the fitted history starts: a year back, but not before the shop's first recorded day. */
export function historyWindow(today: LocalDate, earliestDay: LocalDate | null): { fromDay: LocalDate; toDay: LocalDate; windowStart: LocalDate } {
  const toDay = addCalendarDays(today, -1);
  const windowStart = addCalendarDays(today, -FORECAST_HISTORY_DAYS);
  let fromDay = earliestDay && earliestDay > windowStart ? earliestDay : windowStart;
  if (fromDay > toDay) fromDay = toDay;
  return { fromDay, toDay, windowStart };
}

/** A variant's daily series over the window (see the header). */
export function forecastSeries(
  rows: readonly SalesDayRow[],
  window: { fromDay: LocalDate; toDay: LocalDate },
  options: { openingAvailable?: number; inventoryPolicy: string },
): DemandSeries {
  return buildDemandSeries(rows, window.fromDay, window.toDay, {
    ...(options.openingAvailable === undefined ? {} : { openingAvailable: options.openingAvailable }),
    sellsWhenOutOfStock: options.inventoryPolicy === "CONTINUE",
  });
}

/** Inbound lines as arrivals (see the header): late → today, undated → today + lead time. */
export function forecastArrivals(lines: readonly InboundLine[], input: { today: LocalDate; timeZone: string; leadTimeDays: number }): Arrival[] {
  const undatedDay = addCalendarDays(input.today, input.leadTimeDays);
  return lines
    .filter((line) => line.units > 0)
    .map((line) => {
      if (!line.arrivesAt) return { day: undatedDay, units: line.units };
      const day = todayIn(input.timeZone, line.arrivesAt);
      return { day: day < input.today ? input.today : day, units: line.units };
    });
}

export type VariantForecastInputs = {
  variant: ForecastVariant;
  rows: readonly SalesDayRow[];
  openingAvailable?: number;
  owed: number;
  waitlist: number;
  inbound: readonly InboundLine[];
};

/** One variant's stored row from its inputs (pure apart from the parameters passed in). */
export function computeVariantForecast(
  input: VariantForecastInputs,
  context: { today: LocalDate; timeZone: string; window: { fromDay: LocalDate; toDay: LocalDate }; parameters: ForecastParameters },
): VariantForecastWrite {
  const { variant } = input;
  const { today, parameters } = context;
  const series = forecastSeries(input.rows, context.window, { openingAvailable: input.openingAvailable, inventoryPolicy: variant.inventoryPolicy });
  const { forecast, backtest } = forecastVariant(series);
  const lead = resolveLeadTime(parameters.leadTimes, variant);
  const arrivals = forecastArrivals(input.inbound, { today, timeZone: context.timeZone, leadTimeDays: lead.leadTimeDays });
  const inboundUnits = arrivals.reduce((sum, a) => sum + a.units, 0);
  const base = {
    variantId: variant.variantId,
    productId: variant.productId,
    vendor: variant.vendor,
    productType: variant.productType,
    method: forecast.method,
    ratePerDay: forecast.rate,
    available: variant.availableTotal,
    inbound: inboundUnits,
    owed: input.owed,
    waitlist: input.waitlist,
    mase: backtest.mase,
    maseReason: backtest.reason,
    scoredDays: backtest.scoredDays,
    leadTimeDays: lead.leadTimeDays,
    reviewPeriodDays: lead.reviewPeriodDays,
    price: variant.price,
    unitCost: variant.unitCost,
  };
  if (!variant.tracked) {
    return {
      ...base, daysOfCover: null, stockOutEarliest: null, stockOutLikely: null, stockOutLatest: null, coverageDate: null,
      suggestedQuantity: 0, atRisk: false, unitsAtRisk: 0, revenueAtRiskCents: null, marginAtRiskCents: null,
    };
  }
  // Stock free for new demand: on hand (a negative available is what `owed` counts) minus what is owed.
  const stock = Math.max(0, variant.availableTotal) - input.owed;
  const stockOut = predictStockOut(forecast, { available: stock, inbound: arrivals, horizonDays: FORECAST_HORIZON_DAYS });
  const cover = daysOfCover(forecast, stock, arrivals, FORECAST_HORIZON_DAYS);
  const waitlistUnits = input.waitlist * parameters.alertConversionRate;
  const coverage =
    input.owed > 0 ? backorderCoverageDate(forecast, { owedUnits: input.owed, expectedWaitlistUnits: waitlistUnits, arrivals }) : null;
  const suggestion = suggestReorder({
    forecast,
    leadTimeDays: lead.leadTimeDays,
    reviewPeriodDays: lead.reviewPeriodDays,
    serviceLevel: parameters.serviceLevel,
    available: variant.availableTotal,
    inbound: arrivals,
    owedUnits: input.owed,
    waitlistSubscribers: input.waitlist,
    alertConversionRate: parameters.alertConversionRate,
    price: variant.price,
    unitCost: variant.unitCost,
  });
  return {
    ...base,
    daysOfCover: cover,
    stockOutEarliest: stockOut?.earliest ?? null,
    stockOutLikely: stockOut?.likely ?? null,
    stockOutLatest: stockOut?.latest ?? null,
    coverageDate: coverage?.day ?? null,
    suggestedQuantity: suggestion.suggestedQuantity,
    atRisk: suggestion.atRisk,
    unitsAtRisk: Math.round(suggestion.unitsAtRisk),
    revenueAtRiskCents: suggestion.revenueAtRiskCents,
    marginAtRiskCents: suggestion.marginAtRiskCents,
  };
}

export type ForecastRecomputeResult = {
  variants: number;
  pages: number;
  atRisk: number;
  /** Variants whose data could not be forecast (logged; their old row is removed). */
  skipped: number;
  removed: number;
  meanMase: number | null;
  medianMase: number | null;
};

/** Recomputes every variant of the shop as of `now` (see the header). */
export async function recomputeForecasts(
  shop: string,
  now: Date,
  options: { pageSize?: number; /** Called after each page is written (the bench samples memory here). */ onPage?: (variantsSoFar: number) => void } = {},
): Promise<ForecastRecomputeResult> {
  const pageSize = Math.max(1, options.pageSize ?? DEFAULT_FORECAST_PAGE_SIZE);
  await startForecastRun(shop, now);
  try {
    const timeZone = await loadShopTimeZone(shop);
    const today = todayIn(timeZone, now);
    const [parameters, earliest] = await Promise.all([loadForecastParameters(shop, now), earliestSalesDay(shop)]);
    const window = historyWindow(today, earliest);
    // A level is carried into the window only when history starts before it.
    const carryLevels = earliest !== null && earliest < window.fromDay;
    const result: ForecastRecomputeResult = { variants: 0, pages: 0, atRisk: 0, skipped: 0, removed: 0, meanMase: null, medianMase: null };
    const mase: number[] = [];
    let scoredDays = 0;
    let unmeasured = 0;
    let afterId: string | null = null;
    for (;;) {
      const variants = await listForecastVariantsPage(shop, { afterId, pageSize });
      if (!variants.length) break;
      result.pages++;
      const ids = variants.map((v) => v.variantId);
      const [rows, opening, owed, waitlist, inbound] = await Promise.all([
        loadSalesRows(shop, ids, window),
        carryLevels ? lastLevelBefore(shop, ids, window.fromDay) : Promise.resolve(new Map<string, number>()),
        loadOwedUnits(shop, ids),
        loadWaitlistCounts(shop, ids),
        loadInboundLines(shop, ids),
      ]);
      const out: VariantForecastWrite[] = [];
      for (const variant of variants) {
        try {
          const row = computeVariantForecast(
            {
              variant,
              rows: rows.get(variant.variantId) ?? [],
              openingAvailable: opening.get(variant.variantId),
              owed: owed.get(variant.variantId) ?? 0,
              waitlist: waitlist.get(variant.variantId) ?? 0,
              inbound: inbound.get(variant.variantId) ?? [],
            },
            { today, timeZone, window, parameters },
          );
          out.push(row);
          if (row.atRisk) result.atRisk++;
          if (row.mase === null) unmeasured++;
          else {
            mase.push(row.mase);
            scoredDays += row.scoredDays;
          }
        } catch (error) {
          result.skipped++;
          console.warn(`[forecast] ${shop} ${variant.variantId}: not forecast (${error instanceof Error ? error.message : String(error)})`);
        }
      }
      await writeVariantForecasts(shop, out, now);
      result.variants += out.length;
      options.onPage?.(result.variants);
      if (variants.length < pageSize) break;
      afterId = variants[variants.length - 1].variantId;
    }
    result.removed = await deleteForecastsComputedBefore(shop, now);
    const accuracy = overallAccuracy(
      (function* () {
        for (const value of mase) yield { mase: value, scoredDays: 0 };
        for (let i = 0; i < unmeasured; i++) yield { mase: null, scoredDays: 0 };
      })(),
    );
    result.meanMase = accuracy.meanMase;
    result.medianMase = accuracy.medianMase;
    await finishForecastRun(shop, {
      finishedAt: now,
      variantsForecast: result.variants,
      meanMase: accuracy.meanMase,
      medianMase: accuracy.medianMase,
      variantsMeasured: accuracy.variantsMeasured,
      scoredDays,
    });
    return result;
  } catch (error) {
    await failForecastRun(shop, { finishedAt: now, error: error instanceof Error ? error.message : String(error) });
    throw error;
  }
}
