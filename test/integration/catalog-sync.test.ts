// Catalog sync end to end on a throw-away SQLite database: bulk result JSONL served over a local HTTP server
// → importCatalogBulkResult → mirror rows; plus the incremental (webhook) updates of the mirror.
import { once } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";
import v8 from "node:v8";
import vm from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import {
  applyInventoryLevel,
  deleteProduct,
} from "#app/models/catalog-mirror.server";
import { upsertProductFromWebhook } from "#app/services/product-webhooks.server";
import {
  getCatalogSyncStatus,
  importCatalogBulkResult,
  startCatalogSync,
  type ImportProgress,
} from "#app/services/catalog-sync.server";
import type { BulkOperationInfo, BulkOperationStatus } from "#app/shopify/admin-gateway.server";
import { BulkOperationInProgressError } from "#app/shopify/graphql-errors";
import type { StoreLocation } from "#app/domain/catalog";
import {
  available,
  catalogLines,
  COLLECTION,
  ITEM,
  LOC,
  PRODUCT,
  productCollections,
  SNAPSHOT_AT,
  VARIANT,
  type CatalogShape,
} from "../../bench/fixtures/catalog-jsonl";

// ---------------------------------------------------------------------------------------------------------
// A local "bulk result storage": /big.jsonl is generated lazily (never held as one string), /doc/<name> serves
// small documents registered by the tests.
// ---------------------------------------------------------------------------------------------------------

const BIG: CatalogShape = { products: 20_000, variantsPerProduct: 5, locations: 2, collections: 50, levelsWithoutItemEvery: 100 };
const bigAvailable = available;
const bigCollections = (p: number) => productCollections(p, BIG);
const bigLines = () => catalogLines(BIG);

const documents = new Map<string, string>();
let server: http.Server;
let baseUrl = "";
let bigBytesServed = 0;

async function writeLazily(res: http.ServerResponse, lines: Iterable<string>): Promise<void> {
  let chunk = "";
  for (const line of lines) {
    chunk += line + "\n";
    if (chunk.length >= 64 * 1024) {
      bigBytesServed += Buffer.byteLength(chunk);
      if (!res.write(chunk)) await once(res, "drain");
      chunk = "";
    }
  }
  bigBytesServed += Buffer.byteLength(chunk);
  res.end(chunk);
}

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === "/big.jsonl") {
      res.writeHead(200, { "Content-Type": "application/jsonl" });
      void writeLazily(res, bigLines());
      return;
    }
    const doc = req.url?.startsWith("/doc/") ? documents.get(req.url.slice(5)) : undefined;
    if (doc === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "Content-Type": "application/jsonl" }).end(doc);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.close();
  await prisma.$disconnect();
});

function serveDocument(name: string, lines: unknown[]): string {
  documents.set(name, lines.map((l) => JSON.stringify(l)).join("\n") + "\n");
  return `${baseUrl}/doc/${name}`;
}

const LOCATIONS: StoreLocation[] = [
  { id: LOC(1), name: "Warehouse", isActive: true },
  { id: LOC(2), name: "Shop floor", isActive: true },
];

/** A fake gateway: the bulk operation has the given status/url; every started operation gets a new id. */
function fakeGateway(operation: {
  status: BulkOperationStatus;
  url: string | null;
  objectCount?: number;
  errorCode?: string | null;
  locations?: StoreLocation[];
}) {
  let started = 0;
  return {
    started: () => started,
    async startCatalogBulkQuery() {
      started++;
      return { id: `gid://shopify/BulkOperation/${started}`, status: "CREATED" as const };
    },
    async getBulkOperation(id: string): Promise<BulkOperationInfo> {
      return {
        id,
        status: operation.status,
        errorCode: operation.errorCode ?? null,
        objectCount: operation.objectCount ?? 0,
        url: operation.url,
        partialDataUrl: null,
        completedAt: operation.status === "COMPLETED" ? new Date() : null,
      };
    },
    async listLocations() {
      return operation.locations ?? LOCATIONS;
    },
  };
}

