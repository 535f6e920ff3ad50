// Parking a shop whose Admin API access was revoked: how the 401 surfaces (the real @shopify/shopify-api client
// against the simulator after an uninstall revoked the tokens), and what the job worker does with it (a 401 parks
// the shop without spending the attempt; its jobs wait, other shops' jobs and privacy webhooks still run; a fresh
// session via afterAuth unparks it and the waiting jobs run).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, RequestedTokenType, shopifyApi, type Shopify } from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import prisma from "#app/db.server";
import { enqueueJob } from "#app/models/job.server";
import { runDueJobs, type JobHandlers } from "#app/jobs/worker.server";
import { onShopAuthenticated } from "#app/services/shop-install.server";
import { revokedAccessReason } from "#app/services/shop-parking.server";
import { createAdminGateway, type AdminGraphql } from "#app/shopify/admin-gateway.server";
import { AdminGraphqlError, AdminHttpError } from "#app/shopify/graphql-errors";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { APP_CONFIG } from "../support/simulator-app";

const PARKED = "revoked.myshopify.com";
const HEALTHY = "healthy.myshopify.com";
const t0 = new Date("2026-11-23T12:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

describe("how a revoked token surfaces (real API client, simulated Shopify)", () => {
  const API_KEY = "park-key";
  const API_SECRET = "park-secret";
  const QUERY = "query parkingTestShop { shop { myshopifyDomain } }";
  let sim: RunningSimulator;
  let shopify: Shopify;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0, appUrl: "http://127.0.0.1:9", apiKey: API_KEY, apiSecret: API_SECRET, appConfigPath: APP_CONFIG, seed: "empty", shops: [PARKED],
    });
    const realFetch = globalThis.fetch;
    setAbstractFetchFunc(async (input, init) => {
      const original = new Request(input as RequestInfo, init as RequestInit);
      const url = new URL(original.url);
      if (!url.hostname.endsWith(".myshopify.com")) return realFetch(input as RequestInfo, init as RequestInit);
      const headers = new Headers(original.headers);
      headers.set("X-Shopify-Shop-Domain", url.hostname);
      const body = original.body ? await original.arrayBuffer() : undefined;
      return realFetch(`${sim.url}${url.pathname}${url.search}`, { method: original.method, headers, body });
    });
    shopify = shopifyApi({
      apiKey: API_KEY, apiSecretKey: API_SECRET, apiVersion: ApiVersion.October26, hostName: "127.0.0.1:9", hostScheme: "http",
      isEmbeddedApp: true, scopes: sim.config.scopes, logger: { level: LogSeverity.Error },
    });
  });
  afterAll(() => sim.close());

  it("GIVEN the shop uninstalled the app THEN both the API call (401) and the token refresh (invalid_grant) classify as revoked access", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: PARKED, sessionToken: sim.mintIdToken(PARKED), requestedTokenType: RequestedTokenType.OfflineAccessToken, expiring: true,
    });
    const client = new shopify.clients.Graphql({ session });
    expect(revokedAccessReason(await client.request(QUERY).then(() => null, (e: unknown) => e))).toBeNull(); // works before

    const uninstall = await fetch(`${sim.url}/_sim/${PARKED}/uninstall`, { method: "POST" });
    expect(uninstall.status).toBe(200);

    const apiError = await client.request(QUERY).then(() => null, (e: unknown) => e);
    expect(revokedAccessReason(apiError)).toMatch(/401/);
    const refreshError = await shopify.auth.refreshToken({ shop: PARKED, refreshToken: session.refreshToken! }).then(() => null, (e: unknown) => e);
    expect(refreshError).not.toBeNull();
    expect(revokedAccessReason(refreshError)).toMatch(/invalid_grant|401/);
  });

  it("other failures are not revoked access (normal retries apply)", () => {
    expect(revokedAccessReason(new AdminHttpError("Op", 500, "oops"))).toBeNull();
    expect(revokedAccessReason(new AdminGraphqlError("Op", [{ message: "Access denied", extensions: { code: "ACCESS_DENIED" } }]))).toBeNull();
    expect(revokedAccessReason(new Response(null, { status: 403 }))).toBeNull();
    expect(revokedAccessReason(new Error("boom"))).toBeNull();
    expect(revokedAccessReason(new Response(null, { status: 401 }))).not.toBeNull();
    expect(revokedAccessReason(new AdminHttpError("Op", 401, ""))).not.toBeNull();
    expect(revokedAccessReason(new SessionNotFoundError("Could not find a session for shop x"))).toMatch(/no offline session/);
  });
});

