// The backorder settings CSV export: walks the local mirror (never Shopify) product page by product page, or the
// variants the export filter (app/schemas/backorder-export-filter.ts) selects, and yields the file in chunks, so
// 100,000 variants never sit in memory as one string. The file re-imports as is.

import { BACKORDER_CSV_EXPORT_HEADER, formatCsvRow, toBackorderCsv, type BackorderCsvRow } from "../domain/backorder-csv";
import { unconfiguredSettings } from "../domain/csv-import";
import {
  CSV_ID_CHUNK,
  listBackorderSettingsOf,
  listCsvVariants,
  listCsvVariantsOfProducts,
  listProductPage,
  loadProductTitles,
  type CsvVariant,
} from "../models/csv-catalog.server";
import { hasActiveFilters } from "../schemas/variant-list";
import { isFilterEmpty, type BackorderExportFilter } from "../schemas/backorder-export-filter";
import { selectMatchingVariantIds, shopToday } from "./variant-list.server";

const EXPORT_PRODUCT_PAGE = 200;
const EXPORT_MAX_VARIANTS = 1_000_000;
const EXPORT_HEADER_LINE = `${formatCsvRow(BACKORDER_CSV_EXPORT_HEADER)}\r\n`;

/** CSV lines (no header) for a batch of variants, with their product titles and current settings. */
async function exportRows(shop: string, variants: CsvVariant[], productTitles?: Map<string, string>): Promise<string> {
  if (variants.length === 0) return "";
  const [settings, titles] = await Promise.all([
    listBackorderSettingsOf(
      shop,
      variants.map((v) => v.id),
    ),
    productTitles ? Promise.resolve(productTitles) : loadProductTitles(shop, [...new Set(variants.map((v) => v.productId))]),
  ]);
  const settingsById = new Map(settings.map((s) => [s.variantId, s]));
  const rows: BackorderCsvRow[] = variants.map((v) => {
    const s = settingsById.get(v.id);
    return {
      variantId: v.id,
      sku: v.sku,
      productTitle: titles.get(v.productId) ?? null,
      variantTitle: v.title,
      enabled: s?.enabled ?? unconfiguredSettings(v).enabled,
      etaDate: s?.etaDate ?? null,
      leadTimeDays: s?.leadTimeDays ?? null,
      cap: s?.cap ?? null,
      message: s?.message ?? null,
    };
  });
  return toBackorderCsv(rows).slice(EXPORT_HEADER_LINE.length);
}

/**
 * The CSV file of the shop's (filtered) variants' backorder settings, yielded in chunks: header first, then one
 * chunk per batch of variants, so a 100,000-variant export never sits in memory as one string. Reads only the
 * local mirror. Columns: `BACKORDER_CSV_EXPORT_HEADER`; the file re-imports as is. A UTF-8 BOM is written unless
 * `bom: false` (Excel needs it for accents; the importer strips it).
 */
export async function* streamBackorderCsv(
  shop: string,
  filter: BackorderExportFilter,
  options: { now: Date; bom?: boolean },
): AsyncGenerator<string> {
  const { now } = options;
  yield `${options.bom === false ? "" : "\uFEFF"}${EXPORT_HEADER_LINE}`;

  if (isFilterEmpty(filter)) {
    // Everything, product by product (variants of a product together, in their position order).
    let cursor: string | undefined;
    for (;;) {
      const products = await listProductPage(shop, cursor, EXPORT_PRODUCT_PAGE);
      if (products.length === 0) return;
      cursor = products[products.length - 1].id;
      const variants = await listCsvVariantsOfProducts(
        shop,
        products.map((p) => p.id),
      );
      const chunk = await exportRows(shop, variants, new Map(products.map((p) => [p.id, p.title])));
      if (chunk) yield chunk;
    }
  }

  let ids: string[];
  if (hasActiveFilters(filter.filters)) {
    const { today } = await shopToday(shop, now);
    ids = await selectMatchingVariantIds(shop, filter.filters, { today, limit: EXPORT_MAX_VARIANTS });
    if (filter.variantIds) {
      const selected = new Set(filter.variantIds);
      ids = ids.filter((id) => selected.has(id));
    }
  } else {
    ids = filter.variantIds ?? [];
  }
  for (let i = 0; i < ids.length; i += CSV_ID_CHUNK) {
    const variants = await listCsvVariants(shop, ids.slice(i, i + CSV_ID_CHUNK));
    const chunk = await exportRows(shop, variants);
    if (chunk) yield chunk;
  }
}

/** The whole export as one string (tests, small shops). Prefer `streamBackorderCsv` in routes. */
export async function buildBackorderCsv(shop: string, filter: BackorderExportFilter, options: { now: Date; bom?: boolean }): Promise<string> {
  let out = "";
  for await (const chunk of streamBackorderCsv(shop, filter, options)) out += chunk;
  return out;
}

/** `backorders-<shop>-<YYYY-MM-DD>.csv` */
export function exportFileName(shop: string, now: Date, filtered: boolean): string {
  const name = shop.replace(/\.myshopify\.com$/, "").replace(/[^a-z0-9-]+/gi, "-");
  return `backorders-${name}${filtered ? "-filtered" : ""}-${now.toISOString().slice(0, 10)}.csv`;
}
