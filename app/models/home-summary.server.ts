// The reads behind the home page's catalog numbers (app/services/home-summary.server.ts; the backorder figures are
// the dashboard's): the shop's name and catalog sync state, its low-stock threshold, and catalog counts by
// derived backorder state. Read-only; shop-scoped.
import prisma from "#app/db.server";
import type { Db } from "./db";

export type HomeShopRow = {
  name: string | null;
  catalogSyncStatus: string;
  catalogSyncStartedAt: Date | null;
  catalogSyncedAt: Date | null;
  catalogSyncError: string | null;
};

export function findHomeShop(shop: string, db: Db = prisma): Promise<HomeShopRow | null> {
  return db.shop.findUnique({
    where: { shop },
    select: { name: true, catalogSyncStatus: true, catalogSyncStartedAt: true, catalogSyncedAt: true, catalogSyncError: true },
  });
}

/** The shop's low-stock threshold, or null without a settings row (the caller applies the default). */
export async function findLowStockThreshold(shop: string, db: Db = prisma): Promise<number | null> {
  const row = await db.shopSettings.findUnique({ where: { shop }, select: { lowStockThreshold: true } });
  return row?.lowStockThreshold ?? null;
}

/** Products, variants per stored backorder state, and variants with backorder turned on (any state). */
export async function countCatalogByState(
  shop: string,
  db: Db = prisma,
): Promise<{ products: number; variantsByState: Map<string, number>; backorderEnabledVariants: number }> {
  const [products, byState, backorderEnabledVariants] = await Promise.all([
    db.product.count({ where: { shop } }),
    db.variant.groupBy({ by: ["backorderState"], where: { shop }, _count: { _all: true } }),
    db.variantBackorder.count({ where: { shop, enabled: true } }),
  ]);
  return { products, variantsByState: new Map(byState.map((row) => [row.backorderState, row._count._all])), backorderEnabledVariants };
}