async function syncWith(
  shop: string,
  url: string | null,
  at: Date,
  extra: Partial<Parameters<typeof importCatalogBulkResult>[0]> = {},
  locations?: StoreLocation[],
) {
  const gateway = fakeGateway({ status: "COMPLETED", url, objectCount: url ? 1 : 0, locations });
  const { bulkOperationId } = await startCatalogSync({ shop, gateway, now: at });
  return importCatalogBulkResult({ shop, gateway, bulkOperationId, now: new Date(at.getTime() + 60_000), ...extra });
}

/** The V8 gc() function (flag set at runtime: the test runner is not started with --expose-gc). */
function exposeGc(): () => void {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

// ---------------------------------------------------------------------------------------------------------

describe("catalog sync: 100,000 variants", () => {
  const shop = "big-catalog.myshopify.com";
  // Bound on live-heap growth during the import (sampled after a forced GC every 5k lines). The served document
  // is ~115 MB (360k lines × ~320 bytes; asserted > 1.5 × the bound below), so an importer that buffered the
  // body (`await res.text()`: ≥ 1 byte per character, 115 MB) or the parsed objects (several times more) would
  // exceed 64 MB by far (checked once by swapping the streaming reader for `res.text()`: 142 MB growth, the test
  // failed). A streaming importer keeps one batch per table plus Prisma's debug history of its last
  // 100 queries (one JSON batch each): ~20 MB measured.
  const HEAP_GROWTH_BOUND = 64 * 1024 * 1024;

  it("GIVEN a 20k-product bulk result WHEN imported THEN every row is mirrored, fast, in bounded memory", { timeout: 180_000 }, async () => {
    const gc = exposeGc();
    const gateway = fakeGateway({ status: "COMPLETED", url: `${baseUrl}/big.jsonl`, objectCount: 370_000 });
    const { bulkOperationId } = await startCatalogSync({ shop, gateway, now: new Date("2026-11-01T00:00:00Z") });

    gc();
    const baseline = process.memoryUsage().heapUsed;
    let maxHeap = baseline;
    const samples: number[] = [];
    const onProgress = (p: ImportProgress) => {
      gc();
      const used = process.memoryUsage().heapUsed;
      samples.push(p.lines);
      maxHeap = Math.max(maxHeap, used);
    };

    const started = performance.now();
    const result = await importCatalogBulkResult({
      shop,
      gateway,
      bulkOperationId,
      now: new Date("2026-11-01T00:05:00Z"),
      onProgress,
      progressEvery: 5_000,
    });
    const elapsedMs = performance.now() - started;

    const variants = BIG.products * BIG.variantsPerProduct;
    const levels = variants * BIG.locations;
    const links = BIG.products * 2;
    const rows = BIG.products + variants + levels + links;
    console.log(
      `[catalog-sync] imported ${variants} variants (${rows} rows, ${(bigBytesServed / 1e6).toFixed(1)} MB JSONL) in ` +
        `${(elapsedMs / 1000).toFixed(2)} s = ${Math.round(rows / (elapsedMs / 1000))} rows/s; ` +
        `max heap growth ${((maxHeap - baseline) / 1024 / 1024).toFixed(1)} MB over ${samples.length} samples`,
    );

    expect(result.status).toBe("completed");
    if (result.status !== "completed") return;
    expect(result.counts).toMatchObject({
      products: BIG.products,
      variants,
      collectionLinks: links,
      inventoryLevels: levels,
      skippedLines: 0,
      unresolvedInventoryLevels: 0,
      locations: 2,
    });
    expect(elapsedMs).toBeLessThan(60_000);

    // Bounded memory: sampled every 5k lines, and the bound is one a buffer-everything importer would break.
    expect(samples.length).toBeGreaterThan(60);
    expect(bigBytesServed).toBeGreaterThan(1.5 * HEAP_GROWTH_BOUND);
    expect(maxHeap - baseline).toBeLessThan(HEAP_GROWTH_BOUND);

    // Counts in SQLite.
    expect(await prisma.product.count({ where: { shop } })).toBe(BIG.products);
    expect(await prisma.variant.count({ where: { shop } })).toBe(variants);
    expect(await prisma.inventoryLevel.count({ where: { shop } })).toBe(levels);
    expect(await prisma.productCollection.count({ where: { shop } })).toBe(links);
    expect(await prisma.collection.count({ where: { shop } })).toBe(BIG.collections);
    expect(await prisma.location.count({ where: { shop } })).toBe(2);
    expect(await prisma.variant.count({ where: { shop, inventoryPolicy: "CONTINUE" } })).toBe(BIG.products);

    // A few exact rows.
    const product = await prisma.product.findUnique({ where: { shop_id: { shop, id: PRODUCT(1234) } } });
    expect(product).toMatchObject({
      title: "Product 1234",
      handle: "product-1234",
      vendor: "Vendor 4",
      productType: "Type 2",
      tags: "bulk, t1",
      status: "ACTIVE",
      imageUrl: "https://cdn.example/p/1234.jpg",
      shopifyUpdatedAt: new Date(SNAPSHOT_AT),
    });
    const variant0 = await prisma.variant.findUnique({ where: { shop_id: { shop, id: VARIANT(1234, 0) } } });
    expect(variant0).toMatchObject({
      productId: PRODUCT(1234),
      inventoryItemId: ITEM(1234, 0),
      sku: "SKU-1234-0",
      price: "10.50",
      unitCost: "4.25",
      position: 1,
      tracked: true,
      inventoryPolicy: "CONTINUE",
      availableTotal: bigAvailable(1234, 0, 1) + bigAvailable(1234, 0, 2), // summed across both locations
    });
    const variant3 = await prisma.variant.findUnique({ where: { shop_id: { shop, id: VARIANT(1234, 3) } } });
    expect(variant3).toMatchObject({ inventoryPolicy: "DENY", unitCost: null, availableTotal: bigAvailable(1234, 3, 1) + bigAvailable(1234, 3, 2) });
    // Levels whose lines carried no inventory item were attached through the preceding variant.
    const fallback = await prisma.variant.findUnique({ where: { shop_id: { shop, id: VARIANT(1200, 4) } } });
    expect(fallback?.availableTotal).toBe(bigAvailable(1200, 4, 1) + bigAvailable(1200, 4, 2));
    const level = await prisma.inventoryLevel.findUnique({
      where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: ITEM(1234, 0), locationId: LOC(1) } },
    });
    expect(level).toMatchObject({ available: bigAvailable(1234, 0, 1), onHand: Math.max(0, bigAvailable(1234, 0, 1)) + 3, committed: 3 });
    const links1234 = await prisma.productCollection.findMany({ where: { shop, productId: PRODUCT(1234) }, orderBy: { collectionId: "asc" } });
    expect(links1234.map((l) => l.collectionId).sort()).toEqual(bigCollections(1234).map(COLLECTION).sort());
    const totalsMatch = await prisma.$queryRaw<Array<{ mismatches: number | bigint }>>`
      SELECT COUNT(*) AS mismatches FROM "Variant" v
      WHERE v."shop" = ${shop}
        AND v."availableTotal" <> (SELECT COALESCE(SUM(l."available"), 0) FROM "InventoryLevel" l WHERE l."shop" = v."shop" AND l."inventoryItemId" = v."inventoryItemId")`;
    expect(Number(totalsMatch[0].mismatches)).toBe(0);

    const status = await getCatalogSyncStatus(shop);
    expect(status).toMatchObject({ status: "completed", bulkOperationId, products: BIG.products, variants, error: null });
    expect(status.syncedAt).toEqual(new Date("2026-11-01T00:05:00Z"));
  });
});

