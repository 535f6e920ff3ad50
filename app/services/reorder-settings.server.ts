// Reorder settings: the shop's default lead time, review period and service level, and lead time / review period
// overrides per vendor, product type or variant (app/models/reorder-settings.server.ts). The most specific
// override wins, each of the two values on its own (resolveLeadTime in app/domain/reorder-suggestion.ts).
// Changing a setting queues a forecast recompute (the stored suggestions use it).
import { z } from "zod";
import type { LeadTimeOverride, LeadTimeSettings } from "../domain/reorder-suggestion";
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

/** Validates and stores one setting (all values null on a non-shop row = the override is removed). */
export async function saveReorderSetting(shop: string, input: ReorderSettingInput): Promise<{ removed: boolean }> {
  const parsed = reorderSettingSchema.safeParse(input);
  if (!parsed.success) {
    throw new ReorderSettingValidationError(parsed.error.issues.map((issue) => ({ field: issue.path.join(".") || "setting", message: issue.message })));
  }
  const row = parsed.data;
  if (row.scope !== "shop" && row.leadTimeDays === null && row.reviewPeriodDays === null) {
    await deleteReorderSetting(shop, row.scope, row.key);
    return { removed: true };
  }
  await upsertReorderSetting(shop, row);
  return { removed: false };
}

export async function removeReorderSetting(shop: string, scope: ReorderScope, key: string): Promise<boolean> {
  return deleteReorderSetting(shop, scope, key);
}
