// Double opt-in for restock alerts. A signup (app/services/storefront-proxy.server.ts) creates a pending
// subscription and, in the same transaction, a confirmation email carrying a random token; only the token's SHA-256
// is stored (RestockSubscription.confirmTokenHash). The shopper opens /alerts/confirm/<token> (GET: a page with a
// button, because link scanners prefetch GETs) and presses Confirm (POST: status "active", confirmedAt).
// Pending subscriptions that are not confirmed within ShopSettings.pendingExpiryDays (expiresAt) expire: the
// hourly `alerts.expire-pending` job (app/jobs/signup-jobs.server.ts) marks them, and confirming refuses them.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { findProductAndVariantTitles, findShopIdentity } from "../models/alert-catalog.server";
import type { Db } from "../models/db";
import { countSubscriptionEmails, enqueueEmail } from "../models/email-outbox.server";

import {
  anyPendingSubscription,
  confirmPendingSubscription,
  expirePendingSubscriptionsDue,
  findSubscriptionForConfirmToken,
  markPendingSubscriptionExpired,
  setConfirmTokenHash,
} from "../models/restock-subscription.server";
import { enqueue } from "../jobs/enqueue.server";
import { EXPIRE_PENDING_JOB } from "../jobs/job-types";
export { EXPIRE_PENDING_JOB };

const HOUR_MS = 60 * 60 * 1000;

/** A confirmation is re-sent for a repeat signup of a pending subscription only this long after the last one. */
export const CONFIRMATION_RESEND_AFTER_MS = 10 * 60 * 1000;

// Token = "<subscriptionId>.<32 random bytes, base64url>": the id finds the row by primary key, the random part is
// the secret. Only sha256(token) is stored, so a database leak does not leak working links.
export function newConfirmToken(subscriptionId: string): string {
  return `${subscriptionId}.${randomBytes(32).toString("base64url")}`;
}

export function hashConfirmToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

const TOKEN_PATTERN = /^([A-Za-z0-9_-]{1,64})\.[A-Za-z0-9_-]{43}$/;

/**
 * Issues a (new) confirmation for a pending subscription inside the caller's transaction: a fresh token replaces
 * the previous one (an older link stops working), and the email is queued with key confirm/<id>/<n>, where n is
 * how many confirmations were queued before. Also makes sure the expiry job will look at this shop.
 */
export async function issueConfirmation(
  tx: Db,
  input: { subscription: { id: string; shop: string; email: string; locale: string }; storefrontName: string; now: Date },
): Promise<{ emailMessageId: string }> {
  const { subscription, storefrontName, now } = input;
  const confirmToken = newConfirmToken(subscription.id);
  await setConfirmTokenHash(subscription.id, hashConfirmToken(confirmToken), tx);
  const sentBefore = await countSubscriptionEmails(subscription.shop, subscription.id, "subscription_confirmation", tx);
  const { id } = await enqueueEmail(tx, {
    shop: subscription.shop,
    kind: "subscription_confirmation",
    idempotencyKey: `confirm/${subscription.id}/${sentBefore}`,
    toEmail: subscription.email,
    locale: subscription.locale,
    subscriptionId: subscription.id,
    data: { confirmToken },
    runAt: now,
    reason: `Signed up on ${storefrontName} — asks to confirm`,
  });
  await scheduleExpirePending(subscription.shop, now, tx);
  return { emailMessageId: id };
}

/** The expiry sweep for `shop` at the start of the next hour (one job per shop and hour, however many signups). */
/** Queues the next hour's expiry run (in `db`, the caller's transaction, when given). */
export async function scheduleExpirePending(shop: string, now: Date, db?: Db): Promise<void> {
  const runAt = new Date((Math.floor(now.getTime() / HOUR_MS) + 1) * HOUR_MS);
  await enqueue({ shop, type: EXPIRE_PENDING_JOB, idempotencyKey: `${EXPIRE_PENDING_JOB}:${runAt.toISOString()}`, runAt }, db);
}

