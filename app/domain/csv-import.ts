// What the CSV import's steps share (preview, the stored import, the apply job, the views): the setting columns a
// row can change, the shape of a stored pending row and problem, the statuses, and the limits. Pure.
//
// Statuses: preview → queued → running → completed | failed; a preview may also be "discarded".

import { CSV_MAX_BYTES } from "./backorder-csv";
import type { BackorderChanges } from "./types";

export const CSV_MAX_ROWS = 50_000;
/** A preview older than this must be uploaded again (ETAs were checked against "today", settings may have moved). */
export const CSV_PREVIEW_TTL_MS = 24 * 60 * 60 * 1000;
/** Problems kept per import (validation and apply together); the counts stay exact beyond it. */
export const CSV_MAX_STORED_ERRORS = 20_000;

export const CSV_TOO_LARGE_MESSAGE = `The file is larger than ${CSV_MAX_BYTES / 1024 / 1024} MB. Split it into smaller files (up to ${CSV_MAX_ROWS.toLocaleString("en-US")} rows each).`;

export type CsvImportStatus = "preview" | "queued" | "running" | "completed" | "failed" | "discarded";

export type CsvImportIssue = {
  line: number;
  column?: string;
  message: string;
  phase: "validation" | "apply";
  variantId?: string;
};

/** A validated row waiting to be applied: only the fields that differ from the settings at preview time. */
export type PendingCsvRow = { line: number; variantId: string; changes: BackorderChanges };

export type SettingField = keyof Required<BackorderChanges>;
export const SETTING_FIELDS: readonly SettingField[] = ["enabled", "etaDate", "leadTimeDays", "cap", "message"];
export const SETTING_FIELD_LABELS: Record<SettingField, string> = {
  enabled: "Backorders",
  etaDate: "ETA",
  leadTimeDays: "Lead time (days)",
  cap: "Cap",
  message: "Message",
};

/** A variant's backorder settings, every column present. */
export type CurrentSettings = Required<BackorderChanges>;

/**
 * The settings of a variant the app has never configured (no VariantBackorder row), as `applyBackorderChanges`
 * sees them: backorders count as on when Shopify already sells it out of stock (tracked, policy CONTINUE).
 */
export function unconfiguredSettings(variant: { inventoryPolicy: string; tracked: boolean }): CurrentSettings {
  return { enabled: variant.inventoryPolicy === "CONTINUE" && variant.tracked, etaDate: null, leadTimeDays: null, cap: null, message: null };
}

/** A stable key per change set (same keys and values → same key), used to group rows for the apply. */
export function changeSetKey(changes: BackorderChanges): string {
  return JSON.stringify(SETTING_FIELDS.filter((f) => f in changes).map((f) => [f, changes[f]]));
}

/** "1 row", "2,500 rows". */
export function plural(n: number, word: string): string {
  return `${n.toLocaleString("en-US")} ${word}${n === 1 ? "" : "s"}`;
}
