// A hostile pass against the running demo stack (issue #14): the built app behind the production web server
// (scripts/serve.ts), the app installed on the simulator's demo shop, and a few hundred forged or malformed requests
// on every public and admin route — forged webhook HMACs and shop headers, unsigned / stale / duplicated app proxy
// signatures, garbage sign-up bodies, forged shopper tokens, admin requests without a valid session token, odd
// methods, oversized bodies and path traversal. Every request must get an answer (no connection reset, no timeout),
// none may be a 5xx, each kind gets the 4xx its route documents, and nothing forged may be recorded.
//
// Requests go over node:http (not fetch) so paths are sent exactly as written (`/assets/../..`, `%2e%2e`, broken
// percent-encoding) and headers fetch would refuse (Host) can be sent. All failures are collected so one assertion
// lists every offending request.
// @sqlite-only: passes on PostgreSQL (≈ 20 s, checked 2026-12-07) but is left out for `npm test` time: it proves the HTTP layer refuses forged requests; the database only confirms nothing was recorded
import { createHmac, randomBytes, randomUUID } from "node:crypto";
import { Agent, request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { BODY_LIMITS } from "../../app/http/body-limits";
import { DEMO_API_SECRET, DEMO_SHOP } from "../../scripts/demo-env";
import { signAppProxyQuery } from "../../simulator/app-proxy";
import { startInstalledDemoStack, type DemoStack } from "../support/demo-stack";

let stack: DemoStack;
let log = "";
let port = 0;
const agent = new Agent({ keepAlive: true, maxSockets: 16 });

const REQUEST_TIMEOUT_MS = 15_000;
const CONCURRENCY = 12;
const OTHER_SHOP = "hostile-other-shop.myshopify.com"; // a well-formed shop that never installed the app
const EVIL_ORIGIN = "https://evil.example";
const WRONG_SECRET = "not-the-app-secret";

type Counts = Record<string, number>;
let before: Counts;

async function counts(): Promise<Counts> {
  return {
    webhookReceipts: await prisma.webhookReceipt.count(),
    restockSubscriptions: await prisma.restockSubscription.count(),
    cancellationRequests: await prisma.cancellationRequest.count(),
    sessions: await prisma.session.count(),
    csvImports: await prisma.csvImport.count(),
    automationRules: await prisma.automationRule.count(),
    complianceExports: await prisma.complianceExport.count(),
  };
}

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  stack.app.stdout?.on("data", (chunk) => (log += chunk));
  stack.app.stderr?.on("data", (chunk) => (log += chunk));
  port = Number(new URL(stack.appUrl).port);
  before = await counts();
}, 120_000);

afterAll(async () => {
  // HOSTILE_PASS_LOG=<file>: the app's log (access lines and stack traces), to see why a request was a 5xx.
  if (process.env.HOSTILE_PASS_LOG) (await import("node:fs")).writeFileSync(process.env.HOSTILE_PASS_LOG, log);
  agent.destroy();
  await stack?.stop();
});

// ---------------------------------------------------------------------------------------------------------------
// The probe: one request, never throws; what came back (or that nothing did).

type Expectation = number[] | "4xx" | "not5xx";
type Probe = {
  name: string;
  method: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  expect: Expectation;
  /** The answer must not contain this (e.g. a file that must never be served). */
  mustNotContain?: string;
};
type Outcome = { probe: Probe; status: number; reset: boolean; error?: string; body: string };

let sent = 0;
const allOutcomes: Outcome[] = [];

function send(probe: Probe): Promise<Outcome> {
  sent += 1;
  return new Promise((resolve) => {
    let settled = false;
    const done = (outcome: Omit<Outcome, "probe">) => {
      if (settled) return;
      settled = true;
      resolve({ probe, ...outcome });
    };
    const headers: Record<string, string | number> = { Host: `127.0.0.1:${port}`, ...probe.headers };
    if (probe.body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === "content-length")) {
      headers["Content-Length"] = Buffer.byteLength(probe.body);
    }
    const req = httpRequest(
      { host: "127.0.0.1", port, method: probe.method, path: probe.path, headers, agent, setHost: false },
      (res) => {
        const status = res.statusCode ?? 0;
        const chunks: Buffer[] = [];
        let size = 0;
        res.on("data", (chunk: Buffer) => {
          if (size < 256 * 1024) chunks.push(chunk);
          size += chunk.length;
        });
        res.on("end", () => done({ status, reset: false, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", (error) => done({ status, reset: true, error: error.message, body: "" }));
      },
    );
    req.setTimeout(REQUEST_TIMEOUT_MS, () => {
      done({ status: 0, reset: true, error: `no answer within ${REQUEST_TIMEOUT_MS} ms`, body: "" });
      req.destroy();
    });
    req.on("error", (error) => done({ status: 0, reset: true, error: error.message, body: "" }));
    if (probe.body !== undefined) req.end(probe.body);
    else req.end();
  });
}

function matches(expectation: Expectation, status: number): boolean {
  if (status >= 500 || status === 0) return false;
  if (expectation === "not5xx") return true;
  if (expectation === "4xx") return status >= 400 && status < 500;
  return expectation.includes(status);
}

const describeExpectation = (e: Expectation) => (Array.isArray(e) ? e.join("/") : e);
const shortPath = (path: string) => (path.length > 140 ? `${path.slice(0, 140)}…(${path.length} chars)` : path);

/** Sends every probe (CONCURRENCY at a time) and returns one line per request that broke its expectation. */
async function run(probes: Probe[]): Promise<string[]> {
  const outcomes: Outcome[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(CONCURRENCY, probes.length) }, async () => {
      while (next < probes.length) {
        const probe = probes[next++];
        outcomes.push(await send(probe));
      }
    }),
  );
  allOutcomes.push(...outcomes);
  return outcomes
    .filter(
      ({ probe, status, body }) =>
        !matches(probe.expect, status) ||
        (probe.mustNotContain !== undefined && body.includes(probe.mustNotContain)),
    )
    .map(({ probe, status, reset, error, body }) => {
      const got = reset ? `reset/no answer (${error})${status ? ` after status ${status}` : ""}` : `status ${status}`;
      const leaked = probe.mustNotContain !== undefined && body.includes(probe.mustNotContain) ? " — served forbidden content" : "";
      return `${probe.method} ${shortPath(probe.path)} [${probe.name}]: ${got}, expected ${describeExpectation(probe.expect)}${leaked}`;
    });
}

