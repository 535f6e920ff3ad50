// The first step of a CSV import, in the request: read the uploaded bytes, validate the file with the pure
// `validateBackorderImport` (one query for the shop's SKU → variant map, one for the current settings), drop the
// cells that already match the current settings, and store the import as a preview holding the rows to apply
// (grouped by identical change set) and every per-row problem. Nothing is applied before the merchant confirms
// (app/services/backorder-csv-import.server.ts).

import {
  CSV_MAX_BYTES,
  CsvFormatError,
  formatCsvRow,
  normalizeVariantId,
  parseCsvRecords,
  validateBackorderImport,
  type BackorderImportError,
  type BackorderImportRow,
  type CsvRecord,
} from "../domain/backorder-csv";
import {
  CSV_MAX_ROWS,
  CSV_MAX_STORED_ERRORS,
  CSV_TOO_LARGE_MESSAGE,
  SETTING_FIELDS,
  changeSetKey,
  unconfiguredSettings,
  type CsvImportIssue,
  type CurrentSettings,
  type PendingCsvRow,
} from "../domain/csv-import";
import type { BackorderChanges } from "../domain/types";
import { loadShopTimeZone } from "../models/shop-time-zone.server";
import { createCsvImportPreview } from "../models/csv-import.server";
import { listShopBackorderSettings, listShopVariantKeys } from "../models/csv-catalog.server";
import { buildCsvImportView, type CsvImportView } from "./backorder-csv-import-view.server";

export type CsvPreviewResult =
  | { ok: true; import: CsvImportView }
  | { ok: false; status: 413 | 422; error: string; errors: CsvImportIssue[] };


/**
 * Turns uploaded bytes into text, or a merchant-readable reason why it is not a CSV file. Accepts UTF-8 (with or
 * without BOM), UTF-16 with a BOM, and falls back to Windows-1252 (Excel's "CSV (Comma delimited)") when the
 * bytes are not valid UTF-8.
 */
export function decodeCsvBytes(bytes: Uint8Array): { ok: true; text: string } | { ok: false; error: string } {
  if (bytes.length === 0) return { ok: false, error: "The file is empty." };
  if (bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04) {
    return {
      ok: false,
      error:
        "This is a spreadsheet workbook (.xlsx/.numbers/.ods), not a CSV file. In your spreadsheet app choose File → Save as / Download → CSV (comma-separated), then upload that file.",
    };
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    const text = new TextDecoder(bytes[0] === 0xff ? "utf-16le" : "utf-16be").decode(bytes);
    return { ok: true, text };
  }
  const head = bytes.subarray(0, 8192);
  if (head.includes(0)) {
    return {
      ok: false,
      error: "This looks like a binary file (an image, PDF or workbook), not a CSV file. Upload a comma-separated .csv file.",
    };
  }
  try {
    return { ok: true, text: new TextDecoder("utf-8", { fatal: true }).decode(bytes) };
  } catch {
    return { ok: true, text: new TextDecoder("windows-1252").decode(bytes) };
  }
}



type VariantIndex = {
  byId: Map<string, { productId: string; sku: string | null; defaults: CurrentSettings }>;
  bySku: Map<string, string | null>; // null: the SKU is shared by several variants
};

async function loadVariantIndex(shop: string): Promise<VariantIndex> {
  const variants = await listShopVariantKeys(shop);
  const byId = new Map<string, { productId: string; sku: string | null; defaults: CurrentSettings }>();
  const bySku = new Map<string, string | null>();
  for (const v of variants) {
    const sku = v.sku?.trim() || null;
    byId.set(v.id, { productId: v.productId, sku, defaults: unconfiguredSettings(v) });
    if (!sku) continue;
    bySku.set(sku, bySku.has(sku) ? null : v.id);
  }
  return { byId, bySku };
}

async function loadCurrentSettings(shop: string): Promise<Map<string, CurrentSettings>> {
  const rows = await listShopBackorderSettings(shop);
  return new Map(rows.map((r) => [r.variantId, { enabled: r.enabled, etaDate: r.etaDate, leadTimeDays: r.leadTimeDays, cap: r.cap, message: r.message }]));
}

