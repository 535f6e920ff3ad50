// The local mirror of a shop's catalog (Product, Collection, ProductCollection, Variant, InventoryLevel,
// Location) and the catalog-sync state kept on Shop. Admin pages and restock detection read only this.
//
// Writes:
//   - full sync: createCatalogWriter() batches multi-row `INSERT … ON CONFLICT (…) DO UPDATE` statements
//     (the same SQL runs on SQLite and PostgreSQL; placeholders come from Prisma.sql so they match the
//     provider), then recomputeVariantTotals() and deleteCatalogRowsNotSeenSince();
//   - webhooks: upsertProductWithVariants() and deleteVariants() (app/services/product-webhooks.server.ts parses
//     the payload), deleteProduct(), applyInventoryLevel().
// Webhooks arrive out of order, so every row keeps Shopify's updated_at (`shopifyUpdatedAt`) and a change
// older than what is stored is ignored — by the webhook functions and by the bulk import alike (a bulk
// snapshot taken before a webhook we already applied must not roll it back).

import type { Db } from "./db";
import { Prisma, type PrismaClient } from "@prisma/client";
import prisma, { databaseProvider, databaseUrl } from "#app/db.server";
import {
  joinTags,
  type CatalogCollection,
  type CatalogInventoryLevel,
  type CatalogProduct,
  type CatalogVariant,
  type StoreLocation,
} from "#app/domain/catalog";
import { refreshStoredBackorderStates } from "./backorder-state.server";

export type { Db };

// ---------------------------------------------------------------------------------------------------------
// SQL building
// ---------------------------------------------------------------------------------------------------------
//
// Two ways to send a batch of rows, same semantics:
//   "values": INSERT … VALUES (…), (…) ON CONFLICT … — portable (SQLite and PostgreSQL), one bound parameter
//             per cell. Prisma's raw-query path costs a few µs per parameter, and its debug module keeps the
//             arguments of the last 100 queries, so big VALUES batches cost both time and memory.
//   "json":   SQLite only — the batch travels as ONE JSON parameter expanded by json_each(): INSERT … SELECT
//             ?, j.value ->> 0, … FROM json_each(?) AS j WHERE true ON CONFLICT … (the WHERE resolves SQLite's
//             SELECT/ON CONFLICT parsing ambiguity). Roughly 2× faster on a full catalog import.
// The strategy follows the database (json on SQLite, values elsewhere); tests exercise both on SQLite.

export type WriteStrategy = "values" | "json";

type SqlValue = string | number | boolean | Date | null;

function isSqliteUrl(url: string): boolean {
  return !/^postgres(ql)?:/i.test(url);
}

export function defaultWriteStrategy(): WriteStrategy {
  return isSqliteUrl(databaseUrl()) ? "json" : "values";
}

const ident = (name: string) => Prisma.raw(`"${name}"`);
const identList = (names: readonly string[]) => Prisma.raw(names.map((n) => `"${n}"`).join(", "));

type UpsertSpec = {
  table: string;
  /** The first column is always "shop". */
  columns: readonly string[];
  conflict: readonly string[];
  /** Columns replaced on conflict; when `newerOnly`, only if the incoming shopifyUpdatedAt is not older. */
  update: readonly string[];
  /** Columns replaced on conflict unconditionally (e.g. syncedAt: "seen in this sync"). */
  always?: readonly string[];
  /** Guard the `update` columns with the stale check on "shopifyUpdatedAt". */
  newerOnly?: boolean;
  /** Skip the whole row update when stale (no `always` columns then). */
  wholeRowGuard?: boolean;
};

function staleGuard(table: string): string {
  // Not older: equal timestamps re-apply (idempotent); an undated incoming row never beats a dated one.
  return `("${table}"."shopifyUpdatedAt" IS NULL OR (excluded."shopifyUpdatedAt" IS NOT NULL AND excluded."shopifyUpdatedAt" >= "${table}"."shopifyUpdatedAt"))`;
}

