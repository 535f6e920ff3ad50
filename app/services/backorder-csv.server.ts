// CSV export and import of per-variant backorder settings.
//
// Export: `streamBackorderCsv` walks the local mirror (never Shopify) product page by product page and yields the
// file in chunks, so 100,000 variants never sit in memory as one string.
//
// Import, in two steps so nothing is applied before the merchant has seen what will happen:
//   1. `previewCsvImport` (in the request; fast: one query for the shop's SKU → variant map, one for the current
//      settings) validates the file with the pure `validateBackorderImport`, drops the cells that already match the
//      current settings, and stores a CsvImport row in status "preview" holding the rows to apply (`rows` JSON,
//      grouped by identical change set) and every per-row problem. Nothing is applied.
//   2. `confirmCsvImport` flips it to "queued" and enqueues the durable `csv.import` job; `runCsvImport` (called by
//      app/jobs/csv-jobs.server.ts) applies the rows through `applyBackorderChanges` in chunks, saving progress
//      after each chunk so a crash or a redeploy resumes where it stopped, and ends "completed" or "failed".
//
// Statuses: preview → queued → running → completed | failed; a preview may also be "discarded".

import prisma from "../db.server";
import {
  BACKORDER_CSV_EXPORT_HEADER,
  CSV_MAX_BYTES,
  CsvFormatError,
  formatCsvRow,
  normalizeVariantId,
  parseCsvRecords,
  toBackorderCsv,
  validateBackorderImport,
  type BackorderCsvRow,
  type BackorderImportError,
  type BackorderImportRow,
  type CsvRecord,
} from "../domain/backorder-csv";
import { loadShopTimeZone } from "../models/shop-time-zone.server";
import type { BackorderChanges } from "../domain/types";
import { enqueueJob } from "../models/job.server";
import {
  applyBackorderChanges,
  BackorderChangeValidationError,
  type ApplyBackorderChangesInput,
  type ApplyBackorderResult,
  type BackorderChangeInput,
  type BackorderChangesGateway,
} from "./backorder-changes.server";
import { selectMatchingVariantIds, shopToday } from "./variant-list.server";
import {
  hasActiveFilters,
  parseVariantListQuery,
  toVariantListSearchParams,
  type VariantFilters,
} from "../schemas/variant-list";

// ---------------------------------------------------------------------------------------------------------------
// Limits and names

export const CSV_IMPORT_JOB = "csv.import";
export { CSV_MAX_BYTES };
export const CSV_MAX_ROWS = 50_000;
/** A preview older than this must be uploaded again (ETAs were checked against "today", settings may have moved). */
export const CSV_PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;
/** Rows handed to one `applyBackorderChanges` call; progress is saved after each. */
export const CSV_APPLY_CHUNK = 250;
/** One job run stops after this long and reschedules itself (the worker's lease is 5 minutes). */
export const CSV_RUN_BUDGET_MS = 60_000;
const MAX_STORED_ERRORS = 20_000;
const VIEW_ERRORS = 250;
const VIEW_SAMPLE = 50;
const EXPORT_PRODUCT_PAGE = 200;

export type CsvImportStatus = "preview" | "queued" | "running" | "completed" | "failed" | "discarded";

export type CsvImportIssue = {
  line: number;
  column?: string;
  message: string;
  phase: "validation" | "apply";
  variantId?: string;
};

/** A validated row waiting to be applied: only the fields that differ from the settings at preview time. */
type PendingRow = { line: number; variantId: string; changes: BackorderChanges };

type SettingField = keyof Required<BackorderChanges>;
const SETTING_FIELDS: readonly SettingField[] = ["enabled", "etaDate", "leadTimeDays", "cap", "message"];
const FIELD_LABELS: Record<SettingField, string> = {
  enabled: "Backorders",
  etaDate: "ETA",
  leadTimeDays: "Lead time (days)",
  cap: "Cap",
  message: "Message",
};

// ---------------------------------------------------------------------------------------------------------------
// Views (what routes get: plain JSON-safe objects)

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

export type CsvPreviewResult =
  | { ok: true; import: CsvImportView }
  | { ok: false; status: 413 | 422; error: string; errors: CsvImportIssue[] };

export type CsvActionResult = { ok: true; import: CsvImportView } | { ok: false; status: 404 | 409 | 422; error: string };

// ---------------------------------------------------------------------------------------------------------------
// Reading the uploaded bytes

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

// ---------------------------------------------------------------------------------------------------------------
// Preview

