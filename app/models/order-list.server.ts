// The query behind /app/orders (app/services/order-list.server.ts turns the URL into a filter): backordered order
// lines filtered the way each dashboard number links, with the totals the page shows. The filters are the Prisma
// twins of the dashboard's SQL (app/models/dashboard-metrics.server.ts: OPEN_LINE_SQL, the captured statuses), so a
// number and its list agree. Read-only; shop-scoped.
import type { BackorderLine, Prisma } from "@prisma/client";
import prisma from "#app/db.server";
import { CAPTURED_STATUSES } from "#app/domain/dashboard-figures";
import type { Db } from "./db";

export type OrderListFilter = {
  /** open: still owing units; fulfilled; captured: sold (open or fulfilled, whatever is owed). */
  status: "open" | "fulfilled" | "captured";
  orderedAfter: Date | null;
  orderedNotAfter: Date | null;
  /** Only lines whose told ETA is set and before this date (YYYY-MM-DD). */
  etaBefore: string | null;
  variantId: string | null;
};

function whereOf(shop: string, filter: OrderListFilter): Prisma.BackorderLineWhereInput {
  const where: Prisma.BackorderLineWhereInput = { shop };
  if (filter.status === "open") {
    where.status = "open";
    where.quantityBackordered = { gt: prisma.backorderLine.fields.quantityResolved };
  } else if (filter.status === "fulfilled") {
    where.status = "fulfilled";
  } else {
    where.status = { in: [...CAPTURED_STATUSES] };
  }
  const orderedAt: Prisma.DateTimeFilter = {};
  if (filter.orderedAfter) orderedAt.gt = filter.orderedAfter;
  if (filter.orderedNotAfter) orderedAt.lte = filter.orderedNotAfter;
  if (Object.keys(orderedAt).length) where.orderedAt = orderedAt;
  if (filter.etaBefore) where.etaCurrent = { lt: filter.etaBefore, not: null };
  if (filter.variantId) where.variantId = filter.variantId;
  return where;
}

/** The matching lines, distinct orders, and units backordered and resolved over all of them. */
export async function summarizeOrderListLines(
  shop: string,
  filter: OrderListFilter,
  db: Db = prisma,
): Promise<{ lines: number; orders: number; unitsBackordered: number; unitsResolved: number }> {
  const where = whereOf(shop, filter);
  const [lines, sums, orders] = await Promise.all([
    db.backorderLine.count({ where }),
    db.backorderLine.aggregate({ where, _sum: { quantityBackordered: true, quantityResolved: true } }),
    db.backorderLine.groupBy({ by: ["orderId"], where }).then((rows) => rows.length),
  ]);
  return { lines, orders, unitsBackordered: sums._sum.quantityBackordered ?? 0, unitsResolved: sums._sum.quantityResolved ?? 0 };
}

/** One page of the matching lines: oldest order first, or most recently resolved first. */
export function listOrderListLines(
  shop: string,
  filter: OrderListFilter,
  page: { order: "oldestOrdered" | "newestResolved"; skip: number; take: number },
  db: Db = prisma,
): Promise<BackorderLine[]> {
  return db.backorderLine.findMany({
    where: whereOf(shop, filter),
    orderBy: page.order === "newestResolved" ? [{ resolvedAt: "desc" }, { id: "asc" }] : [{ orderedAt: "asc" }, { id: "asc" }],
    skip: page.skip,
    take: page.take,
  });
}
