// Issue 7, "Proving it": Shopify throttling. The simulator throttles like a Standard plan (a 2,000-point bucket
// refilled at 100 points/s) and keeps a budget record per shop (simulator/graphql/execute.ts: THROTTLED answers,
// failed answers, the lowest bucket level, the points spent). Through the real job handlers and services, a
// 100,000-variant catalog sync and a 50,000-variant bulk enable must finish without one THROTTLED or failed answer
// and without spending more than the bucket allows — because the gateway paces itself from each answer's
// throttleStatus (app/shopify/throttle.ts), not because THROTTLED answers are retried.
//
// Time: the bulk enable writes 50,000 storefront metafields (metafieldsSet, 25 per call, 10 points each), i.e.
// ~20,000 points, which at 100 points/s is three minutes of bucket time. The simulator and the app's pacer
// therefore share a simulated clock that stands still while code runs and moves only when someone waits: the
// pacer's waits (computed exactly as in production) and the idle polls of the job loop below. To the bucket the
// app is thus infinitely fast — every point it spends must be paced — and the simulator's bucket restores by the
// same clock, so a pacer that waits too little is answered THROTTLED.
//
// Stand-ins: gatewayForShop (app/jobs/job-context.server.ts) hands out a gateway on the simulator with that clock
// instead of loading an offline session, and the reconciliations a completed import schedules are completed without
// running; the job handlers, services, models and the gateway are the real ones.
// Runtime: dominated by the app's own work per backorder.apply run (250 variants a run, and the job's payload with
// every id rewritten each run), not by the bucket; it is logged, with the budget record, by each test.
// @sqlite-only: ≈ 3 min of Shopify bucket time proving the gateway's pacing, which does not depend on the database; the sync and bulk-enable jobs it drives run on PostgreSQL in catalog-sync, backorder-changes and bulk-policy-mutation
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "#app/db.server";
import { jobHandlers } from "#app/jobs/handlers.server";
import { CATALOG_SYNC_IMPORT_JOB as CATALOG_SYNC_IMPORT } from "#app/jobs/job-types";
import { runDueJobs } from "#app/jobs/worker.server";
import { enqueueJob } from "#app/models/job.server";
import { BACKORDER_APPLY_JOB, enqueueBackorderChanges, getBackorderChangesProgress } from "#app/services/backorder-changes.server";
import { getCatalogSyncStatus } from "#app/services/catalog-sync.server";
import { CATALOG_SYNC_START } from "#app/services/shop-install.server";
import { AUTOMATION_RECONCILE_JOB } from "#app/services/automation.server";
import { RESTOCK_RECONCILE_JOB } from "#app/services/restock-detection.server";
import { DELAY_NOTICE_SCAN_JOB } from "#app/models/order-jobs.server";
import { createAdminGateway, type AdminGraphql } from "#app/shopify/admin-gateway.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import type { ThrottleBudget } from "../../simulator/graphql/execute";
import { exchangeOfflineToken } from "../support/simulator-token";

const SHOP = "standard-plan.myshopify.com";
const KEY = "throttle-budget-key";
const SECRET = "throttle-budget-secret";
const STANDARD = { maximumAvailable: 2000, restoreRate: 100 };
/** 1 = the sizes (100,000 variants synced, 50,000 enabled). THROTTLE_BUDGET_SCALE=0.1 for a quick local run. */
const SCALE = Number(process.env.THROTTLE_BUDGET_SCALE ?? 1);
const CATALOG_PRODUCTS = Math.round(20_000 * SCALE); // × 5 variants
const CATALOG_VARIANTS = CATALOG_PRODUCTS * 5;
const ENABLED = Math.round(50_000 * SCALE);

