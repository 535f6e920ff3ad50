// The open-loop bench's arithmetic (bench/support/open-loop.ts): the arrival schedule is a Poisson process at the
// offered rate, latency counts from the scheduled arrival, and "sustainable rate" stops at the first level that fails.
import { describe, expect, it } from "vitest";
import { poissonArrivals, seededRandom, summarizeLevel, sustainableRate, type OpenLoopLevel } from "../../bench/support/open-loop";

describe("Poisson arrivals", () => {
  it("GIVEN 300 req/s for 20 s THEN about 6,000 ascending arrivals inside the window with exponential gaps (mean and spread 1/rate)", () => {
    const arrivals = poissonArrivals(300, 20_000, seededRandom(1));
    expect(arrivals.length).toBeGreaterThan(6000 * 0.95);
    expect(arrivals.length).toBeLessThan(6000 * 1.05);
    expect(arrivals.every((at, i) => at >= 0 && at < 20_000 && (i === 0 || at >= arrivals[i - 1]))).toBe(true);
    const gaps = arrivals.slice(1).map((at, i) => at - arrivals[i]);
    const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
    const sd = Math.sqrt(gaps.reduce((a, g) => a + (g - mean) ** 2, 0) / gaps.length);
    expect(mean).toBeCloseTo(1000 / 300, 0);
    // Exponential: standard deviation equals the mean (a fixed-interval schedule would have ~0).
    expect(sd / mean).toBeGreaterThan(0.9);
    expect(sd / mean).toBeLessThan(1.1);
  });

  it("GIVEN the same seed THEN the same schedule; another seed THEN another", () => {
    expect(poissonArrivals(100, 1000, seededRandom(7))).toEqual(poissonArrivals(100, 1000, seededRandom(7)));
    expect(poissonArrivals(100, 1000, seededRandom(7))).not.toEqual(poissonArrivals(100, 1000, seededRandom(8)));
  });

  it("GIVEN a zero or negative rate THEN it refuses", () => {
    expect(() => poissonArrivals(0, 1000, Math.random)).toThrow(/positive rate/);
  });
});

describe("a level's figures", () => {
  it("GIVEN requests answered late THEN latency counts from the scheduled arrival, non-200s are counted and the rate uses the time to the last answer", () => {
    const level = summarizeLevel(4, 1000, [
      { scheduledMs: 0, finishedMs: 10, status: 200 },
      { scheduledMs: 250, finishedMs: 270, status: 200 },
      { scheduledMs: 500, finishedMs: 530, status: 200 },
      { scheduledMs: 750, finishedMs: 1750, status: 0 },
    ]);
    expect(level).toMatchObject({ offeredRate: 4, sent: 4, sentRate: 4, non200: 1, p50Ms: 20, maxMs: 1000, p99Ms: 1000 });
    expect(level.achievedRate).toBeCloseTo(3 / 1.75, 5);
  });
});

describe("sustainable rate", () => {
  const level = (offeredRate: number, p99Ms: number, extra: Partial<OpenLoopLevel> = {}): OpenLoopLevel => ({
    offeredRate, sent: offeredRate * 20, sentRate: offeredRate, achievedRate: offeredRate, p50Ms: p99Ms / 3, p99Ms, maxMs: p99Ms * 2, non200: 0, ...extra,
  });

  it("GIVEN p99 under the bar up to 300 req/s THEN 300", () => {
    expect(sustainableRate([level(100, 8), level(300, 40), level(1000, 450)], 100)).toBe(300);
  });

  it("GIVEN a level that fails THEN higher levels do not count, and none passing gives null", () => {
    expect(sustainableRate([level(1000, 60), level(100, 20), level(300, 140)], 100)).toBe(100);
    expect(sustainableRate([level(100, 120)], 100)).toBeNull();
  });

  it("GIVEN a level with errors or whose answers fell behind what was sent THEN it is not sustainable", () => {
    expect(sustainableRate([level(100, 10), level(300, 30, { non200: 2 })], 100)).toBe(100);
    expect(sustainableRate([level(100, 10), level(300, 30, { achievedRate: 250 })], 100)).toBe(100);
  });
});
