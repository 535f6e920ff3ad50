// Variant.backorderState is derived and stored (the variants page filters by it). Every input of the derivation —
// a new backordered order, a cancellation, a refund, a restock, a VariantBackorder change (the pause-alerts row
// included) and the low-stock threshold — is changed here through the real job handler or service, and the stored
// state must then equal what decideBackorderState gives for the inputs as they are in the database now. The
// expected state is computed from the rows by the test itself, not by the app's refresh code.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const sim = vi.hoisted(() => ({ graphql: null as null | ((query: string, opts?: { variables?: Record<string, unknown> }) => Promise<Response>) }));

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({ graphql: (query, opts) => sim.graphql!(query, opts) }),
);

import prisma from "#app/db.server";
import { decideBackorderState } from "#app/domain/backorder-state";
import { jobHandlers } from "#app/jobs/handlers.server";
import { gatewayForShop } from "#app/jobs/job-context.server";
import type { ClaimedJob } from "#app/models/job.server";
import { applyBackorderChanges } from "#app/services/backorder-changes.server";
import { setRestockAlertsPaused } from "#app/services/restock-fanout.server";
import { saveShopSettings } from "#app/services/shop-settings.server";
import { webhookJobType } from "#app/services/webhook-intake.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import type { SimEvent } from "../../simulator/store";
import { APP_CONFIG } from "../support/simulator-app";
import { exchangeOfflineToken } from "../support/simulator-token";

const KEY = "freshness-key";
const SECRET = "freshness-secret";
let clock = new Date("2026-11-02T15:00:00Z");
const tick = (minutes = 1) => (clock = new Date(clock.getTime() + minutes * 60_000));

const TOPICS: Record<string, string> = {
  "orders/create": "ORDERS_CREATE",
  "orders/updated": "ORDERS_UPDATED",
  "orders/cancelled": "ORDERS_CANCELLED",
  "refunds/create": "REFUNDS_CREATE",
  "inventory_levels/update": "INVENTORY_LEVELS_UPDATE",
};

let server: RunningSimulator;
const captured: SimEvent[] = [];

beforeAll(async () => {
  server = await startSimulator({ port: 0, appUrl: "http://127.0.0.1:9", apiKey: KEY, apiSecret: SECRET, appConfigPath: APP_CONFIG, seed: "empty", shops: [], now: () => clock, webhookRetry: { attempts: 1, baseDelayMs: 1 } });
  server.store.onEvent((event) => captured.push(event));
});
afterAll(async () => {
  await server?.close();
});

let jobSeq = 0;
async function deliver(shop: string, event: SimEvent): Promise<void> {
  const type = webhookJobType(TOPICS[event.topic]);
  const job: ClaimedJob = { id: `freshness-job-${++jobSeq}`, shop, type, payload: { webhookId: `freshness-wh-${jobSeq}`, triggeredAt: null, body: event.payload }, attempts: 1, maxAttempts: 8 };
  await jobHandlers[type](job, clock);
}

/** The shop's captured events of one topic, removed from the buffer (events of other topics are dropped too). */
function take(shop: string, topic: string): SimEvent[] {
  const mine = captured.filter((e) => e.shop === shop && e.topic === topic);
  for (let i = captured.length - 1; i >= 0; i--) if (captured[i].shop === shop) captured.splice(i, 1);
  return mine;
}

/** What the state must be for the inputs in the database now (every input read straight from its table). */
async function expectedState(shop: string, variantId: string): Promise<string> {
  const variant = await prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop, id: variantId } } });
  const row = await prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop, variantId } } });
  const lines = await prisma.backorderLine.findMany({ where: { shop, variantId, status: "open" } });
  const settings = await prisma.shopSettings.findUnique({ where: { shop } });
  return decideBackorderState({
    tracked: variant.tracked,
    inventoryPolicy: variant.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
    availableByLocation: [variant.availableTotal],
    backorder: row ? { enabled: row.enabled, cap: row.cap, etaDate: row.etaDate, leadTimeDays: row.leadTimeDays, discontinued: row.discontinued } : null,
    unitsBackordered: Math.max(0, lines.reduce((sum, l) => sum + l.quantityBackordered - l.quantityResolved, 0)),
    lowStockThreshold: settings?.lowStockThreshold ?? 5,
  }).state;
}

