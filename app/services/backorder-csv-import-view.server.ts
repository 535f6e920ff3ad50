// What routes get of a CSV import: plain JSON-safe views with the counts, a merchant-readable summary, the first
// problems and, for a preview, the first rows that will change with their before/after values.

import {
  CSV_PREVIEW_TTL_MS,
  plural,
  SETTING_FIELD_LABELS,
  SETTING_FIELDS,
  unconfiguredSettings,
  type CsvImportIssue,
  type CsvImportStatus,
  type CurrentSettings,
  type PendingCsvRow,
  type SettingField,
} from "../domain/csv-import";
import type { CsvImportSummaryRow } from "../models/csv-import.server";
import { listBackorderSettingsOf, listCsvVariants, loadProductTitles } from "../models/csv-catalog.server";

const VIEW_ERRORS = 250;
const VIEW_SAMPLE = 50;

export type CsvChangeView = { field: SettingField; label: string; before: string; after: string };
export type CsvSampleRow = {
  line: number;
  variantId: string;
  sku: string | null;
  productTitle: string | null;
  variantTitle: string | null;
  changes: CsvChangeView[];
};

export type CsvImportView = {
  id: string;
  fileName: string;
  status: CsvImportStatus;
  totalRows: number;
  validRows: number;
  unchangedRows: number;
  invalidRows: number;
  appliedRows: number;
  errorRows: number;
  processedRows: number;
  /** 0…1 share of `validRows` the job has processed. */
  progress: number;
  /** The first problems (validation and apply), sorted by line; `errorCount` is the full count. */
  errors: CsvImportIssue[];
  errorCount: number;
  /** The first rows that will change, with before/after values (previews only). */
  sample: CsvSampleRow[];
  summary: string;
  failureReason: string | null;
  timeZone: string | null;
  createdBy: string | null;
  confirmedBy: string | null;
  createdAt: string;
  finishedAt: string | null;
  /** True while a preview can still be applied. */
  canApply: boolean;
};

export type CsvImportListItem = Omit<CsvImportView, "errors" | "sample" | "errorCount" | "canApply">;

function summarize(row: CsvImportSummaryRow): string {
  const failedToApply = row.errorRows - row.invalidRows;
  const skipped = row.invalidRows > 0 ? `${plural(row.invalidRows, "row")} skipped because of problems` : "";
  const unchanged = row.unchangedRows > 0 ? `${plural(row.unchangedRows, "row")} already up to date` : "";
  const join = (parts: string[]) => parts.filter(Boolean).join("; ");
  switch (row.status as CsvImportStatus) {
    case "preview":
      return join([
        `${plural(row.totalRows, "row")} read: ${row.validRows.toLocaleString("en-US")} will change`,
        unchanged,
        row.invalidRows > 0 ? `${plural(row.invalidRows, "row")} with problems (not applied)` : "",
      ]) + ". Nothing has been applied yet.";
    case "queued":
      return `Waiting to apply ${plural(row.validRows, "row")}…`;
    case "running":
      return `Applying: ${row.processedRows.toLocaleString("en-US")} of ${plural(row.validRows, "row")} done.`;
    case "completed":
      return join([
        `Applied ${plural(row.appliedRows, "row")}`,
        failedToApply > 0 ? `${plural(failedToApply, "row")} failed to apply` : "",
        skipped,
        unchanged,
      ]) + ".";
    case "failed":
      return join([row.failureReason ?? "The import failed.", row.appliedRows > 0 ? `${plural(row.appliedRows, "row")} were applied before it stopped` : ""]);
    case "discarded":
      return "Discarded without applying anything.";
    default:
      return row.status;
  }
}

export function toCsvImportListItem(row: CsvImportSummaryRow): CsvImportListItem {
  return {
    id: row.id,
    fileName: row.fileName,
    status: row.status as CsvImportStatus,
    totalRows: row.totalRows,
    validRows: row.validRows,
    unchangedRows: row.unchangedRows,
    invalidRows: row.invalidRows,
    appliedRows: row.appliedRows,
    errorRows: row.errorRows,
    processedRows: row.processedRows,
    progress: row.validRows === 0 ? (["completed", "failed"].includes(row.status) ? 1 : 0) : Math.min(1, row.processedRows / row.validRows),
    summary: summarize(row),
    failureReason: row.failureReason,
    timeZone: row.timeZone,
    createdBy: row.createdBy,
    confirmedBy: row.confirmedBy,
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

function formatValue(field: SettingField, value: unknown): string {
  if (value === null || value === undefined) return field === "cap" ? "no cap" : "—";
  if (field === "enabled") return value ? "on" : "off";
  return String(value);
}

async function sampleRows(shop: string, rows: PendingCsvRow[]): Promise<CsvSampleRow[]> {
  const picked = [...rows].sort((a, b) => a.line - b.line).slice(0, VIEW_SAMPLE);
  if (picked.length === 0) return [];
  const ids = picked.map((r) => r.variantId);
  const [variants, settings] = await Promise.all([listCsvVariants(shop, ids), listBackorderSettingsOf(shop, ids)]);
  const productTitle = await loadProductTitles(shop, [...new Set(variants.map((v) => v.productId))]);
  const variantById = new Map(variants.map((v) => [v.id, v]));
  const currentById = new Map(settings.map((s) => [s.variantId, s as CurrentSettings]));
  return picked.map((row) => {
    const variant = variantById.get(row.variantId);
    const current = currentById.get(row.variantId) ?? unconfiguredSettings(variant ?? { inventoryPolicy: "DENY", tracked: true });
    return {
      line: row.line,
      variantId: row.variantId,
      sku: variant?.sku ?? null,
      productTitle: variant ? (productTitle.get(variant.productId) ?? null) : null,
      variantTitle: variant?.title ?? null,
      changes: SETTING_FIELDS.filter((f) => f in row.changes && row.changes[f] !== current[f]).map((field) => ({
        field,
        label: SETTING_FIELD_LABELS[field],
        before: formatValue(field, current[field]),
        after: formatValue(field, row.changes[field]),
      })),
    };
  });
}

/** The view of a stored import; `pending` (its rows to apply) feeds a preview's sample. */
export async function buildCsvImportView(
  shop: string,
  row: CsvImportSummaryRow,
  errors: CsvImportIssue[],
  pending: PendingCsvRow[] | null,
  now: Date,
): Promise<CsvImportView> {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  return {
    ...toCsvImportListItem(row),
    errors: sorted.slice(0, VIEW_ERRORS),
    errorCount: Math.max(errors.length, row.errorRows),
    sample: row.status === "preview" && pending ? await sampleRows(shop, pending) : [],
    canApply: row.status === "preview" && row.validRows > 0 && now.getTime() - row.createdAt.getTime() <= CSV_PREVIEW_TTL_MS,
  };
}
