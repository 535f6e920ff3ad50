import { describe, expect, it } from "vitest";
import { CheckoutError, SimulatorStore, type SimEvent } from "./store";
import { DEMO_SHOP_DOMAIN } from "./seed";

const SHOP = DEMO_SHOP_DOMAIN;

function setUp() {
  const store = new SimulatorStore({ now: () => new Date("2026-03-02T15:00:00Z") });
  store.createShop(SHOP);
  const events: SimEvent[] = [];
  store.onEvent((event) => events.push(event));
  return { store, events, snapshot: () => store.snapshot(SHOP) };
}

describe("demo seed", () => {
  it("is the same catalog every time, covering every stock situation the app handles", () => {
    // GIVEN
    const first = setUp().snapshot();
    const second = setUp().snapshot();
    const variants = first.variants;
    // THEN
    expect(second).toEqual(first);
    expect(first.locations.map((l) => l.name)).toEqual(["Main warehouse", "Downtown store"]);
    expect(first.products).toHaveLength(42);
    expect(variants).toHaveLength(140);
    expect(variants.filter((v) => v.tracked && v.inventoryPolicy === "DENY" && v.availableTotal === 0).length).toBeGreaterThan(5);
    expect(variants.filter((v) => v.tracked && v.inventoryPolicy === "DENY" && v.availableTotal >= 1 && v.availableTotal <= 3).length).toBeGreaterThan(5);
    expect(variants.filter((v) => v.inventoryPolicy === "CONTINUE" && v.availableTotal < 0).length).toBeGreaterThan(5);
    expect(variants.filter((v) => !v.tracked)).toHaveLength(2);
  });
});

describe("checkout", () => {
  it("refuses a tracked DENY variant without stock and changes nothing", () => {
    // GIVEN
    const { store, events, snapshot } = setUp();
    const soldOut = snapshot().variants.find((v) => v.tracked && v.inventoryPolicy === "DENY" && v.availableTotal === 0)!;
    // WHEN
    const attempt = () => store.checkout(SHOP, { lines: [{ variantId: soldOut.id, quantity: 1 }] });
    // THEN
    expect(attempt).toThrow(CheckoutError);
    expect(attempt).toThrow(expect.objectContaining({ code: "DENY_OUT_OF_STOCK" }));
    expect(events).toEqual([]);
    expect(snapshot().orders).toEqual([]);
  });

  it("lets a CONTINUE variant go negative and emits orders/create and inventory_levels/update", () => {
    // GIVEN
    const { store, events, snapshot } = setUp();
    const backorderable = snapshot().variants.find((v) => v.tracked && v.inventoryPolicy === "CONTINUE" && v.availableTotal === 0)!;
    // WHEN
    const order = store.checkout(SHOP, { lines: [{ variantId: backorderable.id, quantity: 2, properties: { Backorder: "Ships in 2 weeks" } }], email: "shopper@example.com" }) as any;
    // THEN
    expect(order).toMatchObject({
      name: "#1001",
      email: "shopper@example.com",
      admin_graphql_api_id: `gid://shopify/Order/${order.id}`,
      line_items: [{ variant_id: Number(backorderable.id.split("/").pop()), sku: backorderable.sku, quantity: 2, properties: [{ name: "Backorder", value: "Ships in 2 weeks" }] }],
    });
    const after = snapshot().variants.find((v) => v.id === backorderable.id)!;
    expect(after.availableTotal).toBe(-2);
    expect(events.map((event) => event.topic)).toEqual(["orders/create", "inventory_levels/update", "products/update"]);
    expect(events[1].payload).toMatchObject({ inventory_item_id: Number(backorderable.inventoryItemId.split("/").pop()), available: -2 });
    expect(events[0].triggeredAt).toEqual(new Date("2026-03-02T15:00:00Z"));
  });

  it("takes stock from the location that has it and numbers orders sequentially", () => {
    // GIVEN a DENY variant stocked only at the second location
    const { store, snapshot } = setUp();
    const [main, downtown] = snapshot().locations;
    const variant = snapshot().variants.find((v) => v.tracked && v.inventoryPolicy === "DENY" && v.available[main.id] === 0 && v.available[downtown.id] > 0)!;
    const first = store.checkout(SHOP, { lines: [{ variantId: snapshot().variants[0].id, quantity: 1 }] }) as any;
    // WHEN
    const second = store.checkout(SHOP, { lines: [{ variantId: variant.id, quantity: 1 }] }) as any;
    // THEN
    expect([first.name, second.name]).toEqual(["#1001", "#1002"]);
    const after = snapshot().variants.find((v) => v.id === variant.id)!;
    expect(after.available[downtown.id]).toBe(variant.available[downtown.id] - 1);
    expect(after.available[main.id]).toBe(0);
  });

  it("rejects unknown variants and non-positive quantities", () => {
    // GIVEN
    const { store, snapshot } = setUp();
    // THEN
    expect(() => store.checkout(SHOP, { lines: [{ variantId: "gid://shopify/ProductVariant/1", quantity: 1 }] })).toThrow(expect.objectContaining({ code: "UNKNOWN_VARIANT" }));
    expect(() => store.checkout(SHOP, { lines: [{ variantId: snapshot().variants[0].id, quantity: 0 }] })).toThrow(expect.objectContaining({ code: "INVALID_QUANTITY" }));
  });
});

