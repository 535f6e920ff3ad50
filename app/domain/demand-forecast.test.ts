import { describe, expect, it } from "vitest";
import {
  CROSTON_ALPHA,
  DEFAULT_SES_ALPHA,
  backorderCoverageDate,
  buildDemandSeries,
  cumulativeVariance,
  daysOfCover,
  fitDemand,
  forecastBand,
  forecastDaily,
  forecastTotal,
  predictStockOut,
  seriesFromDays,
  seriesToDays,
  unservedDemand,
  type DailyDemand,
  type DemandForecast,
} from "./demand-forecast";
import { addCalendarDays, localWeekday } from "./eta";

// 2026-01-05 is a Monday.
const START = "2026-01-05";

function days(values: readonly number[], stockedOut: (i: number) => boolean = () => false, start = START): DailyDemand[] {
  return values.map((unitsSold, i) => ({ day: addCalendarDays(start, i), unitsSold, stockedOut: stockedOut(i) }));
}

const repeat = (value: number, count: number) => Array.from({ length: count }, () => value);

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

function poisson(mean: number, random: () => number): number {
  const limit = Math.exp(-mean);
  let k = 0;
  for (let p = random(); p > limit; p *= random()) k++;
  return k;
}

const flat = (overrides: Partial<DemandForecast> = {}): DemandForecast => ({
  method: "ses",
  origin: "2026-03-02", // a Monday
  rate: 4,
  weekdayFactors: repeat(1, 7),
  seasonal: false,
  alpha: 0.1,
  dailyVariance: 4,
  observedDays: 60,
  censoredDays: 0,
  demandDays: 60,
  ...overrides,
});

describe("seriesFromDays", () => {
  it("keeps units and stock-outs in day order", () => {
    const series = seriesFromDays(days([1, 2, 3], (i) => i === 1));
    expect(series.start).toBe(START);
    expect(Array.from(series.units)).toEqual([1, 2, 3]);
    expect(Array.from(series.censored)).toEqual([0, 1, 0]);
    expect(seriesToDays(series)).toEqual(days([1, 2, 3], (i) => i === 1));
  });

  it("rejects a gap, an empty history and a non-number", () => {
    const gap = days([1, 2, 3]);
    gap.splice(1, 1);
    expect(() => seriesFromDays(gap)).toThrow(/every day in order: expected 2026-01-06/);
    expect(() => seriesFromDays([])).toThrow(/empty/);
    expect(() => seriesFromDays([{ day: START, unitsSold: Number.NaN, stockedOut: false }])).toThrow(/finite number/);
    expect(() => seriesFromDays([{ day: "2026-02-30", unitsSold: 1, stockedOut: false }])).toThrow(/YYYY-MM-DD/);
  });
});

