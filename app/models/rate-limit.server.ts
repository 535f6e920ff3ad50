// Persisted fixed-window counters (RateLimitCounter), shared by every app process: one row per (key, window),
// incremented atomically with an upsert. The decision itself is app/domain/rate-limit.ts.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { RATE_LIMIT_RETENTION_MS, decideRateLimit, windowStartFor, type RateLimitDecision, type RateLimitRule } from "../domain/rate-limit";
import type { Db } from "./job.server";

export type RateLimitCheck = { key: string; rule: RateLimitRule };

/** Adds one to the counter of `key`'s current window and returns the new count. */
export async function incrementRateLimitCounter(input: { shop: string; key: string; windowStart: Date }, db: Db = prisma): Promise<number> {
  const { shop, key, windowStart } = input;
  const upsert = () =>
    db.rateLimitCounter.upsert({
      where: { key_windowStart: { key, windowStart } },
      create: { key, windowStart, shop, count: 1 },
      update: { count: { increment: 1 } },
      select: { count: true },
    });
  try {
    return (await upsert()).count;
  } catch (error) {
    // Two processes creating the same window's row at once: the loser's create fails; the row exists now.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return (await upsert()).count;
    throw error;
  }
}

/**
 * Counts this request against every check and returns one decision per check (same order). When the counter named
 * `pruneWhenWindowOpens` starts a new window (its count is 1, e.g. the per-shop one: at most once a minute), the
 * shop's stale counters are deleted on the spot, so they are cleaned up even for a shop that only sees rejected
 * attempts (the hourly alerts.expire-pending job prunes too).
 */
export async function hitRateLimits(
  shop: string,
  checks: readonly RateLimitCheck[],
  now: Date,
  options: { pruneWhenWindowOpens?: string } = {},
): Promise<RateLimitDecision[]> {
  const decisions: RateLimitDecision[] = [];
  let prune = false;
  for (const { key, rule } of checks) {
    const windowStart = windowStartFor(now, rule.windowMs);
    const count = await incrementRateLimitCounter({ shop, key, windowStart });
    if (key === options.pruneWhenWindowOpens && count === 1) prune = true;
    decisions.push(decideRateLimit({ rule, count, windowStart, now }));
  }
  if (prune) await deleteStaleRateLimitCounters(shop, now);
  return decisions;
}

/** Deletes a shop's counters whose windows can no longer matter (older than the longest rule's window). */
export async function deleteStaleRateLimitCounters(shop: string, now: Date): Promise<number> {
  const { count } = await prisma.rateLimitCounter.deleteMany({
    where: { shop, windowStart: { lt: new Date(now.getTime() - RATE_LIMIT_RETENTION_MS) } },
  });
  return count;
}

/** Whether the shop has any counter left (the expiry job keeps rescheduling itself until none is). */
export async function hasRateLimitCounters(shop: string): Promise<boolean> {
  return (await prisma.rateLimitCounter.count({ where: { shop }, take: 1 })) > 0;
}
