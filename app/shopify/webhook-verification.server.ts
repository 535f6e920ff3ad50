import { createHmac, timingSafeEqual } from "node:crypto";
import { isMyshopifyDomain } from "./shop-domain";

/**
 * Verifies a Shopify webhook delivery with the app's client secret alone: no session, no database. It does what
 * shopify-app-remix's `authenticate.webhook` did (through shopify-api's `webhooks.validate`), in the same order
 * and with the same statuses, without loading the shop's offline session, which intake does not need (processing
 * happens later in a job):
 *   405 not a POST · 400 empty body or no HMAC header · 401 HMAC mismatch · 400 a required header missing ·
 *   400 a shop header that is not a myshopify.com host, or a destructive topic whose body names another shop.
 * On top of the library, a body that is not a JSON object answers 400 (the library answered 500 on non-JSON and
 * let null, arrays and scalars through to the jobs) — checked only after the HMAC, so an unsigned caller learns
 * nothing from it.
 *
 * Rotation: after a new client secret is generated, Shopify keeps signing webhooks with the old one until it is
 * revoked ("accept both webhooks signed with the new client secret and webhooks signed with the old client secret
 * until after you revoke the old secret", shopify.dev/docs/apps/build/authentication-authorization/client-secrets/
 * rotate-revoke-client-credentials), so an HMAC made with any of `previousSecrets` is accepted too. The app proxy
 * signature and admin session tokens are checked by shopify-app-remix, which knows one secret only
 * (shopifyApp({ apiSecretKey })), so they follow SHOPIFY_API_SECRET alone — see README "Rotating keys".
 */

export type VerifiedWebhook = {
  shop: string;
  topic: string; // library form: products/update → PRODUCTS_UPDATE
  webhookId: string;
  eventId?: string; // classic webhooks only
  triggeredAt?: string;
  apiVersion: string;
  payload: Record<string, unknown>;
};

export type WebhookRejection = { status: 400 | 401 | 405; message: string };

export type WebhookVerification = { ok: true; webhook: VerifiedWebhook } | { ok: false; rejection: WebhookRejection };

export const WEBHOOK_BODY_NOT_AN_OBJECT = "Webhook body must be a JSON object";

const stringField = (payload: Record<string, unknown>, key: string) => (typeof payload[key] === "string" ? (payload[key] as string) : undefined);

/**
 * Topics whose processing deletes or exports a shop's data, and where their signed body names the shop:
 * app/uninstalled sends the Shop object (myshopify_domain; `domain` may be a custom domain, so it is the fallback
 * only when it is a myshopify host), the privacy topics send shop_domain.
 */
const SHOP_BOUND_TOPICS: Record<string, (payload: Record<string, unknown>) => string | undefined> = {
  APP_UNINSTALLED: (payload) => stringField(payload, "myshopify_domain") ?? stringField(payload, "domain"),
  SHOP_REDACT: (payload) => stringField(payload, "shop_domain"),
  CUSTOMERS_REDACT: (payload) => stringField(payload, "shop_domain"),
  CUSTOMERS_DATA_REQUEST: (payload) => stringField(payload, "shop_domain"),
};

// Shopify's two header families, as shopify-api names them: classic webhooks (X-Shopify-*) and the newer
// events deliveries (Shopify-*), told apart by which HMAC header is present.
const HEADERS = {
  webhooks: {
    hmac: "X-Shopify-Hmac-Sha256",
    topic: "X-Shopify-Topic",
    shop: "X-Shopify-Shop-Domain",
    apiVersion: "X-Shopify-API-Version",
    webhookId: "X-Shopify-Webhook-Id",
    triggeredAt: "X-Shopify-Triggered-At",
    eventId: "X-Shopify-Event-Id",
  },
  events: {
    hmac: "Shopify-Hmac-Sha256",
    topic: "Shopify-Topic",
    shop: "Shopify-Shop-Domain",
    apiVersion: "Shopify-API-Version",
    webhookId: "Shopify-Webhook-Id",
    triggeredAt: "Shopify-Triggered-At",
    eventId: undefined,
  },
} as const;