describe("buildDemandSeries", () => {
  it("fills missing days with no sales and carries the last stock level forward", () => {
    const series = buildDemandSeries(
      [
        { day: "2026-01-06", unitsSold: 3, endOfDayAvailable: 0 },
        { day: "2026-01-09", unitsSold: 0, endOfDayAvailable: 12 },
        { day: "2026-01-05", unitsSold: 2, endOfDayAvailable: 3 }, // out of order on purpose
      ],
      "2026-01-05",
      "2026-01-10",
    );
    expect(Array.from(series.units)).toEqual([2, 3, 0, 0, 0, 0]);
    // Stock 3, 0, (0 carried), (0 carried), 12, (12 carried).
    expect(Array.from(series.censored)).toEqual([0, 1, 1, 1, 0, 0]);
  });

  it("treats unknown stock as not censored until a known level comes", () => {
    const series = buildDemandSeries(
      [
        { day: "2026-01-06", unitsSold: 1, endOfDayAvailable: 0 },
        { day: "2026-01-07", unitsSold: 1, endOfDayAvailable: null },
      ],
      "2026-01-05",
      "2026-01-09",
    );
    // Before the first row: unknown. Jan 6 out of stock. Jan 7 onwards unknown.
    expect(Array.from(series.censored)).toEqual([0, 1, 0, 0, 0]);
  });

  it("takes the opening level from the last row before the range, or from openingAvailable", () => {
    const rows = [
      { day: "2025-12-20", unitsSold: 4, endOfDayAvailable: 5 },
      { day: "2025-12-30", unitsSold: 5, endOfDayAvailable: 0 },
      { day: "2026-01-07", unitsSold: 2, endOfDayAvailable: 8 },
      { day: "2026-01-20", unitsSold: 9, endOfDayAvailable: 1 }, // after the range: ignored
    ];
    const series = buildDemandSeries(rows, "2026-01-05", "2026-01-08");
    expect(Array.from(series.censored)).toEqual([1, 1, 0, 0]);
    expect(Array.from(series.units)).toEqual([0, 0, 2, 0]);
    expect(Array.from(buildDemandSeries(rows, "2026-01-05", "2026-01-08", { openingAvailable: 7 }).censored)).toEqual([0, 0, 0, 0]);
  });

  it("does not censor when the variant keeps selling below zero (backorders on)", () => {
    const rows = [{ day: "2026-01-05", unitsSold: 4, endOfDayAvailable: -4 }];
    expect(Array.from(buildDemandSeries(rows, "2026-01-05", "2026-01-06").censored)).toEqual([1, 1]);
    expect(Array.from(buildDemandSeries(rows, "2026-01-05", "2026-01-06", { sellsWhenOutOfStock: true }).censored)).toEqual([0, 0]);
  });

  it("counts days across month ends, leap days and century years", () => {
    for (const [from, to, length] of [
      ["2024-02-28", "2024-03-01", 3],
      ["2100-02-28", "2100-03-01", 2],
      ["2000-02-28", "2000-03-01", 3],
      ["2026-12-31", "2027-01-01", 2],
      ["2026-01-01", "2026-12-31", 365],
    ] as const) {
      expect(buildDemandSeries([], from, to).units.length).toBe(length);
    }
    const series = buildDemandSeries([{ day: "2024-03-01", unitsSold: 7, endOfDayAvailable: 1 }], "2024-02-27", "2024-03-02");
    expect(Array.from(series.units)).toEqual([0, 0, 0, 7, 0]);
  });

  it("rejects two rows for a day, a reversed range and a bad stock value", () => {
    const row = { day: "2026-01-05", unitsSold: 1, endOfDayAvailable: 3 };
    expect(() => buildDemandSeries([row, row], "2026-01-05", "2026-01-06")).toThrow(/Two sales-history rows for 2026-01-05/);
    expect(() => buildDemandSeries([], "2026-01-06", "2026-01-05")).toThrow(/before the first day/);
    expect(() => buildDemandSeries([{ ...row, endOfDayAvailable: Number.POSITIVE_INFINITY }], "2026-01-05", "2026-01-06")).toThrow(/Stock on 2026-01-05/);
  });
});

describe("fitDemand: constant demand", () => {
  const forecast = fitDemand(days(repeat(5, 60)));

  it("uses SES and converges on the constant", () => {
    expect(forecast.method).toBe("ses");
    expect(forecast.rate).toBeCloseTo(5, 12);
    expect(forecast.origin).toBe(addCalendarDays(START, 60));
    expect(forecast.observedDays).toBe(60);
  });

  it("floors the variance at the Poisson level, so the interval is never a single false-precise date", () => {
    expect(forecast.dailyVariance).toBeCloseTo(5, 12);
  });

  it("predicts the stock-out available/rate days ahead, inside its 80% interval", () => {
    const stockOut = predictStockOut(forecast, { available: 50 });
    expect(stockOut).not.toBeNull();
    expect(stockOut?.likelyInDays).toBe(10);
    expect(stockOut?.likely).toBe(addCalendarDays(forecast.origin, 10));
    expect(stockOut!.earliestInDays).toBeLessThan(10);
    expect(stockOut!.latestInDays!).toBeGreaterThan(10);
    expect(stockOut!.earliest < stockOut!.likely! && stockOut!.likely! < stockOut!.latest!).toBe(true);
  });

  it("gives days of cover as available / rate", () => {
    expect(daysOfCover(forecast, 50)).toBeCloseTo(10, 12);
    expect(daysOfCover(forecast, 12)).toBeCloseTo(2.4, 12);
  });
});

