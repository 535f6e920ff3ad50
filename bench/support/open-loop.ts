// Open-loop load: requests arrive on a fixed schedule whatever the server does (as Shopify's webhook senders do),
// unlike closed-loop senders that wait for each answer, whose latency is concurrency ÷ throughput by construction.
// Latency is measured from each request's *scheduled* arrival, so a server (or load generator) that falls behind
// shows it in the percentiles instead of silently sending less (coordinated omission).
import { quantileOf } from "./stats";

/** A deterministic PRNG (mulberry32): the same seed gives the same arrival schedule, run after run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Arrival offsets (ms from the start, ascending) of a Poisson process at `ratePerSecond` over `durationMs`:
 * inter-arrival gaps are exponential with mean 1/rate.
 */
export function poissonArrivals(ratePerSecond: number, durationMs: number, random: () => number): number[] {
  if (!(ratePerSecond > 0) || !(durationMs > 0)) throw new Error("poissonArrivals needs a positive rate and duration");
  const meanGapMs = 1000 / ratePerSecond;
  const arrivals: number[] = [];
  for (let at = -Math.log(1 - random()) * meanGapMs; at < durationMs; at += -Math.log(1 - random()) * meanGapMs) {
    arrivals.push(at);
  }
  return arrivals;
}

export type OpenLoopSample = { scheduledMs: number; finishedMs: number; status: number };

export type OpenLoopLevel = {
  offeredRate: number;
  sent: number;
  /** What the schedule actually sent per second (a Poisson count varies around the offered rate). */
  sentRate: number;
  /** 200 answers per second, over the time from the first scheduled arrival to the last answer. */
  achievedRate: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  non200: number;
};

/**
 * One level's figures from its samples (every request scheduled, answered or failed with status 0; times in ms
 * from the level's start). The achieved rate divides the 200s by the level's duration, or by the time to the last
 * answer when the server was still answering after the schedule ended.
 */
export function summarizeLevel(offeredRate: number, durationMs: number, samples: readonly OpenLoopSample[]): OpenLoopLevel {
  const latencies = samples.map((s) => s.finishedMs - s.scheduledMs).sort((a, b) => a - b);
  const ok = samples.filter((s) => s.status === 200).length;
  const end = samples.reduce((latest, s) => Math.max(latest, s.finishedMs), durationMs);
  return {
    offeredRate,
    sent: samples.length,
    sentRate: samples.length / (durationMs / 1000),
    achievedRate: ok / (end / 1000),
    p50Ms: quantileOf(latencies, 0.5),
    p99Ms: quantileOf(latencies, 0.99),
    maxMs: latencies[latencies.length - 1] ?? Number.NaN,
    non200: samples.length - ok,
  };
}

/**
 * The highest offered rate whose p99 stayed under the bar with every request answered 200 and the server keeping
 * up with what was sent (achieved within 5% of the sent rate); null when none did. Levels above a failing one do not count: a server that
 * passes 1,000 req/s but not 300 is not "sustainable" at 1,000.
 */
export function sustainableRate(levels: readonly OpenLoopLevel[], p99BarMs: number): number | null {
  let best: number | null = null;
  for (const level of [...levels].sort((a, b) => a.offeredRate - b.offeredRate)) {
    const holds = level.p99Ms < p99BarMs && level.non200 === 0 && level.achievedRate >= level.sentRate * 0.95;
    if (!holds) break;
    best = level.offeredRate;
  }
  return best;
}
