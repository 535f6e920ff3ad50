// The variants page's SQL: one parameterized query (`Prisma.sql` + `$queryRaw`) joining Variant → Product →
// VariantBackorder (left joins on their primary keys), plus a count that joins only what its filters need.
// Identifiers are double-quoted and only portable constructs are used (row-value comparisons, `||`, COALESCE,
// CASE, REPLACE, LOWER … LIKE … ESCAPE), so it runs unchanged on SQLite and PostgreSQL.
//
// Keyset pagination: every sort is made total by ending its key with the variant id, and all key columns sort in
// the same direction, so "the next page" is `(k1, k2, …, id) > (cursor values)` — no OFFSET, no duplicates or
// gaps when rows are inserted or deleted between pages. Each row comes back with its key values (for the cursor).

import { Prisma } from "@prisma/client";
import prisma from "#app/db.server";
import type { BackorderStateValue, SortDirection, VariantFilters, VariantSortKey } from "#app/schemas/variant-list";
import type { Db } from "./db";

const STATE_ORDER: readonly BackorderStateValue[] = [
  "backorder_cap_reached",
  "sold_out",
  "backorder",
  "low_stock",
  "discontinued",
  "in_stock",
  "untracked",
];

const STATE_RANK = Prisma.sql`CASE v."backorderState" ${Prisma.join(
  STATE_ORDER.map((state, index) => Prisma.raw(`WHEN '${state}' THEN ${index}`)),
  " ",
)} ELSE ${Prisma.raw(String(STATE_ORDER.length))} END`;

/**
 * Key expressions per sort, all sorted in the same direction. The ETA sort puts fixed dates first, then lead
 * times, then variants without an ETA — in both directions (the rank is flipped for descending).
 */
function sortKeys(sort: VariantSortKey, dir: SortDirection): Prisma.Sql[] {
  const product = [Prisma.sql`COALESCE(p."title", '')`, Prisma.sql`v."productId"`, Prisma.sql`v."position"`, Prisma.sql`v."id"`];
  switch (sort) {
    case "available":
      return [Prisma.sql`v."availableTotal"`, Prisma.sql`v."id"`];
    case "eta": {
      const [fixed, lead, none] = dir === "asc" ? [0, 1, 2] : [2, 1, 0];
      return [
        Prisma.raw(`(CASE WHEN vb."etaDate" IS NOT NULL THEN ${fixed} WHEN vb."leadTimeDays" IS NOT NULL THEN ${lead} ELSE ${none} END)`),
        Prisma.sql`COALESCE(vb."etaDate", '')`,
        Prisma.sql`COALESCE(vb."leadTimeDays", 0)`,
        Prisma.sql`v."id"`,
      ];
    }
    case "state":
      return [Prisma.sql`(${STATE_RANK})`, ...product];
    case "product":
    default:
      return product;
  }
}

/** Types of each sort's key columns (in sortKeys order), to validate a cursor before its values reach SQL. */
export const SORT_KEY_TYPES: Record<VariantSortKey, Array<"string" | "number">> = {
  product: ["string", "string", "number", "string"],
  available: ["number", "string"],
  eta: ["number", "string", "number", "string"],
  state: ["number", "string", "string", "number", "string"],
};

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function likeContains(value: string): string {
  return `%${escapeLike(value.toLowerCase())}%`;
}

function filterConditions(shop: string, filters: VariantFilters, today: string): Prisma.Sql[] {
  const where: Prisma.Sql[] = [Prisma.sql`v."shop" = ${shop}`];
  if (filters.q) {
    // Every word must appear in the product title, the variant title or the SKU.
    for (const term of filters.q.split(/\s+/).filter(Boolean).slice(0, 8)) {
      const pattern = likeContains(term);
      where.push(Prisma.sql`(LOWER(p."title") LIKE ${pattern} ESCAPE '\\' OR LOWER(v."title") LIKE ${pattern} ESCAPE '\\' OR LOWER(COALESCE(v."sku", '')) LIKE ${pattern} ESCAPE '\\')`);
    }
  }
  if (filters.state.length) where.push(Prisma.sql`v."backorderState" IN (${Prisma.join(filters.state)})`);
  if (filters.vendor) where.push(Prisma.sql`p."vendor" = ${filters.vendor}`);
  if (filters.type) where.push(Prisma.sql`p."productType" = ${filters.type}`);
  if (filters.tag) {
    // Tags are stored comma-joined ("a, b"); compare whole tags, ignoring case.
    const pattern = `%,${escapeLike(filters.tag.trim().toLowerCase())},%`;
    where.push(Prisma.sql`(',' || REPLACE(LOWER(p."tags"), ', ', ',') || ',') LIKE ${pattern} ESCAPE '\\'`);
  }
  if (filters.collection) {
    where.push(
      Prisma.sql`EXISTS (SELECT 1 FROM "ProductCollection" pc WHERE pc."shop" = v."shop" AND pc."productId" = v."productId" AND pc."collectionId" = ${filters.collection})`,
    );
  }
  if (filters.eta === "set") where.push(Prisma.sql`(vb."etaDate" IS NOT NULL OR vb."leadTimeDays" IS NOT NULL)`);
  if (filters.eta === "none") where.push(Prisma.sql`(vb."etaDate" IS NULL AND vb."leadTimeDays" IS NULL)`);
  if (filters.eta === "overdue") where.push(Prisma.sql`vb."etaDate" < ${today}`);
  return where;
}