describe("catalog sync: lifecycle", () => {
  it("marks the shop running with the bulk operation id", async () => {
    const shop = "lifecycle.myshopify.com";
    const gateway = fakeGateway({ status: "RUNNING", url: null });
    const now = new Date("2026-11-02T08:00:00Z");
    const { bulkOperationId } = await startCatalogSync({ shop, gateway, now });
    expect(await getCatalogSyncStatus(shop)).toMatchObject({ status: "running", bulkOperationId, startedAt: now, error: null });

    const pending = await importCatalogBulkResult({ shop, gateway, bulkOperationId, now });
    expect(pending).toEqual({ status: "pending", pending: true, bulkStatus: "RUNNING" });
    expect((await getCatalogSyncStatus(shop)).status).toBe("running");
  });

  it("a start retried while our export still runs keeps waiting for it", async () => {
    const shop = "retried-start.myshopify.com";
    const gateway = fakeGateway({ status: "RUNNING", url: null });
    const first = await startCatalogSync({ shop, gateway, now: new Date() });
    const busy = {
      async startCatalogBulkQuery(): Promise<never> {
        throw new BulkOperationInProgressError("BackordersStartCatalogBulkQuery", [{ field: null, message: "already in progress", code: "OPERATION_IN_PROGRESS" }]);
      },
    };
    expect(await startCatalogSync({ shop, gateway: busy, now: new Date() })).toEqual({ bulkOperationId: first.bulkOperationId, alreadyRunning: true });
    await expect(startCatalogSync({ shop: "other.myshopify.com", gateway: busy, now: new Date() })).rejects.toBeInstanceOf(BulkOperationInProgressError);
  });

  it.each([
    ["FAILED", "TIMEOUT", "Catalog export failed (TIMEOUT)"],
    ["CANCELED", null, "Catalog export canceled"],
  ] as const)("a %s export marks the sync failed", async (status, errorCode, message) => {
    const shop = `failed-${status.toLowerCase()}.myshopify.com`;
    const gateway = fakeGateway({ status, url: null, errorCode });
    const { bulkOperationId } = await startCatalogSync({ shop, gateway, now: new Date() });
    expect(await importCatalogBulkResult({ shop, gateway, bulkOperationId, now: new Date() })).toEqual({ status: "failed", pending: false, error: message });
    expect(await getCatalogSyncStatus(shop)).toMatchObject({ status: "failed", error: message });
  });

  it("an empty shop (objectCount 0, url null) completes with nothing imported; locations are mirrored", async () => {
    const shop = "empty.myshopify.com";
    const locations = [...LOCATIONS, { id: LOC(3), name: "Closed store", isActive: false }];
    const result = await syncWith(shop, null, new Date("2026-11-02T09:00:00Z"), {}, locations);
    expect(result).toMatchObject({ status: "completed", counts: { lines: 0, products: 0, variants: 0, locations: 3 } });
    expect(await getCatalogSyncStatus(shop)).toMatchObject({ status: "completed", products: 0, variants: 0 });
    expect(await prisma.location.findMany({ where: { shop }, orderBy: { id: "asc" }, select: { id: true, name: true, isActive: true } })).toEqual(locations);

    // A location Shopify no longer lists is removed on the next sync.
    await syncWith(shop, null, new Date("2026-11-02T10:00:00Z"), {}, LOCATIONS.slice(0, 1));
    expect(await prisma.location.findMany({ where: { shop }, select: { id: true } })).toEqual([{ id: LOC(1) }]);
  });

  it("ignores a result for another bulk operation and a second import of the same one", async () => {
    const shop = "ignored.myshopify.com";
    const url = serveDocument("ignored.jsonl", []);
    const gateway = fakeGateway({ status: "COMPLETED", url });
    const { bulkOperationId } = await startCatalogSync({ shop, gateway, now: new Date() });
    expect(await importCatalogBulkResult({ shop, gateway, bulkOperationId: "gid://shopify/BulkOperation/999", now: new Date() })).toMatchObject({ status: "ignored" });
    expect(await importCatalogBulkResult({ shop, gateway, bulkOperationId, now: new Date() })).toMatchObject({ status: "completed" });
    expect(await importCatalogBulkResult({ shop, gateway, bulkOperationId, now: new Date() })).toMatchObject({ status: "ignored", reason: "already imported" });
  });

  it("a download failure marks the sync failed and rethrows (the job retries)", async () => {
    const shop = "download-fails.myshopify.com";
    const gateway = fakeGateway({ status: "COMPLETED", url: `${baseUrl}/doc/missing.jsonl` });
    const { bulkOperationId } = await startCatalogSync({ shop, gateway, now: new Date() });
    await expect(importCatalogBulkResult({ shop, gateway, bulkOperationId, now: new Date() })).rejects.toThrow(/HTTP 404/);
    expect(await getCatalogSyncStatus(shop)).toMatchObject({ status: "failed", error: expect.stringContaining("HTTP 404") });
  });
});

