// Reorder settings: the shop's default lead time, review period and service level, and lead time / review period
// overrides per vendor, product type or variant (app/models/reorder-settings.server.ts). The most specific
// override wins, each of the two values on its own (resolveLeadTime in app/domain/reorder-suggestion.ts).
// Changing a setting queues a forecast recompute (the stored suggestions use it).
import { z } from "zod";
import { CSV_MAX_BYTES, CsvFormatError, normalizeVariantId, parseCsvRecords } from "../domain/backorder-csv";
import type { LeadTimeOverride, LeadTimeSettings } from "../domain/reorder-suggestion";
import { requestForecastRecompute } from "../models/forecast-jobs.server";
import { safeCsvCell } from "./waitlist.server";
import {
  deleteReorderSetting,
  listReorderSettings,
  upsertReorderSetting,
  type ReorderScope,
  type ReorderSettingRecord,
} from "../models/reorder-settings.server";

export const DEFAULT_LEAD_TIME_DAYS = 14;
export const DEFAULT_REVIEW_PERIOD_DAYS = 7;
export const DEFAULT_SERVICE_LEVEL = 0.95;
export const LEAD_TIME_MAX = 365;
export const REVIEW_PERIOD_MAX = 90;
export const SERVICE_LEVEL_MIN = 0.5;
export const SERVICE_LEVEL_MAX = 0.999;
const KEY_MAX_LENGTH = 255;

export type ReorderSettingIssue = { field: string; message: string };

