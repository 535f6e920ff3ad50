// What the CSV page (/app/csv) shows: the export filter taken from the URL, the import being looked at, the recent
// imports, and the upload limits.

import { CSV_MAX_BYTES } from "../domain/backorder-csv";
import { CSV_MAX_ROWS } from "../domain/csv-import";
import { describeExportFilter, filterToSearchParams, isFilterEmpty, parseExportFilter } from "../schemas/backorder-export-filter";
import { getCsvImport, listCsvImports } from "./backorder-csv-import.server";
import type { CsvImportListItem, CsvImportView } from "./backorder-csv-import-view.server";

export type CsvPageData = {
  recent: CsvImportListItem[];
  current: CsvImportView | null;
  /** An `import` id was asked for but this shop has no such import. */
  importNotFound: boolean;
  filter: { active: boolean; description: string; search: string; q: string; state: string; eta: string };
  limits: { maxBytes: number; maxRows: number };
};

/** Everything the CSV page shows: the export filter taken from the URL, the import being looked at, recent imports. */
export async function loadCsvPage(shop: string, params: URLSearchParams, now: Date): Promise<CsvPageData> {
  const filter = parseExportFilter(params);
  const importId = params.get("import");
  const [recent, current] = await Promise.all([listCsvImports(shop, 10), importId ? getCsvImport(shop, importId, now) : null]);
  return {
    recent,
    current,
    importNotFound: !!importId && !current,
    filter: {
      active: !isFilterEmpty(filter),
      description: describeExportFilter(filter),
      search: filterToSearchParams(filter).toString(),
      q: filter.filters.q ?? "",
      state: filter.filters.state.join(","),
      eta: filter.filters.eta ?? "",
    },
    limits: { maxBytes: CSV_MAX_BYTES, maxRows: CSV_MAX_ROWS },
  };
}
