// The dashboard's SQL (app/services/dashboard.server.ts turns the rows into figures): a handful of grouped
// aggregates over the backorder ledger and restock subscriptions, never a row per order, so the page stays fast at
// 10,000+ orders. Every figure has a matching filter on /app/orders (app/models/order-list.server.ts), /app/waitlist
// or /app/variants. Read-only; shop-scoped in every statement.
import { Prisma } from "@prisma/client";
import prisma from "#app/db.server";
import { agingRange, DAY_MS, type AgingBucketKey, type WeekWindow } from "#app/domain/dashboard";
import {
  CAPTURED_STATUSES,
  CONVERSION_ATTRIBUTION_DAYS,
  CONVERSION_WINDOW_DAYS,
  REVENUE_WINDOW_DAYS,
  TOP_VARIANTS,
} from "#app/domain/dashboard-figures";
import type { Db } from "./db";
import { sqlDialect, type SqlDialect } from "./sql-dialect";

/** Lines still owing units: the definition every "open" number and the orders list share. */
export const OPEN_LINE_SQL = Prisma.sql`"status" = 'open' AND "quantityBackordered" > "quantityResolved"`;

export type DashboardStatement =
  | "openGroups" | "openOrders" | "fulfilledWeeks" | "revenueByPrice" | "revenueOrders" | "waitingTotals" | "waitingTop" | "conversion";

/**
 * The dashboard's SQL, one statement per figure group (exported so the test can EXPLAIN the exact statements).
 * Open lines are read twice, not once per number: (variant, price, age bucket, overdue) groups carry every unit and
 * value figure; distinct orders need their own pass (an order's lines share orderedAt, so one bucket each).
 * GROUP BY terms that start with variantId would lure SQLite onto the (shop, variantId, status) index, which reads
 * every resolved line too; test/integration/dashboard-on-10k-orders.test.ts checks the plans.
 * Portable SQL (SQLite and PostgreSQL): identifiers and aliases are double-quoted (PostgreSQL folds unquoted names
 * to lower case) and date arithmetic comes from the dialect (app/models/sql-dialect.ts).
 */
export function dashboardQueries(input: { shop: string; now: Date; today: string; weeks: WeekWindow[]; dialect?: SqlDialect }): Record<
  DashboardStatement,
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

/** The raw rows of each statement (counts come back as bigint), and whether the shop's ledger has any line. */
export type DashboardRows = {
  openGroups: { variantId: string; unitPrice: string | null; bucket: string; overdue: bigint; owed: bigint; lines: bigint }[];
  openOrders: { bucket: string; orders: bigint; overdueOrders: bigint }[];
  fulfilledWeeks: { weekIndex: bigint | null; lines: bigint; totalDays: number | null }[];
  revenueByPrice: { unitPrice: string | null; units: bigint }[];
  revenueOrders: { orders: bigint }[];
  waitingTotals: { subscribers: bigint; variants: bigint }[];
  waitingTop: { variantId: string; waiting: bigint }[];
  conversion: { notified: bigint; converted: bigint | null }[];
  hasLedgerLines: boolean;
};

export async function loadDashboardRows(
  input: { shop: string; now: Date; today: string; weeks: WeekWindow[] },
  db: Db = prisma,
): Promise<DashboardRows> {
  const sql = dashboardQueries(input);
  const [openGroups, openOrders, fulfilledWeeks, revenueByPrice, revenueOrders, waitingTotals, waitingTop, conversion, anyLine] =
    await Promise.all([
      db.$queryRaw<DashboardRows["openGroups"]>(sql.openGroups),
      db.$queryRaw<DashboardRows["openOrders"]>(sql.openOrders),
      db.$queryRaw<DashboardRows["fulfilledWeeks"]>(sql.fulfilledWeeks),
      db.$queryRaw<DashboardRows["revenueByPrice"]>(sql.revenueByPrice),
      db.$queryRaw<DashboardRows["revenueOrders"]>(sql.revenueOrders),
      db.$queryRaw<DashboardRows["waitingTotals"]>(sql.waitingTotals),
      db.$queryRaw<DashboardRows["waitingTop"]>(sql.waitingTop),
      db.$queryRaw<DashboardRows["conversion"]>(sql.conversion),
      db.backorderLine.findFirst({ where: { shop: input.shop }, select: { id: true } }),
    ]);
  return { openGroups, openOrders, fulfilledWeeks, revenueByPrice, revenueOrders, waitingTotals, waitingTop, conversion, hasLedgerLines: anyLine !== null };
}

/** The ledger's copy of product and variant titles (one line per variant), for variants gone from the catalog. */
export function listLedgerVariantTitles(
  shop: string,
  variantIds: readonly string[],
  db: Db = prisma,
): Promise<{ variantId: string; productTitle: string | null; variantTitle: string | null }[]> {
  return db.backorderLine.findMany({
    where: { shop, variantId: { in: [...variantIds] } },
    select: { variantId: true, productTitle: true, variantTitle: true },
    distinct: ["variantId"],
  });
}