describe("admin commands", () => {
  it("setAvailable emits inventory_levels/update in Shopify's REST shape", () => {
    // GIVEN
    const { store, events, snapshot } = setUp();
    const variant = snapshot().variants[0];
    const [main] = snapshot().locations;
    // WHEN
    store.setAvailable(SHOP, { variantId: variant.id, available: 7 });
    // THEN
    expect(events[0]).toMatchObject({ shop: SHOP, topic: "inventory_levels/update", eventId: expect.any(String) });
    expect(events[0].payload).toEqual({
      inventory_item_id: Number(variant.inventoryItemId.split("/").pop()),
      location_id: Number(main.id.split("/").pop()),
      available: 7,
      updated_at: "2026-03-02T10:00:00-05:00",
      admin_graphql_api_id: `gid://shopify/InventoryLevel/${main.id.split("/").pop()}?inventory_item_id=${variant.inventoryItemId.split("/").pop()}`,
    });
  });

  it("createProduct, updateVariant and deleteProduct emit the product webhooks", () => {
    // GIVEN
    const { store, events } = setUp();
    // WHEN
    const created = store.createProduct(SHOP, { title: "Field Notebook", vendor: "Harbor Home", variants: [{ sku: "HH-NOTEBOOK", price: "9.5", available: { "Main warehouse": 3 } }] }) as any;
    store.updateVariant(SHOP, created.variants[0].admin_graphql_api_id, { inventoryPolicy: "CONTINUE" });
    store.deleteProduct(SHOP, created.admin_graphql_api_id);
    // THEN
    expect(events.map((event) => event.topic)).toEqual(["products/create", "products/update", "products/delete"]);
    expect(created.variants[0]).toMatchObject({ sku: "HH-NOTEBOOK", price: "9.50", inventory_policy: "deny", inventory_quantity: 3, inventory_item_id: expect.any(Number) });
    expect((events[1].payload as any).variants[0].inventory_policy).toBe("continue");
    expect(events[2].payload).toEqual({ id: created.id });
  });

  it("uninstall emits app/uninstalled with the shop", () => {
    // GIVEN
    const { store, events } = setUp();
    // WHEN
    store.uninstall(SHOP);
    // THEN
    expect(events.map((event) => event.topic)).toEqual(["app/uninstalled"]);
    expect(events[0].payload).toMatchObject({ myshopify_domain: SHOP, domain: SHOP, name: "Backorders Demo" });
    expect(store.isInstalled(SHOP)).toBe(false);
  });
});
