// Order actions against the in-process simulator (real 2026-10 schema, the app's shopify.app.toml): an order from
// the simulator checkout with an in-stock and a backordered line, ledger rows seeded as the ledger writes them, and
// syncOrderActions making the order match — tags, ETA note + metafield, split/hold/release — once.
import { fileURLToPath } from "node:url";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { NOTE_BLOCK_START } from "#app/domain/order-actions";
import { OrderActionsError, syncOrderActions } from "#app/services/order-actions.server";
import { createAdminGateway, type AdminGraphql } from "#app/shopify/admin-gateway.server";
import { createAdminGraphqlExecutor } from "../../simulator/graphql/execute";
import { SimulatorStore } from "../../simulator/store";

const SHOP = "order-actions.myshopify.com";
const APP_TOML = fileURLToPath(new URL("../../shopify.app.toml", import.meta.url));
const NOW = new Date("2026-11-24T10:00:00Z");

const store = new SimulatorStore({ appConfigPath: APP_TOML });
const execute = createAdminGraphqlExecutor(store);
const operations: string[] = [];
/** Fails the named operation once with these userErrors (as Shopify would answer), then behaves normally. */
const failOnce = new Map<string, Record<string, unknown>>();

const graphql: AdminGraphql = async (query, opts) => {
  const name = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous";
  operations.push(name);
  const canned = failOnce.get(name);
  if (canned) {
    failOnce.delete(name);
    return new Response(JSON.stringify({ data: canned }), { status: 200 });
  }
  const result = await execute(SHOP, { query, variables: opts?.variables ?? {} });
  return new Response(JSON.stringify(result.body), { status: result.status });
};
const gateway = createAdminGateway(graphql);
const mutations = () => operations.filter((name) => name !== "BackordersOrderForActions");

async function gql(query: string, variables: Record<string, unknown> = {}) {
  const result = (await execute(SHOP, { query, variables })).body as { data: any; errors?: unknown };
  expect(result.errors).toBeUndefined();
  return result.data;
}

type OrderView = {
  tags: string[];
  note: string | null;
  metafield: { value: string } | null;
  fulfillmentOrders: { nodes: Array<{ id: string; status: string; fulfillmentHolds: Array<{ reason: string; reasonNotes: string | null; handle: string }>; lineItems: { nodes: Array<{ remainingQuantity: number; lineItem: { id: string } }> } }> };
};

async function readOrder(orderId: string): Promise<OrderView> {
  const data = await gql(
    `query($id: ID!) { order(id: $id) {
      tags note metafield(namespace: "$app", key: "backorder_etas") { value }
      fulfillmentOrders(first: 10) { nodes { id status fulfillmentHolds { reason reasonNotes handle } lineItems(first: 10) { nodes { remainingQuantity lineItem { id } } } } }
    } }`,
    { id: orderId },
  );
  return data.order;
}

/** Fulfillment orders as "STATUS lineItemId×qty,…", sorted, for readable assertions. */
function layout(order: OrderView, names: Record<string, string>): string[] {
  return order.fulfillmentOrders.nodes
    .map((fo) => `${fo.status} ${fo.lineItems.nodes.map((i) => `${names[i.lineItem.id]}×${i.remainingQuantity}`).sort().join(",")}`)
    .sort();
}

let inStockVariant: string;
let backorderVariant: string;
let orderCounter = 0;

beforeAll(() => {
  store.createShop(SHOP, { seed: "empty" });
  store.createProduct(SHOP, {
    title: "Widget",
    variants: [
      { title: "Red", inventoryPolicy: "DENY", available: { "Shop location": 100 } },
      { title: "Blue", inventoryPolicy: "CONTINUE", available: { "Shop location": 1 } },
    ],
  });
  const variants = store.snapshot(SHOP).variants;
  inStockVariant = variants.find((v) => v.inventoryPolicy === "DENY")!.id;
  backorderVariant = variants.find((v) => v.inventoryPolicy === "CONTINUE")!.id;
});

