// The backorder ledger through the real job handlers: the simulator (real Admin GraphQL, its own clock) places,
// fulfils, refunds, edits and cancels orders; its webhook bodies are handed to the webhook job handlers in the
// order each test chooses (duplicates, out of order, missing); `unauthenticated.admin` is mocked to hand out a
// GraphQL client bound to the simulator.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";

const sim = vi.hoisted(() => ({ graphql: null as null | ((query: string, opts?: { variables?: Record<string, unknown> }) => Promise<Response>), calls: [] as string[] }));

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({
    graphql: (query, opts) => {
      sim.calls.push(/(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "?");
      return sim.graphql!(query, opts);
    },
  }),
);

import prisma from "#app/db.server";
import { resolveEta } from "#app/domain/eta";
import { jobHandlers } from "#app/jobs/handlers.server";
import type { ClaimedJob } from "#app/models/job.server";
import { ORDER_SYNC_ACTIONS_JOB } from "#app/models/order-jobs.server";
import { ORDER_RECONCILE_JOB, orderReconcileJobKey } from "#app/services/order-ledger.server";
import { webhookJobType } from "#app/services/webhook-intake.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import type { SimEvent } from "../../simulator/store";
import { APP_CONFIG } from "../support/simulator-app";
import { exchangeOfflineToken } from "../support/simulator-token";

const KEY = "ledger-key";
const SECRET = "ledger-secret";
let clock = new Date("2026-11-02T15:00:00Z");
const tick = (minutes = 1) => (clock = new Date(clock.getTime() + minutes * 60_000));