export class ReorderSettingValidationError extends Error {
  readonly issues: ReorderSettingIssue[];
  constructor(issues: ReorderSettingIssue[]) {
    super(`Invalid reorder setting: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
    this.name = "ReorderSettingValidationError";
    this.issues = issues;
  }
}

const days = (label: string, max: number) =>
  z
    .number({ error: `${label} must be a whole number of days.` })
    .int({ error: `${label} must be a whole number of days.` })
    .min(0, { error: `${label} must be 0 to ${max} days.` })
    .max(max, { error: `${label} must be 0 to ${max} days.` })
    .nullable();

export const reorderSettingSchema = z
  .object({
    scope: z.enum(["shop", "vendor", "product_type", "variant"], { error: "Choose shop, vendor, product type or variant." }),
    key: z.string().trim().max(KEY_MAX_LENGTH, { error: `Names are at most ${KEY_MAX_LENGTH} characters.` }),
    leadTimeDays: days("Lead time", LEAD_TIME_MAX),
    reviewPeriodDays: days("Review period", REVIEW_PERIOD_MAX),
    serviceLevel: z
      .number({ error: "The service level must be a number such as 0.95." })
      .min(SERVICE_LEVEL_MIN, { error: `The service level must be ${SERVICE_LEVEL_MIN} to ${SERVICE_LEVEL_MAX} (e.g. 0.95 for 95%).` })
      .max(SERVICE_LEVEL_MAX, { error: `The service level must be ${SERVICE_LEVEL_MIN} to ${SERVICE_LEVEL_MAX} (e.g. 0.95 for 95%).` })
      .nullable()
      .default(null),
  })
  .superRefine((value, ctx) => {
    if (value.scope === "shop" && value.key !== "") ctx.addIssue({ code: "custom", path: ["key"], message: "The shop default has no name." });
    if (value.scope !== "shop" && value.key === "") ctx.addIssue({ code: "custom", path: ["key"], message: "Name the vendor, product type or variant." });
    if (value.scope === "variant" && !value.key.startsWith("gid://shopify/ProductVariant/")) {
      ctx.addIssue({ code: "custom", path: ["key"], message: "A variant is named by its ID (gid://shopify/ProductVariant/…)." });
    }
    if (value.scope !== "shop" && value.serviceLevel !== null) {
      ctx.addIssue({ code: "custom", path: ["serviceLevel"], message: "The service level is set for the whole shop only." });
    }
  });

export type ReorderSettingInput = z.input<typeof reorderSettingSchema>;

/** What a recompute and the page use: the resolved defaults and every override. */
export type ReorderParameters = { leadTimes: LeadTimeSettings; serviceLevel: number };

/** Builds the lead-time table from stored rows; the shop row's nulls fall back to the defaults. */
export function reorderParametersFrom(rows: readonly ReorderSettingRecord[]): ReorderParameters {
  const shopRow = rows.find((r) => r.scope === "shop");
  const byVendor: Record<string, LeadTimeOverride> = {};
  const byProductType: Record<string, LeadTimeOverride> = {};
  const byVariant: Record<string, LeadTimeOverride> = {};
  const tables: Partial<Record<ReorderScope, Record<string, LeadTimeOverride>>> = { vendor: byVendor, product_type: byProductType, variant: byVariant };
  for (const row of rows) {
    const table = tables[row.scope];
    if (table) table[row.key] = { leadTimeDays: row.leadTimeDays, reviewPeriodDays: row.reviewPeriodDays };
  }
  return {
    leadTimes: {
      leadTimeDays: shopRow?.leadTimeDays ?? DEFAULT_LEAD_TIME_DAYS,
      reviewPeriodDays: shopRow?.reviewPeriodDays ?? DEFAULT_REVIEW_PERIOD_DAYS,
      byVendor,
      byProductType,
      byVariant,
    },
    serviceLevel: shopRow?.serviceLevel ?? DEFAULT_SERVICE_LEVEL,
  };
}

export async function loadReorderParameters(shop: string): Promise<ReorderParameters> {
  return reorderParametersFrom(await listReorderSettings(shop));
}

export async function listReorderSettingsView(shop: string): Promise<ReorderSettingRecord[]> {
  return listReorderSettings(shop);
}

/** The Forecast settings page: the shop defaults as they apply (stored or built in) and every override. */
export type ReorderSettingsPage = {
  defaults: { leadTimeDays: number; reviewPeriodDays: number; serviceLevel: number };
  overrides: Array<{ scope: Exclude<ReorderScope, "shop">; key: string; leadTimeDays: number | null; reviewPeriodDays: number | null }>;
};

export async function loadReorderSettingsPage(shop: string): Promise<ReorderSettingsPage> {
  const rows = await listReorderSettings(shop);
  const { leadTimes, serviceLevel } = reorderParametersFrom(rows);
  return {
    defaults: { leadTimeDays: leadTimes.leadTimeDays, reviewPeriodDays: leadTimes.reviewPeriodDays, serviceLevel },
    overrides: rows.flatMap((r) => (r.scope === "shop" ? [] : [{ scope: r.scope, key: r.key, leadTimeDays: r.leadTimeDays, reviewPeriodDays: r.reviewPeriodDays }])),
  };
}

/**
 * Validates and stores one setting (all values null on a non-shop row = the override is removed). With `now`, a
 * forecast recompute is queued so the stored suggestions follow.
 */
export async function saveReorderSetting(shop: string, input: ReorderSettingInput, now?: Date): Promise<{ removed: boolean }> {
  const parsed = reorderSettingSchema.safeParse(input);
  if (!parsed.success) {
    throw new ReorderSettingValidationError(parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "setting", message: issue.message })));
  }
  const removed = await storeSetting(shop, parsed.data);
  if (now) await requestForecastRecompute(shop, now);
  return { removed };
}

async function storeSetting(shop: string, row: z.output<typeof reorderSettingSchema>): Promise<boolean> {
  if (row.scope !== "shop" && row.leadTimeDays === null && row.reviewPeriodDays === null) {
    await deleteReorderSetting(shop, row.scope, row.key);
    return true;
  }
  await upsertReorderSetting(shop, row);
  return false;
}

export async function removeReorderSetting(shop: string, scope: ReorderScope, key: string): Promise<boolean> {
  return deleteReorderSetting(shop, scope, key);
}

// ---------------------------------------------------------------------------------------------------------------
// CSV: lead times per vendor, product type or variant (a file of its own: the backorder CSV's lead_time_days is the
// shipping promise "ships N days after order", a different number).
//
//   scope,name,lead_time_days,review_period_days,service_level
//   shop,,14,7,0.95
//   vendor,Acme,21,,
//   product_type,Mugs,5,3,
//   variant,gid://shopify/ProductVariant/123,,30,      (or the numeric variant id)
//
// Each row replaces that override; an empty cell = not overridden (the next level applies); both days empty on a
// vendor / product type / variant row removes it. Rows not in the file are kept. A file with any bad row changes
// nothing: every problem comes back with its line.

export const REORDER_CSV_HEADER = ["scope", "name", "lead_time_days", "review_period_days", "service_level"] as const;
export const REORDER_CSV_MAX_ROWS = 10_000;
const SCOPE_ALIASES: Record<string, ReorderScope> = { shop: "shop", vendor: "vendor", product_type: "product_type", "product type": "product_type", type: "product_type", variant: "variant" };

export type ReorderCsvIssue = { line: number; message: string };
export type ReorderCsvResult = { ok: true; saved: number; removed: number } | { ok: false; errors: ReorderCsvIssue[] };

/** A cell as exported (safeCsvCell prefixes ' to a name starting with =, +, -, @): the name back. */
const unguard = (cell: string) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function numberCell(cell: string, whole: boolean): number | null | "invalid" {
  const value = cell.trim();
  if (value === "") return null;
  if (whole ? !/^\d+$/.test(value) : !/^\d*\.?\d+$/.test(value)) return "invalid";
  return Number(value);
}

/** Parses and validates the file; writes only when every row is valid. Queues a recompute when something changed. */
export async function importReorderSettingsCsv(shop: string, text: string, now: Date): Promise<ReorderCsvResult> {
  if (Buffer.byteLength(text, "utf8") > CSV_MAX_BYTES) return { ok: false, errors: [{ line: 0, message: `The file is larger than ${CSV_MAX_BYTES / 1024 / 1024} MB.` }] };
  let records;
  try {
    records = parseCsvRecords(text.replace(/^\uFEFF/, ""));
  } catch (error) {
    if (error instanceof CsvFormatError) return { ok: false, errors: [{ line: error.line, message: error.detail }] };
    throw error;
  }
  if (!records.length) return { ok: false, errors: [{ line: 1, message: `The file is empty: the first line must be the header ${REORDER_CSV_HEADER.join(",")}.` }] };
  const header = records[0].fields.map((f) => f.trim().toLowerCase());
  const index = new Map(header.map((name, i) => [name, i]));
  const missing = ["scope", "name"].filter((c) => !index.has(c));
  const unknown = header.filter((h) => h && !(REORDER_CSV_HEADER as readonly string[]).includes(h));
  if (missing.length || unknown.length) {
    const parts = [missing.length ? `missing ${missing.join(", ")}` : "", unknown.length ? `unknown ${unknown.join(", ")}` : ""].filter(Boolean);
    return { ok: false, errors: [{ line: records[0].line, message: `Header: ${parts.join("; ")}. The columns are ${REORDER_CSV_HEADER.join(", ")}.` }] };
  }
  const rows = records.slice(1).filter((r) => r.fields.some((f) => f.trim() !== ""));
  if (rows.length > REORDER_CSV_MAX_ROWS) return { ok: false, errors: [{ line: 0, message: `At most ${REORDER_CSV_MAX_ROWS} rows per file, got ${rows.length}.` }] };
  const cell = (fields: string[], name: string) => (index.has(name) ? (fields[index.get(name)!] ?? "") : "");
  const errors: ReorderCsvIssue[] = [];
  const valid: Array<z.output<typeof reorderSettingSchema>> = [];
  const seen = new Map<string, number>();
  for (const { line, fields } of rows) {
    const scope = SCOPE_ALIASES[cell(fields, "scope").trim().toLowerCase()];
    if (!scope) {
      errors.push({ line, message: `Scope "${cell(fields, "scope")}" is not one of shop, vendor, product_type, variant.` });
      continue;
    }
    let key = unguard(cell(fields, "name").trim());
    if (scope === "variant") key = normalizeVariantId(key) ?? key;
    const lead = numberCell(cell(fields, "lead_time_days"), true);
    const review = numberCell(cell(fields, "review_period_days"), true);
    const service = numberCell(cell(fields, "service_level"), false);
    if (lead === "invalid") errors.push({ line, message: "lead_time_days must be a whole number of days (or empty)." });
    if (review === "invalid") errors.push({ line, message: "review_period_days must be a whole number of days (or empty)." });
    if (service === "invalid") errors.push({ line, message: "service_level must be a number such as 0.95 (or empty)." });
    if (lead === "invalid" || review === "invalid" || service === "invalid") continue;
    const parsed = reorderSettingSchema.safeParse({ scope, key, leadTimeDays: lead, reviewPeriodDays: review, serviceLevel: service });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push({ line, message: issue.message });
      continue;
    }
    const id = `${parsed.data.scope}\u0000${scope === "variant" ? parsed.data.key : parsed.data.key.toLowerCase()}`;
    if (seen.has(id)) {
      errors.push({ line, message: `The same ${scope.replace("_", " ")} is also on line ${seen.get(id)}: keep one row.` });
      continue;
    }
    seen.set(id, line);
    valid.push(parsed.data);
  }
  if (errors.length) return { ok: false, errors };
  let removed = 0;
  for (const row of valid) if (await storeSetting(shop, row)) removed++;
  if (valid.length) await requestForecastRecompute(shop, now);
  return { ok: true, saved: valid.length - removed, removed };
}

/** Every stored setting as the CSV above (the shop row first). */
export async function exportReorderSettingsCsv(shop: string): Promise<string> {
  const rows = await listReorderSettings(shop);
  const order: Record<ReorderScope, number> = { shop: 0, vendor: 1, product_type: 2, variant: 3 };
  rows.sort((a, b) => order[a.scope] - order[b.scope] || a.key.localeCompare(b.key));
  const lines = [REORDER_CSV_HEADER.join(",")];
  for (const row of rows) {
    lines.push([row.scope, row.key, row.leadTimeDays ?? "", row.reviewPeriodDays ?? "", row.serviceLevel ?? ""].map(safeCsvCell).join(","));
  }
  return `${lines.join("\r\n")}\r\n`;
}
