// CSV import/export of per-variant backorder settings. Pure: the caller reads the file, passes `now` and the shop's
// time zone, and resolves SKUs / variant ids synchronously from a map it prefetched.
//
// Import contract (one row per variant):
//   variant_id | sku   one of them per row (both allowed: they must point at the same variant); variant_id is the
//                      numeric id or gid://shopify/ProductVariant/<id>
//   enabled            true/false, yes/no, 1/0
//   eta                YYYY-MM-DD in the shop's time zone, today or later
//   lead_time_days     whole number ≥ 0
//   cap                whole number ≥ 0
//   message            ≤ 500 characters
//   product_title, variant_title   written by the export for humans, ignored on import
// An empty cell means "no change"; `none` clears the value (no ETA / no lead time / no cap / no message).
// Column names are case-insensitive and in any order. A variant may appear only once per file: every row of a
// duplicated variant is rejected, since it is unclear which one the merchant meant.

import { isValidLocalDate, todayIn } from "./eta";
import type { BackorderChanges, LocalDate } from "./types";

// ---------------------------------------------------------------------------------------------------------------
// RFC 4180 parsing

export class CsvFormatError extends Error {
  readonly line: number;
  /** The message without the line prefix. */
  readonly detail: string;
  constructor(detail: string, line: number) {
    super(`Line ${line}: ${detail}`);
    this.name = "CsvFormatError";
    this.line = line;
    this.detail = detail;
  }
}

/** A parsed record and the 1-based file line it starts on (a quoted field may span several lines). */
export type CsvRecord = { line: number; fields: string[] };

const QUOTE = 34; // "
const COMMA = 44; // ,
const LF = 10;
const CR = 13;

function countLineBreaks(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === LF) count++;
    else if (c === CR) {
      count++;
      if (text.charCodeAt(i + 1) === LF) i++;
    }
  }
  return count;
}

/**
 * Parses CSV text into records with their line numbers. Accepts a UTF-8 BOM, CRLF/LF/CR line breaks, quoted fields
 * with commas, line breaks and doubled quotes, and a trailing line break. Blank lines are skipped. A quote inside an
 * unquoted field is kept literally; text after a closing quote or an unclosed quote throws `CsvFormatError`.
 */
export function parseCsvRecords(text: string): CsvRecord[] {
  const n = text.length;
  const records: CsvRecord[] = [];
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  let recordLine = 1;
  let fields: string[] = [];
  let field = "";
  let fieldStart = true; // nothing read yet for the current field
  let quoted = false; // the current field was quoted

  const endRecord = () => {
    fields.push(field);
    const blank = fields.length === 1 && field === "" && !quoted;
    if (!blank) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    fieldStart = true;
    quoted = false;
  };

  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE && fieldStart) {
      const openLine = line;
      let value = "";
      let from = i + 1;
      for (;;) {
        const close = text.indexOf('"', from);
        if (close === -1) {
          throw new CsvFormatError(`a quoted field is never closed (its opening quote is on line ${openLine})`, openLine);
        }
        value += text.slice(from, close);
        if (text.charCodeAt(close + 1) === QUOTE) {
          value += '"';
          from = close + 2;
          continue;
        }
        i = close + 1;
        break;
      }
      line += countLineBreaks(value);
      field = value;
      quoted = true;
      fieldStart = false;
      const next = text.charCodeAt(i);
      if (i < n && next !== COMMA && next !== LF && next !== CR) {
        throw new CsvFormatError(
          `unexpected text after a closing quote; quotes inside a quoted field must be doubled ("")`,
          line,
        );
      }
      continue;
    }
    if (c === COMMA) {
      fields.push(field);
      field = "";
      fieldStart = true;
      quoted = false;
      i++;
      continue;
    }
    if (c === LF || c === CR) {
      endRecord();
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    let j = i + 1;
    while (j < n) {
      const d = text.charCodeAt(j);
      if (d === COMMA || d === LF || d === CR) break;
      j++;
    }
    field += text.slice(i, j);
    fieldStart = false;
    i = j;
  }
  if (!fieldStart || fields.length > 0 || quoted) endRecord();
  return records;
}

