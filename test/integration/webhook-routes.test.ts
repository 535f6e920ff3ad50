import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { action as productsAction } from "../../app/routes/webhooks.products";
import { action as complianceAction } from "../../app/routes/webhooks.compliance";
import { action as uninstalledAction } from "../../app/routes/webhooks.app.uninstalled";
import { WEBHOOK_BODY_NOT_AN_OBJECT } from "../../app/shopify/webhook-verification.server";
import { shopifyWebhookRequest } from "../support/webhook-request";

const shop = "hmac-test.myshopify.com";
const secret = process.env.SHOPIFY_API_SECRET!;
const args = (request: Request) => ({ request, params: {}, context: {} }) as any;

async function status(run: () => Promise<Response>): Promise<number> {
  try {
    return (await run()).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status; // in case a rejection is ever thrown rather than returned
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

  it("GIVEN a GET THEN 405 says to use POST", async () => {
    const response = await productsAction(args(new Request("http://app/webhooks/products")));
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    expect(await response.text()).toBe("Webhooks must be sent with POST");
  });

  it.each(["X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id", "X-Shopify-API-Version", "X-Shopify-Hmac-Sha256"])(
    "GIVEN a signed delivery without %s THEN 400 naming the header, and nothing is recorded",
    async (header) => {
      const webhookId = `wh-no-${header}`;
      const request = shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, body: productBody, secret, webhookId, omitHeaders: [header] });
      const response = await productsAction(args(request));
      expect(response.status).toBe(400);
      expect(await response.text()).toContain(header);
      expect(await prisma.webhookReceipt.count({ where: { webhookId } })).toBe(0);
      expect(await prisma.job.count({ where: { idempotencyKey: `webhook:${webhookId}` } })).toBe(0);
    },
  );

  it("GIVEN an empty body THEN 400 (as the library answered)", async () => {
    const request = shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, rawBody: "", secret });
    expect(await status(() => productsAction(args(request)))).toBe(400);
  });

  it("GIVEN a body that is not JSON and a bad HMAC THEN 401: the signature is checked before the body", async () => {
    const request = shopifyWebhookRequest({ url: "http://app/webhooks/products", topic: "products/update", shop, rawBody: "not json", secret: "not-our-secret" });
    expect(await status(() => productsAction(args(request)))).toBe(401);
  });
});

// Every webhook route, with a topic it is subscribed to (shopify.app.toml). Listed by hand so each route is
// exercised with its own topic; the first test fails if a route file is added or removed without updating this.
const WEBHOOK_ROUTE_TOPICS: Record<string, string> = {
  "webhooks.app.scopes_update.tsx": "app/scopes_update",
  "webhooks.app.uninstalled.tsx": "app/uninstalled",
  "webhooks.bulk_operations.finish.tsx": "bulk_operations/finish",
  "webhooks.compliance.tsx": "shop/redact",
  "webhooks.inventory_levels.update.tsx": "inventory_levels/update",
  "webhooks.inventory_transfers.tsx": "inventory_shipments/update_tracking",
  "webhooks.orders.tsx": "orders/create",
  "webhooks.products.tsx": "products/update",
};
type WebhookRoute = { action: (args: unknown) => Promise<Response> };
const webhookRouteModules = import.meta.glob<WebhookRoute>("../../app/routes/webhooks.*.tsx");
const routeFile = (modulePath: string) => modulePath.split("/").pop()!;

// Signed correctly, so only the body is wrong: none of these can be processed, and a job would fail on each.
const BODIES_THAT_ARE_NOT_OBJECTS = [
  { label: "not JSON", rawBody: "this is not json" },
  { label: "truncated JSON", rawBody: '{"id": 1' },
  { label: "JSON null", rawBody: "null" },
  { label: "a JSON array", rawBody: "[]" },
  { label: 'a JSON string ("x")', rawBody: '"x"' },
];