// Small catalogs for exact behaviour.
const T1 = "2026-11-01T00:00:00Z";
const productLine = (n: number, extra: Record<string, unknown> = {}) => ({
  id: `gid://shopify/Product/${n}`,
  title: `P${n}`,
  handle: `p${n}`,
  vendor: "V",
  productType: "T",
  tags: ["x"],
  status: "ACTIVE",
  updatedAt: T1,
  featuredMedia: null,
  ...extra,
});
const variantLine = (product: number, n: number, extra: Record<string, unknown> = {}) => ({
  id: `gid://shopify/ProductVariant/${n}`,
  title: `V${n}`,
  sku: `S${n}`,
  price: "5.00",
  position: 1,
  inventoryPolicy: "DENY",
  updatedAt: T1,
  image: { url: `https://cdn.example/v/${n}.jpg` },
  inventoryItem: { id: `gid://shopify/InventoryItem/${n}`, tracked: true },
  __parentId: `gid://shopify/Product/${product}`,
  ...extra,
});
const levelLine = (variant: number, location: number, available: number, withItem = true) => ({
  id: `gid://shopify/InventoryLevel/${location}${variant}`,
  ...(withItem ? { item: { id: `gid://shopify/InventoryItem/${variant}` } } : {}),
  location: { id: LOC(location) },
  quantities: [{ name: "available", quantity: available }],
  updatedAt: T1,
  __parentId: `gid://shopify/ProductVariant/${variant}`,
});
const collectionLine = (product: number, c: number) => ({ id: COLLECTION(c), title: `C${c}`, handle: `c${c}`, __parentId: `gid://shopify/Product/${product}` });