type VariantIndex = {
  byId: Map<string, { productId: string; sku: string | null; defaults: CurrentSettings }>;
  bySku: Map<string, string | null>; // null: the SKU is shared by several variants
};

async function loadVariantIndex(shop: string): Promise<VariantIndex> {
  const variants = await prisma.variant.findMany({
    where: { shop },
    select: { id: true, sku: true, productId: true, inventoryPolicy: true, tracked: true },
  });
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

type CurrentSettings = Required<BackorderChanges>;

/**
 * The settings of a variant the app has never configured (no VariantBackorder row), as `applyBackorderChanges`
 * sees them: backorders count as on when Shopify already sells it out of stock (tracked, policy CONTINUE).
 */
function unconfiguredSettings(variant: { inventoryPolicy: string; tracked: boolean }): CurrentSettings {
  return { enabled: variant.inventoryPolicy === "CONTINUE" && variant.tracked, etaDate: null, leadTimeDays: null, cap: null, message: null };
}

async function loadCurrentSettings(shop: string): Promise<Map<string, CurrentSettings>> {
  const rows = await prisma.variantBackorder.findMany({
    where: { shop },
    select: { variantId: true, enabled: true, etaDate: true, leadTimeDays: true, cap: true, message: true },
  });
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

/** A stable key per change set (same keys and values → same key), used to group rows for the apply. */
function changeSetKey(changes: BackorderChanges): string {
  return JSON.stringify(SETTING_FIELDS.filter((f) => f in changes).map((f) => [f, changes[f]]));
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

  const pending: Array<PendingRow & { key: string; productId: string }> = [];
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

  const created = await prisma.csvImport.create({
    data: {
      shop,
      fileName: cleanFileName(fileName),
      status: "preview",
      totalRows: dataRecords.length,
      validRows: pending.length,
      unchangedRows,
      invalidRows,
      errorRows: invalidRows,
      errors: JSON.stringify(errors.slice(0, MAX_STORED_ERRORS)),
      rows: JSON.stringify(pending.map(({ line, variantId, changes }) => ({ line, variantId, changes }))),
      timeZone,
      createdBy: options.createdBy ?? null,
      createdAt: now,
    },
    select: LIST_SELECT,
  });
  return { ok: true, import: await buildView(shop, created, errors, pending, now) };
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

export const CSV_TOO_LARGE_MESSAGE = `The file is larger than ${CSV_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files (up to ${CSV_MAX_ROWS.toLocaleString("en-US")} rows each).`;

function fileTooLarge(): CsvPreviewResult {
  return { ok: false, status: 413, error: CSV_TOO_LARGE_MESSAGE, errors: [] };
}

function cleanFileName(name: string): string {
  const base = name.split(/[\\/]/).pop()?.trim() || "upload.csv";
  return base.slice(0, 200);
}

// ---------------------------------------------------------------------------------------------------------------
// Confirm, discard, read

/** Queues a preview for applying. Idempotent: confirming a queued/running/finished import returns it unchanged. */
export async function confirmCsvImport(shop: string, importId: string, actor: string, now: Date): Promise<CsvActionResult> {
  const row = await prisma.csvImport.findFirst({ where: { id: importId, shop }, select: { status: true, validRows: true, createdAt: true } });
  if (!row) return { ok: false, status: 404, error: "That import doesn't exist (it may have been deleted)." };
  if (row.status !== "preview") {
    if (row.status === "discarded") return { ok: false, status: 409, error: "That preview was discarded; upload the file again." };
    return { ok: true, import: (await getCsvImport(shop, importId, now))! };
  }
  if (row.validRows === 0) return { ok: false, status: 422, error: "There are no valid rows to apply." };
  if (now.getTime() - row.createdAt.getTime() > CSV_PREVIEW_TTL_MS) {
    return { ok: false, status: 409, error: "This preview is more than 24 hours old; upload the file again to check it against today's settings." };
  }
  await prisma.$transaction(async (tx) => {
    const { count } = await tx.csvImport.updateMany({
      where: { id: importId, shop, status: "preview" },
      data: { status: "queued", confirmedBy: actor, confirmedAt: now },
    });
    if (count === 1) {
      await enqueueJob(tx, { shop, type: CSV_IMPORT_JOB, payload: { importId }, idempotencyKey: `csv-import:${importId}`, maxAttempts: 5, runAt: now });
    }
  });
  return { ok: true, import: (await getCsvImport(shop, importId, now))! };
}

/** Drops a preview that was never confirmed (its pending rows are deleted). */
export async function discardCsvImport(shop: string, importId: string, now: Date): Promise<CsvActionResult> {
  const { count } = await prisma.csvImport.updateMany({
    where: { id: importId, shop, status: "preview" },
    data: { status: "discarded", rows: null },
  });
  if (count === 0) {
    const exists = await prisma.csvImport.count({ where: { id: importId, shop } });
    return exists
      ? { ok: false, status: 409, error: "Only a preview can be discarded; this import has already started." }
      : { ok: false, status: 404, error: "That import doesn't exist." };
  }
  return { ok: true, import: (await getCsvImport(shop, importId, now))! };
}

const LIST_SELECT = {
  id: true,
  fileName: true,
  status: true,
  totalRows: true,
  validRows: true,
  unchangedRows: true,
  invalidRows: true,
  appliedRows: true,
  errorRows: true,
  processedRows: true,
  failureReason: true,
  timeZone: true,
  createdBy: true,
  confirmedBy: true,
  createdAt: true,
  finishedAt: true,
} as const;

type ListRow = {
  id: string;
  fileName: string;
  status: string;
  totalRows: number;
  validRows: number;
  unchangedRows: number;
  invalidRows: number;
  appliedRows: number;
  errorRows: number;
  processedRows: number;
  failureReason: string | null;
  timeZone: string | null;
  createdBy: string | null;
  confirmedBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}

function summarize(row: ListRow): string {
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

function toListItem(row: ListRow): CsvImportListItem {
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

async function sampleRows(shop: string, rows: PendingRow[]): Promise<CsvSampleRow[]> {
  const picked = [...rows].sort((a, b) => a.line - b.line).slice(0, VIEW_SAMPLE);
  if (picked.length === 0) return [];
  const ids = picked.map((r) => r.variantId);
  const [variants, settings] = await Promise.all([
    prisma.variant.findMany({
      where: { shop, id: { in: ids } },
      select: { id: true, sku: true, title: true, productId: true, inventoryPolicy: true, tracked: true },
    }),
    prisma.variantBackorder.findMany({
      where: { shop, variantId: { in: ids } },
      select: { variantId: true, enabled: true, etaDate: true, leadTimeDays: true, cap: true, message: true },
    }),
  ]);
  const products = await prisma.product.findMany({
    where: { shop, id: { in: [...new Set(variants.map((v) => v.productId))] } },
    select: { id: true, title: true },
  });
  const variantById = new Map(variants.map((v) => [v.id, v]));
  const productTitle = new Map(products.map((p) => [p.id, p.title]));
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
        label: FIELD_LABELS[field],
        before: formatValue(field, current[field]),
        after: formatValue(field, row.changes[field]),
      })),
    };
  });
}