describe("fitDemand: linear trend", () => {
  // SES has no trend term: on y = 2 + 0.1t its level settles (1 − α)/α × slope below the last value, i.e. slope/α
  // below the next one. The grid then prefers the largest α (the least lag).
  const slope = 0.1;
  const values = Array.from({ length: 49 }, (_, t) => 2 + slope * t);
  const forecast = fitDemand(days(values));

  it("lags the trend by (1 − α)/α × slope, with the most reactive α of the grid", () => {
    expect(forecast.method).toBe("ses");
    expect(forecast.seasonal).toBe(false);
    expect(forecast.alpha).toBe(0.5);
    expect(forecast.rate).toBeCloseTo(values[48] - ((1 - forecast.alpha) / forecast.alpha) * slope, 9);
    expect(forecast.rate).toBeLessThan(values[48]);
  });
});

describe("fitDemand: intermittent demand", () => {
  it("uses Croston with the SBA correction: rate = (1 − α/2) × size / interval", () => {
    const values: number[] = Array.from({ length: 120 }, (_, t) => (t % 4 === 3 ? 3 : 0));
    const forecast = fitDemand(days(values));
    expect(forecast.method).toBe("croston_sba");
    expect(forecast.alpha).toBe(CROSTON_ALPHA);
    const total = values.reduce((a, b) => a + b, 0);
    expect(forecast.rate).toBeCloseTo((total / values.length) * (1 - CROSTON_ALPHA / 2), 12);
    expect(forecast.demandDays).toBe(30);
  });

  it("switches at ADI 1.32: sales on 3 of 4 days is intermittent (1.33), 4 of 5 is not (1.25)", () => {
    expect(fitDemand(days(Array.from({ length: 80 }, (_, t) => (t % 4 === 0 ? 0 : 2)))).method).toBe("croston_sba");
    expect(fitDemand(days(Array.from({ length: 80 }, (_, t) => (t % 5 === 0 ? 0 : 2)))).method).toBe("ses");
  });

  it("stays near the long-run rate on random intermittent sales", () => {
    const random = seeded(7);
    const values = Array.from({ length: 365 }, () => (random() < 0.15 ? 1 + Math.floor(random() * 4) : 0));
    const forecast = fitDemand(days(values));
    expect(forecast.method).toBe("croston_sba");
    const longRun = values.reduce((a, b) => a + b, 0) / values.length;
    expect(forecast.rate).toBeGreaterThan(longRun * 0.5);
    expect(forecast.rate).toBeLessThan(longRun * 1.5);
  });

  it("gets no weekday factors even with 8+ weeks, since a few sales per weekday are mostly noise", () => {
    // Sales only on Saturdays: ADI 7 → Croston, flat profile.
    const forecast = fitDemand(days(Array.from({ length: 84 }, (_, t) => (t % 7 === 5 ? 6 : 0))));
    expect(forecast.method).toBe("croston_sba");
    expect(forecast.seasonal).toBe(false);
    expect(forecast.weekdayFactors).toEqual(repeat(1, 7));
  });

  it("has no demand and no stock-out when nothing sold", () => {
    const forecast = fitDemand(days(repeat(0, 30)));
    expect(forecast.method).toBe("none");
    expect(forecast.rate).toBe(0);
    expect(predictStockOut(forecast, { available: 3 })).toBeNull();
    expect(daysOfCover(forecast, 3)).toBeNull();
  });
});