function conflictClause(spec: UpsertSpec): Prisma.Sql {
  const guard = staleGuard(spec.table);
  const sets: string[] = [];
  for (const column of spec.update) {
    sets.push(
      spec.newerOnly && !spec.wholeRowGuard
        ? `"${column}" = CASE WHEN ${guard} THEN excluded."${column}" ELSE "${spec.table}"."${column}" END`
        : `"${column}" = excluded."${column}"`,
    );
  }
  for (const column of spec.always ?? []) sets.push(`"${column}" = excluded."${column}"`);
  const target = Prisma.sql`ON CONFLICT (${identList(spec.conflict)})`;
  if (!sets.length) return Prisma.sql`${target} DO NOTHING`;
  const where = spec.wholeRowGuard ? ` WHERE ${guard}` : "";
  return Prisma.sql`${target} DO UPDATE SET ${Prisma.raw(sets.join(", "))}${Prisma.raw(where)}`;
}

/** Date → the text Prisma's SQLite adapter stores for DateTime (ISO 8601, "+00:00"), so comparisons hold. */
let lastDate = { time: NaN, text: "" }; // catalog rows mostly share a few timestamps
function sqliteDate(date: Date): string {
  const time = date.getTime();
  if (time !== lastDate.time) lastDate = { time, text: date.toISOString().replace("Z", "+00:00") };
  return lastDate.text;
}

function buildUpsert(spec: UpsertSpec, shop: string, rows: readonly SqlValue[][], strategy: WriteStrategy): Prisma.Sql {
  const head = Prisma.sql`INSERT INTO ${ident(spec.table)} (${identList(spec.columns)})`;
  if (strategy === "json") {
    const json = JSON.stringify(rows.map((row) => row.map((v) => (v instanceof Date ? sqliteDate(v) : v))));
    const select = Prisma.raw(spec.columns.slice(1).map((_, i) => `j.value ->> ${i}`).join(", "));
    return Prisma.sql`${head} SELECT ${shop}, ${select} FROM json_each(${json}) AS j WHERE true ${conflictClause(spec)}`;
  }
  const values = Prisma.join(rows.map((row) => Prisma.sql`(${shop}, ${Prisma.join(row)})`));
  return Prisma.sql`${head} VALUES ${values} ${conflictClause(spec)}`;
}

/** Upserts rows (cells after "shop", in spec.columns order) for one shop in one statement. */
async function upsertRows(
  db: Db,
  spec: UpsertSpec,
  shop: string,
  rows: readonly SqlValue[][],
  strategy: WriteStrategy = defaultWriteStrategy(),
): Promise<number> {
  if (!rows.length) return 0;
  return db.$executeRaw(buildUpsert(spec, shop, rows, strategy));
}

const PRODUCT_SPEC: UpsertSpec = {
  table: "Product",
  columns: ["shop", "id", "title", "handle", "vendor", "productType", "tags", "status", "imageUrl", "shopifyUpdatedAt", "syncedAt"],
  conflict: ["shop", "id"],
  update: ["title", "handle", "vendor", "productType", "tags", "status", "imageUrl", "shopifyUpdatedAt"],
  always: ["syncedAt"],
  newerOnly: true,
};

const VARIANT_SPEC: UpsertSpec = {
  table: "Variant",
  columns: [
    "shop", "id", "productId", "inventoryItemId", "title", "sku", "price", "imageUrl", "position", "tracked",
    "inventoryPolicy", "shopifyUpdatedAt", "syncedAt",
  ],
  conflict: ["shop", "id"],
  update: [
    "productId", "inventoryItemId", "title", "sku", "price", "imageUrl", "position", "tracked", "inventoryPolicy",
    "shopifyUpdatedAt",
  ],
  always: ["syncedAt"],
  newerOnly: true,
};

// The full sync also carries InventoryItem.unitCost; product webhooks do not, so their upserts (VARIANT_SPEC) keep it.
// Unconditional: a cost change does not move the variant's updatedAt, and only the sync ever writes the cost.
const VARIANT_WITH_COST_SPEC: UpsertSpec = {
  ...VARIANT_SPEC,
  columns: [...VARIANT_SPEC.columns, "unitCost"],
  always: [...(VARIANT_SPEC.always ?? []), "unitCost"],
};

