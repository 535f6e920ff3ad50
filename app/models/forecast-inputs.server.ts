// What the forecast recompute reads, one page of variants at a time (app/services/forecast-recompute.server.ts):
// the catalog mirror's variants (keyset by id), their sales-history rows in the fit window, units still owed on open
// backorder lines, active waitlist subscribers, inbound shipment lines, the shop's reorder settings and the
// measured restock-alert conversion. Every statement is bounded by a page of ids (chunked below both databases'
// bound-parameter limits), so memory stays flat however large the catalog.
import { Prisma } from "@prisma/client";
import prisma, { databaseProvider } from "#app/db.server";
import { DAY_MS } from "#app/domain/dashboard";
import { CONVERSION_ATTRIBUTION_DAYS, CONVERSION_WINDOW_DAYS } from "#app/domain/dashboard-figures";
import type { SalesDayRow } from "#app/domain/demand-forecast";
import type { LocalDate } from "#app/domain/types";
import type { Db } from "./db";
import { INBOUND_SHIPMENT_STATUSES } from "./inbound-shipment.server";
import { OPEN_LINE_SQL } from "./dashboard-metrics.server";
import { sqlDialect } from "./sql-dialect";

const IN_CHUNK = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export type ForecastVariant = {
  variantId: string;
  productId: string;
  inventoryItemId: string | null;
  vendor: string | null;
  productType: string | null;
  price: string | null;
  unitCost: string | null;
  availableTotal: number;
  tracked: boolean;
  inventoryPolicy: string;
};

/** Up to `pageSize` of the shop's variants after `afterId` (by id), with their product's vendor and type. */
export async function listForecastVariantsPage(shop: string, input: { afterId: string | null; pageSize: number }, db: Db = prisma): Promise<ForecastVariant[]> {
  const variants = await db.variant.findMany({
    where: { shop, ...(input.afterId === null ? {} : { id: { gt: input.afterId } }) },
    orderBy: { id: "asc" },
    take: input.pageSize,
    select: { id: true, productId: true, inventoryItemId: true, price: true, unitCost: true, availableTotal: true, tracked: true, inventoryPolicy: true },
  });
  if (!variants.length) return [];
  const products = await db.product.findMany({
    where: { shop, id: { in: [...new Set(variants.map((v) => v.productId))] } },
    select: { id: true, vendor: true, productType: true },
  });
  const byId = new Map(products.map((p) => [p.id, p]));
  return variants.map((v) => ({
    variantId: v.id,
    productId: v.productId,
    inventoryItemId: v.inventoryItemId,
    vendor: byId.get(v.productId)?.vendor ?? null,
    productType: byId.get(v.productId)?.productType ?? null,
    price: v.price,
    unitCost: v.unitCost,
    availableTotal: v.availableTotal,
    tracked: v.tracked,
    inventoryPolicy: v.inventoryPolicy,
  }));
}

/** The earliest sales-history day the shop has (its history starts there, not at zero demand), or null. */
export async function earliestSalesDay(shop: string, db: Db = prisma): Promise<LocalDate | null> {
  const row = await db.variantSalesDay.findFirst({ where: { shop }, orderBy: { day: "asc" }, select: { day: true } });
  return row?.day ?? null;
}

/**
 * The variants' sparse sales-history rows from `fromDay` to `toDay` (inclusive), grouped by variant. Each variant's
 * rows come back packed into one string ("day,units,level;…": one result row per variant rather than one per
 * day), which reads a year of history several times faster than row objects; the order within doesn't matter.
 */
export async function loadSalesRows(
  shop: string,
  variantIds: readonly string[],
  window: { fromDay: LocalDate; toDay: LocalDate },
  db: Db = prisma,
): Promise<Map<string, SalesDayRow[]>> {
  const out = new Map<string, SalesDayRow[]>();
  const packed = Prisma.sql`"day" || ',' || CAST("unitsSold" AS TEXT) || ',' || COALESCE(CAST("endOfDayAvailable" AS TEXT), '')`;
  const aggregate = databaseProvider() === "postgresql" ? Prisma.sql`string_agg(${packed}, ';')` : Prisma.sql`group_concat(${packed}, ';')`;
  for (const ids of chunks(variantIds, IN_CHUNK)) {
    const rows = await db.$queryRaw<Array<{ variantId: string; days: string | null }>>`
      SELECT "variantId", ${aggregate} AS "days" FROM "VariantSalesDay"
      WHERE "shop" = ${shop} AND "variantId" IN (${Prisma.join(ids)}) AND "day" >= ${window.fromDay} AND "day" <= ${window.toDay}
      GROUP BY "variantId"`;
    for (const row of rows) {
      if (!row.days) continue;
      const list: SalesDayRow[] = [];
      for (const entry of row.days.split(";")) {
        const first = entry.indexOf(",");
        const second = entry.indexOf(",", first + 1);
        const level = entry.slice(second + 1);
        list.push({ day: entry.slice(0, first), unitsSold: Number(entry.slice(first + 1, second)), endOfDayAvailable: level === "" ? null : Number(level) });
      }
      out.set(row.variantId, list);
    }
  }
  return out;
}