describe("fitDemand: sold-out gaps", () => {
  const values = [...repeat(5, 80), ...repeat(0, 20)];

  it("skips out-of-stock days: the rate stays at 5 instead of being dragged toward 0", () => {
    const forecast = fitDemand(days(values, (i) => i >= 80));
    expect(forecast.rate).toBeCloseTo(5, 12);
    expect(forecast.observedDays).toBe(80);
    expect(forecast.censoredDays).toBe(20);
    expect(forecast.origin).toBe(addCalendarDays(START, 100));
  });

  it("would read the same zeros as no demand if they were not marked (the bias censoring removes)", () => {
    expect(fitDemand(days(values)).rate).toBeLessThan(2);
  });

  it("works the same from sparse stored rows whose stock hit zero and stayed there", () => {
    const rows = [
      ...Array.from({ length: 40 }, (_, i) => ({ day: addCalendarDays(START, i), unitsSold: 5, endOfDayAvailable: 205 - 5 * (i + 1) })),
      { day: addCalendarDays(START, 40), unitsSold: 0, endOfDayAvailable: 0 },
    ];
    const series = buildDemandSeries(rows, START, addCalendarDays(START, 59), { openingAvailable: 205 });
    expect(fitDemand(series).rate).toBeCloseTo(5, 12);
  });
});

describe("fitDemand: weekly seasonality", () => {
  // Mon–Fri 4 units, Sat and Sun 10: weekday means 4 and 10, their mean 40/7.
  const weekly = (weeks: number) => days(Array.from({ length: weeks * 7 }, (_, t) => ([5, 6].includes(t % 7) ? 10 : 4)));

  it("has no factors with 7 weeks of history", () => {
    const forecast = fitDemand(weekly(7));
    expect(forecast.seasonal).toBe(false);
    expect(forecast.weekdayFactors).toEqual(repeat(1, 7));
  });

  it("has weekday factors averaging 1 with 8 weeks", () => {
    const forecast = fitDemand(weekly(8));
    expect(forecast.seasonal).toBe(true);
    const mean = 40 / 7;
    // Index 0 = Sunday, 6 = Saturday.
    expect(forecast.weekdayFactors[0]).toBeCloseTo(10 / mean, 12);
    expect(forecast.weekdayFactors[6]).toBeCloseTo(10 / mean, 12);
    expect(forecast.weekdayFactors[3]).toBeCloseTo(4 / mean, 12);
    expect(forecast.weekdayFactors.reduce((a, b) => a + b, 0) / 7).toBeCloseTo(1, 12);
    expect(forecast.rate).toBeCloseTo(mean, 9);
    // The history ends on a Sunday, so the forecast starts on a Monday.
    expect(localWeekday(forecast.origin)).toBe(1);
    expect(Array.from(forecastDaily(forecast, 7)).map((x) => Math.round(x * 1e9) / 1e9)).toEqual([4, 4, 4, 4, 4, 10, 10]);
    expect(forecastTotal(forecast, 14)).toBeCloseTo(80, 9);
  });

  it("needs 8 observed days of every weekday: one out-of-stock Wednesday in 8 weeks means no factors", () => {
    const history = weekly(8).map((d, i) => (i === 16 ? { ...d, unitsSold: 0, stockedOut: true } : d));
    expect(fitDemand(history).seasonal).toBe(false);
  });

  it("reads a weekly pattern as noise without seasonality, with a larger error variance", () => {
    expect(fitDemand(weekly(7)).dailyVariance).toBeGreaterThan(fitDemand(weekly(8)).dailyVariance);
  });
});

describe("fitDemand: noisy demand", () => {
  it("estimates the rate and the daily variance of Poisson(8) sales", () => {
    const random = seeded(42);
    const forecast = fitDemand(days(Array.from({ length: 300 }, () => poisson(8, random))));
    expect(forecast.method).toBe("ses");
    expect(forecast.alpha).toBeLessThanOrEqual(0.1);
    expect(forecast.rate).toBeGreaterThan(7);
    expect(forecast.rate).toBeLessThan(9);
    expect(forecast.dailyVariance).toBeGreaterThan(8 * 0.8);
    expect(forecast.dailyVariance).toBeLessThan(8 * 1.4);
  });

  it("uses the default α with under two weeks of observed days", () => {
    expect(fitDemand(days([3, 5, 4, 6, 5, 4, 3, 5, 6, 4])).alpha).toBe(DEFAULT_SES_ALPHA);
  });

  it("reads a day whose refunds outweigh its sales as no demand", () => {
    expect(fitDemand(days([...repeat(2, 10), -6, ...repeat(2, 10)])).rate).toBeLessThan(2);
    expect(fitDemand(days([...repeat(2, 10), -6, ...repeat(2, 10)])).rate).toBeCloseTo(fitDemand(days([...repeat(2, 10), 0, ...repeat(2, 10)])).rate, 12);
  });
});

