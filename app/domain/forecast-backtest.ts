// How far to trust a variant's forecast, measured on its own history. Pure.
//
// Rolling-origin backtest: the last 28 days are held out. The model's parameters (method, α, weekday factors) are
// chosen on the days before the holdout only; then, for each day of the holdout, the forecast made at the start of
// that day from all earlier days (one step ahead) is compared with what sold. Re-choosing the parameters at every
// origin would cost 28 fits per variant for little difference; keeping them fixed while the smoother's state rolls
// forward keeps the backtest one O(days) pass. Days out of stock are not scored (their sales are not demand).
//
// MASE = mean |actual − forecast| over the scored days ÷ the mean |yₜ − yₜ₋₁| of the naive "same as the last
// observed day" forecast over the training days (consecutive observed days; out-of-stock days are skipped). Below 1
// the forecast beats the naive one. A series that never changed in training has no naive error to scale by: the
// figure is null with the reason "not enough variation", never Infinity.
import type { DemandForecast, DemandMethod, DemandSeries, DailyDemand } from "./demand-forecast";
import { fitDemand, observedUnits, rollingOneStepForecasts, seriesFromDays } from "./demand-forecast";

export const HOLDOUT_DAYS = 28;
/** Observed training days needed before a backtest means anything (two weeks). */
export const MIN_TRAINING_DAYS = 14;

export type BacktestUnavailableReason = "not_enough_history" | "no_observed_holdout_days" | "not_enough_variation";

export const BACKTEST_REASON_MESSAGES: Record<BacktestUnavailableReason, string> = {
  not_enough_history: "Not enough sales history yet to measure accuracy.",
  no_observed_holdout_days: "The variant was out of stock throughout the last 4 weeks, so accuracy cannot be measured.",
  not_enough_variation: "Not enough variation in sales to measure accuracy against a naive forecast.",
};

export type BacktestResult = {
  /** Null when it cannot be measured; see `reason`. */
  mase: number | null;
  reason: BacktestUnavailableReason | null;
  /** Mean absolute error of the model's one-step forecasts over the scored days (null when none). */
  mae: number | null;
  /** Mean absolute error of the naive one-step forecast in training (the scale). */
  naiveMae: number | null;
  /** Holdout days compared (observed, in stock): what the figure rests on. */
  scoredDays: number;
  method: DemandMethod;
};

function asSeries(input: DemandSeries | readonly DailyDemand[]): DemandSeries {
  return Array.isArray(input) ? seriesFromDays(input as readonly DailyDemand[]) : (input as DemandSeries);
}

/** The rolling-origin one-step backtest of one variant over its last `holdoutDays` days. */
export function backtestVariant(input: DemandSeries | readonly DailyDemand[], holdoutDays: number = HOLDOUT_DAYS): BacktestResult {
  if (!Number.isInteger(holdoutDays) || holdoutDays < 1) throw new RangeError(`Holdout must be a whole number of days ≥ 1, got ${holdoutDays}.`);
  const series = asSeries(input);
  const n = series.units.length;
  const from = n - holdoutDays;
  if (from <= 0) return unavailable("not_enough_history", 0, "none", null);
  const { forecasts, trainingObserved, naiveMae, method } = rollingOneStepForecasts(series, from);
  if (trainingObserved < MIN_TRAINING_DAYS || naiveMae === null) return unavailable("not_enough_history", 0, method, naiveMae);
  let absSum = 0;
  let scoredDays = 0;
  for (let t = from; t < n; t++) {
    const actual = observedUnits(series, t);
    if (Number.isNaN(actual)) continue;
    absSum += Math.abs(actual - forecasts[t - from]);
    scoredDays++;
  }
  if (scoredDays === 0) return unavailable("no_observed_holdout_days", 0, method, naiveMae);
  const mae = absSum / scoredDays;
  if (naiveMae <= 0) return { ...unavailable("not_enough_variation", scoredDays, method, naiveMae), mae };
  return { mase: mae / naiveMae, reason: null, mae, naiveMae, scoredDays, method };
}

function unavailable(reason: BacktestUnavailableReason, scoredDays: number, method: DemandMethod, naiveMae: number | null): BacktestResult {
  return { mase: null, reason, mae: null, naiveMae, scoredDays, method };
}

/** Fit on the whole history and backtest it: what a recompute stores per variant. */
export function forecastVariant(
  input: DemandSeries | readonly DailyDemand[],
  options: { holdoutDays?: number } = {},
): { forecast: DemandForecast; backtest: BacktestResult } {
  const series = asSeries(input);
  return { forecast: fitDemand(series), backtest: backtestVariant(series, options.holdoutDays ?? HOLDOUT_DAYS) };
}

export type OverallAccuracy = {
  /** Mean of the per-variant MASE figures (null when no variant has one). */
  meanMase: number | null;
  /** Median, less swayed by a few variants with a tiny naive error. */
  medianMase: number | null;
  /** Variants with a figure, and those without one. */
  variantsMeasured: number;
  variantsUnmeasured: number;
  /** Holdout days scored across the measured variants. */
  scoredDays: number;
};

/**
 * The shop's figure: the mean of per-variant MASE. MASE is scale-free, so every variant counts the same whatever
 * its volume, which answers "how good is the forecast for a variant I look at"; a pooled ratio (Σ errors ÷ Σ
 * naive errors) would mostly describe the few best sellers. The median is given too because a mean of ratios can be
 * pulled up by a handful of variants whose naive error is tiny. Takes any iterable so a recompute can stream pages.
 */
export function overallAccuracy(results: Iterable<Pick<BacktestResult, "mase" | "scoredDays">>): OverallAccuracy {
  const values: number[] = [];
  let unmeasured = 0;
  let scoredDays = 0;
  for (const result of results) {
    if (result.mase === null) {
      unmeasured++;
      continue;
    }
    values.push(result.mase);
    scoredDays += result.scoredDays;
  }
  if (values.length === 0) return { meanMase: null, medianMase: null, variantsMeasured: 0, variantsUnmeasured: unmeasured, scoredDays: 0 };
  const sorted = Float64Array.from(values).sort();
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
  let sum = 0;
  for (const v of values) sum += v;
  return { meanMase: sum / values.length, medianMase: median, variantsMeasured: values.length, variantsUnmeasured: unmeasured, scoredDays };
}