// LEFT JOINs on unique keys: they never add or drop variant rows, so a count may leave out the joins its filters
// don't use (a variant whose product is missing from the mirror is still listed, with an empty product title).
const JOIN_PRODUCT = Prisma.sql`LEFT JOIN "Product" p ON p."shop" = v."shop" AND p."id" = v."productId"`;
const JOIN_BACKORDER = Prisma.sql`LEFT JOIN "VariantBackorder" vb ON vb."shop" = v."shop" AND vb."variantId" = v."id"`;
const FROM_ALL = Prisma.sql`FROM "Variant" v ${JOIN_PRODUCT} ${JOIN_BACKORDER}`;

/** The FROM clause with only the joins the filters need. */
function fromFor(filters: VariantFilters): Prisma.Sql {
  const product = !!(filters.q || filters.vendor || filters.type || filters.tag);
  const backorder = !!filters.eta;
  return Prisma.sql`FROM "Variant" v ${product ? JOIN_PRODUCT : Prisma.empty} ${backorder ? JOIN_BACKORDER : Prisma.empty}`;
}

type RawRow = {
  id: string;
  productId: string;
  productTitle: string;
  title: string;
  sku: string | null;
  imageUrl: string | null;
  vendor: string | null;
  availableTotal: number | bigint;
  tracked: boolean | number | bigint;
  inventoryPolicy: string;
  backorderState: string;
  enabled: boolean | number | bigint | null;
  etaDate: string | null;
  leadTimeDays: number | bigint | null;
  businessDays: boolean | number | bigint | null;
  cap: number | bigint | null;
  message: string | null;
  discontinued: boolean | number | bigint | null;
} & Record<`k${number}`, unknown>;

/** One variant of the list as stored: the VariantBackorder columns are null when the variant has no row. */
export type VariantListRecord = {
  id: string;
  productId: string;
  productTitle: string;
  title: string;
  sku: string | null;
  imageUrl: string | null;
  vendor: string | null;
  availableTotal: number;
  tracked: boolean;
  inventoryPolicy: string;
  backorderState: string;
  enabled: boolean | null;
  etaDate: string | null;
  leadTimeDays: number | null;
  businessDays: boolean | null;
  cap: number | null;
  message: string | null;
  discontinued: boolean;
  /** The row's sort key values, in SORT_KEY_TYPES order (what a cursor carries). */
  keys: Array<string | number>;
};

// The drivers return integers as bigint (PostgreSQL COUNT) and booleans as 0/1 (SQLite).
const num = (value: number | bigint) => Number(value);
const bool = (value: boolean | number | bigint) => value === true || (value !== false && Number(value) === 1);
const nullableBool = (value: boolean | number | bigint | null) => (value === null ? null : bool(value));

function toRecord(raw: RawRow, keyCount: number): VariantListRecord {
  const keys: Array<string | number> = [];
  for (let i = 0; i < keyCount; i++) {
    const value = raw[`k${i}`];
    keys.push(typeof value === "bigint" ? Number(value) : (value as string | number));
  }
  return {
    id: raw.id,
    productId: raw.productId,
    productTitle: raw.productTitle,
    title: raw.title,
    sku: raw.sku,
    imageUrl: raw.imageUrl,
    vendor: raw.vendor,
    availableTotal: num(raw.availableTotal),
    tracked: bool(raw.tracked),
    inventoryPolicy: raw.inventoryPolicy,
    backorderState: raw.backorderState,
    enabled: nullableBool(raw.enabled),
    etaDate: raw.etaDate,
    leadTimeDays: raw.leadTimeDays === null ? null : num(raw.leadTimeDays),
    businessDays: nullableBool(raw.businessDays),
    cap: raw.cap === null ? null : num(raw.cap),
    message: raw.message,
    discontinued: nullableBool(raw.discontinued) ?? false,
    keys,
  };
}