/** Marks the shop's pending subscriptions whose confirmation window has passed as expired. */
export function expirePendingSubscriptions(shop: string, now: Date): Promise<number> {
  return expirePendingSubscriptionsDue(shop, now);
}

export function hasPendingSubscriptions(shop: string): Promise<boolean> {
  return anyPendingSubscription(shop);
}

export type ConfirmOutcome =
  /** GET of a confirmable link: show the Confirm button. */
  | "confirmable"
  /** Confirmed now, or already before (a second click is fine). */
  | "confirmed"
  /** Pending past its expiresAt (or already marked expired). */
  | "expired"
  /** Unsubscribed, or the alert was already sent: the link has done its job. */
  | "ended"
  /** No subscription has this token (mistyped, replaced by a newer email, or the data was deleted). */
  | "unknown";

export type ConfirmPageState = {
  outcome: ConfirmOutcome;
  /** The subscriber's language, when the token was known. */
  locale: string | null;
  productTitle: string | null;
  storefrontName: string | null;
};

type TokenSubscription = { id: string; shop: string; variantId: string; productId: string; status: string; locale: string; expiresAt: Date | null };

async function findByConfirmToken(token: string): Promise<TokenSubscription | null> {
  const match = TOKEN_PATTERN.exec(token);
  if (!match) return null;
  const row = await findSubscriptionForConfirmToken(match[1]);
  if (!row?.confirmTokenHash) return null;
  const expected = Buffer.from(row.confirmTokenHash, "hex");
  const actual = Buffer.from(hashConfirmToken(token), "hex");
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) return null;
  const { confirmTokenHash: _hash, ...subscription } = row;
  return subscription;
}

const isPastExpiry = (subscription: TokenSubscription, now: Date) => !!subscription.expiresAt && subscription.expiresAt.getTime() <= now.getTime();

function outcomeFor(subscription: TokenSubscription, now: Date): Exclude<ConfirmOutcome, "unknown"> {
  switch (subscription.status) {
    case "pending":
      return isPastExpiry(subscription, now) ? "expired" : "confirmable";
    case "active":
      return "confirmed";
    case "expired":
      return "expired";
    default:
      return "ended";
  }
}

async function pageState(subscription: TokenSubscription | null, outcome: ConfirmOutcome): Promise<ConfirmPageState> {
  if (!subscription) return { outcome, locale: null, productTitle: null, storefrontName: null };
  const [shop, [product, variant]] = await Promise.all([
    findShopIdentity(subscription.shop),
    findProductAndVariantTitles(subscription.shop, subscription),
  ]);
  const variantTitle = variant && variant.title !== "Default Title" ? variant.title : null;
  const productTitle = product ? (variantTitle ? `${product.title} – ${variantTitle}` : product.title) : variantTitle;
  return { outcome, locale: subscription.locale, productTitle, storefrontName: shop?.name ?? subscription.shop };
}

/** What GET /alerts/confirm/<token> shows. Never changes anything (link scanners and previews fetch GETs). */
export async function describeConfirmLink(token: string, now: Date): Promise<ConfirmPageState> {
  const subscription = await findByConfirmToken(token);
  return pageState(subscription, subscription ? outcomeFor(subscription, now) : "unknown");
}

/** POST /alerts/confirm/<token>: pending → active (idempotent); refuses expired, ended and unknown links. */
export async function confirmSubscription(token: string, now: Date): Promise<ConfirmPageState> {
  const subscription = await findByConfirmToken(token);
  if (!subscription) return pageState(null, "unknown");
  const outcome = outcomeFor(subscription, now);
  if (outcome === "expired" && subscription.status === "pending") {
    await markPendingSubscriptionExpired(subscription.id);
  }
  if (outcome !== "confirmable") return pageState(subscription, outcome);
  // Compare-and-set on the status, so a double click or two tabs confirm once (confirmedAt is the first click).
  const confirmed = await confirmPendingSubscription(subscription.id, now);
  if (!confirmed) {
    const current = await findByConfirmToken(token);
    return pageState(current, current ? outcomeFor(current, now) : "unknown");
  }
  return pageState(subscription, "confirmed");
}
