// The storefront's app-proxy endpoints (Shopify forwards /apps/backorders/* to /proxy/*). The route has already
// verified Shopify's proxy signature and found the shop's offline session, so `shop` is trusted here; everything
// in the body is shopper (or bot) input. Every answer is JSON the notify-me block can show inline:
//   success  → 200 { ok: true, status: "pending" } — the same for a new signup, a repeat, an already confirmed
//              subscription and a bot, so the endpoint never tells whether an address is subscribed
//   failure  → 400 | 401 | 404 | 405 | 422 | 429 { ok: false, error: { code, message, field? } } (429: Retry-After)
// Order: bot check (pure) → rate limits (the first database work) → validation → settings → variant → store.
// Bots (honeypot filled, or submitted < NOTIFY_MIN_FILL_MS after render) get the success, nothing stored or counted.
import { createHash, randomBytes } from "node:crypto";
import { SIGNUP_RATE_LIMITS, canonicalMailbox, combineRateLimitDecisions, describeRetryAfter } from "../domain/rate-limit";
import { shopperAddressFromForwardedFor, type ShopperAddress } from "../domain/shopper-address";
import type { BackorderState } from "../domain/types";
import { env } from "../env.server";
import { findProductStatus, findShopIdentity, findSignupVariant } from "../models/alert-catalog.server";
import { isUniqueViolation } from "../models/job.server";
import { loadSignupSettings } from "../models/notification-settings.server";
import { hitRateLimits, type RateLimitCheck } from "../models/rate-limit.server";
import {
  createPendingSubscription,
  findSignupSubscription,
  restartSubscription,
  type SignupKey,
  type SignupValues,
} from "../models/restock-subscription.server";
import { inTransaction } from "../models/transaction.server";
import {
  NOTIFY_CONSENT_TEXT_VERSION,
  NOTIFY_FIELDS,
  NOTIFY_FIELD_ERROR_CODES,
  checkEmail,
  looksAutomated,
  notifyRequestSchema,
  type NotifyErrorCode,
} from "../schemas/notify-request";
import { toGid } from "../shopify/gid";
import { isMyshopifyDomain } from "../shopify/shop-domain";
import { CONFIRMATION_RESEND_AFTER_MS, issueConfirmation } from "./subscription-confirm.server";

export type ProxyError = { code: NotifyErrorCode; message: string; field?: string };
export type ProxyErrorStatus = 400 | 401 | 404 | 405 | 422 | 429;
export type ProxyResult =
  | { status: 200; body: { ok: true; status: "pending" } }
  | { status: ProxyErrorStatus; body: { ok: false; error: ProxyError }; retryAfterSeconds?: number };

/** Largest body we read (the form has six short fields). */
export const NOTIFY_MAX_BODY_BYTES = 16 * 1024;
const USER_AGENT_MAX_LENGTH = 512;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Variant states a shopper cannot buy right now, i.e. where waiting for an alert makes sense. */
export const ALERTABLE_STATES: readonly BackorderState[] = ["sold_out", "backorder_cap_reached", "discontinued"];

const SETTINGS_DEFAULTS = { requireConsent: true, alertsOnBackorder: false, pendingExpiryDays: 7 };

/** The one success answer (see the header: identical for every kind of success, bots included). */
export const SIGNUP_ACCEPTED: ProxyResult = { status: 200, body: { ok: true, status: "pending" } };

export function proxyError(status: ProxyErrorStatus, code: NotifyErrorCode, message: string, field?: string): ProxyResult {
  return { status, body: { ok: false, error: field ? { code, message, field } : { code, message } } };
}

export function methodNotAllowed(): ProxyResult {
  return proxyError(405, "METHOD_NOT_ALLOWED", "This address only accepts form submissions (POST).");
}

export function notInstalled(): ProxyResult {
  return proxyError(404, "NOT_INSTALLED", "Restock alerts are not available in this store right now.");
}

/** A ProxyResult as the JSON response the storefront gets (never cached: it is per shopper). */
export function proxyJson(result: ProxyResult): Response {
  const headers: Record<string, string> = { "Cache-Control": "no-store" };
  if (result.status === 405) headers.Allow = "POST";
  if (result.status === 429 && "retryAfterSeconds" in result && result.retryAfterSeconds) headers["Retry-After"] = String(result.retryAfterSeconds);
  return Response.json(result.body, { status: result.status, headers });
}

/**
 * The answer for a request `authenticate.public.appProxy` refused: it throws a bodiless 400 Response for a
 * missing, wrong or stale signature. Keep its status (400/401), give the form a JSON error; rethrow anything else.
 */
export function signatureRejected(thrown: unknown): ProxyResult {
  if (thrown instanceof Response && (thrown.status === 400 || thrown.status === 401)) {
    return proxyError(thrown.status, "INVALID_SIGNATURE", "This request could not be verified. Reload the page and try again.");
  }
  throw thrown;
}

/** Query parameters Shopify's app proxy adds and signs; the shopper's own query may not repeat them. */
const SHOPIFY_PROXY_PARAMS = ["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"] as const;

