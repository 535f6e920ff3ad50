// Forecast rows (prisma/schema.prisma: VariantForecast, ForecastRun), written by the recompute
// (app/services/forecast-recompute.server.ts) and read by the Forecast page.
//
//   listVariantForecasts        one keyset page of variants (at risk / backordered / all, optional vendor), sorted by
//                               revenue at risk or by the likely stock-out day, with titles from the catalog mirror.
//   getVariantForecast          one variant's row.
//   getForecastRun              the shop's last recompute (status, accuracy figure).
//   suggestedReordersByVendor   suggested reorders grouped by vendor (totals only, one grouped statement).
//   streamVendorReorderLines    a vendor's lines to order, paged by variant id, for a purchase-order CSV draft.
//   writeVariantForecasts / deleteForecastsComputedBefore / startForecastRun / finishForecastRun / failForecastRun
//                               the recompute's writes.
// Portable SQL (SQLite and PostgreSQL): identifiers double-quoted, row-value comparisons for the keyset.
import { Prisma } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

export type ForecastMethod = "ses" | "croston_sba" | "none";

/** A VariantForecast row as the page reads it, with the catalog mirror's titles (null when the variant is gone). */
export type VariantForecastRecord = {
  variantId: string;
  productId: string;
  productTitle: string | null;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  productType: string | null;
  computedAt: Date;
  method: ForecastMethod;
  ratePerDay: number;
  available: number;
  inbound: number;
  owed: number;
  waitlist: number;
  daysOfCover: number | null;
  stockOutEarliest: string | null;
  stockOutLikely: string | null;
  stockOutLatest: string | null;
  coverageDate: string | null;
  mase: number | null;
  maseReason: string | null;
  scoredDays: number;
  leadTimeDays: number;
  reviewPeriodDays: number;
  suggestedQuantity: number;
  atRisk: boolean;
  unitsAtRisk: number;
  price: string | null;
  unitCost: string | null;
  revenueAtRiskCents: number | null;
  marginAtRiskCents: number | null;
};

/** What the recompute writes per variant (computedAt is the run's). */
export type VariantForecastWrite = Omit<VariantForecastRecord, "productTitle" | "variantTitle" | "sku" | "computedAt">;

export type ForecastListFilter = "at_risk" | "all" | "backordered";
export type ForecastListSort = "revenue_at_risk" | "stock_out";

export type ForecastListOptions = {
  filter: ForecastListFilter;
  /** A vendor name (exact), or null for variants without a vendor; omitted = every vendor. */
  vendor?: string | null;
  /** The `nextCursor` of the previous page. */
  cursor?: string | null;
  limit: number;
  sort: ForecastListSort;
};

export type ForecastListPage = { items: VariantForecastRecord[]; nextCursor: string | null };

export const MAX_FORECAST_PAGE = 250;

const FORECAST_COLUMNS = [
  "variantId", "productId", "vendor", "productType", "computedAt", "method", "ratePerDay", "available", "inbound", "owed",
  "waitlist", "daysOfCover", "stockOutEarliest", "stockOutLikely", "stockOutLatest", "coverageDate", "mase", "maseReason",
  "scoredDays", "leadTimeDays", "reviewPeriodDays", "suggestedQuantity", "atRisk", "unitsAtRisk", "price", "unitCost",
  "revenueAtRiskCents", "marginAtRiskCents",
] as const;

const SELECT_RECORD = Prisma.raw(
  [...FORECAST_COLUMNS.map((c) => `f."${c}"`), `p."title" AS "productTitle"`, `v."title" AS "variantTitle"`, `v."sku" AS "sku"`].join(", "),
);
const FROM_JOINED = Prisma.sql`FROM "VariantForecast" f
  LEFT JOIN "Variant" v ON v."shop" = f."shop" AND v."id" = f."variantId"
  LEFT JOIN "Product" p ON p."shop" = f."shop" AND p."id" = f."productId"`;

