// Demand forecasting per variant. Pure: the history and its first day are passed in; nothing reads the clock.
//
// How the forecast works
// - History is one value per day in the shop's time zone: units sold (net of cancellations and refunds) and
//   whether the variant was out of stock at the end of the day. A day out of stock is *censored*: the shop could
//   not sell, so its zero (or its partial count) says nothing about demand. Censored days are skipped entirely:
//   the smoother does not update on them, and they count neither as demand nor as zero demand.
// - Method: the average inter-demand interval ADI = observed days / days with a sale decides. ADI ≤ 1.32 (sales on
//   most days) uses simple exponential smoothing (SES) of daily units. ADI > 1.32 (intermittent: most days sell 0,
//   typical of a small shop's variants) uses Croston's method with the Syntetos–Boylan (SBA) bias correction:
//   demand sizes and the intervals between demands are smoothed separately and the rate is (1 − α/2) × size /
//   interval. SES on an intermittent series is biased high right after each sale and decays to ~0 between sales;
//   plain Croston is biased high by about α/2; SBA removes that bias. 1.32 is the Syntetos–Boylan–Croston cut-off
//   between "smooth/erratic" and "intermittent/lumpy" demand.
// - Smoothing constant: SES picks α from {0.02, 0.05, 0.1, 0.2, 0.3, 0.5} by the smallest one-step-ahead squared
//   error once there are ≥ 14 observed days, else uses 0.2. Croston uses a fixed α = 0.1 (the literature's usual
//   0.05–0.2; with few sales an optimised α overfits). Both start from a running mean (the gain is max(α, 1/k) for
//   the k-th observation), so the first days are not over-weighted. Neither has a trend term: on steadily growing
//   sales SES settles (1 − α)/α × the daily growth below the latest day (the grid then picks the largest α).
// - Weekly seasonality: only when every day of the week has ≥ 8 observed (uncensored) days, i.e. at least 8 full
//   weeks without stock-outs, and only for SES series. The factor of a weekday is its mean units divided by the
//   mean of the seven weekday means (so the factors average 1); SES then smooths the deseasonalised series and
//   the forecast multiplies the level back by the weekday's factor. Intermittent (Croston) series get none: with a
//   sale on fewer than 3 days in 4, eight weeks give each weekday a handful of sales, so its mean is mostly noise
//   (a weekday that happened to sell nothing would be forecast at 0 forever).
// - Uncertainty: σ² = mean squared one-step error (after a 7-observation warm-up), never below the rate itself
//   (demand counts are at least about as variable as Poisson). The variance of demand summed over h days follows
//   the local-level model: σ² Σ_{k<h} (1 + αk)² (the level itself may drift), with α/ADI as the per-day gain for
//   Croston.
// - Stock-out date: the first day cumulative forecast demand exceeds the stock (plus inbound arrivals as they land).
//   The 80% interval treats summed demand as normal: the earliest day is when the 90th-percentile demand exceeds
//   the stock, the latest when the 10th-percentile demand does; "likely" uses the mean (the median under normal).
// - Accuracy: see forecast-backtest.ts (rolling-origin MASE over the last 4 weeks).
// - Known limit: Croston only updates on days with a sale, so a variant that stops selling while in stock keeps its
//   last rate until it sells again (the TSB variant would decay it); the backtest's MASE shows when that hurts.
import type { LocalDate } from "./types";
import { addCalendarDays, isValidLocalDate, localWeekday } from "./eta";

export type DemandMethod = "ses" | "croston_sba" | "none";

/** One day of history, oldest first, every day present. */
export type DailyDemand = { day: LocalDate; unitsSold: number; stockedOut: boolean };

/**
 * The same history in compact form (what the fit reads): `units[i]` and `censored[i]` (1 = out of stock, skipped)
 * describe day `start + i`. Typed arrays keep 100,000 variants × 365 days cheap.
 */
export type DemandSeries = { start: LocalDate; units: Float64Array; censored: Uint8Array };

/** A stored sales-history row: only days with sales or a stock change exist. */
export type SalesDayRow = { day: LocalDate; unitsSold: number; endOfDayAvailable: number | null };

