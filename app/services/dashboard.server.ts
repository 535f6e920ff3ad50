// The dashboard's numbers, from local data only (the backorder ledger, restock subscriptions and the catalog
// mirror). A handful of grouped SQL aggregates, never a row per order: the page stays fast at 10,000+ orders.
// Every number has a matching filter on /app/orders, /app/waitlist or /app/variants (see the route).
import { Prisma, type PrismaClient } from "@prisma/client";
import prisma from "../db.server";
import { todayIn } from "../domain/eta";
import {
  AGING_BUCKETS,
  agingRange,
  DAY_MS,
  percentage,
  rankVariantsByOwed,
  recentWeeks,
  sumValueCents,
  weeklyAverageDays,
  type AgingBucketKey,
  type WeekWindow,
  type WeeklyAverage,
} from "../domain/dashboard";
import { getShopSettings } from "./shop-settings.server";
import { sqlDialect, type SqlDialect } from "../models/sql-dialect";

export const DASHBOARD_WEEKS = 12;
export const CONVERSION_WINDOW_DAYS = 30;
export const CONVERSION_ATTRIBUTION_DAYS = 7;
export const REVENUE_WINDOW_DAYS = 30;
export const TOP_VARIANTS = 5;

/** Lines still owing units: the definition every "open" number and the orders list share. */
export const OPEN_LINE_SQL = Prisma.sql`"status" = 'open' AND "quantityBackordered" > "quantityResolved"`;
/** Ledger statuses whose units were (or will be) sold: cancelled, refunded and removed lines are not revenue. */
export const CAPTURED_STATUSES = ["open", "fulfilled"] as const;

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

type Db = Pick<PrismaClient, "$queryRaw" | "variant" | "product" | "backorderLine" | "shop">;

/**
 * The dashboard's SQL, one statement per figure group (exported so the test can EXPLAIN the exact statements).
 * Open lines are read twice, not once per number: (variant, price, age bucket, overdue) groups carry every unit and
 * value figure; distinct orders need their own pass (an order's lines share orderedAt, so one bucket each).
 * GROUP BY terms that start with variantId would lure SQLite onto the (shop, variantId, status) index, which reads
 * every resolved line too; test/dashboard-on-10k-orders.test.ts checks the plans.
 * Portable SQL (SQLite and PostgreSQL): identifiers and aliases are double-quoted (PostgreSQL folds unquoted names
 * to lower case) and date arithmetic comes from the dialect (app/models/sql-dialect.ts).
 */
export function dashboardQueries(input: { shop: string; now: Date; today: string; weeks: WeekWindow[]; dialect?: SqlDialect }): Record<
  "openGroups" | "openOrders" | "fulfilledWeeks" | "revenueByPrice" | "revenueOrders" | "waitingTotals" | "waitingTop" | "conversion",
  Prisma.Sql
> {
  const { shop, now, today, weeks, dialect = sqlDialect() } = input;
  const cut = (key: AgingBucketKey) => agingRange(key, now).after!;
  const conversionSince = new Date(now.getTime() - CONVERSION_WINDOW_DAYS * DAY_MS);
  const revenueSince = new Date(now.getTime() - REVENUE_WINDOW_DAYS * DAY_MS);
  const bucket = Prisma.sql`CASE WHEN "orderedAt" > ${cut("0-7")} THEN '0-7' WHEN "orderedAt" > ${cut("8-14")} THEN '8-14'
                    WHEN "orderedAt" > ${cut("15-30")} THEN '15-30' ELSE '30+' END`;
  const captured = Prisma.sql`"status" IN (${Prisma.join([...CAPTURED_STATUSES])}) AND "orderedAt" > ${revenueSince}`;
  const fulfilDays = dialect.greatest(dialect.daysBetween(Prisma.sql`"resolvedAt"`, Prisma.sql`"orderedAt"`), Prisma.sql`0`);
  const alertToOrderMs = dialect.millisecondsBetween(Prisma.sql`"convertedAt"`, Prisma.sql`"notifiedAt"`);
  return {
    openGroups: Prisma.sql`
      SELECT "variantId", "unitPrice", ${bucket} AS "bucket", CASE WHEN "etaCurrent" < ${today} THEN 1 ELSE 0 END AS "overdue",
             SUM("quantityBackordered" - "quantityResolved") AS "owed", COUNT(*) AS "lines"
      FROM "BackorderLine" WHERE "shop" = ${shop} AND ${OPEN_LINE_SQL}
      GROUP BY "bucket", "overdue", "unitPrice", "variantId"`,
    openOrders: Prisma.sql`
      SELECT ${bucket} AS "bucket", COUNT(DISTINCT "orderId") AS "orders",
             COUNT(DISTINCT CASE WHEN "etaCurrent" < ${today} THEN "orderId" END) AS "overdueOrders"
      FROM "BackorderLine" WHERE "shop" = ${shop} AND ${OPEN_LINE_SQL}
      GROUP BY "bucket"`,
    fulfilledWeeks: Prisma.sql`
      SELECT CASE ${Prisma.join(
        // Literal week numbers (not parameters): PostgreSQL would type untyped CASE parameters as text.
        weeks.map((week, index) => Prisma.sql`WHEN "resolvedAt" < ${week.end} THEN ${Prisma.raw(String(index))}`),
        " ",
      )} END AS "weekIndex",
             COUNT(*) AS "lines", SUM(${fulfilDays}) AS "totalDays"
      FROM "BackorderLine"
      WHERE "shop" = ${shop} AND "status" = 'fulfilled' AND "resolvedAt" >= ${weeks[0].start} AND "resolvedAt" < ${weeks[weeks.length - 1].end}
      GROUP BY "weekIndex"`,
    revenueByPrice: Prisma.sql`
      SELECT "unitPrice", SUM("quantityBackordered") AS "units" FROM "BackorderLine"
      WHERE "shop" = ${shop} AND ${captured} GROUP BY "unitPrice"`,
    revenueOrders: Prisma.sql`
      SELECT COUNT(DISTINCT "orderId") AS "orders" FROM "BackorderLine" WHERE "shop" = ${shop} AND ${captured}`,
    waitingTotals: Prisma.sql`
      SELECT COUNT(*) AS "subscribers", COUNT(DISTINCT "variantId") AS "variants"
      FROM "RestockSubscription" WHERE "shop" = ${shop} AND "status" = 'active'`,
    waitingTop: Prisma.sql`
      SELECT "variantId", COUNT(*) AS "waiting" FROM "RestockSubscription" WHERE "shop" = ${shop} AND "status" = 'active'
      GROUP BY "variantId" ORDER BY "waiting" DESC, "variantId" ASC LIMIT ${TOP_VARIANTS}`,
    // Converted = an order from the notified shopper within 7 days after the alert (whole milliseconds: no float edge).
    conversion: Prisma.sql`
      SELECT COUNT(*) AS "notified",
             SUM(CASE WHEN "convertedOrderId" IS NOT NULL AND "convertedAt" IS NOT NULL AND "convertedAt" >= "notifiedAt"
                       AND ${alertToOrderMs} <= ${Prisma.raw(String(CONVERSION_ATTRIBUTION_DAYS * DAY_MS))}
                      THEN 1 ELSE 0 END) AS "converted"
      FROM "RestockSubscription" WHERE "shop" = ${shop} AND "notifiedAt" > ${conversionSince} AND "notifiedAt" <= ${now}`,
  };
}