/** A clock that only moves when someone sleeps on it (by the time slept; concurrent sleeps overlap, not add up). */
function createSimulatedClock(startMs = Date.UTC(2026, 10, 2, 9)) {
  let current = startMs;
  return {
    now: () => current,
    async sleep(ms: number) {
      const until = current + Math.max(0, Math.ceil(ms));
      await new Promise((resolve) => setImmediate(resolve));
      current = Math.max(current, until);
    },
  };
}

const env = vi.hoisted(() => ({ gateway: null as null | ((shop: string) => unknown) }));

vi.mock("#app/jobs/job-context.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("#app/jobs/job-context.server")>();
  return {
    ...original,
    gatewayForShop: async (shop: string) => {
      if (!env.gateway) throw new Error("no simulator gateway set up");
      return env.gateway(shop);
    },
  };
});

/** Within the budget: spent ≤ what the bucket held at the start plus what it restored since. */
function expectWithinBudget(budget: ThrottleBudget) {
  const elapsedS = ((budget.lastRequestAt ?? 0) - (budget.firstRequestAt ?? 0)) / 1000;
  expect(budget.pointsSpent).toBeLessThanOrEqual(budget.maximumAvailable + budget.restoreRate * elapsedS + 1);
}

describe("Shopify throttling: a Standard-plan shop (2,000 points, 100 points/s)", () => {
  const clock = createSimulatedClock();
  let sim: RunningSimulator;
  let graphql: AdminGraphql;
  const operations = new Map<string, number>();
  let syncBudget: ThrottleBudget;
  /** Job failures the worker logged (retried or not). */
  const jobLog: string[] = [];
  /** Job runs and the real time they took (for the log line). */
  const runs = { count: 0, ms: 0 };

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      appUrl: "http://127.0.0.1:9", // webhooks go nowhere: the jobs poll, as they do when a webhook is lost
      apiKey: KEY,
      apiSecret: SECRET,
      appConfigPath: fileURLToPath(new URL("../../shopify.app.toml", import.meta.url)),
      seed: "empty",
      shops: [],
      throttle: STANDARD,
      accessTokenTtlSeconds: 24 * 3600,
      webhookRetry: { attempts: 1, baseDelayMs: 1 },
      now: () => new Date(clock.now()),
    });
    // 20,000 products × 5 variants, two locations each (seedBigCatalog: built in memory, no API calls).
    sim.store.createShop(SHOP, { seed: { products: CATALOG_PRODUCTS, variantsPerProduct: 5 } });
    const accessToken = await exchangeOfflineToken({ simulatorUrl: sim.url, shop: SHOP, sessionToken: sim.mintIdToken(SHOP), apiKey: KEY, apiSecret: SECRET });
    graphql = (query, opts) => {
      const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous";
      operations.set(name, (operations.get(name) ?? 0) + 1);
      return fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": SHOP },
        body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
      });
    };
    // What gatewayForShop returns in production, plus the simulated clock for the pacer's waits.
    env.gateway = (shop) => createAdminGateway(graphql, { shop, now: clock.now, sleep: clock.sleep });
    await prisma.shop.create({ data: { shop: SHOP, name: "Standard plan" } });
  }, 120_000);

  afterAll(async () => {
    env.gateway = null;
    await sim?.close();
  });

  // A completed import schedules the shop's reconciliations (automation, restock, delay notices) at once; they are
  // not part of this test (they re-check the whole catalog), so the worker here completes them without running them.
  const skippedFollowUps: string[] = [];
  const skip = (type: string) => async () => void skippedFollowUps.push(type);
  const handlers = {
    ...jobHandlers,
    [AUTOMATION_RECONCILE_JOB]: skip(AUTOMATION_RECONCILE_JOB),
    [RESTOCK_RECONCILE_JOB]: skip(RESTOCK_RECONCILE_JOB),
    [DELAY_NOTICE_SCAN_JOB]: skip(DELAY_NOTICE_SCAN_JOB),
  };

  /** Runs due jobs like a worker, on the simulated clock, until `done` (idle polls move the clock on by 1 s). */
  async function work(done: () => Promise<boolean>, label: string) {
    const giveUpAt = performance.now() + 600_000;
    while (!(await done())) {
      const t0 = performance.now();
      const ran = await runDueJobs({ handlers, workerId: "throttle-budget", now: () => new Date(clock.now()), limit: 5, log: (m) => jobLog.push(m) });
      if (ran) {
        runs.count += ran;
        runs.ms += performance.now() - t0;
        continue;
      }
      if (performance.now() > giveUpAt) throw new Error(`${label}: not done after 10 minutes`);
      await new Promise((resolve) => setTimeout(resolve, 25)); // the simulator's bulk operation runs meanwhile
      await clock.sleep(1_000);
    }
  }

  it("GIVEN 100,000 variants in Shopify WHEN the catalog sync job runs THEN the mirror has all of them, with no THROTTLED or failed answer", { timeout: 600_000 }, async () => {
    const started = performance.now();
    await enqueueJob(prisma, { shop: SHOP, type: CATALOG_SYNC_START, payload: {}, runAt: new Date(clock.now()) });
    await work(async () => (await getCatalogSyncStatus(SHOP)).status === "completed", "catalog sync");
    const elapsed = performance.now() - started;

    expect(await prisma.variant.count({ where: { shop: SHOP } })).toBe(CATALOG_VARIANTS);
    expect(await prisma.product.count({ where: { shop: SHOP } })).toBe(CATALOG_PRODUCTS);
    expect(await prisma.inventoryLevel.count({ where: { shop: SHOP } })).toBe(CATALOG_VARIANTS * 2);
    expect(await prisma.job.count({ where: { shop: SHOP, type: { in: [CATALOG_SYNC_START, CATALOG_SYNC_IMPORT] }, status: { not: "done" } } })).toBe(0);

    syncBudget = sim.throttleBudget(SHOP);
    console.log(`[throttle-budget] catalog sync of ${CATALOG_VARIANTS} variants: ${(elapsed / 1000).toFixed(1)} s; budget ${JSON.stringify(syncBudget)}`);
    expect(syncBudget.failures).toEqual([]);
    expect(syncBudget).toMatchObject({ ...STANDARD, throttled: 0, failed: 0 });
    expect(syncBudget.requests).toBeGreaterThan(0);
    expect(syncBudget.lowestAvailable).toBeGreaterThanOrEqual(0);
    expectWithinBudget(syncBudget);
  });

  it("GIVEN 50,000 of them WHEN backorders are enabled in bulk through the backorder.apply job THEN every one is CONTINUE with its backorder metafield in Shopify, with no THROTTLED or failed answer and the bucket never below 0", { timeout: 900_000 }, async () => {
    expect(syncBudget, "runs after the catalog sync test").toBeDefined();
    // The 50,000 first tracked variants (untracked ones are always purchasable: their policy is left alone).
    const variantIds = (
      await prisma.variant.findMany({ where: { shop: SHOP, tracked: true }, select: { id: true }, orderBy: { id: "asc" }, take: ENABLED })
    ).map((v) => v.id);
    expect(variantIds).toHaveLength(ENABLED);
    const data = sim.store.getShopData(SHOP);
    const numeric = (gid: string) => Number(gid.split("/").pop());
    const deniedBefore = variantIds.filter((id) => data.variants.get(numeric(id))?.inventoryPolicy === "DENY").length;
    expect(deniedBefore).toBeGreaterThan(0.7 * ENABLED);

    const request = await fetch(`${sim.url}/_sim/${SHOP}/throttle/reset`, { method: "POST" });
    expect(request.status).toBe(200);
    operations.clear();
    Object.assign(runs, { count: 0, ms: 0 });
    const simulatedStart = clock.now();
    const started = performance.now();

    // WHEN
    const { jobId } = await enqueueBackorderChanges({ shop: SHOP, variantIds, changes: { enabled: true }, actor: "staff@example.com", source: "manual", now: new Date(clock.now()) });
    // (Polls the job's status column only: its payload holds all 50,000 ids and is megabytes long.)
    const finished = async () => (await prisma.job.findUniqueOrThrow({ where: { id: jobId }, select: { status: true } })).status === "done";
    await work(finished, "bulk enable");
    const elapsed = performance.now() - started;
    const simulatedS = (clock.now() - simulatedStart) / 1000;

    // THEN the app's side: every variant done, nothing failed, no job left behind
    const progress = await getBackorderChangesProgress(SHOP, jobId);
    expect(progress).toMatchObject({ status: "completed", total: ENABLED, processed: ENABLED, succeeded: ENABLED, failedCount: 0 });
    expect(await prisma.job.count({ where: { shop: SHOP, type: BACKORDER_APPLY_JOB, status: { in: ["queued", "running"] } } })).toBe(0);
    expect(await prisma.variantBackorder.count({ where: { shop: SHOP, enabled: true } })).toBe(ENABLED);

    // AND Shopify's side: policy CONTINUE and the $app.backorder_state metafield on every one of them
    const namespace = sim.store.appNamespace();
    const mirrorStates = new Map(
      (await prisma.variant.findMany({ where: { shop: SHOP }, select: { id: true, backorderState: true } })).map((v) => [v.id, v.backorderState]),
    );
    const wrong: string[] = [];
    for (const id of variantIds) {
      const policy = data.variants.get(numeric(id))?.inventoryPolicy;
      const state = data.findMetafield(id, namespace, "backorder_state")?.value;
      if (policy !== "CONTINUE" || !state || state !== mirrorStates.get(id)) wrong.push(`${id}: ${policy} ${state} (mirror: ${mirrorStates.get(id)})`);
    }
    expect(wrong.length, wrong.slice(0, 5).join("\n")).toBe(0);

    // AND the budget: paced, never refused, never overspent
    const budget = sim.throttleBudget(SHOP);
    expect(await (await fetch(`${sim.url}/_sim/${SHOP}/throttle`)).json()).toEqual(budget); // the same record over HTTP
    const summary = {
      realSeconds: Number((elapsed / 1000).toFixed(1)),
      jobRuns: runs.count,
      msPerJobRun: Math.round(runs.ms / Math.max(1, runs.count)),
      simulatedSeconds: Number(simulatedS.toFixed(1)),
      operations: Object.fromEntries(operations),
      budget,
    };
    console.log(`[throttle-budget] bulk enable of ${ENABLED} variants: ${JSON.stringify(summary)}; job failures retried: ${JSON.stringify(jobLog)}`);
    expect(budget.failures).toEqual([]);
    expect(budget).toMatchObject({ ...STANDARD, throttled: 0, failed: 0 });
    expect(budget.lowestAvailable).not.toBeNull();
    expect(budget.lowestAvailable!).toBeGreaterThanOrEqual(0);
    // At full scale the run spends several buckets' worth, so it drains the bucket: zero THROTTLED then means pacing
    // worked. (A THROTTLE_BUDGET_SCALE small enough to fit in one bucket never presses on it.)
    if (budget.pointsSpent > 2 * STANDARD.maximumAvailable) expect(budget.lowestAvailable!).toBeLessThan(100);
    // 1 metafield a variant (backorder_state; no default lead time or cap), 25 a call, 10 points a call.
    expect(budget.pointsSpent).toBeGreaterThanOrEqual((ENABLED / 25) * 10);
    expect(simulatedS).toBeGreaterThanOrEqual((budget.pointsSpent - STANDARD.maximumAvailable) / STANDARD.restoreRate);
    expectWithinBudget(budget);
    // One bulk mutation for the policies, never per product.
    expect(operations.get("BackordersRunBulkPolicyMutation")).toBe(1);
    expect(operations.get("BackordersSetVariantsInventoryPolicy") ?? 0).toBe(0);
  });
});
