import { Script } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { APP_CONFIG, appShopifyApi } from "../support/simulator-app";
import { startSimulator, type RunningSimulator } from "../../simulator/server";

const API_KEY = "sim-admin-key";
const API_SECRET = "sim-admin-secret";
const SHOP = "backorders-demo.myshopify.com";
const APP_URL = "http://127.0.0.1:3999";

const shopify = appShopifyApi({ apiKey: API_KEY, apiSecretKey: API_SECRET, hostName: "127.0.0.1:3999" });

describe("simulator admin page and App Bridge stand-in", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, appUrl: APP_URL, apiKey: API_KEY, apiSecret: API_SECRET, appConfigPath: APP_CONFIG });
  });
  afterAll(() => sim.close());

  function iframeSrc(html: string): URL {
    const match = /<iframe[^>]*\ssrc="([^"]+)"/.exec(html);
    if (!match) throw new Error("no iframe in admin page");
    return new URL(match[1].replace(/&amp;/g, "&"));
  }

  it("embeds the app with the query Shopify admin sends, including a session token the app can verify", async () => {
    // WHEN the merchant opens the app's settings page in admin
    const response = await fetch(`${sim.url}/store/backorders-demo/apps/backorders/app/settings`);
    const html = await response.text();

    // THEN the iframe points at the app with embedded/shop/host/id_token/locale
    expect(response.status).toBe(200);
    expect(html).toContain("backorders-demo");
    const src = iframeSrc(html);
    expect(src.origin).toBe(APP_URL);
    expect(src.pathname).toBe("/app/settings");
    expect(src.searchParams.get("embedded")).toBe("1");
    expect(src.searchParams.get("shop")).toBe(SHOP);
    expect(src.searchParams.get("locale")).toBe("en");
    const host = src.searchParams.get("host")!;
    expect(Buffer.from(host, "base64").toString()).toBe("admin.shopify.com/store/backorders-demo");
    expect(shopify.utils.sanitizeHost(host)).toBe(host);
    const payload = await shopify.session.decodeSessionToken(src.searchParams.get("id_token")!);
    expect(payload.dest).toBe(`https://${SHOP}`);
    expect(await shopify.utils.validateHmac(Object.fromEntries(src.searchParams))).toBe(true);
  });

  it("opens the app home for the bare app path and redirects / there for the demo shop", async () => {
    const home = await fetch(`${sim.url}/store/backorders-demo/apps/backorders`);
    expect(iframeSrc(await home.text()).pathname).toBe("/app");

    const root = await fetch(`${sim.url}/`, { redirect: "manual" });
    expect(root.status).toBe(302);
    expect(root.headers.get("location")).toBe("/store/backorders-demo/apps/backorders");
  });

  it("answers 404 for the admin page of an unknown shop", async () => {
    const response = await fetch(`${sim.url}/store/nobody/apps/backorders`);
    expect(response.status).toBe(404);
  });

  it("serves an App Bridge stand-in that parses and provides what the app uses", async () => {
    const response = await fetch(`${sim.url}/app-bridge.js`);
    const script = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/javascript/);
    expect(() => new Script(script)).not.toThrow();
    for (const feature of ["idToken", "toast", "shopify-reload", "ui-nav-menu", "Authorization", "X-Shopify-Retry-Invalid-Session-Request"]) {
      expect(script).toContain(feature);
    }
  });

  it("issues session tokens for a shop at /_sim/id-token", async () => {
    const response = await fetch(`${sim.url}/_sim/id-token?shop=${SHOP}&userId=9`);
    const { idToken } = (await response.json()) as { idToken: string };

    const payload = await shopify.session.decodeSessionToken(idToken);
    expect(payload).toMatchObject({ dest: `https://${SHOP}`, sub: "9", aud: API_KEY });
    expect((await fetch(`${sim.url}/_sim/id-token?shop=nobody.myshopify.com`)).status).toBe(404);
  });

  it("lists shops and webhook deliveries on the simulator page", async () => {
    const html = await (await fetch(`${sim.url}/simulator`)).text();

    expect(html).toContain(SHOP);
    expect(html).toContain("/store/backorders-demo/apps/backorders");
    expect(html).toContain(`/_sim/${SHOP}/state`);
  });
});