// ---------------------------------------------------------------------------------------------------------------
// Forgery material.

const LONG_SHOP = `${"a".repeat(283)}.myshopify.com`; // 300 characters
const BAD_SHOPS: Array<[string, string]> = [
  ["evil.com", "evil.com"],
  ["double dot", "a..myshopify.com"],
  ["unicode (latin-1)", "bäckorders-demo.myshopify.com"],
  ["300 characters", LONG_SHOP],
  ["empty", ""],
  ["myshopify suffix trick", "backorders-demo.myshopify.com.evil.com"],
];
const WEBHOOK_ROUTES: Array<{ path: string; topic: string; body: Record<string, unknown> }> = [
  { path: "/webhooks/products", topic: "products/update", body: { id: 9_900_001, admin_graphql_api_id: "gid://shopify/Product/9900001", title: "Forged", variants: [] } },
  { path: "/webhooks/orders", topic: "orders/create", body: { id: 9_900_002, admin_graphql_api_id: "gid://shopify/Order/9900002", line_items: [] } },
  { path: "/webhooks/inventory_levels/update", topic: "inventory_levels/update", body: { inventory_item_id: 9_900_003, location_id: 1, available: 5 } },
  { path: "/webhooks/app/uninstalled", topic: "app/uninstalled", body: { id: 1, myshopify_domain: DEMO_SHOP, domain: DEMO_SHOP } },
  { path: "/webhooks/app/scopes_update", topic: "app/scopes_update", body: { id: 1, previous: [], current: [] } },
  { path: "/webhooks/bulk_operations/finish", topic: "bulk_operations/finish", body: { admin_graphql_api_id: "gid://shopify/BulkOperation/1", status: "completed" } },
  { path: "/webhooks/compliance", topic: "shop/redact", body: { shop_id: 1, shop_domain: DEMO_SHOP } },
];

const hmacOf = (raw: string, secret = DEMO_API_SECRET) => createHmac("sha256", secret).update(raw, "utf8").digest("base64");

function webhookHeaders(topic: string, raw: string, overrides: Record<string, string | null> = {}): Record<string, string> {
  const headers: Record<string, string | null> = {
    "Content-Type": "application/json",
    "X-Shopify-Topic": topic,
    "X-Shopify-Hmac-Sha256": hmacOf(raw),
    "X-Shopify-Shop-Domain": DEMO_SHOP,
    "X-Shopify-Webhook-Id": `hostile-${randomUUID()}`,
    "X-Shopify-Event-Id": randomUUID(),
    "X-Shopify-Triggered-At": new Date().toISOString(),
    "X-Shopify-API-Version": "2026-10",
    ...overrides,
  };
  return Object.fromEntries(Object.entries(headers).filter((entry): entry is [string, string] => entry[1] !== null));
}

/** A signed app proxy query as Shopify would send it (`extra` is signed too; `mutate` runs after signing). */
function proxyQuery(
  options: { shop?: string; timestamp?: number; secret?: string; extra?: Array<[string, string]>; mutate?: (query: URLSearchParams) => void } = {},
): string {
  const query = new URLSearchParams();
  query.set("shop", options.shop ?? DEMO_SHOP);
  query.set("logged_in_customer_id", "");
  query.set("path_prefix", "/apps/backorders");
  query.set("timestamp", String(options.timestamp ?? Math.floor(Date.now() / 1000)));
  for (const [key, value] of options.extra ?? []) query.append(key, value);
  query.set("signature", signAppProxyQuery(query, options.secret ?? DEMO_API_SECRET));
  options.mutate?.(query);
  return query.toString();
}

const randomToken = (bytes: number) => randomBytes(bytes).toString("base64url").slice(0, bytes);
const FORGED_TOKENS: Array<[string, string]> = [
  ["dot", "."],
  ["a.b.c", "a.b.c"],
  ["2 KB random", randomToken(2048)],
  ["percent-encoded junk", "%00%ff%fe%c3%28%e2%82"],
  ["broken percent-encoding", "%E0%A4%A"],
  ["lone percent", "%"],
  ["dot-dot-slash", "../"],
  ["encoded dot-dot", "%2e%2e"],
  ["encoded slashes", "..%2f..%2fpackage.json"],
  ["base64url-looking", `${randomToken(22)}.${randomToken(43)}`],
  ["unicode", encodeURIComponent("тoкен✓")],
];
const SHOPPER_TOKEN_ROUTES = ["/alerts/confirm", "/alerts/unsubscribe", "/orders/cancel-request"];