// Every sort ascending on all its keys (so the keyset is one row-value comparison) and total (ends with the id).
// Revenue at risk ranks highest first (negated; unknown revenue after every known one), then units at risk.
// "9999-12-31" puts variants that do not run out within the horizon last.
const SORT_KEYS: Record<ForecastListSort, { sql: Prisma.Sql[]; types: Array<"number" | "string"> }> = {
  revenue_at_risk: {
    sql: [Prisma.sql`(0 - COALESCE(f."revenueAtRiskCents", -1))`, Prisma.sql`(0 - f."unitsAtRisk")`, Prisma.sql`f."variantId"`],
    types: ["number", "number", "string"],
  },
  stock_out: {
    sql: [Prisma.sql`COALESCE(f."stockOutLikely", '9999-12-31')`, Prisma.sql`COALESCE(f."stockOutEarliest", '9999-12-31')`, Prisma.sql`f."variantId"`],
    types: ["string", "string", "string"],
  },
};

export class InvalidForecastCursorError extends Error {
  constructor() {
    super("The page cursor is not valid for this list (it may be from another sort). Reload the first page.");
    this.name = "InvalidForecastCursorError";
  }
}

function encodeCursor(keys: Array<string | number>): string {
  return Buffer.from(JSON.stringify(keys), "utf8").toString("base64url");
}

function decodeCursor(cursor: string, types: Array<"number" | "string">): Array<string | number> {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
  } catch {
    throw new InvalidForecastCursorError();
  }
  if (!Array.isArray(keys) || keys.length !== types.length) throw new InvalidForecastCursorError();
  keys.forEach((key, i) => {
    if (types[i] === "number" ? typeof key !== "number" || !Number.isFinite(key) : typeof key !== "string") throw new InvalidForecastCursorError();
  });
  return keys as Array<string | number>;
}

type RawRecord = Record<string, unknown>;

// The drivers return integers as bigint (PostgreSQL aggregates) and booleans as 0/1 (SQLite).
const num = (value: unknown) => Number(value);
const nullableNum = (value: unknown) => (value === null || value === undefined ? null : Number(value));
const bool = (value: unknown) => value === true || (value !== false && Number(value) === 1);
const date = (value: unknown) => (value instanceof Date ? value : new Date(String(value)));

function toRecord(raw: RawRecord): VariantForecastRecord {
  return {
    variantId: raw.variantId as string,
    productId: raw.productId as string,
    productTitle: (raw.productTitle as string | null) ?? null,
    variantTitle: (raw.variantTitle as string | null) ?? null,
    sku: (raw.sku as string | null) ?? null,
    vendor: (raw.vendor as string | null) ?? null,
    productType: (raw.productType as string | null) ?? null,
    computedAt: date(raw.computedAt),
    method: raw.method as ForecastMethod,
    ratePerDay: num(raw.ratePerDay),
    available: num(raw.available),
    inbound: num(raw.inbound),
    owed: num(raw.owed),
    waitlist: num(raw.waitlist),
    daysOfCover: nullableNum(raw.daysOfCover),
    stockOutEarliest: (raw.stockOutEarliest as string | null) ?? null,
    stockOutLikely: (raw.stockOutLikely as string | null) ?? null,
    stockOutLatest: (raw.stockOutLatest as string | null) ?? null,
    coverageDate: (raw.coverageDate as string | null) ?? null,
    mase: nullableNum(raw.mase),
    maseReason: (raw.maseReason as string | null) ?? null,
    scoredDays: num(raw.scoredDays),
    leadTimeDays: num(raw.leadTimeDays),
    reviewPeriodDays: num(raw.reviewPeriodDays),
    suggestedQuantity: num(raw.suggestedQuantity),
    atRisk: bool(raw.atRisk),
    unitsAtRisk: num(raw.unitsAtRisk),
    price: (raw.price as string | null) ?? null,
    unitCost: (raw.unitCost as string | null) ?? null,
    revenueAtRiskCents: nullableNum(raw.revenueAtRiskCents),
    marginAtRiskCents: nullableNum(raw.marginAtRiskCents),
  };
}

function filterSql(filter: ForecastListFilter): Prisma.Sql {
  switch (filter) {
    case "at_risk":
      return Prisma.sql` AND f."atRisk" = ${true}`;
    case "backordered":
      // Units owed on open backorder lines (sold below zero and not yet allocated).
      return Prisma.sql` AND f."owed" > 0`;
    case "all":
      return Prisma.empty;
  }
}