/** The subset of `changes` that differs from `current`. */
function diffChanges(changes: BackorderChanges, current: CurrentSettings): BackorderChanges {
  const out: Record<string, unknown> = {};
  for (const field of SETTING_FIELDS) {
    if (!(field in changes)) continue;
    const value = changes[field];
    if (value !== undefined && value !== current[field]) out[field] = value;
  }
  return out as BackorderChanges;
}

function fileError(error: string, errors: CsvImportIssue[] = []): CsvPreviewResult {
  return { ok: false, status: 422, error, errors };
}

function toIssue(error: BackorderImportError): CsvImportIssue {
  return { ...error, phase: "validation" };
}

function describeHeaderProblem(header: string[]): string | null {
  if (header.length !== 1) return null;
  if (header[0].includes(";")) {
    return 'The columns are separated by semicolons. Save the file as "CSV UTF-8 (Comma delimited)" and upload it again.';
  }
  if (header[0].includes("\t")) {
    return "The columns are separated by tabs. Save the file as CSV (comma-separated) and upload it again.";
  }
  return null;
}

/**
 * The domain rejects an ETA in the past. An exported file carries every variant's current ETA, overdue ones
 * included, so a merchant who exports, edits caps and re-imports would get an error on every overdue row. A past
 * ETA that equals the variant's current ETA is "no change", not a mistake: re-validate those rows with the ETA
 * cell emptied and keep them when nothing else is wrong.
 */
function acceptUnchangedPastEtas(input: {
  records: CsvRecord[];
  result: { rows: BackorderImportRow[]; errors: BackorderImportError[] };
  now: Date;
  timeZone: string;
  resolveVariant: Parameters<typeof validateBackorderImport>[0]["resolveVariant"];
  current: Map<string, CurrentSettings>;
}): { rows: BackorderImportRow[]; errors: BackorderImportError[] } {
  const { records, result } = input;
  const etaIndex = records[0].fields.findIndex((f) => f.trim().toLowerCase() === "eta");
  if (etaIndex < 0) return result;
  const errorsByLine = new Map<number, BackorderImportError[]>();
  for (const e of result.errors) {
    const list = errorsByLine.get(e.line);
    if (list) list.push(e);
    else errorsByLine.set(e.line, [e]);
  }
  const candidates = records.slice(1).filter((r) => {
    const errors = errorsByLine.get(r.line);
    return errors?.length === 1 && errors[0].column === "eta" && errors[0].message.includes("is in the past");
  });
  if (candidates.length === 0) return result;

  const blanked = candidates.map((r) => r.fields.map((f, i) => (i === etaIndex ? "" : f)));
  const miniText = [formatCsvRow(records[0].fields), ...blanked.map(formatCsvRow)].join("\n");
  const miniLines = parseCsvRecords(miniText).slice(1).map((r) => r.line);
  const originalLine = new Map(miniLines.map((line, i) => [line, candidates[i].line]));
  const mini = validateBackorderImport({ text: miniText, now: input.now, timeZone: input.timeZone, resolveVariant: input.resolveVariant });

  const accepted = new Set<number>();
  const extraRows: BackorderImportRow[] = [];
  const miniErrorLines = new Set(mini.errors.map((e) => e.line));
  const miniRows = new Map(mini.rows.map((r) => [r.line, r]));
  for (let i = 0; i < candidates.length; i++) {
    const miniLine = miniLines[i];
    if (miniErrorLines.has(miniLine)) continue;
    const eta = candidates[i].fields[etaIndex].trim();
    const row = miniRows.get(miniLine);
    // A row with no other change cells validates to no row at all: resolve its variant to compare the ETA.
    const variantId = row?.variantId ?? resolveRecordVariant(records[0].fields, candidates[i].fields, input.resolveVariant);
    if (!variantId || (input.current.get(variantId)?.etaDate ?? null) !== eta) continue;
    accepted.add(candidates[i].line);
    if (row) extraRows.push({ line: originalLine.get(miniLine)!, variantId, changes: row.changes });
  }
  if (accepted.size === 0) return result;
  return {
    rows: [...result.rows, ...extraRows].sort((a, b) => a.line - b.line),
    errors: result.errors.filter((e) => !accepted.has(e.line)),
  };
}