export type Arrival = { day: LocalDate; units: number };

export type DemandForecast = {
  method: DemandMethod;
  /** First forecast day: the day after the last history day. */
  origin: LocalDate;
  /** Mean daily units (the deseasonalised level; the mean over a week when seasonal). */
  rate: number;
  /** Multiplicative factors by weekday, 0 = Sunday … 6 = Saturday; all 1 when not seasonal. Mean 1. */
  weekdayFactors: number[];
  seasonal: boolean;
  /** Smoothing constant used. */
  alpha: number;
  /** Variance of one day's demand around the forecast (σ²), see the header. */
  dailyVariance: number;
  /** Uncensored days fitted, days skipped as out of stock, and days with a sale. */
  observedDays: number;
  censoredDays: number;
  demandDays: number;
};

export const SES_ALPHAS: readonly number[] = [0.02, 0.05, 0.1, 0.2, 0.3, 0.5];
export const DEFAULT_SES_ALPHA = 0.2;
export const CROSTON_ALPHA = 0.1;
/** ADI above this means intermittent demand (Syntetos, Boylan & Croston 2005). */
export const INTERMITTENT_ADI = 1.32;
/** Observed days needed before SES's α is optimised rather than the default. */
export const MIN_DAYS_TO_OPTIMISE_ALPHA = 14;
/** Observed days of every weekday needed for weekly factors (8 weeks). */
export const MIN_OBSERVATIONS_PER_WEEKDAY = 8;
/** One-step errors of the first observations are not scored (the level is still a mean of a handful of days). */
export const WARMUP_OBSERVATIONS = 7;
export const DEFAULT_HORIZON_DAYS = 365;
/** z of the 90th percentile: the 10%–90% band is an 80% interval. */
const Z_80_INTERVAL = 1.2815515655446004;

// ---------- Series ----------

/**
 * Days since 1970-01-01 of a YYYY-MM-DD date, by arithmetic (Hinnant's days-from-civil) rather than a Date: the
 * series builder calls it once per stored row, millions of times in a recompute.
 */
function dayNumber(day: LocalDate, name: string): number {
  if (!isValidLocalDate(day)) throw new RangeError(`${name} must be a date as YYYY-MM-DD, got ${JSON.stringify(day)}.`);
  const month = (day.charCodeAt(5) - 48) * 10 + (day.charCodeAt(6) - 48);
  const date = (day.charCodeAt(8) - 48) * 10 + (day.charCodeAt(9) - 48);
  const year = Number(day.slice(0, 4)) - (month <= 2 ? 1 : 0);
  const era = Math.floor(year / 400);
  const yearOfEra = year - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + date - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

function assertUnits(value: number, day: LocalDate): void {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`Units sold on ${day} must be a finite number, got ${JSON.stringify(value)}.`);
  }
}

/** The dense series from day-by-day records (oldest first, every day present). */
export function seriesFromDays(days: readonly DailyDemand[]): DemandSeries {
  if (days.length === 0) throw new RangeError("The demand history is empty: at least one day is needed to place the forecast.");
  const first = dayNumber(days[0].day, "The first day");
  const units = new Float64Array(days.length);
  const censored = new Uint8Array(days.length);
  for (let i = 0; i < days.length; i++) {
    const { day, unitsSold, stockedOut } = days[i];
    if (dayNumber(day, "Day") !== first + i) {
      throw new RangeError(`The demand history must have every day in order: expected ${addCalendarDays(days[0].day, i)} at position ${i}, got ${day}.`);
    }
    assertUnits(unitsSold, day);
    units[i] = unitsSold;
    censored[i] = stockedOut ? 1 : 0;
  }
  return { start: days[0].day, units, censored };
}

/** The series back as one record per day (for charts and tests; the fit itself reads the compact form). */
export function seriesToDays(series: DemandSeries): DailyDemand[] {
  const out: DailyDemand[] = [];
  for (let i = 0; i < series.units.length; i++) {
    out.push({ day: addCalendarDays(series.start, i), unitsSold: series.units[i], stockedOut: series.censored[i] === 1 });
  }
  return out;
}

