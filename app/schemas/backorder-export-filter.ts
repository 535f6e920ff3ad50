// What a backorder CSV export covers, read from URL search params: the variants page's filters (same params, so
// "export the current filter" gives exactly the rows the merchant sees) and/or an explicit selection of variants.

import { plural } from "../domain/csv-import";
import { hasActiveFilters, parseVariantListQuery, toVariantListSearchParams, type VariantFilters } from "./variant-list";

export type BackorderExportFilter = { filters: VariantFilters; variantIds?: string[] };

/**
 * The export filter from URL search params: the variants page's `q`, `state` (comma-separated), `vendor`, `type`,
 * `collection`, `tag`, `eta` (set | none | overdue), plus `ids` (comma-separated variant GIDs or numeric ids).
 * Lenient: unknown params and values are ignored.
 */
export function parseExportFilter(params: URLSearchParams): BackorderExportFilter {
  const { q, state, vendor, type, collection, tag, eta } = parseVariantListQuery(params);
  const ids = (params.get("ids") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)
    .map((s) => (/^\d+$/.test(s) ? `gid://shopify/ProductVariant/${s}` : s));
  return { filters: { q, state, vendor, type, collection, tag, eta }, ...(ids.length > 0 ? { variantIds: [...new Set(ids)] } : {}) };
}

export function isFilterEmpty(filter: BackorderExportFilter): boolean {
  return !hasActiveFilters(filter.filters) && !filter.variantIds;
}

/** Search params that reproduce `filter` (for the export link). */
export function filterToSearchParams(filter: BackorderExportFilter): URLSearchParams {
  const params = toVariantListSearchParams(filter.filters);
  if (filter.variantIds) params.set("ids", filter.variantIds.join(","));
  return params;
}

/** Short human description of a filter ('search "blue" · state: backorder · vendor: Acme'). */
export function describeExportFilter(filter: BackorderExportFilter): string {
  const f = filter.filters;
  const parts: string[] = [];
  if (f.q) parts.push(`search "${f.q}"`);
  if (f.state.length > 0) parts.push(`state: ${f.state.map((s) => s.replace(/_/g, " ")).join(", ")}`);
  if (f.vendor) parts.push(`vendor: ${f.vendor}`);
  if (f.type) parts.push(`type: ${f.type}`);
  if (f.collection) parts.push(`collection: ${f.collection}`);
  if (f.tag) parts.push(`tag: ${f.tag}`);
  if (f.eta) parts.push(f.eta === "set" ? "has an ETA" : f.eta === "none" ? "no ETA" : "ETA overdue");
  if (filter.variantIds) parts.push(plural(filter.variantIds.length, "selected variant"));
  return parts.join(" · ");
}
