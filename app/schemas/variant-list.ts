// The variants page's URL search params (filters, sort, cursor), parsed leniently: a hand-edited or stale URL
// never errors, unknown values fall back to the defaults. Shared by the loader and the page (which writes them).
import { z } from "zod";

export const BACKORDER_STATES = [
  "in_stock",
  "low_stock",
  "backorder",
  "backorder_cap_reached",
  "sold_out",
  "untracked",
  "discontinued",
] as const;
export type BackorderStateValue = (typeof BACKORDER_STATES)[number];

export const VARIANT_SORT_KEYS = ["product", "available", "eta", "state"] as const;
export type VariantSortKey = (typeof VARIANT_SORT_KEYS)[number];
export type SortDirection = "asc" | "desc";

/** `eta=set`: has a fixed date or a lead time; `none`: neither; `overdue`: a fixed date that has passed. */
export const ETA_FILTERS = ["set", "none", "overdue"] as const;
export type EtaFilter = (typeof ETA_FILTERS)[number];

export const VARIANT_PAGE_SIZE = 50;

const text = (max: number) =>
  z
    .string()
    .optional()
    .catch(undefined)
    .transform((value) => {
      const trimmed = value?.trim().slice(0, max);
      return trimmed ? trimmed : undefined;
    });

const stateList = z
  .string()
  .optional()
  .catch(undefined)
  .transform((value) => {
    const states = (value ?? "").split(",").map((s) => s.trim());
    return BACKORDER_STATES.filter((state) => states.includes(state));
  });

export const variantListQuerySchema = z.object({
  q: text(200),
  state: stateList,
  vendor: text(255),
  type: text(255),
  collection: text(255),
  tag: text(255),
  eta: z.enum(ETA_FILTERS).optional().catch(undefined),
  sort: z.enum(VARIANT_SORT_KEYS).catch("product"),
  dir: z.enum(["asc", "desc"]).catch("asc"),
  after: text(2000),
  before: text(2000),
  /** A background bulk change (`backorder.apply` job) whose progress the page shows. */
  job: text(100),
});

export type VariantListQuery = z.output<typeof variantListQuerySchema>;

export function parseVariantListQuery(params: URLSearchParams): VariantListQuery {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(variantListQuerySchema.shape)) {
    const value = params.get(key);
    if (value !== null) raw[key] = value;
  }
  return variantListQuerySchema.parse(raw);
}

/** The filter part of a query (no sort, no cursor): what "select all matching" and the CSV export apply. */
export type VariantFilters = Pick<VariantListQuery, "q" | "state" | "vendor" | "type" | "collection" | "tag" | "eta">;

/** URL search params for a query; defaults (product, asc) and empty values are left out so URLs stay short. */
export function toVariantListSearchParams(query: Partial<VariantListQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.q) params.set("q", query.q);
  if (query.state?.length) params.set("state", query.state.join(","));
  for (const key of ["vendor", "type", "collection", "tag", "eta"] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.sort && query.sort !== "product") params.set("sort", query.sort);
  if (query.dir && query.dir !== "asc") params.set("dir", query.dir);
  if (query.after) params.set("after", query.after);
  else if (query.before) params.set("before", query.before);
  if (query.job) params.set("job", query.job);
  return params;
}

export function hasActiveFilters(query: VariantFilters): boolean {
  return !!(query.q || query.state.length || query.vendor || query.type || query.collection || query.tag || query.eta);
}