describe("cumulativeVariance", () => {
  it("is σ² Σ (1 + αk)²: h σ² with α = 0, wider as the level can drift", () => {
    expect(cumulativeVariance(flat({ alpha: 0 }), 10)).toBeCloseTo(40, 12);
    // α = 0.1, h = 3: 4 × (1 + 1.21 + 1.44) = 14.6
    expect(cumulativeVariance(flat({ alpha: 0.1 }), 3)).toBeCloseTo(14.6, 12);
  });

  it("uses α / ADI as the daily gain for Croston", () => {
    // α = 0.2 over ADI 2 → 0.1 per day: same as above.
    expect(cumulativeVariance(flat({ method: "croston_sba", alpha: 0.2, observedDays: 60, demandDays: 30 }), 3)).toBeCloseTo(14.6, 12);
  });
});

describe("forecastBand", () => {
  it("is the mean ± 1.2816 σ√(1 + (h − 1)α²) per day, never below 0", () => {
    const band = forecastBand(flat({ alpha: 0.5 }), 3);
    expect(Array.from(band.mean)).toEqual([4, 4, 4]);
    // σ = 2: half-widths 2.5631, 2.5631 × √1.25, 2.5631 × √1.5.
    expect(band.upper[0]).toBeCloseTo(4 + 1.2815515655446004 * 2, 9);
    expect(band.lower[1]).toBeCloseTo(4 - 1.2815515655446004 * 2 * Math.sqrt(1.25), 9);
    expect(band.upper[2]).toBeCloseTo(4 + 1.2815515655446004 * 2 * Math.sqrt(1.5), 9);
    expect(forecastBand(flat({ rate: 1 }), 2).lower[0]).toBe(0);
  });
});

describe("daysOfCover", () => {
  const forecast = flat();

  it("counts fractional days of expected demand", () => {
    expect(daysOfCover(forecast, 10)).toBeCloseTo(2.5, 12);
    expect(daysOfCover(forecast, 10, 10)).toBeCloseTo(5, 12);
  });

  it("adds arrivals on their day; an arrival after the stock ran out does not extend the first run", () => {
    // 10 on hand: 6 left after Monday, 2 after Tuesday, +10 on Wednesday → 12 = 3 more days.
    expect(daysOfCover(forecast, 10, [{ day: "2026-03-04", units: 10 }])).toBeCloseTo(5, 12);
    expect(daysOfCover(forecast, 4, [{ day: "2026-03-10", units: 100 }])).toBeCloseTo(1, 12);
  });

  it("is 0 when out of stock and null beyond the horizon", () => {
    expect(daysOfCover(forecast, 0)).toBe(0);
    expect(daysOfCover(forecast, -3)).toBe(0);
    expect(daysOfCover(forecast, 1000, 0, 30)).toBeNull();
  });
});