describe("simulator control commands", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, appUrl: APP_URL, apiKey: API_KEY, apiSecret: API_SECRET, appConfigPath: APP_CONFIG });
  });
  afterAll(() => sim.close());

  async function call(method: string, path: string, body?: unknown) {
    const response = await fetch(`${sim.url}${path}`, {
      method,
      headers: body === undefined ? {} : { "Content-Type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: text ? (JSON.parse(text) as any) : null };
  }

  type State = {
    products: { id: number; admin_graphql_api_id: string }[];
    variants: { id: string; productId: string; inventoryPolicy: string; tracked: boolean; availableTotal: number }[];
    locations: { id: string }[];
    orders: unknown[];
  };

  async function state(shop = SHOP): Promise<State> {
    return (await call("GET", `/_sim/${shop}/state`)).body;
  }

  it("creates and lists shops, refusing duplicates and invalid domains", async () => {
    expect((await call("POST", "/_sim/shops", { domain: "second-shop", seed: "empty" })).status).toBe(201);
    expect((await call("POST", "/_sim/shops", { domain: "second-shop.myshopify.com" })).status).toBe(409);
    expect((await call("POST", "/_sim/shops", { domain: "not a shop!" })).status).toBe(400);
    expect((await call("POST", "/_sim/shops", {})).status).toBe(400);

    const { body } = await call("GET", "/_sim/shops");
    expect(body.shops.map((shop: { domain: string }) => shop.domain)).toEqual([SHOP, "second-shop.myshopify.com"]);
  });

  it("sets and adjusts stock by numeric id or URL-encoded GID, and rejects ambiguous input", async () => {
    const variant = (await state()).variants.find((candidate) => candidate.tracked)!;
    const numericId = variant.id.split("/").pop();

    expect((await call("POST", `/_sim/${SHOP}/inventory`, { variantId: numericId, available: 5 })).status).toBe(200);
    expect((await call("POST", `/_sim/${SHOP}/inventory`, { variantId: variant.id, delta: -2 })).status).toBe(200);
    expect((await state()).variants.find((candidate) => candidate.id === variant.id)!.availableTotal).toBe(3);

    expect((await call("POST", `/_sim/${SHOP}/inventory`, { variantId: variant.id, available: 1, delta: 1 })).status).toBe(400);
    expect((await call("POST", `/_sim/${SHOP}/inventory`, { available: 1 })).status).toBe(400);
    expect((await call("POST", `/_sim/nobody/inventory`, { variantId: variant.id, available: 1 })).status).toBe(404);
  });

  it("checks out: 201 with an order, 422 with a code when a DENY variant is out of stock", async () => {
    const variant = (await state()).variants.find((candidate) => candidate.tracked && candidate.inventoryPolicy === "DENY")!;
    await call("POST", `/_sim/${SHOP}/inventory`, { variantId: variant.id, available: 1 });

    const ok = await call("POST", `/_sim/${SHOP}/checkout`, { lines: [{ variantId: variant.id, quantity: 1 }], email: "a@example.com" });
    const denied = await call("POST", `/_sim/${SHOP}/checkout`, { lines: [{ variantId: variant.id, quantity: 1 }] });

    expect(ok.status).toBe(201);
    expect(denied.status).toBe(422);
    expect(denied.body.error.code).toBe("DENY_OUT_OF_STOCK");
    expect((await call("POST", `/_sim/${SHOP}/checkout`, { lines: [] })).status).toBe(400);
    expect((await call("POST", `/_sim/${SHOP}/checkout`, "not an object")).status).toBe(400);
  });

  it("creates, updates and deletes products and updates variants", async () => {
    const created = await call("POST", `/_sim/${SHOP}/products`, { title: "Sim Tee", variants: [{ sku: "SIM-1" }] });
    expect(created.status).toBe(201);
    const productGid: string = created.body.admin_graphql_api_id;
    const variant = (await state()).variants.find((candidate) => candidate.productId === productGid)!;
    expect(variant).toBeDefined();

    expect((await call("PATCH", `/_sim/${SHOP}/products/${encodeURIComponent(productGid)}`, { title: "Renamed" })).body.title).toBe("Renamed");
    expect((await call("PATCH", `/_sim/${SHOP}/variants/${variant.id.split("/").pop()}`, { inventoryPolicy: "CONTINUE" })).status).toBe(200);
    expect((await state()).variants.find((candidate) => candidate.id === variant.id)!.inventoryPolicy).toBe("CONTINUE");
    expect((await call("DELETE", `/_sim/${SHOP}/products/${created.body.id}`)).status).toBe(200);
    expect((await state()).variants.some((candidate) => candidate.productId === productGid)).toBe(false);
    expect((await call("PATCH", `/_sim/${SHOP}/products/not-an-id`, { title: "x" })).status).toBe(400);
    expect((await call("POST", `/_sim/${SHOP}/products`, { variants: [] })).status).toBe(400);
  });

  it("answers unknown commands with 404 JSON", async () => {
    const response = await call("GET", `/_sim/${SHOP}/nonsense`);
    expect(response.status).toBe(404);
    expect(response.body.error.message).toMatch(/Unknown simulator command/);
  });
});