const storedState = async (shop: string, variantId: string) =>
  (await prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop, id: variantId } }, select: { backorderState: true } })).backorderState;

/** Asserts the stored state is fresh, and that it is the state the test meant to reach (the input mattered). */
async function expectFresh(shop: string, variantId: string, meant: string): Promise<void> {
  expect(await expectedState(shop, variantId)).toBe(meant);
  expect(await storedState(shop, variantId)).toBe(meant);
}

/** Makes the stored state fresh by hand, so a test observes only the step it is about. */
async function settleState(shop: string, variantId: string): Promise<string> {
  const state = await expectedState(shop, variantId);
  await prisma.variant.update({ where: { shop_id: { shop, id: variantId } }, data: { backorderState: state } });
  return state;
}

/** One simulator product with one variant at one location, mirrored into the app's tables as a catalog sync would. */
async function setUpShop(shop: string, input: { policy: "CONTINUE" | "DENY"; available: number; backorder?: { cap: number | null } }) {
  clock = new Date("2026-11-02T15:00:00Z");
  server.store.createShop(shop, { seed: "empty" });
  const [location] = server.store.snapshot(shop).locations.map((l) => l.id);
  const product = server.store.createProduct(shop, {
    title: "Thing",
    variants: [{ title: "a", sku: "a", price: "10.00", inventoryPolicy: input.policy, available: { [location]: input.available } }],
  }) as any;
  const variantId = product.variants[0].admin_graphql_api_id as string;
  const accessToken = await exchangeOfflineToken({ simulatorUrl: server.url, shop, sessionToken: server.mintIdToken(shop), apiKey: KEY, apiSecret: SECRET });
  sim.graphql = (query, opts) =>
    fetch(`${server.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": shop },
      body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
    });

  const mirroredAt = new Date(clock.getTime() - 3_600_000);
  await prisma.shop.create({ data: { shop, ianaTimezone: "America/New_York" } });
  await prisma.shopSettings.create({ data: { shop, sendBackorderConfirm: false } });
  for (const l of server.store.snapshot(shop).locations) await prisma.location.create({ data: { shop, id: l.id, name: l.name } });
  for (const v of server.store.snapshot(shop).variants) {
    await prisma.variant.create({ data: { shop, id: v.id, productId: v.productId, inventoryItemId: v.inventoryItemId, title: v.sku ?? "", tracked: v.tracked, inventoryPolicy: v.inventoryPolicy, availableTotal: v.availableTotal, shopifyUpdatedAt: mirroredAt } });
    for (const [locationId, available] of Object.entries(v.available)) {
      await prisma.inventoryLevel.create({ data: { shop, inventoryItemId: v.inventoryItemId, locationId, available, shopifyUpdatedAt: mirroredAt } });
    }
  }
  if (input.backorder) {
    await prisma.variantBackorder.create({ data: { shop, variantId, enabled: true, cap: input.backorder.cap, leadTimeDays: 7, updatedAt: mirroredAt } });
  }
  await settleState(shop, variantId);
  captured.length = 0;
  tick();
  return { variantId, location };
}

const checkout = (shop: string, variantId: string, quantity: number) =>
  server.store.checkout(shop, { lines: [{ variantId, quantity }], email: "shopper@example.com", customerLocale: "en" }) as any;

/** A shop whose only variant has 2 units owed on one order against a cap of 2, and stock at 0 in the mirror. */
async function atCap(shop: string) {
  const setup = await setUpShop(shop, { policy: "CONTINUE", available: 0, backorder: { cap: 2 } });
  const order = checkout(shop, setup.variantId, 2);
  // Only the order webhook: the mirror's stock lags (its inventory_levels/update comes later), the ledger counts.
  for (const event of take(shop, "orders/create")) await deliver(shop, event);
  return { ...setup, order };
}

describe("the stored backorder state follows every input", () => {
  it("GIVEN a cap of 2 WHEN an order backorders 2 units (orders/create before the inventory webhook) THEN the state is cap reached", async () => {
    const shop = "fresh-new-order.myshopify.com";
    const { variantId } = await atCap(shop);
    expect(await prisma.backorderLine.count({ where: { shop, variantId, status: "open" } })).toBe(1);
    await expectFresh(shop, variantId, "backorder_cap_reached");
  });

  it("GIVEN a variant at its cap WHEN the order is cancelled (orders/cancelled) THEN the state is back to backorder", async () => {
    const shop = "fresh-cancel.myshopify.com";
    const { variantId, order } = await atCap(shop);
    expect(await settleState(shop, variantId)).toBe("backorder_cap_reached");
    tick();
    server.store.cancelOrder(shop, order.id);
    for (const event of take(shop, "orders/cancelled")) await deliver(shop, event);
    await expectFresh(shop, variantId, "backorder");
  });

  it("GIVEN a variant at its cap WHEN the backordered units are refunded (refunds/create) THEN the state is back to backorder", async () => {
    const shop = "fresh-refund.myshopify.com";
    const { variantId, order } = await atCap(shop);
    expect(await settleState(shop, variantId)).toBe("backorder_cap_reached");
    tick();
    server.store.refundOrder(shop, order.id, { lineItemId: order.line_items[0].id, quantity: 2 });
    for (const event of take(shop, "refunds/create")) await deliver(shop, event);
    await expectFresh(shop, variantId, "backorder");
  });

  it("GIVEN a variant at its cap WHEN stock arrives (inventory_levels/update) THEN the state is in stock", async () => {
    const shop = "fresh-restock.myshopify.com";
    const { variantId, location } = await atCap(shop);
    expect(await settleState(shop, variantId)).toBe("backorder_cap_reached");
    tick();
    server.store.setAvailable(shop, { variantId, locationId: location, available: 20 });
    for (const event of take(shop, "inventory_levels/update")) await deliver(shop, event);
    await expectFresh(shop, variantId, "in_stock");
  });

  it("GIVEN a backordered variant WHEN the merchant marks it discontinued THEN the state is discontinued", async () => {
    const shop = "fresh-backorder-row.myshopify.com";
    const { variantId } = await setUpShop(shop, { policy: "CONTINUE", available: 0, backorder: { cap: null } });
    expect(await storedState(shop, variantId)).toBe("backorder");
    const result = await applyBackorderChanges({ shop, variantIds: [variantId], changes: { discontinued: true }, actor: "owner@example.com", source: "manual", gateway: await gatewayForShop(shop), now: clock });
    expect(result.failed).toEqual([]);
    await expectFresh(shop, variantId, "discontinued");
  });

  it("GIVEN an unconfigured variant WHEN the merchant pauses its alerts (a VariantBackorder row is created) THEN the state stays fresh", async () => {
    const shop = "fresh-pause-alerts.myshopify.com";
    const { variantId } = await setUpShop(shop, { policy: "CONTINUE", available: 0 });
    await setRestockAlertsPaused({ shop, variantId, paused: true, actor: "owner@example.com", now: clock });
    expect(await prisma.variantBackorder.count({ where: { shop, variantId } })).toBe(1);
    await expectFresh(shop, variantId, "backorder");
  });

  it("GIVEN 3 units in stock and the default threshold (low stock) WHEN the threshold is lowered to 2 THEN the state is in stock", async () => {
    const shop = "fresh-threshold.myshopify.com";
    const { variantId } = await setUpShop(shop, { policy: "DENY", available: 3 });
    expect(await storedState(shop, variantId)).toBe("low_stock");
    await saveShopSettings(shop, { lowStockThreshold: 2 }, clock);
    await expectFresh(shop, variantId, "in_stock");
  });
});