const ADMIN_PAGES = [
  "/app",
  "/app/orders",
  "/app/settings",
  "/app/rules",
  "/app/cancellations",
  "/app/variants",
  `/app/variants/${encodeURIComponent("gid://shopify/ProductVariant/1")}`,
  "/app/variants/..%2f..%2fetc",
  "/app/waitlist",
  `/app/waitlist/${encodeURIComponent("gid://shopify/ProductVariant/1")}`,
  "/app/waitlist/export",
  "/app/waitlist/data-requests/does-not-exist",
  "/app/csv",
  "/app/csv/export",
  "/app/forecast",
  "/app/forecast/1",
  "/app/forecast/export",
  "/app/forecast/settings",
  "/app/forecast/settings/export",
];
const dataPath = (page: string) => (page === "/app" ? "/app.data" : `${page}.data`);
/** Not logged in: the library's embedded-auth answers (login/bounce redirect, 401 for a fetch, 400 for a bad request). */
const ADMIN_REFUSED: number[] = [302, 400, 401, 403, 404, 405, 410];

function mintToken(options: Parameters<DemoStack["simulator"]["mintIdToken"]>[1] = {}, shop = DEMO_SHOP): string {
  return stack.simulator.mintIdToken(shop, options);
}

// ---------------------------------------------------------------------------------------------------------------

