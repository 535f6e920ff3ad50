// Sales history rows (prisma/schema.prisma: VariantSalesDay, OrderSalesLine, SalesHistoryBackfill); the rules are
// in app/domain/sales-history.ts.
//
//   convergeOrderSales         applies orders' current states (webhooks, refund re-reads, backfill batches): reads
//                              the orders' OrderSalesLine rows, writes the changed lines and adds the differences
//                              to VariantSalesDay.unitsSold, in the caller's transaction (PostgreSQL: under a
//                              per-order advisory lock, so two workers on the same order cannot both count it).
//   recordStockLevels          today's endOfDayAvailable from Variant.availableTotal, only where it changed
//                              (keyset pages of variants: bounded at 100,000).
//   streamVariantSalesHistory  the read API of the forecast: pages of variants, each with its sparse day rows.
//   pruneSalesHistory          retention (app/models/retention.server.ts).
// Multi-row statements are chunked to stay far below both databases' bound-parameter limits.
import { Prisma } from "@prisma/client";
import prisma, { databaseProvider } from "#app/db.server";
import { planSalesConvergence, type OrderSalesState, type SalesConvergencePlan, type StoredSalesLine } from "#app/domain/sales-history";
import type { LocalDate } from "#app/domain/types";
import type { Db } from "./db";

const ROWS_PER_STATEMENT = 500;

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Orders → units sold

export type ConvergeResult = { applied: number; stale: number; linesWritten: number; daysChanged: number };

/** Serialises concurrent convergences of the same orders (PostgreSQL; SQLite has a single writer already). */
async function lockOrders(shop: string, orderIds: readonly string[], db: Db): Promise<void> {
  if (databaseProvider() !== "postgresql" || !orderIds.length) return;
  const keys = [...new Set(orderIds)].sort().map((id) => `sales:${shop}:${id}`);
  await db.$queryRaw`SELECT COUNT(*) AS "locked" FROM (SELECT pg_advisory_xact_lock(hashtextextended(k, 0)) FROM unnest(${keys}::text[]) AS k) AS l`;
}

export async function loadOrderSalesLines(shop: string, orderIds: readonly string[], db: Db = prisma): Promise<StoredSalesLine[]> {
  const out: StoredSalesLine[] = [];
  for (const ids of chunks([...new Set(orderIds)], ROWS_PER_STATEMENT)) {
    const rows = await db.orderSalesLine.findMany({
      where: { shop, orderId: { in: ids } },
      select: { orderId: true, lineItemId: true, variantId: true, day: true, netUnits: true, orderUpdatedAt: true },
    });
    out.push(...rows);
  }
  return out;
}

/**
 * Converges the orders' stored contributions on `states` (see planSalesConvergence). Run it inside a transaction
 * (`db` = the transaction): the line rows and the day totals must change together.
 */
export async function convergeOrderSales(shop: string, states: readonly OrderSalesState[], now: Date, db: Db): Promise<ConvergeResult> {
  if (!states.length) return { applied: 0, stale: 0, linesWritten: 0, daysChanged: 0 };
  const orderIds = states.map((s) => s.orderId);
  await lockOrders(shop, orderIds, db);
  const plan = planSalesConvergence({ stored: await loadOrderSalesLines(shop, orderIds, db), states });
  await writePlan(shop, plan, now, db);
  return { applied: plan.applied, stale: plan.stale, linesWritten: plan.lines.length, daysChanged: plan.deltas.length };
}

