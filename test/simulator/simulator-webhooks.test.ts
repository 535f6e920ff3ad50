import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { APP_CONFIG, appShopifyApi } from "../support/simulator-app";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../../simulator/oauth";
import { verifyShopifyWebhook } from "../../app/shopify/webhook-verification.server";

const API_KEY = "sim-webhook-key";
const API_SECRET = "sim-webhook-secret";
const SHOP = "webhook-test.myshopify.com";
const NOT_INSTALLED_SHOP = "webhook-bystander.myshopify.com";

type Received = { path: string; headers: IncomingHttpHeaders; rawBody: string; req: IncomingMessage; res: ServerResponse };

/** A stand-in for the app's webhook routes: records requests, answers with queued statuses (default 200). */
function startReceiver() {
  const received: Received[] = [];
  const statuses: number[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    received.push({ path: req.url ?? "", headers: req.headers, rawBody: Buffer.concat(chunks).toString("utf8"), req, res });
    res.writeHead(statuses.shift() ?? 200).end();
  });
  return new Promise<{ url: string; received: Received[]; statuses: number[]; close: () => Promise<void> }>((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        received,
        statuses,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

/** Shopify's documented check: base64 HMAC-SHA256 of the raw body with the client secret, constant-time compare. */
function verifyShopifyHmac(rawBody: string, header: string | string[] | undefined, secret: string): boolean {
  const expected = Buffer.from(createHmac("sha256", secret).update(rawBody, "utf8").digest("base64"));
  const actual = Buffer.from(String(header ?? ""));
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

describe("simulator webhooks", () => {
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let sim: RunningSimulator;
  let accessToken: string;
  const shopify = appShopifyApi({ apiKey: API_KEY, apiSecretKey: API_SECRET });

  async function install(shop: string): Promise<string> {
    const response = await fetch(`${sim.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Shop-Domain": shop },
      body: JSON.stringify({
        client_id: API_KEY,
        client_secret: API_SECRET,
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: sim.mintIdToken(shop),
        subject_token_type: ID_TOKEN_TYPE,
        requested_token_type: OFFLINE_TOKEN_TYPE,
        expiring: "1",
      }),
    });
    return String(((await response.json()) as { access_token: string }).access_token);
  }

  async function simCommand(path: string, body?: unknown) {
    const response = await fetch(`${sim.url}/_sim/${path}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body ?? {}),
    });
    return { status: response.status, body: (await response.json()) as any };
  }

  async function firstVariantId(shop: string): Promise<string> {
    const state = (await (await fetch(`${sim.url}/_sim/${shop}/state`)).json()) as { variants: { id: string }[] };
    return state.variants[0].id;
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    sim = await startSimulator({
      port: 0,
      appUrl: receiver.url,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appConfigPath: APP_CONFIG,
      seed: "demo",
      shops: [SHOP, NOT_INSTALLED_SHOP],
      webhookRetry: { attempts: 3, baseDelayMs: 10 },
    });
    accessToken = await install(SHOP);
  });
  afterAll(async () => {
    await sim.close();
    await receiver.close();
  });
  beforeEach(async () => {
    await sim.waitForWebhooks();
    receiver.received.length = 0;
    receiver.statuses.length = 0;
  });
  afterEach(() => sim.waitForWebhooks());

  it("delivers a store event to the subscribed URI with Shopify's headers and a verifiable HMAC", async () => {
    // GIVEN the app is installed on the shop
    const variantId = await firstVariantId(SHOP);

    // WHEN stock changes in the shop
    await simCommand(`${SHOP}/inventory`, { variantId, available: 3 });
    await sim.waitForWebhooks();

    // THEN inventory_levels/update reaches the app's route, signed with the client secret
    const delivery = receiver.received.find((request) => request.headers["x-shopify-topic"] === "inventory_levels/update");
    expect(delivery?.path).toBe("/webhooks/inventory_levels/update");
    expect(delivery!.headers).toMatchObject({
      "content-type": "application/json",
      "x-shopify-shop-domain": SHOP,
      "x-shopify-api-version": "2026-10",
      "x-shopify-webhook-id": expect.any(String),
      "x-shopify-event-id": expect.any(String),
    });
    expect(new Date(String(delivery!.headers["x-shopify-triggered-at"])).toISOString()).toBe(
      delivery!.headers["x-shopify-triggered-at"],
    );
    expect(verifyShopifyHmac(delivery!.rawBody, delivery!.headers["x-shopify-hmac-sha256"], API_SECRET)).toBe(true);
    expect(JSON.parse(delivery!.rawBody)).toMatchObject({ available: 3 });

    // AND shopify-api's webhook validation (what the library's authenticate.webhook runs) accepts it
    const check = await shopify.webhooks.validate({ rawBody: delivery!.rawBody, rawRequest: delivery!.req, rawResponse: delivery!.res });
    expect(check).toMatchObject({
      valid: true,
      topic: "INVENTORY_LEVELS_UPDATE",
      domain: SHOP,
      apiVersion: "2026-10",
      webhookId: delivery!.headers["x-shopify-webhook-id"],
      eventId: delivery!.headers["x-shopify-event-id"],
    });

    // AND so does the app's own verification (what the webhook routes run), reading the same fields
    const headers = new Headers(Object.entries(delivery!.headers).map(([name, value]): [string, string] => [name, String(value)]));
    const request = new Request(`http://app${delivery!.path}`, { method: "POST", headers, body: delivery!.rawBody });
    expect(await verifyShopifyWebhook(request, API_SECRET)).toMatchObject({
      ok: true,
      webhook: {
        topic: "INVENTORY_LEVELS_UPDATE",
        shop: SHOP,
        apiVersion: "2026-10",
        webhookId: delivery!.headers["x-shopify-webhook-id"],
        eventId: delivery!.headers["x-shopify-event-id"],
        payload: JSON.parse(delivery!.rawBody),
      },
    });
  });

  it("does not deliver events for shops where the app is not installed", async () => {
    const variantId = await firstVariantId(NOT_INSTALLED_SHOP);

    await simCommand(`${NOT_INSTALLED_SHOP}/inventory`, { variantId, delta: 1 });
    await sim.waitForWebhooks();

    expect(receiver.received).toEqual([]);
  });

  it("retries a failed delivery with backoff, keeping the same webhook id and body, until the app answers 2xx", async () => {
    // GIVEN the app fails twice
    receiver.statuses.push(500, 503);

    // WHEN a webhook is sent
    const delivery = await sim.deliverWebhook("products/update", SHOP, { id: 1, title: "Retry me" });

    // THEN the third attempt succeeds and every attempt carried the same id and body
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((request) => request.headers["x-shopify-webhook-id"])).size).toBe(1);
    expect(new Set(receiver.received.map((request) => request.rawBody)).size).toBe(1);
    expect(delivery).toMatchObject({ status: "delivered", attempts: 3, lastStatus: 200 });
    expect(delivery.history.map((attempt) => attempt.status)).toEqual([500, 503, 200]);
    expect(sim.webhookLog).toContain(delivery);
  });

  it("gives up after the configured number of attempts and records the failure", async () => {
    receiver.statuses.push(500, 500, 500);

    const delivery = await sim.deliverWebhook("products/update", SHOP, { id: 2 });

    expect(delivery).toMatchObject({ status: "failed", attempts: 3, deliveredAt: null });
  });

  it("replays a delivery with the same webhook id and body, for dedupe tests", async () => {
    const original = await sim.deliverWebhook("products/update", SHOP, { id: 3 });

    const replay = await simCommand("webhooks/replay", { webhookId: original.webhookId });

    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ webhookId: original.webhookId, eventId: original.eventId, replay: true, status: "delivered" });
    expect(receiver.received.map((request) => request.headers["x-shopify-webhook-id"])).toEqual([original.webhookId, original.webhookId]);
    expect(receiver.received[0].rawBody).toBe(receiver.received[1].rawBody);
    expect((await simCommand("webhooks/replay", { webhookId: "unknown" })).status).toBe(404);
  });

  it("signs with a wrong key when asked to tamper, so the app's HMAC check must reject it", async () => {
    await sim.deliverWebhook("products/update", SHOP, { id: 4 }, { tamperHmac: true });

    const [request] = receiver.received;
    expect(verifyShopifyHmac(request.rawBody, request.headers["x-shopify-hmac-sha256"], API_SECRET)).toBe(false);
    const check = await shopify.webhooks.validate({ rawBody: request.rawBody, rawRequest: request.req, rawResponse: request.res });
    expect(check.valid).toBe(false);
  });

  it("sends compliance webhooks on command with Shopify's payload shapes", async () => {
    const redact = await simCommand(`${SHOP}/compliance/customers/redact`, {
      customer: { id: 77, email: "shopper@example.com", phone: null },
      orderIds: [1001],
    });
    const shopRedact = await simCommand(`${SHOP}/compliance/${encodeURIComponent("shop/redact")}`);
    const dataRequest = await simCommand(`${SHOP}/compliance/customers/data_request`);

    expect([redact.status, shopRedact.status, dataRequest.status]).toEqual([200, 200, 200]);
    const byTopic = Object.fromEntries(receiver.received.map((request) => [request.headers["x-shopify-topic"], request]));
    expect(byTopic["customers/redact"].path).toBe("/webhooks/compliance");
    expect(JSON.parse(byTopic["customers/redact"].rawBody)).toEqual({
      shop_id: expect.any(Number),
      shop_domain: SHOP,
      customer: { id: 77, email: "shopper@example.com", phone: null },
      orders_to_redact: [1001],
    });
    expect(JSON.parse(byTopic["shop/redact"].rawBody)).toEqual({ shop_id: expect.any(Number), shop_domain: SHOP });
    expect(JSON.parse(byTopic["customers/data_request"].rawBody)).toMatchObject({
      shop_domain: SHOP,
      orders_requested: expect.any(Array),
      data_request: { id: expect.any(Number) },
    });
    expect((await simCommand(`${SHOP}/compliance/orders/create`)).status).toBe(400);
  });

  it("announces a finished bulk operation by webhook and serves its JSONL at the result URL", async () => {
    const adminGraphql = async (query: string, variables?: Record<string, unknown>) => {
      const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": SHOP },
        body: JSON.stringify({ query, variables }),
      });
      return ((await response.json()) as { data: any }).data;
    };
    const started = await adminGraphql(
      'mutation { bulkOperationRunQuery(query: "{ products { edges { node { id title } } } }") { bulkOperation { id } userErrors { message } } }',
    );
    const operationId: string = started.bulkOperationRunQuery.bulkOperation.id;

    const deadline = Date.now() + 5000;
    while (!receiver.received.some((request) => request.headers["x-shopify-topic"] === "bulk_operations/finish")) {
      if (Date.now() > deadline) throw new Error("no bulk_operations/finish webhook");
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const finished = await adminGraphql("query ($id: ID!) { node(id: $id) { ... on BulkOperation { status url } } }", { id: operationId });
    expect(finished.node.status).toBe("COMPLETED");
    expect(finished.node.url.startsWith(`${sim.url}/bulk/`)).toBe(true);

    const result = await fetch(finished.node.url);
    const lines = (await result.text()).trim().split("\n").map((line) => JSON.parse(line));
    expect(result.status).toBe(200);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines[0]).toMatchObject({ id: expect.stringMatching(/^gid:\/\/shopify\/Product\//), title: expect.any(String) });
    expect((await fetch(`${sim.url}/bulk/999.jsonl`)).status).toBe(404);
  });

  it("uninstall sends app/uninstalled, revokes the shop's tokens and stops further webhooks", async () => {
    // WHEN the merchant uninstalls the app
    const result = await simCommand(`${SHOP}/uninstall`);
    await sim.waitForWebhooks();

    // THEN the app hears about it once
    expect(result.status).toBe(200);
    expect(receiver.received.map((request) => request.headers["x-shopify-topic"])).toEqual(["app/uninstalled"]);
    expect(receiver.received[0].path).toBe("/webhooks/app/uninstalled");

    // AND its access token no longer works
    const graphql = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": SHOP },
      body: JSON.stringify({ query: "{ shop { name } }" }),
    });
    expect(graphql.status).toBe(401);

    // AND later store events are not delivered
    receiver.received.length = 0;
    await simCommand(`${SHOP}/inventory`, { variantId: await firstVariantId(SHOP), delta: 1 });
    await sim.waitForWebhooks();
    expect(receiver.received).toEqual([]);
    expect((await simCommand(`${SHOP}/uninstall`)).status).toBe(409);
  });
});
