import { beforeEach, describe, expect, it } from "vitest";
import { SimulatorStore, type SimEvent } from "../store";
import { DEMO_SHOP_DOMAIN } from "../seed";
import { createAdminGraphqlExecutor } from "./execute";
import { CONNECTION_SOURCES, TYPE_RESOLVERS } from "./resolvers";
import { loadAdminSchema } from "./schema";

const SHOP = DEMO_SHOP_DOMAIN;

type Body = { data?: any; errors?: Array<{ message: string; extensions?: Record<string, unknown>; path?: unknown[] }>; extensions?: any };

function setUp(opts: Parameters<typeof createAdminGraphqlExecutor>[1] = {}) {
  const store = new SimulatorStore({ now: () => new Date("2026-03-02T15:00:00Z") });
  store.createShop(SHOP);
  const events: SimEvent[] = [];
  store.onEvent((event) => events.push(event));
  const execute = createAdminGraphqlExecutor(store, opts);
  const gql = async (query: string, variables?: Record<string, unknown>) => {
    const response = await execute(SHOP, { query, variables });
    return { status: response.status, body: response.body as Body };
  };
  return { store, events, gql };
}

describe("Admin GraphQL against the 2026-10 schema", () => {
  let ctx: ReturnType<typeof setUp>;
  beforeEach(() => {
    ctx = setUp();
  });

  it("rejects a field the schema doesn't have with graphql-js's validation error", async () => {
    // WHEN
    const { status, body } = await ctx.gql(`{ products(first: 1) { nodes { id inventoryStatus } } }`);
    // THEN
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].message).toBe('Cannot query field "inventoryStatus" on type "Product".');
    expect(body.extensions.cost.throttleStatus.maximumAvailable).toBe(2000);
  });

  it("pages through the seeded catalog with opaque cursors", async () => {
    // GIVEN
    const query = `query Page($after: String) {
      products(first: 15, after: $after) {
        edges { cursor node { id title vendor variants(first: 10) { nodes { id sku inventoryPolicy inventoryQuantity } } } }
        pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }`;
    // WHEN
    const ids: string[] = [];
    const pages: Array<{ hasNextPage: boolean; hasPreviousPage: boolean }> = [];
    let after: string | null = null;
    do {
      const { body } = await ctx.gql(query, { after });
      const connection = body.data.products;
      ids.push(...connection.edges.map((edge: any) => edge.node.id));
      pages.push(connection.pageInfo);
      after = connection.pageInfo.hasNextPage ? connection.pageInfo.endCursor : null;
    } while (after);
    // THEN
    expect(ids).toHaveLength(42);
    expect(new Set(ids).size).toBe(42);
    expect(ids[0]).toMatch(/^gid:\/\/shopify\/Product\/\d+$/);
    expect(pages).toEqual([
      { hasNextPage: true, hasPreviousPage: false, endCursor: expect.any(String) },
      { hasNextPage: true, hasPreviousPage: true, endCursor: expect.any(String) },
      { hasNextPage: false, hasPreviousPage: true, endCursor: expect.any(String) },
    ]);
  });

  it("filters with Shopify search syntax", async () => {
    // WHEN
    const { body } = await ctx.gql(`{
      bySku: productVariants(first: 10, query: "sku:NW-TEE-CREW-M") { nodes { sku product { title } } }
      byVendor: products(first: 50, query: "vendor:'Roastery Co.' AND tag:single-origin") { nodes { title } }
    }`);
    // THEN
    expect(body.data.bySku.nodes).toEqual([{ sku: "NW-TEE-CREW-M", product: { title: "Classic Crew Tee" } }]);
    expect(body.data.byVendor.nodes.map((p: any) => p.title)).toEqual(["Ethiopia Yirgacheffe", "Colombia Huila", "Sumatra Mandheling", "Kenya AA", "Guatemala Antigua"]);
  });

  it("refuses a connection without first or last, like Shopify", async () => {
    // WHEN
    const { body } = await ctx.gql(`{ products { nodes { id } } }`);
    // THEN
    expect(body.errors?.[0]).toMatchObject({ message: "you must provide one of first or last", path: ["products"] });
  });

  it("names a schema field the simulator doesn't model instead of returning null silently", async () => {
    // WHEN
    const { body } = await ctx.gql(`{ products(first: 1) { nodes { id productComponentsCount { count } } } }`);
    // THEN
    expect(body.errors?.[0].message).toBe("Simulator does not implement Product.productComponentsCount");
    expect(body.errors?.[0].path).toEqual(["products", "nodes", 0, "productComponentsCount"]);
  });

  it("refuses a query whose requested cost exceeds 1000 points", async () => {
    // WHEN
    const { body } = await ctx.gql(`{ products(first: 100) { nodes { variants(first: 100) { nodes { id } } } } }`);
    // THEN
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", maxCost: 1000 });
    expect(body.extensions.cost.requestedQueryCost).toBe(2 + 100 * (1 + 2 + 100));
  });

  it("denies fields outside the granted access scopes", async () => {
    // GIVEN
    ctx.store.setGrantedScopes(SHOP, ["read_products"]);
    // WHEN
    const { body } = await ctx.gql(`{ products(first: 1) { nodes { id } } orders(first: 1) { nodes { id } } }`);
    // THEN
    expect(body.errors?.[0]).toMatchObject({ path: ["orders"], extensions: { code: "ACCESS_DENIED" } });
  });

  it("answers the access-scope query shopify-app-remix sends", async () => {
    // WHEN
    const { body } = await ctx.gql(`query FetchAccessScopes { app { requestedAccessScopes { handle } optionalAccessScopes { handle } installation { accessScopes { handle } } } }`);
    // THEN
    expect(body.errors).toBeUndefined();
    expect(body.data.app.installation.accessScopes.map((scope: { handle: string }) => scope.handle)).toContain("write_products");
  });

  it("resolves the $app namespace to the app-reserved one and lists the toml-declared definitions", async () => {
    // GIVEN
    const variant = ctx.store.snapshot(SHOP).variants[0];
    await ctx.gql(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, {
      m: [{ ownerId: variant.id, namespace: "$app", key: "backorder_eta", value: "2026-04-15" }],
    });
    // WHEN
    const { body } = await ctx.gql(
      `query($id: ID!) {
        productVariant(id: $id) { eta: metafield(namespace: "$app", key: "backorder_eta") { namespace type value } }
        metafieldDefinitions(first: 10, ownerType: PRODUCTVARIANT, namespace: "$app") { nodes { key type { name } access { storefront } } }
      }`,
      { id: variant.id },
    );
    // THEN
    expect(body.data.productVariant.eta).toEqual({ namespace: `app--${ctx.store.appId}`, type: "date", value: "2026-04-15" });
    expect(body.data.metafieldDefinitions.nodes).toContainEqual({ key: "backorder_eta", type: { name: "date" }, access: { storefront: "PUBLIC_READ" } });
  });
});