async function writePlan(shop: string, plan: SalesConvergencePlan, now: Date, db: Db): Promise<void> {
  for (const rows of chunks(plan.lines, ROWS_PER_STATEMENT)) {
    const values = rows.map((l) => Prisma.sql`(${shop}, ${l.orderId}, ${l.lineItemId}, ${l.variantId}, ${l.day}, ${l.netUnits}, ${l.orderUpdatedAt})`);
    await db.$executeRaw`
      INSERT INTO "OrderSalesLine" ("shop", "orderId", "lineItemId", "variantId", "day", "netUnits", "orderUpdatedAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("shop", "orderId", "lineItemId") DO UPDATE
        SET "netUnits" = excluded."netUnits", "orderUpdatedAt" = excluded."orderUpdatedAt"`;
  }
  for (const rows of chunks(plan.deltas, ROWS_PER_STATEMENT)) {
    const values = rows.map((d) => Prisma.sql`(${shop}, ${d.variantId}, ${d.productId ?? ""}, ${d.day}, ${d.delta}, ${now})`);
    await db.$executeRaw`
      INSERT INTO "VariantSalesDay" ("shop", "variantId", "productId", "day", "unitsSold", "updatedAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("shop", "variantId", "day") DO UPDATE
        SET "unitsSold" = "VariantSalesDay"."unitsSold" + excluded."unitsSold",
            "productId" = CASE WHEN excluded."productId" = '' THEN "VariantSalesDay"."productId" ELSE excluded."productId" END,
            "updatedAt" = excluded."updatedAt"`;
    // A day whose sales all went (a cancelled order) and that holds no stock level is no row at all: compact.
    // Only a negative change can leave a day at 0.
    const lowered = rows.filter((d) => d.delta < 0);
    if (!lowered.length) continue;
    const keys = lowered.map((d) => Prisma.sql`(${d.variantId}, ${d.day})`);
    await db.$executeRaw`
      DELETE FROM "VariantSalesDay"
      WHERE "shop" = ${shop} AND "unitsSold" = 0 AND "endOfDayAvailable" IS NULL AND ("variantId", "day") IN (VALUES ${Prisma.join(keys)})`;
  }
}

/** The products of these variants as the mirror knows them (lines whose delivery does not name the product). */
export async function loadVariantProductIds(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const ids of chunks([...new Set(variantIds)], ROWS_PER_STATEMENT)) {
    const rows = await db.variant.findMany({ where: { shop, id: { in: ids } }, select: { id: true, productId: true } });
    for (const row of rows) out.set(row.id, row.productId);
  }
  return out;
}

/** Whether the sales history holds any line of this order (a refund re-read is worth an API call only then). */
export async function hasOrderSalesLines(shop: string, orderId: string, db: Db = prisma): Promise<boolean> {
  return (await db.orderSalesLine.findFirst({ where: { shop, orderId }, select: { orderId: true } })) !== null;
}

// ---------------------------------------------------------------------------------------------------------
// Daily stock level

/**
 * Sets `day`'s endOfDayAvailable to the variants' current Variant.availableTotal where it differs from the last
 * level recorded on or before that day (tracked variants only; untracked ones have no meaningful level).
 * `variantIds` omitted = every variant of the shop (after a catalog sync), read in keyset pages so memory and each
 * statement stay bounded at 100,000 variants. Returns the rows written.
 */
export async function recordStockLevels(shop: string, input: { day: LocalDate; now: Date; variantIds?: readonly string[] }, db: Db = prisma): Promise<number> {
  const { day, now } = input;
  const select = { id: true, productId: true, availableTotal: true } as const;
  let written = 0;
  const writePage = async (variants: ReadonlyArray<{ id: string; productId: string; availableTotal: number }>) => {
    if (!variants.length) return;
    const last = await lastLevels(shop, variants.map((v) => v.id), day, true, db);
    const changed = variants.filter((v) => last.get(v.id) !== v.availableTotal);
    if (!changed.length) return;
    const values = changed.map((v) => Prisma.sql`(${shop}, ${v.id}, ${v.productId}, ${day}, 0, ${v.availableTotal}, ${now})`);
    await db.$executeRaw`
      INSERT INTO "VariantSalesDay" ("shop", "variantId", "productId", "day", "unitsSold", "endOfDayAvailable", "updatedAt")
      VALUES ${Prisma.join(values)}
      ON CONFLICT ("shop", "variantId", "day") DO UPDATE
        SET "endOfDayAvailable" = excluded."endOfDayAvailable", "updatedAt" = excluded."updatedAt"`;
    written += changed.length;
  };
  if (input.variantIds) {
    for (const ids of chunks([...new Set(input.variantIds)], ROWS_PER_STATEMENT)) {
      await writePage(await db.variant.findMany({ where: { shop, tracked: true, id: { in: ids } }, select }));
    }
    return written;
  }
  let after: string | null = null;
  for (;;) {
    const page: Array<{ id: string; productId: string; availableTotal: number }> = await db.variant.findMany({
      where: { shop, tracked: true, ...(after === null ? {} : { id: { gt: after } }) },
      select,
      orderBy: { id: "asc" },
      take: ROWS_PER_STATEMENT,
    });
    await writePage(page);
    if (page.length < ROWS_PER_STATEMENT) return written;
    after = page[page.length - 1].id;
  }
}

