// The simulator's order lifecycle: cancel, fulfil, refund and edit change orders, fulfillment orders and inventory
// like Shopify and emit the topic webhook + orders/updated with REST-shaped bodies; the /_sim commands expose them.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SimulatorStore, type SimEvent } from "../../simulator/store";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { APP_CONFIG } from "../support/simulator-app";

const SHOP = "orders-sim.myshopify.com";

function setUp() {
  const store = new SimulatorStore({ now: () => new Date("2026-11-02T15:00:00Z"), productUpdateOnInventoryChange: false });
  store.createShop(SHOP, { seed: "empty" });
  const location = store.snapshot(SHOP).locations[0].id;
  const product = store.createProduct(SHOP, {
    title: "Kettle",
    variants: [
      { title: "Steel", sku: "K-1", price: "40.00", inventoryPolicy: "CONTINUE", available: { [location]: 2 } },
      { title: "Copper", sku: "K-2", price: "55.00", inventoryPolicy: "DENY", available: { [location]: 9 } },
    ],
  }) as any;
  const [steel, copper] = product.variants.map((v: any) => v.admin_graphql_api_id as string);
  const events: SimEvent[] = [];
  store.onEvent((event) => events.push(event));
  const order = store.checkout(SHOP, {
    lines: [
      { variantId: steel, quantity: 5, properties: { Backorder: "Ships by Dec 1" } },
      { variantId: copper, quantity: 1 },
    ],
    email: "Shopper@Example.com",
    customerLocale: "de-DE",
  }) as any;
  events.length = 0;
  const level = (variantId: string) => store.snapshot(SHOP).variants.find((v) => v.id === variantId)!.availableTotal;
  const committed = (variantId: string) => {
    const data = store.getShopData(SHOP);
    const variant = store.requireVariant(data, variantId);
    return data.itemOf(variant).levels.reduce((sum, l) => sum + l.committed, 0);
  };
  const topics = () => events.map((e) => e.topic).filter((t) => !t.startsWith("inventory_levels") && !t.startsWith("products/"));
  return { store, events, order, steel, copper, level, committed, topics, steelLine: order.line_items[0], copperLine: order.line_items[1] };
}

