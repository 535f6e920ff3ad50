// Turning backorders on ahead of a predicted stock-out when stock is inbound (issue 17), against the simulator: the
// inbound shipment is created with the simulator's merchant command and mirrored by the inbound sync job; the
// forecast rows are seeded (the forecast itself is tested in forecast-recompute.test.ts); writes go to the
// simulator through the real Admin gateway.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const sim = vi.hoisted(() => ({ graphql: null as null | ((query: string, opts?: { variables?: Record<string, unknown> }) => Promise<Response>) }));

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({ graphql: (query, opts) => sim.graphql!(query, opts) }),
);

import prisma from "#app/db.server";
import { jobHandlers } from "#app/jobs/handlers.server";
import { FORECAST_RECOMPUTE_JOB, INBOUND_SYNC_JOB } from "#app/jobs/job-types";
import type { ClaimedJob } from "#app/models/job.server";
import { createRule } from "#app/models/automation-rule.server";
import { reconcileAutomation, runAutomationForVariants } from "#app/services/automation.server";
import { applyPredictedStockOutAutomation } from "#app/services/predicted-stockout-automation.server";
import { createAdminGateway } from "#app/shopify/admin-gateway.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { APP_CONFIG } from "../support/simulator-app";
import { exchangeOfflineToken } from "../support/simulator-token";

const KEY = "ahead-key";
const SECRET = "ahead-secret";
const ZONE = "America/New_York";
// Monday 2026-12-07, 10:00 in New York. The shipment arrives Monday Dec 14; + 2 business days = Wednesday Dec 16.
let clock = new Date("2026-12-07T15:00:00Z");

let server: RunningSimulator;
beforeAll(async () => {
  server = await startSimulator({ port: 0, appUrl: "http://127.0.0.1:9", apiKey: KEY, apiSecret: SECRET, appConfigPath: APP_CONFIG, seed: "empty", shops: [], now: () => clock, webhookRetry: { attempts: 1, baseDelayMs: 1 } });
});
afterAll(async () => {
  await server?.close();
});

let jobSeq = 0;
const claimed = (shop: string, type: string, payload: unknown) => ({ id: `job-${++jobSeq}`, shop, type, payload, attempts: 1, maxAttempts: 8 }) as ClaimedJob;
const gateway = async () => createAdminGateway(sim.graphql!);
const run = (shop: string) => applyPredictedStockOutAutomation({ shop, gateway, now: clock });
const row = (shop: string, variantId: string) => prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop, variantId } } });

async function simVariant(variantId: string): Promise<{ inventoryPolicy: string; eta: string | null }> {
  const response = await sim.graphql!(`query { productVariant(id: "${variantId}") { inventoryPolicy metafield(namespace: "$app", key: "backorder_eta") { value } } }`);
  const body = (await response.json()) as { data: { productVariant: { inventoryPolicy: string; metafield: { value: string } | null } } };
  return { inventoryPolicy: body.data.productVariant.inventoryPolicy, eta: body.data.productVariant.metafield?.value ?? null };
}

function forecastRow(shop: string, variantId: string, productId: string, stockOutEarliest: string | null) {
  return {
    shop, variantId, productId, computedAt: clock, method: "ses", ratePerDay: 2, available: 6, inbound: 20, owed: 0, waitlist: 0,
    stockOutEarliest, stockOutLikely: stockOutEarliest, stockOutLatest: stockOutEarliest, scoredDays: 0, leadTimeDays: 0,
    reviewPeriodDays: 7, suggestedQuantity: 0, atRisk: stockOutEarliest !== null, unitsAtRisk: 0,
  };
}