beforeEach(async () => {
  operations.length = 0;
  failOnce.clear();
  await prisma.shopSettings.upsert({
    where: { shop: SHOP },
    create: { shop: SHOP, holdBackorderedLines: true },
    update: { tagBackorderedOrders: true, holdBackorderedLines: true, sendShippingSoon: true, noteEtaOnOrders: true, flagUnseenBackorders: true },
  });
});

/**
 * A checkout of 1 × Red (in stock) and 3 × Blue with 1 Blue left: 2 Blue backordered. Seeds the ledger rows the
 * ledger writes for it, with the simulator's ids.
 */
async function placeBackorder(opts: { sawNotice?: boolean; note?: string } = {}) {
  store.setAvailable(SHOP, { variantId: backorderVariant, available: 1 });
  const payload = store.checkout(SHOP, {
    lines: [{ variantId: inStockVariant, quantity: 1 }, { variantId: backorderVariant, quantity: 3 }],
    email: "shopper@example.com",
  }) as { admin_graphql_api_id: string; name: string };
  const orderId = payload.admin_graphql_api_id;
  if (opts.note) await gql(`mutation($input: OrderInput!) { orderUpdate(input: $input) { userErrors { message } } }`, { input: { id: orderId, note: opts.note } });
  const items = (await gql(`query($id: ID!) { order(id: $id) { lineItems(first: 5) { nodes { id variant { id } } } } }`, { id: orderId })).order.lineItems.nodes as Array<{ id: string; variant: { id: string } }>;
  const redItem = items.find((i) => i.variant.id === inStockVariant)!.id;
  const blueItem = items.find((i) => i.variant.id === backorderVariant)!.id;
  const location = store.snapshot(SHOP).locations[0].id;
  orderCounter += 1;
  const orderedAt = new Date(NOW.getTime() - orderCounter * 60_000);
  await prisma.backorderOrder.create({ data: { shop: SHOP, orderId, orderName: payload.name, customerEmail: "shopper@example.com", orderedAt } });
  const line = await prisma.backorderLine.create({
    data: {
      shop: SHOP,
      orderId,
      orderName: payload.name,
      lineItemId: blueItem,
      variantId: backorderVariant,
      customerEmail: "shopper@example.com",
      customerLocale: "de",
      quantityOrdered: 3,
      quantityBackordered: 2,
      etaPromised: "2026-12-05",
      etaCurrent: "2026-12-05",
      sawNotice: opts.sawNotice ?? true,
      orderedAt,
      productTitle: "Widget",
      variantTitle: "Blue",
      locationId: location,
    },
  });
  return { orderId, orderName: payload.name, lineId: line.id, names: { [redItem]: "Red", [blueItem]: "Blue" } };
}

const sync = (orderId: string) => syncOrderActions({ shop: SHOP, orderId, gateway, now: NOW });