describe("throttling", () => {
  it("answers THROTTLED once the bucket is empty and recovers at the restore rate", async () => {
    // GIVEN a 40-point bucket refilling 10 points/s and a 12-point query
    let clock = 0;
    const { gql } = setUp({ maximumAvailable: 40, restoreRate: 10, now: () => clock });
    const query = `{ products(first: 10) { nodes { id } } }`;
    // WHEN
    const burst = [];
    for (let i = 0; i < 4; i += 1) burst.push((await gql(query)).body);
    // THEN three fit, the fourth is throttled without running
    expect(burst.slice(0, 3).every((body) => body.data?.products.nodes.length === 10)).toBe(true);
    expect(burst[3].data).toBeUndefined();
    expect(burst[3].errors).toEqual([{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }]);
    expect(burst[3].extensions.cost).toEqual({
      requestedQueryCost: 12,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 40, currentlyAvailable: 4, restoreRate: 10 },
    });

    // WHEN a second passes, 10 points come back
    clock += 1000;
    const later = (await gql(query)).body;
    // THEN
    expect(later.data.products.nodes).toHaveLength(10);
    expect(later.extensions.cost.throttleStatus.currentlyAvailable).toBe(2);
  });

  it("refunds the difference when fewer nodes come back than requested", async () => {
    // GIVEN
    const { gql } = setUp();
    // WHEN
    const { body } = await gql(`{ products(first: 50, query: "title:Hoodie") { nodes { id } } }`);
    // THEN
    expect(body.extensions.cost).toMatchObject({ requestedQueryCost: 52, actualQueryCost: 3 });
    expect(body.extensions.cost.throttleStatus.currentlyAvailable).toBe(1997);
  });
});

