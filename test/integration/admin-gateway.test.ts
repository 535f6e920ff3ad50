import { describe, expect, it } from "vitest";
import {
  createAdminGateway,
  CATALOG_BULK_QUERY,
  METAFIELDS_SET_CHUNK,
  type AdminGraphql,
  type MetafieldInput,
} from "#app/shopify/admin-gateway.server";
import {
  AdminGraphqlError,
  AdminMissingDataError,
  AdminThrottledError,
  AdminUserError,
  BulkOperationInProgressError,
} from "#app/shopify/graphql-errors";

type Call = { query: string; variables?: Record<string, unknown>; tries?: number };
type Reply = unknown | ((call: Call) => unknown);

/** A fake admin.graphql: each call consumes the next reply; an Error reply is thrown, anything else is JSON. */
function fakeGraphql(replies: Reply[]) {
  const calls: Call[] = [];
  const graphql: AdminGraphql = async (query, opts) => {
    const call = { query, variables: opts?.variables, tries: opts?.tries };
    calls.push(call);
    if (!replies.length) throw new Error(`unexpected call #${calls.length}`);
    const next = replies.shift();
    const reply = typeof next === "function" ? (next as (c: Call) => unknown)(call) : next;
    if (reply instanceof Error) throw reply;
    return new Response(JSON.stringify(reply), { headers: { "Content-Type": "application/json" } });
  };
  return { graphql, calls };
}

function recordingSleep() {
  const delays: number[] = [];
  return { delays, sleep: async (ms: number) => void delays.push(ms) };
}

const throttled = (requested: number, available: number, restoreRate: number) => ({
  errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
  extensions: {
    cost: {
      requestedQueryCost: requested,
      actualQueryCost: null,
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: available, restoreRate },
    },
  },
});

const shopReply = {
  data: {
    shop: {
      name: "Acme",
      email: "owner@acme.test",
      myshopifyDomain: "acme.myshopify.com",
      currencyCode: "EUR",
      ianaTimezone: "Europe/Paris",
    },
  },
};

describe("admin gateway: throttling", () => {
  it("GIVEN a THROTTLED answer WHEN retried THEN waits ceil((requested − available) / restoreRate) s once and succeeds", async () => {
    const { graphql, calls } = fakeGraphql([throttled(752, 2, 100), shopReply]);
    const { delays, sleep } = recordingSleep();
    const gateway = createAdminGateway(graphql, { sleep, random: () => 0 });

    const info = await gateway.getShopInfo();

    expect(info).toMatchObject({ name: "Acme", myshopifyDomain: "acme.myshopify.com", currencyCode: "EUR", primaryLocale: null });
    expect(calls).toHaveLength(2);
    expect(delays).toEqual([8_000]); // (752 − 2) / 100 = 7.5 → 8 s
    expect(calls[0].tries).toBeLessThanOrEqual(3); // the library's own 429/503 retries stay ≤ 3 (#764)
  });

  it("GIVEN Shopify keeps throttling WHEN the attempts run out THEN throws AdminThrottledError", async () => {
    const { graphql, calls } = fakeGraphql(Array.from({ length: 5 }, () => throttled(100, 0, 50)));
    const { delays, sleep } = recordingSleep();
    const gateway = createAdminGateway(graphql, { sleep, random: () => 0, maxThrottleAttempts: 5 });

    const error = await gateway.getShopInfo().catch((e: unknown) => e);

    expect(error).toBeInstanceOf(AdminThrottledError);
    expect((error as AdminThrottledError).attempts).toBe(5);
    expect((error as AdminThrottledError).cost?.throttleStatus?.restoreRate).toBe(50);
    expect(calls).toHaveLength(5);
    expect(delays).toEqual([2_000, 2_000, 2_000, 2_000]);
  });

  it("GIVEN the real client's shape (GraphqlQueryError thrown with .body) WHEN THROTTLED THEN it is retried too", async () => {
    const thrown = Object.assign(new Error("Throttled"), {
      body: {
        errors: { message: "GraphQL Client: An error occurred", graphQLErrors: throttled(10, 0, 50).errors },
        extensions: throttled(10, 0, 50).extensions,
      },
    });
    const { graphql, calls } = fakeGraphql([thrown, shopReply]);
    const { delays, sleep } = recordingSleep();

    const info = await createAdminGateway(graphql, { sleep, random: () => 0 }).getShopInfo();

    expect(info.name).toBe("Acme");
    expect(calls).toHaveLength(2);
    expect(delays).toEqual([1_000]); // ceil(10/50) = 1 s
  });
});