const COLLECTION_SPEC: UpsertSpec = {
  table: "Collection",
  columns: ["shop", "id", "title", "handle"],
  conflict: ["shop", "id"],
  update: ["title", "handle"],
};

const PRODUCT_COLLECTION_SPEC: UpsertSpec = {
  table: "ProductCollection",
  columns: ["shop", "productId", "collectionId"],
  conflict: ["shop", "productId", "collectionId"],
  update: [],
};

const INVENTORY_LEVEL_SPEC: UpsertSpec = {
  table: "InventoryLevel",
  columns: ["shop", "inventoryItemId", "locationId", "available", "onHand", "committed", "shopifyUpdatedAt"],
  conflict: ["shop", "inventoryItemId", "locationId"],
  update: ["available", "onHand", "committed", "shopifyUpdatedAt"],
  newerOnly: true,
  wholeRowGuard: true,
};

const LOCATION_SPEC: UpsertSpec = {
  table: "Location",
  columns: ["shop", "id", "name", "isActive", "updatedAt"],
  conflict: ["shop", "id"],
  update: ["name", "isActive", "updatedAt"],
};

const productRow = (p: CatalogProduct, syncedAt: Date): SqlValue[] => [
  p.id, p.title, p.handle, p.vendor, p.productType, joinTags(p.tags), p.status, p.imageUrl, p.updatedAt, syncedAt,
];

const variantRow = (v: CatalogVariant, syncedAt: Date): SqlValue[] => [
  v.id, v.productId, v.inventoryItemId, v.title, v.sku, v.price, v.imageUrl, v.position, v.tracked ?? true,
  v.inventoryPolicy, v.updatedAt, syncedAt,
];

const levelRow = (l: CatalogInventoryLevel): SqlValue[] => [
  l.inventoryItemId, l.locationId, l.available, l.onHand, l.committed, l.updatedAt,
];

// ---------------------------------------------------------------------------------------------------------
// Full sync: batched writer
// ---------------------------------------------------------------------------------------------------------

export type CatalogWriterCounts = {
  products: number;
  variants: number;
  collectionLinks: number;
  inventoryLevels: number;
};

export type CatalogWriter = {
  addProduct(product: CatalogProduct): Promise<void>;
  addVariant(variant: CatalogVariant): Promise<void>;
  addCollection(productId: string, collection: CatalogCollection): Promise<void>;
  addInventoryLevel(level: CatalogInventoryLevel): Promise<void>;
  /** A variant's inventory item: from the pending (unflushed) batch, else from the database. */
  findInventoryItemId(variantId: string): Promise<string | null>;
  flush(): Promise<void>;
  readonly counts: CatalogWriterCounts;
};

/** Rows per statement: one JSON parameter per batch on SQLite; VALUES batches stay smaller (parameter count). */
export const DEFAULT_CATALOG_BATCH_SIZE: Record<WriteStrategy, number> = { json: 1000, values: 250 };

/**
 * Buffers at most `batchSize` rows per table (deduplicated by key within a batch — PostgreSQL rejects an
 * upsert that touches one row twice) and writes each full buffer as one multi-row statement. Nothing is
 * kept once flushed, so memory does not grow with the catalog.
 */
