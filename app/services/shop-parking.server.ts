// Parking a shop whose Admin API access is gone for good.
//
// Background jobs reach Shopify through `unauthenticated.admin(shop)` (the stored offline session; the library
// refreshes an expiring token first). If Shopify still answers 401 — the token was revoked, the app uninstalled
// and the app/uninstalled webhook not processed yet — every retry would fail the same way. Instead the shop is
// parked: Shop.parkedAt/parkedReason are set, the dead offline session is dropped, and the worker stops
// claiming that shop's jobs (claimDueJobs); they stay queued, not dead. The job that hit the 401 goes back to the
// queue without spending an attempt. When the merchant opens the app again, token exchange stores a fresh session
// and the afterAuth hook (onShopAuthenticated) unparks the shop, so the waiting jobs run.
//
// Emails: email sends do not call Shopify, but a parked shop has most likely uninstalled the app, so its email
// sends wait too (no back-in-stock emails go out in the name of a shop that may have removed the app). Privacy and
// uninstall webhooks still run while parked (JOB_TYPES_RUN_WHILE_PARKED) — they must, and they need no token.

import { SessionNotFoundError } from "@shopify/shopify-app-remix/server";
import { clearShopParking, loadShopParking, markShopParked } from "#app/models/shop.server";
import { AdminHttpError } from "#app/shopify/graphql-errors";

/**
 * The single classification of "Shopify no longer accepts this shop's credentials". A 401 reaches us as:
 *   - HttpResponseError (response.code 401) thrown by the API client under `unauthenticated.admin` (the library
 *     passes no client-error handler there, so the raw error arrives);
 *   - a thrown Response with status 401 (shopify-app-remix forwards client errors that way in request contexts);
 *   - AdminHttpError 401 from the gateway when a (fake or simulated) client returns the 401 response;
 *   - HttpResponseError 400 invalid_grant from the token refresh (the refresh token was revoked);
 *   - SessionNotFoundError: no offline session at all (it was deleted, or the shop never finished install).
 * Returns a reason the merchant/support can read, or null for any other error (normal retries apply).
 */
export function revokedAccessReason(error: unknown): string | null {
  if (error instanceof Response) return error.status === 401 ? "Shopify answered 401 Unauthorized to the app's access token." : null;
  if (error instanceof AdminHttpError) return error.status === 401 ? `Shopify answered 401 Unauthorized (${error.operation}).` : null;
  if (error instanceof SessionNotFoundError) return "The app has no offline session for this shop.";
  const response = httpResponseOf(error);
  if (response) {
    if (response.code === 401) return "Shopify answered 401 Unauthorized to the app's access token.";
    if (response.code === 400 && JSON.stringify(response.body ?? "").includes("invalid_grant")) {
      return "Shopify refused to refresh the app's access token (invalid_grant).";
    }
  }
  return null;
}

/**
 * The `response` of @shopify/shopify-api's HttpResponseError (`{ code, statusText, body, headers }`). Matched by
 * shape: that package is only a transitive dependency here (shopify-app-remix does not re-export the class).
 */
function httpResponseOf(error: unknown): { code: number; body?: unknown } | null {
  if (!(error instanceof Error)) return null;
  const response = (error as { response?: unknown }).response;
  if (typeof response !== "object" || response === null) return null;
  const code = (response as { code?: unknown }).code;
  return typeof code === "number" ? (response as { code: number; body?: unknown }) : null;
}

/** Parks the shop (keeps the first parking time) and drops its offline session so the next app open re-authenticates. */
export async function parkShop(input: { shop: string; reason: string; now: Date }): Promise<void> {
  await markShopParked(input);
}

/** Clears the parking; called when a fresh session has been stored. Returns whether the shop was parked. */
export async function unparkShop(shop: string): Promise<boolean> {
  return clearShopParking(shop);
}

/** Worker hook: parks the shop when `error` means its access is revoked. Returns true when it did. */
export async function parkShopIfAccessRevoked(shop: string, error: unknown, now: Date): Promise<boolean> {
  const reason = revokedAccessReason(error);
  if (!reason) return false;
  await parkShop({ shop, reason, now });
  return true;
}

export async function getShopParking(shop: string): Promise<{ parkedAt: Date; parkedReason: string | null } | null> {
  return loadShopParking(shop);
}
