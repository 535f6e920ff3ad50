import { loadCatalogSyncStart, queueCatalogSync, recordAuthenticatedShop } from "../models/shop.server";
import { createAdminGateway, type AdminGraphql } from "../shopify/admin-gateway.server";
import { CATALOG_SYNC_START_JOB as CATALOG_SYNC_START } from "../jobs/job-types";
import { ensureCheckoutValidationSync } from "./checkout-validation.server";
import { ensureInitialSalesHistoryBackfill } from "./sales-history-backfill.server";
export { CATALOG_SYNC_START };


/**
 * Runs after every successful token exchange (install, reinstall, token refresh of an embedded session).
 * Idempotent: records the shop and makes sure the initial catalog import is queued exactly once per install, and
 * that the checkout validation gets registered (new installs have "Enforce caps at checkout" on) — also after a
 * reauthorisation that granted its permission — and that the sales history is backfilled once.
 */
export async function onShopAuthenticated(input: { shop: string; graphql: AdminGraphql; now: Date }): Promise<void> {
  const info = await createAdminGateway(input.graphql, { shop: input.shop }).getShopInfo();
  const shopFields = {
    name: info.name,
    email: info.email ?? null,
    currencyCode: info.currencyCode ?? null,
    ianaTimezone: info.ianaTimezone ?? null,
    primaryLocale: info.primaryLocale ?? null,
  };
  // A fresh session is stored: a shop parked for revoked access resumes its waiting jobs.
  await recordAuthenticatedShop(input.shop, shopFields, input.now);
  await ensureInitialCatalogSync(input.shop, input.now);
  await ensureCheckoutValidationSync(input.shop, input.now);
  await ensureInitialSalesHistoryBackfill(input.shop, input.now); // the last 60 days of orders, once per install
}

/** Queues the first catalog import if the shop has never been synced. Safe to call on every page load. */
export async function ensureInitialCatalogSync(shop: string, now: Date): Promise<void> {
  const row = await loadCatalogSyncStart(shop);
  if (!row || row.catalogSyncStatus !== "never") return;
  await queueCatalogSync(shop, {
    shop,
    type: CATALOG_SYNC_START,
    idempotencyKey: `catalog-sync:initial:${row.installedAt.toISOString()}`,
    runAt: now,
  });
}

/** Merchant-requested re-sync ("Sync catalog now"). At most one queued per minute. */
export async function requestCatalogSync(shop: string, now: Date): Promise<void> {
  const minute = now.toISOString().slice(0, 16);
  await queueCatalogSync(shop, { shop, type: CATALOG_SYNC_START, idempotencyKey: `catalog-sync:manual:${minute}`, runAt: now }, { clearError: true });
}
