// The production web server (scripts/serve.ts, what `npm start` runs) in front of the built app: bodies past their
// route's limit are a 413 before the app reads or authenticates them (declared or chunked), a refused upload still
// gets its answer instead of a connection reset, a large genuine webhook passes, static files never leave
// build/client, and the access log carries no tokens or signed values.
// @sqlite-only: passes on PostgreSQL (≈ 20 s, checked 2026-12-07) but is left out for `npm test` time: it proves the production web server's HTTP behaviour (body limits, headers), not database work
import { request as httpRequest } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { BODY_LIMITS } from "../../app/http/body-limits";
import { DEMO_API_SECRET, DEMO_SHOP } from "../../scripts/demo-env";
import { startInstalledDemoStack, type DemoStack } from "../support/demo-stack";
import { shopifyWebhookRequest } from "../support/webhook-request";

let stack: DemoStack;
let log = "";

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  stack.app.stdout?.on("data", (chunk) => (log += chunk));
  stack.app.stderr?.on("data", (chunk) => (log += chunk));
}, 120_000);

afterAll(async () => {
  await stack?.stop();
});

/** `reset`: the connection broke before the whole answer was read (status 0 if not even its head arrived). */
type RawAnswer = { status: number; cacheControl: string | null; body: string; reset: boolean };

/** POSTs `totalBytes` in 64 KiB chunks, chunked (no Content-Length) unless `declareLength`; never throws on a reset. */
function streamPost(path: string, totalBytes: number, options: { declareLength?: boolean; contentType?: string } = {}): Promise<RawAnswer> {
  const url = new URL(path, stack.appUrl);
  return new Promise((resolve) => {
    let status = 0;
    let cacheControl: string | null = null;
    let body = "";
    const headers: Record<string, string> = { "Content-Type": options.contentType ?? "application/x-www-form-urlencoded" };
    if (options.declareLength) headers["Content-Length"] = String(totalBytes);
    const req = httpRequest(url, { method: "POST", headers }, (res) => {
      status = res.statusCode ?? 0;
      cacheControl = typeof res.headers["cache-control"] === "string" ? res.headers["cache-control"] : null;
      res.setEncoding("utf8");
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status, cacheControl, body, reset: false }));
      res.on("error", () => resolve({ status, cacheControl, body, reset: true }));
    });
    // After a complete answer this changes nothing (a promise resolves once).
    req.on("error", () => resolve({ status, cacheControl, body, reset: true }));
    const chunk = Buffer.alloc(64 * 1024, "a");
    let sent = 0;
    const pump = () => {
      while (sent < totalBytes) {
        const piece = chunk.subarray(0, Math.min(chunk.length, totalBytes - sent));
        sent += piece.length;
        if (!req.write(piece)) return void req.once("drain", pump);
      }
      req.end();
    };
    pump();
  });
}

async function jobCount(): Promise<number> {
  return prisma.job.count({ where: { shop: DEMO_SHOP } });
}

describe("web server: bounded bodies", () => {
  it("GIVEN a 2 MB chunked upload to the cancel-request form THEN it answers 413 with a readable reason, not a connection reset", async () => {
    const answer = await streamPost("/orders/cancel-request/forged.token", 2 * 1024 * 1024);
    expect(answer.reset).toBe(false);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(/at most 16 KiB/);
  });

  it("GIVEN a chunked multipart sign-up past the shopper limit THEN 413 before the app proxy check", async () => {
    const answer = await streamPost("/proxy/notify?shop=backorders-demo.myshopify.com", BODY_LIMITS.shopper.bytes + 1, {
      contentType: "multipart/form-data; boundary=x",
    });
    expect(answer).toMatchObject({ status: 413, reset: false });
  });

  it("GIVEN a declared Content-Length past the limit THEN 413 at once, whatever the route", async () => {
    for (const [path, limit] of [
      ["/webhooks/products", BODY_LIMITS.webhooks.bytes],
      ["/app/csv", BODY_LIMITS.admin.bytes],
      ["/alerts/unsubscribe/forged", BODY_LIMITS.shopper.bytes],
      ["/auth/login", BODY_LIMITS.other.bytes],
    ] as const) {
      // The 413 goes out at once; a sender of more than the 8 MiB the server drains afterwards may then see its
      // write cut, so the answer's head is what is checked here.
      const answer = await streamPost(path, limit + 1, { declareLength: true, contentType: "application/octet-stream" });
      expect(answer.status, path).toBe(413);
      expect(answer.cacheControl, path).toBe("no-store");
    }
  });

  it("GIVEN an oversized webhook, signed or not THEN 413 and nothing recorded; a 2 MB genuine one is accepted", async () => {
    const before = await jobCount();
    const oversized = await streamPost("/webhooks/products", BODY_LIMITS.webhooks.bytes + 64 * 1024, { contentType: "application/json" });
    expect(oversized).toMatchObject({ status: 413, reset: false });
    expect(await jobCount()).toBe(before);

    // A product with many variants: about 2 MB of JSON, well under the webhook limit.
    const variants = Array.from({ length: 2_000 }, (_, index) => ({ id: 9_000_000 + index, title: `Variant ${index}`, body: "x".repeat(900) }));
    const request = shopifyWebhookRequest({
      url: `${stack.appUrl}/webhooks/products`,
      topic: "products/update",
      shop: DEMO_SHOP,
      body: { id: 424242, admin_graphql_api_id: "gid://shopify/Product/424242", title: "Large", variants },
      secret: DEMO_API_SECRET,
    });
    const body = await request.text();
    expect(Buffer.byteLength(body)).toBeGreaterThan(1_800_000);
    const response = await fetch(request.url, { method: "POST", headers: request.headers, body });
    expect(response.status).toBe(200);
    expect(await jobCount()).toBe(before + 1);
  });
});

