// The storefront notify-me endpoint (POST /apps/backorders/notify → /proxy/notify), called directly with requests
// signed the way Shopify's app proxy signs them (the simulator's signer, the test app secret). The real
// `authenticate.public.appProxy` runs against offline sessions stored with Prisma on a throw-away SQLite DB.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { action, loader } from "../../app/routes/proxy.notify";
import { NOTIFY_CONSENT_TEXT_VERSION, NOTIFY_HONEYPOT_FIELD } from "../../app/schemas/notify-request";
import { signAppProxyQuery } from "../../simulator/app-proxy";

const SECRET = process.env.SHOPIFY_API_SECRET!;
const SHOP = "proxy-notify.myshopify.com"; // requires consent (default), pending expiry 10 days
const LENIENT_SHOP = "proxy-lenient.myshopify.com"; // no consent checkbox, alerts on backorders
const UNINSTALLED_SHOP = "proxy-gone.myshopify.com"; // has a mirror but no offline session

const variantGid = (n: number) => `gid://shopify/ProductVariant/${n}`;
const SOLD_OUT = 9001;
const IN_STOCK = 9002;
const BACKORDER = 9003;
const CAP_REACHED = 9004;
const DISCONTINUED = 9005;
const LOW_STOCK = 9006;
const OTHER_SHOPS_VARIANT = 9100;

type Fields = Record<string, string | number | boolean | undefined>;

function proxyUrl(shop: string, options: { timestamp?: number; tamper?: boolean; unsigned?: boolean } = {}): string {
  const query = new URLSearchParams({
    shop,
    logged_in_customer_id: "",
    path_prefix: "/apps/backorders",
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
  });
  if (!options.unsigned) query.set("signature", signAppProxyQuery(query, SECRET));
  if (options.tamper) query.set("shop", "evil.myshopify.com");
  return `https://localhost:3000/proxy/notify?${query}`;
}

const validFields = (overrides: Fields = {}): Fields => ({
  variantId: variantGid(SOLD_OUT),
  email: "  Shopper@Example.COM ",
  locale: "en",
  consent: "on",
  rendered_at: Date.now() - 5_000,
  [NOTIFY_HONEYPOT_FIELD]: "",
  ...overrides,
});

let ipCounter = 0;
/** A fresh shopper IP per request (the per-IP rate limit is test/integration/signup.test.ts's business), unless pinned. */
const nextIp = () => `198.51.100.${(ipCounter++ % 250) + 1}`;

function notifyRequest(
  fields: Fields,
  options: { shop?: string; encoding?: "form" | "json" | "multipart"; method?: string; timestamp?: number; tamper?: boolean; unsigned?: boolean; ip?: string } = {},
): Request {
  const headers = new Headers({ "X-Forwarded-For": options.ip ?? nextIp(), "User-Agent": "Mozilla/5.0 (test shopper)" });
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  let body: BodyInit;
  if (options.encoding === "json") {
    headers.set("Content-Type", "application/json");
    body = JSON.stringify(Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)));
  } else if (options.encoding === "multipart") {
    const form = new FormData();
    for (const [k, v] of Object.entries(defined)) form.append(k, v);
    body = form;
  } else {
    headers.set("Content-Type", "application/x-www-form-urlencoded");
    body = new URLSearchParams(defined).toString();
  }
  return new Request(proxyUrl(options.shop ?? SHOP, options), { method: options.method ?? "POST", headers, body });
}

const args = (request: Request) => ({ request, params: {}, context: {} }) as any;

/** Status and JSON body; the library throws its signature failures as Responses. */
async function call(request: Request): Promise<{ status: number; body: any }> {
  let response: Response;
  try {
    response = await action(args(request));
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

const subscriptions = (shop = SHOP) => prisma.restockSubscription.findMany({ where: { shop } });

async function seedShop(shop: string, settings: { requireConsent?: boolean; alertsOnBackorder?: boolean; pendingExpiryDays?: number }, installed = true) {
  await prisma.shop.create({ data: { shop } });
  await prisma.shopSettings.create({ data: { shop, ...settings } });
  if (installed) await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "state", isOnline: false, accessToken: "shpat_test", scope: "read_products" } });
  await prisma.product.create({ data: { shop, id: "gid://shopify/Product/500", title: "Boot", handle: "boot" } });
  const states: Array<[number, string]> = [
    [SOLD_OUT, "sold_out"],
    [IN_STOCK, "in_stock"],
    [BACKORDER, "backorder"],
    [CAP_REACHED, "backorder_cap_reached"],
    [DISCONTINUED, "discontinued"],
    [LOW_STOCK, "low_stock"],
  ];
  await prisma.variant.createMany({
    data: states.map(([n, backorderState]) => ({ shop, id: variantGid(n), productId: "gid://shopify/Product/500", title: `V${n}`, backorderState })),
  });
}

