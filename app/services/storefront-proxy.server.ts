// The storefront's app-proxy endpoints (Shopify forwards /apps/backorders/* to /proxy/*). The route has already
// verified Shopify's proxy signature and found the shop's offline session, so `shop` is trusted here; everything
// in the body is shopper (or bot) input. Every answer is JSON the notify-me block can show inline:
//   success  → 201 (new) / 200 (existing) { ok: true, status: "pending" }
//   failure  → 400 | 404 | 405 | 422     { ok: false, error: { code, message, field? } }
// Bots (honeypot filled, or submitted < NOTIFY_MIN_FILL_MS after render) get the same 201 success, nothing stored.
import { randomBytes } from "node:crypto";
import { isIP } from "node:net";
import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import type { BackorderState } from "../domain/types";
import {
  NOTIFY_CONSENT_TEXT_VERSION,
  NOTIFY_FIELDS,
  NOTIFY_FIELD_ERROR_CODES,
  looksAutomated,
  notifyRequestSchema,
  type NotifyErrorCode,
} from "../schemas/notify-request";

export type ProxyError = { code: NotifyErrorCode; message: string; field?: string };
export type ProxyResult =
  | { status: 200 | 201; body: { ok: true; status: "pending" } }
  | { status: 400 | 404 | 405 | 422; body: { ok: false; error: ProxyError } };

/** Largest body we read (the form has six short fields). */
export const NOTIFY_MAX_BODY_BYTES = 16 * 1024;
const USER_AGENT_MAX_LENGTH = 512;
const DAY_MS = 24 * 60 * 60 * 1000;

/** Variant states a shopper cannot buy right now, i.e. where waiting for an alert makes sense. */
export const ALERTABLE_STATES: readonly BackorderState[] = ["sold_out", "backorder_cap_reached", "discontinued"];

const SETTINGS_DEFAULTS = { requireConsent: true, alertsOnBackorder: false, pendingExpiryDays: 7 };

const ACCEPTED_BODY = { ok: true, status: "pending" } as const;
const ACCEPTED: ProxyResult = { status: 201, body: ACCEPTED_BODY };
const ALREADY_SUBSCRIBED: ProxyResult = { status: 200, body: ACCEPTED_BODY };

export function proxyError(status: 400 | 404 | 405 | 422, code: NotifyErrorCode, message: string, field?: string): ProxyResult {
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
  return Response.json(result.body, { status: result.status, headers });
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

/** The shopper's address as Shopify's proxy forwards it: the first X-Forwarded-For hop, if it is an IP. */
export function clientIp(headers: Headers): string | null {
  const first = headers.get("X-Forwarded-For")?.split(",")[0]?.trim() ?? "";
  return first && isIP(first) ? first : null;
}

export type SubscribeInput = {
  /** The shop from the verified proxy signature and its offline session. */
  shop: string;
  /** The parsed body (see readNotifyBody). */
  values: Record<string, unknown>;
  ip: string | null;
  userAgent: string | null;
  now: Date;
};

/**
 * Signs a shopper up for a restock alert on one variant: bot check → validation → settings (consent) → variant in
 * this shop's mirror and not purchasable → create, or reuse the existing (shop, variant, email) subscription.
 */
export async function subscribeToRestock(input: SubscribeInput): Promise<ProxyResult> {
  const { shop, values, now } = input;
  if (looksAutomated(values, now)) return ACCEPTED;

  const parsed = notifyRequestSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = String(issue.path[0] ?? "");
    return proxyError(422, NOTIFY_FIELD_ERROR_CODES[field] ?? "INVALID_REQUEST", issue.message, field || undefined);
  }
  const request = parsed.data;

  const settingsRow = await prisma.shopSettings.findUnique({
    where: { shop },
    select: { requireConsent: true, alertsOnBackorder: true, pendingExpiryDays: true },
  });
  const settings = { ...SETTINGS_DEFAULTS, ...settingsRow };
  if (settings.requireConsent && !request.consent) {
    return proxyError(422, "CONSENT_REQUIRED", "Tick the box to agree to receive the restock email.", NOTIFY_FIELDS.consent);
  }

  const variant = await prisma.variant.findUnique({
    where: { shop_id: { shop, id: request.variantId } },
    select: { id: true, productId: true, backorderState: true },
  });
  if (!variant) {
    return proxyError(404, "VARIANT_NOT_FOUND", "This product option could not be found. Reload the page and try again.", NOTIFY_FIELDS.variantId);
  }
  const alertable = ALERTABLE_STATES.includes(variant.backorderState as BackorderState) || (settings.alertsOnBackorder && variant.backorderState === "backorder");
  if (!alertable) {
    const message =
      variant.backorderState === "backorder"
        ? "This item can be ordered now and ships as soon as it is back in stock."
        : "This item is available, so you can buy it now.";
    return proxyError(422, "VARIANT_AVAILABLE", message, NOTIFY_FIELDS.variantId);
  }

  const emailNormalized = request.email.toLowerCase();
  const evidence = {
    email: request.email,
    locale: request.locale,
    status: "pending",
    consentAt: now,
    consentTextVersion: NOTIFY_CONSENT_TEXT_VERSION,
    consentIp: input.ip,
    consentUserAgent: input.userAgent?.slice(0, USER_AGENT_MAX_LENGTH) || null,
    confirmedAt: null,
    confirmTokenHash: null,
    expiresAt: new Date(now.getTime() + settings.pendingExpiryDays * DAY_MS),
  };
  const key = { shop_variantId_emailNormalized: { shop, variantId: variant.id, emailNormalized } };

  const existing = await prisma.restockSubscription.findUnique({ where: key, select: { status: true } });
  if (existing) {
    // pending / active stay as they are (a repeat click changes nothing); a subscription that ended
    // (unsubscribed, expired, notified) starts over as pending with this request's consent evidence.
    if (existing.status !== "pending" && existing.status !== "active") {
      await prisma.restockSubscription.update({ where: key, data: evidence });
    }
    return ALREADY_SUBSCRIBED;
  }
  try {
    await prisma.restockSubscription.create({
      data: {
        ...evidence,
        shop,
        variantId: variant.id,
        productId: variant.productId,
        emailNormalized,
        unsubscribeToken: randomBytes(32).toString("base64url"),
      },
    });
    return ACCEPTED;
  } catch (error) {
    // Two identical submissions racing: the other one created the row.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return ALREADY_SUBSCRIBED;
    throw error;
  }
}
