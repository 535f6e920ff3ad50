import { afterEach, describe, expect, it } from "vitest";
import { SimulatorStore, type SimEvent } from "../store";
import { DEMO_SHOP_DOMAIN } from "../seed";
import { createAdminGraphqlExecutor } from "./execute";

const stores: SimulatorStore[] = [];

afterEach(() => {
  for (const store of stores.splice(0)) store.dispose();
});

function setUp(seed?: { products: number; variantsPerProduct: number }) {
  const store = new SimulatorStore({ publicUrl: "http://127.0.0.1:4010" });
  stores.push(store);
  const shop = seed ? "big-catalog.myshopify.com" : DEMO_SHOP_DOMAIN;
  store.createShop(shop, seed ? { seed } : {});
  const events: SimEvent[] = [];
  store.onEvent((event) => events.push(event));
  const execute = createAdminGraphqlExecutor(store);
  const gql = async (query: string, variables?: Record<string, unknown>) => (await execute(shop, { query, variables })).body as any;
  const finished = () =>
    new Promise<SimEvent>((resolve) => {
      const stop = store.onEvent((event) => {
        if (event.topic === "bulk_operations/finish") {
          stop();
          resolve(event);
        }
      });
    });
  const runBulk = async (query: string) => {
    const done = finished();
    const body = await gql(`mutation($q: String!) { bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message code } } }`, { q: query });
    return { body, done };
  };
  const readLines = async (id: string) => {
    const stream = store.getBulkResult(id);
    if (!stream) throw new Error(`no result for ${id}`);
    let text = "";
    for await (const chunk of stream) text += chunk;
    return text
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, any>);
  };
  return { store, shop, events, gql, runBulk, readLines };
}

describe("bulkOperationRunQuery", () => {
  it("writes Shopify JSONL: one line per node, nested nodes after their parent with __parentId", async () => {
    // GIVEN
    const { gql, runBulk, readLines, events } = setUp();
    // WHEN
    const { body, done } = await runBulk(`{
      products {
        edges { node { id title variants { edges { node { id sku inventoryItem { tracked } } } } } }
      }
    }`);
    const created = body.data.bulkOperationRunQuery.bulkOperation;
    const finish = await done;
    const status = await gql(`query($id: ID!) { bulkOperation(id: $id) { status objectCount rootObjectCount fileSize url partialDataUrl errorCode type } }`, { id: created.id });
    const lines = await readLines(created.id);
    // THEN
    expect(created.status).toBe("CREATED");
    expect(status.data.bulkOperation).toEqual({
      status: "COMPLETED",
      objectCount: String(42 + 140),
      rootObjectCount: "42",
      fileSize: expect.stringMatching(/^\d+$/),
      url: `http://127.0.0.1:4010/bulk/${created.id.split("/").pop()}.jsonl`,
      partialDataUrl: null,
      errorCode: null,
      type: "QUERY",
    });
    expect(finish.payload).toEqual({ admin_graphql_api_id: created.id, completed_at: expect.any(String), created_at: expect.any(String), error_code: null, status: "completed", type: "query" });
    expect(events.filter((event) => event.topic === "bulk_operations/finish")).toHaveLength(1);

    expect(lines).toHaveLength(182);
    let currentProduct: string | null = null;
    for (const line of lines) {
      if (line.id.startsWith("gid://shopify/Product/")) {
        expect(line.__parentId).toBeUndefined();
        expect(Object.keys(line)).toEqual(["id", "title"]);
        currentProduct = line.id;
      } else {
        // Variants follow their own product immediately.
        expect(line.__parentId).toBe(currentProduct);
        expect(Object.keys(line)).toEqual(["id", "sku", "inventoryItem", "__parentId"]);
      }
    }
  });

  it("links connections nested under plain objects to the nearest enclosing node", async () => {
    // GIVEN
    const { runBulk, readLines } = setUp();
    // WHEN
    const { body, done } = await runBulk(`{
      productVariants(query: "sku:NW-TEE-CREW-M") {
        edges { node { id sku inventoryItem { id inventoryLevels { edges { node { id location { name } quantities(names: ["available", "committed"]) { name quantity } } } } } } }
      }
    }`);
    await done;
    const lines = await readLines(body.data.bulkOperationRunQuery.bulkOperation.id);
    // THEN
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatchObject({ sku: "NW-TEE-CREW-M", inventoryItem: { id: expect.stringMatching(/^gid:\/\/shopify\/InventoryItem\//) } });
    expect(lines[1]).toMatchObject({ location: { name: "Main warehouse" }, __parentId: lines[0].id });
    expect(lines[2]).toMatchObject({ location: { name: "Downtown store" }, __parentId: lines[0].id });
    expect(lines[1].quantities.map((q: { name: string }) => q.name)).toEqual(["available", "committed"]);
  });

  it("rejects a nested connection whose parent doesn't select id", async () => {
    // GIVEN
    const { runBulk } = setUp();
    // WHEN
    const { body } = await runBulk(`{ products { edges { node { title variants { edges { node { id } } } } } } }`);
    // THEN
    expect(body.data.bulkOperationRunQuery.bulkOperation).toBeNull();
    expect(body.data.bulkOperationRunQuery.userErrors[0]).toMatchObject({ field: ["query"], code: "INVALID", message: expect.stringContaining("Connection fields without 'id': variants") });
  });

  it("streams a large catalog without building it in memory", async () => {
    // GIVEN 20k variants
    const { runBulk, readLines } = setUp({ products: 4000, variantsPerProduct: 5 });
    // WHEN
    const { body, done } = await runBulk(`{ productVariants { edges { node { id sku inventoryPolicy inventoryQuantity } } } }`);
    await done;
    const lines = await readLines(body.data.bulkOperationRunQuery.bulkOperation.id);
    // THEN
    expect(lines).toHaveLength(20_000);
    expect(new Set(lines.map((line) => line.id)).size).toBe(20_000);
  });
});