/** An import with its progress, summary and first problems, or null when the shop has no such import. */
export async function getCsvImport(shop: string, importId: string, now: Date): Promise<CsvImportView | null> {
  const row = await prisma.csvImport.findFirst({ where: { id: importId, shop }, select: { ...LIST_SELECT, errors: true } });
  if (!row) return null;
  // The pending rows are only read for a preview's sample (not on every progress poll of a running import).
  const pending =
    row.status === "preview"
      ? parseJson<PendingRow[]>((await prisma.csvImport.findFirst({ where: { id: importId, shop }, select: { rows: true } }))?.rows ?? null, [])
      : null;
  return buildView(shop, row, parseJson<CsvImportIssue[]>(row.errors, []), pending, now);
}

async function buildView(shop: string, row: ListRow, errors: CsvImportIssue[], pending: PendingRow[] | null, now: Date): Promise<CsvImportView> {
  const sorted = [...errors].sort((a, b) => a.line - b.line);
  return {
    ...toListItem(row),
    errors: sorted.slice(0, VIEW_ERRORS),
    errorCount: Math.max(errors.length, row.errorRows),
    sample: row.status === "preview" && pending ? await sampleRows(shop, pending) : [],
    canApply: row.status === "preview" && row.validRows > 0 && now.getTime() - row.createdAt.getTime() <= CSV_PREVIEW_TTL_MS,
  };
}

/** The shop's most recent imports (newest first), without their row data. */
export async function listCsvImports(shop: string, limit = 10): Promise<CsvImportListItem[]> {
  const rows = await prisma.csvImport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: limit, select: LIST_SELECT });
  return rows.map(toListItem);
}