const num = (value: unknown): number => (value === null || value === undefined ? 0 : Number(value));

/** Everything the dashboard shows, for one shop at `now` (dates like "overdue" use the shop's time zone). */
export async function loadDashboard(shop: string, now: Date, db: Db = prisma): Promise<Dashboard> {
  const [settings, shopRow] = await Promise.all([
    getShopSettings(shop),
    db.shop.findUnique({ where: { shop }, select: { currencyCode: true } }),
  ]);
  const timeZone = settings.timeZone;
  const today = todayIn(timeZone, now);
  const weeks = recentWeeks(now, timeZone, DASHBOARD_WEEKS);
  const sql = dashboardQueries({ shop, now, today, weeks });
  const [openGroups, orderRows, weekRows, revenueRows, revenueOrders, waitingTotals, waitingTop, conversionRow, anyLine] =
    await Promise.all([
      db.$queryRaw<{ variantId: string; unitPrice: string | null; bucket: string; overdue: bigint; owed: bigint; lines: bigint }[]>(sql.openGroups),
      db.$queryRaw<{ bucket: string; orders: bigint; overdueOrders: bigint }[]>(sql.openOrders),
      db.$queryRaw<{ weekIndex: bigint | null; lines: bigint; totalDays: number | null }[]>(sql.fulfilledWeeks),
      db.$queryRaw<{ unitPrice: string | null; units: bigint }[]>(sql.revenueByPrice),
      db.$queryRaw<{ orders: bigint }[]>(sql.revenueOrders),
      db.$queryRaw<{ subscribers: bigint; variants: bigint }[]>(sql.waitingTotals),
      db.$queryRaw<{ variantId: string; waiting: bigint }[]>(sql.waitingTop),
      db.$queryRaw<{ notified: bigint; converted: bigint | null }[]>(sql.conversion),
      db.backorderLine.findFirst({ where: { shop }, select: { id: true } }),
    ]);

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
  const labels = await variantLabels(db, shop, [...new Set([...ranked.map((r) => r.variantId), ...waitingRows.map((r) => r.variantId)])]);
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
    ledgerEmpty: anyLine === null,
  };
}

function sumUnits(groups: { owedUnits: number }[]): number {
  return groups.reduce((sum, g) => sum + g.owedUnits, 0);
}

/** Product and variant titles from the catalog mirror; the ledger's copy for variants deleted since the order. */
export async function variantLabels(db: Pick<Db, "variant" | "product" | "backorderLine">, shop: string, variantIds: string[]): Promise<Map<string, VariantLabel>> {
  if (variantIds.length === 0) return new Map();
  const variants = await db.variant.findMany({ where: { shop, id: { in: variantIds } }, select: { id: true, title: true, productId: true } });
  const products = await db.product.findMany({ where: { shop, id: { in: [...new Set(variants.map((v) => v.productId))] } }, select: { id: true, title: true } });
  const productTitle = new Map(products.map((p) => [p.id, p.title]));
  const labels = new Map<string, VariantLabel>(
    variants.map((v) => [v.id, { variantId: v.id, productTitle: productTitle.get(v.productId) ?? "Deleted product", variantTitle: v.title }]),
  );
  const missing = variantIds.filter((id) => !labels.has(id));
  if (missing.length) {
    const lines = await db.backorderLine.findMany({
      where: { shop, variantId: { in: missing } },
      select: { variantId: true, productTitle: true, variantTitle: true },
      distinct: ["variantId"],
    });
    for (const line of lines) {
      labels.set(line.variantId, { variantId: line.variantId, productTitle: line.productTitle ?? "Deleted product", variantTitle: line.variantTitle ?? "" });
    }
  }
  return labels;
}
