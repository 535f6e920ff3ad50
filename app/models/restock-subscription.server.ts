// Restock-alert subscriptions (RestockSubscription rows): a shopper waiting for one variant, through double opt-in
// (pending → active), the alert (notified) or the end (unsubscribed, expired). "Waiting" is status active: confirmed
// and not yet notified. Shop-scoped, except the lookups by id that a signed or hashed token has already vouched for.
import type { RestockSubscription } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

export type { RestockSubscription };

const waitingWhere = (shop: string, variantId: string) => ({ shop, variantId, status: "active" });

/** Oldest confirmed subscribers first (the shopper who waited longest hears first). */
const OLDEST_FIRST = [{ createdAt: "asc" as const }, { id: "asc" as const }];

export function countWaitingSubscribers(shop: string, variantId: string, db: Db = prisma): Promise<number> {
  return db.restockSubscription.count({ where: waitingWhere(shop, variantId) });
}

/** Confirmed subscribers waiting, per variant (variants nobody waits for are absent). */
export async function countWaitingByVariant(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<Map<string, number>> {
  const groups = await db.restockSubscription.groupBy({
    by: ["variantId"],
    where: { shop, variantId: { in: [...variantIds] }, status: "active" },
    _count: { _all: true },
  });
  return new Map(groups.map((g) => [g.variantId, g._count._all]));
}

/** One page of the variants with confirmed subscribers waiting, in id order after `after`. */
export async function listVariantIdsWithWaiting(shop: string, page: { after: string | null; take: number }, db: Db = prisma): Promise<string[]> {
  const where = { shop, status: "active", ...(page.after ? { variantId: { gt: page.after } } : {}) };
  const rows = await db.restockSubscription.groupBy({ by: ["variantId"], where, orderBy: { variantId: "asc" }, take: page.take });
  return rows.map((r) => r.variantId);
}

export type NotifiedSubscriber = { id: string; email: string; locale: string; productId: string };

/**
 * Marks up to `take` of the variant's oldest waiting subscribers notified for the event. Returns those it marked
 * (oldest first) and how many it picked (a picked subscriber that changed meanwhile — unsubscribed, or taken by
 * another run — is skipped by the status guard).
 */
export async function markOldestWaitingNotified(
  input: { shop: string; variantId: string; restockEventId: string; take: number; now: Date },
  db: Db = prisma,
): Promise<{ notified: NotifiedSubscriber[]; picked: number }> {
  const { shop, now } = input;
  const picked = await db.restockSubscription.findMany({
    where: waitingWhere(shop, input.variantId),
    orderBy: OLDEST_FIRST,
    take: Math.max(0, input.take),
    select: { id: true },
  });
  if (!picked.length) return { notified: [], picked: 0 };
  const updated = await db.restockSubscription.updateManyAndReturn({
    where: { shop, id: { in: picked.map((s) => s.id) }, status: "active" },
    data: { status: "notified", notifiedAt: now, restockEventId: input.restockEventId },
    select: { id: true, email: true, locale: true, productId: true },
  });
  const position = new Map(picked.map((s, i) => [s.id, i]));
  updated.sort((a, b) => position.get(a.id)! - position.get(b.id)!); // oldest first, as picked
  return { notified: updated, picked: picked.length };
}

/** What email delivery re-checks before sending. */
export function findSubscriptionState(
  shop: string,
  id: string,
  db: Db = prisma,
): Promise<{ status: string; restockEventId: string | null } | null> {
  return db.restockSubscription.findFirst({ where: { id, shop }, select: { status: true, restockEventId: true } });
}

/** The variant (and its product) an alert email is about. */
export function findSubscriptionTarget(
  shop: string,
  id: string,
  db: Db = prisma,
): Promise<{ id: string; variantId: string; productId: string } | null> {
  return db.restockSubscription.findFirst({ where: { id, shop }, select: { id: true, variantId: true, productId: true } });
}

// ---------------------------------------------------------------------------------------------------------
// Signup and double opt-in

export type SignupKey = { shop: string; variantId: string; emailNormalized: string };

/** What a signup writes (a new subscription, or one restarted as pending). */
export type SignupValues = {
  email: string;
  locale: string;
  status: "pending";
  consentAt: Date | null;
  consentTextVersion: string | null;
  consentIp: string | null;
  consentUserAgent: string | null;
  updatedAt: Date;
  customerId: string | null;
  confirmedAt: null;
  unsubscribedAt: null;
  expiresAt: Date;
};

export function findSignupSubscription(
  key: SignupKey,
  db: Db = prisma,
): Promise<{ id: string; status: string; updatedAt: Date; expiresAt: Date | null } | null> {
  return db.restockSubscription.findUnique({
    where: { shop_variantId_emailNormalized: key },
    select: { id: true, status: true, updatedAt: true, expiresAt: true },
  });
}

export function createPendingSubscription(
  input: SignupKey & { productId: string; unsubscribeToken: string; values: SignupValues },
  db: Db = prisma,
): Promise<{ id: string }> {
  const { values, ...row } = input;
  return db.restockSubscription.create({
    data: { ...values, shop: row.shop, variantId: row.variantId, productId: row.productId, emailNormalized: row.emailNormalized, unsubscribeToken: row.unsubscribeToken },
    select: { id: true },
  });
}

export function restartSubscription(key: SignupKey, values: SignupValues, db: Db = prisma): Promise<{ id: string }> {
  return db.restockSubscription.update({ where: { shop_variantId_emailNormalized: key }, data: values, select: { id: true } });
}

export async function setConfirmTokenHash(id: string, confirmTokenHash: string, db: Db = prisma): Promise<void> {
  await db.restockSubscription.update({ where: { id }, data: { confirmTokenHash } });
}

export type ConfirmTokenSubscription = {
  id: string;
  shop: string;
  variantId: string;
  productId: string;
  status: string;
  locale: string;
  expiresAt: Date | null;
  confirmTokenHash: string | null;
};

/** By id (the confirm token's first part); the caller checks the token against confirmTokenHash. */
export function findSubscriptionForConfirmToken(id: string, db: Db = prisma): Promise<ConfirmTokenSubscription | null> {
  return db.restockSubscription.findUnique({
    where: { id },
    select: { id: true, shop: true, variantId: true, productId: true, status: true, locale: true, expiresAt: true, confirmTokenHash: true },
  });
}

/** pending → active, once (compare-and-set on the status). Returns whether this call confirmed it. */
export async function confirmPendingSubscription(id: string, now: Date, db: Db = prisma): Promise<boolean> {
  const { count } = await db.restockSubscription.updateMany({ where: { id, status: "pending" }, data: { status: "active", confirmedAt: now } });
  return count > 0;
}

export async function markPendingSubscriptionExpired(id: string, db: Db = prisma): Promise<void> {
  await db.restockSubscription.updateMany({ where: { id, status: "pending" }, data: { status: "expired" } });
}

/** Marks the shop's pending subscriptions whose expiresAt has passed as expired; returns how many. */
export async function expirePendingSubscriptionsDue(shop: string, now: Date, db: Db = prisma): Promise<number> {
  const { count } = await db.restockSubscription.updateMany({ where: { shop, status: "pending", expiresAt: { lte: now } }, data: { status: "expired" } });
  return count;
}

export async function anyPendingSubscription(shop: string, db: Db = prisma): Promise<boolean> {
  return (await db.restockSubscription.count({ where: { shop, status: "pending" }, take: 1 })) > 0;
}

// ---------------------------------------------------------------------------------------------------------
// Unsubscribe

/** By id (from a verified unsubscribe token). */
export function findSubscriptionForUnsubscribe(
  id: string,
  db: Db = prisma,
): Promise<{ id: string; shop: string; variantId: string; productId: string; locale: string; status: string } | null> {
  return db.restockSubscription.findUnique({
    where: { id },
    select: { id: true, shop: true, variantId: true, productId: true, locale: true, status: true },
  });
}

export async function markUnsubscribed(id: string, now: Date, db: Db = prisma): Promise<void> {
  await db.restockSubscription.updateMany({ where: { id, status: { not: "unsubscribed" } }, data: { status: "unsubscribed", unsubscribedAt: now } });
}

// ---------------------------------------------------------------------------------------------------------
// The merchant's waitlist

export type SubscriptionCountRows = {
  byStatus: Array<{ variantId: string; status: string; count: number }>;
  /** Oldest signup per variant among subscriptions in `openStatuses`. */
  oldestOpen: Array<{ variantId: string; oldest: Date | null }>;
  converted: Array<{ variantId: string; count: number }>;
};

/** Per variant (of the shop, or of `variantIds`): subscriptions per status, the oldest open signup, conversions. */
export async function countSubscriptionsByVariant(
  shop: string,
  options: { variantIds?: readonly string[]; openStatuses: readonly string[] },
  db: Db = prisma,
): Promise<SubscriptionCountRows> {
  const scope = options.variantIds ? { shop, variantId: { in: [...options.variantIds] } } : { shop };
  const [byStatus, oldest, converted] = await Promise.all([
    db.restockSubscription.groupBy({ by: ["variantId", "status"], where: scope, _count: { _all: true } }),
    db.restockSubscription.groupBy({ by: ["variantId"], where: { ...scope, status: { in: [...options.openStatuses] } }, _min: { createdAt: true } }),
    db.restockSubscription.groupBy({ by: ["variantId"], where: { ...scope, convertedAt: { not: null } }, _count: { _all: true } }),
  ]);
  return {
    byStatus: byStatus.map((r) => ({ variantId: r.variantId, status: r.status, count: r._count._all })),
    oldestOpen: oldest.map((r) => ({ variantId: r.variantId, oldest: r._min.createdAt })),
    converted: converted.map((r) => ({ variantId: r.variantId, count: r._count._all })),
  };
}

/** The variant's subscriptions, newest first. */
export function listVariantSubscriptions(shop: string, variantId: string, take: number, db: Db = prisma): Promise<RestockSubscription[]> {
  return db.restockSubscription.findMany({ where: { shop, variantId }, orderBy: [{ createdAt: "desc" }, { id: "desc" }], take });
}

/** One page of the shop's (or a variant's) subscriptions in id order, after the `cursor` id. */
export function listSubscriptionsPage(
  shop: string,
  page: { variantId?: string; cursor?: string; take: number },
  db: Db = prisma,
): Promise<RestockSubscription[]> {
  return db.restockSubscription.findMany({
    where: { shop, ...(page.variantId ? { variantId: page.variantId } : {}) },
    orderBy: { id: "asc" },
    take: page.take,
    ...(page.cursor ? { cursor: { id: page.cursor }, skip: 1 } : {}),
  });
}

/** Notified subscriptions of this address on these variants, alerted within the window and not converted yet. */
export function findConversionCandidates(
  shop: string,
  input: { emailNormalized: string; variantIds: readonly string[]; notifiedFrom: Date; notifiedTo: Date },
  db: Db = prisma,
): Promise<Array<{ id: string; notifiedAt: Date | null }>> {
  return db.restockSubscription.findMany({
    where: {
      shop,
      status: "notified",
      emailNormalized: input.emailNormalized,
      variantId: { in: [...input.variantIds] },
      convertedOrderId: null,
      notifiedAt: { gte: input.notifiedFrom, lte: input.notifiedTo },
    },
    select: { id: true, notifiedAt: true },
  });
}

/** Marks subscriptions converted by an order (only those no other order converted first); returns how many. */
export async function markConverted(shop: string, ids: readonly string[], order: { orderId: string; orderedAt: Date }, db: Db = prisma): Promise<number> {
  const { count } = await db.restockSubscription.updateMany({
    where: { shop, id: { in: [...ids] }, convertedOrderId: null },
    data: { convertedOrderId: order.orderId, convertedAt: order.orderedAt },
  });
  return count;
}