export function createCatalogWriter(
  shop: string,
  options: { syncedAt: Date; batchSize?: number; db?: Db; strategy?: WriteStrategy },
): CatalogWriter {
  const db = options.db ?? prisma;
  const strategy = options.strategy ?? defaultWriteStrategy();
  const batchSize = Math.max(1, options.batchSize ?? DEFAULT_CATALOG_BATCH_SIZE[strategy]);
  const { syncedAt } = options;
  const products = new Map<string, CatalogProduct>();
  const variants = new Map<string, CatalogVariant>();
  const collections = new Map<string, CatalogCollection>();
  const links = new Map<string, [string, string]>();
  const levels = new Map<string, CatalogInventoryLevel>();
  const counts: CatalogWriterCounts = { products: 0, variants: 0, collectionLinks: 0, inventoryLevels: 0 };

  async function flushProducts() {
    const rows = [...products.values()].map((p) => productRow(p, syncedAt));
    products.clear();
    await upsertRows(db, PRODUCT_SPEC, shop, rows, strategy);
  }
  async function flushVariants() {
    const rows = [...variants.values()].map((v) => [...variantRow(v, syncedAt), v.unitCost ?? null]);
    variants.clear();
    await upsertRows(db, VARIANT_WITH_COST_SPEC, shop, rows, strategy);
  }
  async function flushCollections() {
    const collectionRows = [...collections.values()].map((c): SqlValue[] => [c.id, c.title, c.handle]);
    const linkRows = [...links.values()].map(([productId, collectionId]): SqlValue[] => [productId, collectionId]);
    collections.clear();
    links.clear();
    await upsertRows(db, COLLECTION_SPEC, shop, collectionRows, strategy);
    await upsertRows(db, PRODUCT_COLLECTION_SPEC, shop, linkRows, strategy);
  }
  async function flushLevels() {
    const rows = [...levels.values()].map((l) => levelRow(l));
    levels.clear();
    await upsertRows(db, INVENTORY_LEVEL_SPEC, shop, rows, strategy);
  }

  return {
    counts,
    async addProduct(product) {
      products.set(product.id, product);
      counts.products++;
      if (products.size >= batchSize) await flushProducts();
    },
    async addVariant(variant) {
      variants.set(variant.id, variant);
      counts.variants++;
      if (variants.size >= batchSize) await flushVariants();
    },
    async addCollection(productId, collection) {
      collections.set(collection.id, collection);
      links.set(`${productId}\n${collection.id}`, [productId, collection.id]);
      counts.collectionLinks++;
      if (links.size >= batchSize || collections.size >= batchSize) await flushCollections();
    },
    async addInventoryLevel(level) {
      levels.set(`${level.inventoryItemId}\n${level.locationId}`, level);
      counts.inventoryLevels++;
      if (levels.size >= batchSize) await flushLevels();
    },
    async findInventoryItemId(variantId) {
      const pending = variants.get(variantId);
      if (pending) return pending.inventoryItemId;
      const row = await db.variant.findUnique({
        where: { shop_id: { shop, id: variantId } },
        select: { inventoryItemId: true },
      });
      return row?.inventoryItemId ?? null;
    },
    async flush() {
      await flushProducts();
      await flushCollections();
      await flushVariants();
      await flushLevels();
    },
  };
}

/** Replaces links for a full sync: called before streaming, since the links of a product carry no sync mark. */
export async function deleteProductCollectionLinks(shop: string, db: Db = prisma): Promise<number> {
  return db.productCollection.deleteMany({ where: { shop } }).then((r) => r.count);
}

/**
 * Per variant, the mirror's stock clock: the newest shopifyUpdatedAt among its inventory levels (absent when none is
 * known). What the mirror says about the variant's stock is Shopify's state as of this time; a reconciliation that
 * acts on the mirror stamps what it writes with it, so webhooks still queued (newer) are not taken for stale.
 */
export async function loadStockClocks(shop: string, variantIds: readonly string[]): Promise<Map<string, Date>> {
  const variants = await prisma.variant.findMany({ where: { shop, id: { in: [...variantIds] } }, select: { id: true, inventoryItemId: true } });
  const itemIds = [...new Set(variants.flatMap((v) => (v.inventoryItemId ? [v.inventoryItemId] : [])))];
  const levels = itemIds.length
    ? await prisma.inventoryLevel.groupBy({ by: ["inventoryItemId"], where: { shop, inventoryItemId: { in: itemIds } }, _max: { shopifyUpdatedAt: true } })
    : [];
  const clockOfItem = new Map(levels.flatMap((l) => (l._max.shopifyUpdatedAt ? [[l.inventoryItemId, l._max.shopifyUpdatedAt] as const] : [])));
  const out = new Map<string, Date>();
  for (const v of variants) {
    const clock = v.inventoryItemId ? clockOfItem.get(v.inventoryItemId) : undefined;
    if (clock) out.set(v.id, clock);
  }
  return out;
}