/**
 * The dense series from `from` to `to` (inclusive) out of sparse stored rows. A day without a row sold nothing and
 * keeps the stock level of the last row before it (a row with `endOfDayAvailable: null` means the level is unknown
 * from that day on, e.g. untracked inventory; unknown is never censored). Rows before `from` only set the opening
 * level; `openingAvailable` overrides it when given. A day is censored when its level is ≤ 0, unless
 * `sellsWhenOutOfStock` (backorders on: sales below zero are real demand). Rows may come in any order; two rows
 * for one day are an error.
 */
export function buildDemandSeries(
  rows: readonly SalesDayRow[],
  from: LocalDate,
  to: LocalDate,
  options: { openingAvailable?: number | null; sellsWhenOutOfStock?: boolean } = {},
): DemandSeries {
  const start = dayNumber(from, "The first day");
  const end = dayNumber(to, "The last day");
  if (end < start) throw new RangeError(`The last day (${to}) is before the first day (${from}).`);
  const n = end - start + 1;
  const units = new Float64Array(n);
  const censored = new Uint8Array(n);
  const level = new Float64Array(n).fill(Number.NaN);
  const hasRow = new Uint8Array(n);
  let opening: number | null = null;
  let openingDay = -Infinity;
  for (const row of rows) {
    const index = dayNumber(row.day, "Row day") - start;
    assertUnits(row.unitsSold, row.day);
    const available = row.endOfDayAvailable;
    if (available !== null && (typeof available !== "number" || !Number.isFinite(available))) {
      throw new RangeError(`Stock on ${row.day} must be a finite number or null, got ${JSON.stringify(available)}.`);
    }
    if (index < 0) {
      if (index > openingDay) [openingDay, opening] = [index, available];
      continue;
    }
    if (index >= n) continue;
    if (hasRow[index]) throw new RangeError(`Two sales-history rows for ${row.day}: expected one per variant and day.`);
    hasRow[index] = 1;
    units[index] = row.unitsSold;
    level[index] = available ?? Number.NaN;
  }
  if (options.openingAvailable !== undefined) opening = options.openingAvailable;
  let current = opening ?? Number.NaN;
  for (let i = 0; i < n; i++) {
    if (hasRow[i]) current = level[i];
    censored[i] = !options.sellsWhenOutOfStock && current <= 0 ? 1 : 0; // NaN (unknown) <= 0 is false
  }
  return { start: from, units, censored };
}

// ---------- Fit ----------

type Params = { method: DemandMethod; alpha: number; factors: Float64Array; seasonal: boolean };

type PassResult = {
  /** Deseasonalised rate for the next day after the pass. */
  rate: number;
  sse: number;
  errorCount: number;
  /** Mean interval between demands at the end (Croston), for the per-day gain. */
  interval: number;
};

/** Units, never negative: a day whose refunds exceed its sales is read as no demand. */
function unitsAt(series: DemandSeries, t: number): number {
  const u = series.units[t];
  return u > 0 ? u : 0;
}

/**
 * One pass of the smoother over days [0, end) with fixed parameters. `record`, when given, receives the one-step
 * forecast made before each day t ≥ record.from (what a forecast made at the start of day t would have said).
 */