describe("predictStockOut", () => {
  const forecast = flat();

  it("is the origin when nothing is available and nothing lands today", () => {
    expect(predictStockOut(forecast, { available: 0 })).toMatchObject({ likely: "2026-03-02", earliest: "2026-03-02", latest: "2026-03-02", likelyInDays: 0 });
  });

  it("moves later with inbound stock", () => {
    // 20 on hand + 40 on day 3: 60 units at 4/day run out on day 15.
    const without = predictStockOut(forecast, { available: 20 });
    const withInbound = predictStockOut(forecast, { available: 20, inbound: [{ day: "2026-03-05", units: 40 }] });
    expect(without?.likelyInDays).toBe(5);
    expect(withInbound?.likelyInDays).toBe(15);
    expect(withInbound?.likely).toBe("2026-03-17");
  });

  it("has a null likely/latest when those fall beyond the horizon, and is null when even the earliest does", () => {
    // 41 units at 4/day: expected to run out on day 10, just past a 10-day horizon (days 0–9).
    const partial = predictStockOut(forecast, { available: 41, horizonDays: 10 });
    expect(partial?.earliestInDays).toBeLessThan(10);
    expect(partial?.likely).toBeNull();
    expect(partial?.latest).toBeNull();
    expect(predictStockOut(forecast, { available: 1000, horizonDays: 30 })).toBeNull();
  });

  it("widens the interval with the variance", () => {
    const narrow = predictStockOut(flat({ alpha: 0.02, dailyVariance: 1 }), { available: 200 })!;
    const wide = predictStockOut(flat({ alpha: 0.02, dailyVariance: 25 }), { available: 200 })!;
    expect(narrow.likelyInDays).toBe(50);
    expect(wide.likelyInDays).toBe(50);
    expect(wide.latestInDays! - wide.earliestInDays).toBeGreaterThan(narrow.latestInDays! - narrow.earliestInDays);
  });

  it("leaves the latest day open when the level could drift to no demand within the horizon", () => {
    // α = 0.1 and σ = 5 around 4/day: the 10th-percentile demand path never uses up 200 units.
    const stockOut = predictStockOut(flat({ alpha: 0.1, dailyVariance: 25 }), { available: 200 })!;
    expect(stockOut.likelyInDays).toBe(50);
    expect(stockOut.latest).toBeNull();
  });

  it("rejects a non-number stock and a bad arrival", () => {
    expect(() => predictStockOut(forecast, { available: Number.NaN })).toThrow(/Available stock/);
    expect(() => predictStockOut(forecast, { available: 3, inbound: [{ day: "2026-03-05", units: -1 }] })).toThrow(/Inbound units arriving 2026-03-05/);
  });
});

describe("backorderCoverageDate", () => {
  const forecast = flat({ rate: 2 });

  it("is the first arrival covering owed + waitlist + demand expected until then", () => {
    const arrivals = [
      { day: "2026-03-12", units: 20 }, // day 10: 30 arrived vs 14 + 20 = 34
      { day: "2026-03-07", units: 10 }, // day 5: 10 arrived vs 14 + 10 = 24
      { day: "2026-03-14", units: 10 }, // day 12: 40 arrived vs 14 + 24 = 38
    ];
    expect(backorderCoverageDate(forecast, { owedUnits: 10, expectedWaitlistUnits: 4, arrivals })).toEqual({
      day: "2026-03-14",
      requiredUnits: 38,
      arrivedUnits: 40,
    });
  });

  it("is null when the arrivals never cover it", () => {
    expect(backorderCoverageDate(forecast, { owedUnits: 10, expectedWaitlistUnits: 4, arrivals: [{ day: "2026-03-12", units: 30 }] })).toBeNull();
    expect(backorderCoverageDate(forecast, { owedUnits: 1, expectedWaitlistUnits: 0, arrivals: [] })).toBeNull();
  });

  it("adds every arrival of a day together, and counts a late-recorded arrival as today", () => {
    const arrivals = [
      { day: "2026-03-01", units: 3 },
      { day: "2026-03-02", units: 4 },
      { day: "2026-03-04", units: 5 },
      { day: "2026-03-04", units: 5 },
    ];
    expect(backorderCoverageDate(forecast, { owedUnits: 7, expectedWaitlistUnits: 0, arrivals })?.day).toBe("2026-03-02");
    expect(backorderCoverageDate(forecast, { owedUnits: 10, expectedWaitlistUnits: 0, arrivals })).toEqual({ day: "2026-03-04", requiredUnits: 14, arrivedUnits: 17 });
  });
});

describe("unservedDemand", () => {
  it("counts demand on days with nothing left, arrivals serving owed units first", () => {
    const forecast = flat();
    // 20 on hand, 10 days at 4/day: days 5–9 unserved.
    expect(unservedDemand(forecast, 20, [], 10)).toBeCloseTo(20, 12);
    // Owing 6 (stock −6), 10 arrive on day 2: 4 left, so day 2 serves 4; days 0, 1, 3, 4 unserved.
    expect(unservedDemand(forecast, -6, [{ day: "2026-03-04", units: 10 }], 5)).toBeCloseTo(16, 12);
  });
});
