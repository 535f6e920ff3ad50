// The dashboard's numbers, from local data only (the backorder ledger, restock subscriptions and the catalog
// mirror): the grouped SQL aggregates of app/models/dashboard-metrics.server.ts, turned into figures here.
// Every number has a matching filter on /app/orders, /app/waitlist or /app/variants (see the route).
import { todayIn } from "../domain/eta";
import {
  AGING_BUCKETS,
  percentage,
  rankVariantsByOwed,
  recentWeeks,
  sumValueCents,
  weeklyAverageDays,
  type AgingBucketKey,
  type WeeklyAverage,
} from "../domain/dashboard";
import { CONVERSION_ATTRIBUTION_DAYS, CONVERSION_WINDOW_DAYS, REVENUE_WINDOW_DAYS, TOP_VARIANTS } from "../domain/dashboard-figures";
import { findShopIdentity, listProductTitles, listVariantTitles } from "../models/alert-catalog.server";
import { listLedgerVariantTitles, loadDashboardRows } from "../models/dashboard-metrics.server";
import type { Db } from "../models/db";
import { getShopSettings } from "./shop-settings.server";

export const DASHBOARD_WEEKS = 12;

export type VariantLabel = { variantId: string; productTitle: string; variantTitle: string };

export type Dashboard = {
  generatedAt: string;
  timeZone: string;
  today: string;
  currencyCode: string;
  open: { orders: number; lines: number; units: number; valueCents: number; unpricedUnits: number };
  aging: { key: AgingBucketKey; label: string; orders: number; units: number }[];
  overdue: { orders: number; lines: number; units: number };
  daysToFulfil: { weeks: WeeklyAverage[]; lines: number; averageDays: number | null };
  topVariants: (VariantLabel & { owedUnits: number; lines: number; valueCents: number })[];
  waitlist: { activeSubscribers: number; variants: number; topVariants: (VariantLabel & { waiting: number })[] };
  conversion: { windowDays: number; attributionDays: number; notified: number; converted: number; rate: number | null };
  revenue: { windowDays: number; orders: number; units: number; valueCents: number };
  /** The ledger has never had a backordered line for this shop (drives the first-steps empty state). */
  ledgerEmpty: boolean;
};

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** Everything the dashboard shows, for one shop at `now` (dates like "overdue" use the shop's time zone). */
export async function loadDashboard(shop: string, now: Date, db?: Db): Promise<Dashboard> {
  const [settings, shopRow] = await Promise.all([getShopSettings(shop), findShopIdentity(shop, db)]);
  const timeZone = settings.timeZone;
  const today = todayIn(timeZone, now);
  const weeks = recentWeeks(now, timeZone, DASHBOARD_WEEKS);
  const {
    openGroups,
    openOrders: orderRows,
    fulfilledWeeks: weekRows,
    revenueByPrice: revenueRows,
    revenueOrders,
    waitingTotals,
    waitingTop,
    conversion: conversionRow,
    hasLedgerLines,
  } = await loadDashboardRows({ shop, now, today, weeks }, db);

  const groups = openGroups.map((g) => ({ ...g, owedUnits: num(g.owed), lineCount: num(g.lines), isOverdue: num(g.overdue) === 1 }));
  const owedByVariantPrice = new Map<string, { variantId: string; unitPrice: string | null; owedUnits: number; lines: number }>();
  for (const g of groups) {
    const key = JSON.stringify([g.variantId, g.unitPrice]);
    const row = owedByVariantPrice.get(key) ?? { variantId: g.variantId, unitPrice: g.unitPrice, owedUnits: 0, lines: 0 };
    row.owedUnits += g.owedUnits;
    row.lines += g.lineCount;
    owedByVariantPrice.set(key, row);
  }
  const owed = [...owedByVariantPrice.values()];
  const overdueGroups = groups.filter((g) => g.isOverdue);
  const value = sumValueCents(owed.map((g) => ({ unitPrice: g.unitPrice, units: g.owedUnits })));
  const ranked = rankVariantsByOwed(owed, TOP_VARIANTS);
  const waitingRows = waitingTop.map((row) => ({ variantId: row.variantId, waiting: num(row.waiting) }));
  const labels = await variantLabels(shop, [...new Set([...ranked.map((r) => r.variantId), ...waitingRows.map((r) => r.variantId)])]);
  const label = (variantId: string) => labels.get(variantId) ?? { variantId, productTitle: "Deleted product", variantTitle: "" };

  const series = weeklyAverageDays(
    weekRows.filter((r) => r.weekIndex !== null).map((r) => ({ weekIndex: num(r.weekIndex), lines: num(r.lines), totalDays: Number(r.totalDays ?? 0) })),
    weeks,
  );
  const fulfilledLines = series.reduce((sum, w) => sum + w.lines, 0);
  const fulfilledDays = weekRows.reduce((sum, r) => sum + Number(r.totalDays ?? 0), 0);
  const conversion = conversionRow[0];
  const converted = num(conversion?.converted);
  const notified = num(conversion?.notified);

  return {
    generatedAt: now.toISOString(),
    timeZone,
    today,
    currencyCode: shopRow?.currencyCode ?? "USD",
    open: {
      orders: orderRows.reduce((sum, r) => sum + num(r.orders), 0),
      lines: owed.reduce((sum, g) => sum + g.lines, 0),
      units: sumUnits(owed),
      valueCents: value.cents,
      unpricedUnits: value.unpricedUnits,
    },
    aging: AGING_BUCKETS.map((bucket) => ({
      key: bucket.key,
      label: bucket.label,
      orders: num(orderRows.find((r) => r.bucket === bucket.key)?.orders),
      units: sumUnits(groups.filter((g) => g.bucket === bucket.key)),
    })),
    overdue: {
      orders: orderRows.reduce((sum, r) => sum + num(r.overdueOrders), 0),
      lines: overdueGroups.reduce((sum, g) => sum + g.lineCount, 0),
      units: sumUnits(overdueGroups),
    },
    daysToFulfil: { weeks: series, lines: fulfilledLines, averageDays: fulfilledLines ? Math.round((fulfilledDays / fulfilledLines) * 10) / 10 : null },
    topVariants: ranked.map((r) => ({ ...label(r.variantId), owedUnits: r.owedUnits, lines: r.lines, valueCents: r.valueCents })),
    waitlist: {
      activeSubscribers: num(waitingTotals[0]?.subscribers),
      variants: num(waitingTotals[0]?.variants),
      topVariants: waitingRows.map((r) => ({ ...label(r.variantId), waiting: r.waiting })),
    },
    conversion: {
      windowDays: CONVERSION_WINDOW_DAYS,
      attributionDays: CONVERSION_ATTRIBUTION_DAYS,
      notified,
      converted,
      rate: percentage(converted, notified),
    },
    revenue: {
      windowDays: REVENUE_WINDOW_DAYS,
      orders: num(revenueOrders[0]?.orders),
      units: revenueRows.reduce((sum, r) => sum + num(r.units), 0),
      valueCents: sumValueCents(revenueRows.map((r) => ({ unitPrice: r.unitPrice, units: num(r.units) }))).cents,
    },
    ledgerEmpty: !hasLedgerLines,
  };
}

function sumUnits(groups: { owedUnits: number }[]): number {
  return groups.reduce((sum, g) => sum + g.owedUnits, 0);
}

/** Product and variant titles from the catalog mirror; the ledger's copy for variants deleted since the order. */
export async function variantLabels(shop: string, variantIds: string[], db?: Db): Promise<Map<string, VariantLabel>> {
  if (variantIds.length === 0) return new Map();
  const variants = await listVariantTitles(shop, variantIds, db);
  const products = await listProductTitles(shop, [...new Set(variants.map((v) => v.productId))], db);
  const productTitle = new Map(products.map((p) => [p.id, p.title]));
  const labels = new Map<string, VariantLabel>(
    variants.map((v) => [v.id, { variantId: v.id, productTitle: productTitle.get(v.productId) ?? "Deleted product", variantTitle: v.title }]),
  );
  const missing = variantIds.filter((id) => !labels.has(id));
  if (missing.length) {
    const lines = await listLedgerVariantTitles(shop, missing, db);
    for (const line of lines) {
      labels.set(line.variantId, { variantId: line.variantId, productTitle: line.productTitle ?? "Deleted product", variantTitle: line.variantTitle ?? "" });
    }
  }
  return labels;
}