function smooth(
  series: DemandSeries,
  weekday0: number,
  params: Params,
  end: number,
  record?: { from: number; forecasts: Float64Array },
): PassResult {
  const { units, censored } = series;
  const { alpha, factors } = params;
  const recordFrom = record ? record.from : end;
  const out = record ? record.forecasts : NO_RECORD;
  let sse = 0;
  let errorCount = 0;
  let observed = 0;
  if (params.method === "ses") {
    let level = 0;
    let weighted = 0; // deseasonalised observations seen (days with a zero factor carry no level information)
    for (let t = 0, weekday = weekday0 % 7; t < end; t++, weekday = weekday === 6 ? 0 : weekday + 1) {
      const s = factors[weekday];
      if (t >= recordFrom) out[t - recordFrom] = level * s;
      if (censored[t]) continue;
      const y = units[t] > 0 ? units[t] : 0;
      if (observed >= WARMUP_OBSERVATIONS) {
        const e = y - level * s;
        sse += e * e;
        errorCount++;
      }
      observed++;
      if (s > 0) {
        weighted++;
        const mean = 1 / weighted;
        level += (alpha > mean ? alpha : mean) * (y / s - level);
      }
    }
    return { rate: level, sse, errorCount, interval: 1 };
  }
  if (params.method === "croston_sba") {
    const correction = 1 - alpha / 2;
    let size = 0;
    let interval = 0;
    let demands = 0;
    let sinceLast = 0;
    let rate = 0;
    for (let t = 0, weekday = weekday0 % 7; t < end; t++, weekday = weekday === 6 ? 0 : weekday + 1) {
      const s = factors[weekday];
      if (t >= recordFrom) out[t - recordFrom] = rate * s;
      if (censored[t]) continue;
      const y = units[t] > 0 ? units[t] : 0;
      sinceLast++;
      if (demands > 0 && observed >= WARMUP_OBSERVATIONS) {
        const e = y - rate * s;
        sse += e * e;
        errorCount++;
      }
      observed++;
      if (y > 0) {
        demands++;
        const mean = 1 / demands;
        const gain = alpha > mean ? alpha : mean;
        size += gain * (y - size);
        interval += gain * (sinceLast - interval);
        sinceLast = 0;
        rate = (correction * size) / interval;
      }
    }
    return { rate, sse, errorCount, interval: demands > 0 ? interval : 1 };
  }
  if (record) record.forecasts.fill(0, 0, Math.max(0, end - record.from));
  return { rate: 0, sse: 0, errorCount: 0, interval: 1 };
}

type Counts = { observed: number; demandDays: number; censoredDays: number; sum: number; sumSquares: number };

function countDays(series: DemandSeries, end: number): Counts {
  const { units, censored } = series;
  let observed = 0;
  let demandDays = 0;
  let sum = 0;
  let sumSquares = 0;
  for (let t = 0; t < end; t++) {
    if (censored[t]) continue;
    const y = units[t] > 0 ? units[t] : 0;
    observed++;
    sum += y;
    sumSquares += y * y;
    if (y > 0) demandDays++;
  }
  return { observed, demandDays, censoredDays: end - observed, sum, sumSquares };
}

/** Weekday factors from days [0, end), or null when some weekday has fewer than 8 observed days. */
function weekdayFactors(series: DemandSeries, weekday0: number, end: number): Float64Array | null {
  const sums = new Float64Array(7);
  const counts = new Float64Array(7);
  for (let t = 0, d = weekday0 % 7; t < end; t++, d = d === 6 ? 0 : d + 1) {
    if (series.censored[t]) continue;
    sums[d] += unitsAt(series, t);
    counts[d]++;
  }
  let meanOfMeans = 0;
  for (let d = 0; d < 7; d++) {
    if (counts[d] < MIN_OBSERVATIONS_PER_WEEKDAY) return null;
    sums[d] /= counts[d];
    meanOfMeans += sums[d] / 7;
  }
  if (meanOfMeans <= 0) return null;
  for (let d = 0; d < 7; d++) sums[d] /= meanOfMeans;
  return sums;
}

const FLAT_FACTORS = new Float64Array(7).fill(1);
const NO_RECORD = new Float64Array(0);

function chooseParams(series: DemandSeries, weekday0: number, end: number, counts: Counts): Params {
  if (counts.demandDays === 0) return { method: "none", alpha: 0, factors: FLAT_FACTORS, seasonal: false };
  const adi = counts.observed / counts.demandDays;
  if (adi > INTERMITTENT_ADI) return { method: "croston_sba", alpha: CROSTON_ALPHA, factors: FLAT_FACTORS, seasonal: false };
  const seasonalFactors = weekdayFactors(series, weekday0, end);
  const factors = seasonalFactors ?? FLAT_FACTORS;
  const seasonal = seasonalFactors !== null;
  if (counts.observed < MIN_DAYS_TO_OPTIMISE_ALPHA) return { method: "ses", alpha: DEFAULT_SES_ALPHA, factors, seasonal };
  const sse = sesGridSse(series, weekday0, factors, end);
  let best = 0;
  for (let g = 1; g < SES_ALPHAS.length; g++) if (sse[g] < sse[best] - 1e-12) best = g;
  return { method: "ses", alpha: SES_ALPHAS[best], factors, seasonal };
}