describe("job worker and parked shops", () => {
  // A fake Shopify per shop: the revoked shop answers every call with HTTP 401 until `revoked` is cleared.
  const revoked = new Set<string>();
  const runs: string[] = [];
  const graphqlFor = (shop: string): AdminGraphql => async () =>
    revoked.has(shop)
      ? new Response(JSON.stringify({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" }), { status: 401 })
      : new Response(JSON.stringify({ data: { shop: { name: shop, email: `owner@${shop}`, myshopifyDomain: shop, currencyCode: "EUR", ianaTimezone: "UTC" } } }));
  const handlers: JobHandlers = {
    "shop.info": async (job) => {
      await createAdminGateway(graphqlFor(job.shop)).getShopInfo();
      runs.push(`shop.info:${job.shop}`);
    },
    "email.send": async (job) => void runs.push(`email.send:${job.shop}`),
    "webhook:CUSTOMERS_REDACT": async (job) => void runs.push(`redact:${job.shop}`),
  };
  const run = (ms: number) => runDueJobs({ handlers, workerId: "w", now: () => at(ms), limit: 20 });

  beforeEach(async () => {
    revoked.clear();
    runs.length = 0;
    await prisma.job.deleteMany();
    await prisma.session.deleteMany();
    await prisma.shop.deleteMany();
    await prisma.shop.createMany({ data: [{ shop: PARKED }, { shop: HEALTHY }] });
    await prisma.session.create({ data: { id: `offline_${PARKED}`, shop: PARKED, state: "x", isOnline: false, accessToken: "shpat_dead" } });
  });

  it("GIVEN Shopify answers 401 THEN the shop is parked, the job waits queued without spending an attempt, other shops run", async () => {
    revoked.add(PARKED);
    const job = await enqueueJob(prisma, { shop: PARKED, type: "shop.info", runAt: t0, maxAttempts: 1 });
    await enqueueJob(prisma, { shop: HEALTHY, type: "shop.info", runAt: t0 });
    await run(1);

    const shop = await prisma.shop.findUniqueOrThrow({ where: { shop: PARKED } });
    expect(shop.parkedAt).toEqual(at(1));
    expect(shop.parkedReason).toMatch(/401/);
    // maxAttempts 1 would have made it dead had the 401 counted as a failed attempt.
    expect(await prisma.job.findUniqueOrThrow({ where: { id: job.id } })).toMatchObject({ status: "queued", attempts: 0 });
    expect(await prisma.session.count({ where: { shop: PARKED } })).toBe(0); // next app open → token exchange
    expect(runs).toEqual([`shop.info:${HEALTHY}`]);

    // While parked: its jobs are not claimed (email sends wait too); other shops and privacy webhooks still run.
    await enqueueJob(prisma, { shop: PARKED, type: "email.send", runAt: t0 });
    await enqueueJob(prisma, { shop: PARKED, type: "webhook:CUSTOMERS_REDACT", runAt: t0 });
    await enqueueJob(prisma, { shop: HEALTHY, type: "email.send", runAt: t0 });
    runs.length = 0;
    await run(60_000);
    expect(runs.sort()).toEqual([`email.send:${HEALTHY}`, `redact:${PARKED}`]);
    expect(await prisma.job.count({ where: { shop: PARKED, status: "queued" } })).toBe(2);
    expect(await prisma.job.count({ where: { status: "dead" } })).toBe(0);
  });

  it("GIVEN a parked shop WHEN the merchant opens the app (fresh session → afterAuth) THEN it is unparked and its jobs run", async () => {
    revoked.add(PARKED);
    await enqueueJob(prisma, { shop: PARKED, type: "shop.info", runAt: t0 });
    await run(1);
    await enqueueJob(prisma, { shop: PARKED, type: "email.send", runAt: t0 });
    expect(await run(2)).toBe(0);

    revoked.delete(PARKED); // token exchange issued a working token
    await onShopAuthenticated({ shop: PARKED, graphql: graphqlFor(PARKED), now: t0 });
    expect(await prisma.shop.findUniqueOrThrow({ where: { shop: PARKED } })).toMatchObject({ parkedAt: null, parkedReason: null });

    runs.length = 0;
    await run(3);
    expect(runs.filter((r) => r.endsWith(PARKED)).sort()).toEqual([`email.send:${PARKED}`, `shop.info:${PARKED}`]);
    expect(await prisma.job.count({ where: { shop: PARKED, status: "done", type: { in: ["shop.info", "email.send"] } } })).toBe(2);
  });

  it("GIVEN a 500 from Shopify THEN the shop is not parked and the job retries as usual", async () => {
    const handlers500: JobHandlers = {
      "shop.info": async () => {
        await createAdminGateway(async () => new Response("oops", { status: 500 })).getShopInfo();
      },
    };
    await enqueueJob(prisma, { shop: HEALTHY, type: "shop.info", runAt: t0 });
    await runDueJobs({ handlers: handlers500, workerId: "w", now: () => at(1) });
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop: HEALTHY } })).parkedAt).toBeNull();
    expect(await prisma.job.findFirstOrThrow({ where: { shop: HEALTHY } })).toMatchObject({ status: "queued", attempts: 1 });
  });
});
