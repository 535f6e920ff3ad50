// Every reader of the shop's zone agrees (issue 15: it was worked out three ways, and the fan-out took a stored
// override that is not a zone as is).
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loadShopToday } from "../../app/models/shop-time-zone.server";
import { loadDashboard } from "../../app/services/dashboard.server";
import { loadAlertSettings } from "../../app/services/restock-fanout.server";
import { getShopSettings } from "../../app/services/shop-settings.server";

const NOW = new Date("2026-11-23T23:30:00Z"); // already the 24th in Auckland, still the 23rd in New York

const cases = [
  { name: "override", override: "Pacific/Auckland", shopZone: "America/New_York", zone: "Pacific/Auckland", today: "2026-11-24" },
  { name: "shop zone only", override: null, shopZone: "America/New_York", zone: "America/New_York", today: "2026-11-23" },
  { name: "a stored override that is not a zone", override: "Mars/Olympus_Mons", shopZone: "America/New_York", zone: "America/New_York", today: "2026-11-23" },
  { name: "neither", override: null, shopZone: null, zone: "UTC", today: "2026-11-23" },
];

describe("the shop's effective time zone", () => {
  it.each(cases)("GIVEN $name THEN settings, alert fan-out, today and the dashboard all read $zone", async ({ name, override, shopZone, zone, today }) => {
    const shop = `zone-${name.replace(/\W+/g, "-")}.myshopify.com`;
    await prisma.shop.create({ data: { shop, name: shop, ianaTimezone: shopZone } });
    if (override) await prisma.shopSettings.create({ data: { shop, timeZone: override } });

    expect((await getShopSettings(shop)).timeZone).toBe(zone);
    expect((await loadAlertSettings(shop)).timeZone).toBe(zone);
    expect(await loadShopToday(shop, NOW)).toEqual({ timeZone: zone, today });
    expect(await loadDashboard(shop, NOW)).toMatchObject({ timeZone: zone, today });
  });
});