function vendorSql(vendor: string | null | undefined): Prisma.Sql {
  if (vendor === undefined) return Prisma.empty;
  return vendor === null ? Prisma.sql` AND f."vendor" IS NULL` : Prisma.sql` AND f."vendor" = ${vendor}`;
}

/** One page of the shop's forecasts; `nextCursor` is null on the last page. */
export async function listVariantForecasts(shop: string, options: ForecastListOptions, db: Db = prisma): Promise<ForecastListPage> {
  const limit = Math.min(Math.max(1, Math.floor(options.limit)), MAX_FORECAST_PAGE);
  const sort = SORT_KEYS[options.sort];
  if (!sort) throw new RangeError(`Unknown forecast sort ${JSON.stringify(options.sort)}: use revenue_at_risk or stock_out.`);
  const keyColumns = Prisma.join(sort.sql.map((expr, i) => Prisma.sql`${expr} AS ${Prisma.raw(`"k${i}"`)}`));
  const after = options.cursor
    ? Prisma.sql` AND (${Prisma.join(sort.sql)}) > (${Prisma.join(decodeCursor(options.cursor, sort.types))})`
    : Prisma.empty;
  // The page is picked from VariantForecast alone and only its rows are joined to the catalog: joining first made the
  // database look up titles for every matching row before sorting (3× slower at 50,000 variants).
  const outerKeys = Prisma.join(sort.sql.map((_, i) => Prisma.raw(`f."k${i}"`)));
  const rows = await db.$queryRaw<RawRecord[]>`
    SELECT ${SELECT_RECORD}, ${outerKeys}
    FROM (
      SELECT f.*, ${keyColumns} FROM "VariantForecast" f
      WHERE f."shop" = ${shop}${filterSql(options.filter)}${vendorSql(options.vendor)}${after}
      ORDER BY ${Prisma.join(sort.sql)}
      LIMIT ${limit + 1}
    ) f
    LEFT JOIN "Variant" v ON v."shop" = f."shop" AND v."id" = f."variantId"
    LEFT JOIN "Product" p ON p."shop" = f."shop" AND p."id" = f."productId"
    ORDER BY ${outerKeys}`;
  const more = rows.length > limit;
  const page = more ? rows.slice(0, limit) : rows;
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor(sort.types.map((type, i) => (type === "number" ? Number(last[`k${i}`]) : String(last[`k${i}`])))) : null;
  return { items: page.map(toRecord), nextCursor };
}

export async function getVariantForecast(shop: string, variantId: string, db: Db = prisma): Promise<VariantForecastRecord | null> {
  const rows = await db.$queryRaw<RawRecord[]>`
    SELECT ${SELECT_RECORD} ${FROM_JOINED} WHERE f."shop" = ${shop} AND f."variantId" = ${variantId}`;
  return rows.length ? toRecord(rows[0]) : null;
}

/** Counts per filter, for the page's tabs. */
export async function countVariantForecasts(shop: string, db: Db = prisma): Promise<{ all: number; atRisk: number; backordered: number }> {
  const rows = await db.$queryRaw<Array<{ all: bigint | number; atRisk: bigint | number | null; backordered: bigint | number | null }>>`
    SELECT COUNT(*) AS "all",
           SUM(CASE WHEN "atRisk" = ${true} THEN 1 ELSE 0 END) AS "atRisk",
           SUM(CASE WHEN "owed" > 0 THEN 1 ELSE 0 END) AS "backordered"
    FROM "VariantForecast" WHERE "shop" = ${shop}`;
  const row = rows[0];
  return { all: num(row?.all ?? 0), atRisk: num(row?.atRisk ?? 0), backordered: num(row?.backordered ?? 0) };
}

// ---------------------------------------------------------------------------------------------------------
// The last run

export type ForecastRunStatus = "running" | "done" | "failed";
export type ForecastRunRecord = {
  status: ForecastRunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  variantsForecast: number;
  meanMase: number | null;
  medianMase: number | null;
  variantsMeasured: number;
  scoredDays: number;
  error: string | null;
};