/**
 * Up to `limit` variants matching the filters in the sort's key order (`ascending` or not), starting after the
 * `cursor` key values when given (strictly past them in that order). `today` (YYYY-MM-DD) is for "ETA overdue".
 */
export async function listVariantRecords(
  shop: string,
  input: { filters: VariantFilters; sort: VariantSortKey; dir: SortDirection; ascending: boolean; cursor: Array<string | number> | null; limit: number; today: string },
  db: Db = prisma,
): Promise<VariantListRecord[]> {
  const keys = sortKeys(input.sort, input.dir);
  const where = filterConditions(shop, input.filters, input.today);
  if (input.cursor) {
    const comparison = input.ascending ? Prisma.sql`>` : Prisma.sql`<`;
    where.push(Prisma.sql`(${Prisma.join(keys)}) ${comparison} (${Prisma.join(input.cursor)})`);
  }
  const order = input.ascending ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const raw = await db.$queryRaw<RawRow[]>(Prisma.sql`
    SELECT v."id", v."productId", COALESCE(p."title", '') AS "productTitle", v."title", v."sku",
      COALESCE(v."imageUrl", p."imageUrl") AS "imageUrl", p."vendor", v."availableTotal", v."tracked",
      v."inventoryPolicy", v."backorderState", vb."enabled", vb."etaDate", vb."leadTimeDays", vb."businessDays",
      vb."cap", vb."message", vb."discontinued",
      ${Prisma.join(keys.map((key, i) => Prisma.sql`${key} AS ${Prisma.raw(`"k${i}"`)}`))}
    ${FROM_ALL}
    WHERE ${Prisma.join(where, " AND ")}
    ORDER BY ${Prisma.join(keys.map((key) => Prisma.sql`${key} ${order}`))}
    LIMIT ${input.limit}`);
  return raw.map((row) => toRecord(row, keys.length));
}

/** How many variants match the filters. */
export async function countVariantRecords(shop: string, filters: VariantFilters, today: string, db: Db = prisma): Promise<number> {
  const [{ total }] = await db.$queryRaw<Array<{ total: number | bigint }>>(Prisma.sql`
    SELECT COUNT(*) AS "total" ${fromFor(filters)} WHERE ${Prisma.join(filterConditions(shop, filters, today), " AND ")}`);
  return Number(total);
}

/** Ids of up to `limit` variants matching the filters, in id order. */
export async function listMatchingVariantIds(shop: string, filters: VariantFilters, today: string, limit: number, db: Db = prisma): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    SELECT v."id" ${fromFor(filters)} WHERE ${Prisma.join(filterConditions(shop, filters, today), " AND ")}
    ORDER BY v."id" LIMIT ${limit}`);
  return rows.map((row) => row.id);
}

/** Variants in the shop's mirror at all. */
export function countShopVariants(shop: string, db: Db = prisma): Promise<number> {
  return db.variant.count({ where: { shop } });
}

/** The distinct stored vendor, product type and tag strings of the shop's products, and its collections. */
export async function loadFilterOptionValues(shop: string, db: Db = prisma): Promise<{
  vendors: Array<string | null>;
  productTypes: Array<string | null>;
  tagStrings: string[];
  collections: Array<{ id: string; title: string }>;
}> {
  const [vendors, productTypes, tagStrings, collections] = await Promise.all([
    db.product.groupBy({ by: ["vendor"], where: { shop, vendor: { not: null } }, orderBy: { vendor: "asc" } }),
    db.product.groupBy({ by: ["productType"], where: { shop, productType: { not: null } }, orderBy: { productType: "asc" } }),
    db.product.groupBy({ by: ["tags"], where: { shop, tags: { not: "" } } }),
    db.collection.findMany({ where: { shop }, select: { id: true, title: true }, orderBy: [{ title: "asc" }, { id: "asc" }] }),
  ]);
  return {
    vendors: vendors.map((row) => row.vendor),
    productTypes: productTypes.map((row) => row.productType),
    tagStrings: tagStrings.map((row) => row.tags),
    collections,
  };
}
