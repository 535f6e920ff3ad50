// The webhook routes during a client-secret rotation: Shopify signs with the old secret until it is revoked, so a
// delivery signed with a secret in SHOPIFY_API_SECRET_PREVIOUS is recorded like any other.
import { afterEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { env } from "../../app/env.server";
import { action as productsAction } from "../../app/routes/webhooks.products";
import { shopifyWebhookRequest } from "../support/webhook-request";

const shop = "rotation-test.myshopify.com";
const args = (request: Request) => ({ request, params: {}, context: {} }) as any;
const body = { id: 43, admin_graphql_api_id: "gid://shopify/Product/43", title: "Jug", updated_at: "2026-11-23T10:00:00Z", variants: [] };
const deliver = (secret: string, webhookId: string) =>
  productsAction(args(shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, body, secret, webhookId })));

const saved = env.SHOPIFY_API_SECRET_PREVIOUS;
afterEach(() => {
  env.SHOPIFY_API_SECRET_PREVIOUS = saved;
});

describe("webhook routes with SHOPIFY_API_SECRET_PREVIOUS", () => {
  it("GIVEN a delivery signed with a previous secret THEN 200 and it is recorded", async () => {
    env.SHOPIFY_API_SECRET_PREVIOUS = ["retired-secret"];
    expect((await deliver("retired-secret", "wh-rot-1")).status).toBe(200);
    expect(await prisma.webhookReceipt.count({ where: { shop, webhookId: "wh-rot-1" } })).toBe(1);
  });

  it("GIVEN the previous secret was removed THEN its deliveries answer 401 and nothing is recorded", async () => {
    env.SHOPIFY_API_SECRET_PREVIOUS = [];
    expect((await deliver("retired-secret", "wh-rot-2")).status).toBe(401);
    expect(await prisma.webhookReceipt.count({ where: { shop, webhookId: "wh-rot-2" } })).toBe(0);
  });

  it("GIVEN a previous secret is configured THEN the current one still works and an unknown one still fails", async () => {
    env.SHOPIFY_API_SECRET_PREVIOUS = ["retired-secret"];
    expect((await deliver(env.SHOPIFY_API_SECRET, "wh-rot-3")).status).toBe(200);
    expect((await deliver("never-our-secret", "wh-rot-4")).status).toBe(401);
  });
});