const GRID = Float64Array.from(SES_ALPHAS);

/**
 * The one-step squared error of SES for every α of the grid in one pass over the days (the same recursion as
 * `smooth`, run for all α side by side, so choosing α costs one loop rather than one per candidate).
 */
function sesGridSse(series: DemandSeries, weekday0: number, factors: Float64Array, end: number): Float64Array {
  const size = GRID.length;
  const levels = new Float64Array(size);
  const sse = new Float64Array(size);
  const { censored } = series;
  let observed = 0;
  let weighted = 0;
  for (let t = 0, weekday = weekday0 % 7; t < end; t++, weekday = weekday === 6 ? 0 : weekday + 1) {
    if (censored[t]) continue;
    const s = factors[weekday];
    const y = unitsAt(series, t);
    if (observed >= WARMUP_OBSERVATIONS) {
      for (let g = 0; g < size; g++) {
        const e = y - levels[g] * s;
        sse[g] += e * e;
      }
    }
    observed++;
    if (s > 0) {
      weighted++;
      const mean = 1 / weighted;
      const x = y / s;
      for (let g = 0; g < size; g++) levels[g] += (GRID[g] > mean ? GRID[g] : mean) * (x - levels[g]);
    }
  }
  return sse;
}

function varianceFrom(pass: PassResult, counts: Counts): number {
  let variance: number;
  if (pass.errorCount > 0) variance = pass.sse / pass.errorCount;
  else if (counts.observed >= 2) {
    const mean = counts.sum / counts.observed;
    variance = (counts.sumSquares - counts.observed * mean * mean) / (counts.observed - 1);
  } else variance = 0;
  return Math.max(variance, pass.rate);
}

type Fit = { params: Params; pass: PassResult; counts: Counts; variance: number };

function fitRange(series: DemandSeries, weekday0: number, end: number): Fit {
  const counts = countDays(series, end);
  const params = chooseParams(series, weekday0, end, counts);
  const pass = smooth(series, weekday0, params, end);
  return { params, pass, counts, variance: params.method === "none" ? 0 : varianceFrom(pass, counts) };
}

function toForecast(series: DemandSeries, fit: Fit, end: number): DemandForecast {
  return {
    method: fit.params.method,
    origin: addCalendarDays(series.start, end),
    rate: fit.pass.rate,
    weekdayFactors: Array.from(fit.params.factors),
    seasonal: fit.params.seasonal,
    alpha: fit.params.alpha,
    dailyVariance: fit.variance,
    observedDays: fit.counts.observed,
    censoredDays: fit.counts.censoredDays,
    demandDays: fit.counts.demandDays,
  };
}

function asSeries(input: DemandSeries | readonly DailyDemand[]): DemandSeries {
  return Array.isArray(input) ? seriesFromDays(input as readonly DailyDemand[]) : (input as DemandSeries);
}

/** Fits the demand model to the whole history; the forecast starts the day after its last day. */
export function fitDemand(input: DemandSeries | readonly DailyDemand[]): DemandForecast {
  const series = asSeries(input);
  const end = series.units.length;
  return toForecast(series, fitRange(series, localWeekday(series.start), end), end);
}

// ---------- Internals shared with the backtest ----------

/**
 * Rolling one-step forecasts for days [from, n): parameters (method, α, weekday factors) are chosen on days before
 * `from` only; the smoother's state then keeps updating day by day, so the forecast for day t uses only days < t.
 * Also the in-sample naive one-step MAE on days before `from`. Used by forecast-backtest.ts.
 */