/** A shop with two in-stock variants (6 each, DENY), a shipment of 20 of each arriving Dec 14, forecasts predicting a stock-out Dec 10. */
async function setUpShop(shop: string) {
  clock = new Date("2026-12-07T15:00:00Z");
  server.store.createShop(shop, { seed: "empty" });
  const [location] = server.store.snapshot(shop).locations.map((l) => l.id);
  for (const title of ["Kettle", "Teapot"]) {
    server.store.createProduct(shop, { title, variants: [{ title: "Steel", sku: title, price: "40.00", inventoryPolicy: "DENY", available: { [location]: 6 } }] });
  }
  const accessToken = await exchangeOfflineToken({ simulatorUrl: server.url, shop, sessionToken: server.mintIdToken(shop), apiKey: KEY, apiSecret: SECRET });
  sim.graphql = (query, opts) =>
    fetch(`${server.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": shop },
      body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
    });
  await prisma.shop.create({ data: { shop, ianaTimezone: ZONE } });
  await prisma.shopSettings.create({ data: { shop } });
  for (const l of server.store.snapshot(shop).locations) await prisma.location.create({ data: { shop, id: l.id, name: l.name } });
  const variants = server.store.snapshot(shop).variants;
  for (const [i, v] of variants.entries()) {
    await prisma.product.create({ data: { shop, id: v.productId, title: `P${i}`, handle: `p${i}` } });
    await prisma.variant.create({ data: { shop, id: v.id, productId: v.productId, inventoryItemId: v.inventoryItemId, title: "Steel", tracked: true, inventoryPolicy: "DENY", availableTotal: 6 } });
    await prisma.variantForecast.create({ data: forecastRow(shop, v.id, v.productId, "2026-12-10") });
  }
  server.store.createInbound(shop, { lines: variants.map((v) => ({ variantId: v.id, quantity: 20 })), arrivesAt: "2026-12-14" });
  await jobHandlers[INBOUND_SYNC_JOB](claimed(shop, INBOUND_SYNC_JOB, {}), clock);
  expect(await prisma.inboundShipmentLine.count({ where: { shop } })).toBe(2);
  const rule = await createRule(shop, { name: "Ahead of stock-outs", scopeType: "all", enableAheadOfStockOut: true });
  return { variantIds: variants.map((v) => v.id), productIds: variants.map((v) => v.productId), rule };
}

describe("turning backorders on ahead of a predicted stock-out", () => {
  it("GIVEN a stock-out predicted within the window and a shipment after it WHEN the automation runs THEN backorders go on (CONTINUE, ETA = arrival + 2 business days, audit row, storefront ETA); a manual variant is untouched; a second run changes nothing; the hourly reconciliation doesn't take it for a restock", async () => {
    const shop = "ahead-on.myshopify.com";
    const { variantIds: [auto, manual], rule } = await setUpShop(shop);
    await prisma.variantBackorder.create({ data: { shop, variantId: manual, enabled: false, source: "manual", updatedAt: new Date("2026-12-01T00:00:00Z") } });

    const first = await run(shop);
    expect(first.enabled).toEqual([auto]);
    expect(first.failed).toEqual([]);
    expect(await row(shop, auto)).toMatchObject({ enabled: true, etaDate: "2026-12-16", etaSource: "inbound", source: "rule", ruleId: rule.id, aheadOfStockOut: true });
    expect(await simVariant(auto)).toEqual({ inventoryPolicy: "CONTINUE", eta: "2026-12-16" });
    const history = await prisma.backorderChange.findMany({ where: { shop, variantId: auto } });
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ actor: `rule:${rule.id}`, source: "rule" });
    expect(JSON.parse(history[0].changes)).toMatchObject({ enabled: [false, true], etaDate: [null, "2026-12-16"], inventoryPolicy: ["DENY", "CONTINUE"] });

    expect(await row(shop, manual)).toMatchObject({ enabled: false, source: "manual", aheadOfStockOut: false, updatedAt: new Date("2026-12-01T00:00:00Z") });
    expect((await simVariant(manual)).inventoryPolicy).toBe("DENY");

    const second = await run(shop);
    expect([second.enabled, second.disabled, second.etaUpdated, second.released]).toEqual([[], [], [], []]);
    expect(await prisma.backorderChange.count({ where: { shop } })).toBe(1);

    const reconciled = await reconcileAutomation({ shop, gateway, now: clock });
    expect(reconciled.disabled).toEqual([]);
    expect(await row(shop, auto)).toMatchObject({ enabled: true, aheadOfStockOut: true });
  });

  it("GIVEN backorders it turned on WHEN the prediction goes away before zero THEN they go off (DENY, its ETA cleared); one that reached zero is released to the ordinary rule instead", async () => {
    const shop = "ahead-off.myshopify.com";
    const { variantIds: [gone, sold], rule } = await setUpShop(shop);
    expect((await run(shop)).enabled.sort()).toEqual([gone, sold].sort());

    // Stock arrived early for one: no stock-out predicted any more.
    await prisma.variantForecast.update({ where: { shop_variantId: { shop, variantId: gone } }, data: { stockOutEarliest: null, stockOutLikely: null, atRisk: false } });
    // The other actually sold out: the inventory webhook path runs the ordinary automation.
    await prisma.variant.update({ where: { shop_id: { shop, id: sold } }, data: { availableTotal: 0 } });
    await runAutomationForVariants({ shop, variantIds: [sold], eventAt: clock, gateway, now: clock });
    expect(await row(shop, sold)).toMatchObject({ enabled: true, aheadOfStockOut: false, ruleId: rule.id });

    const result = await run(shop);
    expect(result.disabled).toEqual([gone]);
    expect(await row(shop, gone)).toMatchObject({ enabled: false, etaDate: null, aheadOfStockOut: false });
    expect(await simVariant(gone)).toEqual({ inventoryPolicy: "DENY", eta: null });
    expect(await row(shop, sold)).toMatchObject({ enabled: true, etaDate: "2026-12-16" });
    expect((await simVariant(sold)).inventoryPolicy).toBe("CONTINUE");
    expect((await run(shop)).disabled).toEqual([]);
  });

  it("GIVEN backorders it turned on WHEN the forecast.recompute job runs THEN the automation acts on the fresh forecast (no sales history: no stock-out predicted → off again)", async () => {
    const shop = "ahead-job.myshopify.com";
    const { variantIds } = await setUpShop(shop);
    expect((await run(shop)).enabled).toHaveLength(2);
    await jobHandlers[FORECAST_RECOMPUTE_JOB](claimed(shop, FORECAST_RECOMPUTE_JOB, {}), clock);
    expect(await prisma.variantForecast.findMany({ where: { shop }, select: { stockOutEarliest: true } })).toEqual([{ stockOutEarliest: null }, { stockOutEarliest: null }]);
    for (const variantId of variantIds) {
      expect(await row(shop, variantId)).toMatchObject({ enabled: false, aheadOfStockOut: false });
      expect((await simVariant(variantId)).inventoryPolicy).toBe("DENY");
    }
  });

  it("GIVEN a rule without the option WHEN the automation runs THEN nothing is turned on", async () => {
    const shop = "ahead-option-off.myshopify.com";
    const { rule } = await setUpShop(shop);
    await prisma.automationRule.update({ where: { id: rule.id }, data: { enableAheadOfStockOut: false } });
    const result = await run(shop);
    expect(result.enabled).toEqual([]);
    expect(await prisma.variantBackorder.count({ where: { shop } })).toBe(0);
  });
});