export async function getForecastRun(shop: string, db: Db = prisma): Promise<ForecastRunRecord | null> {
  const row = await db.forecastRun.findUnique({ where: { shop } });
  if (!row) return null;
  const { shop: _shop, ...rest } = row;
  return { ...rest, status: row.status as ForecastRunStatus };
}

export async function startForecastRun(shop: string, startedAt: Date, db: Db = prisma): Promise<void> {
  // The previous figures stay until this run replaces them: the page keeps showing them while it runs.
  await db.forecastRun.upsert({
    where: { shop },
    create: { shop, status: "running", startedAt },
    update: { status: "running", startedAt, finishedAt: null, error: null },
  });
}

export async function finishForecastRun(
  shop: string,
  input: { finishedAt: Date; variantsForecast: number; meanMase: number | null; medianMase: number | null; variantsMeasured: number; scoredDays: number },
  db: Db = prisma,
): Promise<void> {
  await db.forecastRun.update({ where: { shop }, data: { status: "done", error: null, ...input } });
}

export async function failForecastRun(shop: string, input: { finishedAt: Date; error: string }, db: Db = prisma): Promise<void> {
  await db.forecastRun.updateMany({ where: { shop }, data: { status: "failed", finishedAt: input.finishedAt, error: input.error.slice(0, 500) } });
}

// ---------------------------------------------------------------------------------------------------------
// Suggested reorders by vendor

export type VendorReorderTotals = {
  /** Null: products without a vendor. */
  vendor: string | null;
  /** Variants with something to order. */
  variants: number;
  units: number;
  atRiskVariants: number;
  /** Σ revenue at risk of the vendor's variants with something to order (cents; unpriced variants count 0). */
  revenueAtRiskCents: number;
  /** Σ suggested quantity × unit cost where the cost is known (cents), and the variants without a cost. */
  costCents: number;
  variantsWithoutCost: number;
};

/** Every vendor with at least one variant to reorder, the most revenue at risk first. */
export async function suggestedReordersByVendor(shop: string, db: Db = prisma): Promise<VendorReorderTotals[]> {
  // Decimal strings to cents through NUMERIC (exact on PostgreSQL; SQLite's NUMERIC is a double, exact after ROUND
  // for two-decimal amounts far below 2^53 cents).
  const rows = await db.$queryRaw<Array<Record<string, unknown>>>`
    SELECT "vendor", COUNT(*) AS "variants", SUM("suggestedQuantity") AS "units",
           SUM(CASE WHEN "atRisk" = ${true} THEN 1 ELSE 0 END) AS "atRiskVariants",
           SUM(COALESCE("revenueAtRiskCents", 0)) AS "revenueAtRiskCents",
           SUM(CASE WHEN "unitCost" IS NULL THEN 0 ELSE ROUND(CAST("unitCost" AS NUMERIC) * 100) * "suggestedQuantity" END) AS "costCents",
           SUM(CASE WHEN "unitCost" IS NULL THEN 1 ELSE 0 END) AS "variantsWithoutCost"
    FROM "VariantForecast" WHERE "shop" = ${shop} AND "suggestedQuantity" > 0
    GROUP BY "vendor"
    ORDER BY "revenueAtRiskCents" DESC, "units" DESC`;
  return rows
    .map((row) => ({
      vendor: (row.vendor as string | null) ?? null,
      variants: num(row.variants),
      units: num(row.units ?? 0),
      atRiskVariants: num(row.atRiskVariants ?? 0),
      revenueAtRiskCents: num(row.revenueAtRiskCents ?? 0),
      costCents: Math.round(num(row.costCents ?? 0)),
      variantsWithoutCost: num(row.variantsWithoutCost ?? 0),
    }))
    .sort((a, b) => b.revenueAtRiskCents - a.revenueAtRiskCents || b.units - a.units || (a.vendor ?? "").localeCompare(b.vendor ?? ""));
}

