// Reads of the merchant's settings (ShopSettings) that restock alerts, signups and shopper emails act on. Each read
// returns the row's columns or null when the shop has no settings row: the callers apply their defaults.
// Read-only: the settings are written by shop-settings.server.ts.
import prisma from "#app/db.server";
import type { Db } from "./db";

export function loadAlertBatchSettings(
  shop: string,
  db: Db = prisma,
): Promise<{ alertMultiplier: number; alertBatchIntervalMins: number; alertsAutoSend: boolean } | null> {
  return db.shopSettings.findUnique({ where: { shop }, select: { alertMultiplier: true, alertBatchIntervalMins: true, alertsAutoSend: true } });
}

export function loadSignupSettings(
  shop: string,
  db: Db = prisma,
): Promise<{ requireConsent: boolean; alertsOnBackorder: boolean; pendingExpiryDays: number } | null> {
  return db.shopSettings.findUnique({ where: { shop }, select: { requireConsent: true, alertsOnBackorder: true, pendingExpiryDays: true } });
}

export function loadOrderEmailSwitches(
  shop: string,
  db: Db = prisma,
): Promise<{ sendBackorderConfirm: boolean; sendDelayNotices: boolean; sendShippingSoon: boolean } | null> {
  return db.shopSettings.findUnique({ where: { shop }, select: { sendBackorderConfirm: true, sendDelayNotices: true, sendShippingSoon: true } });
}

export function loadPendingExpirySetting(shop: string, db: Db = prisma): Promise<{ pendingExpiryDays: number } | null> {
  return db.shopSettings.findUnique({ where: { shop }, select: { pendingExpiryDays: true } });
}

export function loadDelayApologySetting(shop: string, db: Db = prisma): Promise<{ delayApologyText: string | null } | null> {
  return db.shopSettings.findUnique({ where: { shop }, select: { delayApologyText: true } });
}