export function rollingOneStepForecasts(
  series: DemandSeries,
  from: number,
): { forecasts: Float64Array; trainingObserved: number; naiveMae: number | null; method: DemandMethod } {
  const weekday0 = localWeekday(series.start);
  const n = series.units.length;
  const counts = countDays(series, from);
  const params = chooseParams(series, weekday0, from, counts);
  const forecasts = new Float64Array(Math.max(0, n - from));
  smooth(series, weekday0, params, n, { from, forecasts });
  let previous = -1;
  let naiveSum = 0;
  let naiveCount = 0;
  for (let t = 0; t < from; t++) {
    if (series.censored[t]) continue;
    const y = unitsAt(series, t);
    if (previous >= 0) {
      naiveSum += Math.abs(y - previous);
      naiveCount++;
    }
    previous = y;
  }
  return { forecasts, trainingObserved: counts.observed, naiveMae: naiveCount > 0 ? naiveSum / naiveCount : null, method: params.method };
}

/** Observed (uncensored, clamped at 0) units of day t, or NaN when censored. */
export function observedUnits(series: DemandSeries, t: number): number {
  return series.censored[t] ? Number.NaN : unitsAt(series, t);
}

// ---------- Using the forecast ----------

function originWeekday(forecast: DemandForecast): number {
  return localWeekday(forecast.origin);
}

function assertHorizon(days: number): void {
  if (!Number.isInteger(days) || days < 0 || days > 3660) throw new RangeError(`The horizon must be 0 to 3660 whole days, got ${days}.`);
}

/** Expected units for each of the next `horizonDays` days, starting at `forecast.origin`. */
export function forecastDaily(forecast: DemandForecast, horizonDays: number): Float64Array {
  assertHorizon(horizonDays);
  const out = new Float64Array(horizonDays);
  const w0 = originWeekday(forecast);
  for (let j = 0; j < horizonDays; j++) out[j] = forecast.rate * forecast.weekdayFactors[(w0 + j) % 7];
  return out;
}

/**
 * Per-day 80% band of demand for the chart: the mean ± z₉₀ × the h-step standard deviation σ√(1 + (h − 1)α²) of
 * the local-level model (lower bound clamped at 0).
 */
export function forecastBand(forecast: DemandForecast, horizonDays: number): { mean: Float64Array; lower: Float64Array; upper: Float64Array } {
  const mean = forecastDaily(forecast, horizonDays);
  const lower = new Float64Array(horizonDays);
  const upper = new Float64Array(horizonDays);
  const a = dailyGain(forecast);
  for (let j = 0; j < horizonDays; j++) {
    const half = Z_80_INTERVAL * Math.sqrt(forecast.dailyVariance * (1 + j * a * a));
    lower[j] = Math.max(0, mean[j] - half);
    upper[j] = mean[j] + half;
  }
  return { mean, lower, upper };
}

/** Expected units over the next `days` days. */
export function forecastTotal(forecast: DemandForecast, days: number): number {
  assertHorizon(days);
  const w0 = originWeekday(forecast);
  let total = 0;
  for (let j = 0; j < days; j++) total += forecast.rate * forecast.weekdayFactors[(w0 + j) % 7];
  return total;
}

/** Per-day gain of the level, for the spread of summed demand (Croston updates only on sale days). */
function dailyGain(forecast: DemandForecast): number {
  if (forecast.method !== "croston_sba" || forecast.demandDays === 0) return forecast.alpha;
  return forecast.alpha / (forecast.observedDays / forecast.demandDays);
}

/** Variance of demand summed over the next `days` days: σ² Σ_{k<days} (1 + αk)². */
export function cumulativeVariance(forecast: DemandForecast, days: number): number {
  const a = dailyGain(forecast);
  const h = days;
  return forecast.dailyVariance * (h + a * h * (h - 1) + (a * a * (h - 1) * h * (2 * h - 1)) / 6);
}

