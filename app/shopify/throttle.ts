// Back-off for Shopify's GraphQL leaky bucket. A THROTTLED answer arrives as HTTP 200 with
// errors[].extensions.code = "THROTTLED" and extensions.cost = { requestedQueryCost, throttleStatus:
// { maximumAvailable, currentlyAvailable, restoreRate } }. The bucket refills at restoreRate points/s, so the
// request fits again after ceil((requested − currentlyAvailable) / restoreRate) seconds. Pure: jitter comes from
// an injected random source.

import type { QueryCost, ThrottleStatus } from "./graphql-errors";

export const MIN_THROTTLE_DELAY_MS = 1_000;
export const MAX_THROTTLE_DELAY_MS = 60_000;
export const MAX_THROTTLE_JITTER_MS = 250;

export function throttleDelayMs(
  cost: QueryCost | null,
  options: { attempt: number; random?: () => number; minMs?: number; maxMs?: number; maxJitterMs?: number },
): number {
  const minMs = options.minMs ?? MIN_THROTTLE_DELAY_MS;
  const maxMs = options.maxMs ?? MAX_THROTTLE_DELAY_MS;
  const jitter = Math.floor((options.random ?? Math.random)() * (options.maxJitterMs ?? MAX_THROTTLE_JITTER_MS));
  const status = cost?.throttleStatus;
  let baseMs: number;
  if (status && status.restoreRate > 0 && cost?.requestedQueryCost != null) {
    const deficit = cost.requestedQueryCost - status.currentlyAvailable;
    baseMs = Math.ceil(Math.max(0, deficit) / status.restoreRate) * 1_000;
  } else {
    // No cost information: plain exponential back-off from the floor.
    baseMs = minMs * 2 ** Math.max(0, options.attempt - 1);
  }
  return Math.min(maxMs, Math.max(minMs, baseMs)) + jitter;
}

// ---------------------------------------------------------------------------------------------------------
// Pacing: stay inside the bucket instead of running into THROTTLED.
//
// Every response carries extensions.cost.throttleStatus (the shop's bucket level when Shopify answered). The pacer
// keeps, per shop, an estimate of that level that never runs ahead of Shopify's:
//   - it restores at restoreRate from the moment the answer ARRIVED (later than Shopify measured it, so the
//     estimate errs low by the transit time), up to maximumAvailable;
//   - points of requests sent but not answered yet are reserved (subtracted) until their answer settles them;
//   - an answer takes min(reported level, current estimate): answers to concurrent requests can arrive out of
//     order, and an older answer must not raise the estimate above what a newer one already showed.
// Before a request goes out it must fit: estimated cost ≤ estimated level − reserved points; otherwise the caller
// waits the time the bucket needs to refill. The cost of an operation is learned from its answers
// (requestedQueryCost, the largest seen for that operation); an operation not seen yet is assumed to cost
// UNKNOWN_OPERATION_COST. Before the first answer nothing is known and requests go straight out (the THROTTLED
// retry above stays the safety net, e.g. for another process spending the same shop's bucket).
// The functions below are pure (time passed in); ThrottlePacer only holds the state between calls.

/** Assumed requested cost of an operation whose answer has not been seen yet. */
export const UNKNOWN_OPERATION_COST = 100;

/** The shop's bucket as last reported, re-based to the time the report arrived. */
export type BucketEstimate = { maximumAvailable: number; restoreRate: number; available: number; atMs: number };

/** The estimated level at `nowMs` (not counting requests in flight). */
export function estimateAvailable(bucket: BucketEstimate, nowMs: number): number {
  const restored = (Math.max(0, nowMs - bucket.atMs) / 1_000) * bucket.restoreRate;
  return Math.min(bucket.maximumAvailable, bucket.available + restored);
}

/**
 * How long to wait before sending a request of `cost` points while `reserved` points are in flight: 0 when it fits
 * now (or nothing is known about the bucket yet), else the refill time, rounded up to whole milliseconds. A cost
 * above the bucket's size only waits for a full bucket (Shopify refuses single queries above its own limit anyway).
 */
export function paceDelayMs(input: { bucket: BucketEstimate | null; cost: number; reserved: number; nowMs: number }): number {
  const { bucket, nowMs } = input;
  if (!bucket || !(bucket.restoreRate > 0)) return 0;
  const needed = Math.min(bucket.maximumAvailable, Math.max(0, input.cost) + Math.max(0, input.reserved));
  const deficit = needed - estimateAvailable(bucket, nowMs);
  return deficit <= 0 ? 0 : Math.ceil((deficit / bucket.restoreRate) * 1_000);
}

/** The estimate after an answer reporting `status`, received at `nowMs`. */
export function observeThrottleStatus(previous: BucketEstimate | null, status: ThrottleStatus, nowMs: number): BucketEstimate {
  const reported = Math.max(0, status.currentlyAvailable);
  const current = previous ? estimateAvailable(previous, nowMs) : Number.POSITIVE_INFINITY;
  return {
    maximumAvailable: status.maximumAvailable,
    restoreRate: status.restoreRate,
    available: Math.min(reported, current, status.maximumAvailable),
    atMs: nowMs,
  };
}

export type PaceTicket = { readonly operation: string; readonly cost: number; settled: boolean };

export type PaceDecision = { ticket: PaceTicket; waitMs: 0 } | { ticket: null; waitMs: number };

/** Per-shop pacing state: the bucket estimate, the points in flight and the learned cost of each operation. */
export class ThrottlePacer {
  private bucket: BucketEstimate | null = null;
  private reserved = 0;
  private readonly costs = new Map<string, number>();

  /** The cost assumed for `operation` (largest requestedQueryCost seen, else UNKNOWN_OPERATION_COST). */
  costOf(operation: string): number {
    return this.costs.get(operation) ?? UNKNOWN_OPERATION_COST;
  }

  /** A ticket when the request fits now (its cost is reserved until settled), else how long to wait first. */
  admit(operation: string, nowMs: number): PaceDecision {
    const cost = this.costOf(operation);
    const waitMs = paceDelayMs({ bucket: this.bucket, cost, reserved: this.reserved, nowMs });
    if (waitMs > 0) return { ticket: null, waitMs };
    this.reserved += cost;
    return { ticket: { operation, cost, settled: false }, waitMs: 0 };
  }

  /** The answer arrived (`cost` null when it carried none, e.g. a transport error): release and learn. */
  settle(ticket: PaceTicket, cost: QueryCost | null, nowMs: number): void {
    if (!ticket.settled) {
      ticket.settled = true;
      this.reserved = Math.max(0, this.reserved - ticket.cost);
    }
    const requested = cost?.requestedQueryCost;
    if (typeof requested === "number" && requested >= 0) {
      this.costs.set(ticket.operation, Math.max(requested, this.costs.get(ticket.operation) ?? 0));
    }
    if (cost?.throttleStatus) this.bucket = observeThrottleStatus(this.bucket, cost.throttleStatus, nowMs);
  }

  /** For logs and tests. */
  snapshot(nowMs: number): { available: number | null; reserved: number } {
    return { available: this.bucket ? estimateAvailable(this.bucket, nowMs) : null, reserved: this.reserved };
  }
}

const shopPacers = new Map<string, ThrottlePacer>();

/** The pacer every gateway of `shop` in this process shares (one bucket per shop and app on Shopify's side). */
export function throttlePacerForShop(shop: string): ThrottlePacer {
  let pacer = shopPacers.get(shop);
  if (!pacer) {
    pacer = new ThrottlePacer();
    shopPacers.set(shop, pacer);
  }
  return pacer;
}
