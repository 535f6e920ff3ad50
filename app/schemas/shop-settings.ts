// The settings page form. Output matches `Partial<ShopSettingsView>` of app/services/shop-settings.server.ts.
import { z } from "zod";
import { isValidLocalDate, isValidTimeZone } from "../domain/eta";
import { CAP_MAX, LEAD_TIME_MAX_DAYS, optionalWholeNumber, requiredWholeNumber } from "./fields";
import { formDataToObject, parseWith } from "./form-helpers";
import { INBOUND_ETA_MODES, INBOUND_HANDLING_DAYS_MAX } from "../domain/inbound-eta";

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

// Restock-alert sending settings. Each is optional in the form: absent → unchanged (so a form that only edits part
// of the settings, like the Waitlist page's high-demand threshold, leaves the rest alone). Checkboxes are sent
// as "true"/"false" so that "false" and "not sent" differ.
export const ALERT_MULTIPLIER_MIN = 0.1;
export const ALERT_MULTIPLIER_MAX = 100;
export const ALERT_BATCH_INTERVAL_MIN_MINS = 5;
export const ALERT_BATCH_INTERVAL_MAX_MINS = 7 * 24 * 60;
export const PENDING_EXPIRY_MIN_DAYS = 1;
export const PENDING_EXPIRY_MAX_DAYS = 90;
export const HIGH_DEMAND_THRESHOLD_MAX = 100_000;
export const SENDER_NAME_MAX_LENGTH = 80;

const optionalFlag = () =>
  z.preprocess((value) => (value === "" ? undefined : value), z.enum(["true", "false"], { error: "Choose on or off." }).optional())
    .transform((value) => (value === undefined ? undefined : value === "true"));

const optionalWholeInRange = (label: string, min: number, max: number) =>
  z
    .string()
    .trim()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        ctx.addIssue({ code: "custom", message: `${label} must be a whole number from ${min} to ${max.toLocaleString("en-US")}.` });
      }
    })
    .transform((value) => (value === undefined ? undefined : Number(value)));

export const alertSettingsShape = {
  alertsAutoSend: optionalFlag(),
  requireConsent: optionalFlag(),
  alertsOnBackorder: optionalFlag(),
  alertMultiplier: z
    .string()
    .trim()
    .optional()
    .superRefine((value, ctx) => {
      if (value === undefined) return;
      const n = Number(value);
      if (value === "" || !Number.isFinite(n) || n < ALERT_MULTIPLIER_MIN || n > ALERT_MULTIPLIER_MAX) {
        ctx.addIssue({ code: "custom", message: `Subscribers per restocked unit must be a number from ${ALERT_MULTIPLIER_MIN} to ${ALERT_MULTIPLIER_MAX}.` });
      }
    })
    .transform((value) => (value === undefined ? undefined : Number(value))),
  alertBatchIntervalMins: optionalWholeInRange("The time between batches", ALERT_BATCH_INTERVAL_MIN_MINS, ALERT_BATCH_INTERVAL_MAX_MINS),
  pendingExpiryDays: optionalWholeInRange("Unconfirmed signups expiry", PENDING_EXPIRY_MIN_DAYS, PENDING_EXPIRY_MAX_DAYS),
  highDemandThreshold: optionalWholeInRange("The high-demand threshold", 1, HIGH_DEMAND_THRESHOLD_MAX),
  senderName: z
    .string()
    .optional()
    .transform((value) => (value === undefined ? undefined : value.trim()))
    .refine((value) => value === undefined || value.length <= SENDER_NAME_MAX_LENGTH, `Keep the sender name under ${SENDER_NAME_MAX_LENGTH} characters.`)
    .refine((value) => value === undefined || !/[\u0000-\u001f<>"]/.test(value), "The sender name can't contain line breaks, quotes or < >.")
    .transform((value) => (value === undefined ? undefined : value === "" ? null : value)),
};

export const DELAY_APOLOGY_MAX_LENGTH = 1000;

export const orderSettingsShape = {
  tagBackorderedOrders: optionalFlag(),
  holdBackorderedLines: optionalFlag(),
  noteEtaOnOrders: optionalFlag(),
  flagUnseenBackorders: optionalFlag(),
  sendBackorderConfirm: optionalFlag(),
  sendDelayNotices: optionalFlag(),
  sendShippingSoon: optionalFlag(),
  delayApologyText: z
    .string()
    .optional()
    .transform((value) => (value === undefined ? undefined : value.trim()))
    .refine((value) => value === undefined || value.length <= DELAY_APOLOGY_MAX_LENGTH, `Keep the delay message under ${DELAY_APOLOGY_MAX_LENGTH} characters.`)
    .transform((value) => (value === undefined ? undefined : value === "" ? null : value)),
};

/** Checkout: whether the app's validation function enforces caps in every checkout. */
export const checkoutSettingsShape = {
  enforceCapsAtCheckout: optionalFlag(),
};

/** ETAs that follow inbound shipments: the mode and the handling time after a shipment arrives. */
export const inboundEtaSettingsShape = {
  inboundEtaMode: z.preprocess(
    (value) => (value === "" ? undefined : value),
    z.enum(INBOUND_ETA_MODES, { error: "Choose off, suggest or automatic." }).optional(),
  ),
  inboundHandlingDays: optionalWholeInRange("The handling time", 0, INBOUND_HANDLING_DAYS_MAX),
};

/** A shape's parsed values with "not sent" (undefined) taken out: what a save writes for each sent field. */
type SentValues<Shape extends Record<string, z.ZodType>> = { [K in keyof Shape]: Exclude<z.output<Shape[K]>, undefined> };
export type OptionalSettingsValues = Partial<
  SentValues<typeof alertSettingsShape> &
    SentValues<typeof orderSettingsShape> &
    SentValues<typeof checkoutSettingsShape> &
    SentValues<typeof inboundEtaSettingsShape>
>;

/** Drops the alert, order and checkout settings the form did not send (undefined = unchanged). */
function definedOptionalSettings(values: Record<string, unknown>): OptionalSettingsValues {
  const out: Record<string, unknown> = {};
  const keys = [
    ...Object.keys(alertSettingsShape),
    ...Object.keys(orderSettingsShape),
    ...Object.keys(checkoutSettingsShape),
    ...Object.keys(inboundEtaSettingsShape),
  ];
  for (const key of keys) if (values[key] !== undefined) out[key] = values[key];
  return out as OptionalSettingsValues;
}

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
    ...alertSettingsShape,
    ...orderSettingsShape,
    ...checkoutSettingsShape,
    ...inboundEtaSettingsShape,
  })
  .transform(({ lowStockThreshold, defaultLeadTimeDays, defaultCap, timeZone, weekendDays, holidays, ...rest }) => {
    const wording = rest as unknown as Record<string, string>;
    const alerts = definedOptionalSettings(rest as Record<string, unknown>);
    const storefrontWording: Record<string, string> = {};
    for (const state of STOREFRONT_WORDING_STATES) {
      const value = wording[wordingField(state)];
      if (value) storefrontWording[state] = value;
    }
    return { lowStockThreshold, defaultLeadTimeDays, defaultCap, timeZone, weekendDays, holidays, storefrontWording, ...alerts };
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