export async function verifyShopifyWebhook(request: Request, secret: string, previousSecrets: readonly string[] = []): Promise<WebhookVerification> {
  if (request.method !== "POST") return reject(405, "Webhooks must be sent with POST");

  const names = request.headers.get(HEADERS.events.hmac) ? HEADERS.events : HEADERS.webhooks;
  const header = (name: string) => request.headers.get(name) || undefined; // an empty header counts as missing
  // The HMAC covers the bytes Shopify sent, so it is computed on those, before any text decoding.
  const body = new Uint8Array(await request.arrayBuffer());

  if (body.length === 0) return reject(400, "Webhook body is empty");
  const hmac = header(names.hmac);
  if (!hmac) return reject(400, `Missing webhook header: ${names.hmac}`);
  if (![secret, ...previousSecrets].some((candidate) => hmacMatches(body, hmac, candidate))) return reject(401, "Webhook HMAC does not match the body (signed with another secret, or altered)");

  const missing = (["topic", "shop", "apiVersion", "webhookId"] as const).filter((field) => !header(names[field]));
  if (missing.length) return reject(400, `Missing webhook headers: ${missing.map((field) => names[field]).join(", ")}`);

  const payload = parseJsonObject(body);
  if (!payload) return reject(400, WEBHOOK_BODY_NOT_AN_OBJECT);

  // The shop and topic headers are not covered by the HMAC: a signed body leaked from a log could be replayed
  // with another shop's header. The shop must be a myshopify host, and topics that delete a shop's data must name
  // that same shop in their (signed) body.
  const shop = header(names.shop)!;
  if (!isMyshopifyDomain(shop)) return reject(400, `${names.shop} must be a shop's myshopify.com domain (got "${shop.slice(0, 100)}")`);
  const topic = topicForStorage(header(names.topic)!);
  const signedShop = SHOP_BOUND_TOPICS[topic]?.(payload);
  if (SHOP_BOUND_TOPICS[topic] && signedShop !== shop) {
    return reject(400, `The ${header(names.topic)} body names shop "${String(signedShop ?? "none").slice(0, 100)}", not the ${names.shop} header's "${shop}"`);
  }

  const eventId = names.eventId && header(names.eventId);
  const triggeredAt = header(names.triggeredAt);
  return {
    ok: true,
    webhook: {
      shop,
      topic,
      webhookId: header(names.webhookId)!,
      apiVersion: header(names.apiVersion)!,
      ...(eventId ? { eventId } : {}),
      ...(triggeredAt ? { triggeredAt } : {}),
      payload,
    },
  };
}

/** Shopify's signature: base64 HMAC-SHA256 of the raw body with the client secret, compared in constant time. */
export function hmacMatches(body: Uint8Array, hmacHeader: string, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(body).digest("base64"));
  const received = Buffer.from(hmacHeader);
  // timingSafeEqual throws on unequal lengths; a length mismatch is a mismatch (the length is not a secret).
  return expected.length === received.length && timingSafeEqual(expected, received);
}

/** shopify-api's topicForStorage: products/update → PRODUCTS_UPDATE (dots too: a.b/c → A_B_C). */
export function topicForStorage(topic: string): string {
  return topic.toUpperCase().replace(/\/|\./g, "_");
}

/** The answer for a rejected delivery: the library's status and status text, plus a message a person can act on. */
export function webhookRejectionResponse({ status, message }: WebhookRejection): Response {
  const statusText = { 400: "Bad Request", 401: "Unauthorized", 405: "Method not allowed" }[status];
  const headers: Record<string, string> = { "Content-Type": "text/plain; charset=utf-8" };
  if (status === 405) headers.Allow = "POST";
  return new Response(message, { status, statusText, headers });
}

function reject(status: WebhookRejection["status"], message: string): WebhookVerification {
  return { ok: false, rejection: { status, message } };
}

// Jobs read fields off the payload, so null, arrays and scalars are refused here rather than failing in a job.
function parseJsonObject(body: Uint8Array): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // not UTF-8, or not JSON
  }
}
