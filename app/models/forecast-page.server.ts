// Small reads the Forecast pages need beside the forecast rows (app/models/variant-forecast.server.ts): the vendor
// filter's options, whether any sales history exists, the shop's currency, why accuracy could not be measured, a
// variant's catalog facts for its chart, and a vendor's counts for the PO draft. Every query is scoped by `shop`.
import prisma from "#app/db.server";
import type { Db } from "./db";

/**
 * Distinct named vendors among the shop's forecasts, A–Z: one GROUP BY over the (shop, vendor) index (Prisma's
 * `distinct` would fetch every row and dedupe in JavaScript: 50,000 rows for a handful of names).
 */
export async function listForecastVendors(shop: string, db: Db = prisma): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ vendor: string }>>`
    SELECT "vendor" FROM "VariantForecast" WHERE "shop" = ${shop} AND "vendor" IS NOT NULL
    GROUP BY "vendor" ORDER BY "vendor" LIMIT 1000`;
  return rows.map((r) => r.vendor).filter((v) => v.trim() !== "");
}

/** Variants at risk (a count over the (shop, atRisk, …) index only) and whether the shop has any forecast. */
export async function countForecastOverview(shop: string, db: Db = prisma): Promise<{ atRisk: number; any: boolean }> {
  const [atRisk, first] = await Promise.all([
    db.variantForecast.count({ where: { shop, atRisk: true } }),
    db.variantForecast.findFirst({ where: { shop }, select: { variantId: true } }),
  ]);
  return { atRisk, any: first !== null };
}

/** Whether the shop has any recorded sales day (from webhooks or the backfill). */
export async function hasSalesHistory(shop: string, db: Db = prisma): Promise<boolean> {
  return (await db.variantSalesDay.findFirst({ where: { shop }, select: { day: true } })) !== null;
}

export async function loadShopCurrency(shop: string, db: Db = prisma): Promise<string> {
  return (await db.shop.findUnique({ where: { shop }, select: { currencyCode: true } }))?.currencyCode ?? "USD";
}

/** How many forecast variants have no accuracy figure, by reason (forecast-backtest.ts's reasons). */
export async function countUnmeasuredByReason(shop: string, db: Db = prisma): Promise<Array<{ reason: string | null; variants: number }>> {
  const rows = await db.variantForecast.groupBy({ by: ["maseReason"], where: { shop, mase: null }, _count: { _all: true } });
  return rows.map((r) => ({ reason: r.maseReason, variants: r._count._all })).sort((a, b) => b.variants - a.variants);
}

export type VariantChartFacts = {
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  vendor: string | null;
  inventoryItemId: string | null;
  inventoryPolicy: string;
  tracked: boolean;
  availableTotal: number;
};

/** The variant's catalog facts (null when it is not in the mirror). */
export async function loadVariantChartFacts(shop: string, variantId: string, db: Db = prisma): Promise<VariantChartFacts | null> {
  const variant = await db.variant.findUnique({
    where: { shop_id: { shop, id: variantId } },
    select: { id: true, productId: true, title: true, sku: true, inventoryItemId: true, inventoryPolicy: true, tracked: true, availableTotal: true },
  });
  if (!variant) return null;
  const product = await db.product.findUnique({ where: { shop_id: { shop, id: variant.productId } }, select: { title: true, vendor: true } });
  return {
    variantId: variant.id,
    productId: variant.productId,
    productTitle: product?.title ?? "",
    variantTitle: variant.title,
    sku: variant.sku,
    vendor: product?.vendor ?? null,
    inventoryItemId: variant.inventoryItemId,
    inventoryPolicy: variant.inventoryPolicy,
    tracked: variant.tracked,
    availableTotal: variant.availableTotal,
  };
}

/** A vendor's forecast variants, and how many of them have something to order (vendor null = no vendor). */
export async function countVendorForecasts(shop: string, vendor: string | null, db: Db = prisma): Promise<{ variants: number; toOrder: number }> {
  const [variants, toOrder] = await Promise.all([
    db.variantForecast.count({ where: { shop, vendor } }),
    db.variantForecast.count({ where: { shop, vendor, suggestedQuantity: { gt: 0 } } }),
  ]);
  return { variants, toOrder };
}