function countLineBreaks(text: string): number {
  return (text.match(/\r\n|\r|\n/g) ?? []).length;
}

/**
 * A SKU shared by several variants can't identify a row, but a row that also names its variant_id is clear: the
 * domain would still reject it ("SKU doesn't belong to variant"), so such SKU cells are emptied first. Returns the
 * rewritten text (same line numbers: blank lines are kept) or null when nothing needed it.
 */
function dropSharedSkuCells(records: CsvRecord[], index: VariantIndex): string | null {
  const header = records[0].fields.map((f) => f.trim().toLowerCase());
  const idCol = header.indexOf("variant_id");
  const skuCol = header.indexOf("sku");
  if (idCol < 0 || skuCol < 0) return null;
  let changed = false;
  const lines: string[] = [];
  let line = 1;
  for (const [i, record] of records.entries()) {
    while (line < record.line) {
      lines.push("");
      line++;
    }
    let fields = record.fields;
    if (i > 0) {
      const sku = (fields[skuCol] ?? "").trim();
      const id = normalizeVariantId(fields[idCol] ?? "");
      if (sku && id && index.bySku.get(sku) === null && index.byId.get(id)?.sku === sku) {
        fields = fields.map((f, col) => (col === skuCol ? "" : f));
        changed = true;
      }
    }
    const text = formatCsvRow(fields);
    lines.push(text);
    line += 1 + countLineBreaks(text);
  }
  return changed ? `${lines.join("\n")}\n` : null;
}

function resolveRecordVariant(
  header: string[],
  fields: string[],
  resolve: Parameters<typeof validateBackorderImport>[0]["resolveVariant"],
): string | null {
  const cell = (name: string) => {
    const i = header.findIndex((f) => f.trim().toLowerCase() === name);
    return i < 0 ? "" : (fields[i] ?? "").trim();
  };
  const id = cell("variant_id");
  if (id) {
    const gid = normalizeVariantId(id);
    return gid ? (resolve({ variantId: gid })?.variantId ?? null) : null;
  }
  const sku = cell("sku");
  return sku ? (resolve({ sku })?.variantId ?? null) : null;
}

async function resolveTimeZone(shop: string, override?: string): Promise<string> {
  return override ?? (await loadShopTimeZone(shop));
}

/**
 * Validates an uploaded CSV and stores it as a preview (status "preview"): nothing is applied. File-level
 * problems (not CSV, empty, wrong header, too many rows) return `{ ok: false }` and store nothing; per-row problems
 * are part of the preview. Runs in the request: 10,000 rows take well under a second.
 */