describe("every webhook route refuses a signed body that is not a JSON object", () => {
  const bodyShop = "body-check.myshopify.com";

  it("covers every app/routes/webhooks.*.tsx file", () => {
    expect(Object.keys(webhookRouteModules).map(routeFile).sort()).toEqual(Object.keys(WEBHOOK_ROUTE_TOPICS).sort());
  });

  describe.each(Object.entries(WEBHOOK_ROUTE_TOPICS))("%s (%s)", (file, topic) => {
    const url = `http://app/${file.replace(/\.tsx$/, "").split(".").join("/")}`;
    const loadAction = async () => {
      const [modulePath] = Object.keys(webhookRouteModules).filter((path) => routeFile(path) === file);
      return (await webhookRouteModules[modulePath]()).action;
    };

    it.each(BODIES_THAT_ARE_NOT_OBJECTS)("GIVEN $label THEN 400 with the reason, and nothing is recorded", async ({ label, rawBody }) => {
      const webhookId = `wh-body-${file}-${label}`;
      const action = await loadAction();
      const response = await action(args(shopifyWebhookRequest({ url, topic, shop: bodyShop, rawBody, secret, webhookId })));
      expect(response.status).toBe(400);
      expect(await response.text()).toBe(WEBHOOK_BODY_NOT_AN_OBJECT);
      expect(await prisma.webhookReceipt.count({ where: { shop: bodyShop } })).toBe(0);
      expect(await prisma.job.count({ where: { shop: bodyShop } })).toBe(0);
    });

    it("GIVEN a GET THEN 405", async () => {
      const action = await loadAction();
      expect((await action(args(new Request(url)))).status).toBe(405);
    });
  });
});

describe("webhooks are bound to the signed shop", () => {
  const victim = "victim-shop.myshopify.com";
  const leaked = { shop_id: 7, shop_domain: shop }; // a correctly signed shop/redact body for `shop`, seen in a log
  const deliver = (route: typeof complianceAction, url: string, topic: string, headerShop: string, body: unknown, webhookId: string) =>
    status(() => route(args(shopifyWebhookRequest({ url, topic, shop: headerShop, body, secret, webhookId }))));
  const recorded = async (webhookId: string) =>
    (await prisma.webhookReceipt.count({ where: { webhookId } })) + (await prisma.job.count({ where: { idempotencyKey: `webhook:${webhookId}` } }));

  it("GIVEN a signed shop/redact, customers/* or app/uninstalled body replayed with another shop's header THEN 400 and nothing is recorded", async () => {
    const cases = [
      { route: complianceAction, url: "http://app/webhooks/compliance", topic: "shop/redact", body: leaked },
      { route: complianceAction, url: "http://app/webhooks/compliance", topic: "customers/redact", body: { ...leaked, customer: { id: 1, email: "a@example.com" } } },
      { route: complianceAction, url: "http://app/webhooks/compliance", topic: "customers/data_request", body: { ...leaked, customer: { id: 1, email: "a@example.com" } } },
      { route: uninstalledAction, url: "http://app/webhooks/app/uninstalled", topic: "app/uninstalled", body: { id: 7, myshopify_domain: shop, domain: "shop.example.com" } },
    ];
    for (const [i, c] of cases.entries()) {
      expect(await deliver(c.route, c.url, c.topic, victim, c.body, `replay-${i}`), c.topic).toBe(400);
      expect(await recorded(`replay-${i}`), c.topic).toBe(0);
      // The same body with its own shop's header is accepted.
      expect(await deliver(c.route, c.url, c.topic, shop, c.body, `own-${i}`), c.topic).toBe(200);
    }
  });

  it("GIVEN a destructive topic whose body names no shop THEN 400", async () => {
    expect(await deliver(complianceAction, "http://app/webhooks/compliance", "shop/redact", shop, { shop_id: 7 }, "no-shop")).toBe(400);
    expect(await recorded("no-shop")).toBe(0);
  });

  it("GIVEN a shop header that is not a myshopify.com host THEN 400 (not 500), on any topic", async () => {
    for (const [i, bad] of ["evil.example.com", "shop.myshopify.com.evil.io", "../../etc", "UPPER.myshopify.com "].entries()) {
      expect(await deliver(productsAction, "http://app/webhooks/products", "products/update", bad, productBody, `bad-host-${i}`), bad).toBe(400);
      expect(await recorded(`bad-host-${i}`)).toBe(0);
    }
  });
});
