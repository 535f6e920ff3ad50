import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  hmacMatches,
  topicForStorage,
  verifyShopifyWebhook,
  WEBHOOK_BODY_NOT_AN_OBJECT,
  webhookRejectionResponse,
  type WebhookVerification,
} from "./webhook-verification.server";

const SECRET = "unit-test-secret";
const sign = (body: Uint8Array | string, secret = SECRET) => createHmac("sha256", secret).update(body).digest("base64");

const classicHeaders = (hmac: string) => ({
  "X-Shopify-Hmac-Sha256": hmac,
  "X-Shopify-Topic": "products/update",
  "X-Shopify-Shop-Domain": "unit.myshopify.com",
  "X-Shopify-Webhook-Id": "wh-unit",
  "X-Shopify-Event-Id": "ev-unit",
  "X-Shopify-Triggered-At": "2026-11-23T10:00:01.250Z",
  "X-Shopify-API-Version": "2026-10",
});

function deliver(body: Uint8Array<ArrayBuffer> | string, options: { hmac?: string; omit?: string[]; method?: string; headers?: Record<string, string> } = {}) {
  const headers = new Headers(options.headers ?? classicHeaders(options.hmac ?? sign(body)));
  for (const name of options.omit ?? []) headers.delete(name);
  const method = options.method ?? "POST";
  return new Request("http://app/webhooks/products", { method, headers, body: method === "GET" || method === "HEAD" ? undefined : body });
}

const rejection = (result: WebhookVerification) => (result.ok ? undefined : result.rejection);

