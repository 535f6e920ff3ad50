import prisma from "../db.server";
import { ensureInitialCatalogSync } from "./shop-install.server";

export type HomeSummary = {
  shopName: string;
  shop: string;
  products: number;
  variants: number;
  inStock: number;
  lowStock: number;
  soldOut: number; // tracked, nothing available, DENY: shoppers cannot buy
  backordered: number; // tracked, nothing available, CONTINUE: selling on backorder
  untracked: number;
  lowStockThreshold: number;
  sync: {
    status: string;
    startedAt: string | null;
    syncedAt: string | null;
    syncedAtLabel: string | null; // formatted in the shop's time zone on the server, so hydration matches
    error: string | null;
  };
};

/** Everything the home page shows, from the local mirror only (never a Shopify call on page load). */
export async function loadHomeSummary(shop: string): Promise<HomeSummary> {
  await ensureInitialCatalogSync(shop);
  const [shopRow, settings] = await Promise.all([
    prisma.shop.findUnique({ where: { shop } }),
    prisma.shopSettings.findUnique({ where: { shop }, select: { lowStockThreshold: true } }),
  ]);
  const lowStockThreshold = settings?.lowStockThreshold ?? 5;
  const tracked = { shop, tracked: true };
  const [products, variants, untracked, soldOut, backordered, lowStock] = await Promise.all([
    prisma.product.count({ where: { shop } }),
    prisma.variant.count({ where: { shop } }),
    prisma.variant.count({ where: { shop, tracked: false } }),
    prisma.variant.count({ where: { ...tracked, availableTotal: { lte: 0 }, inventoryPolicy: "DENY" } }),
    prisma.variant.count({ where: { ...tracked, availableTotal: { lte: 0 }, inventoryPolicy: "CONTINUE" } }),
    prisma.variant.count({ where: { ...tracked, availableTotal: { gt: 0, lte: lowStockThreshold } } }),
  ]);
  const syncedAt = shopRow?.catalogSyncedAt ?? null;
  return {
    shop,
    shopName: shopRow?.name ?? shop,
    products,
    variants,
    inStock: variants - untracked - soldOut - backordered - lowStock,
    lowStock,
    soldOut,
    backordered,
    untracked,
    lowStockThreshold,
    sync: {
      status: shopRow?.catalogSyncStatus ?? "never",
      startedAt: shopRow?.catalogSyncStartedAt?.toISOString() ?? null,
      syncedAt: syncedAt?.toISOString() ?? null,
      syncedAtLabel: syncedAt ? formatInTimeZone(syncedAt, shopRow?.ianaTimezone ?? "UTC") : null,
      error: shopRow?.catalogSyncError ?? null,
    },
  };
}

function formatInTimeZone(date: Date, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
  } catch {
    return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" }).format(date) + " UTC";
  }
}
