// The mirrored catalog (Product, Variant) and the variants' backorder settings (VariantBackorder) as the CSV
// import and export read them: whole-shop maps for a preview, product pages and id batches for an export. Reads
// only; every function takes `shop` and puts it in every `where`.

import type { Db } from "./db";
import prisma from "#app/db.server";

export type { Db };

/** Ids per `IN (…)` list: Prisma's SQLite driver adapter caps bound parameters per query. */
export const CSV_ID_CHUNK = 500;

/** A variant's backorder settings row. */
export type StoredBackorderSettings = {
  variantId: string;
  enabled: boolean;
  etaDate: string | null;
  leadTimeDays: number | null;
  cap: number | null;
  message: string | null;
};

const SETTINGS_SELECT = { variantId: true, enabled: true, etaDate: true, leadTimeDays: true, cap: true, message: true } as const;

/** A mirrored variant with what the CSV shows and what decides its unconfigured settings. */
export type CsvVariant = { id: string; productId: string; sku: string | null; title: string; inventoryPolicy: string; tracked: boolean };

const VARIANT_SELECT = { id: true, productId: true, sku: true, title: true, inventoryPolicy: true, tracked: true } as const;
const VARIANT_ORDER = [{ productId: "asc" as const }, { position: "asc" as const }, { id: "asc" as const }];

/** Every variant of the shop (for resolving a file's SKUs and variant ids). */
export async function listShopVariantKeys(
  shop: string,
  db: Db = prisma,
): Promise<Array<{ id: string; sku: string | null; productId: string; inventoryPolicy: string; tracked: boolean }>> {
  return db.variant.findMany({ where: { shop }, select: { id: true, sku: true, productId: true, inventoryPolicy: true, tracked: true } });
}

/** Every VariantBackorder row of the shop. */
export async function listShopBackorderSettings(shop: string, db: Db = prisma): Promise<StoredBackorderSettings[]> {
  return db.variantBackorder.findMany({ where: { shop }, select: SETTINGS_SELECT });
}

/** The VariantBackorder rows of `variantIds` (any number: queried in chunks). */
export async function listBackorderSettingsOf(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<StoredBackorderSettings[]> {
  const chunks: Array<Promise<StoredBackorderSettings[]>> = [];
  for (let i = 0; i < variantIds.length; i += CSV_ID_CHUNK) {
    chunks.push(db.variantBackorder.findMany({ where: { shop, variantId: { in: variantIds.slice(i, i + CSV_ID_CHUNK) } }, select: SETTINGS_SELECT }));
  }
  return (await Promise.all(chunks)).flat();
}

/** The variants of `variantIds` (at most `CSV_ID_CHUNK`), by product, then position. */
export async function listCsvVariants(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<CsvVariant[]> {
  return db.variant.findMany({ where: { shop, id: { in: [...variantIds] } }, orderBy: VARIANT_ORDER, select: VARIANT_SELECT });
}

/** The variants of `productIds`, by product, then position. */
export async function listCsvVariantsOfProducts(shop: string, productIds: readonly string[], db: Db = prisma): Promise<CsvVariant[]> {
  return db.variant.findMany({ where: { shop, productId: { in: [...productIds] } }, orderBy: VARIANT_ORDER, select: VARIANT_SELECT });
}

/** The titles of `productIds`. */
export async function loadProductTitles(shop: string, productIds: readonly string[], db: Db = prisma): Promise<Map<string, string>> {
  const products = await db.product.findMany({ where: { shop, id: { in: [...productIds] } }, select: { id: true, title: true } });
  return new Map(products.map((p) => [p.id, p.title]));
}

/** One page of the shop's products by id, after `afterId` (keyset pagination). */
export async function listProductPage(
  shop: string,
  afterId: string | undefined,
  limit: number,
  db: Db = prisma,
): Promise<Array<{ id: string; title: string }>> {
  return db.product.findMany({
    where: afterId ? { shop, id: { gt: afterId } } : { shop },
    orderBy: { id: "asc" },
    take: limit,
    select: { id: true, title: true },
  });
}
