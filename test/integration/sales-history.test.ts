// The sales history (issue 17) through the real job handlers: the simulator (real Admin GraphQL and bulk queries,
// its own clock) places, refunds, edits and cancels orders; its webhook bodies are handed to the webhook job
// handlers in the order each test chooses (duplicates, out of order); `unauthenticated.admin` is mocked to hand out
// a GraphQL client bound to the simulator.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const sim = vi.hoisted(() => ({ graphql: null as null | ((query: string, opts?: { variables?: Record<string, unknown> }) => Promise<Response>) }));

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({ graphql: (query, opts) => sim.graphql!(query, opts) }),
);

import prisma from "#app/db.server";
import { todayIn } from "#app/domain/eta";
import { jobHandlers } from "#app/jobs/handlers.server";
import { SALES_HISTORY_BACKFILL_JOB } from "#app/jobs/job-types";
import type { ClaimedJob } from "#app/models/job.server";
import { pruneFinishedRecords } from "#app/models/retention.server";
import { streamVariantSalesHistory } from "#app/models/sales-history.server";
import { deleteAllForShop } from "#app/models/shop-data.server";
import { requestSalesHistoryBackfill } from "#app/services/sales-history-backfill.server";
import { recordStockLevelsNow } from "#app/services/sales-history.server";
import { webhookJobType } from "#app/services/webhook-intake.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import type { SimEvent } from "../../simulator/store";
import { APP_CONFIG } from "../support/simulator-app";
import { exchangeOfflineToken } from "../support/simulator-token";

const KEY = "sales-key";
const SECRET = "sales-secret";
const ZONE = "America/New_York";
// 15:00 UTC = 10:00 in New York: the same calendar day in both.
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
function claimed(shop: string, type: string, payload: unknown): ClaimedJob {
  return { id: `job-${++jobSeq}`, shop, type, payload, attempts: 1, maxAttempts: 8 } as ClaimedJob;
}
async function deliver(shop: string, event: { topic: string; payload: unknown }): Promise<void> {
  const type = webhookJobType(TOPICS[event.topic]);
  expect(await jobHandlers[type](claimed(shop, type, { webhookId: `wh-${jobSeq}`, triggeredAt: null, body: event.payload }), clock)).toBeUndefined();
}

function takeEvents(shop: string): SimEvent[] {
  const mine = captured.filter((e) => e.shop === shop && TOPICS[e.topic]);
  for (let i = captured.length - 1; i >= 0; i--) if (captured[i].shop === shop) captured.splice(i, 1);
  return mine;
}
const only = (events: SimEvent[], topic: string) => events.filter((e) => e.topic === topic);
const one = (events: SimEvent[], topic: string) => {
  const found = only(events, topic);
  expect(found, topic).toHaveLength(1);
  return found[0];
};