describe("hostile pass against the demo stack", () => {
  it("GIVEN forged, unsigned and malformed webhook deliveries on every webhook route THEN 400/401/405, never a 5xx", async () => {
    const probes: Probe[] = [];
    for (const route of WEBHOOK_ROUTES) {
      const raw = JSON.stringify(route.body);
      const post = (name: string, headers: Record<string, string>, body: string | Buffer, expectation: Expectation): Probe => ({
        name,
        method: "POST",
        path: route.path,
        headers,
        body,
        expect: expectation,
      });
      probes.push(
        post("no HMAC header", webhookHeaders(route.topic, raw, { "X-Shopify-Hmac-Sha256": null }), raw, [400]),
        post("empty HMAC", webhookHeaders(route.topic, raw, { "X-Shopify-Hmac-Sha256": "" }), raw, [400, 401]),
        post("garbage HMAC", webhookHeaders(route.topic, raw, { "X-Shopify-Hmac-Sha256": "not base64 at all!!" }), raw, [401]),
        post("random HMAC", webhookHeaders(route.topic, raw, { "X-Shopify-Hmac-Sha256": randomBytes(32).toString("base64") }), raw, [401]),
        post("HMAC with the wrong secret", webhookHeaders(route.topic, raw, { "X-Shopify-Hmac-Sha256": hmacOf(raw, WRONG_SECRET) }), raw, [401]),
        post("tampered body", webhookHeaders(route.topic, raw), raw.replace(/}$/, ',"injected":true}'), [401]),
        post("empty body, HMAC of empty", webhookHeaders(route.topic, "", { "X-Shopify-Hmac-Sha256": hmacOf("") }), "", [400]),
        post("signed malformed JSON", webhookHeaders(route.topic, "{not json"), "{not json", [400]),
        post("signed JSON array", webhookHeaders(route.topic, "[1,2]"), "[1,2]", [400]),
        post("signed JSON string", webhookHeaders(route.topic, '"x"'), '"x"', [400]),
        post("signed JSON null", webhookHeaders(route.topic, "null"), "null", [400]),
        post("signed, no topic header", webhookHeaders(route.topic, raw, { "X-Shopify-Topic": null }), "{not json", [400, 401]),
        post("text/plain, bad HMAC", webhookHeaders(route.topic, raw, { "Content-Type": "text/plain", "X-Shopify-Hmac-Sha256": hmacOf(raw, WRONG_SECRET) }), raw, [401]),
        post("multipart, bad HMAC", webhookHeaders(route.topic, raw, { "Content-Type": "multipart/form-data; boundary=x", "X-Shopify-Hmac-Sha256": hmacOf(raw, WRONG_SECRET) }), raw, [401]),
        post("8 KB junk header, bad HMAC", { ...webhookHeaders(route.topic, raw, { "X-Shopify-Hmac-Sha256": hmacOf(raw, WRONG_SECRET) }), "X-Junk": "j".repeat(8 * 1024) }, raw, [401]),
        post("binary body, bad HMAC", webhookHeaders(route.topic, raw, { "X-Shopify-Hmac-Sha256": "AAAA" }), randomBytes(512), [401]),
      );
      for (const [label, shop] of BAD_SHOPS) {
        // A genuine signature (the HMAC covers the body only) with the shop header swapped for a non-myshopify host.
        probes.push(post(`valid HMAC, shop header ${label}`, webhookHeaders(route.topic, raw, { "X-Shopify-Shop-Domain": shop }), raw, [400]));
      }
      for (const method of ["GET", "PUT", "DELETE", "PATCH", "OPTIONS"]) {
        probes.push({ name: `method ${method}`, method, path: route.path, headers: webhookHeaders(route.topic, raw), expect: "4xx" });
      }
    }
    // A captured genuine delivery replayed with another (well-formed) shop in the header: the HMAC does not cover
    // headers, so for topics whose body names the shop it must be refused; elsewhere it may be accepted, never a 5xx.
    for (const route of WEBHOOK_ROUTES) {
      const raw = JSON.stringify(route.body);
      const shopBound = ["app/uninstalled", "shop/redact"].includes(route.topic);
      probes.push({
        name: `valid delivery replayed for ${OTHER_SHOP}`,
        method: "POST",
        path: route.path,
        headers: webhookHeaders(route.topic, raw, { "X-Shopify-Shop-Domain": OTHER_SHOP }),
        body: raw,
        expect: shopBound ? [400] : "not5xx",
      });
    }
    probes.push(
      { name: "unknown webhook path", method: "POST", path: "/webhooks/nope", headers: webhookHeaders("products/update", "{}"), body: "{}", expect: [404, 405] },
      { name: "webhook root", method: "POST", path: "/webhooks", headers: webhookHeaders("products/update", "{}"), body: "{}", expect: [404, 405] },
    );
    expect(await run(probes)).toEqual([]);
  });

  it("GIVEN app proxy requests with missing, bad, stale or duplicated signatures THEN 400 (404 for an uninstalled shop), never a 5xx", async () => {
    const form = "variantId=gid%3A%2F%2Fshopify%2FProductVariant%2F1&email=hostile%40example.com&consent=true";
    const formHeaders = { "Content-Type": "application/x-www-form-urlencoded" };
    const notify = (name: string, query: string, expectation: Expectation, method = "POST"): Probe => ({
      name,
      method,
      path: `/proxy/notify${query ? `?${query}` : ""}`,
      headers: formHeaders,
      body: method === "GET" || method === "HEAD" ? undefined : form,
      expect: expectation,
    });
    const stale = Math.floor(Date.now() / 1000) - 3600;
    const future = Math.floor(Date.now() / 1000) + 3600;
    const probes: Probe[] = [
      notify("no query at all", "", [400]),
      notify("shop only, no signature", `shop=${DEMO_SHOP}`, [400]),
      notify("signature removed", proxyQuery({ mutate: (q) => q.delete("signature") }), [400]),
      notify("empty signature", proxyQuery({ mutate: (q) => q.set("signature", "") }), [400]),
      notify("random signature", proxyQuery({ mutate: (q) => q.set("signature", randomBytes(32).toString("hex")) }), [400]),
      notify("non-hex signature", proxyQuery({ mutate: (q) => q.set("signature", "zz".repeat(32)) }), [400]),
      notify("short signature", proxyQuery({ mutate: (q) => q.set("signature", "ab") }), [400]),
      notify("signed with the wrong secret", proxyQuery({ secret: WRONG_SECRET }), [400]),
      notify("stale timestamp (1 h old), validly signed", proxyQuery({ timestamp: stale }), [400]),
      notify("future timestamp (1 h ahead), validly signed", proxyQuery({ timestamp: future }), [400]),
      notify("timestamp not a number, validly signed", proxyQuery({ mutate: () => undefined, extra: [] }).replace(/timestamp=\d+/, "timestamp=abc"), [400]),
      notify("timestamp removed", proxyQuery({ mutate: (q) => q.delete("timestamp") }), [400]),
      notify("duplicated shop", proxyQuery({ mutate: (q) => q.append("shop", OTHER_SHOP) }), [400]),
      notify("duplicated signature", proxyQuery({ mutate: (q) => q.append("signature", randomBytes(32).toString("hex")) }), [400]),
      notify("duplicated timestamp", proxyQuery({ mutate: (q) => q.append("timestamp", "1") }), [400]),
      notify("duplicated path_prefix", proxyQuery({ mutate: (q) => q.append("path_prefix", "/apps/evil") }), [400]),
      notify("duplicated logged_in_customer_id", proxyQuery({ mutate: (q) => q.append("logged_in_customer_id", "1") }), [400]),
      notify("shop swapped after signing", proxyQuery({ mutate: (q) => q.set("shop", OTHER_SHOP) }), [400]),
      notify("customer id added after signing", proxyQuery({ mutate: (q) => q.set("logged_in_customer_id", "42") }), [400]),
      notify("extra param added after signing", proxyQuery({ mutate: (q) => q.set("x", "1") }), [400]),
      notify("validly signed for a shop that never installed", proxyQuery({ shop: OTHER_SHOP }), [404]),
      notify("validly signed, customer id junk", proxyQuery({ mutate: () => undefined }).replace("logged_in_customer_id=", "logged_in_customer_id=%00"), [400]),
      notify("GET", proxyQuery(), [405], "GET"),
      notify("HEAD", proxyQuery(), [405], "HEAD"),
      notify("PUT", proxyQuery(), [405], "PUT"),
      notify("DELETE", proxyQuery(), [405], "DELETE"),
      notify("PATCH", proxyQuery(), [405], "PATCH"),
      notify("OPTIONS", proxyQuery(), "4xx", "OPTIONS"),
      notify("8 KB junk header", proxyQuery({ mutate: (q) => q.set("signature", "00") }), [400]),
      { name: "query string of junk", method: "POST", path: "/proxy/notify?%%%&&&==&shop&signature", headers: formHeaders, body: form, expect: [400] },
      { name: "broken percent-encoding in query", method: "POST", path: `/proxy/notify?shop=%E0%A4%A&signature=%`, headers: formHeaders, body: form, expect: [400] },
      { name: "bare /proxy", method: "GET", path: "/proxy", expect: "4xx" },
      { name: "bare /proxy/", method: "POST", path: `/proxy/?${proxyQuery()}`, headers: formHeaders, body: form, expect: [404] },
      { name: "unknown proxy path, signed", method: "GET", path: `/proxy/anything?${proxyQuery()}`, expect: [404] },
      { name: "unknown proxy path, unsigned POST", method: "POST", path: "/proxy/anything/deeper", headers: formHeaders, body: form, expect: [404] },
      { name: "proxy traversal", method: "GET", path: "/proxy/..%2f..%2fpackage.json", expect: [404], mustNotContain: '"name": "backorders"' },
    ];
    for (const [label, shop] of BAD_SHOPS) {
      probes.push(notify(`shop ${label}, validly signed`, proxyQuery({ shop }), [400]));
    }
    probes[probes.findIndex((p) => p.name === "8 KB junk header")].headers = { ...formHeaders, "X-Junk": "j".repeat(8 * 1024) };
    expect(await run(probes)).toEqual([]);
  });

  it("GIVEN validly signed sign-ups with garbage bodies THEN 400/422 (never a 5xx) and no subscription is created", async () => {
    const path = () => `/proxy/notify?${proxyQuery()}`;
    const json = (name: string, body: string, expectation: Expectation = [400, 422]): Probe => ({
      name,
      method: "POST",
      path: path(),
      headers: { "Content-Type": "application/json" },
      body,
      expect: expectation,
    });
    const tenKb = "x".repeat(10 * 1024);
    let mailbox = 0;
    const email = () => `hostile-${++mailbox}-${randomUUID()}@example.com`;
    const deep = JSON.stringify(Array.from({ length: 200 }).reduce<unknown>((inner) => ({ a: inner }), "leaf"));
    const probes: Probe[] = [
      json("malformed JSON", "{\"variantId\":"),
      json("JSON array", "[1,2,3]", [400]),
      json("JSON string", '"hello"', [400]),
      json("JSON null", "null", [400]),
      json("JSON number", "42", [400]),
      json("empty JSON body", "", [400]),
      json("empty object", "{}", [422]),
      json("variantId a number", JSON.stringify({ variantId: 123, email: email(), consent: true }), [422]),
      json("variantId an object", JSON.stringify({ variantId: { $gt: "" }, email: email(), consent: true }), [422]),
      json("variantId 10 KB", JSON.stringify({ variantId: tenKb, email: email(), consent: true }), [422]),
      json("variantId foreign gid", JSON.stringify({ variantId: "gid://shopify/Order/1", email: email(), consent: true }), [422]),
      json("email an array", JSON.stringify({ variantId: "gid://shopify/ProductVariant/1", email: ["a@example.com"], consent: true }), [422]),
      json("email 10 KB", JSON.stringify({ variantId: "gid://shopify/ProductVariant/1", email: `${tenKb}@example.com`, consent: true }), [422]),
      json("email with CRLF injection", JSON.stringify({ variantId: "gid://shopify/ProductVariant/1", email: "a@example.com\r\nBcc: b@example.com", consent: true }), [422]),
      json("email nested object", JSON.stringify({ variantId: "gid://shopify/ProductVariant/1", email: { toString: "a@example.com" }, consent: true }), [422]),
      json("consent an object", JSON.stringify({ variantId: "gid://shopify/ProductVariant/1", email: email(), consent: { yes: true } }), [400, 422]),
      json("locale 10 KB", JSON.stringify({ variantId: "gid://shopify/ProductVariant/1", email: email(), consent: true, locale: tenKb }), [400, 422]),
      json("rendered_at garbage", JSON.stringify({ variantId: "gid://shopify/ProductVariant/1", email: email(), consent: true, rendered_at: { n: 1 } }), [400, 422]),
      json("200-deep nesting", deep, [422]),
      json("__proto__ pollution", '{"__proto__":{"polluted":true},"constructor":{"prototype":{"x":1}},"variantId":1}', [422]),
      json("unknown variant", JSON.stringify({ variantId: "gid://shopify/ProductVariant/999999999999", email: email(), consent: true }), "4xx"),
      json("NUL bytes", JSON.stringify({ variantId: "gid://shopify/ProductVariant/1\u0000", email: "a\u0000@example.com", consent: true }), [422]),
      json("lone surrogate", '{"variantId":"\\ud800","email":"\\udc00@example.com"}', [422]),
      { name: "urlencoded garbage", method: "POST", path: path(), headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "%%%&&&===&variantId=%E0%A4%A", expect: [400, 422] },
      { name: "urlencoded 10 KB fields", method: "POST", path: path(), headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `variantId=${tenKb.slice(0, 5000)}&email=${tenKb.slice(0, 5000)}`, expect: [422] },
      { name: "no content type, JSON body", method: "POST", path: path(), body: "{\"a\":1}", expect: [400, 422] },
      { name: "application/xml", method: "POST", path: path(), headers: { "Content-Type": "application/xml" }, body: "<a/>", expect: [400] },
      { name: "octet-stream", method: "POST", path: path(), headers: { "Content-Type": "application/octet-stream" }, body: randomBytes(256), expect: [400] },
      { name: "multipart without boundary", method: "POST", path: path(), headers: { "Content-Type": "multipart/form-data" }, body: "--x\r\n\r\n", expect: [400] },
      { name: "multipart with a broken body", method: "POST", path: path(), headers: { "Content-Type": "multipart/form-data; boundary=zzz" }, body: "--zzz\r\nContent-Disposition: form-data\r\n\r\nno end", expect: [400, 422] },
      { name: "multipart with a file field", method: "POST", path: path(), headers: { "Content-Type": "multipart/form-data; boundary=zzz" }, body: '--zzz\r\nContent-Disposition: form-data; name="email"; filename="a.txt"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--zzz--\r\n', expect: [422] },
      { name: "content type with charset junk", method: "POST", path: path(), headers: { "Content-Type": "application/json; charset=ebcdic-nope" }, body: "{}", expect: [400, 422] },
      { name: "declared length 16 KiB + 1", method: "POST", path: path(), headers: { "Content-Type": "application/json" }, body: "x".repeat(BODY_LIMITS.shopper.bytes + 1), expect: [413] },
    ];
    expect(await run(probes)).toEqual([]);
    expect(await prisma.restockSubscription.count()).toBe(before.restockSubscriptions);
  });

  it("GIVEN forged shopper tokens on the emailed-link pages THEN 400/404/405, never a 5xx, never another page", async () => {
    const probes: Probe[] = [];
    for (const route of SHOPPER_TOKEN_ROUTES) {
      for (const [label, token] of FORGED_TOKENS) {
        probes.push(
          { name: `GET token ${label}`, method: "GET", path: `${route}/${token}`, expect: [400, 404], mustNotContain: '"name": "backorders"' },
          { name: `POST token ${label}`, method: "POST", path: `${route}/${token}`, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "reason=forged", expect: [400, 404] },
        );
      }
      probes.push(
        { name: "JSON Accept, forged token", method: "GET", path: `${route}/forged.token`, headers: { Accept: "application/json" }, expect: [400, 404] },
        { name: "cross-origin POST, forged token", method: "POST", path: `${route}/forged.token`, headers: { Origin: EVIL_ORIGIN, "Content-Type": "application/x-www-form-urlencoded" }, body: "List-Unsubscribe=One-Click", expect: [400, 404] },
        { name: "POST JSON garbage body", method: "POST", path: `${route}/forged.token`, headers: { "Content-Type": "application/json" }, body: "{\"reason\":", expect: [400, 404] },
        { name: "POST multipart broken", method: "POST", path: `${route}/forged.token`, headers: { "Content-Type": "multipart/form-data; boundary=q" }, body: "--q\r\nbroken", expect: [400, 404] },
        { name: "POST reason 10 KB", method: "POST", path: `${route}/forged.token`, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `reason=${"r".repeat(10 * 1024)}`, expect: [400, 404] },
        { name: "8 KB junk header", method: "GET", path: `${route}/forged.token`, headers: { "X-Junk": "j".repeat(8 * 1024), "Accept-Language": "x".repeat(4000) }, expect: [400, 404] },
        { name: "body past 16 KiB", method: "POST", path: `${route}/forged.token`, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "r".repeat(BODY_LIMITS.shopper.bytes + 1), expect: [413] },
        { name: "no token", method: "GET", path: `${route}/`, expect: [404] },
      );
      for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) {
        probes.push({ name: `method ${method}`, method, path: `${route}/forged.token`, expect: "4xx" });
      }
    }
    probes.push(
      { name: "unknown /alerts path", method: "GET", path: "/alerts/whatever/else", expect: [404] },
      { name: "unknown /orders path", method: "POST", path: "/orders/whatever", body: "x=1", headers: { "Content-Type": "application/x-www-form-urlencoded" }, expect: [404] },
      { name: "/alerts bare", method: "GET", path: "/alerts", expect: "4xx" },
      { name: "/orders bare", method: "GET", path: "/orders", expect: "4xx" },
    );
    expect(await run(probes)).toEqual([]);
    expect(await prisma.cancellationRequest.count()).toBe(before.cancellationRequests);
  });

  it("GIVEN admin pages and their .data requests without a valid session token THEN the library's refusal (302/400/401/…), never a 2xx or 5xx", async () => {
    const probes: Probe[] = [];
    const forgedAuth: Array<[string, () => Record<string, string>]> = [
      ["no token", () => ({})],
      ["garbage bearer", () => ({ Authorization: "Bearer garbage" })],
      ["empty bearer", () => ({ Authorization: "Bearer " })],
      ["basic auth", () => ({ Authorization: `Basic ${Buffer.from("admin:admin").toString("base64")}` })],
      ["JWT signed with the wrong key", () => ({ Authorization: `Bearer ${mintToken({ secret: WRONG_SECRET })}` })],
      ["expired JWT", () => ({ Authorization: `Bearer ${mintToken({ ttlSeconds: -120 })}` })],
      ["JWT alg none", () => ({ Authorization: `Bearer ${mintToken().split(".").slice(0, 2).join(".").replace(/^[^.]+/, Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url"))}.` })],
      ["JWT for evil dest", () => ({ Authorization: `Bearer ${mintToken({ claims: { dest: EVIL_ORIGIN } })}` })],
      ["JWT for a shop that never installed", () => ({ Authorization: `Bearer ${mintToken({}, OTHER_SHOP)}` })],
      ["8 KB bearer", () => ({ Authorization: `Bearer ${"A".repeat(8 * 1024)}` })],
      ["8 KB cookie", () => ({ Cookie: `shopify_app_session=${"c".repeat(8 * 1024)}` })],
    ];
    for (const page of ADMIN_PAGES) {
      for (const [label, headers] of forgedAuth) {
        probes.push({ name: `document, ${label}`, method: "GET", path: page, headers: headers(), expect: ADMIN_REFUSED });
      }
      probes.push(
        { name: ".data, no token", method: "GET", path: dataPath(page), expect: [401] },
        { name: ".data, garbage bearer", method: "GET", path: dataPath(page), headers: { Authorization: "Bearer garbage" }, expect: [401] },
        { name: ".data, wrong-key JWT", method: "GET", path: dataPath(page), headers: { Authorization: `Bearer ${mintToken({ secret: WRONG_SECRET })}` }, expect: [401] },
        { name: "id_token query junk", method: "GET", path: `${page}?embedded=1&shop=${DEMO_SHOP}&host=${Buffer.from(`admin.shopify.com/store/x`).toString("base64")}&id_token=junk`, expect: ADMIN_REFUSED },
        { name: "id_token signed with the wrong key", method: "GET", path: `${page}?embedded=1&shop=${DEMO_SHOP}&id_token=${mintToken({ secret: WRONG_SECRET })}`, expect: ADMIN_REFUSED },
        { name: "shop=evil.com query", method: "GET", path: `${page}?embedded=1&shop=evil.com&host=%%%`, expect: ADMIN_REFUSED },
        { name: "shop 300 chars", method: "GET", path: `${page}?shop=${LONG_SHOP}`, expect: ADMIN_REFUSED },
        { name: "cross-origin POST, no token", method: "POST", path: page, headers: { Origin: EVIL_ORIGIN, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=save", expect: [400] },
        { name: "cross-origin POST, Origin null", method: "POST", path: page, headers: { Origin: "null", "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=save", expect: [400] },
        { name: "cross-origin POST, Origin not a URL", method: "POST", path: page, headers: { Origin: "::::", "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=save", expect: [400] },
        { name: "cross-origin .data POST, wrong-key JWT", method: "POST", path: dataPath(page), headers: { Origin: EVIL_ORIGIN, Authorization: `Bearer ${mintToken({ secret: WRONG_SECRET })}`, "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=save", expect: [400] },
        { name: "same-origin POST, garbage bearer, JSON garbage", method: "POST", path: page, headers: { Authorization: "Bearer garbage", "Content-Type": "application/json" }, body: "{\"intent\":", expect: ADMIN_REFUSED },
        // A single-fetch action is a fetch: 401 + retry header, like a loader's (Remix alone would answer a 202).
        { name: "same-origin .data POST, no token", method: "POST", path: dataPath(page), headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: "intent=save", expect: [401] },
      );
      for (const method of ["PUT", "DELETE", "PATCH"]) {
        probes.push({ name: `method ${method}, garbage bearer`, method, path: page, headers: { Authorization: "Bearer garbage" }, body: "x=1", expect: ADMIN_REFUSED });
      }
      // A CORS preflight may be answered 204 by the library (it carries no data); anything but a 5xx.
      probes.push({ name: "OPTIONS preflight", method: "OPTIONS", path: page, headers: { Origin: EVIL_ORIGIN, "Access-Control-Request-Method": "POST" }, expect: "not5xx" });
    }
    probes.push(
      { name: "admin body past its limit", method: "POST", path: "/app/csv", headers: { Authorization: "Bearer garbage", "Content-Type": "text/csv" }, body: Buffer.alloc(BODY_LIMITS.admin.bytes + 1, "a"), expect: [413] },
      { name: "root .data, no token", method: "GET", path: "/_root.data", expect: "not5xx" },
      { name: "/app.data with route junk", method: "GET", path: "/app.data?_routes=%%%,routes/app.settings", expect: [401] },
    );
    const failures = await run(probes);
    expect(failures).toEqual([]);
    // No forged admin request may have been answered with a page (a 2xx), except an OPTIONS preflight.
    const served = allOutcomes.filter(
      (o) => o.probe.path.startsWith("/app") && o.probe.method !== "OPTIONS" && o.status >= 200 && o.status < 300,
    );
    expect(served.map((o) => `${o.probe.method} ${o.probe.path} [${o.probe.name}]: ${o.status}`)).toEqual([]);
  });

  it("GIVEN forged requests on the auth, login and index routes THEN no 5xx", async () => {
    const probes: Probe[] = [];
    const authPaths = [
      "/auth/login",
      "/auth/callback",
      "/auth/session-token",
      "/auth/exit-iframe",
      "/auth/anything",
      "/",
    ];
    for (const path of authPaths) {
      probes.push(
        { name: "bare GET", method: "GET", path, expect: "not5xx" },
        { name: "shop=evil.com", method: "GET", path: `${path}?shop=evil.com`, expect: "not5xx" },
        { name: "shop 300 chars", method: "GET", path: `${path}?shop=${LONG_SHOP}`, expect: "not5xx" },
        { name: "shop unicode", method: "GET", path: `${path}?shop=${encodeURIComponent("bäckorders.myshopify.com")}`, expect: "not5xx" },
        { name: "shop double dot", method: "GET", path: `${path}?shop=a..myshopify.com`, expect: "not5xx" },
        { name: "forged callback params", method: "GET", path: `${path}?code=forged&hmac=00&host=%%%&shop=${DEMO_SHOP}&state=x&timestamp=1`, expect: "not5xx" },
        { name: "id_token junk", method: "GET", path: `${path}?shop=${DEMO_SHOP}&id_token=a.b.c&shopify-reload=${encodeURIComponent("https://evil.example/")}`, expect: "not5xx" },
        { name: "broken percent-encoding", method: "GET", path: `${path}?shop=%E0%A4%A`, expect: "not5xx" },
        { name: "cross-origin POST", method: "POST", path, headers: { Origin: EVIL_ORIGIN, "Content-Type": "application/x-www-form-urlencoded" }, body: `shop=${DEMO_SHOP}`, expect: [400] },
        { name: "POST JSON garbage", method: "POST", path, headers: { "Content-Type": "application/json" }, body: "[[[", expect: "not5xx" },
        { name: "POST shop garbage", method: "POST", path, headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `shop=${"%ff".repeat(100)}`, expect: "not5xx" },
      );
      for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS"]) probes.push({ name: `method ${method}`, method, path, expect: "not5xx" });
    }
    probes.push(
      { name: "login form, 10 KB shop", method: "POST", path: "/auth/login", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `shop=${"s".repeat(10 * 1024)}`, expect: "not5xx" },
      { name: "login body past 64 KiB", method: "POST", path: "/auth/login", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `shop=${"s".repeat(BODY_LIMITS.other.bytes)}`, expect: [413] },
      // The answers the app gives where the library threw (each was a 500 before the hostile pass).
      { name: "exit-iframe without a destination", method: "GET", path: "/auth/exit-iframe", expect: [400] },
      { name: "exit-iframe to another origin", method: "GET", path: `/auth/exit-iframe?shop=${DEMO_SHOP}&exitIframe=${encodeURIComponent("https://evil.example/")}`, expect: [400] },
      { name: "bounce page, broken shop encoding", method: "GET", path: "/auth/session-token?shop=%E0%A4%A", expect: [400] },
      { name: "login posted as JSON", method: "POST", path: "/auth/login", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ shop: DEMO_SHOP }), expect: [400] },
      { name: "login broken multipart", method: "POST", path: "/auth/login", headers: { "Content-Type": "multipart/form-data; boundary=q" }, body: "--q\r\nbroken", expect: [400] },
      { name: "login PUT", method: "PUT", path: "/auth/login", headers: { "Content-Type": "application/x-www-form-urlencoded" }, body: `shop=${DEMO_SHOP}`, expect: [405] },
      { name: "unknown top-level path", method: "GET", path: "/nothing-here", expect: [404] },
      { name: "unknown top-level .data", method: "GET", path: "/nothing-here.data", expect: "4xx" },
    );
    expect(await run(probes)).toEqual([]);
    // Forged logins and callbacks store no session.
    expect(await prisma.session.count()).toBe(before.sessions);
  });

  it("GIVEN path traversal, encoded slashes and malformed request lines THEN 4xx, never a file outside build/client, never a 5xx", async () => {
    const secret = '"name": "backorders"'; // package.json, which must never be served
    const traversal = [
      "/assets/../../package.json",
      "/assets/../../../package.json",
      "/assets/%2e%2e/%2e%2e/package.json",
      "/assets/%2E%2E/%2E%2E/package.json",
      "/assets/..%2f..%2fpackage.json",
      "/assets/..%2F..%2F..%2Fpackage.json",
      "/assets/%2e%2e%2f%2e%2e%2fpackage.json",
      "/assets/..%5c..%5cpackage.json",
      "/assets/....//....//package.json",
      "/%2e%2e/package.json",
      "/..%2fpackage.json",
      "/assets/%252e%252e/%252e%252e/package.json",
      "/assets/..%00/package.json",
      "/assets/%00",
      "/assets/%ff",
      "/assets/%",
      "/assets/%E0%A4%A",
      "/assets/../server/index.js",
      "/assets/%2e%2e/server/index.js",
      "/assets/..%2fserver%2findex.js",
      "/assets/does-not-exist.js",
      "/assets/",
      "/assets",
      "//etc/passwd",
      "/..",
      "/.env",
      "/%2e%2e%2f%2e%2e%2f.env",
      "/app/../../package.json",
      "/build/server/index.js",
      "/node_modules/.bin/remix",
    ];
    const probes: Probe[] = [];
    for (const path of traversal) {
      probes.push(
        // `/..` is `/` once the URL is parsed: the index's redirect to login.
        { name: "GET", method: "GET", path, expect: [302, 400, 404, 405], mustNotContain: secret },
        { name: "HEAD", method: "HEAD", path, expect: [302, 400, 404, 405] },
      );
    }
    probes.push(
      { name: "POST to an asset", method: "POST", path: "/assets/x.js", headers: { "Content-Type": "text/plain" }, body: "x", expect: "4xx" },
      { name: "absolute-form target", method: "GET", path: `http://evil.example/assets/../../package.json`, expect: "4xx", mustNotContain: secret },
      { name: "asterisk target", method: "OPTIONS", path: "*", expect: "4xx" },
      { name: "Host header not a host", method: "GET", path: "/", headers: { Host: "exa mple" }, expect: [400] },
      { name: "Host header with a path", method: "GET", path: "/app", headers: { Host: "127.0.0.1/evil" }, expect: ADMIN_REFUSED },
      { name: "Host header with userinfo", method: "GET", path: "/app", headers: { Host: "user:pass@127.0.0.1" }, expect: [400] },
      { name: "Host header empty port", method: "GET", path: "/alerts/confirm/x", headers: { Host: "127.0.0.1:" }, expect: [400, 404] },
      { name: "Host header bracket junk", method: "POST", path: "/proxy/notify", headers: { Host: "[::1", "Content-Type": "text/plain" }, body: "x", expect: [400] },
      { name: "X-Forwarded-Host junk, cross-origin POST", method: "POST", path: "/app/settings", headers: { Origin: EVIL_ORIGIN, "X-Forwarded-Host": "evil.example" }, body: "x=1", expect: ADMIN_REFUSED },
      { name: "X-Forwarded-For junk on sign-up", method: "POST", path: `/proxy/notify?${proxyQuery()}`, headers: { "X-Forwarded-For": "not-an-ip, 999.999.1.1, ::::, ".repeat(50), "Content-Type": "application/json" }, body: "{}", expect: [422] },
      { name: "Content-Length not a number", method: "POST", path: "/webhooks/products", headers: { "Content-Length": "abc" }, expect: "4xx" },
    );
    expect(await run(probes)).toEqual([]);
  });

  it("GIVEN the whole pass THEN every request was answered, none with a 5xx, and nothing forged was recorded", async () => {
    const bad = allOutcomes.filter((o) => o.reset || o.status >= 500 || o.status === 0);
    expect(bad.map((o) => `${o.probe.method} ${shortPath(o.probe.path)} [${o.probe.name}]: ${o.reset ? `reset (${o.error})` : o.status}`)).toEqual([]);
    console.info(`hostile pass: ${sent} requests, ${allOutcomes.filter((o) => o.status >= 400 && o.status < 500).length} answered 4xx`);
    expect(sent).toBeGreaterThan(300);
    expect(sent).toBeLessThan(2000);
    const after = await counts();
    // The only deliveries that may be recorded are the genuine-signature replays for OTHER_SHOP (the HMAC covers the
    // body only, so Shopify's own design lets a captured delivery through); none for the demo shop.
    const forgedForDemoShop = await prisma.webhookReceipt.count({ where: { shop: DEMO_SHOP, webhookId: { startsWith: "hostile-" } } });
    expect(forgedForDemoShop).toBe(0);
    expect({ ...after, webhookReceipts: 0 }).toEqual({ ...before, webhookReceipts: 0 });
    expect(log).not.toMatch(/Unexpected Server Error/);
  });
});