/** Inbound arrivals as units landing on day index j from the origin (before the origin → day 0). */
function arrivalsByDay(forecast: DemandForecast, inbound: readonly Arrival[], horizonDays: number): Map<number, number> {
  const origin = dayNumber(forecast.origin, "Forecast origin");
  const byDay = new Map<number, number>();
  for (const arrival of inbound) {
    if (!Number.isFinite(arrival.units) || arrival.units < 0) {
      throw new RangeError(`Inbound units arriving ${arrival.day} must be a number ≥ 0, got ${arrival.units}.`);
    }
    const j = Math.max(0, dayNumber(arrival.day, "Arrival day") - origin);
    if (j < horizonDays) byDay.set(j, (byDay.get(j) ?? 0) + arrival.units);
  }
  return byDay;
}

function assertStock(value: number, name: string): void {
  if (typeof value !== "number" || !Number.isFinite(value)) throw new RangeError(`${name} must be a finite number, got ${value}.`);
}

/**
 * Days until the stock first runs out under the expected demand, with a fraction for the last day (10 units at
 * 4/day = 2.5). `inbound` is either units usable now or arrivals that add stock on their day. Stock ≤ 0 now gives 0;
 * null means it does not run out within the horizon (or there is no demand).
 */
export function daysOfCover(
  forecast: DemandForecast,
  available: number,
  inbound: number | readonly Arrival[] = 0,
  horizonDays: number = DEFAULT_HORIZON_DAYS,
): number | null {
  assertStock(available, "Available stock");
  assertHorizon(horizonDays);
  const arrivals = typeof inbound === "number" ? null : arrivalsByDay(forecast, inbound, horizonDays);
  if (typeof inbound === "number") assertStock(inbound, "Inbound stock");
  let stock = available + (typeof inbound === "number" ? inbound : 0);
  if (forecast.rate <= 0) return stock + (arrivals?.get(0) ?? 0) <= 0 ? 0 : null;
  const w0 = originWeekday(forecast);
  for (let j = 0; j < horizonDays; j++) {
    stock += arrivals?.get(j) ?? 0;
    if (stock <= 0) return j;
    const demand = forecast.rate * forecast.weekdayFactors[(w0 + j) % 7];
    if (stock <= demand) return j + stock / demand;
    stock -= demand;
  }
  return null;
}

export type StockOutForecast = {
  /** 10th percentile of the stock-out day (demand runs high). */
  earliest: LocalDate;
  /** Expected day (mean demand); null when beyond the horizon. */
  likely: LocalDate | null;
  /** 90th percentile (demand runs low); null when beyond the horizon. */
  latest: LocalDate | null;
  /** Days from the origin to `likely` (0 = the origin day itself), null when beyond the horizon. */
  likelyInDays: number | null;
  earliestInDays: number;
  latestInDays: number | null;
};

/**
 * The stock-out day: the first day with demand the stock cannot serve, i.e. cumulative demand exceeds the stock on
 * hand plus arrivals landed so far (50 units at 5/day: day 10 from the origin, the first day that starts empty),
 * with an 80% interval (see the header). Null when not even the early bound falls within the horizon, or
 * when there is no demand. Stock ≤ 0 now (and nothing landing today) is a stock-out on the origin day.
 */
export function predictStockOut(
  forecast: DemandForecast,
  input: { available: number; inbound?: readonly Arrival[]; horizonDays?: number },
): StockOutForecast | null {
  const horizonDays = input.horizonDays ?? DEFAULT_HORIZON_DAYS;
  assertStock(input.available, "Available stock");
  assertHorizon(horizonDays);
  const arrivals = arrivalsByDay(forecast, input.inbound ?? [], horizonDays);
  const w0 = originWeekday(forecast);
  const a = dailyGain(forecast);
  let supply = input.available;
  let mean = 0;
  let spreadSum = 0; // Σ (1 + αk)², so the summed variance is σ² × spreadSum
  let earliest = -1;
  let likely = -1;
  for (let j = 0; j < horizonDays; j++) {
    supply += arrivals.get(j) ?? 0;
    if (j === 0 && supply <= 0) {
      return { earliest: forecast.origin, likely: forecast.origin, latest: forecast.origin, earliestInDays: 0, likelyInDays: 0, latestInDays: 0 };
    }
    if (forecast.rate <= 0) return null;
    mean += forecast.rate * forecast.weekdayFactors[(w0 + j) % 7];
    spreadSum += (1 + a * j) * (1 + a * j);
    const band = Z_80_INTERVAL * Math.sqrt(forecast.dailyVariance * spreadSum);
    if (earliest < 0 && mean + band > supply) earliest = j;
    if (likely < 0 && mean > supply) likely = j;
    if (mean - band > supply) {
      return stockOut(forecast.origin, earliest, likely, j);
    }
  }
  return earliest < 0 ? null : stockOut(forecast.origin, earliest, likely, -1);
}