/**
 * Checked before the signature: a Shopify-owned parameter given twice (the signature joins repeated values, so
 * `shop=a&shop=b` could be read differently by the check and by the app) or a shop that is not a myshopify.com
 * host is a 400, never a 500 from deeper down.
 */
export function proxyQueryRejected(url: URL): ProxyResult | null {
  const repeated = SHOPIFY_PROXY_PARAMS.filter((key) => url.searchParams.getAll(key).length > 1);
  if (repeated.length) return proxyError(400, "INVALID_REQUEST", `This request could not be verified: ${repeated.join(", ")} given more than once.`);
  const shop = url.searchParams.get("shop");
  if (shop !== null && !isMyshopifyDomain(shop)) return proxyError(400, "INVALID_REQUEST", "This request could not be verified: the shop is not a myshopify.com domain.");
  return null;
}

/** The logged-in shopper's customer GID from the (signed) proxy query; null when nobody is logged in. */
export function proxyCustomerId(url: URL): string | null {
  const raw = url.searchParams.get("logged_in_customer_id")?.trim() ?? "";
  return /^\d{1,20}$/.test(raw) ? toGid("Customer", raw) : null;
}

type BodyResult = { ok: true; values: Record<string, unknown> } | { ok: false; error: ProxyResult };

const unreadable = (message: string): BodyResult => ({ ok: false, error: proxyError(400, "INVALID_REQUEST", message) });

/** The POST body as a plain object: application/json, x-www-form-urlencoded or multipart/form-data. */
export async function readNotifyBody(request: Request): Promise<BodyResult> {
  const declaredLength = Number(request.headers.get("Content-Length") ?? "0");
  if (declaredLength > NOTIFY_MAX_BODY_BYTES) return unreadable("The form submission is too large.");
  const contentType = (request.headers.get("Content-Type") ?? "").toLowerCase();
  try {
    if (contentType.startsWith("multipart/form-data")) {
      const values: Record<string, unknown> = {};
      for (const [key, value] of (await request.formData()).entries()) if (typeof value === "string" && !(key in values)) values[key] = value;
      return { ok: true, values };
    }
    const text = await request.text();
    if (Buffer.byteLength(text) > NOTIFY_MAX_BODY_BYTES) return unreadable("The form submission is too large.");
    if (contentType.startsWith("application/json")) {
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return unreadable("The form submission could not be read. Reload the page and try again.");
      return { ok: true, values: parsed as Record<string, unknown> };
    }
    if (contentType === "" || contentType.startsWith("application/x-www-form-urlencoded") || contentType.startsWith("text/plain")) {
      const values: Record<string, unknown> = {};
      for (const [key, value] of new URLSearchParams(text)) if (!(key in values)) values[key] = value;
      return { ok: true, values };
    }
    return unreadable("The form submission could not be read. Reload the page and try again.");
  } catch {
    return unreadable("The form submission could not be read. Reload the page and try again.");
  }
}

/** The shopper's address as Shopify's proxy forwards it, past our own proxies (TRUSTED_PROXY_HOPS). */
export function shopperAddress(headers: Headers): ShopperAddress {
  return shopperAddressFromForwardedFor(headers.get("X-Forwarded-For"), env.TRUSTED_PROXY_HOPS);
}

export type SubscribeInput = {
  /** The shop from the verified proxy signature and its offline session. */
  shop: string;
  /** The parsed body (see readNotifyBody). */
  values: Record<string, unknown>;
  address: ShopperAddress;
  userAgent: string | null;
  /** From the signed proxy query (see proxyCustomerId). */
  customerId: string | null;
  now: Date;
};

const sha256 = (value: string) => createHash("sha256").update(value).digest("hex");

/**
 * The shopper's counters, checked before anything else: per IP (when known) and per mailbox (when it is an
 * address: its canonical form, so `+tag` and Gmail-dot variants share one bucket; hashed, no addresses in this table).
 */
function shopperRateLimitChecks(shop: string, values: Record<string, unknown>, address: ShopperAddress): RateLimitCheck[] {
  const checks: RateLimitCheck[] = [
    address.kind === "ip"
      ? { key: `signup:ip:${shop}:${address.bucket}`, rule: SIGNUP_RATE_LIMITS.ip }
      : { key: `signup:ip:${shop}:unknown`, rule: SIGNUP_RATE_LIMITS.unknownAddress },
  ];
  const email = typeof values[NOTIFY_FIELDS.email] === "string" ? checkEmail(values[NOTIFY_FIELDS.email] as string) : null;
  if (email?.ok) checks.push({ key: `signup:email:${shop}:${sha256(canonicalMailbox(email.normalized))}`, rule: SIGNUP_RATE_LIMITS.email });
  return checks;
}

const shopRateLimitKey = (shop: string) => `signup:shop:${shop}`;

function rateLimited(retryAfterSeconds: number): ProxyResult {
  return {
    ...proxyError(429, "RATE_LIMITED", `Too many sign-up attempts. Please try again in ${describeRetryAfter(retryAfterSeconds)}.`),
    retryAfterSeconds,
  } as ProxyResult;
}

