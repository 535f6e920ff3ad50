// The variants page's data, read from the local mirror only (never a Shopify call on page load): one page of
// variants with their backorder settings, filtered, sorted and paginated by keyset cursor, plus the filter options.
//
// SQL: one parameterized query (`Prisma.sql` + `$queryRaw`) joining Variant → Product → VariantBackorder (left
// joins on their primary keys), plus a count that joins only what its filters need. Identifiers are double-quoted and only portable constructs are used (row-value comparisons,
// `||`, COALESCE, CASE, REPLACE, LOWER … LIKE … ESCAPE), so it runs unchanged on PostgreSQL.
//
// Keyset pagination: every sort is made total by ending its key with the variant id, and all key columns sort in
// the same direction, so "the next page" is `(k1, k2, …, id) > (cursor values)` — no OFFSET, no duplicates or
// gaps when rows are inserted or deleted between pages. The cursor carries the key values of the edge row.

import { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { splitTags } from "../domain/catalog";
import { loadShopToday } from "../models/shop-time-zone.server";
import {
  VARIANT_PAGE_SIZE,
  parseVariantListQuery,
  type BackorderStateValue,
  type SortDirection,
  type VariantFilters,
  type VariantListQuery,
  type VariantSortKey,
} from "../schemas/variant-list";
import { MAX_VARIANTS_PER_ACTION, backorderChangesFor, type BackorderAction } from "../schemas/backorder-action";
import type { FieldErrors } from "../schemas/form-helpers";
import type { AdminGateway } from "../shopify/admin-gateway.server";
import {
  BULK_CHANGE_THRESHOLD,
  BackorderChangeValidationError,
  applyBackorderChanges,
  enqueueBackorderChanges,
  getBackorderChangesProgress,
  type ApplyBackorderResult,
  type BackorderChangesProgress,
} from "./backorder-changes.server";

export type VariantListRow = {
  id: string;
  productId: string;
  productTitle: string;
  title: string;
  sku: string | null;
  imageUrl: string | null;
  vendor: string | null;
  available: number;
  tracked: boolean;
  inventoryPolicy: "DENY" | "CONTINUE";
  state: BackorderStateValue;
  /** Backorders switched on in the app (VariantBackorder.enabled). */
  enabled: boolean;
  etaDate: string | null;
  leadTimeDays: number | null;
  businessDays: boolean;
  etaOverdue: boolean;
  cap: number | null;
  /** Units sold without stock so far: max(0, −available). */
  unitsBackordered: number;
  message: string | null;
  discontinued: boolean;
};

export type PageInfo = {
  hasNextPage: boolean;
  hasPreviousPage: boolean;
  startCursor: string | null;
  endCursor: string | null;
};

export type VariantListPage = { rows: VariantListRow[]; pageInfo: PageInfo; total: number };

export type VariantFilterOptions = {
  vendors: string[];
  productTypes: string[];
  tags: string[];
  collections: Array<{ id: string; title: string }>;
};

export type ListOptions = {
  /** Today's date in the shop's time zone (YYYY-MM-DD), for "ETA overdue". */
  today: string;
  pageSize?: number;
};

// ---------------------------------------------------------------------------------------------------------------
// SQL pieces

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

/** Types of each key column, to validate a cursor before its values reach SQL. */
const KEY_TYPES: Record<VariantSortKey, Array<"string" | "number">> = {
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

// ---------------------------------------------------------------------------------------------------------------
// Cursors

type CursorPayload = { s: VariantSortKey; d: SortDirection; k: Array<string | number> };

function encodeCursor(payload: CursorPayload): string {
  return Buffer.from(JSON.stringify(payload), "utf8").toString("base64url");
}

/** The key values of a cursor made for this sort, or null (malformed, or made for another sort: start over). */
export function decodeCursor(cursor: string | undefined, sort: VariantSortKey, dir: SortDirection): Array<string | number> | null {
  if (!cursor) return null;
  try {
    const payload = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8")) as CursorPayload;
    if (payload?.s !== sort || payload.d !== dir || !Array.isArray(payload.k)) return null;
    const types = KEY_TYPES[sort];
    if (payload.k.length !== types.length) return null;
    if (!payload.k.every((value, i) => typeof value === types[i] && (typeof value !== "number" || Number.isFinite(value)))) return null;
    return payload.k;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

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

const num = (value: number | bigint) => Number(value);
const bool = (value: boolean | number | bigint | null) => value === true || (value !== null && value !== false && Number(value) === 1);

function toRow(raw: RawRow, today: string): VariantListRow {
  const available = num(raw.availableTotal);
  return {
    id: raw.id,
    productId: raw.productId,
    productTitle: raw.productTitle,
    title: raw.title,
    sku: raw.sku,
    imageUrl: raw.imageUrl,
    vendor: raw.vendor,
    available,
    tracked: bool(raw.tracked),
    inventoryPolicy: raw.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
    state: raw.backorderState as BackorderStateValue,
    // Never configured: the app starts from Shopify's policy (see applyBackorderChanges).
    enabled: raw.enabled === null ? raw.inventoryPolicy === "CONTINUE" : bool(raw.enabled),
    etaDate: raw.etaDate,
    leadTimeDays: raw.leadTimeDays === null ? null : num(raw.leadTimeDays),
    businessDays: raw.businessDays === null ? true : bool(raw.businessDays),
    etaOverdue: raw.etaDate !== null && raw.etaDate < today,
    cap: raw.cap === null ? null : num(raw.cap),
    unitsBackordered: Math.max(0, -available),
    message: raw.message,
    discontinued: bool(raw.discontinued),
  };
}

function keyValues(raw: RawRow, count: number): Array<string | number> {
  const values: Array<string | number> = [];
  for (let i = 0; i < count; i++) {
    const value = raw[`k${i}`];
    values.push(typeof value === "bigint" ? Number(value) : (value as string | number));
  }
  return values;
}

/** One page of variants for the query (filters, sort, `after`/`before` cursor). */
export async function listVariants(shop: string, query: VariantListQuery, options: ListOptions): Promise<VariantListPage> {
  const pageSize = Math.max(1, Math.min(250, options.pageSize ?? VARIANT_PAGE_SIZE));
  const { sort, dir } = query;
  const keys = sortKeys(sort, dir);
  const where = filterConditions(shop, query, options.today);

  const after = decodeCursor(query.after, sort, dir);
  const before = after ? null : decodeCursor(query.before, sort, dir);
  const backwards = before !== null;
  const cursor = after ?? before;
  // Walking backwards reads the page in reverse order, then flips it.
  const ascending = (dir === "asc") !== backwards;
  if (cursor) {
    const comparison = ascending ? Prisma.sql`>` : Prisma.sql`<`;
    where.push(Prisma.sql`(${Prisma.join(keys)}) ${comparison} (${Prisma.join(cursor)})`);
  }
  const order = ascending ? Prisma.sql`ASC` : Prisma.sql`DESC`;
  const whereSql = Prisma.join(where, " AND ");

  const rowsQuery = prisma.$queryRaw<RawRow[]>(Prisma.sql`
    SELECT v."id", v."productId", COALESCE(p."title", '') AS "productTitle", v."title", v."sku",
      COALESCE(v."imageUrl", p."imageUrl") AS "imageUrl", p."vendor", v."availableTotal", v."tracked",
      v."inventoryPolicy", v."backorderState", vb."enabled", vb."etaDate", vb."leadTimeDays", vb."businessDays",
      vb."cap", vb."message", vb."discontinued",
      ${Prisma.join(keys.map((key, i) => Prisma.sql`${key} AS ${Prisma.raw(`"k${i}"`)}`))}
    ${FROM_ALL}
    WHERE ${whereSql}
    ORDER BY ${Prisma.join(keys.map((key) => Prisma.sql`${key} ${order}`))}
    LIMIT ${pageSize + 1}`);
  const countQuery = prisma.$queryRaw<Array<{ total: number | bigint }>>(Prisma.sql`
    SELECT COUNT(*) AS "total" ${fromFor(query)} WHERE ${Prisma.join(filterConditions(shop, query, options.today), " AND ")}`);
  const [raw, [{ total }]] = await Promise.all([rowsQuery, countQuery]);

  const hasMore = raw.length > pageSize;
  const pageRaw = raw.slice(0, pageSize);
  if (backwards) pageRaw.reverse();
  const cursorOf = (row: RawRow | undefined) => (row ? encodeCursor({ s: sort, d: dir, k: keyValues(row, keys.length) }) : null);

  return {
    rows: pageRaw.map((row) => toRow(row, options.today)),
    pageInfo: {
      hasNextPage: backwards ? true : hasMore,
      hasPreviousPage: backwards ? hasMore : cursor !== null,
      startCursor: cursorOf(pageRaw[0]),
      endCursor: cursorOf(pageRaw[pageRaw.length - 1]),
    },
    total: Number(total),
  };
}

export class SelectionTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`More than ${limit.toLocaleString("en-US")} variants match these filters: narrow them down and try again.`);
    this.name = "SelectionTooLargeError";
  }
}

/** Ids of every variant matching the filters ("select all matching"); throws SelectionTooLargeError past `limit`. */
export async function selectMatchingVariantIds(
  shop: string,
  filters: VariantFilters,
  options: { today: string; limit?: number },
): Promise<string[]> {
  const limit = options.limit ?? MAX_VARIANTS_PER_ACTION;
  const rows = await prisma.$queryRaw<Array<{ id: string }>>(Prisma.sql`
    SELECT v."id" ${fromFor(filters)} WHERE ${Prisma.join(filterConditions(shop, filters, options.today), " AND ")}
    ORDER BY v."id" LIMIT ${limit + 1}`);
  if (rows.length > limit) throw new SelectionTooLargeError(limit);
  return rows.map((row) => row.id);
}

/** Distinct vendors, product types, tags and collections of the shop's mirror (filter and rule-scope pickers). */
export async function getVariantFilterOptions(shop: string): Promise<VariantFilterOptions> {
  const [vendors, productTypes, tagStrings, collections] = await Promise.all([
    prisma.product.groupBy({ by: ["vendor"], where: { shop, vendor: { not: null } }, orderBy: { vendor: "asc" } }),
    prisma.product.groupBy({ by: ["productType"], where: { shop, productType: { not: null } }, orderBy: { productType: "asc" } }),
    prisma.product.groupBy({ by: ["tags"], where: { shop, tags: { not: "" } } }),
    prisma.collection.findMany({ where: { shop }, select: { id: true, title: true }, orderBy: [{ title: "asc" }, { id: "asc" }] }),
  ]);
  const tags = new Map<string, string>();
  for (const row of tagStrings) {
    for (const tag of splitTags(row.tags)) {
      const key = tag.toLocaleLowerCase("en-US");
      if (!tags.has(key)) tags.set(key, tag);
    }
  }
  const nonEmpty = (values: Array<string | null>) => values.filter((v): v is string => !!v && v.trim() !== "");
  return {
    vendors: nonEmpty(vendors.map((row) => row.vendor)),
    productTypes: nonEmpty(productTypes.map((row) => row.productType)),
    tags: [...tags.values()].sort((a, b) => a.localeCompare(b, "en-US", { sensitivity: "base" })),
    collections,
  };
}

/** Today in the shop's effective time zone (app/models/shop-time-zone.server.ts). */
export const shopToday = loadShopToday;

export type BulkJobProgress = Omit<BackorderChangesProgress, "createdAt" | "finishedAt"> & {
  createdAt: string;
  finishedAt: string | null;
};

export type VariantsPageData = {
  page: VariantListPage;
  /** Progress of the background bulk change named by `?job=`, when there is one. */
  job: BulkJobProgress | null;
  filterOptions: VariantFilterOptions;
  timeZone: string;
  today: string;
  /** Variants in the shop's mirror at all (to tell "no variants yet" from "nothing matches"). */
  catalogSize: number;
};

/** Everything the variants page shows (the route's single service call). */
export async function loadVariantsPage(shop: string, query: VariantListQuery, now: Date): Promise<VariantsPageData> {
  const { timeZone, today } = await shopToday(shop, now);
  const [page, filterOptions, catalogSize, progress] = await Promise.all([
    listVariants(shop, query, { today }),
    getVariantFilterOptions(shop),
    prisma.variant.count({ where: { shop } }),
    query.job ? getBackorderChangesProgress(shop, query.job) : Promise.resolve(null),
  ]);
  const job = progress
    ? { ...progress, createdAt: progress.createdAt.toISOString(), finishedAt: progress.finishedAt?.toISOString() ?? null }
    : null;
  return { page, job, filterOptions, timeZone, today, catalogSize };
}

// ---------------------------------------------------------------------------------------------------------------
// Row and bulk actions

export type VariantActionOutcome =
  | { ok: true; kind: "applied"; result: ApplyBackorderResult }
  | { ok: true; kind: "queued"; jobId: string; total: number }
  | { ok: false; errors: FieldErrors };

/**
 * Runs a row/bulk action of the variants page: resolves the selection ("select all matching" → the ids matching
 * the filters), then applies the change now (Shopify first, per-variant result) or, above BULK_CHANGE_THRESHOLD
 * variants, queues it as a background job the page then follows. Validation problems come back as field errors.
 */
export async function applyVariantListAction(input: {
  shop: string;
  action: BackorderAction;
  actor: string;
  gateway: AdminGateway;
  now: Date;
}): Promise<VariantActionOutcome> {
  const { shop, action, actor, gateway, now } = input;
  try {
    let variantIds = [...new Set(action.variantId)];
    if (action.selection === "matching") {
      const { today } = await shopToday(shop, now);
      variantIds = await selectMatchingVariantIds(shop, parseVariantListQuery(new URLSearchParams(action.filters ?? "")), { today });
      if (!variantIds.length) return { ok: false, errors: { variantId: "No variants match these filters any more." } };
    }
    const changes = backorderChangesFor(action);
    if (variantIds.length > BULK_CHANGE_THRESHOLD) {
      const { jobId, total } = await enqueueBackorderChanges({ shop, variantIds, changes, actor, source: "manual", now });
      return { ok: true, kind: "queued", jobId, total };
    }
    const result = await applyBackorderChanges({ shop, variantIds, changes, actor, source: "manual", gateway, now });
    return { ok: true, kind: "applied", result };
  } catch (error) {
    if (error instanceof BackorderChangeValidationError) {
      const errors: FieldErrors = {};
      for (const issue of error.issues) errors[issue.field] ??= issue.message;
      return { ok: false, errors };
    }
    if (error instanceof SelectionTooLargeError) return { ok: false, errors: { variantId: error.message } };
    throw error;
  }
}