describe("order payloads", () => {
  it("GIVEN a checkout THEN orders/create carries properties, customer email/locale and current quantities", () => {
    const { order } = setUp();
    expect(order).toMatchObject({
      email: "Shopper@Example.com",
      customer_locale: "de-DE",
      customer: { email: "Shopper@Example.com" },
      cancelled_at: null,
      fulfillment_status: null,
      line_items: [
        { quantity: 5, current_quantity: 5, fulfillable_quantity: 5, properties: [{ name: "Backorder", value: "Ships by Dec 1" }], admin_graphql_api_id: expect.stringMatching(/^gid:\/\/shopify\/LineItem\//) },
        { quantity: 1, current_quantity: 1, properties: [] },
      ],
    });
    expect(order.updated_at).toMatch(/^2026-11-02T10:00:00-05:00$/);
  });
});

describe("order lifecycle commands", () => {
  it("GIVEN an order WHEN cancelled THEN fulfillment orders are cancelled, stock restocked, orders/cancelled + orders/updated fire", () => {
    const { store, order, steel, level, committed, topics, events } = setUp();
    expect(level(steel)).toBe(-3);
    const payload = store.cancelOrder(SHOP, order.admin_graphql_api_id) as any;
    expect(payload.cancelled_at).not.toBeNull();
    expect(payload.line_items[0]).toMatchObject({ quantity: 5, current_quantity: 0, fulfillable_quantity: 0 });
    expect(level(steel)).toBe(2);
    expect(committed(steel)).toBe(0);
    expect(topics()).toEqual(["orders/cancelled", "orders/updated"]);
    const data = store.getShopData(SHOP);
    const record = store.requireOrder(data, order.id);
    expect(record.fulfillmentOrderIds.map((id) => data.fulfillmentOrders.get(id)!.status)).toEqual(["CANCELLED"]);
    expect(() => store.cancelOrder(SHOP, order.id)).toThrow(/cancelled/);
    expect(events.some((e) => e.topic === "inventory_levels/update")).toBe(true);
  });

  it("GIVEN an order WHEN one line is partly fulfilled THEN fulfillments/create names the units and orders/updated shows them", () => {
    const { store, order, steel, steelLine, committed, topics, events } = setUp();
    const result = store.fulfillOrder(SHOP, order.id, { lineItemId: steelLine.admin_graphql_api_id, quantity: 2 }) as any;
    expect(result.fulfillments).toHaveLength(1);
    expect(result.fulfillments[0]).toMatchObject({ order_id: order.id, status: "success", line_items: [{ id: steelLine.id, quantity: 2 }] });
    expect(committed(steel)).toBe(3);
    expect(topics()).toEqual(["fulfillments/create", "orders/updated"]);
    const updated = events.find((e) => e.topic === "orders/updated")!.payload as any;
    expect(updated.fulfillment_status).toBe("partial");
    expect(updated.line_items[0]).toMatchObject({ fulfillable_quantity: 3, fulfillment_status: "partial" });
    expect(updated.fulfillments[0].line_items[0]).toMatchObject({ admin_graphql_api_id: steelLine.admin_graphql_api_id, quantity: 2 });
    // everything else
    store.fulfillOrder(SHOP, order.id);
    const data = store.getShopData(SHOP);
    expect(store.requireOrder(data, order.id).fulfillmentOrderIds.map((id) => data.fulfillmentOrders.get(id)!.status)).toEqual(["CLOSED"]);
    expect(() => store.fulfillOrder(SHOP, order.id)).toThrow(/nothing to fulfil/);
    expect(() => store.cancelOrder(SHOP, order.id)).toThrow(/refund it instead/);
  });

  it("GIVEN a held fulfillment order THEN fulfilling it is refused with the held count", () => {
    const { store, order, steelLine } = setUp();
    const data = store.getShopData(SHOP);
    data.fulfillmentOrders.get(store.requireOrder(data, order.id).fulfillmentOrderIds[0])!.status = "ON_HOLD";
    expect(() => store.fulfillOrder(SHOP, order.id, { lineItemId: steelLine.id, quantity: 1 })).toThrow(/Only 0 unit\(s\) of Kettle can be fulfilled \(5 on hold\)/);
  });

  it("GIVEN an unfulfilled line WHEN refunded with restock THEN current quantity drops, units are available again, refunds/create + orders/updated fire", () => {
    const { store, order, steel, steelLine, level, committed, topics, events } = setUp();
    const refund = store.refundOrder(SHOP, order.id, { lineItemId: steelLine.id, quantity: 2, restock: true }) as any;
    expect(refund).toMatchObject({ order_id: order.id, restock: true, refund_line_items: [{ line_item_id: steelLine.id, quantity: 2, restock_type: "cancel", line_item: { admin_graphql_api_id: steelLine.admin_graphql_api_id } }] });
    expect(level(steel)).toBe(-1);
    expect(committed(steel)).toBe(3);
    expect(topics()).toEqual(["refunds/create", "orders/updated"]);
    const updated = events.find((e) => e.topic === "orders/updated")!.payload as any;
    expect(updated.line_items[0]).toMatchObject({ quantity: 5, current_quantity: 3, fulfillable_quantity: 3 });
    expect(updated.refunds).toHaveLength(1);
    expect(() => store.refundOrder(SHOP, order.id, { lineItemId: steelLine.id, quantity: 4 })).toThrow(/Only 3 unit/);
  });

  it("GIVEN a line WHEN edited down THEN removed units are restocked and only orders/updated fires", () => {
    const { store, order, steel, steelLine, level, topics } = setUp();
    const payload = store.editOrderLine(SHOP, order.id, { lineItemId: steelLine.id, quantity: 1 }) as any;
    expect(payload.line_items[0]).toMatchObject({ quantity: 5, current_quantity: 1, fulfillable_quantity: 1 });
    expect(level(steel)).toBe(1);
    expect(topics()).toEqual(["orders/updated"]);
    expect(() => store.editOrderLine(SHOP, order.id, { lineItemId: steelLine.id, quantity: 3 })).toThrow(/only edits quantities down/);
  });
});

describe("/_sim order commands", () => {
  let sim: RunningSimulator;
  const shop = "orders-http.myshopify.com";
  beforeAll(async () => {
    sim = await startSimulator({ port: 0, appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: "s", appConfigPath: APP_CONFIG, seed: "demo", shops: [shop], webhookRetry: { attempts: 1, baseDelayMs: 1 } });
  });
  afterAll(() => sim?.close());

  const post = (path: string, body: unknown) => fetch(`${sim.url}/_sim/${shop}${path}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

  it("GIVEN an order placed through /checkout THEN fulfill, refund, edit and cancel work over HTTP and each topic is subscribed in shopify.app.toml", async () => {
    const variant = sim.store.snapshot(shop).variants.find((v) => v.tracked && v.inventoryPolicy === "CONTINUE")!;
    const order = (await (await post("/checkout", { lines: [{ variantId: variant.id, quantity: 4 }], email: "a@example.com", locale: "fr" })).json()) as any;
    expect(order.customer_locale).toBe("fr");
    const line = order.line_items[0].id;

    expect((await post(`/orders/${order.id}/fulfill`, { lineItemId: line, quantity: 1 })).status).toBe(200);
    expect((await post(`/orders/${order.id}/refund`, { lineItemId: line, quantity: 1, restock: true })).status).toBe(200);
    const edited = (await (await post(`/orders/${order.id}/edit`, { lineItemId: line, quantity: 2 })).json()) as any;
    expect(edited.line_items[0]).toMatchObject({ current_quantity: 2, fulfillable_quantity: 1 });
    const refused = await post(`/orders/${order.id}/cancel`, {});
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as any).error.message).toMatch(/refund it instead/);
    expect((await post(`/orders/${order.id}/refund`, {})).status).toBe(400);
    expect((await post(`/orders/${order.id}/explode`, {})).status).toBe(404);

    const second = (await (await post("/checkout", { lines: [{ variantId: variant.id, quantity: 1 }] })).json()) as any;
    expect((await post(`/orders/${second.id}/cancel`, { reason: "inventory" })).status).toBe(200);

    // the simulator's order list shows tags, note, line properties, fulfillment orders and holds
    const data = sim.store.getShopData(shop);
    const record = sim.store.requireOrder(data, second.id);
    record.tags = ["backorder"];
    record.note = "Kettle: ships by 2026-12-01";
    const held = sim.store.requireOrder(data, order.id);
    const fo = data.fulfillmentOrders.get(held.fulfillmentOrderIds[0])!;
    fo.status = "ON_HOLD";
    fo.holds.push({ __typename: "FulfillmentHold", id: 1, reason: "OTHER", reasonNotes: "Awaiting stock", handle: "backorders", heldByRequestingApp: true });
    const page = await (await fetch(`${sim.url}/simulator/orders?shop=${shop}`)).text();
    expect(page).toContain(`data-order-name="${order.name}"`);
    expect(page).toMatch(/<span class="tag">backorder<\/span>/);
    expect(page).toContain("Kettle: ships by 2026-12-01");
    expect(page).toContain("on hold: OTHER — Awaiting stock");
    expect(page).toMatch(/data-status="CANCELLED"/);
    expect(page).toContain("(ordered 4)");

    for (const topic of ["orders/create", "orders/updated", "orders/cancelled", "fulfillments/create", "refunds/create"]) {
      expect(sim.config.subscriptions.some((s) => s.topics.includes(topic)), topic).toBe(true);
    }
  });
});