beforeAll(async () => {
  await seedShop(SHOP, { pendingExpiryDays: 10 });
  await seedShop(LENIENT_SHOP, { requireConsent: false, alertsOnBackorder: true });
  await seedShop(UNINSTALLED_SHOP, {}, false);
  await prisma.product.create({ data: { shop: LENIENT_SHOP, id: "gid://shopify/Product/501", title: "Other", handle: "other" } });
  await prisma.variant.create({ data: { shop: LENIENT_SHOP, id: variantGid(OTHER_SHOPS_VARIANT), productId: "gid://shopify/Product/501", title: "other", backorderState: "sold_out" } });
});

describe("POST /proxy/notify: signup", () => {
  it("GIVEN a valid signup on a sold-out variant THEN 200 pending, with consent evidence and a normalised email", async () => {
    const before = Date.now();
    const { status, body } = await call(notifyRequest(validFields(), { ip: "203.0.113.7" }));
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, status: "pending" });

    const [row] = await subscriptions();
    expect(row).toMatchObject({
      shop: SHOP,
      variantId: variantGid(SOLD_OUT),
      productId: "gid://shopify/Product/500",
      email: "Shopper@example.com", // local part as typed, domain lowercased
      emailNormalized: "shopper@example.com",
      locale: "en",
      status: "pending",
      consentTextVersion: NOTIFY_CONSENT_TEXT_VERSION,
      consentIp: "203.0.113.7",
      consentUserAgent: "Mozilla/5.0 (test shopper)",
      confirmedAt: null,
    });
    expect(row.consentAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.unsubscribeToken).toMatch(/^[A-Za-z0-9_-]{43}$/); // 32 random bytes, base64url
    expect(row.expiresAt!.getTime() - row.consentAt!.getTime()).toBe(10 * 24 * 60 * 60 * 1000);
  });

  it("GIVEN the same email and variant again (other case, JSON body) THEN the same 200 answer and still one subscription", async () => {
    const { status, body } = await call(notifyRequest(validFields({ email: "shopper@example.com", consent: true }), { encoding: "json" }));
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, status: "pending" });
    expect(await prisma.restockSubscription.count({ where: { shop: SHOP, variantId: variantGid(SOLD_OUT) } })).toBe(1);
  });

  it("GIVEN an unsubscribed subscription WHEN the shopper signs up again THEN the same row is pending again with new evidence", async () => {
    await prisma.restockSubscription.updateMany({ where: { shop: SHOP, variantId: variantGid(SOLD_OUT) }, data: { status: "unsubscribed", consentIp: null } });
    const { status } = await call(notifyRequest(validFields({ locale: "de" }), { ip: "203.0.113.7" }));
    expect(status).toBe(200);
    const rows = await prisma.restockSubscription.findMany({ where: { shop: SHOP, variantId: variantGid(SOLD_OUT) } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending", locale: "de", consentIp: "203.0.113.7" });
  });

  it("accepts a numeric variant id, a multipart body and a regional locale", async () => {
    const { status } = await call(notifyRequest(validFields({ variantId: String(CAP_REACHED), locale: "fr-CA", email: "multi@example.com" }), { encoding: "multipart" }));
    expect(status).toBe(200);
    expect(await prisma.restockSubscription.findFirst({ where: { shop: SHOP, emailNormalized: "multi@example.com" } })).toMatchObject({
      variantId: variantGid(CAP_REACHED),
      locale: "fr",
    });
  });

  it("accepts discontinued variants, and a well-formed locale we do not speak falls back to English", async () => {
    const { status } = await call(notifyRequest(validFields({ variantId: variantGid(DISCONTINUED), locale: "it", email: "disc@example.com" })));
    expect(status).toBe(200);
    expect(await prisma.restockSubscription.findFirst({ where: { shop: SHOP, emailNormalized: "disc@example.com" } })).toMatchObject({ locale: "en" });
  });
});