describe("mutations", () => {
  let ctx: ReturnType<typeof setUp>;
  beforeEach(() => {
    ctx = setUp();
  });

  const METAFIELDS_SET = `mutation($m: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $m) { metafields { key value } userErrors { field message code elementIndex } }
  }`;

  it("metafieldsSet refuses more than 25 metafields in one call", async () => {
    // GIVEN
    const variant = ctx.store.snapshot(SHOP).variants[0];
    const metafields = Array.from({ length: 26 }, (_, i) => ({ ownerId: variant.id, namespace: "backorders", key: `k${i}`, type: "single_line_text_field", value: "x" }));
    // WHEN
    const { body } = await ctx.gql(METAFIELDS_SET, { m: metafields });
    // THEN
    expect(body.data.metafieldsSet.userErrors).toEqual([{ field: ["metafields"], message: "Exceeded the maximum metafields input limit of 25.", code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }]);
  });

  it("metafieldsSet validates values per type and writes nothing when one is invalid", async () => {
    // GIVEN
    const variant = ctx.store.snapshot(SHOP).variants[0];
    // WHEN
    const { body } = await ctx.gql(METAFIELDS_SET, {
      m: [
        { ownerId: variant.id, key: "backorder_cap", value: "4" },
        { ownerId: variant.id, key: "backorder_eta", value: "2026-02-30" },
      ],
    });
    const read = await ctx.gql(`query($id: ID!) { productVariant(id: $id) { metafields(first: 5) { nodes { key } } } }`, { id: variant.id });
    // THEN
    expect(body.data.metafieldsSet.userErrors).toEqual([{ field: ["metafields", "1", "value"], message: "Value must be in YYYY-MM-DD format.", code: "INVALID_VALUE", elementIndex: 1 }]);
    expect(read.body.data.productVariant.metafields.nodes).toEqual([]);
  });

  it("productVariantsBulkUpdate flips the inventory policy and emits products/update", async () => {
    // GIVEN a sold-out DENY variant
    const variant = ctx.store.snapshot(SHOP).variants.find((v) => v.tracked && v.inventoryPolicy === "DENY" && v.availableTotal === 0)!;
    // WHEN
    const { body } = await ctx.gql(
      `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
        productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id inventoryPolicy availableForSale } userErrors { field message code } }
      }`,
      { productId: variant.productId, variants: [{ id: variant.id, inventoryPolicy: "CONTINUE" }] },
    );
    // THEN
    expect(body.data.productVariantsBulkUpdate).toEqual({ productVariants: [{ id: variant.id, inventoryPolicy: "CONTINUE", availableForSale: true }], userErrors: [] });
    const update = ctx.events.find((event) => event.topic === "products/update")!;
    expect(update.payload).toMatchObject({ admin_graphql_api_id: variant.productId });
    const payloadVariant = (update.payload as { variants: Array<{ admin_graphql_api_id: string; inventory_policy: string }> }).variants.find((v) => v.admin_graphql_api_id === variant.id);
    expect(payloadVariant?.inventory_policy).toBe("continue");
  });

  it("productVariantsBulkUpdate reports unknown variants as userErrors with a field path", async () => {
    // GIVEN
    const variant = ctx.store.snapshot(SHOP).variants[0];
    // WHEN
    const { body } = await ctx.gql(
      `mutation($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
        productVariantsBulkUpdate(productId: $productId, variants: $variants) { productVariants { id } userErrors { field message code } }
      }`,
      { productId: variant.productId, variants: [{ id: "gid://shopify/ProductVariant/1", price: "10.00" }] },
    );
    // THEN
    expect(body.data.productVariantsBulkUpdate).toEqual({
      productVariants: null,
      userErrors: [{ field: ["variants", "0", "id"], message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" }],
    });
    expect(ctx.events).toEqual([]);
  });

  it("inventoryAdjustQuantities needs @idempotent and changeFromQuantity, and replays a repeated key", async () => {
    // GIVEN
    const variant = ctx.store.snapshot(SHOP).variants.find((v) => v.tracked && v.availableTotal > 5)!;
    const [locationId, before] = Object.entries(variant.available)[0];
    const change = { inventoryItemId: variant.inventoryItemId, locationId, delta: 5 };
    const mutation = (directive: string) => `mutation($input: InventoryAdjustQuantitiesInput!) {
      inventoryAdjustQuantities(input: $input) ${directive} { inventoryAdjustmentGroup { changes { name delta quantityAfterChange } } userErrors { field message code } }
    }`;
    // WHEN
    const withoutKey = await ctx.gql(mutation(""), { input: { name: "available", reason: "correction", changes: [{ ...change, changeFromQuantity: null }] } });
    const withoutCas = await ctx.gql(mutation(`@idempotent(key: "a1")`), { input: { name: "available", reason: "correction", changes: [change] } });
    const first = await ctx.gql(mutation(`@idempotent(key: "a2")`), { input: { name: "available", reason: "correction", changes: [{ ...change, changeFromQuantity: before }] } });
    const replay = await ctx.gql(mutation(`@idempotent(key: "a2")`), { input: { name: "available", reason: "correction", changes: [{ ...change, changeFromQuantity: before }] } });
    const stale = await ctx.gql(mutation(`@idempotent(key: "a3")`), { input: { name: "available", reason: "correction", changes: [{ ...change, changeFromQuantity: before }] } });
    // THEN
    expect(withoutKey.body.errors?.[0]).toMatchObject({ message: "The @idempotent directive is required for this mutation but was not provided.", extensions: { code: "BAD_REQUEST" } });
    expect(withoutCas.body.errors?.[0]).toMatchObject({ message: "InventoryChangeInput must include the following argument: changeFromQuantity.", extensions: { code: "INVALID_FIELD_ARGUMENTS" } });
    expect(first.body.data.inventoryAdjustQuantities.inventoryAdjustmentGroup.changes).toContainEqual({ name: "available", delta: 5, quantityAfterChange: before + 5 });
    expect(replay.body.data).toEqual(first.body.data);
    expect(stale.body.data.inventoryAdjustQuantities.userErrors[0]).toMatchObject({ code: "CHANGE_FROM_QUANTITY_STALE", field: ["input", "changes", "0", "changeFromQuantity"] });
    expect(ctx.store.snapshot(SHOP).variants.find((v) => v.id === variant.id)!.available[locationId]).toBe(before + 5);
    expect(ctx.events.filter((event) => event.topic === "inventory_levels/update")).toHaveLength(1);
  });

  it("tagsAdd on an order emits orders/updated", async () => {
    // GIVEN
    const variant = ctx.store.snapshot(SHOP).variants.find((v) => v.tracked && v.availableTotal > 0)!;
    const order = ctx.store.checkout(SHOP, { lines: [{ variantId: variant.id, quantity: 1 }] }) as { admin_graphql_api_id: string };
    ctx.events.length = 0;
    // WHEN
    const { body } = await ctx.gql(`mutation($id: ID!) { tagsAdd(id: $id, tags: ["backorder"]) { node { ... on Order { tags } } userErrors { message } } }`, { id: order.admin_graphql_api_id });
    // THEN
    expect(body.data.tagsAdd).toEqual({ node: { tags: ["backorder"] }, userErrors: [] });
    expect(ctx.events.map((event) => event.topic)).toEqual(["orders/updated"]);
  });

  it("inventorySetQuantities sets on_hand with compare-and-swap and reports both quantity names", async () => {
    // GIVEN
    const variant = ctx.store.snapshot(SHOP).variants.find((v) => v.tracked && v.inventoryPolicy === "DENY" && v.availableTotal === 0)!;
    const [locationId] = Object.keys(variant.available);
    // WHEN
    const { body } = await ctx.gql(
      `mutation($input: InventorySetQuantitiesInput!) {
        inventorySetQuantities(input: $input) @idempotent(key: "restock-1") { inventoryAdjustmentGroup { reason changes { name delta quantityAfterChange } } userErrors { field message code } }
      }`,
      { input: { name: "on_hand", reason: "received", referenceDocumentUri: "gid://backorders/PurchaseOrder/7", quantities: [{ inventoryItemId: variant.inventoryItemId, locationId, quantity: 12, changeFromQuantity: 0 }] } },
    );
    // THEN
    expect(body.data.inventorySetQuantities).toEqual({
      inventoryAdjustmentGroup: { reason: "received", changes: [{ name: "on_hand", delta: 12, quantityAfterChange: 12 }, { name: "available", delta: 12, quantityAfterChange: 12 }] },
      userErrors: [],
    });
    expect(ctx.events.find((event) => event.topic === "inventory_levels/update")?.payload).toMatchObject({ available: 12 });
  });

  it("fulfillmentOrderHold on some line items splits the fulfillment order and holds the requested part", async () => {
    // GIVEN an order for 3 units of one variant
    const variant = ctx.store.snapshot(SHOP).variants.find((v) => v.tracked && v.availableTotal >= 3 && Object.values(v.available)[0] >= 3)!;
    const order = ctx.store.checkout(SHOP, { lines: [{ variantId: variant.id, quantity: 3 }] }) as { admin_graphql_api_id: string };
    const read = await ctx.gql(`query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 5) { nodes { id lineItems(first: 5) { nodes { id remainingQuantity } } } } } }`, { id: order.admin_graphql_api_id });
    const fulfillmentOrder = read.body.data.order.fulfillmentOrders.nodes[0];
    // WHEN
    const { body } = await ctx.gql(
      `mutation($id: ID!, $hold: FulfillmentOrderHoldInput!) {
        fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
          fulfillmentHold { reason handle }
          fulfillmentOrder { status lineItems(first: 5) { nodes { remainingQuantity } } }
          remainingFulfillmentOrder { status lineItems(first: 5) { nodes { remainingQuantity } } }
          userErrors { field message code }
        }
      }`,
      { id: fulfillmentOrder.id, hold: { reason: "INVENTORY_OUT_OF_STOCK", handle: "backorders", fulfillmentOrderLineItems: [{ id: fulfillmentOrder.lineItems.nodes[0].id, quantity: 1 }] } },
    );
    // THEN
    expect(body.data.fulfillmentOrderHold).toEqual({
      fulfillmentHold: { reason: "INVENTORY_OUT_OF_STOCK", handle: "backorders" },
      fulfillmentOrder: { status: "ON_HOLD", lineItems: { nodes: [{ remainingQuantity: 1 }] } },
      remainingFulfillmentOrder: { status: "OPEN", lineItems: { nodes: [{ remainingQuantity: 2 }] } },
      userErrors: [],
    });
  });
});

describe("schema fidelity", () => {
  it("only registers resolvers for types and fields the 2026-10 schema has", () => {
    // GIVEN
    const { schema } = loadAdminSchema();
    // WHEN
    const unknown: string[] = [];
    for (const table of [TYPE_RESOLVERS, CONNECTION_SOURCES]) {
      for (const [typeName, fields] of Object.entries(table)) {
        const type = schema.getType(typeName) as { getFields?: () => Record<string, unknown> } | undefined;
        for (const field of Object.keys(fields)) if (!type?.getFields?.()[field]) unknown.push(`${typeName}.${field}`);
      }
    }
    // THEN
    expect(unknown).toEqual([]);
  });

  it("serves every modelled field of the catalog, stock and order types without errors", async () => {
    // GIVEN an order with a held fulfillment order and an app metafield
    const { store, gql } = setUp();
    const variant = store.snapshot(SHOP).variants.find((v) => v.tracked && v.availableTotal > 2)!;
    const order = store.checkout(SHOP, { lines: [{ variantId: variant.id, quantity: 1, properties: { Note: "gift" } }], email: "a@example.com" }) as { admin_graphql_api_id: string };
    await gql(`mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }`, { m: [{ ownerId: variant.id, key: "backorder_lead_days", value: "10" }] });
    // WHEN
    const { body } = await gql(
      `query Everything($variant: ID!, $order: ID!) {
        shop { id name email contactEmail myshopifyDomain currencyCode ianaTimezone timezoneAbbreviation url weightUnit primaryDomain { id host url sslEnabled } plan { displayName publicDisplayName partnerDevelopment shopifyPlus } billingAddress { countryCodeV2 } }
        locations(first: 5) { nodes { id legacyResourceId name isActive isPrimary shipsInventory fulfillsOnlineOrders hasActiveInventory address { address1 city provinceCode zip countryCode formatted } } }
        productVariant(id: $variant) {
          id legacyResourceId title displayName sku barcode price compareAtPrice position inventoryPolicy inventoryQuantity availableForSale sellableOnlineQuantity taxable createdAt updatedAt image { url }
          selectedOptions { name value optionValue { id name } }
          metafield(key: "backorder_lead_days") { id namespace key type value jsonValue compareDigest createdAt updatedAt ownerType definition { id name } owner { ... on ProductVariant { id } } }
          product { id title handle vendor productType tags status descriptionHtml description createdAt updatedAt publishedAt totalInventory tracksInventory hasOnlyDefaultVariant hasOutOfStockVariants featuredMedia { id } featuredImage { url } onlineStoreUrl variantsCount { count precision } options { id name position values optionValues { id name hasVariants } } priceRangeV2 { minVariantPrice { amount currencyCode } maxVariantPrice { amount currencyCode } } collections(first: 5) { nodes { id title handle productsCount { count } } } media(first: 1) { nodes { id } } }
          inventoryItem { id legacyResourceId sku tracked requiresShipping createdAt updatedAt unitCost { amount } variant { id } inventoryLevels(first: 5) { nodes { id updatedAt isActive location { id name } item { id } quantities(names: ["available", "on_hand", "committed", "incoming", "reserved", "damaged", "safety_stock", "quality_control"]) { id name quantity updatedAt } } } }
        }
        order(id: $order) {
          id legacyResourceId name number email note tags createdAt updatedAt processedAt cancelledAt closed closedAt confirmed test displayFinancialStatus displayFulfillmentStatus currencyCode customAttributes { key value }
          totalPriceSet { shopMoney { amount currencyCode } } subtotalPriceSet { shopMoney { amount } }
          lineItems(first: 5) { nodes { id title name sku quantity currentQuantity unfulfilledQuantity variantTitle vendor customAttributes { key value } variant { id } product { id } originalUnitPriceSet { shopMoney { amount } } discountedTotalSet { shopMoney { amount } } } }
          fulfillmentOrders(first: 5) { nodes { id status requestStatus orderId orderName createdAt updatedAt fulfillAt fulfillmentHolds { id reason reasonNotes handle displayReason } supportedActions { action } assignedLocation { name location { id } } lineItems(first: 5) { nodes { id sku totalQuantity remainingQuantity inventoryItemId variant { id } lineItem { id } } } } }
        }
        metafieldDefinitions(first: 10, ownerType: PRODUCTVARIANT) { nodes { id name namespace key description ownerType pinnedPosition validationStatus type { name category } access { admin storefront customerAccount } metafieldsCount } }
        appInstallation { id accessScopes { handle } }
      }`,
      { variant: variant.id, order: order.admin_graphql_api_id },
    );
    // THEN
    expect(body.errors).toBeUndefined();
    expect(body.data.productVariant.metafield).toMatchObject({ type: "number_integer", jsonValue: 10, definition: { name: "Backorder lead time (days)" } });
    expect(body.data.order.lineItems.nodes[0].customAttributes).toEqual([{ key: "Note", value: "gift" }]);
    expect(body.data.productVariant.createdAt).toBe("2026-03-02T15:00:00Z");
  });
});