/** Parses CSV text: the first record is the header. See `parseCsvRecords`. */
export function parseCsv(text: string): { header: string[]; rows: string[][] } {
  const records = parseCsvRecords(text);
  if (records.length === 0) return { header: [], rows: [] };
  return { header: records[0].fields, rows: records.slice(1).map((r) => r.fields) };
}

function needsQuotes(cell: string): boolean {
  return /[",\r\n]/.test(cell) || cell !== cell.trim();
}

export function formatCsvCell(cell: string): string {
  return needsQuotes(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export function formatCsvRow(cells: readonly string[]): string {
  return cells.map(formatCsvCell).join(",");
}

// ---------------------------------------------------------------------------------------------------------------
// Backorder import

export const BACKORDER_CSV_COLUMNS = ["variant_id", "sku", "enabled", "eta", "lead_time_days", "cap", "message"] as const;
export const BACKORDER_CSV_READ_ONLY_COLUMNS = ["product_title", "variant_title"] as const;
export type BackorderCsvColumn = (typeof BACKORDER_CSV_COLUMNS)[number];

/** Upload limit; the route (and the web server's body limit) answer 413 above it. 10,000 rows of a typical export are about 1 MB. */
export const CSV_MAX_BYTES = 5 * 1024 * 1024;
export const MESSAGE_MAX_LENGTH = 500;
export const LEAD_TIME_MAX_DAYS = 3650;
const CLEAR = "none";

export type VariantKey = { sku?: string; variantId?: string };
export type ResolveVariant = (key: VariantKey) => { variantId: string } | null;

export type BackorderImportRow = { line: number; variantId: string; changes: BackorderChanges };
export type BackorderImportError = { line: number; column?: string; message: string };
export type BackorderImportResult = { rows: BackorderImportRow[]; errors: BackorderImportError[] };

const VARIANT_GID = /^gid:\/\/shopify\/ProductVariant\/(\d+)$/;

/** A variant id cell as a GID ("123" → gid://shopify/ProductVariant/123), or null when it is neither form. */
export function normalizeVariantId(value: string): string | null {
  const v = value.trim();
  if (/^\d+$/.test(v)) return `gid://shopify/ProductVariant/${v}`;
  return VARIANT_GID.test(v) ? v : null;
}

function parseBoolean(value: string): boolean | undefined {
  const v = value.toLowerCase();
  if (v === "true" || v === "yes" || v === "1") return true;
  if (v === "false" || v === "no" || v === "0") return false;
  return undefined;
}

function parseWholeNumber(value: string, max: number): number | undefined {
  if (!/^\d+$/.test(value)) return undefined;
  const n = Number(value);
  return n <= max ? n : undefined;
}

type RowContext = {
  today: LocalDate;
  timeZone: string;
  error: (column: string | undefined, message: string) => void;
};

/** Parses the change cells of a row into `changes`; reports problems through `ctx.error`. */
function parseChanges(get: (column: BackorderCsvColumn) => string, ctx: RowContext): BackorderChanges {
  const changes: BackorderChanges = {};
  const isClear = (v: string) => v.toLowerCase() === CLEAR;

  const enabled = get("enabled");
  if (enabled) {
    const parsed = parseBoolean(enabled);
    if (parsed === undefined) ctx.error("enabled", `enabled must be true/false, yes/no or 1/0, got "${enabled}".`);
    else changes.enabled = parsed;
  }

  const eta = get("eta");
  if (eta) {
    if (isClear(eta)) changes.etaDate = null;
    else if (!isValidLocalDate(eta)) {
      ctx.error("eta", `eta must be a date as YYYY-MM-DD (e.g. 2026-03-31), got "${eta}".`);
    } else if (eta < ctx.today) {
      ctx.error(
        "eta",
        `eta ${eta} is in the past (today is ${ctx.today} in ${ctx.timeZone}); set a new date, "none", or leave the cell empty to keep the current ETA.`,
      );
    } else changes.etaDate = eta;
  }

  const leadTime = get("lead_time_days");
  if (leadTime) {
    if (isClear(leadTime)) changes.leadTimeDays = null;
    else {
      const parsed = parseWholeNumber(leadTime, LEAD_TIME_MAX_DAYS);
      if (parsed === undefined) {
        ctx.error("lead_time_days", `lead_time_days must be a whole number from 0 to ${LEAD_TIME_MAX_DAYS}, got "${leadTime}".`);
      } else changes.leadTimeDays = parsed;
    }
  }

  const cap = get("cap");
  if (cap) {
    if (isClear(cap)) changes.cap = null;
    else {
      const parsed = parseWholeNumber(cap, Number.MAX_SAFE_INTEGER);
      if (parsed === undefined) ctx.error("cap", `cap must be a whole number ≥ 0, or "none" to remove the cap; got "${cap}".`);
      else changes.cap = parsed;
    }
  }

  const message = get("message");
  if (message) {
    const length = Array.from(message).length;
    if (isClear(message)) changes.message = null;
    else if (length > MESSAGE_MAX_LENGTH) {
      ctx.error("message", `message is ${length} characters long; the limit is ${MESSAGE_MAX_LENGTH}.`);
    } else changes.message = message;
  }

  return changes;
}

type HeaderMap = { columns: Map<BackorderCsvColumn, number>; unnamed: number[]; errors: BackorderImportError[] };

function readHeader(header: string[]): HeaderMap {
  const columns = new Map<BackorderCsvColumn, number>();
  const unnamed: number[] = [];
  const errors: BackorderImportError[] = [];
  const seen = new Set<string>();
  const allowed = `${BACKORDER_CSV_COLUMNS.join(", ")} (${BACKORDER_CSV_READ_ONLY_COLUMNS.join(" and ")} are ignored)`;
  header.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    if (name === "") {
      unnamed.push(index);
      return;
    }
    if (seen.has(name)) {
      errors.push({ line: 1, column: name, message: `Column "${raw.trim()}" appears more than once.` });
      return;
    }
    seen.add(name);
    if ((BACKORDER_CSV_COLUMNS as readonly string[]).includes(name)) columns.set(name as BackorderCsvColumn, index);
    else if (!(BACKORDER_CSV_READ_ONLY_COLUMNS as readonly string[]).includes(name)) {
      errors.push({ line: 1, column: raw.trim(), message: `Unknown column "${raw.trim()}". Allowed columns: ${allowed}.` });
    }
  });
  if (!columns.has("variant_id") && !columns.has("sku")) {
    errors.push({ line: 1, message: "The header needs a variant_id or sku column." });
  }
  const changeColumns = BACKORDER_CSV_COLUMNS.filter((c) => c !== "variant_id" && c !== "sku");
  if (errors.length === 0 && !changeColumns.some((c) => columns.has(c))) {
    errors.push({ line: 1, message: `The header has no column to change: add one of ${changeColumns.join(", ")}.` });
  }
  return { columns, unnamed, errors };
}

/**
 * Validates a backorder CSV import. Returns the rows to apply (one per variant, only the cells that change
 * something) and every problem found, each with its 1-based file line (the header is line 1). A row with any
 * problem is left out of `rows` entirely; rows with no change cells are skipped silently. Never throws on bad
 * input; throws only on a bad `timeZone`/`now` (programming errors).
 */
export function validateBackorderImport(input: {
  text: string;
  now: Date;
  timeZone: string;
  resolveVariant: ResolveVariant;
}): BackorderImportResult {
  const today = todayIn(input.timeZone, input.now);
  let records: CsvRecord[];
  try {
    records = parseCsvRecords(input.text);
  } catch (error) {
    if (error instanceof CsvFormatError) {
      return { rows: [], errors: [{ line: error.line, message: `The file isn't valid CSV: ${error.detail}.` }] };
    }
    throw error;
  }
  if (records.length === 0) return { rows: [], errors: [{ line: 1, message: "The file is empty." }] };

  const header = readHeader(records[0].fields);
  if (header.errors.length > 0) return { rows: [], errors: header.errors };
  const width = records[0].fields.length;

  const errors: BackorderImportError[] = [];
  const candidates: Array<{ line: number; variantId: string | null; changes: BackorderChanges; ok: boolean }> = [];

  for (const record of records.slice(1)) {
    const { line, fields } = record;
    if (fields.every((f) => f.trim() === "")) continue;
    let ok = true;
    const error = (column: string | undefined, message: string) => {
      ok = false;
      errors.push(column === undefined ? { line, message } : { line, column, message });
    };

    const extra = fields.slice(width).filter((f) => f.trim() !== "");
    if (extra.length > 0) {
      error(undefined, `The row has ${fields.length} cells but the header has ${width}; quote cells that contain commas.`);
    }
    for (const index of header.unnamed) {
      if ((fields[index] ?? "").trim() !== "") error(undefined, `Column ${index + 1} has a value but no name in the header.`);
    }

    const get = (column: BackorderCsvColumn): string => {
      const index = header.columns.get(column);
      return index === undefined ? "" : (fields[index] ?? "").trim();
    };

    // Which variant?
    let variantId: string | null = null;
    const idCell = get("variant_id");
    const sku = get("sku");
    if (idCell) {
      const gid = normalizeVariantId(idCell);
      if (!gid) {
        error("variant_id", `variant_id must be a number or gid://shopify/ProductVariant/<number>, got "${idCell}".`);
      } else {
        const found = input.resolveVariant({ variantId: gid });
        if (found) variantId = found.variantId;
        else error("variant_id", `No variant ${idCell} in this shop.`);
      }
    }
    if (sku) {
      const found = input.resolveVariant({ sku });
      if (!idCell) {
        if (found) variantId = found.variantId;
        else error("sku", `Unknown SKU "${sku}".`);
      } else if (variantId && found?.variantId !== variantId) {
        error("sku", `SKU "${sku}" doesn't belong to variant ${idCell}.`);
        variantId = null; // which variant the row means is unclear: keep it out of the duplicate check
      }
    }
    if (!idCell && !sku) error(undefined, "The row needs a variant_id or sku.");

    const changes = parseChanges(get, { today, timeZone: input.timeZone, error });
    candidates.push({ line, variantId, changes, ok });
  }

  // A variant may appear once: reject every row of a duplicated variant.
  const linesByVariant = new Map<string, number[]>();
  for (const c of candidates) {
    if (!c.variantId) continue;
    const lines = linesByVariant.get(c.variantId);
    if (lines) lines.push(c.line);
    else linesByVariant.set(c.variantId, [c.line]);
  }
  const rows: BackorderImportRow[] = [];
  for (const c of candidates) {
    const lines = c.variantId ? linesByVariant.get(c.variantId)! : [];
    if (lines.length > 1) {
      errors.push({
        line: c.line,
        message: `Variant ${c.variantId} appears more than once in the file (lines ${lines.join(", ")}); keep one row per variant.`,
      });
      continue;
    }
    if (!c.ok || !c.variantId || Object.keys(c.changes).length === 0) continue;
    rows.push({ line: c.line, variantId: c.variantId, changes: c.changes });
  }
  errors.sort((a, b) => a.line - b.line);
  return { rows, errors };
}

// ---------------------------------------------------------------------------------------------------------------
// Export

export type BackorderCsvRow = {
  variantId: string;
  sku: string | null;
  productTitle?: string | null;
  variantTitle?: string | null;
  enabled: boolean;
  etaDate: LocalDate | null;
  leadTimeDays: number | null;
  cap: number | null;
  message: string | null;
};

export const BACKORDER_CSV_EXPORT_HEADER = [
  "variant_id",
  "sku",
  "product_title",
  "variant_title",
  "enabled",
  "eta",
  "lead_time_days",
  "cap",
  "message",
] as const;

/**
 * The export file: header first, CRLF line ends, cells quoted when needed. It re-imports as is: a missing cap is
 * written as `none` (so the file says "no cap" explicitly); other missing values are empty ("no change").
 * `bom: true` prefixes a UTF-8 BOM so Excel reads accents correctly (the importer strips it).
 */
export function toBackorderCsv(rows: readonly BackorderCsvRow[], options: { bom?: boolean } = {}): string {
  const lines = [formatCsvRow(BACKORDER_CSV_EXPORT_HEADER)];
  for (const row of rows) {
    lines.push(
      formatCsvRow([
        row.variantId,
        row.sku ?? "",
        row.productTitle ?? "",
        row.variantTitle ?? "",
        row.enabled ? "true" : "false",
        row.etaDate ?? "",
        row.leadTimeDays === null ? "" : String(row.leadTimeDays),
        row.cap === null ? CLEAR : String(row.cap),
        row.message ?? "",
      ]),
    );
  }
  return `${options.bom ? "\uFEFF" : ""}${lines.join("\r\n")}\r\n`;
}
