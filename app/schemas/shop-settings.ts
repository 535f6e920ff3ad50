// The settings page form. Output matches `Partial<ShopSettingsView>` of app/services/shop-settings.server.ts.
import { z } from "zod";
import { isValidLocalDate, isValidTimeZone } from "../domain/eta";
import { CAP_MAX, LEAD_TIME_MAX_DAYS, optionalWholeNumber, requiredWholeNumber } from "./fields";
import { formDataToObject, parseWith } from "./form-helpers";

/** States a shopper can see on the storefront, each with its own wording (the theme extension reads them). */
export const STOREFRONT_WORDING_STATES = [
  "in_stock",
  "low_stock",
  "backorder",
  "backorder_cap_reached",
  "sold_out",
  "discontinued",
] as const;
export type StorefrontWordingState = (typeof STOREFRONT_WORDING_STATES)[number];
export const STOREFRONT_WORDING_MAX_LENGTH = 200;
export const LOW_STOCK_THRESHOLD_MAX = 10_000;
export const MAX_HOLIDAYS = 366;

export const wordingField = (state: StorefrontWordingState) => `wording_${state}`;

/** Holidays typed one per line (commas and spaces also separate them). */
export function splitHolidays(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

const wordingText = () =>
  z
    .string()
    .optional()
    .transform((value) => (value ?? "").trim())
    .refine((value) => value.length <= STOREFRONT_WORDING_MAX_LENGTH, `Keep it under ${STOREFRONT_WORDING_MAX_LENGTH} characters.`);

const wordingShape = Object.fromEntries(
  STOREFRONT_WORDING_STATES.map((state) => [
    wordingField(state),
    wordingText(),
  ]),
) as Record<`wording_${StorefrontWordingState}`, ReturnType<typeof wordingText>>;

export const shopSettingsSchema = z
  .object({
    lowStockThreshold: requiredWholeNumber("the low-stock threshold", LOW_STOCK_THRESHOLD_MAX),
    defaultLeadTimeDays: optionalWholeNumber("the default lead time", LEAD_TIME_MAX_DAYS),
    defaultCap: optionalWholeNumber("the default cap", CAP_MAX),
    timeZone: z
      .string({ error: "Choose a time zone." })
      .trim()
      .refine((value) => value !== "" && isValidTimeZone(value), "Choose a time zone from the list."),
    weekendDays: z
      .array(z.enum(["0", "1", "2", "3", "4", "5", "6"], { error: "Unknown day of the week." }))
      .transform((days) => [...new Set(days.map(Number))].sort((a, b) => a - b))
      .refine((days) => days.length < 7, "Leave at least one business day."),
    holidays: z
      .string()
      .optional()
      .transform((text) => splitHolidays(text ?? ""))
      .superRefine((dates, ctx) => {
        const bad = dates.filter((d) => !isValidLocalDate(d));
        if (bad.length) ctx.addIssue({ code: "custom", message: `Not a date as YYYY-MM-DD: ${bad.slice(0, 3).join(", ")}${bad.length > 3 ? "…" : ""}` });
        if (dates.length > MAX_HOLIDAYS) ctx.addIssue({ code: "custom", message: `Enter at most ${MAX_HOLIDAYS} holidays.` });
      })
      .transform((dates) => [...new Set(dates)].sort()),
    ...wordingShape,
  })
  .transform(({ lowStockThreshold, defaultLeadTimeDays, defaultCap, timeZone, weekendDays, holidays, ...rest }) => {
    const wording = rest as Record<string, string>;
    const storefrontWording: Record<string, string> = {};
    for (const state of STOREFRONT_WORDING_STATES) {
      const value = wording[wordingField(state)];
      if (value) storefrontWording[state] = value;
    }
    return { lowStockThreshold, defaultLeadTimeDays, defaultCap, timeZone, weekendDays, holidays, storefrontWording };
  });

export type ShopSettingsInput = z.output<typeof shopSettingsSchema>;

export function parseShopSettingsForm(formData: FormData) {
  return parseWith(shopSettingsSchema, formDataToObject(formData, ["weekendDays"]));
}

/** The form field a settings issue belongs to ("storefrontWording.backorder" → "wording_backorder"). */
export function settingsFieldName(field: string): string {
  const match = /^storefrontWording\.(.+)$/.exec(field);
  return match ? `wording_${match[1]}` : field;
}

export const WEEKDAY_NAMES = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"] as const;