describe("admin gateway: errors", () => {
  it("GIVEN GraphQL errors WHEN a query runs THEN throws AdminGraphqlError with the messages", async () => {
    const { graphql } = fakeGraphql([
      { errors: [{ message: "Field 'bogus' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } }] },
    ]);
    const error = await createAdminGateway(graphql).getShopInfo().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminGraphqlError);
    expect((error as AdminGraphqlError).messages[0]).toContain("Field 'bogus' doesn't exist");
    expect((error as AdminGraphqlError).operation).toBe("BackordersShopInfo");
  });

  it("GIVEN a thrown GraphqlQueryError (non-throttle) THEN throws AdminGraphqlError", async () => {
    const thrown = Object.assign(new Error("Access denied"), {
      body: { errors: { message: "x", graphQLErrors: [{ message: "Access denied for locations field.", extensions: { code: "ACCESS_DENIED" } }] } },
    });
    const { graphql } = fakeGraphql([thrown]);
    const error = await createAdminGateway(graphql).listLocations().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminGraphqlError);
    expect((error as AdminGraphqlError).message).toContain("ACCESS_DENIED");
  });

  it("GIVEN a thrown Response (the library's auth flow) THEN it is re-thrown untouched", async () => {
    const response = new Response(null, { status: 401 });
    const graphqlThrowing: AdminGraphql = async () => {
      throw response;
    };
    await expect(createAdminGateway(graphqlThrowing).getShopInfo()).rejects.toBe(response);
  });

  it("GIVEN userErrors WHEN starting the bulk query THEN throws AdminUserError carrying field/message/code", async () => {
    const { graphql, calls } = fakeGraphql([
      {
        data: {
          bulkOperationRunQuery: {
            bulkOperation: null,
            userErrors: [{ field: ["query"], message: "Invalid bulk query: a connection is missing", code: "INVALID" }],
          },
        },
      },
    ]);
    const error = await createAdminGateway(graphql).startCatalogBulkQuery().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminUserError);
    expect(error).not.toBeInstanceOf(BulkOperationInProgressError);
    expect((error as AdminUserError).userErrors).toEqual([
      { field: ["query"], message: "Invalid bulk query: a connection is missing", code: "INVALID" },
    ]);
    expect(calls[0].variables).toEqual({ query: CATALOG_BULK_QUERY });
  });

  it("GIVEN a bulk query already running THEN throws BulkOperationInProgressError", async () => {
    const { graphql } = fakeGraphql([
      {
        data: {
          bulkOperationRunQuery: {
            bulkOperation: null,
            userErrors: [{ field: null, message: "A bulk query operation for this app and shop is already in progress: gid://shopify/BulkOperation/1.", code: "OPERATION_IN_PROGRESS" }],
          },
        },
      },
    ]);
    await expect(createAdminGateway(graphql).startCatalogBulkQuery()).rejects.toBeInstanceOf(BulkOperationInProgressError);
  });

  it("GIVEN null where an object is expected THEN throws AdminMissingDataError (never data!.x!)", async () => {
    const { graphql } = fakeGraphql([{ data: { bulkOperation: null } }, { data: null }]);
    const gateway = createAdminGateway(graphql);
    const error = await gateway.getBulkOperation("gid://shopify/BulkOperation/404").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AdminMissingDataError);
    expect((error as AdminMissingDataError).path).toBe("bulkOperation");
    await expect(gateway.getShopInfo()).rejects.toBeInstanceOf(AdminMissingDataError);
  });
});

