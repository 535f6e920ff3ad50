import { afterEach, describe, expect, it } from "vitest";
import { ADMIN_BULK_QUERIES, ADMIN_OPERATIONS } from "#app/shopify/admin-gateway.server";
import { SimulatorStore, type SimEvent } from "../store";
import { DEMO_SHOP_DOMAIN } from "../seed";
import { createAdminGraphqlExecutor } from "./execute";

// The simulator is only useful if the app's real Admin operations run on it unchanged: this runs every
// document the gateway sends (ADMIN_OPERATIONS, ADMIN_BULK_QUERIES) against the demo store.

const stores: SimulatorStore[] = [];
afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
});

function setUp() {
  const store = new SimulatorStore();
  stores.push(store);
  store.createShop(DEMO_SHOP_DOMAIN);
  const execute = createAdminGraphqlExecutor(store);
  const gql = async (query: string, variables?: Record<string, unknown>) => (await execute(DEMO_SHOP_DOMAIN, { query, variables })).body as { data?: any; errors?: unknown[] };
  return { store, gql };
}

describe("the app's Admin operations on the simulator", () => {
  it("answers the shop, locations and metafield operations without errors", async () => {
    // GIVEN
    const { store, gql } = setUp();
    const variant = store.snapshot(DEMO_SHOP_DOMAIN).variants[0];
    const metafield = { ownerId: variant.id, namespace: "$app", key: "backorder_state", type: "single_line_text_field", value: "in_stock" };
    // WHEN
    const shop = await gql(ADMIN_OPERATIONS.SHOP_INFO_QUERY);
    const locations = await gql(ADMIN_OPERATIONS.LOCATIONS_QUERY, { after: null });
    const set = await gql(ADMIN_OPERATIONS.SET_METAFIELDS_MUTATION, { metafields: [metafield] });
    const removed = await gql(ADMIN_OPERATIONS.DELETE_METAFIELDS_MUTATION, { metafields: [{ ownerId: variant.id, namespace: "$app", key: "backorder_state" }] });
    // THEN
    for (const body of [shop, locations, set, removed]) expect(body.errors).toBeUndefined();
    expect(shop.data.shop).toMatchObject({ name: "Backorders Demo", currencyCode: "USD", ianaTimezone: "America/New_York" });
    expect(locations.data.locations.nodes.map((l: { name: string }) => l.name).sort()).toEqual(["Downtown store", "Main warehouse"]);
    expect(set.data.metafieldsSet.userErrors).toEqual([]);
    expect(removed.data.metafieldsDelete.deletedMetafields).toEqual([{ ownerId: variant.id, namespace: `app--${store.appId}`, key: "backorder_state" }]);
  });

  it("flips inventory policies with the app's productVariantsBulkUpdate", async () => {
    // GIVEN
    const { store, gql } = setUp();
    const variant = store.snapshot(DEMO_SHOP_DOMAIN).variants.find((v) => v.inventoryPolicy === "DENY")!;
    // WHEN
    const body = await gql(ADMIN_OPERATIONS.SET_VARIANTS_INVENTORY_POLICY_MUTATION, { productId: variant.productId, variants: [{ id: variant.id, inventoryPolicy: "CONTINUE" }] });
    // THEN
    expect(body.errors).toBeUndefined();
    expect(body.data.productVariantsBulkUpdate).toEqual({ productVariants: [{ id: variant.id, inventoryPolicy: "CONTINUE" }], userErrors: [] });
  });

  it("runs the catalog bulk query and reports it through the app's bulkOperation query", async () => {
    // GIVEN
    const { store, gql } = setUp();
    const finished = new Promise<SimEvent>((resolve) => store.onEvent((event) => event.topic === "bulk_operations/finish" && resolve(event)));
    // WHEN
    const started = await gql(ADMIN_OPERATIONS.START_CATALOG_BULK_QUERY_MUTATION, { query: ADMIN_BULK_QUERIES.CATALOG_BULK_QUERY });
    await finished;
    const id = started.data.bulkOperationRunQuery.bulkOperation.id;
    const status = await gql(ADMIN_OPERATIONS.BULK_OPERATION_QUERY, { id });
    let text = "";
    for await (const chunk of store.getBulkResult(id)!) text += chunk;
    const lines = text.trim().split("\n").map((line) => JSON.parse(line));
    // THEN
    expect(started.data.bulkOperationRunQuery.userErrors).toEqual([]);
    expect(status.errors).toBeUndefined();
    expect(status.data.bulkOperation).toMatchObject({ status: "COMPLETED", errorCode: null, objectCount: String(lines.length) });
    const levels = lines.filter((line) => line.id.startsWith("gid://shopify/InventoryLevel/"));
    expect(levels).toHaveLength(140 * 2);
    expect(levels[0]).toMatchObject({ item: { id: expect.any(String) }, location: { id: expect.any(String) }, __parentId: expect.stringMatching(/ProductVariant/) });
    expect(lines.filter((line) => line.id.startsWith("gid://shopify/Collection/")).length).toBeGreaterThan(42);
  });
});