describe("POST /proxy/notify: Shopify's proxy signature", () => {
  const cases: Array<[string, Parameters<typeof notifyRequest>[1]]> = [
    ["a tampered query (shop changed after signing)", { tamper: true }],
    ["no signature", { unsigned: true }],
    ["a stale timestamp (10 minutes old)", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
  ];
  for (const [name, options] of cases) {
    it(`GIVEN ${name} THEN the library's 400 as a JSON error and nothing is stored`, async () => {
      const before = await prisma.restockSubscription.count();
      const { status, body } = await call(notifyRequest(validFields({ email: "attacker@example.com" }), options));
      expect(status).toBe(400);
      expect(body).toEqual({ ok: false, error: { code: "INVALID_SIGNATURE", message: expect.any(String) } });
      expect(await prisma.restockSubscription.count()).toBe(before);
      expect(await prisma.restockSubscription.count({ where: { emailNormalized: "attacker@example.com" } })).toBe(0);
    });
  }

  it("GIVEN a correctly signed request for a shop without an offline session THEN 404 NOT_INSTALLED and nothing is stored", async () => {
    const { status, body } = await call(notifyRequest(validFields(), { shop: UNINSTALLED_SHOP }));
    expect(status).toBe(404);
    expect(body).toEqual({ ok: false, error: { code: "NOT_INSTALLED", message: expect.any(String) } });
    expect(await subscriptions(UNINSTALLED_SHOP)).toHaveLength(0);
  });
});

describe("POST /proxy/notify: Shopify-owned query parameters", () => {
  /** A correctly signed query (as the proxy would sign it) with `edit` applied afterwards or before signing. */
  function requestWithQuery(build: (query: URLSearchParams) => void, signAfter = true): Request {
    const query = new URLSearchParams({ shop: SHOP, logged_in_customer_id: "", path_prefix: "/apps/backorders", timestamp: String(Math.floor(Date.now() / 1000)) });
    if (!signAfter) build(query);
    query.set("signature", signAppProxyQuery(query, SECRET));
    if (signAfter) build(query);
    const headers = { "Content-Type": "application/x-www-form-urlencoded", "X-Forwarded-For": nextIp() };
    return new Request(`https://localhost:3000/proxy/notify?${query}`, { method: "POST", headers, body: new URLSearchParams(validFields({ email: "dup@example.com" }) as Record<string, string>).toString() });
  }

  for (const key of ["shop", "logged_in_customer_id", "timestamp", "signature", "path_prefix"]) {
    it(`GIVEN ${key} twice (even signed that way) THEN 400 and nothing is stored`, async () => {
      const { status, body } = await call(requestWithQuery((q) => q.append(key, key === "shop" ? "other-shop.myshopify.com" : "1"), key === "signature"));
      expect(status).toBe(400);
      expect(body).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST", message: expect.stringContaining(key) } });
      expect(await prisma.restockSubscription.count({ where: { emailNormalized: "dup@example.com" } })).toBe(0);
    });
  }

  for (const shop of ["evil.example.com", "shop.myshopify.com.evil.io", "", "UPPER.MYSHOPIFY.COM"]) {
    it(`GIVEN a signed query for the shop "${shop}", which is not a myshopify.com domain THEN 400 (not 500)`, async () => {
      const { status, body } = await call(requestWithQuery((q) => q.set("shop", shop), false));
      expect(status).toBe(400);
      expect(body).toMatchObject({ ok: false, error: { code: "INVALID_REQUEST" } });
    });
  }
});

describe("POST /proxy/notify: validation errors", () => {
  const bad: Array<[string, Fields, number, string, string | undefined]> = [
    ["a missing email", { email: undefined }, 422, "INVALID_EMAIL", "email"],
    ["a blank email", { email: "   " }, 422, "INVALID_EMAIL", "email"],
    ["an email without @", { email: "shopper.example.com" }, 422, "INVALID_EMAIL", "email"],
    ["an email without a domain dot", { email: "shopper@localhost" }, 422, "INVALID_EMAIL", "email"],
    ["an email with a space", { email: "sho pper@example.com" }, 422, "INVALID_EMAIL", "email"],
    ["an email with two dots", { email: "shopper..x@example.com" }, 422, "INVALID_EMAIL", "email"],
    ["an email longer than 254 chars", { email: `${"a".repeat(60)}@${"b".repeat(200)}.com` }, 422, "INVALID_EMAIL", "email"],
    ["a local part longer than 64 chars", { email: `${"a".repeat(65)}@example.com` }, 422, "INVALID_EMAIL", "email"],
    ["a missing variant", { variantId: undefined }, 422, "INVALID_VARIANT", "variantId"],
    ["a product GID as variant", { variantId: "gid://shopify/Product/500" }, 422, "INVALID_VARIANT", "variantId"],
    ["a non-numeric variant id", { variantId: "12abc" }, 422, "INVALID_VARIANT", "variantId"],
    ["a malformed locale", { locale: "<script>" }, 422, "INVALID_LOCALE", "locale"],
    ["a missing render time", { rendered_at: undefined }, 422, "INVALID_REQUEST", "rendered_at"],
    ["a garbage render time", { rendered_at: "yesterday" }, 422, "INVALID_REQUEST", "rendered_at"],
    ["no consent where the shop requires it", { consent: undefined }, 422, "CONSENT_REQUIRED", "consent"],
    ["consent 'false'", { consent: "false" }, 422, "CONSENT_REQUIRED", "consent"],
    ["an unknown variant", { variantId: variantGid(123456) }, 404, "VARIANT_NOT_FOUND", "variantId"],
    ["another shop's variant", { variantId: variantGid(OTHER_SHOPS_VARIANT) }, 404, "VARIANT_NOT_FOUND", "variantId"],
    ["an in-stock variant", { variantId: variantGid(IN_STOCK) }, 422, "VARIANT_AVAILABLE", "variantId"],
    ["a low-stock variant", { variantId: variantGid(LOW_STOCK) }, 422, "VARIANT_AVAILABLE", "variantId"],
    ["a backorderable variant when alerts on backorders are off", { variantId: variantGid(BACKORDER) }, 422, "VARIANT_AVAILABLE", "variantId"],
  ];
  for (const [name, overrides, expectedStatus, code, field] of bad) {
    it(`GIVEN ${name} THEN ${expectedStatus} ${code} on ${field} and nothing is stored`, async () => {
      const email = `bad-${code.toLowerCase()}@example.com`;
      const fields = validFields({ email, ...overrides });
      const before = await prisma.restockSubscription.count();
      const { status, body } = await call(notifyRequest(fields));
      expect(status).toBe(expectedStatus);
      expect(body.ok).toBe(false);
      expect(body.error).toMatchObject({ code, field });
      expect(body.error.message.length).toBeGreaterThan(10);
      expect(await prisma.restockSubscription.count()).toBe(before);
    });
  }

  it("GIVEN an unreadable JSON body THEN 400 INVALID_REQUEST", async () => {
    const request = new Request(proxyUrl(SHOP), { method: "POST", headers: { "Content-Type": "application/json" }, body: "{not json" });
    const { status, body } = await call(request);
    expect(status).toBe(400);
    expect(body.error.code).toBe("INVALID_REQUEST");
  });

  it("GIVEN a shop that does not require consent and allows alerts on backorders THEN a backordered variant without consent is accepted", async () => {
    const { status, body } = await call(notifyRequest(validFields({ variantId: variantGid(BACKORDER), consent: undefined }), { shop: LENIENT_SHOP }));
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, status: "pending" });
    expect(await subscriptions(LENIENT_SHOP)).toHaveLength(1);
  });
});