describe("order actions against the simulator", () => {
  it("tags the order, writes the ETA note and metafield, splits off the backordered units and holds them; a second run changes nothing", async () => {
    // GIVEN
    const order = await placeBackorder({ note: "Leave at the back door" });
    expect(layout(await readOrder(order.orderId), order.names)).toEqual(["OPEN Blue×3,Red×1"]);
    // WHEN
    const first = await sync(order.orderId);
    // THEN
    expect(first).toMatchObject({ status: "synced" });
    const after = await readOrder(order.orderId);
    expect(after.tags).toEqual(["backorder"]);
    expect(after.note).toBe(`Leave at the back door\n\n${NOTE_BLOCK_START}\n- 2 × Widget – Blue: ships by 2026-12-05\n[/Backorders]`);
    expect(JSON.parse(after.metafield!.value)).toEqual([{ lineItemId: Object.keys(order.names)[1], title: "Widget – Blue", quantity: 2, eta: "2026-12-05" }]);
    expect(layout(after, order.names)).toEqual(["ON_HOLD Blue×2", "OPEN Blue×1,Red×1"]);
    const held = after.fulfillmentOrders.nodes.find((fo) => fo.status === "ON_HOLD")!;
    expect(held.fulfillmentHolds).toEqual([{ reason: "INVENTORY_OUT_OF_STOCK", reasonNotes: "Backordered: ships by 2026-12-05", handle: "backorders" }]);
    const line = await prisma.backorderLine.findUniqueOrThrow({ where: { id: order.lineId } });
    expect(line).toMatchObject({ holdStatus: "held", fulfillmentOrderId: held.id, heldAt: NOW });
    expect(await prisma.backorderOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: order.orderId } } })).toMatchObject({
      tagged: true,
      reviewFlagged: false,
      noteSynced: expect.stringContaining("ships by 2026-12-05"),
      actionsSyncedAt: NOW,
    });
    expect(mutations()).toEqual([
      "BackordersAddTags",
      "BackordersUpdateOrderEtaNote",
      "BackordersSplitFulfillmentOrder",
      "BackordersHoldFulfillmentOrder",
    ]);

    // WHEN run again
    operations.length = 0;
    const second = await sync(order.orderId);
    // THEN one read, no mutation
    expect(second).toEqual({ status: "synced", mutations: [], shippingSoonEmails: 0 });
    expect(operations).toEqual(["BackordersOrderForActions"]);
    expect(layout(await readOrder(order.orderId), order.names)).toEqual(["ON_HOLD Blue×2", "OPEN Blue×1,Red×1"]);
  });

  it("releases the hold when arrived stock covers the line and enqueues one shipping-soon email; removes the tag and ETAs once nothing is owed", async () => {
    // GIVEN a held order
    const order = await placeBackorder({ note: "Gift" });
    await sync(order.orderId);
    // WHEN stock arrives and the ledger allocates it to the line
    await prisma.backorderLine.update({ where: { id: order.lineId }, data: { quantityAllocated: 2 } });
    operations.length = 0;
    const released = await sync(order.orderId);
    await sync(order.orderId);
    // THEN
    expect(released).toMatchObject({ status: "synced", shippingSoonEmails: 1 });
    expect(operations.filter((o) => o === "BackordersReleaseFulfillmentOrderHold")).toHaveLength(1);
    const after = await readOrder(order.orderId);
    expect(layout(after, order.names)).toEqual(["OPEN Blue×1,Red×1", "OPEN Blue×2"]);
    expect(after.fulfillmentOrders.nodes.flatMap((fo) => fo.fulfillmentHolds)).toEqual([]);
    expect(await prisma.backorderLine.findUniqueOrThrow({ where: { id: order.lineId } })).toMatchObject({ holdStatus: "released", releasedAt: NOW });
    const emails = await prisma.emailMessage.findMany({ where: { shop: SHOP, kind: "shipping_soon", idempotencyKey: `ship/${order.lineId}` } });
    expect(emails).toHaveLength(1);
    expect(emails[0]).toMatchObject({ toEmail: "shopper@example.com", locale: "de" });
    expect(emails[0].reason).toContain("Stock arrived for 2 × Widget – Blue");
    expect(await prisma.job.count({ where: { shop: SHOP, type: "email.send", payload: { contains: emails[0].id } } })).toBe(1);

    // WHEN the line is fulfilled (nothing owed any more)
    await prisma.backorderLine.update({ where: { id: order.lineId }, data: { status: "fulfilled", quantityResolved: 2, resolvedAt: NOW } });
    operations.length = 0;
    await sync(order.orderId);
    // THEN the tag, the note block and the metafield go; the merchant's note stays
    const done = await readOrder(order.orderId);
    expect(done.tags).toEqual([]);
    expect(done.note).toBe("Gift");
    expect(done.metafield).toBeNull();
    expect(mutations().sort()).toEqual(["BackordersDeleteMetafields", "BackordersRemoveTags", "BackordersUpdateOrderEtaNote"]);
    expect(await prisma.backorderOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: order.orderId } } })).toMatchObject({ tagged: false, noteSynced: null });
    expect(await prisma.emailMessage.count({ where: { shop: SHOP, kind: "shipping_soon" } })).toBe(1);
  });

  it("flags a backorder the shopper never saw the notice for with the review tag, once", async () => {
    // GIVEN
    const order = await placeBackorder({ sawNotice: false });
    // WHEN
    await sync(order.orderId);
    // THEN
    expect((await readOrder(order.orderId)).tags.sort()).toEqual(["backorder", "backorder-review"]);
    expect(await prisma.backorderOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: order.orderId } } })).toMatchObject({ reviewFlagged: true });
    // WHEN the merchant reviews it (removes the tag) and the order syncs again
    await gql(`mutation($id: ID!) { tagsRemove(id: $id, tags: ["backorder-review"]) { userErrors { message } } }`, { id: order.orderId });
    operations.length = 0;
    await sync(order.orderId);
    // THEN it is not flagged again
    expect(mutations()).toEqual([]);
    expect((await readOrder(order.orderId)).tags).toEqual(["backorder"]);
  });

  it("does nothing to the order when every order action is switched off", async () => {
    // GIVEN
    await prisma.shopSettings.update({
      where: { shop: SHOP },
      data: { tagBackorderedOrders: false, holdBackorderedLines: false, sendShippingSoon: false, noteEtaOnOrders: false, flagUnseenBackorders: false },
    });
    const order = await placeBackorder({ sawNotice: false });
    // WHEN
    const result = await sync(order.orderId);
    // THEN
    expect(result).toEqual({ status: "synced", mutations: [], shippingSoonEmails: 0 });
    expect(operations).toEqual(["BackordersOrderForActions"]);
    const after = await readOrder(order.orderId);
    expect(after).toMatchObject({ tags: [], note: null, metafield: null });
    expect(layout(after, order.names)).toEqual(["OPEN Blue×3,Red×1"]);
    expect(await prisma.backorderLine.findUniqueOrThrow({ where: { id: order.lineId } })).toMatchObject({ holdStatus: "none" });
  });

  it("surfaces userErrors as a clear error naming the order and the line, keeps the steps that worked, and the next run finishes", async () => {
    // GIVEN Shopify refuses the hold once
    const order = await placeBackorder();
    failOnce.set("BackordersHoldFulfillmentOrder", {
      fulfillmentOrderHold: { fulfillmentHold: null, fulfillmentOrder: null, userErrors: [{ field: ["id"], message: "The fulfillment order can't be placed on hold because it is closed.", code: null }] },
    });
    // WHEN
    const failed = await sync(order.orderId).catch((error: unknown) => error);
    // THEN
    expect(failed).toBeInstanceOf(OrderActionsError);
    expect((failed as Error).message).toBe(
      `Order ${order.orderName}: could not put "Widget – Blue" on hold (BackordersHoldFulfillmentOrder: id: The fulfillment order can't be placed on hold because it is closed.)`,
    );
    const partial = await readOrder(order.orderId);
    expect(partial.tags).toEqual(["backorder"]);
    expect(layout(partial, order.names)).toEqual(["OPEN Blue×1,Red×1", "OPEN Blue×2"]);
    expect(await prisma.backorderOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: SHOP, orderId: order.orderId } } })).toMatchObject({ tagged: true });
    // WHEN the job retries
    operations.length = 0;
    await sync(order.orderId);
    // THEN only the missing hold is applied
    expect(mutations()).toEqual(["BackordersHoldFulfillmentOrder"]);
    expect(layout(await readOrder(order.orderId), order.names)).toEqual(["ON_HOLD Blue×2", "OPEN Blue×1,Red×1"]);
    expect(await prisma.backorderLine.findUniqueOrThrow({ where: { id: order.lineId } })).toMatchObject({ holdStatus: "held" });
  });

  it("skips orders without ledger rows without calling Shopify", async () => {
    operations.length = 0;
    expect(await sync("gid://shopify/Order/999999")).toEqual({ status: "no_ledger" });
    expect(operations).toEqual([]);
  });
});