/** Per variant, the last end-of-day level recorded before `day` (or on it, when `inclusive`). */
async function lastLevels(shop: string, variantIds: readonly string[], day: LocalDate, inclusive: boolean, db: Db): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const bound = inclusive ? Prisma.sql`k."day" <= ${day}` : Prisma.sql`k."day" < ${day}`;
  for (const ids of chunks([...new Set(variantIds)], ROWS_PER_STATEMENT)) {
    const rows = await db.$queryRaw<Array<{ variantId: string; level: number | bigint }>>`
      SELECT d."variantId", d."endOfDayAvailable" AS "level" FROM "VariantSalesDay" d
      WHERE d."shop" = ${shop} AND d."variantId" IN (${Prisma.join(ids)})
        AND d."day" = (SELECT MAX(k."day") FROM "VariantSalesDay" k
                       WHERE k."shop" = d."shop" AND k."variantId" = d."variantId" AND ${bound} AND k."endOfDayAvailable" IS NOT NULL)`;
    for (const row of rows) out.set(row.variantId, Number(row.level));
  }
  return out;
}

// ---------------------------------------------------------------------------------------------------------
// Read API (the forecast)

export type SalesDayRow = { day: LocalDate; unitsSold: number; endOfDayAvailable: number | null };
export type VariantSalesHistory = { variantId: string; productId: string; days: SalesDayRow[] };

/**
 * The shop's sales history from `fromDay` to `toDay` (inclusive, YYYY-MM-DD), one page of variants at a time
 * (ordered by variantId, keyset pagination): each page holds at most `pageSize` variants with their sparse rows
 * (days without sales or stock change are absent: no sales, level unchanged since the last row). Memory stays
 * bounded by one page whatever the catalog size. A level set before `fromDay` is not repeated: read the row
 * before the window yourself if you need the level carried in (see `lastLevelBefore`).
 */
export async function* streamVariantSalesHistory(
  shop: string,
  options: { fromDay: LocalDate; toDay: LocalDate; pageSize?: number },
  db: Db = prisma,
): AsyncGenerator<VariantSalesHistory[]> {
  const pageSize = Math.max(1, options.pageSize ?? 1_000);
  let after: string | null = null;
  for (;;) {
    // The page's variants first (distinct ids through the primary key), then their rows: a page never splits a variant.
    const afterFilter = after === null ? Prisma.empty : Prisma.sql` AND "variantId" > ${after}`;
    const ids = await db.$queryRaw<Array<{ variantId: string }>>`
      SELECT DISTINCT "variantId" FROM "VariantSalesDay"
      WHERE "shop" = ${shop} AND "day" >= ${options.fromDay} AND "day" <= ${options.toDay}${afterFilter}
      ORDER BY "variantId" LIMIT ${pageSize}`;
    if (!ids.length) return;
    const last: string = ids[ids.length - 1].variantId;
    const rows = await db.variantSalesDay.findMany({
      where: { shop, day: { gte: options.fromDay, lte: options.toDay }, variantId: { gte: ids[0].variantId, lte: last } },
      select: { variantId: true, productId: true, day: true, unitsSold: true, endOfDayAvailable: true },
      orderBy: [{ variantId: "asc" }, { day: "asc" }],
    });
    const page: VariantSalesHistory[] = [];
    for (const row of rows) {
      let current = page[page.length - 1];
      if (!current || current.variantId !== row.variantId) {
        current = { variantId: row.variantId, productId: row.productId, days: [] };
        page.push(current);
      }
      if (row.productId) current.productId = row.productId;
      current.days.push({ day: row.day, unitsSold: row.unitsSold, endOfDayAvailable: row.endOfDayAvailable });
    }
    yield page;
    if (ids.length < pageSize) return;
    after = last;
  }
}