describe("catalog sync: re-sync and ordering", () => {
  it("GIVEN a product removed in Shopify WHEN re-synced THEN it is deleted with its variants, levels and links", async () => {
    const shop = "resync.myshopify.com";
    const first = serveDocument("resync-1.jsonl", [
      productLine(1), collectionLine(1, 1), variantLine(1, 11), levelLine(11, 1, 3),
      productLine(2), collectionLine(2, 2), variantLine(2, 21), levelLine(21, 1, 4), variantLine(2, 22), levelLine(22, 2, 1),
    ]);
    expect(await syncWith(shop, first, new Date("2026-11-03T00:00:00Z"))).toMatchObject({ status: "completed" });
    expect(await prisma.variant.count({ where: { shop } })).toBe(3);

    const second = serveDocument("resync-2.jsonl", [productLine(1), collectionLine(1, 1), variantLine(1, 11), levelLine(11, 1, 3)]);
    const result = await syncWith(shop, second, new Date("2026-11-04T00:00:00Z"));

    expect(result).toMatchObject({ status: "completed", counts: { deleted: { products: 1, variants: 2, inventoryLevels: 2, collections: 1 } } });
    expect(await prisma.product.findMany({ where: { shop }, select: { id: true } })).toEqual([{ id: "gid://shopify/Product/1" }]);
    expect(await prisma.variant.findMany({ where: { shop }, select: { id: true } })).toEqual([{ id: "gid://shopify/ProductVariant/11" }]);
    expect(await prisma.productCollection.findMany({ where: { shop }, select: { productId: true, collectionId: true } })).toEqual([
      { productId: "gid://shopify/Product/1", collectionId: COLLECTION(1) },
    ]);
    expect(await prisma.inventoryLevel.count({ where: { shop } })).toBe(1);
    expect(await prisma.collection.count({ where: { shop } })).toBe(1);
  });

  it("does not depend on line order (ungrouped output): children before parents, levels far from their variant", async () => {
    const shop = "ungrouped.myshopify.com";
    const url = serveDocument("ungrouped.jsonl", [
      collectionLine(1, 3), // link before its product
      variantLine(1, 11), // variant before its product
      levelLine(12, 1, 2, false), // level (no item) before its variant: cannot be resolved
      productLine(1),
      variantLine(1, 12),
      levelLine(12, 2, 5, false), // follows its variant: resolved from the current variant
      variantLine(1, 13, { inventoryItem: { id: "gid://shopify/InventoryItem/13", tracked: false }, inventoryPolicy: "CONTINUE" }),
      levelLine(11, 1, 7, false), // its variant came earlier: resolved from the pending batch / database
      levelLine(13, 1, 1), // carries `item { id }`
    ]);
    const result = await syncWith(shop, url, new Date("2026-11-03T00:00:00Z"));
    expect(result).toMatchObject({ status: "completed", counts: { products: 1, variants: 3, inventoryLevels: 3, unresolvedInventoryLevels: 1, collectionLinks: 1 } });
    const totals = await prisma.variant.findMany({ where: { shop }, orderBy: { id: "asc" }, select: { id: true, availableTotal: true } });
    expect(totals).toEqual([
      { id: "gid://shopify/ProductVariant/11", availableTotal: 7 },
      { id: "gid://shopify/ProductVariant/12", availableTotal: 5 },
      { id: "gid://shopify/ProductVariant/13", availableTotal: 1 },
    ]);
    expect(await prisma.variant.findUnique({ where: { shop_id: { shop, id: "gid://shopify/ProductVariant/13" } } })).toMatchObject({
      tracked: false,
      inventoryPolicy: "CONTINUE",
      imageUrl: "https://cdn.example/v/13.jpg",
      shopifyUpdatedAt: new Date(T1),
    });
  });

  it("the portable VALUES strategy (used off SQLite) writes exactly what the JSON strategy writes", async () => {
    const lines = [
      productLine(1, { tags: ["a", "b"], featuredMedia: { preview: { image: { url: "https://cdn.example/1.jpg" } } } }),
      collectionLine(1, 1),
      collectionLine(1, 2),
      variantLine(1, 11),
      variantLine(1, 12, { inventoryItem: { id: "gid://shopify/InventoryItem/12", tracked: false }, sku: null, inventoryPolicy: "CONTINUE" }),
      levelLine(11, 1, -3),
      levelLine(11, 2, 8),
      levelLine(12, 1, 0, false),
    ];
    const url = serveDocument("strategies.jsonl", lines);
    const at = new Date("2026-11-03T00:00:00Z");
    const snapshot = async (shop: string) => {
      const [products, variants, levels, links, collections] = await Promise.all([
        prisma.product.findMany({ where: { shop }, orderBy: { id: "asc" } }),
        prisma.variant.findMany({ where: { shop }, orderBy: { id: "asc" } }),
        prisma.inventoryLevel.findMany({ where: { shop }, orderBy: [{ inventoryItemId: "asc" }, { locationId: "asc" }] }),
        prisma.productCollection.findMany({ where: { shop }, orderBy: { collectionId: "asc" } }),
        prisma.collection.findMany({ where: { shop }, orderBy: { id: "asc" } }),
      ]);
      const strip = <T extends { shop: string }>(rows: T[]) => rows.map(({ shop: _shop, ...rest }) => rest);
      return { products: strip(products), variants: strip(variants), levels: strip(levels), links: strip(links), collections: strip(collections) };
    };
    await syncWith("strategy-json.myshopify.com", url, at, { writeStrategy: "json" });
    await syncWith("strategy-values.myshopify.com", url, at, { writeStrategy: "values" });
    const json = await snapshot("strategy-json.myshopify.com");
    expect(json.variants).toHaveLength(2);
    expect(json.variants[0].availableTotal).toBe(5);
    expect(await snapshot("strategy-values.myshopify.com")).toEqual(json);
  });

  it("resolves level lines through the database when their variant was flushed in an earlier batch", async () => {
    const shop = "db-lookup.myshopify.com";
    const url = serveDocument("db-lookup.jsonl", [productLine(1), variantLine(1, 11), variantLine(1, 12), levelLine(11, 1, 9, false)]);
    const result = await syncWith(shop, url, new Date("2026-11-03T00:00:00Z"), { batchSize: 1 });
    expect(result).toMatchObject({ status: "completed", counts: { inventoryLevels: 1, unresolvedInventoryLevels: 0 } });
    expect((await prisma.variant.findUnique({ where: { shop_id: { shop, id: "gid://shopify/ProductVariant/11" } } }))?.availableTotal).toBe(9);
  });
});

