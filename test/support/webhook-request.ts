import { createHmac, randomUUID } from "node:crypto";

/** A webhook request exactly as Shopify sends it: raw JSON body, base64 HMAC-SHA256 with the app secret. */
export function shopifyWebhookRequest(input: {
  url: string;
  topic: string; // e.g. "products/update"
  shop: string;
  body: unknown;
  secret: string;
  webhookId?: string;
  triggeredAt?: string;
  tamper?: boolean;
}): Request {
  const raw = JSON.stringify(input.body);
  const hmac = createHmac("sha256", input.secret).update(raw, "utf8").digest("base64");
  return new Request(input.url, {
    method: "POST",
    headers: {
      "Content-Type": "application/json",
      "X-Shopify-Topic": input.topic,
      "X-Shopify-Hmac-Sha256": hmac,
      "X-Shopify-Shop-Domain": input.shop,
      "X-Shopify-Webhook-Id": input.webhookId ?? randomUUID(),
      "X-Shopify-Event-Id": randomUUID(),
      "X-Shopify-Triggered-At": input.triggeredAt ?? new Date().toISOString(),
      "X-Shopify-API-Version": "2026-10",
    },
    // Tampering after signing: the body no longer matches the HMAC.
    body: input.tamper ? raw.replace(/}$/, ',"injected":true}') : raw,
  });
}
