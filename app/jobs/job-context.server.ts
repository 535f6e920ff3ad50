// What background job handlers share: the shop's Admin API gateway and the installation check that ends periodic
// job chains. (Payload shapes are the catalogue's: app/jobs/job-types.ts.)
import { isShopInstalled } from "../models/shop.server";
import { createAdminGateway } from "../shopify/admin-gateway.server";

/**
 * The Admin API gateway for a shop, from its offline session (the library refreshes an expiring access token that
 * is close to expiry). Imported lazily so that loading a job module (tests, the worker) does not build the
 * Shopify app; callers pass `() => gatewayForShop(shop)` so jobs that need no Shopify call never load a session.
 */
export async function gatewayForShop(shop: string) {
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  return createAdminGateway(admin.graphql, { shop });
}

/** Periodic jobs (reconciliations) stop rescheduling themselves once the shop has uninstalled. */
export async function isInstalled(shop: string): Promise<boolean> {
  return isShopInstalled(shop);
}