// REST-style webhook payloads (numeric ids + admin_graphql_api_id).
function restProduct(updatedAt: string, extra: Record<string, unknown> = {}) {
  return {
    id: 1,
    admin_graphql_api_id: "gid://shopify/Product/1",
    title: "P1 renamed",
    handle: "p1",
    vendor: "V2",
    product_type: "T2",
    tags: "a, b",
    status: "active",
    updated_at: updatedAt,
    image: { id: 77, src: "https://cdn.example/new.jpg" },
    images: [{ id: 77, src: "https://cdn.example/new.jpg" }],
    variants: [
      {
        id: 11,
        admin_graphql_api_id: "gid://shopify/ProductVariant/11",
        product_id: 1,
        title: "V11",
        sku: "S11",
        price: "6.00",
        position: 1,
        inventory_policy: "continue",
        inventory_item_id: 11,
        inventory_management: "shopify",
        image_id: 77,
        updated_at: updatedAt,
      },
    ],
    ...extra,
  };
}

describe("catalog mirror: webhook updates", () => {
  const shop = "webhooks.myshopify.com";

  beforeAll(async () => {
    const url = serveDocument("webhooks.jsonl", [
      productLine(1, { updatedAt: "2026-11-05T10:00:00Z" }),
      variantLine(1, 11, { updatedAt: "2026-11-05T10:00:00Z" }),
      variantLine(1, 12, { updatedAt: "2026-11-05T10:00:00Z" }),
      levelLine(11, 1, 2),
      levelLine(11, 2, 3),
      levelLine(12, 1, 0),
    ]);
    await syncWith(shop, url, new Date("2026-11-05T12:00:00Z"));
  });

  it("GIVEN a stale products/update WHEN applied THEN it is ignored", async () => {
    const result = await upsertProductFromWebhook(shop, restProduct("2026-11-05T09:00:00-00:00"), new Date("2026-11-05T09:00:01Z"));
    expect(result).toEqual({ applied: false, reason: "stale", productId: "gid://shopify/Product/1" });
    const product = await prisma.product.findUnique({ where: { shop_id: { shop, id: "gid://shopify/Product/1" } } });
    expect(product?.title).toBe("P1");
    expect(await prisma.variant.count({ where: { shop, productId: "gid://shopify/Product/1" } })).toBe(2);
  });

  it("GIVEN a newer products/update WHEN applied THEN product and variants change, removed variants go, totals stay summed", async () => {
    const result = await upsertProductFromWebhook(shop, restProduct("2026-11-05T07:30:00-05:00"), new Date("2026-11-05T12:30:01Z")); // 12:30Z
    expect(result).toEqual({
      applied: true,
      productId: "gid://shopify/Product/1",
      variantIds: ["gid://shopify/ProductVariant/11"],
      removedVariantIds: ["gid://shopify/ProductVariant/12"],
    });
    const product = await prisma.product.findUnique({ where: { shop_id: { shop, id: "gid://shopify/Product/1" } } });
    expect(product).toMatchObject({ title: "P1 renamed", vendor: "V2", productType: "T2", tags: "a, b", status: "ACTIVE", imageUrl: "https://cdn.example/new.jpg", shopifyUpdatedAt: new Date("2026-11-05T12:30:00Z") });
    const variant = await prisma.variant.findUnique({ where: { shop_id: { shop, id: "gid://shopify/ProductVariant/11" } } });
    expect(variant).toMatchObject({ inventoryPolicy: "CONTINUE", price: "6.00", inventoryItemId: "gid://shopify/InventoryItem/11", imageUrl: "https://cdn.example/new.jpg", availableTotal: 5 });
    expect(await prisma.variant.findUnique({ where: { shop_id: { shop, id: "gid://shopify/ProductVariant/12" } } })).toBeNull();
    expect(await prisma.inventoryLevel.count({ where: { shop, inventoryItemId: "gid://shopify/InventoryItem/12" } })).toBe(0);
  });

  it("keeps a stored inventory item id when the payload's number was rounded by JSON.parse", async () => {
    const payload = restProduct("2026-11-05T13:00:00Z");
    payload.variants[0].inventory_item_id = 271878346596884015; // > MAX_SAFE_INTEGER: already wrong
    await upsertProductFromWebhook(shop, payload, new Date("2026-11-05T13:00:01Z"));
    const variant = await prisma.variant.findUnique({ where: { shop_id: { shop, id: "gid://shopify/ProductVariant/11" } } });
    expect(variant?.inventoryItemId).toBe("gid://shopify/InventoryItem/11");
  });

  it("GIVEN inventory_levels/update events out of order THEN only the newer one applies and the total is recomputed", async () => {
    const item = "gid://shopify/InventoryItem/11";
    const newer = await applyInventoryLevel(shop, { inventoryItemId: item, locationId: LOC(1), available: 10, updatedAt: new Date("2026-11-06T10:00:00Z") });
    expect(newer).toEqual({
      applied: true,
      variants: [{ variantId: "gid://shopify/ProductVariant/11", productId: "gid://shopify/Product/1", previousTotal: 5, availableTotal: 13 }],
    });
    const stale = await applyInventoryLevel(shop, { inventoryItemId: item, locationId: LOC(1), available: 0, updatedAt: new Date("2026-11-06T09:00:00Z") });
    expect(stale.applied).toBe(false);
    const level = await prisma.inventoryLevel.findUnique({ where: { shop_inventoryItemId_locationId: { shop, inventoryItemId: item, locationId: LOC(1) } } });
    expect(level?.available).toBe(10);
    expect((await prisma.variant.findUnique({ where: { shop_id: { shop, id: "gid://shopify/ProductVariant/11" } } }))?.availableTotal).toBe(13);
  });

  it("a bulk snapshot older than an applied webhook does not roll it back, and rows changed during the sync survive", async () => {
    // Snapshot taken at 10:00 (older than the 13:00 webhook and the 10:00 Nov 6 level applied above).
    const url = serveDocument("webhooks-resync.jsonl", [
      productLine(1, { updatedAt: "2026-11-05T10:00:00Z" }),
      variantLine(1, 11, { updatedAt: "2026-11-05T10:00:00Z" }),
      levelLine(11, 1, 2),
    ]);
    const gateway = fakeGateway({ status: "COMPLETED", url });
    const { bulkOperationId } = await startCatalogSync({ shop, gateway, now: new Date("2026-11-07T00:00:00Z") });
    // A product created by webhook while the export runs is not in the export but must survive it.
    await upsertProductFromWebhook(shop, { ...restProduct("2026-11-07T00:01:00Z"), id: 2, admin_graphql_api_id: "gid://shopify/Product/2", variants: [] }, new Date("2026-11-07T00:01:00Z"));
    await importCatalogBulkResult({ shop, gateway, bulkOperationId, now: new Date("2026-11-07T00:02:00Z") });

    const product = await prisma.product.findUnique({ where: { shop_id: { shop, id: "gid://shopify/Product/1" } } });
    expect(product?.title).toBe("P1 renamed");
    const variant = await prisma.variant.findUnique({ where: { shop_id: { shop, id: "gid://shopify/ProductVariant/11" } } });
    expect(variant).toMatchObject({ inventoryPolicy: "CONTINUE", availableTotal: 13 });
    expect(await prisma.product.findUnique({ where: { shop_id: { shop, id: "gid://shopify/Product/2" } } })).not.toBeNull();
  });

  it("products/delete removes the product, its variants, links and levels", async () => {
    const result = await deleteProduct(shop, "gid://shopify/Product/1");
    expect(result).toEqual({ deleted: true, variantIds: ["gid://shopify/ProductVariant/11"] });
    expect(await prisma.variant.count({ where: { shop, productId: "gid://shopify/Product/1" } })).toBe(0);
    expect(await prisma.inventoryLevel.count({ where: { shop, inventoryItemId: "gid://shopify/InventoryItem/11" } })).toBe(0);
    expect(await deleteProduct(shop, "gid://shopify/Product/1")).toEqual({ deleted: false, variantIds: [] });
  });
});