/**
 * availableTotal = Σ InventoryLevel.available over the variant's inventory item (0 without levels), in one
 * statement; optionally limited to some inventory items or one product. The stored backorder states of the same
 * variants are re-derived with it (availableTotal, tracked and inventoryPolicy are their inputs; every mirror write
 * of those ends here).
 */
export async function recomputeVariantTotals(
  shop: string,
  scope: { inventoryItemIds?: readonly string[]; productId?: string } = {},
  db: Db = prisma,
): Promise<number> {
  const sum = Prisma.sql`COALESCE((SELECT SUM(l."available") FROM "InventoryLevel" l WHERE l."shop" = "Variant"."shop" AND l."inventoryItemId" = "Variant"."inventoryItemId"), 0)`;
  let filter = Prisma.empty;
  if (scope.inventoryItemIds) {
    if (!scope.inventoryItemIds.length) return 0;
    filter = Prisma.sql` AND "inventoryItemId" IN (${Prisma.join(scope.inventoryItemIds)})`;
  } else if (scope.productId) {
    filter = Prisma.sql` AND "productId" = ${scope.productId}`;
  }
  const updated = await db.$executeRaw`UPDATE "Variant" SET "availableTotal" = ${sum} WHERE "shop" = ${shop}${filter}`;
  const scoped = scope.inventoryItemIds
    ? { inventoryItemId: { in: [...scope.inventoryItemIds] } }
    : scope.productId
      ? { productId: scope.productId }
      : null;
  const variantIds = scoped ? (await db.variant.findMany({ where: { shop, ...scoped }, select: { id: true } })).map((v) => v.id) : "all";
  await refreshStoredBackorderStates(shop, variantIds, db);
  return updated;
}

export type DeletedCatalogCounts = {
  products: number;
  variants: number;
  productCollections: number;
  inventoryLevels: number;
  collections: number;
};

/**
 * After a full sync: drops products and variants that the sync did not see (syncedAt older than the start
 * of the sync — rows created or updated by webhooks meanwhile are newer and stay), then the rows that hung
 * off them: links of gone products, levels of inventory items no variant uses, collections no product is in.
 */
export async function deleteCatalogRowsNotSeenSince(shop: string, since: Date, db: Db = prisma): Promise<DeletedCatalogCounts> {
  const variants = await db.$executeRaw`DELETE FROM "Variant" WHERE "shop" = ${shop} AND "syncedAt" < ${since}`;
  const products = await db.$executeRaw`DELETE FROM "Product" WHERE "shop" = ${shop} AND "syncedAt" < ${since}`;
  const productCollections = await db.$executeRaw`
    DELETE FROM "ProductCollection" WHERE "shop" = ${shop}
      AND NOT EXISTS (SELECT 1 FROM "Product" p WHERE p."shop" = "ProductCollection"."shop" AND p."id" = "ProductCollection"."productId")`;
  const inventoryLevels = await db.$executeRaw`
    DELETE FROM "InventoryLevel" WHERE "shop" = ${shop}
      AND NOT EXISTS (SELECT 1 FROM "Variant" v WHERE v."shop" = "InventoryLevel"."shop" AND v."inventoryItemId" = "InventoryLevel"."inventoryItemId")`;
  const collections = await db.$executeRaw`
    DELETE FROM "Collection" WHERE "shop" = ${shop}
      AND NOT EXISTS (SELECT 1 FROM "ProductCollection" pc WHERE pc."shop" = "Collection"."shop" AND pc."collectionId" = "Collection"."id")`;
  return { products, variants, productCollections, inventoryLevels, collections };
}

/** Upserts the shop's locations and removes the ones Shopify no longer lists. */
export async function replaceLocations(shop: string, locations: readonly StoreLocation[], now: Date, db: Db = prisma): Promise<void> {
  const seen = locations.map((l) => l.id);
  await upsertRows(db, LOCATION_SPEC, shop, locations.map((l): SqlValue[] => [l.id, l.name, l.isActive, now]));
  await db.location.deleteMany({ where: { shop, id: { notIn: seen } } });
}

export async function countCatalog(shop: string): Promise<{ products: number; variants: number; inventoryLevels: number }> {
  const [products, variants, inventoryLevels] = await Promise.all([
    prisma.product.count({ where: { shop } }),
    prisma.variant.count({ where: { shop } }),
    prisma.inventoryLevel.count({ where: { shop } }),
  ]);
  return { products, variants, inventoryLevels };
}

