// The Shop row: what the app knows of the shop (recorded at each authentication), its parking for revoked access
// (app/services/shop-parking.server.ts decides when), the queued catalog import an install or a merchant asks for,
// whether the app is installed, and the scopes its offline session holds.
import prisma from "#app/db.server";
import type { Db } from "./db";
import { enqueue } from "../jobs/enqueue.server";
import type { JobRequest } from "../jobs/job-types";

export type ShopInfoFields = {
  name: string;
  email: string | null;
  currencyCode: string | null;
  ianaTimezone: string | null;
  primaryLocale: string | null;
};

/**
 * Records an authenticated shop: creates it (installed now) or refreshes its fields and clears any uninstall or
 * parking — a fresh session is stored, so a shop parked for revoked access resumes its waiting jobs. Makes sure
 * the shop has a settings row.
 */
export async function recordAuthenticatedShop(shop: string, fields: ShopInfoFields, now: Date, db: Db = prisma): Promise<void> {
  await db.shop.upsert({
    where: { shop },
    create: { shop, ...fields, installedAt: now },
    update: { ...fields, uninstalledAt: null, parkedAt: null, parkedReason: null },
  });
  await db.shopSettings.upsert({ where: { shop }, create: { shop }, update: {} });
}

export async function loadCatalogSyncStart(shop: string, db: Db = prisma): Promise<{ catalogSyncStatus: string; installedAt: Date } | null> {
  return db.shop.findUnique({ where: { shop }, select: { catalogSyncStatus: true, installedAt: true } });
}

/** Enqueues the catalog import job and marks the shop's sync "queued" (clearing the last error when asked), atomically. */
export async function queueCatalogSync(shop: string, job: JobRequest, options: { clearError?: boolean } = {}): Promise<void> {
  await prisma.$transaction(async (tx) => {
    await enqueue(job, tx);
    await tx.shop.update({ where: { shop }, data: { catalogSyncStatus: "queued", ...(options.clearError ? { catalogSyncError: null } : {}) } });
  });
}

/** Parks the shop (keeps the first parking time) and drops its offline session, in one transaction. */
export async function markShopParked(input: { shop: string; reason: string; now: Date }): Promise<void> {
  const { shop, reason, now } = input;
  await prisma.$transaction([
    prisma.shop.upsert({
      where: { shop },
      create: { shop, parkedAt: now, parkedReason: reason },
      update: { parkedReason: reason },
    }),
    prisma.shop.updateMany({ where: { shop, parkedAt: null }, data: { parkedAt: now } }),
    // The token is dead: without a session, opening the app performs token exchange and runs afterAuth (unpark).
    prisma.session.deleteMany({ where: { shop, isOnline: false } }),
  ]);
}

/** Clears the parking. Returns whether the shop was parked. */
export async function clearShopParking(shop: string, db: Db = prisma): Promise<boolean> {
  const { count } = await db.shop.updateMany({ where: { shop, parkedAt: { not: null } }, data: { parkedAt: null, parkedReason: null } });
  return count > 0;
}

export async function loadShopParking(shop: string, db: Db = prisma): Promise<{ parkedAt: Date; parkedReason: string | null } | null> {
  const row = await db.shop.findUnique({ where: { shop }, select: { parkedAt: true, parkedReason: true } });
  return row?.parkedAt ? { parkedAt: row.parkedAt, parkedReason: row.parkedReason } : null;
}

/** Installed = a Shop row that no uninstall has marked. Periodic job chains end when this turns false. */
export async function isShopInstalled(shop: string, db: Db = prisma): Promise<boolean> {
  const row = await db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  return !!row && row.uninstalledAt === null;
}

/** app/scopes_update: the sessions keep the scopes Shopify now grants (the library compares them on each request). */
export async function recordGrantedScopes(shop: string, scopes: readonly string[], db: Db = prisma): Promise<void> {
  await db.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
}

/** What the app last did about the checkout validation (app/services/checkout-validation.server.ts). */
export type CheckoutValidationStatus = "never" | "active" | "inactive" | "failed";
export type CheckoutValidationState = {
  validationId: string | null;
  status: CheckoutValidationStatus;
  error: string | null;
  syncedAt: Date | null;
};

const VALIDATION_STATUSES: readonly CheckoutValidationStatus[] = ["never", "active", "inactive", "failed"];

/** The shop's checkout validation state ("never" for a shop without a row). */
export async function loadCheckoutValidationState(shop: string, db: Db = prisma): Promise<CheckoutValidationState> {
  const row = await db.shop.findUnique({
    where: { shop },
    select: { checkoutValidationId: true, checkoutValidationStatus: true, checkoutValidationError: true, checkoutValidationSyncedAt: true },
  });
  const status = (VALIDATION_STATUSES as readonly string[]).includes(row?.checkoutValidationStatus ?? "") ? (row!.checkoutValidationStatus as CheckoutValidationStatus) : "never";
  return { validationId: row?.checkoutValidationId ?? null, status, error: row?.checkoutValidationError ?? null, syncedAt: row?.checkoutValidationSyncedAt ?? null };
}

/** Stores the outcome of a sync (a shop without a row — uninstalled meanwhile — is left alone). */
export async function recordCheckoutValidationState(shop: string, state: Omit<CheckoutValidationState, "syncedAt"> & { syncedAt: Date }, db: Db = prisma): Promise<void> {
  await db.shop.updateMany({
    where: { shop },
    data: { checkoutValidationId: state.validationId, checkoutValidationStatus: state.status, checkoutValidationError: state.error, checkoutValidationSyncedAt: state.syncedAt },
  });
}