/** Every problem of an import as a CSV file (line, column, message, phase), for imports with many errors. */
export async function csvImportErrorsCsv(shop: string, importId: string): Promise<{ fileName: string; body: string } | null> {
  const row = await prisma.csvImport.findFirst({ where: { id: importId, shop }, select: { fileName: true, errors: true } });
  if (!row) return null;
  const errors = parseJson<CsvImportIssue[]>(row.errors, []).sort((a, b) => a.line - b.line);
  const lines = [formatCsvRow(["line", "column", "variant_id", "phase", "message"])];
  for (const e of errors) lines.push(formatCsvRow([String(e.line), e.column ?? "", e.variantId ?? "", e.phase, e.message]));
  return { fileName: `${row.fileName.replace(/\.csv$/i, "")}-problems.csv`, body: `\uFEFF${lines.join("\r\n")}\r\n` };
}

function parseJson<T>(text: string | null, fallback: T): T {
  if (!text) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Apply (run by the csv.import job)

export type ApplyBackorderChangesFn = (input: ApplyBackorderChangesInput) => Promise<ApplyBackorderResult>;

export type { BackorderChangesGateway };

export type RunCsvImportResult = { state: "done" | "missing" | "not_runnable" | "continue" | "superseded" };

/**
 * Applies a confirmed import's pending rows from where the last run stopped: groups of identical change sets, at
 * most `chunkSize` variants per `applyBackorderChanges` call, progress saved after each call (compare-and-set on
 * the cursor, so two runs can never both count a chunk). Returns "continue" when the time budget ran out (the job
 * reschedules itself). Errors thrown by the apply (network, auth) propagate: the job is retried and resumes.
 */
export async function runCsvImport(input: {
  shop: string;
  importId: string;
  now: Date;
  gatewayForShop: (shop: string) => Promise<BackorderChangesGateway>;
  applyChanges?: ApplyBackorderChangesFn;
  chunkSize?: number;
  budgetMs?: number;
  /** Milliseconds for the run's time budget (monotonic); the run's instant is `now`. */
  clock?: () => number;
}): Promise<RunCsvImportResult> {
  const { shop, importId, now } = input;
  const apply = input.applyChanges ?? applyBackorderChanges;
  const chunkSize = input.chunkSize ?? CSV_APPLY_CHUNK;
  const clock = input.clock ?? (() => performance.now());
  const startedAt = clock();
  const budgetMs = input.budgetMs ?? CSV_RUN_BUDGET_MS;

  const row = await prisma.csvImport.findFirst({ where: { id: importId, shop } });
  if (!row) return { state: "missing" };
  if (row.status !== "queued" && row.status !== "running") return { state: "not_runnable" };
  if (row.status === "queued") {
    const { count } = await prisma.csvImport.updateMany({
      where: { id: importId, shop, status: "queued" },
      data: { status: "running", startedAt: now },
    });
    if (count !== 1) return { state: "superseded" };
  }

  const rows = parseJson<PendingRow[]>(row.rows, []);
  let cursor = row.processedRows;
  let appliedRows = row.appliedRows;
  let errorRows = row.errorRows;
  const errors = parseJson<CsvImportIssue[]>(row.errors, []);
  const actor = `csv:${importId}`;
  let gateway: BackorderChangesGateway | null = null;

  while (cursor < rows.length) {
    if (clock() - startedAt >= budgetMs) return { state: "continue" };
    gateway ??= await input.gatewayForShop(shop);
    const key = changeSetKey(rows[cursor].changes);
    let end = cursor + 1;
    while (end < rows.length && end - cursor < chunkSize && changeSetKey(rows[end].changes) === key) end++;
    const chunk = rows.slice(cursor, end);

    let result: ApplyBackorderResult;
    try {
      result = await apply({ shop, variantIds: chunk.map((r) => r.variantId), changes: chunk[0].changes, actor, source: "csv", gateway, now });
    } catch (error) {
      // The change itself is invalid now (e.g. its ETA passed since the preview): these rows fail, the rest goes on.
      if (!(error instanceof BackorderChangeValidationError)) throw error;
      const message = error.issues.map((i) => i.message).join(" ") || error.message;
      result = { succeeded: [], failed: chunk.map((r) => ({ variantId: r.variantId, message })) };
    }

    const succeeded = new Set(result.succeeded);
    const failed = new Map(result.failed.map((f) => [f.variantId, f.message]));
    for (const r of chunk) {
      if (succeeded.has(r.variantId) && !failed.has(r.variantId)) {
        appliedRows++;
        continue;
      }
      errorRows++;
      if (errors.length < MAX_STORED_ERRORS) {
        errors.push({
          line: r.line,
          variantId: r.variantId,
          phase: "apply",
          message: failed.get(r.variantId) ?? "The change wasn't confirmed by the update; check this variant and import it again.",
        });
      }
    }

    const { count } = await prisma.csvImport.updateMany({
      where: { id: importId, shop, status: "running", processedRows: cursor },
      data: { processedRows: end, appliedRows, errorRows, errors: JSON.stringify(errors) },
    });
    if (count !== 1) return { state: "superseded" }; // another run moved on (or the shop was deleted)
    cursor = end;
  }

  const validationErrors = row.invalidRows;
  const applyFailures = errorRows - validationErrors;
  const allFailed = rows.length > 0 && appliedRows === 0 && applyFailures > 0;
  await prisma.csvImport.updateMany({
    where: { id: importId, shop, status: "running" },
    data: {
      status: allFailed ? "failed" : "completed",
      finishedAt: new Date(now.getTime() + (clock() - startedAt)),
      rows: null,
      failureReason: allFailed ? `None of the ${plural(rows.length, "row")} could be applied; see the problems below.` : null,
    },
  });
  return { state: "done" };
}

/** Marks an import failed after its job gave up (last attempt), keeping the progress it made. */
export async function failCsvImport(shop: string, importId: string, reason: string, now: Date): Promise<void> {
  await prisma.csvImport.updateMany({
    where: { id: importId, shop, status: { in: ["queued", "running"] } },
    data: { status: "failed", failureReason: reason.slice(0, 1000), finishedAt: now, rows: null },
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Export

/**
 * What to export: the variants page's filters (same URL params and the same SQL, so "export the current filter"
 * gives exactly the rows the merchant sees) and/or an explicit selection of variant ids.
 */
export type BackorderExportFilter = { filters: VariantFilters; variantIds?: string[] };

/** Ids per `IN (…)` list: Prisma's SQLite driver adapter caps bound parameters per query. */
const EXPORT_ID_CHUNK = 500;
const EXPORT_MAX_VARIANTS = 1_000_000;

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

type ExportSettings = {
  variantId: string;
  enabled: boolean;
  etaDate: string | null;
  leadTimeDays: number | null;
  cap: number | null;
  message: string | null;
};
type ExportVariant = { id: string; productId: string; sku: string | null; title: string; inventoryPolicy: string; tracked: boolean };

/** CSV lines (no header) for a batch of variants, with their product titles and current settings. */
async function exportRows(shop: string, variants: ExportVariant[], productTitles?: Map<string, string>): Promise<string> {
  if (variants.length === 0) return "";
  const ids = variants.map((v) => v.id);
  const settingsChunks: Array<Promise<ExportSettings[]>> = [];
  for (let i = 0; i < ids.length; i += EXPORT_ID_CHUNK) {
    settingsChunks.push(
      prisma.variantBackorder.findMany({
        where: { shop, variantId: { in: ids.slice(i, i + EXPORT_ID_CHUNK) } },
        select: { variantId: true, enabled: true, etaDate: true, leadTimeDays: true, cap: true, message: true },
      }),
    );
  }
  const [settings, products] = await Promise.all([
    Promise.all(settingsChunks).then((chunks) => chunks.flat()),
    productTitles
      ? Promise.resolve(null)
      : prisma.product.findMany({ where: { shop, id: { in: [...new Set(variants.map((v) => v.productId))] } }, select: { id: true, title: true } }),
  ]);
  const titles = productTitles ?? new Map((products ?? []).map((p) => [p.id, p.title]));
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

const EXPORT_HEADER_LINE = `${formatCsvRow(BACKORDER_CSV_EXPORT_HEADER)}\r\n`;
const VARIANT_EXPORT_SELECT = { id: true, productId: true, sku: true, title: true, inventoryPolicy: true, tracked: true } as const;

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
      const products = await prisma.product.findMany({
        where: cursor ? { shop, id: { gt: cursor } } : { shop },
        orderBy: { id: "asc" },
        take: EXPORT_PRODUCT_PAGE,
        select: { id: true, title: true },
      });
      if (products.length === 0) return;
      cursor = products[products.length - 1].id;
      const variants = await prisma.variant.findMany({
        where: { shop, productId: { in: products.map((p) => p.id) } },
        orderBy: [{ productId: "asc" }, { position: "asc" }, { id: "asc" }],
        select: VARIANT_EXPORT_SELECT,
      });
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
  for (let i = 0; i < ids.length; i += EXPORT_ID_CHUNK) {
    const variants = await prisma.variant.findMany({
      where: { shop, id: { in: ids.slice(i, i + EXPORT_ID_CHUNK) } },
      orderBy: [{ productId: "asc" }, { position: "asc" }, { id: "asc" }],
      select: VARIANT_EXPORT_SELECT,
    });
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