/** A simulator shop with one product of `variants` (stock at one location), mirrored into the app's tables. */
async function setUpShop(shop: string, variants: Array<{ key: string; available: number }>, start = new Date("2026-11-02T15:00:00Z")) {
  clock = start;
  server.store.createShop(shop, { seed: "empty" });
  const [location] = server.store.snapshot(shop).locations.map((l) => l.id);
  const product = server.store.createProduct(shop, {
    title: "Thing",
    variants: variants.map((v) => ({ title: v.key, sku: v.key, price: "10.00", inventoryPolicy: "CONTINUE", available: { [location]: v.available } })),
  }) as any;
  const ids: Record<string, string> = {};
  variants.forEach((spec, i) => (ids[spec.key] = product.variants[i].admin_graphql_api_id as string));
  const accessToken = await exchangeOfflineToken({ simulatorUrl: server.url, shop, sessionToken: server.mintIdToken(shop), apiKey: KEY, apiSecret: SECRET });
  sim.graphql = (query, opts) =>
    fetch(`${server.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": shop },
      body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
    });
  const mirroredAt = new Date(clock.getTime() - 3_600_000);
  await prisma.shop.create({ data: { shop, ianaTimezone: ZONE } });
  await prisma.shopSettings.create({ data: { shop } });
  for (const l of server.store.snapshot(shop).locations) await prisma.location.create({ data: { shop, id: l.id, name: l.name } });
  for (const v of server.store.snapshot(shop).variants) {
    await prisma.variant.create({ data: { shop, id: v.id, productId: v.productId, inventoryItemId: v.inventoryItemId, title: v.sku ?? "", tracked: v.tracked, inventoryPolicy: v.inventoryPolicy, availableTotal: v.availableTotal, shopifyUpdatedAt: mirroredAt } });
    for (const [locationId, available] of Object.entries(v.available)) {
      await prisma.inventoryLevel.create({ data: { shop, inventoryItemId: v.inventoryItemId, locationId, available, shopifyUpdatedAt: mirroredAt } });
    }
  }
  takeEvents(shop);
  tick();
  return { ids, productId: product.admin_graphql_api_id as string };
}

const checkout = (shop: string, lines: Array<{ variantId: string; quantity: number }>) => server.store.checkout(shop, { lines, email: "shopper@example.com" }) as any;
const lineOf = (order: any, variantId: string) => order.line_items.find((l: any) => l.admin_graphql_api_id && l.variant_id === Number(variantId.split("/").pop()));

/** unitsSold per variant key and day, e.g. { "a|2026-11-02": 3 }. */
async function sold(shop: string, ids: Record<string, string>): Promise<Record<string, number>> {
  const keyOf = new Map(Object.entries(ids).map(([key, id]) => [id, key]));
  const rows = await prisma.variantSalesDay.findMany({ where: { shop, unitsSold: { not: 0 } } });
  return Object.fromEntries(rows.map((r) => [`${keyOf.get(r.variantId)}|${r.day}`, r.unitsSold]));
}

describe("units sold from the order webhooks", () => {
  it("GIVEN an order WHEN created, refunded, edited and cancelled THEN each variant's day nets the units left; the lines remember what they count", async () => {
    const shop = "sales-lifecycle.myshopify.com";
    const { ids, productId } = await setUpShop(shop, [{ key: "a", available: 10 }, { key: "b", available: 10 }]);
    const order = checkout(shop, [{ variantId: ids.a, quantity: 3 }, { variantId: ids.b, quantity: 2 }]);
    await deliver(shop, one(takeEvents(shop), "orders/create"));
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 3, "b|2026-11-02": 2 });
    expect(await prisma.variantSalesDay.findFirst({ where: { shop, variantId: ids.a } })).toMatchObject({ productId, endOfDayAvailable: null });
    expect(await prisma.orderSalesLine.count({ where: { shop, orderId: order.admin_graphql_api_id } })).toBe(2);

    // A refund the next day counts against the day of the sale; refunds/create re-reads the order from Shopify.
    tick(24 * 60);
    server.store.refundOrder(shop, order.id, { lineItemId: lineOf(order, ids.a).id, quantity: 1 });
    let events = takeEvents(shop);
    await deliver(shop, one(events, "refunds/create"));
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 2, "b|2026-11-02": 2 });
    await deliver(shop, one(events, "orders/updated"));
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 2, "b|2026-11-02": 2 });

    tick();
    server.store.editOrderLine(shop, order.id, { lineItemId: lineOf(order, ids.b).id, quantity: 1 });
    await deliver(shop, one(takeEvents(shop), "orders/updated"));
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 2, "b|2026-11-02": 1 });

    tick();
    server.store.cancelOrder(shop, order.id);
    events = takeEvents(shop);
    await deliver(shop, one(events, "orders/cancelled"));
    expect(await sold(shop, ids)).toEqual({});
    // A day left with no sales and no stock level is no row at all; the order's lines stay (at 0) for idempotency.
    expect(await prisma.variantSalesDay.count({ where: { shop } })).toBe(0);
    expect((await prisma.orderSalesLine.findMany({ where: { shop } })).map((l) => l.netUnits)).toEqual([0, 0]);
    for (const event of only(events, "orders/updated")) await deliver(shop, event);
    expect(await sold(shop, ids)).toEqual({});
  });

  it("GIVEN duplicate and out-of-order deliveries THEN the history converges on the order's newest state", async () => {
    const shop = "sales-out-of-order.myshopify.com";
    const { ids } = await setUpShop(shop, [{ key: "a", available: 10 }]);
    const first = checkout(shop, [{ variantId: ids.a, quantity: 4 }]);
    const created = one(takeEvents(shop), "orders/create");
    tick();
    server.store.refundOrder(shop, first.id, { lineItemId: first.line_items[0].id, quantity: 1 });
    const refunded = one(takeEvents(shop), "orders/updated");
    // The update (3 left) arrives before the create (4 ordered), then the create twice.
    await deliver(shop, refunded);
    await deliver(shop, created);
    await deliver(shop, created);
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 3 });
    await deliver(shop, refunded);
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 3 });

    // A second order cancelled before its create is processed: nothing is counted, whichever comes first.
    tick();
    const second = checkout(shop, [{ variantId: ids.a, quantity: 5 }]);
    const secondCreated = one(takeEvents(shop), "orders/create");
    tick();
    server.store.cancelOrder(shop, second.id);
    const cancelled = one(takeEvents(shop), "orders/cancelled");
    await deliver(shop, cancelled);
    await deliver(shop, secondCreated);
    await deliver(shop, cancelled);
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 3 });
  });

  it("GIVEN an order at 23:30 in the shop's time zone (04:30 UTC the next day) THEN it counts on the shop's day", async () => {
    const shop = "sales-late-night.myshopify.com";
    const { ids } = await setUpShop(shop, [{ key: "a", available: 10 }], new Date("2026-11-03T04:29:00Z"));
    checkout(shop, [{ variantId: ids.a, quantity: 2 }]);
    expect(todayIn(ZONE, clock)).toBe("2026-11-02");
    await deliver(shop, one(takeEvents(shop), "orders/create"));
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 2 });
    tick(60); // 00:30 local on the 3rd
    checkout(shop, [{ variantId: ids.a, quantity: 1 }]);
    await deliver(shop, one(takeEvents(shop), "orders/create"));
    expect(await sold(shop, ids)).toEqual({ "a|2026-11-02": 2, "a|2026-11-03": 1 });
  });
});

describe("daily stock level", () => {
  it("GIVEN stock changes THEN the day's endOfDayAvailable follows the last known total, with a row only for a day whose level changed", async () => {
    const shop = "sales-stock.myshopify.com";
    const { ids } = await setUpShop(shop, [{ key: "a", available: 5 }, { key: "b", available: 7 }]);
    const levels = async () => (await prisma.variantSalesDay.findMany({ where: { shop }, orderBy: [{ variantId: "asc" }, { day: "asc" }] })).map((r) => `${r.variantId === ids.a ? "a" : "b"}|${r.day}|${r.endOfDayAvailable}|${r.unitsSold}`);

    // The first look at the catalog (as after a sync): every tracked variant's level; again: nothing changed.
    expect(await recordStockLevelsNow({ shop, now: clock })).toBe(2);
    expect(await recordStockLevelsNow({ shop, now: clock })).toBe(0);
    tick(24 * 60); // the next day, same levels: no row
    expect(await recordStockLevelsNow({ shop, now: clock })).toBe(0);
    expect(await levels()).toEqual(["a|2026-11-02|5|0", "b|2026-11-02|7|0"]);

    // A sale: inventory_levels/update moves a's level; the order adds its units to the same day's row.
    checkout(shop, [{ variantId: ids.a, quantity: 2 }]);
    const events = takeEvents(shop);
    for (const event of only(events, "inventory_levels/update")) await deliver(shop, event);
    await deliver(shop, one(events, "orders/create"));
    expect(await levels()).toEqual(["a|2026-11-02|5|0", "a|2026-11-03|3|2", "b|2026-11-02|7|0"]);
    // A duplicate inventory webhook changes nothing.
    for (const event of only(events, "inventory_levels/update")) await deliver(shop, event);
    expect(await levels()).toEqual(["a|2026-11-02|5|0", "a|2026-11-03|3|2", "b|2026-11-02|7|0"]);

    // Back to yesterday's level later the same day: today's row follows (end of day = the last known).
    await prisma.variant.update({ where: { shop_id: { shop, id: ids.a } }, data: { availableTotal: 5 } });
    expect(await recordStockLevelsNow({ shop, now: clock, variantIds: [ids.a] })).toBe(1);
    expect(await levels()).toEqual(["a|2026-11-02|5|0", "a|2026-11-03|5|2", "b|2026-11-02|7|0"]);
  });
});

describe("backfill of the last 60 days", () => {
  async function runBackfill(shop: string) {
    expect(await requestSalesHistoryBackfill(shop, clock)).toEqual({ queued: true, status: "queued" });
    expect(await requestSalesHistoryBackfill(shop, clock)).toEqual({ queued: false, status: "queued" }); // one at a time
    expect(await jobHandlers[SALES_HISTORY_BACKFILL_JOB](claimed(shop, SALES_HISTORY_BACKFILL_JOB, {}), clock)).toBeUndefined();
    const state = await prisma.salesHistoryBackfill.findUniqueOrThrow({ where: { shop } });
    expect(state).toMatchObject({ status: "running" });
    const poll = await prisma.job.findFirstOrThrow({ where: { shop, type: SALES_HISTORY_BACKFILL_JOB, idempotencyKey: `sales-history:import:${state.bulkOperationId}` } });
    expect(poll.runAt.getTime()).toBeGreaterThan(clock.getTime());
    // bulk_operations/finish of that export makes the poll due at once.
    const finish = webhookJobType("BULK_OPERATIONS_FINISH");
    await jobHandlers[finish](claimed(shop, finish, { webhookId: `wh-finish-${jobSeq}`, triggeredAt: null, body: { admin_graphql_api_id: state.bulkOperationId, status: "completed" } }), clock);
    expect((await prisma.job.findUniqueOrThrow({ where: { id: poll.id } })).runAt.getTime()).toBe(clock.getTime());
    for (let i = 0; i < 100; i++) {
      const outcome = await jobHandlers[SALES_HISTORY_BACKFILL_JOB](claimed(shop, SALES_HISTORY_BACKFILL_JOB, JSON.parse(poll.payload)), clock);
      if (!outcome) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return prisma.salesHistoryBackfill.findUniqueOrThrow({ where: { shop } });
  }

  it("GIVEN orders over 70 days, some already applied by webhooks THEN the backfill counts each order of the last 60 days once, at its current state", async () => {
    const shop = "sales-backfill.myshopify.com";
    const { ids } = await setUpShop(shop, [{ key: "a", available: 100 }, { key: "b", available: 100 }], new Date("2026-08-24T15:00:00Z"));
    checkout(shop, [{ variantId: ids.a, quantity: 9 }]); // 70 days back: outside the window
    clock = new Date("2026-09-20T15:00:00Z");
    const refunded = checkout(shop, [{ variantId: ids.a, quantity: 3 }, { variantId: ids.b, quantity: 1 }]);
    clock = new Date("2026-10-10T15:00:00Z");
    const cancelled = checkout(shop, [{ variantId: ids.b, quantity: 4 }]);
    clock = new Date("2026-11-01T15:00:00Z");
    checkout(shop, [{ variantId: ids.a, quantity: 2 }]);
    const webhookEvents = only(takeEvents(shop), "orders/create");
    // The webhooks of the last order and of the refunded one were applied before the backfill.
    await deliver(shop, webhookEvents[1]);
    await deliver(shop, webhookEvents[3]);
    tick();
    server.store.refundOrder(shop, refunded.id, { lineItemId: refunded.line_items[0].id, quantity: 1 });
    server.store.cancelOrder(shop, cancelled.id);
    takeEvents(shop); // these webhooks were lost: the backfill reads the current state
    clock = new Date("2026-11-02T15:00:00Z");

    const state = await runBackfill(shop);
    expect(state).toMatchObject({ status: "completed", orders: 3, lines: 4, error: null });
    expect(await sold(shop, ids)).toEqual({ "a|2026-09-20": 2, "b|2026-09-20": 1, "a|2026-11-01": 2 });

    // Running it again (on demand) changes nothing; the late webhooks of the same orders neither.
    tick();
    expect((await runBackfill(shop)).status).toBe("completed");
    for (const event of webhookEvents) await deliver(shop, event);
    expect(await sold(shop, ids)).toEqual({ "a|2026-09-20": 2, "b|2026-09-20": 1, "a|2026-11-01": 2, "a|2026-08-24": 9 });
  });
});

describe("read API, retention and the shop delete path", () => {
  const shop = "sales-rows.myshopify.com";
  const row = (variant: number, day: string, unitsSold: number, endOfDayAvailable: number | null = null) => ({
    shop, variantId: `gid://shopify/ProductVariant/${variant}`, productId: "gid://shopify/Product/1", day, unitsSold, endOfDayAvailable,
  });

  it("GIVEN rows of several variants THEN the stream yields pages of whole variants in id order, only days in the window", async () => {
    await prisma.shop.create({ data: { shop, ianaTimezone: ZONE } });
    await prisma.variantSalesDay.createMany({
      data: [row(3, "2026-10-01", 1), row(1, "2026-09-30", 5), row(1, "2026-10-02", 2, 0), row(2, "2026-10-05", 4), row(1, "2026-10-03", 0, 6), row(4, "2026-11-01", 1)],
    });
    await prisma.variantSalesDay.create({ data: { ...row(1, "2026-10-02", 9), shop: "other.myshopify.com" } });
    const pages = [];
    for await (const page of streamVariantSalesHistory(shop, { fromDay: "2026-10-01", toDay: "2026-10-31", pageSize: 2 })) pages.push(page);
    expect(pages).toEqual([
      [
        { variantId: "gid://shopify/ProductVariant/1", productId: "gid://shopify/Product/1", days: [{ day: "2026-10-02", unitsSold: 2, endOfDayAvailable: 0 }, { day: "2026-10-03", unitsSold: 0, endOfDayAvailable: 6 }] },
        { variantId: "gid://shopify/ProductVariant/2", productId: "gid://shopify/Product/1", days: [{ day: "2026-10-05", unitsSold: 4, endOfDayAvailable: null }] },
      ],
      [{ variantId: "gid://shopify/ProductVariant/3", productId: "gid://shopify/Product/1", days: [{ day: "2026-10-01", unitsSold: 1, endOfDayAvailable: null }] }],
    ]);
  });

  it("GIVEN rows older than 2 years THEN retention prunes them (days and order lines) and keeps the rest", async () => {
    const now = new Date("2026-11-24T09:00:00Z");
    await prisma.variantSalesDay.createMany({ data: [row(5, "2024-11-23", 1), row(5, "2024-11-24", 2)] });
    await prisma.orderSalesLine.createMany({
      data: [
        { shop, orderId: "gid://shopify/Order/1", lineItemId: "gid://shopify/LineItem/1", variantId: "gid://shopify/ProductVariant/5", day: "2024-11-23", netUnits: 1, orderUpdatedAt: now },
        { shop, orderId: "gid://shopify/Order/2", lineItemId: "gid://shopify/LineItem/2", variantId: "gid://shopify/ProductVariant/5", day: "2024-11-24", netUnits: 2, orderUpdatedAt: now },
      ],
    });
    const pruned = await pruneFinishedRecords({ now });
    expect(pruned).toMatchObject({ salesDays: 1, orderSalesLines: 1 });
    expect((await prisma.variantSalesDay.findMany({ where: { shop, variantId: "gid://shopify/ProductVariant/5" } })).map((r) => r.day)).toEqual(["2024-11-24"]);
    expect((await prisma.orderSalesLine.findMany({ where: { shop } })).map((r) => r.day)).toEqual(["2024-11-24"]);
  });

  it("GIVEN the shop's data is deleted THEN its sales history goes, other shops' stays", async () => {
    await prisma.salesHistoryBackfill.create({ data: { shop, requestedAt: new Date("2026-11-01T00:00:00Z") } });
    const counts = await deleteAllForShop(shop);
    expect(counts.VariantSalesDay).toBeGreaterThan(0);
    expect(counts).toMatchObject({ OrderSalesLine: 1, SalesHistoryBackfill: 1 });
    expect(await prisma.variantSalesDay.count({ where: { shop } })).toBe(0);
    expect(await prisma.orderSalesLine.count({ where: { shop } })).toBe(0);
    expect(await prisma.variantSalesDay.count({ where: { shop: "other.myshopify.com" } })).toBe(1);
  });
});
