// The variants page's data, read from the local mirror only (never a Shopify call on page load): one page of
// variants with their backorder settings, filtered, sorted and paginated by keyset cursor, plus the filter options.
// The SQL (and why keyset pagination needs no OFFSET) is in app/models/variant-list.server.ts; here the cursor is
// made and read: it carries the sort key values of the page's edge row.

import { splitTags } from "../domain/catalog";
import { loadShopToday } from "../models/shop-time-zone.server";
import {
  SORT_KEY_TYPES,
  countShopVariants,
  countVariantRecords,
  listMatchingVariantIds,
  listVariantRecords,
  loadFilterOptionValues,
  type VariantListRecord,
} from "../models/variant-list.server";
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
    const types = SORT_KEY_TYPES[sort];
    if (payload.k.length !== types.length) return null;
    if (!payload.k.every((value, i) => typeof value === types[i] && (typeof value !== "number" || Number.isFinite(value)))) return null;
    return payload.k;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Queries

function toRow(record: VariantListRecord, today: string): VariantListRow {
  const available = record.availableTotal;
  return {
    id: record.id,
    productId: record.productId,
    productTitle: record.productTitle,
    title: record.title,
    sku: record.sku,
    imageUrl: record.imageUrl,
    vendor: record.vendor,
    available,
    tracked: record.tracked,
    inventoryPolicy: record.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
    state: record.backorderState as BackorderStateValue,
    // Never configured: the app starts from Shopify's policy (see applyBackorderChanges).
    enabled: record.enabled ?? record.inventoryPolicy === "CONTINUE",
    etaDate: record.etaDate,
    leadTimeDays: record.leadTimeDays,
    businessDays: record.businessDays ?? true,
    etaOverdue: record.etaDate !== null && record.etaDate < today,
    cap: record.cap,
    unitsBackordered: Math.max(0, -available),
    message: record.message,
    discontinued: record.discontinued,
  };
}

/** One page of variants for the query (filters, sort, `after`/`before` cursor). */
export async function listVariants(shop: string, query: VariantListQuery, options: ListOptions): Promise<VariantListPage> {
  const pageSize = Math.max(1, Math.min(250, options.pageSize ?? VARIANT_PAGE_SIZE));
  const { sort, dir } = query;

  const after = decodeCursor(query.after, sort, dir);
  const before = after ? null : decodeCursor(query.before, sort, dir);
  const backwards = before !== null;
  const cursor = after ?? before;
  // Walking backwards reads the page in reverse order, then flips it.
  const ascending = (dir === "asc") !== backwards;

  const [records, total] = await Promise.all([
    listVariantRecords(shop, { filters: query, sort, dir, ascending, cursor, limit: pageSize + 1, today: options.today }),
    countVariantRecords(shop, query, options.today),
  ]);

  const hasMore = records.length > pageSize;
  const page = records.slice(0, pageSize);
  if (backwards) page.reverse();
  const cursorOf = (record: VariantListRecord | undefined) => (record ? encodeCursor({ s: sort, d: dir, k: record.keys }) : null);

  return {
    rows: page.map((record) => toRow(record, options.today)),
    pageInfo: {
      hasNextPage: backwards ? true : hasMore,
      hasPreviousPage: backwards ? hasMore : cursor !== null,
      startCursor: cursorOf(page[0]),
      endCursor: cursorOf(page[page.length - 1]),
    },
    total,
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
  const ids = await listMatchingVariantIds(shop, filters, options.today, limit + 1);
  if (ids.length > limit) throw new SelectionTooLargeError(limit);
  return ids;
}

/** Distinct vendors, product types, tags and collections of the shop's mirror (filter and rule-scope pickers). */
export async function getVariantFilterOptions(shop: string): Promise<VariantFilterOptions> {
  const { vendors, productTypes, tagStrings, collections } = await loadFilterOptionValues(shop);
  const tags = new Map<string, string>();
  for (const tagString of tagStrings) {
    for (const tag of splitTags(tagString)) {
      const key = tag.toLocaleLowerCase("en-US");
      if (!tags.has(key)) tags.set(key, tag);
    }
  }
  const nonEmpty = (values: Array<string | null>) => values.filter((v): v is string => !!v && v.trim() !== "");
  return {
    vendors: nonEmpty(vendors),
    productTypes: nonEmpty(productTypes),
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
    countShopVariants(shop),
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
