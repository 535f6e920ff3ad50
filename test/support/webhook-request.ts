import { createHmac, randomUUID } from "node:crypto";

/**
 * A webhook request exactly as Shopify sends it: raw body, base64 HMAC-SHA256 of it with the app secret.
 * `body` is sent as JSON; `rawBody` is sent verbatim instead (to sign bodies that are not JSON).
 */
export function shopifyWebhookRequest(input: {
  url: string;
  topic: string; // e.g. "products/update"
  shop: string;
  body?: unknown;
  rawBody?: string;
  secret: string;
  webhookId?: string;
  triggeredAt?: string;
  tamper?: boolean;
  omitHeaders?: string[]; // e.g. ["X-Shopify-Topic"], to test a delivery missing a header
}): Request {
  const raw = input.rawBody ?? JSON.stringify(input.body);
  const hmac = createHmac("sha256", input.secret).update(raw, "utf8").digest("base64");
  const headers = new Headers({
    "Content-Type": "application/json",
    "X-Shopify-Topic": input.topic,
    "X-Shopify-Hmac-Sha256": hmac,
    "X-Shopify-Shop-Domain": input.shop,
    "X-Shopify-Webhook-Id": input.webhookId ?? randomUUID(),
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": input.triggeredAt ?? new Date().toISOString(),
    "X-Shopify-API-Version": "2026-10",
  });
  for (const name of input.omitHeaders ?? []) headers.delete(name);
  return new Request(input.url, {
    method: "POST",
    headers,
    // Tampering after signing: the body no longer matches the HMAC.
    body: input.tamper ? raw.replace(/}$/, ',"injected":true}') : raw,
  });
}
