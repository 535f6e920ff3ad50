// Field schemas reused by the backorder, settings and automation forms. Form inputs arrive as strings; an empty
// string means "not set" (→ null) for the optional numbers and texts. Client-safe.
import { z } from "zod";
import { isValidLocalDate } from "../domain/eta";
import { LEAD_TIME_MAX_DAYS, MESSAGE_MAX_LENGTH } from "../domain/backorder-csv";

export { LEAD_TIME_MAX_DAYS, MESSAGE_MAX_LENGTH };
export const CAP_MAX = 1_000_000;
export const INTERNAL_NOTE_MAX_LENGTH = 2_000;
export const VARIANT_GID_PATTERN = /^gid:\/\/shopify\/ProductVariant\/\d+$/;

const blankToUndefined = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value);

function wholeNumber(label: string, max: number) {
  return z
    .string({ error: `Enter ${label}.` })
    .trim()
    .regex(/^\d+$/, `${label[0].toUpperCase()}${label.slice(1)} must be a whole number, 0 or more.`)
    .transform(Number)
    .refine((n) => n <= max, `${label[0].toUpperCase()}${label.slice(1)} can be at most ${max.toLocaleString("en-US")}.`);
}

/** A required whole number ≥ 0 (as typed in a number field). */
export const requiredWholeNumber = (label: string, max: number) => z.preprocess(blankToUndefined, wholeNumber(label, max));

/** An optional whole number ≥ 0: blank → null. */
export const optionalWholeNumber = (label: string, max: number) =>
  z.preprocess(blankToUndefined, wholeNumber(label, max).optional()).transform((n) => n ?? null);

/** A calendar date as YYYY-MM-DD (what `<input type="date">` submits). */
export const localDate = z
  .string({ error: "Enter a date." })
  .trim()
  .refine((value) => value !== "", "Enter a date.")
  .refine((value) => value === "" || isValidLocalDate(value), "Enter a real date as YYYY-MM-DD.");

/** Optional text: trimmed; blank → null. */
export const optionalText = (label: string, max: number) =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .refine((value) => value.length <= max, `${label} can be at most ${max} characters.`)
    .transform((value) => (value === "" ? null : value));

export const checkbox = z.preprocess((value) => value === true || value === "true" || value === "on" || value === "1", z.boolean());

/** How a backorder's ETA is given: no ETA, a fixed date, or "ships N business days after the order". */
export const ETA_MODES = ["none", "date", "lead_time"] as const;
export type EtaMode = (typeof ETA_MODES)[number];

/** The ETA inputs of a form, validated together: the field needed by the chosen mode must be present. */
export const etaFields = {
  etaMode: z.enum(ETA_MODES, { error: "Choose how the ETA is given." }),
  etaDate: z.string().optional(),
  leadTimeDays: z.string().optional(),
};

export type EtaValue = { etaDate: string | null; leadTimeDays: number | null };

/**
 * Checks the ETA inputs for their mode and returns the values to store (the other one is cleared), or null after
 * adding an issue on `etaDate` / `leadTimeDays`.
 */
export function resolveEtaFields(
  values: { etaMode: EtaMode; etaDate?: string; leadTimeDays?: string },
  ctx: z.RefinementCtx,
  paths: { etaDate: string; leadTimeDays: string } = { etaDate: "etaDate", leadTimeDays: "leadTimeDays" },
): EtaValue | null {
  if (values.etaMode === "none") return { etaDate: null, leadTimeDays: null };
  if (values.etaMode === "date") {
    const parsed = localDate.safeParse(values.etaDate ?? "");
    if (!parsed.success) {
      ctx.addIssue({ code: "custom", path: [paths.etaDate], message: parsed.error.issues[0].message });
      return null;
    }
    return { etaDate: parsed.data, leadTimeDays: null };
  }
  const parsed = requiredWholeNumber("the lead time in days", LEAD_TIME_MAX_DAYS).safeParse(values.leadTimeDays);
  if (!parsed.success) {
    ctx.addIssue({ code: "custom", path: [paths.leadTimeDays], message: parsed.error.issues[0].message });
    return null;
  }
  return { etaDate: null, leadTimeDays: parsed.data };
}