/** One line of a purchase-order draft. */
export type VendorReorderLine = Pick<
  VariantForecastRecord,
  | "variantId" | "productId" | "productTitle" | "variantTitle" | "sku" | "suggestedQuantity" | "unitCost" | "available" | "inbound" | "owed"
  | "waitlist" | "ratePerDay" | "stockOutLikely" | "leadTimeDays" | "reviewPeriodDays" | "atRisk"
>;

/**
 * The vendor's variants with a suggested quantity above 0 (vendor null = no vendor), in variant id order, fetched
 * `pageSize` rows at a time so a CSV response streams at any catalog size.
 */
export async function* streamVendorReorderLines(
  shop: string,
  vendor: string | null,
  options: { pageSize?: number } = {},
  db: Db = prisma,
): AsyncGenerator<VendorReorderLine> {
  const pageSize = Math.max(1, options.pageSize ?? 500);
  let after: string | null = null;
  for (;;) {
    const afterSql = after === null ? Prisma.empty : Prisma.sql` AND f."variantId" > ${after}`;
    const rows = await db.$queryRaw<RawRecord[]>`
      SELECT ${SELECT_RECORD} ${FROM_JOINED}
      WHERE f."shop" = ${shop} AND f."suggestedQuantity" > 0${vendorSql(vendor)}${afterSql}
      ORDER BY f."variantId" LIMIT ${pageSize}`;
    for (const raw of rows) {
      const r = toRecord(raw);
      yield {
        variantId: r.variantId, productId: r.productId, productTitle: r.productTitle, variantTitle: r.variantTitle, sku: r.sku,
        suggestedQuantity: r.suggestedQuantity, unitCost: r.unitCost, available: r.available, inbound: r.inbound, owed: r.owed,
        waitlist: r.waitlist, ratePerDay: r.ratePerDay, stockOutLikely: r.stockOutLikely, leadTimeDays: r.leadTimeDays,
        reviewPeriodDays: r.reviewPeriodDays, atRisk: r.atRisk,
      };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1].variantId as string;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Writes (the recompute)

const ROWS_PER_STATEMENT = 200; // 28 columns each: far below both databases' bound-parameter limits

/** Inserts or replaces the variants' rows, stamped `computedAt`. */
export async function writeVariantForecasts(shop: string, rows: readonly VariantForecastWrite[], computedAt: Date, db: Db = prisma): Promise<void> {
  const columns = Prisma.raw(["shop", ...FORECAST_COLUMNS].map((c) => `"${c}"`).join(", "));
  const updates = Prisma.raw(FORECAST_COLUMNS.filter((c) => c !== "variantId").map((c) => `"${c}" = excluded."${c}"`).join(", "));
  for (let i = 0; i < rows.length; i += ROWS_PER_STATEMENT) {
    const values = rows.slice(i, i + ROWS_PER_STATEMENT).map(
      (r) => Prisma.sql`(${shop}, ${r.variantId}, ${r.productId}, ${r.vendor}, ${r.productType}, ${computedAt}, ${r.method}, ${r.ratePerDay},
        ${r.available}, ${r.inbound}, ${r.owed}, ${r.waitlist}, ${r.daysOfCover}, ${r.stockOutEarliest}, ${r.stockOutLikely},
        ${r.stockOutLatest}, ${r.coverageDate}, ${r.mase}, ${r.maseReason}, ${r.scoredDays}, ${r.leadTimeDays}, ${r.reviewPeriodDays},
        ${r.suggestedQuantity}, ${r.atRisk}, ${r.unitsAtRisk}, ${r.price}, ${r.unitCost}, ${r.revenueAtRiskCents}, ${r.marginAtRiskCents})`,
    );
    await db.$executeRaw`
      INSERT INTO "VariantForecast" (${columns}) VALUES ${Prisma.join(values)}
      ON CONFLICT ("shop", "variantId") DO UPDATE SET ${updates}`;
  }
}

/** Removes rows the run did not write (variants deleted since the last run): the end of a replace. */
export async function deleteForecastsComputedBefore(shop: string, computedAt: Date, db: Db = prisma): Promise<number> {
  return (await db.variantForecast.deleteMany({ where: { shop, computedAt: { lt: computedAt } } })).count;
}
