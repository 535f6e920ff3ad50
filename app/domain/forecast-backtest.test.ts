import { describe, expect, it } from "vitest";
import { fitDemand, rollingOneStepForecasts, seriesFromDays, type DailyDemand } from "./demand-forecast";
import { BACKTEST_REASON_MESSAGES, HOLDOUT_DAYS, backtestVariant, forecastVariant, overallAccuracy } from "./forecast-backtest";
import { addCalendarDays } from "./eta";

const START = "2026-01-05";

function days(values: readonly number[], stockedOut: (i: number) => boolean = () => false): DailyDemand[] {
  return values.map((unitsSold, i) => ({ day: addCalendarDays(START, i), unitsSold, stockedOut: stockedOut(i) }));
}

/** mulberry32: a tiny seeded PRNG so the noisy series are the same on every run. */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal by Box–Muller. */
function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

describe("backtestVariant", () => {
  it("beats the naive forecast on constant demand plus noise: MASE ≈ 1/√2", () => {
    // For iid noise the best forecast's MAE is σ√(2/π) and the naive one's 2σ/√π, a ratio of 1/√2 ≈ 0.71.
    const random = seeded(2026);
    const values = Array.from({ length: 400 }, () => Math.max(0, Math.round(20 + 3 * normal(random))));
    const result = backtestVariant(days(values));
    expect(result.reason).toBeNull();
    expect(result.scoredDays).toBe(HOLDOUT_DAYS);
    expect(result.method).toBe("ses");
    expect(result.mase!).toBeGreaterThan(0.45);
    expect(result.mase!).toBeLessThan(1);
    expect(result.mase).toBeCloseTo(result.mae! / result.naiveMae!, 12);
  });

  it("averages to about 1/√2 over many noisy variants", () => {
    const random = seeded(99);
    const results = Array.from({ length: 200 }, () =>
      backtestVariant(days(Array.from({ length: 150 }, () => Math.max(0, Math.round(30 + 4 * normal(random)))))),
    );
    const overall = overallAccuracy(results);
    expect(overall.variantsMeasured).toBe(200);
    expect(overall.scoredDays).toBe(200 * HOLDOUT_DAYS);
    expect(overall.meanMase!).toBeGreaterThan(0.65);
    expect(overall.meanMase!).toBeLessThan(0.8);
  });

  it("is null with 'not enough variation' when the naive forecast never erred", () => {
    const result = backtestVariant(days(Array.from({ length: 90 }, () => 5)));
    expect(result.mase).toBeNull();
    expect(result.reason).toBe("not_enough_variation");
    expect(result.naiveMae).toBe(0);
    expect(result.scoredDays).toBe(HOLDOUT_DAYS);
    expect(BACKTEST_REASON_MESSAGES[result.reason!]).toMatch(/Not enough variation/);
  });

  it("scales by the in-sample naive error and scores the rolling one-step forecasts", () => {
    // Training alternates 4, 6 (naive error 2 every day); the holdout sells 5 a day.
    const values = [...Array.from({ length: 42 }, (_, t) => (t % 2 ? 6 : 4)), ...Array.from({ length: 28 }, () => 5)];
    const series = seriesFromDays(days(values));
    const result = backtestVariant(series);
    expect(result.naiveMae).toBe(2);
    const { forecasts } = rollingOneStepForecasts(series, values.length - 28);
    const mae = forecasts.reduce((sum, f) => sum + Math.abs(5 - f), 0) / 28;
    expect(result.mae).toBeCloseTo(mae, 12);
    expect(result.mase).toBeCloseTo(mae / 2, 12);
  });

  it("uses only earlier days for each holdout forecast (no look-ahead)", () => {
    const random = seeded(3);
    const values = Array.from({ length: 100 }, () => Math.round(10 + 2 * normal(random)));
    const from = values.length - 28;
    const changed = [...values];
    changed[from + 10] += 50;
    const before = rollingOneStepForecasts(seriesFromDays(days(values)), from).forecasts;
    const after = rollingOneStepForecasts(seriesFromDays(days(changed)), from).forecasts;
    expect(Array.from(after.slice(0, 11))).toEqual(Array.from(before.slice(0, 11)));
    expect(after[11]).toBeGreaterThan(before[11]);
  });

  it("does not score out-of-stock days of the holdout", () => {
    const random = seeded(11);
    const values = Array.from({ length: 100 }, () => Math.round(10 + 2 * normal(random)));
    const result = backtestVariant(days(values, (i) => i >= 90));
    expect(result.scoredDays).toBe(18);
    expect(backtestVariant(days(values, (i) => i >= 72))).toMatchObject({ mase: null, reason: "no_observed_holdout_days", scoredDays: 0 });
  });

  it("needs two weeks of observed training days", () => {
    expect(backtestVariant(days(Array.from({ length: 28 }, (_, t) => t % 3)))).toMatchObject({ mase: null, reason: "not_enough_history" });
    expect(backtestVariant(days(Array.from({ length: 41 }, (_, t) => t % 3)))).toMatchObject({ mase: null, reason: "not_enough_history" });
    expect(backtestVariant(days(Array.from({ length: 42 }, (_, t) => t % 3))).reason).toBeNull();
  });

  it("rejects a holdout that is not a positive whole number", () => {
    expect(() => backtestVariant(days([1, 2, 3]), 0)).toThrow(/Holdout/);
  });
});

describe("forecastVariant", () => {
  it("returns the full-history forecast and the backtest together", () => {
    const random = seeded(5);
    const history = days(Array.from({ length: 120 }, () => Math.round(8 + 2 * normal(random))));
    const { forecast, backtest } = forecastVariant(history);
    expect(forecast).toEqual(fitDemand(history));
    expect(backtest).toEqual(backtestVariant(history));
    expect(forecastVariant(history, { holdoutDays: 14 }).backtest.scoredDays).toBe(14);
  });
});

describe("overallAccuracy", () => {
  it("averages per-variant MASE, gives the median, and counts what it rests on", () => {
    const overall = overallAccuracy([
      { mase: 0.5, scoredDays: 28 },
      { mase: 0.9, scoredDays: 20 },
      { mase: null, scoredDays: 28 },
      { mase: 2.2, scoredDays: 10 },
    ]);
    expect(overall.meanMase).toBeCloseTo(1.2, 12);
    expect(overall.medianMase).toBe(0.9);
    expect(overall).toMatchObject({ variantsMeasured: 3, variantsUnmeasured: 1, scoredDays: 58 });
    expect(overallAccuracy([{ mase: 1, scoredDays: 5 }, { mase: 0.5, scoredDays: 5 }]).medianMase).toBe(0.75);
  });

  it("has no figure when no variant could be measured", () => {
    expect(overallAccuracy([{ mase: null, scoredDays: 0 }])).toEqual({ meanMase: null, medianMase: null, variantsMeasured: 0, variantsUnmeasured: 1, scoredDays: 0 });
  });
});
