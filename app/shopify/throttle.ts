// Back-off for Shopify's GraphQL leaky bucket. A THROTTLED answer arrives as HTTP 200 with
// errors[].extensions.code = "THROTTLED" and extensions.cost = { requestedQueryCost, throttleStatus:
// { maximumAvailable, currentlyAvailable, restoreRate } }. The bucket refills at restoreRate points/s, so the
// request fits again after ceil((requested − currentlyAvailable) / restoreRate) seconds. Pure: jitter comes from
// an injected random source.

import type { QueryCost } from "./graphql-errors";

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