describe("verifyShopifyWebhook", () => {
  const body = JSON.stringify({ id: 42, title: "Mug ☕" });

  it("GIVEN a delivery signed with the secret THEN returns its fields in the library's form and the parsed body", async () => {
    expect(await verifyShopifyWebhook(deliver(body), SECRET)).toEqual({
      ok: true,
      webhook: {
        shop: "unit.myshopify.com",
        topic: "PRODUCTS_UPDATE",
        webhookId: "wh-unit",
        eventId: "ev-unit",
        triggeredAt: "2026-11-23T10:00:01.250Z",
        apiVersion: "2026-10",
        payload: { id: 42, title: "Mug ☕" },
      },
    });
  });

  it("GIVEN no X-Shopify-Event-Id or X-Shopify-Triggered-At THEN still valid, without those fields (they are optional)", async () => {
    const result = await verifyShopifyWebhook(deliver(body, { omit: ["X-Shopify-Event-Id", "X-Shopify-Triggered-At"] }), SECRET);
    expect(result.ok && result.webhook).not.toHaveProperty("eventId");
    expect(result.ok && result.webhook).not.toHaveProperty("triggeredAt");
  });

  it("GIVEN a body altered after signing THEN 401", async () => {
    const request = deliver(body.replace("Mug", "Cup"), { hmac: sign(body) });
    expect(rejection(await verifyShopifyWebhook(request, SECRET))).toMatchObject({ status: 401 });
  });

  it("GIVEN a delivery signed with another secret THEN 401", async () => {
    expect(rejection(await verifyShopifyWebhook(deliver(body, { hmac: sign(body, "other-secret") }), SECRET))).toMatchObject({ status: 401 });
  });

  describe("GIVEN a secret rotation (Shopify signs with the old secret until it is revoked)", () => {
    const previous = ["retired-secret-1", "retired-secret-2"];

    it("WHEN the delivery is signed with a previous secret THEN it is accepted", async () => {
      for (const old of previous) {
        expect(await verifyShopifyWebhook(deliver(body, { hmac: sign(body, old) }), SECRET, previous)).toMatchObject({ ok: true, webhook: { webhookId: "wh-unit" } });
      }
    });

    it("WHEN it is signed with the current secret THEN it is still accepted", async () => {
      expect((await verifyShopifyWebhook(deliver(body), SECRET, previous)).ok).toBe(true);
    });

    it("WHEN it is signed with a secret in neither list, or the body was altered THEN 401", async () => {
      expect(rejection(await verifyShopifyWebhook(deliver(body, { hmac: sign(body, "other-secret") }), SECRET, previous))).toMatchObject({ status: 401 });
      const altered = deliver(body.replace("Mug", "Cup"), { hmac: sign(body, previous[0]) });
      expect(rejection(await verifyShopifyWebhook(altered, SECRET, previous))).toMatchObject({ status: 401 });
    });

    it("WHEN the old secret is no longer listed THEN its deliveries answer 401", async () => {
      expect(rejection(await verifyShopifyWebhook(deliver(body, { hmac: sign(body, previous[0]) }), SECRET))).toMatchObject({ status: 401 });
    });

    it("WHEN a previous-secret delivery lacks headers or is not JSON THEN the same 400s, in the same order", async () => {
      const hmac = sign(body, previous[1]);
      expect(rejection(await verifyShopifyWebhook(deliver(body, { hmac, omit: ["X-Shopify-Topic"] }), SECRET, previous))).toEqual({
        status: 400,
        message: "Missing webhook headers: X-Shopify-Topic",
      });
      expect(rejection(await verifyShopifyWebhook(deliver("[]", { hmac: sign("[]", previous[1]) }), SECRET, previous))).toEqual({ status: 400, message: WEBHOOK_BODY_NOT_AN_OBJECT });
    });
  });

  it("GIVEN an HMAC header that is not even the right length THEN 401, not an exception", async () => {
    expect(rejection(await verifyShopifyWebhook(deliver(body, { hmac: "short" }), SECRET))).toMatchObject({ status: 401 });
  });

  it("GIVEN no HMAC header THEN 400 naming it", async () => {
    expect(rejection(await verifyShopifyWebhook(deliver(body, { omit: ["X-Shopify-Hmac-Sha256"] }), SECRET))).toEqual({
      status: 400,
      message: "Missing webhook header: X-Shopify-Hmac-Sha256",
    });
  });

  it("GIVEN a valid HMAC but required headers missing THEN 400 naming every missing one", async () => {
    const request = deliver(body, { omit: ["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version"] });
    expect(rejection(await verifyShopifyWebhook(request, SECRET))).toEqual({
      status: 400,
      message: "Missing webhook headers: X-Shopify-Topic, X-Shopify-Shop-Domain, X-Shopify-API-Version, X-Shopify-Webhook-Id",
    });
  });

  it("GIVEN a bad HMAC and a missing header THEN 401: like the library, the signature is checked first", async () => {
    const request = deliver(body, { hmac: sign(body, "other-secret"), omit: ["X-Shopify-Topic"] });
    expect(rejection(await verifyShopifyWebhook(request, SECRET))).toMatchObject({ status: 401 });
  });

  it("GIVEN an empty body THEN 400", async () => {
    expect(rejection(await verifyShopifyWebhook(deliver(""), SECRET))).toMatchObject({ status: 400, message: "Webhook body is empty" });
  });

  it.each(["GET", "PUT", "DELETE"])("GIVEN a %s THEN 405", async (method) => {
    expect(rejection(await verifyShopifyWebhook(deliver(body, { method }), SECRET))).toMatchObject({ status: 405 });
  });

  it.each([
    ["not JSON", "plain text"],
    ["JSON null", "null"],
    ["a JSON array", "[{\"id\":1}]"],
    ["a JSON string", "\"x\""],
    ["a JSON number", "42"],
  ])("GIVEN a correctly signed body that is %s THEN 400: the body must be a JSON object", async (_label, raw) => {
    expect(rejection(await verifyShopifyWebhook(deliver(raw), SECRET))).toEqual({ status: 400, message: WEBHOOK_BODY_NOT_AN_OBJECT });
  });

  it("GIVEN a correctly signed body that is not UTF-8 THEN 400 (not JSON), and the HMAC was checked on the bytes sent", async () => {
    const bytes = new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d]); // {"a":"<0xff>"}
    expect(rejection(await verifyShopifyWebhook(deliver(bytes), SECRET))).toEqual({ status: 400, message: WEBHOOK_BODY_NOT_AN_OBJECT });
    // Decoding first (as request.text() does) turns 0xff into U+FFFD, which no longer matches Shopify's signature.
    expect(hmacMatches(bytes, sign(bytes), SECRET)).toBe(true);
    expect(hmacMatches(new TextEncoder().encode(new TextDecoder().decode(bytes)), sign(bytes), SECRET)).toBe(false);
  });

  it("GIVEN an events delivery (Shopify-* headers, as shopify-api also accepts) THEN valid, read from those headers", async () => {
    const request = deliver(body, {
      headers: {
        "Shopify-Hmac-Sha256": sign(body),
        "Shopify-Topic": "products/update",
        "Shopify-Shop-Domain": "unit.myshopify.com",
        "Shopify-Webhook-Id": "wh-event",
        "Shopify-API-Version": "2026-10",
      },
    });
    expect(await verifyShopifyWebhook(request, SECRET)).toMatchObject({
      ok: true,
      webhook: { shop: "unit.myshopify.com", topic: "PRODUCTS_UPDATE", webhookId: "wh-event", apiVersion: "2026-10" },
    });
  });
});

describe("topicForStorage", () => {
  it.each([
    ["products/update", "PRODUCTS_UPDATE"],
    ["app/scopes_update", "APP_SCOPES_UPDATE"],
    ["bulk_operations/finish", "BULK_OPERATIONS_FINISH"],
    ["shop/redact", "SHOP_REDACT"],
    ["a.b/c", "A_B_C"],
  ])("%s → %s (as shopify-api stores it)", (topic, stored) => {
    expect(topicForStorage(topic)).toBe(stored);
  });
});

describe("webhookRejectionResponse", () => {
  it("answers the status with the library's status text and the message as plain text; 405 says Allow: POST", async () => {
    const response = webhookRejectionResponse({ status: 405, message: "Webhooks must be sent with POST" });
    expect([response.status, response.statusText, response.headers.get("Allow")]).toEqual([405, "Method not allowed", "POST"]);
    expect(await response.text()).toBe("Webhooks must be sent with POST");
    expect(webhookRejectionResponse({ status: 401, message: "x" }).statusText).toBe("Unauthorized");
    expect(webhookRejectionResponse({ status: 400, message: "x" }).statusText).toBe("Bad Request");
  });
});
