// The one read of a shop's effective time zone (app/domain/shop-time-zone.ts decides), for callers that need
// only the zone; getShopSettings resolves it the same way for the full settings view.
import prisma from "#app/db.server";
import { todayIn } from "#app/domain/eta";
import { effectiveTimeZone } from "#app/domain/shop-time-zone";
import type { Db } from "./job.server";

export async function loadShopTimeZone(shop: string, db: Db = prisma): Promise<string> {
  const [settings, shopRow] = await Promise.all([
    db.shopSettings.findUnique({ where: { shop }, select: { timeZone: true } }),
    db.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } }),
  ]);
  return effectiveTimeZone({ override: settings?.timeZone, shopZone: shopRow?.ianaTimezone });
}

/** Today (YYYY-MM-DD) in the shop's effective time zone, with the zone. */
export async function loadShopToday(shop: string, now: Date, db: Db = prisma): Promise<{ timeZone: string; today: string }> {
  const timeZone = await loadShopTimeZone(shop, db);
  return { timeZone, today: todayIn(timeZone, now) };
}