/**
 * Units owed per variant: open backorder lines' backordered − resolved − allocated (units of arrived stock already
 * set aside for a line are stock, not demand still to cover; Shopify's available already went up by them).
 */
export async function loadOwedUnits(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const ids of chunks(variantIds, IN_CHUNK)) {
    const rows = await db.$queryRaw<Array<{ variantId: string; owed: number | bigint | null }>>`
      SELECT "variantId", SUM(CASE WHEN "quantityBackordered" - "quantityResolved" - "quantityAllocated" > 0
                                   THEN "quantityBackordered" - "quantityResolved" - "quantityAllocated" ELSE 0 END) AS "owed"
      FROM "BackorderLine"
      WHERE "shop" = ${shop} AND ${OPEN_LINE_SQL} AND "variantId" IN (${Prisma.join(ids)})
      GROUP BY "variantId"`;
    for (const row of rows) out.set(row.variantId, Number(row.owed ?? 0));
  }
  return out;
}

/** Active (confirmed, not yet alerted) waitlist subscribers per variant. */
export async function loadWaitlistCounts(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  for (const ids of chunks(variantIds, IN_CHUNK)) {
    const rows = await db.restockSubscription.groupBy({
      by: ["variantId"],
      where: { shop, status: "active", variantId: { in: ids } },
      _count: { _all: true },
    });
    for (const row of rows) out.set(row.variantId, row._count._all);
  }
  return out;
}

export type InboundLine = { variantId: string; units: number; arrivesAt: Date | null };

/** Unreceived units of shipments still inbound, per variant. */
export async function loadInboundLines(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<Map<string, InboundLine[]>> {
  const out = new Map<string, InboundLine[]>();
  for (const ids of chunks(variantIds, IN_CHUNK)) {
    const rows = await db.inboundShipmentLine.findMany({
      where: { shop, variantId: { in: ids }, shipmentStatus: { in: [...INBOUND_SHIPMENT_STATUSES] }, unreceivedQuantity: { gt: 0 } },
      select: { variantId: true, unreceivedQuantity: true, arrivesAt: true },
    });
    for (const row of rows) {
      if (!row.variantId) continue;
      let list = out.get(row.variantId);
      if (!list) out.set(row.variantId, (list = []));
      list.push({ variantId: row.variantId, units: row.unreceivedQuantity, arrivesAt: row.arrivesAt });
    }
  }
  return out;
}

/**
 * Restock alerts sent in the last 30 days up to `now` and those followed by an order within 7 days: the dashboard's
 * conversion figure (app/models/dashboard-metrics.server.ts, same definition and window).
 */
export async function loadAlertConversion(shop: string, now: Date, db: Db = prisma): Promise<{ notified: number; converted: number }> {
  const since = new Date(now.getTime() - CONVERSION_WINDOW_DAYS * DAY_MS);
  const alertToOrderMs = sqlDialect().millisecondsBetween(Prisma.sql`"convertedAt"`, Prisma.sql`"notifiedAt"`);
  const rows = await db.$queryRaw<Array<{ notified: number | bigint; converted: number | bigint | null }>>`
    SELECT COUNT(*) AS "notified",
           SUM(CASE WHEN "convertedOrderId" IS NOT NULL AND "convertedAt" IS NOT NULL AND "convertedAt" >= "notifiedAt"
                     AND ${alertToOrderMs} <= ${Prisma.raw(String(CONVERSION_ATTRIBUTION_DAYS * DAY_MS))}
                    THEN 1 ELSE 0 END) AS "converted"
    FROM "RestockSubscription" WHERE "shop" = ${shop} AND "notifiedAt" > ${since} AND "notifiedAt" <= ${now}`;
  return { notified: Number(rows[0]?.notified ?? 0), converted: Number(rows[0]?.converted ?? 0) };
}