// ---------------------------------------------------------------------------------------------------------
// Incremental updates (webhooks)
// ---------------------------------------------------------------------------------------------------------

export type InventoryLevelChange = {
  inventoryItemId: string; // GID
  locationId: string; // GID
  available: number;
  updatedAt: Date;
};

export type VariantTotalChange = {
  variantId: string;
  productId: string;
  previousTotal: number;
  availableTotal: number;
};

/**
 * Applies one inventory_levels/update: ignored unless newer than the stored level, then the variants of that
 * inventory item get their total recomputed. Returns each variant's total before and after (restock detection).
 */
export async function applyInventoryLevel(
  shop: string,
  change: InventoryLevelChange,
): Promise<{ applied: boolean; variants: VariantTotalChange[] }> {
  return prisma.$transaction(async (tx) => {
    const before = await tx.variant.findMany({
      where: { shop, inventoryItemId: change.inventoryItemId },
      select: { id: true, productId: true, availableTotal: true },
    });
    const written = await tx.$executeRaw`
      INSERT INTO "InventoryLevel" ("shop", "inventoryItemId", "locationId", "available", "shopifyUpdatedAt")
      VALUES (${shop}, ${change.inventoryItemId}, ${change.locationId}, ${change.available}, ${change.updatedAt})
      ON CONFLICT ("shop", "inventoryItemId", "locationId") DO UPDATE
        SET "available" = excluded."available", "shopifyUpdatedAt" = excluded."shopifyUpdatedAt"
        WHERE "InventoryLevel"."shopifyUpdatedAt" IS NULL OR "InventoryLevel"."shopifyUpdatedAt" < excluded."shopifyUpdatedAt"`;
    if (written === 0) {
      return {
        applied: false,
        variants: before.map((v) => ({ variantId: v.id, productId: v.productId, previousTotal: v.availableTotal, availableTotal: v.availableTotal })),
      };
    }
    await recomputeVariantTotals(shop, { inventoryItemIds: [change.inventoryItemId] }, tx);
    const after = await tx.variant.findMany({
      where: { shop, inventoryItemId: change.inventoryItemId },
      select: { id: true, availableTotal: true },
    });
    const totals = new Map(after.map((v) => [v.id, v.availableTotal]));
    return {
      applied: true,
      variants: before.map((v) => ({
        variantId: v.id,
        productId: v.productId,
        previousTotal: v.availableTotal,
        availableTotal: totals.get(v.id) ?? v.availableTotal,
      })),
    };
  });
}

/** A mirrored product row (null when the mirror has never seen it). */
export async function findMirrorProduct(shop: string, productId: string, db: Db = prisma) {
  return db.product.findUnique({ where: { shop_id: { shop, id: productId } } });
}

/** A product's mirrored variants, with the columns a products webhook may keep when its payload omits them. */
export async function listProductVariants(shop: string, productId: string, db: Db = prisma) {
  return db.variant.findMany({ where: { shop, productId }, select: { id: true, inventoryItemId: true, tracked: true, imageUrl: true } });
}

/**
 * Upserts one product and its variants (a products webhook), each row only when not older than the stored one,
 * then recomputes the product's variant totals (and with them their stored backorder states).
 */
export async function upsertProductWithVariants(
  shop: string,
  input: { product: CatalogProduct; variants: readonly CatalogVariant[]; syncedAt: Date },
  db: Db = prisma,
): Promise<void> {
  await upsertRows(db, PRODUCT_SPEC, shop, [productRow(input.product, input.syncedAt)]);
  await upsertRows(db, VARIANT_SPEC, shop, input.variants.map((v) => variantRow(v, input.syncedAt)));
  await recomputeVariantTotals(shop, { productId: input.product.id }, db);
}