/** Per variant, the last end-of-day level recorded before `day` (to carry a level into a window). */
export async function lastLevelBefore(shop: string, variantIds: readonly string[], day: LocalDate, db: Db = prisma): Promise<Map<string, number>> {
  return lastLevels(shop, variantIds, day, false, db);
}

// ---------------------------------------------------------------------------------------------------------
// Retention

export type SalesHistoryPruneResult = { salesDays: number; orderSalesLines: number };

/** Deletes rows of days before `beforeDay` (every shop), shop by shop through the (shop, day) indexes. */
export async function pruneSalesHistory(beforeDay: LocalDate, db: Db = prisma): Promise<SalesHistoryPruneResult> {
  const result: SalesHistoryPruneResult = { salesDays: 0, orderSalesLines: 0 };
  const shops = await db.shop.findMany({ select: { shop: true } });
  for (const { shop } of shops) {
    result.salesDays += (await db.variantSalesDay.deleteMany({ where: { shop, day: { lt: beforeDay } } })).count;
    result.orderSalesLines += (await db.orderSalesLine.deleteMany({ where: { shop, day: { lt: beforeDay } } })).count;
  }
  return result;
}

// ---------------------------------------------------------------------------------------------------------
// Backfill state

export type SalesHistoryBackfillStatus = "queued" | "running" | "completed" | "failed";
export type SalesHistoryBackfillState = {
  status: SalesHistoryBackfillStatus | "never";
  bulkOperationId: string | null;
  requestedAt: Date | null;
  startedAt: Date | null;
  completedAt: Date | null;
  error: string | null;
  orders: number;
  lines: number;
};

export async function getSalesHistoryBackfill(shop: string, db: Db = prisma): Promise<SalesHistoryBackfillState> {
  const row = await db.salesHistoryBackfill.findUnique({ where: { shop } });
  if (!row) return { status: "never", bulkOperationId: null, requestedAt: null, startedAt: null, completedAt: null, error: null, orders: 0, lines: 0 };
  return { ...row, status: row.status as SalesHistoryBackfillStatus };
}

export async function markSalesHistoryBackfillQueued(shop: string, requestedAt: Date, db: Db = prisma): Promise<void> {
  const fresh = { status: "queued", bulkOperationId: null, startedAt: null, completedAt: null, error: null, orders: 0, lines: 0 };
  await db.salesHistoryBackfill.upsert({ where: { shop }, create: { shop, requestedAt, ...fresh }, update: { requestedAt, ...fresh } });
}

export async function markSalesHistoryBackfillRunning(shop: string, input: { bulkOperationId: string; startedAt: Date }, db: Db = prisma): Promise<void> {
  await db.salesHistoryBackfill.upsert({
    where: { shop },
    create: { shop, requestedAt: input.startedAt, status: "running", ...input },
    update: { status: "running", error: null, ...input },
  });
}

export async function markSalesHistoryBackfillCompleted(shop: string, input: { completedAt: Date; orders: number; lines: number }, db: Db = prisma): Promise<void> {
  await db.salesHistoryBackfill.update({ where: { shop }, data: { status: "completed", error: null, ...input } });
}

export async function markSalesHistoryBackfillFailed(shop: string, error: string, db: Db = prisma): Promise<void> {
  await db.salesHistoryBackfill.updateMany({ where: { shop }, data: { status: "failed", error } });
}
