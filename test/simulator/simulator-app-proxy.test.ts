import { createHmac } from "node:crypto";
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildAppProxyUrl, signAppProxyQuery } from "../../simulator/app-proxy";
import { APP_CONFIG, appShopifyApi } from "../support/simulator-app";
import { startSimulator, type RunningSimulator } from "../../simulator/server";

const API_KEY = "sim-proxy-key";
const API_SECRET = "sim-proxy-secret";
const SHOP = "proxy-test.myshopify.com";

/** The algorithm as Shopify documents it, written independently of the simulator's implementation. */
function documentedSignature(query: URLSearchParams, secret: string): string {
  const params: Record<string, string[]> = {};
  for (const [key, value] of query) if (key !== "signature") (params[key] ??= []).push(value);
  const message = Object.entries(params)
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

describe("app proxy signing", () => {
  it("matches the example in Shopify's app proxy documentation", () => {
    const query = new URLSearchParams(
      "extra=1&extra=2&shop=shop-name.myshopify.com&logged_in_customer_id=1&path_prefix=%2Fapps%2Fawesome_reviews&timestamp=1317327555",
    );

    expect(signAppProxyQuery(query, "hush")).toBe("4c68c8624d737112c91818c11017d24d334b524cb5c2b8ba08daa056f7395ddb");
  });

  it("builds the forwarded URL with Shopify's params and drops shopper-supplied copies of them", () => {
    const url = buildAppProxyUrl("/apps/backorders/notify/me?variant=9&signature=forged&shop=evil.myshopify.com", {
      proxy: { url: "http://app.test/proxy", prefix: "apps", subpath: "backorders", pathPrefix: "/apps/backorders" },
      shop: SHOP,
      customerId: "",
      secret: API_SECRET,
      now: () => new Date("2026-01-01T00:00:00Z"),
    });

    expect(url?.pathname).toBe("/proxy/notify/me");
    expect(Object.fromEntries(url!.searchParams)).toEqual({
      variant: "9",
      shop: SHOP,
      logged_in_customer_id: "",
      path_prefix: "/apps/backorders",
      timestamp: String(Date.parse("2026-01-01T00:00:00Z") / 1000),
      signature: documentedSignature(url!.searchParams, API_SECRET),
    });
    const outside = buildAppProxyUrl("/apps/other/x", {
      proxy: { url: "http://app.test/proxy", prefix: "apps", subpath: "backorders", pathPrefix: "/apps/backorders" },
      shop: SHOP,
      customerId: "",
      secret: API_SECRET,
    });
    expect(outside).toBeNull();
  });
});

describe("app proxy forwarding", () => {
  let app: Server;
  let sim: RunningSimulator;
  const seen: { method: string; url: URL; headers: IncomingHttpHeaders; body: string }[] = [];

  beforeAll(async () => {
    // A stand-in for the app's /proxy routes.
    app = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      seen.push({ method: req.method ?? "", url: new URL(req.url ?? "/", "http://app"), headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(201, { "Content-Type": "application/json", "X-App": "backorders", "Set-Cookie": "a=b" });
      res.end(JSON.stringify({ ok: true }));
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    const { port } = app.address() as AddressInfo;
    sim = await startSimulator({
      port: 0,
      appUrl: `http://127.0.0.1:${port}`,
      apiKey: API_KEY,
      apiSecret: API_SECRET,
      appConfigPath: APP_CONFIG,
      seed: "empty",
      shops: [SHOP],
    });
  });
  afterAll(async () => {
    await sim.close();
    await new Promise((resolve) => app.close(resolve));
  });

  it("forwards a storefront request to [app_proxy].url with a signature the app can verify", async () => {
    // WHEN a logged-in shopper posts to the proxy path on the storefront
    const response = await fetch(`${sim.url}/apps/backorders/notify?variant=9&tag=a&tag=b`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Cookie: "_sim_customer_id=555; session=secret" },
      body: JSON.stringify({ email: "shopper@example.com" }),
    });

    // THEN the app's answer comes back (without cookies, as Shopify strips them)
    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("x-app")).toBe("backorders");
    expect(response.headers.get("set-cookie")).toBeNull();

    // AND the app received the path, body and Shopify's signed params
    const request = seen.at(-1)!;
    expect(request.method).toBe("POST");
    expect(request.url.pathname).toBe("/proxy/notify");
    expect(request.body).toBe(JSON.stringify({ email: "shopper@example.com" }));
    expect(request.headers.cookie).toBeUndefined();
    expect(request.url.searchParams.getAll("tag")).toEqual(["a", "b"]);
    expect(request.url.searchParams.get("shop")).toBe(SHOP);
    expect(request.url.searchParams.get("logged_in_customer_id")).toBe("555");
    expect(request.url.searchParams.get("path_prefix")).toBe("/apps/backorders");
    expect(request.url.searchParams.get("signature")).toBe(documentedSignature(request.url.searchParams, API_SECRET));

    // AND shopify-api's app proxy check (what authenticate.public.appProxy runs) accepts it
    const shopify = appShopifyApi({ apiKey: API_KEY, apiSecretKey: API_SECRET });
    expect(await shopify.utils.validateHmac(request.url.searchParams, { signator: "appProxy" })).toBe(true);
  });

  it("appends the address the shopper connected from as the last X-Forwarded-For hop, after any the shopper sent", async () => {
    await fetch(`${sim.url}/apps/backorders`);
    expect(seen.at(-1)!.headers["x-forwarded-for"]).toMatch(/^(127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);

    await fetch(`${sim.url}/apps/backorders`, { headers: { "X-Forwarded-For": "6.6.6.6" } });
    expect(seen.at(-1)!.headers["x-forwarded-for"]).toMatch(/^6\.6\.6\.6, (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)$/);
  });

  it("sends an empty logged_in_customer_id for anonymous shoppers", async () => {
    await fetch(`${sim.url}/apps/backorders`);

    const request = seen.at(-1)!;
    expect(request.url.pathname).toBe("/proxy");
    expect(request.url.searchParams.has("logged_in_customer_id")).toBe(true);
    expect(request.url.searchParams.get("logged_in_customer_id")).toBe("");
  });
});