/**
 * Signs a shopper up for a restock alert on one variant: bot check → rate limits → validation → settings (consent)
 * → variant in this shop's mirror, its product active, not purchasable → create (or restart) a pending subscription
 * and queue its confirmation email in one transaction; a repeat of a pending one re-sends the confirmation only
 * after CONFIRMATION_RESEND_AFTER_MS.
 */
export async function subscribeToRestock(input: SubscribeInput): Promise<ProxyResult> {
  const { shop, values, now } = input;
  if (looksAutomated(values, now)) return SIGNUP_ACCEPTED;

  const shopper = combineRateLimitDecisions(await hitRateLimits(shop, shopperRateLimitChecks(shop, values, input.address), now));
  if (!shopper.allowed) return rateLimited(shopper.retryAfterSeconds);

  const parsed = notifyRequestSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? "");
    return proxyError(422, NOTIFY_FIELD_ERROR_CODES[field] ?? "INVALID_REQUEST", issue.message, field || undefined);
  }
  const request = parsed.data;

  const settingsRow = await loadSignupSettings(shop);
  const settings = { ...SETTINGS_DEFAULTS, ...settingsRow };
  if (settings.requireConsent && !request.consent) {
    return proxyError(422, "CONSENT_REQUIRED", "Tick the box to agree to receive the restock email.", NOTIFY_FIELDS.consent);
  }

  const variant = await findSignupVariant(shop, request.variantId);
  const product = variant ? await findProductStatus(shop, variant.productId) : null;
  if (!variant || !product) {
    return proxyError(404, "VARIANT_NOT_FOUND", "This product option could not be found. Reload the page and try again.", NOTIFY_FIELDS.variantId);
  }
  if (product.status !== "ACTIVE") {
    return proxyError(422, "PRODUCT_UNAVAILABLE", "This product is no longer sold in this store, so restock alerts are not available.", NOTIFY_FIELDS.variantId);
  }
  const alertable = ALERTABLE_STATES.includes(variant.backorderState as BackorderState) || (settings.alertsOnBackorder && variant.backorderState === "backorder");
  if (!alertable) {
    const message =
      variant.backorderState === "backorder"
        ? "This item can be ordered now and ships as soon as it is back in stock."
        : "This item is available, so you can buy it now.";
    return proxyError(422, "VARIANT_AVAILABLE", message, NOTIFY_FIELDS.variantId);
  }

  // The storefront-wide flood guard counts only valid signups, so invalid requests cannot use up a store's budget.
  const storefront = combineRateLimitDecisions(
    await hitRateLimits(shop, [{ key: shopRateLimitKey(shop), rule: SIGNUP_RATE_LIMITS.shop }], now, { pruneWhenWindowOpens: shopRateLimitKey(shop) }),
  );
  if (!storefront.allowed) return rateLimited(storefront.retryAfterSeconds);

  const emailNormalized = request.email.toLowerCase();
  // Evidence of this signup; it belongs to the confirmation it triggers (a repeat that sends none changes nothing).
  // Consent evidence records only what happened: with no box shown, nothing was agreed to, so none is kept.
  const consented = settings.requireConsent && request.consent;
  const evidence: SignupValues = {
    email: request.email,
    locale: request.locale,
    status: "pending",
    consentAt: consented ? now : null,
    consentTextVersion: consented ? NOTIFY_CONSENT_TEXT_VERSION : null,
    consentIp: consented && input.address.kind === "ip" ? input.address.address : null,
    consentUserAgent: consented ? input.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) || null : null,
    // The signup's own time (the resend check below reads it), not Prisma's wall clock.
    updatedAt: now,
    customerId: input.customerId,
    confirmedAt: null,
    unsubscribedAt: null,
    expiresAt: new Date(now.getTime() + settings.pendingExpiryDays * DAY_MS),
  };
  const key: SignupKey = { shop, variantId: variant.id, emailNormalized };

  const existing = await findSignupSubscription(key);
  if (existing?.status === "active") return SIGNUP_ACCEPTED;
  if (existing?.status === "pending" && !(existing.expiresAt && existing.expiresAt <= now)) {
    const lastSignupAt = existing.updatedAt.getTime();
    if (now.getTime() - lastSignupAt < CONFIRMATION_RESEND_AFTER_MS) return SIGNUP_ACCEPTED; // confirmation just sent
  }

  const storefrontName = (await findShopIdentity(shop))?.name ?? shop;
  try {
    await inTransaction(async (tx) => {
      // New, a pending one whose confirmation is older than the resend delay, or one that ended (unsubscribed,
      // expired, notified): pending with this signup's evidence and a fresh confirmation.
      const subscription = existing
        ? await restartSubscription(key, evidence, tx)
        : await createPendingSubscription({ ...key, productId: variant.productId, unsubscribeToken: randomBytes(32).toString("base64url"), values: evidence }, tx);
      await issueConfirmation(tx, {
        subscription: { id: subscription.id, shop, email: request.email, locale: request.locale },
        storefrontName,
        now,
      });
    });
  } catch (error) {
    // Two identical submissions racing: the other one created the row (and its confirmation).
    if (isUniqueViolation(error)) return SIGNUP_ACCEPTED;
    throw error;
  }
  return SIGNUP_ACCEPTED;
}
