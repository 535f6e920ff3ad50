import { countCatalogByState, findHomeShop, findLowStockThreshold } from "../models/home-summary.server";
import { ensureInitialCatalogSync } from "./shop-install.server";
import { loadDashboard, type Dashboard } from "./dashboard.server";

export type HomeSummary = {
  shopName: string;
  shop: string;
  products: number;
  variants: number;
  inStock: number;
  lowStock: number;
  soldOut: number; // not purchasable: sold out, backorder cap reached, discontinued
  backordered: number; // out of stock and selling on backorder
  untracked: number;
  lowStockThreshold: number;
  sync: {
    status: string;
    startedAt: string | null;
    syncedAt: string | null;
    syncedAtLabel: string | null; // formatted in the shop's time zone on the server, so hydration matches
    error: string | null;
  };
  /** Backorder and waitlist analytics (the ledger, subscriptions); see dashboard.server.ts. */
  dashboard: Dashboard;
  /** Variants with backorder turned on for them (any state): none yet means "start here" on an empty dashboard. */
  backorderEnabledVariants: number;
};

/** Everything the home page shows, from local data only (never a Shopify call on page load): one loader call. */
export async function loadHomeSummary(shop: string, now: Date): Promise<HomeSummary> {
  await ensureInitialCatalogSync(shop, now);
  const [shopRow, threshold] = await Promise.all([findHomeShop(shop), findLowStockThreshold(shop)]);
  const lowStockThreshold = threshold ?? 5;
  // Counted by the same derived state the Variants page filters on, so every number matches the list it links to.
  const [{ products, variantsByState, backorderEnabledVariants }, dashboard] = await Promise.all([
    countCatalogByState(shop),
    loadDashboard(shop, now),
  ]);
  const count = (...states: string[]) => states.reduce((sum, state) => sum + (variantsByState.get(state) ?? 0), 0);
  const variants = [...variantsByState.values()].reduce((sum, n) => sum + n, 0);
  const syncedAt = shopRow?.catalogSyncedAt ?? null;
  return {
    shop,
    shopName: shopRow?.name ?? shop,
    products,
    variants,
    inStock: count("in_stock"),
    lowStock: count("low_stock"),
    soldOut: count("sold_out", "backorder_cap_reached", "discontinued"),
    backordered: count("backorder"),
    untracked: count("untracked"),
    lowStockThreshold,
    sync: {
      status: shopRow?.catalogSyncStatus ?? "never",
      startedAt: shopRow?.catalogSyncStartedAt?.toISOString() ?? null,
      syncedAt: syncedAt?.toISOString() ?? null,
      // The zone the dashboard below reads its dates in (the override in Settings first), so the page agrees with itself.
      syncedAtLabel: syncedAt ? formatInTimeZone(syncedAt, dashboard.timeZone) : null,
      error: shopRow?.catalogSyncError ?? null,
    },
    dashboard,
    backorderEnabledVariants,
  };
}

function formatInTimeZone(date: Date, timeZone: string): string {
  return new Intl.DateTimeFormat("en-US", { dateStyle: "medium", timeStyle: "short", timeZone }).format(date);
}
