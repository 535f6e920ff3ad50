import { describe, expect, it } from "vitest";
import prisma from "../app/db.server";
import { action as productsAction } from "../app/routes/webhooks.products";
import { action as complianceAction } from "../app/routes/webhooks.compliance";
import { shopifyWebhookRequest } from "./support/webhook-request";

const shop = "hmac-test.myshopify.com";
const secret = process.env.SHOPIFY_API_SECRET!;
const args = (request: Request) => ({ request, params: {}, context: {} }) as any;

async function status(run: () => Promise<Response>): Promise<number> {
  try {
    return (await run()).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status; // the library throws its 401/400 responses
    throw thrown;
  }
}

const productBody = { id: 42, admin_graphql_api_id: "gid://shopify/Product/42", title: "Mug", updated_at: "2026-11-23T10:00:00Z", variants: [] };

describe("webhook routes", () => {
  it("GIVEN a correctly signed delivery THEN 200, the delivery is recorded and its processing queued", async () => {
    const triggeredAt = "2026-11-23T10:00:01.250Z";
    const request = shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, body: productBody, secret, webhookId: "wh-1", triggeredAt });
    const before = Date.now();
    expect(await status(() => productsAction(args(request)))).toBe(200);
    const receipt = await prisma.webhookReceipt.findUniqueOrThrow({ where: { shop_webhookId: { shop, webhookId: "wh-1" } } });
    expect(receipt).toMatchObject({ topic: "PRODUCTS_UPDATE", triggeredAt: new Date(triggeredAt) });
    expect(receipt.receivedAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(receipt.receivedAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    const job = await prisma.job.findFirstOrThrow({ where: { shop, idempotencyKey: "webhook:wh-1" } });
    expect(job.type).toBe("webhook:PRODUCTS_UPDATE");
    expect(JSON.parse(job.payload).body).toEqual(productBody);
  });

  it("GIVEN a tampered body THEN 401 and nothing is recorded", async () => {
    const request = shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, body: productBody, secret, webhookId: "wh-bad", tamper: true });
    expect(await status(() => productsAction(args(request)))).toBe(401);
    expect(await prisma.webhookReceipt.count({ where: { webhookId: "wh-bad" } })).toBe(0);
    expect(await prisma.job.count({ where: { idempotencyKey: "webhook:wh-bad" } })).toBe(0);
  });

  it("GIVEN a delivery signed with another app's secret THEN 401", async () => {
    const request = shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, body: productBody, secret: "not-our-secret" });
    expect(await status(() => productsAction(args(request)))).toBe(401);
  });

  it("GIVEN the same delivery twice (Shopify retry) THEN both get 200 and it is processed once", async () => {
    const send = () =>
      productsAction(args(shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, body: productBody, secret, webhookId: "wh-dup" })));
    const first = await send();
    const second = await send();
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(second.headers.get("X-Backorders-Duplicate")).toBe("true");
    expect(await prisma.job.count({ where: { idempotencyKey: "webhook:wh-dup" } })).toBe(1);
  });

  it("GIVEN the same delivery arriving 6 times at once THEN all get 200, exactly one is new and it is queued once", async () => {
    const send = () =>
      productsAction(args(shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, body: productBody, secret, webhookId: "wh-race" })));
    const answers = await Promise.all(Array.from({ length: 6 }, send));
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200, 200]);
    expect(answers.filter((a) => a.headers.get("X-Backorders-Duplicate") === "false")).toHaveLength(1);
    expect(await prisma.webhookReceipt.count({ where: { shop, webhookId: "wh-race" } })).toBe(1);
    expect(await prisma.job.count({ where: { idempotencyKey: "webhook:wh-race" } })).toBe(1);
  });

  it("GIVEN a compliance webhook with a bad HMAC THEN 401 (Shopify's mandatory check)", async () => {
    const request = shopifyWebhookRequest({ url: "http://app/webhooks/compliance", topic: "shop/redact", shop, body: { shop_domain: shop }, secret, tamper: true });
    expect(await status(() => complianceAction(args(request)))).toBe(401);
  });

  it("GIVEN a GET instead of a POST THEN 405", async () => {
    expect(await status(() => productsAction(args(new Request("http://app/webhooks/products"))))).toBe(405);
  });
});