describe("web server: static files and the access log", () => {
  it("GIVEN a path that climbs out of build/client THEN it is not served", async () => {
    for (const path of ["/assets/..%2f..%2fpackage.json", "/assets/%2e%2e/%2e%2e/package.json", "/..%2f.env"]) {
      const response = await fetch(new URL(path, stack.appUrl));
      expect(response.status, path).toBe(404);
      expect(await response.text(), path).not.toContain('"name": "backorders"');
    }
  });

  it("GIVEN requests carrying tokens and a signed proxy query THEN the log shows their shape, never their values", async () => {
    const secrets = ["unsubscribeSECRET1.sig", "cancelSECRET2.sig", "confirmSECRET3", "sigSECRET4", "4242424242", "idtokenSECRET5"];
    await fetch(`${stack.appUrl}/alerts/unsubscribe/${secrets[0]}`);
    await fetch(`${stack.appUrl}/orders/cancel-request/${secrets[1]}`);
    await fetch(`${stack.appUrl}/alerts/confirm/${secrets[2]}`, { method: "POST" });
    await fetch(`${stack.appUrl}/proxy/notify?shop=${DEMO_SHOP}&logged_in_customer_id=${secrets[4]}&timestamp=1&signature=${secrets[3]}`, { method: "POST" });
    await fetch(`${stack.appUrl}/app?embedded=1&shop=${DEMO_SHOP}&id_token=${secrets[5]}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const secret of secrets) expect(log).not.toContain(secret);
    expect(log).toContain("GET /alerts/unsubscribe/[redacted]");
    expect(log).toContain("POST /alerts/confirm/[redacted]");
    expect(log).toMatch(/POST \/proxy\/notify\?shop=backorders-demo\.myshopify\.com&logged_in_customer_id=\[redacted\]&timestamp=1&signature=\[redacted\] 4\d\d/);
  });
});

describe("web server: shopper pages", () => {
  it("GIVEN a cut-off or made-up shopper link THEN a 404 page in the shopper's language with the private headers", async () => {
    for (const path of ["/orders/cancel-request/.", "/orders/cancel-request/", "/alerts/unsubscribe/", "/alerts/nothing/here"]) {
      const response = await fetch(new URL(path, stack.appUrl), { headers: { "Accept-Language": "de-DE,de;q=0.9" } });
      expect(response.status, path).toBe(404);
      expect(response.headers.get("Cache-Control"), path).toBe("no-store");
      expect(response.headers.get("Referrer-Policy"), path).toBe("no-referrer");
      expect(response.headers.get("X-Robots-Tag"), path).toBe("noindex");
      expect(await response.text(), path).toContain("Dieser Link ist ungültig");
    }
    const proxy = await fetch(new URL("/proxy/elsewhere", stack.appUrl), { method: "POST" });
    expect(proxy.status).toBe(404);
    expect(proxy.headers.get("Cache-Control")).toBe("no-store");
    expect((await proxy.json()).ok).toBe(false);
  });

  it("GIVEN forged cancel-request tokens posted with bodies the form parser refuses, over one kept-alive connection THEN every one is answered 400, none reset", async () => {
    // remix-serve answered such a post without reading its body (formData() throws on JSON before reading),
    // which could reset the connection; the server now reads every body before the app runs.
    const agentless = Array.from({ length: 30 }, async (_, index) => {
      const response = await fetch(`${stack.appUrl}/orders/cancel-request/forged${index}.token`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ reason: "x".repeat(15_000) }),
      });
      return response.status;
    });
    expect(new Set(await Promise.all(agentless))).toEqual(new Set([400]));
  });
});