describe("admin gateway: mapping", () => {
  it("maps a bulk operation, reading objectCount (UnsignedInt64 string) and nullable urls", async () => {
    const { graphql } = fakeGraphql([
      {
        data: {
          bulkOperation: {
            id: "gid://shopify/BulkOperation/7",
            status: "COMPLETED",
            errorCode: null,
            objectCount: "320000",
            url: "https://storage.example/result.jsonl",
            partialDataUrl: null,
            completedAt: "2026-11-20T10:00:00Z",
          },
        },
      },
    ]);
    const op = await createAdminGateway(graphql).getBulkOperation("gid://shopify/BulkOperation/7");
    expect(op).toEqual({
      id: "gid://shopify/BulkOperation/7",
      status: "COMPLETED",
      errorCode: null,
      objectCount: 320000,
      url: "https://storage.example/result.jsonl",
      partialDataUrl: null,
      completedAt: new Date("2026-11-20T10:00:00Z"),
    });
  });

  it("pages through locations", async () => {
    const { graphql, calls } = fakeGraphql([
      { data: { locations: { nodes: [{ id: "gid://shopify/Location/1", name: "A", isActive: true }], pageInfo: { hasNextPage: true, endCursor: "c1" } } } },
      { data: { locations: { nodes: [{ id: "gid://shopify/Location/2", name: "B", isActive: false }], pageInfo: { hasNextPage: false, endCursor: null } } } },
    ]);
    const locations = await createAdminGateway(graphql).listLocations();
    expect(locations).toEqual([
      { id: "gid://shopify/Location/1", name: "A", isActive: true },
      { id: "gid://shopify/Location/2", name: "B", isActive: false },
    ]);
    expect(calls.map((c) => c.variables)).toEqual([{ after: null }, { after: "c1" }]);
  });

  it("reports per-variant failures of productVariantsBulkUpdate from userErrors field paths", async () => {
    const { graphql, calls } = fakeGraphql([
      {
        data: {
          productVariantsBulkUpdate: {
            productVariants: [
              { id: "gid://shopify/ProductVariant/1", inventoryPolicy: "CONTINUE" },
              { id: "gid://shopify/ProductVariant/3", inventoryPolicy: "CONTINUE" },
            ],
            userErrors: [{ field: ["variants", "1", "id"], message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" }],
          },
        },
      },
    ]);
    const result = await createAdminGateway(graphql).setVariantsInventoryPolicy("gid://shopify/Product/9", [
      { variantId: "gid://shopify/ProductVariant/1", policy: "CONTINUE" },
      { variantId: "gid://shopify/ProductVariant/2", policy: "CONTINUE" },
      { variantId: "gid://shopify/ProductVariant/3", policy: "CONTINUE" },
    ]);
    expect(calls[0].variables).toEqual({
      productId: "gid://shopify/Product/9",
      variants: [
        { id: "gid://shopify/ProductVariant/1", inventoryPolicy: "CONTINUE" },
        { id: "gid://shopify/ProductVariant/2", inventoryPolicy: "CONTINUE" },
        { id: "gid://shopify/ProductVariant/3", inventoryPolicy: "CONTINUE" },
      ],
    });
    expect(result.updated.map((u) => u.variantId)).toEqual(["gid://shopify/ProductVariant/1", "gid://shopify/ProductVariant/3"]);
    expect(result.failed).toEqual([
      {
        variantId: "gid://shopify/ProductVariant/2",
        message: "Product variant does not exist",
        code: "PRODUCT_VARIANT_DOES_NOT_EXIST",
        field: ["variants", "1", "id"],
      },
    ]);
  });
});

describe("admin gateway: metafields", () => {
  const inputs: MetafieldInput[] = Array.from({ length: 60 }, (_, i) => ({
    ownerId: `gid://shopify/ProductVariant/${i + 1}`,
    namespace: "$app",
    key: "backorder_state",
    type: "single_line_text_field",
    value: "backorder",
  }));

  it("GIVEN 60 metafields WHEN set THEN sends calls of ≤ 25 (25, 25, 10) and collects per-owner failures", async () => {
    const ok = (call: Call) => ({
      data: {
        metafieldsSet: {
          metafields: (call.variables!.metafields as MetafieldInput[]).map((m, i) => ({ id: `gid://shopify/Metafield/${i}`, namespace: m.namespace, key: m.key })),
          userErrors: [],
        },
      },
    });
    const rejected = {
      data: {
        metafieldsSet: {
          metafields: [],
          userErrors: [{ field: ["metafields", "3", "value"], message: "Value is invalid", code: "INVALID_VALUE", elementIndex: null }],
        },
      },
    };
    const { graphql, calls } = fakeGraphql([ok, rejected, ok]);

    const result = await createAdminGateway(graphql).setMetafields(inputs);

    const sizes = calls.map((c) => (c.variables!.metafields as unknown[]).length);
    expect(sizes).toEqual([25, 25, 10]);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(METAFIELDS_SET_CHUNK);
    expect(calls.every((c) => c.query.includes("mutation BackordersSetMetafields"))).toBe(true);
    expect(result.saved).toBe(35);
    // The second call (inputs 25..49) is atomic: the named element fails with its message, the rest as BATCH_REJECTED.
    expect(result.failed).toHaveLength(25);
    expect(result.failed[0]).toEqual({
      ownerId: "gid://shopify/ProductVariant/29",
      namespace: "$app",
      key: "backorder_state",
      message: "Value is invalid",
      code: "INVALID_VALUE",
    });
    expect(result.failed.filter((f) => f.code === "BATCH_REJECTED")).toHaveLength(24);
  });

  it("sends nothing for an empty list", async () => {
    const { graphql, calls } = fakeGraphql([]);
    expect(await createAdminGateway(graphql).setMetafields([])).toEqual({ saved: 0, failed: [] });
    expect(calls).toHaveLength(0);
  });
});