const TOPICS: Record<string, string> = {
  "orders/create": "ORDERS_CREATE",
  "orders/updated": "ORDERS_UPDATED",
  "orders/cancelled": "ORDERS_CANCELLED",
  "fulfillments/create": "FULFILLMENTS_CREATE",
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
beforeEach(() => {
  sim.calls.length = 0;
});

let jobSeq = 0;
async function deliver(shop: string, event: { topic: string; payload: unknown }): Promise<void> {
  const type = webhookJobType(TOPICS[event.topic]);
  const job: ClaimedJob = { id: `job-${++jobSeq}`, shop, type, payload: { webhookId: `wh-${jobSeq}`, triggeredAt: null, body: event.payload }, attempts: 1, maxAttempts: 8 };
  expect(await jobHandlers[type](job, clock)).toBeUndefined();
}

/** Captured events of a shop (the ledger's topics and inventory), removed from the buffer. */
function takeEvents(shop: string): SimEvent[] {
  const mine = captured.filter((e) => e.shop === shop && TOPICS[e.topic]);
  for (let i = captured.length - 1; i >= 0; i--) if (captured[i].shop === shop) captured.splice(i, 1);
  return mine;
}
/** Calls of the ledger's own operation (other handlers, e.g. storefront metafields, call Shopify too). */
const ledgerReads = () => sim.calls.filter((c) => c === "BackordersOrdersForLedger").length;
const only = (events: SimEvent[], topic: string) => events.filter((e) => e.topic === topic);
const one = (events: SimEvent[], topic: string) => {
  const found = only(events, topic);
  expect(found, topic).toHaveLength(1);
  return found[0];
};

type Spec = { key: string; policy: "CONTINUE" | "DENY"; tracked?: boolean; levels: number[]; eta?: string; leadTimeDays?: number };

/** A simulator shop (locations × variants) mirrored into the app's tables as a catalog sync would. */
async function setUpShop(shop: string, input: { locations: number; variants: Spec[]; settings?: Record<string, unknown> }) {
  clock = new Date("2026-11-02T15:00:00Z");
  server.store.createShop(shop, { seed: "empty" });
  const data = server.store.getShopData(shop);
  for (let i = 1; i < input.locations; i++) server.store.addLocation(data, { name: `Location ${i + 1}` });
  const locations = server.store.snapshot(shop).locations.map((l) => l.id);
  const product = server.store.createProduct(shop, {
    title: "Thing",
    variants: input.variants.map((v) => ({ title: v.key, sku: v.key, price: "10.00", inventoryPolicy: v.policy, available: Object.fromEntries(v.levels.map((n, i) => [locations[i], n])) })),
  }) as any;
  const variantIds: Record<string, string> = {};
  input.variants.forEach((spec, i) => {
    const id = product.variants[i].admin_graphql_api_id as string;
    variantIds[spec.key] = id;
    if (spec.tracked === false) server.store.updateVariant(shop, id, { tracked: false });
  });
  // token for the mocked admin client
  const accessToken = await exchangeOfflineToken({ simulatorUrl: server.url, shop: shop, sessionToken: server.mintIdToken(shop), apiKey: KEY, apiSecret: SECRET });
  sim.graphql = (query, opts) =>
    fetch(`${server.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": shop },
      body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
    });

  // the mirror
  const mirroredAt = new Date(clock.getTime() - 3_600_000);
  await prisma.shop.create({ data: { shop, ianaTimezone: "America/New_York" } });
  await prisma.shopSettings.create({ data: { shop, ...(input.settings ?? {}) } });
  for (const location of server.store.snapshot(shop).locations) await prisma.location.create({ data: { shop, id: location.id, name: location.name } });
  for (const v of server.store.snapshot(shop).variants) {
    await prisma.variant.create({ data: { shop, id: v.id, productId: v.productId, inventoryItemId: v.inventoryItemId, title: v.sku ?? "", tracked: v.tracked, inventoryPolicy: v.inventoryPolicy, availableTotal: v.availableTotal, shopifyUpdatedAt: mirroredAt } });
    for (const [locationId, available] of Object.entries(v.available)) {
      await prisma.inventoryLevel.create({ data: { shop, inventoryItemId: v.inventoryItemId, locationId, available, shopifyUpdatedAt: mirroredAt } });
    }
  }
  for (const spec of input.variants) {
    if (spec.policy !== "CONTINUE") continue;
    await prisma.variantBackorder.create({ data: { shop, variantId: variantIds[spec.key], enabled: true, etaDate: spec.eta ?? null, leadTimeDays: spec.leadTimeDays ?? null } });
  }
  takeEvents(shop);
  tick();
  return { variantIds, locations };
}

function checkout(shop: string, lines: Array<{ variantId: string; quantity: number; properties?: Record<string, string> }>, email = "shopper@example.com", customerLocale = "de-DE") {
  return server.store.checkout(shop, { lines, email, customerLocale }) as any;
}

const ledger = (shop: string, orderId?: string) => prisma.backorderLine.findMany({ where: { shop, ...(orderId ? { orderId } : {}) }, orderBy: { orderedAt: "asc" } });
const orderRow = (shop: string, orderId: string) => prisma.backorderOrder.findUnique({ where: { shop_orderId: { shop, orderId } } });
const syncJobs = (shop: string) => prisma.job.findMany({ where: { shop, type: ORDER_SYNC_ACTIONS_JOB, status: "queued" } });
const settleJobs = (shop: string) => prisma.job.updateMany({ where: { shop }, data: { status: "done" } });

describe("classification of a new order", () => {
  it("GIVEN partial stock, two locations, in-stock, untracked and DENY lines THEN only the units taken below zero are backordered, at the right location, with the promised ETA", async () => {
    const shop = "ledger-classify.myshopify.com";
    const { variantIds: v, locations: [L1, L2] } = await setUpShop(shop, {
      locations: 2,
      variants: [
        { key: "partial", policy: "CONTINUE", levels: [2, 0], eta: "2026-12-15" },
        { key: "elsewhere", policy: "CONTINUE", levels: [0, 3], leadTimeDays: 5 },
        { key: "instock", policy: "CONTINUE", levels: [10, 0] },
        { key: "untracked", policy: "CONTINUE", tracked: false, levels: [0, 0] },
        { key: "deny", policy: "DENY", levels: [4, 0] },
      ],
    });
    const order = checkout(shop, [
      { variantId: v.partial, quantity: 5, properties: { Backorder: "Ships by Dec 15" } },
      { variantId: v.elsewhere, quantity: 4 },
      { variantId: v.instock, quantity: 1 },
      { variantId: v.untracked, quantity: 3 },
      { variantId: v.deny, quantity: 2 },
    ]);
    const events = takeEvents(shop);
    await deliver(shop, one(events, "orders/create"));

    const lines = await ledger(shop);
    const byVariant = new Map(lines.map((l) => [l.variantId, l]));
    expect(lines).toHaveLength(2);
    // 2 at L1, 5 ordered → 3 owed at L1; "elsewhere" was committed at L2 (3 there) → 1 owed at L2 (not 4 at L1)
    expect(byVariant.get(v.partial)).toMatchObject({ quantityOrdered: 5, quantityBackordered: 3, locationId: L1, sawNotice: true, status: "open", etaPromised: "2026-12-15", etaCurrent: "2026-12-15", customerEmail: "shopper@example.com", customerLocale: "de-DE", orderName: order.name, unitPrice: "10.00" });
    const leadEta = resolveEta({ now: new Date(order.created_at), timeZone: "America/New_York", etaDate: null, leadTimeDays: 5, businessDays: true })!.date;
    expect(byVariant.get(v.elsewhere)).toMatchObject({ quantityBackordered: 1, locationId: L2, sawNotice: false, etaPromised: leadEta });
    expect(ledgerReads()).toBe(1); // two stocked locations: Shopify says where units were committed

    expect(await orderRow(shop, order.admin_graphql_api_id)).toMatchObject({ status: "open", orderName: order.name, customerEmail: "shopper@example.com", cancelledAt: null });
    expect((await syncJobs(shop)).map((j) => JSON.parse(j.payload))).toEqual([{ orderId: order.admin_graphql_api_id }]);
    const emails = await prisma.emailMessage.findMany({ where: { shop } });
    expect(emails).toEqual([expect.objectContaining({ kind: "backorder_confirmation", idempotencyKey: `order-confirm/${order.admin_graphql_api_id}`, toEmail: "shopper@example.com", locale: "de" })]);
    expect(emails[0].reason).toBe(`Order ${order.name} has 2 backordered lines (ships by ${["2026-12-15", leadEta].sort()[1]})`);
    expect(JSON.parse(emails[0].data)).toEqual({ orderId: order.admin_graphql_api_id });
    expect(await prisma.job.count({ where: { shop, type: "email.send" } })).toBe(1);
    expect(await prisma.job.count({ where: { shop, type: ORDER_RECONCILE_JOB } })).toBe(1);

    // WHEN the same orders/create is delivered again (and the inventory webhooks now applied)
    for (const event of only(events, "inventory_levels/update")) await deliver(shop, event);
    await deliver(shop, one(events, "orders/create"));
    // THEN nothing new
    expect(await ledger(shop)).toHaveLength(2);
    expect(await prisma.emailMessage.count({ where: { shop } })).toBe(1);
  });

  it("GIVEN the sale's inventory webhook applied before the order webhook THEN the classification is the same; no email without the setting or an address", async () => {
    const shop = "ledger-late-order.myshopify.com";
    const { variantIds: v } = await setUpShop(shop, { locations: 1, variants: [{ key: "a", policy: "CONTINUE", levels: [2] }], settings: { sendBackorderConfirm: false } });
    const order = checkout(shop, [{ variantId: v.a, quantity: 5 }]);
    const events = takeEvents(shop);
    for (const event of only(events, "inventory_levels/update")) await deliver(shop, event);
    expect(await prisma.inventoryLevel.findFirst({ where: { shop } })).toMatchObject({ available: -3 });
    await deliver(shop, one(events, "orders/create"));
    expect(await ledger(shop)).toEqual([expect.objectContaining({ quantityBackordered: 3, sawNotice: false, orderId: order.admin_graphql_api_id })]);
    expect(ledgerReads()).toBe(0); // one location: no lookup
    expect(await prisma.emailMessage.count({ where: { shop } })).toBe(0);

    await prisma.shopSettings.update({ where: { shop }, data: { sendBackorderConfirm: true } });
    checkout(shop, [{ variantId: v.a, quantity: 1 }], "");
    await deliver(shop, one(takeEvents(shop), "orders/create"));
    expect(await ledger(shop)).toHaveLength(2);
    expect(await prisma.emailMessage.count({ where: { shop } })).toBe(0);
  });
});

describe("resolution and ordering", () => {
  it("GIVEN a backordered line WHEN in-stock units ship, the line is edited down, refunded, restocked and shipped THEN what is owed follows, and the ledger keeps every row", async () => {
    const shop = "ledger-resolve.myshopify.com";
    const { variantIds: v, locations: [L1] } = await setUpShop(shop, { locations: 1, variants: [{ key: "a", policy: "CONTINUE", levels: [2] }] });
    const order = checkout(shop, [{ variantId: v.a, quantity: 5 }]);
    const orderId = order.admin_graphql_api_id as string;
    const lineId = order.line_items[0].id;
    for (const event of takeEvents(shop)) await deliver(shop, event);
    const line = async () => (await ledger(shop, orderId))[0];
    expect(await line()).toMatchObject({ quantityBackordered: 3, quantityResolved: 0, status: "open" });

    // the 2 in-stock units ship: still 3 owed
    tick();
    server.store.fulfillOrder(shop, order.id, { lineItemId: lineId, quantity: 2 });
    let events = takeEvents(shop);
    await deliver(shop, one(events, "fulfillments/create"));
    expect(ledgerReads()).toBe(1); // fulfillments/create re-reads the order
    await deliver(shop, one(events, "orders/updated"));
    expect(await line()).toMatchObject({ quantityResolved: 0, status: "open" });

    // edited 5 → 4: the removed unit comes off the backorder
    tick();
    server.store.editOrderLine(shop, order.id, { lineItemId: lineId, quantity: 4 });
    await deliver(shop, one(takeEvents(shop), "orders/updated"));
    expect(await line()).toMatchObject({ quantityResolved: 1, status: "open" });

    // a refund of 1 unfulfilled unit (orders/updated processed before refunds/create)
    tick();
    server.store.refundOrder(shop, order.id, { lineItemId: lineId, quantity: 1, restock: true });
    events = takeEvents(shop);
    await deliver(shop, one(events, "orders/updated"));
    await deliver(shop, one(events, "refunds/create"));
    expect(await line()).toMatchObject({ quantityResolved: 2, status: "open" });

    // stock arrives: the last owed unit is allocated and the order re-synced
    await settleJobs(shop);
    tick();
    server.store.setAvailable(shop, { variantId: v.a, locationId: L1, available: 5 });
    for (const event of only(takeEvents(shop), "inventory_levels/update")) await deliver(shop, event);
    expect(await line()).toMatchObject({ quantityAllocated: 1, status: "open" });
    expect((await syncJobs(shop)).map((j) => JSON.parse(j.payload))).toEqual([{ orderId }]);

    // and ships
    tick();
    server.store.fulfillOrder(shop, order.id);
    events = takeEvents(shop);
    await deliver(shop, one(events, "orders/updated"));
    await deliver(shop, one(events, "fulfillments/create"));
    expect(await line()).toMatchObject({ quantityResolved: 3, status: "fulfilled", resolvedAt: expect.any(Date) });
    expect(await orderRow(shop, orderId)).toMatchObject({ status: "closed" });
  });

  it("GIVEN a refund of the backordered units THEN the line is refunded, whichever of refunds/create and orders/updated comes first", async () => {
    const shop = "ledger-refund.myshopify.com";
    const { variantIds: v } = await setUpShop(shop, { locations: 1, variants: [{ key: "a", policy: "CONTINUE", levels: [0] }] });
    const first = checkout(shop, [{ variantId: v.a, quantity: 2 }]);
    const second = checkout(shop, [{ variantId: v.a, quantity: 1 }]);
    for (const event of only(takeEvents(shop), "orders/create")) await deliver(shop, event);
    tick();
    server.store.refundOrder(shop, first.id, { lineItemId: first.line_items[0].id, quantity: 2 });
    server.store.refundOrder(shop, second.id, { lineItemId: second.line_items[0].id, quantity: 1 });
    const events = takeEvents(shop);
    const [firstRefund, secondRefund] = only(events, "refunds/create");
    const [firstUpdate, secondUpdate] = only(events, "orders/updated");
    await deliver(shop, firstRefund);
    await deliver(shop, firstUpdate);
    await deliver(shop, secondUpdate);
    await deliver(shop, secondRefund);
    expect((await ledger(shop)).map((l) => [l.quantityBackordered, l.quantityResolved, l.status])).toEqual([[2, 2, "refunded"], [1, 1, "refunded"]]);
  });

  it("GIVEN updates and a cancel delivered out of order THEN stale updates are ignored and the cancel always wins", async () => {
    const shop = "ledger-ordering.myshopify.com";
    const { variantIds: v } = await setUpShop(shop, { locations: 1, variants: [{ key: "a", policy: "CONTINUE", levels: [0] }] });
    const order = checkout(shop, [{ variantId: v.a, quantity: 3 }]);
    const orderId = order.admin_graphql_api_id as string;
    await deliver(shop, one(takeEvents(shop), "orders/create"));
    tick();
    server.store.editOrderLine(shop, order.id, { lineItemId: order.line_items[0].id, quantity: 2 });
    const editedToTwo = one(takeEvents(shop), "orders/updated");
    tick();
    server.store.editOrderLine(shop, order.id, { lineItemId: order.line_items[0].id, quantity: 1 });
    const editedToOne = one(takeEvents(shop), "orders/updated");

    await deliver(shop, editedToOne);
    await deliver(shop, editedToTwo); // older: ignored
    expect((await ledger(shop))[0]).toMatchObject({ quantityResolved: 2, status: "open" });
    expect((await orderRow(shop, orderId))!.shopifyUpdatedAt).toEqual(new Date((editedToOne.payload as any).updated_at));

    tick();
    server.store.cancelOrder(shop, order.id);
    const cancelEvents = takeEvents(shop);
    await deliver(shop, one(cancelEvents, "orders/updated"));
    await deliver(shop, one(cancelEvents, "orders/cancelled"));
    await deliver(shop, editedToTwo); // a very late, stale update can't reopen it
    expect((await ledger(shop))[0]).toMatchObject({ quantityResolved: 3, status: "cancelled" });
    expect(await orderRow(shop, orderId)).toMatchObject({ status: "closed", cancelledAt: expect.any(Date) });
  });

  it("GIVEN orders/cancelled before orders/create THEN the cancel is kept and the late create records cancelled lines without an email", async () => {
    const shop = "ledger-cancel-first.myshopify.com";
    const { variantIds: v } = await setUpShop(shop, { locations: 1, variants: [{ key: "a", policy: "CONTINUE", levels: [0] }] });
    const order = checkout(shop, [{ variantId: v.a, quantity: 2 }]);
    const created = one(takeEvents(shop), "orders/create");
    tick();
    server.store.cancelOrder(shop, order.id);
    const events = takeEvents(shop);
    await deliver(shop, one(events, "orders/cancelled"));
    expect(await orderRow(shop, order.admin_graphql_api_id)).toMatchObject({ status: "closed", cancelledAt: expect.any(Date) });
    await deliver(shop, created);
    await deliver(shop, one(events, "orders/updated"));
    expect(await ledger(shop)).toEqual([expect.objectContaining({ quantityBackordered: 2, quantityResolved: 2, status: "cancelled" })]);
    expect(await orderRow(shop, order.admin_graphql_api_id)).toMatchObject({ status: "closed" });
    expect(await prisma.emailMessage.count({ where: { shop } })).toBe(0);
  });
});

describe("reallocation when stock arrives", () => {
  it("GIVEN three open orders WHEN 3 units arrive while 2 are still owed below zero THEN the oldest lines get them and only their orders re-sync", async () => {
    const shop = "ledger-realloc.myshopify.com";
    const { variantIds: v, locations: [L1] } = await setUpShop(shop, { locations: 1, variants: [{ key: "a", policy: "CONTINUE", levels: [0] }] });
    const orders = [];
    for (const quantity of [2, 2, 1]) {
      orders.push(checkout(shop, [{ variantId: v.a, quantity }]));
      tick();
    }
    for (const event of takeEvents(shop)) await deliver(shop, event);
    expect((await ledger(shop)).map((l) => l.quantityBackordered)).toEqual([2, 2, 1]);
    expect((await ledger(shop)).map((l) => l.quantityAllocated)).toEqual([0, 0, 0]);
    await settleJobs(shop);

    server.store.adjustAvailable(shop, { variantId: v.a, locationId: L1, delta: 3 }); // -5 → -2
    const restock = only(takeEvents(shop), "inventory_levels/update");
    for (const event of restock) await deliver(shop, event);
    expect((await ledger(shop)).map((l) => l.quantityAllocated)).toEqual([2, 1, 0]);
    expect((await syncJobs(shop)).map((j) => JSON.parse(j.payload).orderId).sort()).toEqual([orders[0].admin_graphql_api_id, orders[1].admin_graphql_api_id].sort());

    // a duplicate delivery changes nothing and requests nothing
    await settleJobs(shop);
    for (const event of restock) await deliver(shop, event);
    expect((await ledger(shop)).map((l) => l.quantityAllocated)).toEqual([2, 1, 0]);
    expect(await syncJobs(shop)).toEqual([]);
  });
});

describe("alert conversion", () => {
  it("GIVEN notified subscribers WHEN the same address orders the variant within 7 days THEN only that subscription converts", async () => {
    const shop = "ledger-conversion.myshopify.com";
    const { variantIds: v } = await setUpShop(shop, { locations: 1, variants: [{ key: "a", policy: "CONTINUE", levels: [5] }, { key: "b", policy: "CONTINUE", levels: [5] }] });
    const days = (n: number) => new Date(clock.getTime() - n * 86_400_000);
    const subscription = (email: string, variantId: string, notifiedAt: Date, status = "notified") =>
      prisma.restockSubscription.create({ data: { shop, variantId, productId: "gid://shopify/Product/1", email, emailNormalized: email.toLowerCase(), status, notifiedAt, unsubscribeToken: `${email}-${variantId}` } });
    const recent = await subscription("Fan@Example.com", v.a, days(2));
    const old = await subscription("fan@example.com", v.b, days(10));
    const otherAddress = await subscription("other@example.com", v.a, days(1));
    const order = checkout(shop, [{ variantId: v.a, quantity: 1 }, { variantId: v.b, quantity: 1 }], "FAN@example.com");
    await deliver(shop, one(takeEvents(shop), "orders/create"));
    const rows = new Map((await prisma.restockSubscription.findMany({ where: { shop } })).map((s) => [s.id, s]));
    expect(rows.get(recent.id)).toMatchObject({ convertedOrderId: order.admin_graphql_api_id, convertedAt: new Date(order.created_at) });
    expect(rows.get(old.id)!.convertedOrderId).toBeNull();
    expect(rows.get(otherAddress.id)!.convertedOrderId).toBeNull();
    expect(await ledger(shop)).toEqual([]); // in stock: not a backorder, but still a conversion
  });
});

describe("hourly reconciliation", () => {
  it("GIVEN webhooks that never arrived THEN orders.reconcile reads Shopify, corrects the ledger and schedules the next hour", async () => {
    const shop = "ledger-reconcile.myshopify.com";
    const { variantIds: v, locations: [L1] } = await setUpShop(shop, { locations: 1, variants: [{ key: "a", policy: "CONTINUE", levels: [0] }] });
    const shipped = checkout(shop, [{ variantId: v.a, quantity: 2 }]);
    const cancelled = checkout(shop, [{ variantId: v.a, quantity: 1 }]);
    const untouched = checkout(shop, [{ variantId: v.a, quantity: 1 }]);
    for (const event of only(takeEvents(shop), "orders/create")) await deliver(shop, event);
    expect((await ledger(shop)).map((l) => l.status)).toEqual(["open", "open", "open"]);

    tick(30);
    server.store.setAvailable(shop, { variantId: v.a, locationId: L1, available: 10 });
    server.store.fulfillOrder(shop, shipped.id);
    server.store.cancelOrder(shop, cancelled.id);
    takeEvents(shop); // lost

    const job: ClaimedJob = { id: `job-${++jobSeq}`, shop, type: ORDER_RECONCILE_JOB, payload: {}, attempts: 1, maxAttempts: 8 };
    await jobHandlers[ORDER_RECONCILE_JOB](job, clock);
    const byOrder = new Map((await ledger(shop)).map((l) => [l.orderId, l]));
    expect(byOrder.get(shipped.admin_graphql_api_id)).toMatchObject({ status: "fulfilled", quantityResolved: 2 });
    expect(byOrder.get(cancelled.admin_graphql_api_id)).toMatchObject({ status: "cancelled" });
    expect(byOrder.get(untouched.admin_graphql_api_id)).toMatchObject({ status: "open", quantityResolved: 0 });
    expect(ledgerReads()).toBe(3);
    const nextHour = new Date((Math.floor(clock.getTime() / 3_600_000) + 1) * 3_600_000);
    expect(await prisma.job.findFirst({ where: { shop, type: ORDER_RECONCILE_JOB, idempotencyKey: orderReconcileJobKey(nextHour) } })).not.toBeNull();
  });
});
