// Fixed-window rate limits for the public restock-alert signup. Pure: the caller counts (persisted, atomic
// increments in RateLimitCounter — app/models/rate-limit.server.ts) and passes the counts and `now` in.
// A fixed window can let up to 2× the limit through around a window boundary; for abuse protection of a signup
// form that is fine, and it needs one counter row per key and window instead of one row per request.

export type RateLimitRule = {
  /** Requests allowed per window (the request being decided included). */
  limit: number;
  windowMs: number;
};

const MINUTE_MS = 60_000;

/**
 * Signup limits: per shopper address (app/domain/shopper-address.ts), per email address (within one shop), and per
 * shop (storefront-wide flood guard, valid signups only). Requests whose address cannot be read share one
 * per-shop bucket, sized for a store's real traffic so a proxy setup that hides addresses cannot turn shoppers
 * away, yet finite so it is no way around the per-address limit. The shop ceiling is far above a launch-day burst
 * (thousands of shoppers in a minute): it exists to cap a flood's cost (confirmation emails), not to meter shoppers.
 */
export const SIGNUP_RATE_LIMITS = {
  ip: { limit: 10, windowMs: 10 * MINUTE_MS },
  unknownAddress: { limit: 3_000, windowMs: MINUTE_MS },
  email: { limit: 5, windowMs: 60 * MINUTE_MS },
  shop: { limit: 10_000, windowMs: MINUTE_MS },
} as const satisfies Record<string, RateLimitRule>;

export type SignupRateLimitScope = keyof typeof SIGNUP_RATE_LIMITS;

/** Providers that ignore dots in the local part (and their aliases). */
const DOT_BLIND_DOMAINS: Record<string, string> = { "gmail.com": "gmail.com", "googlemail.com": "gmail.com" };

/**
 * The mailbox an address delivers to, for the per-email limit only (addresses are stored as typed): case folded,
 * a `+tag` dropped, and for Gmail the dots of the local part too. Otherwise `a+1@x`, `a+2@x`… would each get a
 * fresh bucket while all landing in one inbox.
 */
export function canonicalMailbox(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const at = trimmed.lastIndexOf("@");
  if (at <= 0) return trimmed;
  let local = trimmed.slice(0, at);
  let domain = trimmed.slice(at + 1);
  const plus = local.indexOf("+");
  if (plus > 0) local = local.slice(0, plus);
  if (DOT_BLIND_DOMAINS[domain]) {
    domain = DOT_BLIND_DOMAINS[domain];
    local = local.replace(/\./g, "") || local;
  }
  return `${local}@${domain}`;
}

/** Counter rows whose window started this long ago can be deleted: no rule's window is longer. */
export const RATE_LIMIT_RETENTION_MS = Math.max(...Object.values(SIGNUP_RATE_LIMITS).map((rule) => rule.windowMs));

/** Start of the fixed window that contains `now` (windows are aligned to the epoch, so every process agrees). */
export function windowStartFor(now: Date, windowMs: number): Date {
  return new Date(Math.floor(now.getTime() / windowMs) * windowMs);
}

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * `count` is the number of requests in the current window including this one (the counter after its increment).
 * Over the limit → blocked until the window ends; Retry-After is whole seconds, at least 1.
 */
export function decideRateLimit(input: { rule: RateLimitRule; count: number; windowStart: Date; now: Date }): RateLimitDecision {
  const { rule, count, windowStart, now } = input;
  if (count <= rule.limit) return { allowed: true };
  const windowEndsAt = windowStart.getTime() + rule.windowMs;
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((windowEndsAt - now.getTime()) / 1000)) };
}

/** Several rules at once: allowed when all allow; otherwise wait until every blocking window has ended. */
export function combineRateLimitDecisions(decisions: readonly RateLimitDecision[]): RateLimitDecision {
  let retryAfterSeconds = 0;
  for (const decision of decisions) if (!decision.allowed) retryAfterSeconds = Math.max(retryAfterSeconds, decision.retryAfterSeconds);
  return retryAfterSeconds > 0 ? { allowed: false, retryAfterSeconds } : { allowed: true };
}

/** "Try again in 7 minutes" wording for the shopper. */
export function describeRetryAfter(seconds: number): string {
  if (seconds < 60) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  const minutes = Math.ceil(seconds / 60);
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