export async function previewCsvImport(
  shop: string,
  fileName: string,
  text: string,
  now: Date,
  options: { createdBy?: string | null; timeZone?: string } = {},
): Promise<CsvPreviewResult> {
  if (text.includes("\u0000")) {
    return fileError("This looks like a binary file, not a CSV file. Upload a comma-separated .csv file.");
  }
  if (text.replace(/^\uFEFF/, "").trim() === "") return fileError("The file is empty.");

  let records: CsvRecord[];
  try {
    records = parseCsvRecords(text);
  } catch (error) {
    if (error instanceof CsvFormatError) {
      return fileError(`The file isn't valid CSV: line ${error.line}: ${error.detail}.`, [
        { line: error.line, message: error.detail, phase: "validation" },
      ]);
    }
    throw error;
  }
  const dataRecords = records.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ""));
  if (dataRecords.length === 0) {
    return fileError("The file has a header row but no data rows.");
  }
  if (dataRecords.length > CSV_MAX_ROWS) {
    return fileError(
      `The file has ${dataRecords.length.toLocaleString("en-US")} rows; the limit is ${CSV_MAX_ROWS.toLocaleString("en-US")} per file. Split it into smaller files.`,
    );
  }

  const timeZone = await resolveTimeZone(shop, options.timeZone);
  const [index, current] = await Promise.all([loadVariantIndex(shop), loadCurrentSettings(shop)]);
  const ambiguousSkus = new Set<string>();
  const resolveVariant = (key: { sku?: string; variantId?: string }) => {
    if (key.variantId) return index.byId.has(key.variantId) ? { variantId: key.variantId } : null;
    if (key.sku) {
      const id = index.bySku.get(key.sku);
      if (id === null) ambiguousSkus.add(key.sku);
      return id ? { variantId: id } : null;
    }
    return null;
  };

  const rewritten = dropSharedSkuCells(records, index);
  if (rewritten !== null) {
    text = rewritten;
    records = parseCsvRecords(text);
  }
  let result = validateBackorderImport({ text, now, timeZone, resolveVariant });
  // Header problems are reported on line 1 (or the header's own line after leading blank lines).
  const headerErrors = result.errors.filter((e) => e.line <= records[0].line);
  if (headerErrors.length > 0 && result.rows.length === 0) {
    const hint = describeHeaderProblem(records[0].fields);
    const problems = headerErrors.map((e) => e.message).join(" ");
    return fileError(hint ?? `The header row isn't right. ${problems}`, headerErrors.map(toIssue));
  }
  result = acceptUnchangedPastEtas({ records, result, now, timeZone, resolveVariant, current });

  const errors: CsvImportIssue[] = result.errors.map((e) => {
    const sku = e.column === "sku" ? /^Unknown SKU "(.*)"\.$/.exec(e.message)?.[1] : undefined;
    if (sku !== undefined && ambiguousSkus.has(sku)) {
      return { ...toIssue(e), message: `SKU "${sku}" is used by more than one variant in this shop; use variant_id instead.` };
    }
    return toIssue(e);
  });
  const invalidRows = new Set(errors.map((e) => e.line)).size;

  const pending: Array<PendingCsvRow & { key: string; productId: string }> = [];
  let unchangedRows = 0;
  for (const row of result.rows) {
    const variant = index.byId.get(row.variantId);
    const configured = current.get(row.variantId);
    let changes = diffChanges(row.changes, configured ?? variant?.defaults ?? unconfiguredSettings({ inventoryPolicy: "DENY", tracked: true }));
    if (Object.keys(changes).length === 0) {
      unchangedRows++;
      continue;
    }
    // A variant configured for the first time gets the shop's default cap / lead time for fields the change
    // leaves out: keep every value the file states explicitly ("none" included) so the file wins.
    if (!configured) changes = row.changes;
    pending.push({ ...row, changes, key: changeSetKey(changes), productId: variant?.productId ?? "" });
  }
  // Rows with identical changes sit together (one apply call per group), by product within a group (fewer
  // productVariantsBulkUpdate calls), in file order otherwise.
  pending.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.productId < b.productId ? -1 : a.productId > b.productId ? 1 : a.line - b.line));
  // Rows without any change cell are neither applied nor errors: they count as unchanged.
  unchangedRows += dataRecords.length - invalidRows - result.rows.length;

  const created = await createCsvImportPreview({
    shop,
    fileName: cleanFileName(fileName),
    totalRows: dataRecords.length,
    validRows: pending.length,
    unchangedRows,
    invalidRows,
    errors: errors.slice(0, CSV_MAX_STORED_ERRORS),
    rows: pending.map(({ line, variantId, changes }) => ({ line, variantId, changes })),
    timeZone,
    createdBy: options.createdBy ?? null,
    createdAt: now,
  });
  return { ok: true, import: await buildCsvImportView(shop, created, errors, pending, now) };
}

/** Reads an uploaded file's bytes and previews it; see `previewCsvImport`. */
export async function previewCsvUpload(input: {
  shop: string;
  fileName: string;
  bytes: Uint8Array;
  now: Date;
  createdBy?: string | null;
}): Promise<CsvPreviewResult> {
  if (input.bytes.length > CSV_MAX_BYTES) return fileTooLarge();
  const decoded = decodeCsvBytes(input.bytes);
  if (!decoded.ok) return fileError(decoded.error);
  return previewCsvImport(input.shop, input.fileName, decoded.text, input.now, { createdBy: input.createdBy });
}

function fileTooLarge(): CsvPreviewResult {
  return { ok: false, status: 413, error: CSV_TOO_LARGE_MESSAGE, errors: [] };
}

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() || "upload.csv";
  return base.slice(0, 200);
}