/** Deletes variants (gone from their product) and the inventory levels no remaining variant uses. */
export async function deleteVariants(shop: string, variants: ReadonlyArray<{ id: string; inventoryItemId: string | null }>, db: Db = prisma): Promise<void> {
  if (!variants.length) return;
  await db.variant.deleteMany({ where: { shop, id: { in: variants.map((v) => v.id) } } });
  await deleteOrphanLevels(db, shop, variants.map((v) => v.inventoryItemId));
}

async function deleteOrphanLevels(db: Db, shop: string, inventoryItemIds: ReadonlyArray<string | null>): Promise<void> {
  const ids = inventoryItemIds.filter((id): id is string => !!id);
  if (!ids.length) return;
  await db.$executeRaw`
    DELETE FROM "InventoryLevel" WHERE "shop" = ${shop} AND "inventoryItemId" IN (${Prisma.join(ids)})
      AND NOT EXISTS (SELECT 1 FROM "Variant" v WHERE v."shop" = "InventoryLevel"."shop" AND v."inventoryItemId" = "InventoryLevel"."inventoryItemId")`;
}

/** products/delete: the product, its variants, its collection links and its inventory levels. */
export async function deleteProduct(shop: string, productId: string): Promise<{ deleted: boolean; variantIds: string[] }> {
  return prisma.$transaction(async (tx) => {
    const variants = await tx.variant.findMany({ where: { shop, productId }, select: { id: true, inventoryItemId: true } });
    await tx.variant.deleteMany({ where: { shop, productId } });
    await deleteOrphanLevels(tx, shop, variants.map((v) => v.inventoryItemId));
    await tx.productCollection.deleteMany({ where: { shop, productId } });
    const { count } = await tx.product.deleteMany({ where: { shop, id: productId } });
    return { deleted: count > 0, variantIds: variants.map((v) => v.id) };
  });
}

// ---------------------------------------------------------------------------------------------------------
// Catalog sync state (on Shop)
// ---------------------------------------------------------------------------------------------------------

export type CatalogSyncStatus = "never" | "queued" | "running" | "completed" | "failed";

export type CatalogSyncState = {
  status: CatalogSyncStatus;
  bulkOperationId: string | null;
  startedAt: Date | null;
  syncedAt: Date | null;
  error: string | null;
};

export async function getCatalogSyncState(shop: string): Promise<CatalogSyncState> {
  const row = await prisma.shop.findUnique({
    where: { shop },
    select: { catalogSyncStatus: true, bulkOperationId: true, catalogSyncStartedAt: true, catalogSyncedAt: true, catalogSyncError: true },
  });
  return {
    status: (row?.catalogSyncStatus ?? "never") as CatalogSyncStatus,
    bulkOperationId: row?.bulkOperationId ?? null,
    startedAt: row?.catalogSyncStartedAt ?? null,
    syncedAt: row?.catalogSyncedAt ?? null,
    error: row?.catalogSyncError ?? null,
  };
}

export async function markCatalogSyncRunning(shop: string, input: { bulkOperationId: string; startedAt: Date }): Promise<void> {
  const data = {
    catalogSyncStatus: "running",
    bulkOperationId: input.bulkOperationId,
    catalogSyncStartedAt: input.startedAt,
    catalogSyncError: null,
  };
  await prisma.shop.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

export async function markCatalogSyncCompleted(shop: string, input: { completedAt: Date }): Promise<void> {
  const data = { catalogSyncStatus: "completed", catalogSyncedAt: input.completedAt, catalogSyncError: null };
  await prisma.shop.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

export async function markCatalogSyncFailed(shop: string, input: { error: string }): Promise<void> {
  const data = { catalogSyncStatus: "failed", catalogSyncError: input.error.slice(0, 2000) };
  await prisma.shop.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}

/**
 * After a bulk import, refreshes PostgreSQL's planner statistics for the mirror tables: autovacuum may lag (or be
 * off), and with stale statistics the variants page plans nested loops over the whole catalog (seconds, not ms).
 * SQLite plans from its indexes alone, so there it is a no-op.
 */
export async function refreshMirrorStatistics(db: Db = prisma): Promise<void> {
  if (databaseProvider() !== "postgresql") return;
  await db.$executeRawUnsafe(`ANALYZE "Product", "Variant", "VariantBackorder", "InventoryLevel", "ProductCollection"`);
}
