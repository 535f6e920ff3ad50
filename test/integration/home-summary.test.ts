import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loadHomeSummary } from "../../app/services/home-summary.server";

const shop = "home.myshopify.com";
const NOW = new Date("2026-11-24T15:00:00Z");

describe("home summary", () => {
  it("GIVEN variants in every state THEN the counts follow the derived state the Variants page filters on", async () => {
    await prisma.shop.create({ data: { shop, name: "Home Shop", catalogSyncStatus: "completed", catalogSyncedAt: new Date("2026-11-23T15:00:00Z"), ianaTimezone: "America/New_York" } });
    await prisma.product.create({ data: { shop, id: "gid://shopify/Product/1", title: "P", handle: "p" } });
    const states = ["in_stock", "in_stock", "low_stock", "backorder", "backorder", "backorder", "backorder_cap_reached", "sold_out", "discontinued", "untracked"];
    await prisma.variant.createMany({
      data: states.map((backorderState, i) => ({ shop, id: `gid://shopify/ProductVariant/${i}`, productId: "gid://shopify/Product/1", title: `V${i}`, backorderState })),
    });
    await prisma.variant.create({ data: { shop: "other.myshopify.com", id: "gid://shopify/ProductVariant/99", productId: "x", title: "other", backorderState: "backorder" } });

    const summary = await loadHomeSummary(shop, NOW);

    expect(summary).toMatchObject({ shopName: "Home Shop", products: 1, variants: 10, inStock: 2, lowStock: 1, backordered: 3, soldOut: 3, untracked: 1 });
    expect(summary.sync).toMatchObject({ status: "completed", syncedAtLabel: "Nov 23, 2026, 10:00 AM" });
    // No orders yet: the dashboard half of the page shows its first steps (test/integration/dashboard-on-10k-orders.test.ts covers the numbers).
    expect(summary.dashboard).toMatchObject({ ledgerEmpty: true, open: { orders: 0, units: 0 }, timeZone: "America/New_York" });
  });

  it("GIVEN a time-zone override in Settings THEN the sync time and the dashboard's dates are read in the same zone", async () => {
    const zoned = "zoned-home.myshopify.com";
    // 23:30 UTC on the 23rd is already the 24th in Auckland: one zone must decide both figures.
    await prisma.shop.create({ data: { shop: zoned, name: "Zoned", catalogSyncStatus: "completed", catalogSyncedAt: new Date("2026-11-23T23:30:00Z"), ianaTimezone: "America/New_York" } });
    await prisma.shopSettings.create({ data: { shop: zoned, timeZone: "Pacific/Auckland" } });
    const summary = await loadHomeSummary(zoned, NOW);
    expect(summary.dashboard.timeZone).toBe("Pacific/Auckland");
    expect(summary.sync.syncedAtLabel).toBe("Nov 24, 2026, 12:30 PM");
  });

  it("GIVEN a shop that was never synced THEN opening the home page queues the initial catalog sync once", async () => {
    await prisma.shop.create({ data: { shop: "new.myshopify.com", name: "New" } });
    await loadHomeSummary("new.myshopify.com", NOW);
    await loadHomeSummary("new.myshopify.com", NOW);
    expect(await prisma.job.count({ where: { shop: "new.myshopify.com", type: "catalog.sync.start" } })).toBe(1);
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop: "new.myshopify.com" } })).catalogSyncStatus).toBe("queued");
  });
});