describe("POST /proxy/notify: bots", () => {
  it("GIVEN the honeypot is filled THEN the same success response and nothing is stored", async () => {
    const before = await prisma.restockSubscription.count();
    const { status, body } = await call(notifyRequest(validFields({ email: "bot@example.com", [NOTIFY_HONEYPOT_FIELD]: "Buy now" })));
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, status: "pending" });
    expect(await prisma.restockSubscription.count()).toBe(before);
  });

  it("GIVEN a submission 500 ms after render THEN the same success response and nothing is stored", async () => {
    const before = await prisma.restockSubscription.count();
    const { status, body } = await call(notifyRequest(validFields({ email: "fast@example.com", rendered_at: Date.now() - 500 })));
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, status: "pending" });
    expect(await prisma.restockSubscription.count()).toBe(before);
  });

  it("GIVEN a bot that also sends an invalid email THEN it still gets the success response (probes learn nothing)", async () => {
    const { status, body } = await call(notifyRequest(validFields({ email: "nope", [NOTIFY_HONEYPOT_FIELD]: "x" })));
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, status: "pending" });
  });
});

describe("/proxy/notify: methods", () => {
  it("GIVEN a GET THEN 405 JSON with Allow: POST", async () => {
    const response = await loader();
    expect(response.status).toBe(405);
    expect(response.headers.get("Allow")).toBe("POST");
    expect(await response.json()).toEqual({ ok: false, error: { code: "METHOD_NOT_ALLOWED", message: expect.any(String) } });
  });

  it("GIVEN a PUT THEN 405 and nothing is stored", async () => {
    const before = await prisma.restockSubscription.count();
    const { status, body } = await call(notifyRequest(validFields({ email: "put@example.com" }), { method: "PUT" }));
    expect(status).toBe(405);
    expect(body.error.code).toBe("METHOD_NOT_ALLOWED");
    expect(await prisma.restockSubscription.count()).toBe(before);
  });
});