function stockOut(origin: LocalDate, earliest: number, likely: number, latest: number): StockOutForecast {
  const day = (j: number) => (j < 0 ? null : addCalendarDays(origin, j));
  return {
    earliest: addCalendarDays(origin, earliest),
    likely: day(likely),
    latest: day(latest),
    earliestInDays: earliest,
    likelyInDays: likely < 0 ? null : likely,
    latestInDays: latest < 0 ? null : latest,
  };
}

export type BackorderCoverage = {
  /** The arrival day that covers what is owed. */
  day: LocalDate;
  /** Owed + waitlist conversions + demand expected before that day. */
  requiredUnits: number;
  /** Inbound units landed up to and including that day. */
  arrivedUnits: number;
};

/**
 * For a variant on backorder: the first arrival day whose cumulative inbound units cover the owed units, the
 * waitlist conversions expected at restock, and the demand expected from the origin until the day before (new
 * backorders keep coming while the variant sells on backorder). Null = the listed arrivals never cover it.
 */
export function backorderCoverageDate(
  forecast: DemandForecast,
  input: { owedUnits: number; expectedWaitlistUnits: number; arrivals: readonly Arrival[] },
): BackorderCoverage | null {
  assertStock(input.owedUnits, "Owed units");
  assertStock(input.expectedWaitlistUnits, "Expected waitlist units");
  const origin = dayNumber(forecast.origin, "Forecast origin");
  const sorted = input.arrivals
    .map((a) => {
      if (!Number.isFinite(a.units) || a.units < 0) throw new RangeError(`Inbound units arriving ${a.day} must be a number ≥ 0, got ${a.units}.`);
      return { j: Math.max(0, dayNumber(a.day, "Arrival day") - origin), units: a.units };
    })
    .sort((x, y) => x.j - y.j);
  const owed = Math.max(0, input.owedUnits) + Math.max(0, input.expectedWaitlistUnits);
  const w0 = originWeekday(forecast);
  let arrived = 0;
  let demand = 0;
  let demandDays = 0;
  for (let i = 0; i < sorted.length; i++) {
    const { j } = sorted[i];
    arrived += sorted[i].units;
    if (i + 1 < sorted.length && sorted[i + 1].j === j) continue; // add every arrival of the same day first
    for (; demandDays < j; demandDays++) demand += forecast.rate * forecast.weekdayFactors[(w0 + demandDays) % 7];
    if (arrived >= owed + demand) return { day: addCalendarDays(forecast.origin, j), requiredUnits: owed + demand, arrivedUnits: arrived };
  }
  return null;
}

/**
 * Expected demand the stock cannot serve over the next `days` days: the stock (net of owed units, so possibly
 * negative) falls with demand and rises with arrivals, which serve owed units first; demand on a day with nothing
 * left counts as unserved (lost or backordered, either way not shipped from stock).
 */
export function unservedDemand(forecast: DemandForecast, stock: number, inbound: readonly Arrival[], days: number): number {
  assertStock(stock, "Stock");
  assertHorizon(days);
  const arrivals = arrivalsByDay(forecast, inbound, days);
  const w0 = originWeekday(forecast);
  let unserved = 0;
  let level = stock;
  for (let j = 0; j < days; j++) {
    level += arrivals.get(j) ?? 0;
    const demand = forecast.rate * forecast.weekdayFactors[(w0 + j) % 7];
    if (level >= demand) level -= demand;
    else {
      unserved += demand - Math.max(level, 0);
      level = Math.min(level, 0);
    }
  }
  return unserved;
}
