// What the predicted stock-out automation reads (forecast rows with a stock-out predicted and stock inbound, the
// variants it turned on) and the mark it releases. Shop-scoped in every query.
import prisma from "#app/db.server";
import { chunk } from "#app/domain/collections";
import type { Db } from "./db";

const IN_CHUNK = 500;

export type PredictedStockOutForecast = {
  variantId: string;
  stockOutEarliest: string | null;
  stockOutLikely: string | null;
  leadTimeDays: number;
};

/** One page (by variant id) of forecasts with a stock-out predicted and units inbound. */
export async function listInboundStockOutForecastsPage(
  shop: string,
  page: { after: string | null; take: number },
  db: Db = prisma,
): Promise<PredictedStockOutForecast[]> {
  return db.variantForecast.findMany({
    where: { shop, inbound: { gt: 0 }, stockOutEarliest: { not: null }, ...(page.after ? { variantId: { gt: page.after } } : {}) },
    orderBy: { variantId: "asc" },
    take: page.take,
    select: { variantId: true, stockOutEarliest: true, stockOutLikely: true, leadTimeDays: true },
  });
}

/** One page (by variant id) of the variants the automation turned on ahead of a predicted stock-out. */
export async function listAheadOfStockOutPage(shop: string, page: { after: string | null; take: number }, db: Db = prisma): Promise<string[]> {
  const rows = await db.variantBackorder.findMany({
    where: { shop, aheadOfStockOut: true, ...(page.after ? { variantId: { gt: page.after } } : {}) },
    orderBy: { variantId: "asc" },
    take: page.take,
    select: { variantId: true },
  });
  return rows.map((r) => r.variantId);
}

/** The forecasts of these variants (absent: none computed). */
export async function loadForecastsOf(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<Map<string, PredictedStockOutForecast>> {
  const out = new Map<string, PredictedStockOutForecast>();
  for (const ids of chunk([...new Set(variantIds)], IN_CHUNK)) {
    const rows = await db.variantForecast.findMany({
      where: { shop, variantId: { in: ids } },
      select: { variantId: true, stockOutEarliest: true, stockOutLikely: true, leadTimeDays: true },
    });
    for (const row of rows) out.set(row.variantId, row);
  }
  return out;
}

/**
 * Drops the mark of these variants (they reached zero: the ordinary rule owns them now). updatedAt is written
 * back unchanged: it is the automation's clock for stale events, and dropping the mark is no settings change.
 */
export async function releaseAheadOfStockOut(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<void> {
  if (!variantIds.length) return;
  for (const ids of chunk([...new Set(variantIds)], IN_CHUNK)) {
    const rows = await db.variantBackorder.findMany({
      where: { shop, variantId: { in: ids }, aheadOfStockOut: true },
      select: { variantId: true, updatedAt: true },
    });
    for (const row of rows) {
      await db.variantBackorder.updateMany({
        where: { shop, variantId: row.variantId, aheadOfStockOut: true },
        data: { aheadOfStockOut: false, updatedAt: row.updatedAt },
      });
    }
  }
}
