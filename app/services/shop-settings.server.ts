// The merchant's backorder settings (ShopSettings): defaults for new backorders, the business calendar that turns
// lead times into ETA dates, the shop time zone, storefront wording per state and the low-stock threshold — and how
// restock alerts are sent (auto-send, batch size and interval, double opt-in, sender name, high-demand threshold),
// and whether caps are enforced at checkout (the checkout validation, app/services/checkout-validation.server.ts).
//
// Saving validates everything first (ShopSettingsValidationError, nothing written) and then keeps derived data in
// step: a new threshold re-derives every variant's state; a new threshold, calendar or time zone changes what the
// storefront metafields say (state, lead-time ETA dates), so a `storefront.metafields.sync` job is queued (the
// digest makes it write only the variants whose metafields actually changed).
//
// The ShopSettings row is read and written by app/models/shop-settings.server.ts (getShopSettings lives there, so
// the services this module keeps in step — variant states, storefront metafields — can read settings without
// importing this module back); it is re-exported here for every other caller.

import { isValidLocalDate, isValidTimeZone } from "#app/domain/eta";
import { LEAD_TIME_MAX_DAYS } from "#app/domain/backorder-csv";
import type { BackorderState } from "#app/domain/types";
import {
  getShopSettings,
  ORDER_FLAGS,
  writeShopSettings,
  type ShopSettingsRowUpdate,
  type ShopSettingsView,
} from "#app/models/shop-settings.server";
import { enqueueStorefrontSync } from "./storefront-metafields.server";
import type { GatewaySource } from "#app/shopify/gateway-source";
import {
  getCheckoutValidationStatus,
  requestCheckoutValidationSync,
  syncCheckoutValidation,
  type CheckoutValidationGateway,
  type CheckoutValidationState,
} from "./checkout-validation.server";
import { refreshVariantStates } from "./variant-states.server";
import { INBOUND_ETA_MODES, INBOUND_HANDLING_DAYS_MAX, isInboundEtaMode } from "#app/domain/inbound-eta";
import { requestRun } from "#app/jobs/enqueue.server";
import { INBOUND_ETA_JOB } from "#app/jobs/job-types";

export { getShopSettings, ORDER_FLAGS, type ShopSettingsView };

export const BACKORDER_STATES: readonly BackorderState[] = [
  "in_stock", "low_stock", "backorder", "backorder_cap_reached", "sold_out", "untracked", "discontinued",
];
export const WORDING_MAX_LENGTH = 500;
const LOW_STOCK_MAX = 1_000_000;
const HOLIDAYS_MAX = 366;

export type SettingsIssue = { field: string; message: string };

export class ShopSettingsValidationError extends Error {
  readonly issues: SettingsIssue[];
  constructor(issues: SettingsIssue[]) {
    super(`Invalid settings: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
    this.name = "ShopSettingsValidationError";
    this.issues = issues;
  }
}

export const DELAY_APOLOGY_MAX = 1000;

const ALERT_MULTIPLIER_RANGE = [0.1, 100] as const;
const BATCH_INTERVAL_RANGE = [5, 7 * 24 * 60] as const;
const PENDING_EXPIRY_RANGE = [1, 90] as const;
const HIGH_DEMAND_RANGE = [1, 100_000] as const;
const SENDER_NAME_MAX = 80;

function validateAlerts(input: Partial<ShopSettingsView>, issues: SettingsIssue[]): void {
  const inRange = (n: unknown, [min, max]: readonly [number, number], whole: boolean) =>
    typeof n === "number" && Number.isFinite(n) && (!whole || Number.isInteger(n)) && n >= min && n <= max;
  for (const key of ["alertsAutoSend", "requireConsent", "alertsOnBackorder", "enforceCapsAtCheckout"] as const) {
    if (input[key] !== undefined && typeof input[key] !== "boolean") issues.push({ field: key, message: "Choose on or off." });
  }
  if (input.alertMultiplier !== undefined && !inRange(input.alertMultiplier, ALERT_MULTIPLIER_RANGE, false)) {
    issues.push({ field: "alertMultiplier", message: `Subscribers per restocked unit must be a number from ${ALERT_MULTIPLIER_RANGE[0]} to ${ALERT_MULTIPLIER_RANGE[1]}.` });
  }
  if (input.alertBatchIntervalMins !== undefined && !inRange(input.alertBatchIntervalMins, BATCH_INTERVAL_RANGE, true)) {
    issues.push({ field: "alertBatchIntervalMins", message: `The time between batches must be ${BATCH_INTERVAL_RANGE[0]} to ${BATCH_INTERVAL_RANGE[1]} minutes.` });
  }
  if (input.pendingExpiryDays !== undefined && !inRange(input.pendingExpiryDays, PENDING_EXPIRY_RANGE, true)) {
    issues.push({ field: "pendingExpiryDays", message: `Unconfirmed signups expire after ${PENDING_EXPIRY_RANGE[0]} to ${PENDING_EXPIRY_RANGE[1]} days.` });
  }
  if (input.highDemandThreshold !== undefined && !inRange(input.highDemandThreshold, HIGH_DEMAND_RANGE, true)) {
    issues.push({ field: "highDemandThreshold", message: `The high-demand threshold must be a whole number from ${HIGH_DEMAND_RANGE[0]} to ${HIGH_DEMAND_RANGE[1].toLocaleString("en-US")}.` });
  }
  for (const key of ORDER_FLAGS) {
    if (input[key] !== undefined && typeof input[key] !== "boolean") issues.push({ field: key, message: "Choose on or off." });
  }
  if (input.delayApologyText !== undefined && input.delayApologyText !== null) {
    if (typeof input.delayApologyText !== "string" || input.delayApologyText.length > DELAY_APOLOGY_MAX) {
      issues.push({ field: "delayApologyText", message: `Keep the delay message under ${DELAY_APOLOGY_MAX} characters.` });
    }
  }
  if (input.inboundEtaMode !== undefined && !isInboundEtaMode(input.inboundEtaMode)) {
    issues.push({ field: "inboundEtaMode", message: `Choose one of: ${INBOUND_ETA_MODES.join(", ")}.` });
  }
  if (input.inboundHandlingDays !== undefined && !inRange(input.inboundHandlingDays, [0, INBOUND_HANDLING_DAYS_MAX], true)) {
    issues.push({ field: "inboundHandlingDays", message: `The handling time must be a whole number of business days from 0 to ${INBOUND_HANDLING_DAYS_MAX}.` });
  }
  if (input.senderName !== undefined && input.senderName !== null) {
    // It goes into the From header: no line breaks (header injection), quotes or angle brackets.
    if (typeof input.senderName !== "string" || input.senderName.length > SENDER_NAME_MAX || /[\u0000-\u001f<>"]/.test(input.senderName)) {
      issues.push({ field: "senderName", message: `The sender name must be plain text up to ${SENDER_NAME_MAX} characters, without line breaks, quotes or < >.` });
    }
  }
}

const isWhole = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

function validate(input: Partial<ShopSettingsView>): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  if (input.lowStockThreshold !== undefined) {
    const n = input.lowStockThreshold;
    if (!isWhole(n) || n < 0 || n > LOW_STOCK_MAX) issues.push({ field: "lowStockThreshold", message: "Low-stock threshold must be a whole number ≥ 0 (0 turns it off)." });
  }
  if (input.defaultLeadTimeDays !== undefined && input.defaultLeadTimeDays !== null) {
    const n = input.defaultLeadTimeDays;
    if (!isWhole(n) || n < 0 || n > LEAD_TIME_MAX_DAYS) issues.push({ field: "defaultLeadTimeDays", message: `Default lead time must be a whole number of days from 0 to ${LEAD_TIME_MAX_DAYS}.` });
  }
  if (input.defaultCap !== undefined && input.defaultCap !== null) {
    const n = input.defaultCap;
    if (!isWhole(n) || n < 0) issues.push({ field: "defaultCap", message: "Default cap must be a whole number ≥ 0 (or empty for no cap)." });
  }
  if (input.timeZone !== undefined && (typeof input.timeZone !== "string" || !isValidTimeZone(input.timeZone))) {
    issues.push({ field: "timeZone", message: "Choose a time zone such as America/New_York." });
  }
  if (input.weekendDays !== undefined) {
    const days = input.weekendDays;
    if (!Array.isArray(days) || days.some((d) => !isWhole(d) || d < 0 || d > 6)) {
      issues.push({ field: "weekendDays", message: "Weekend days must be 0 (Sunday) to 6 (Saturday)." });
    } else if (new Set(days).size >= 7) {
      issues.push({ field: "weekendDays", message: "At least one day of the week must be a business day." });
    }
  }
  if (input.holidays !== undefined) {
    const days = input.holidays;
    if (!Array.isArray(days)) issues.push({ field: "holidays", message: "Holidays must be a list of dates." });
    else {
      const bad = days.filter((d) => !isValidLocalDate(d));
      if (bad.length) issues.push({ field: "holidays", message: `Not a date as YYYY-MM-DD: ${bad.slice(0, 5).join(", ")}.` });
      if (days.length > HOLIDAYS_MAX) issues.push({ field: "holidays", message: `At most ${HOLIDAYS_MAX} holidays.` });
    }
  }
  if (input.storefrontWording !== undefined) {
    const wording = input.storefrontWording;
    if (!wording || typeof wording !== "object" || Array.isArray(wording)) {
      issues.push({ field: "storefrontWording", message: "Wording must be an object keyed by state." });
    } else {
      for (const [state, text] of Object.entries(wording)) {
        if (!(BACKORDER_STATES as readonly string[]).includes(state)) {
          issues.push({ field: `storefrontWording.${state}`, message: `Unknown state "${state}".` });
        } else if (typeof text !== "string") {
          issues.push({ field: `storefrontWording.${state}`, message: "Wording must be text." });
        } else if (text.length > WORDING_MAX_LENGTH) {
          issues.push({ field: `storefrontWording.${state}`, message: `Wording must be at most ${WORDING_MAX_LENGTH} characters.` });
        }
      }
    }
  }
  validateAlerts(input, issues);
  return issues;
}

/**
 * Validates and saves a partial update (throws ShopSettingsValidationError before any write). Keeps derived data
 * in step: states are re-derived when the threshold changed; storefront metafields are re-synced in the background
 * when the threshold, calendar or time zone changed; the checkout validation is registered or removed when
 * "Enforce caps at checkout" changed — at once with `options.gateway` (the Settings page shows the outcome), else
 * by a background job.
 */
export async function saveShopSettings(
  shop: string,
  input: Partial<ShopSettingsView>,
  now: Date,
  options: { gateway?: GatewaySource<CheckoutValidationGateway> } = {},
): Promise<ShopSettingsView> {
  const issues = validate(input);
  if (issues.length) throw new ShopSettingsValidationError(issues);
  const before = await getShopSettings(shop);

  const data: ShopSettingsRowUpdate = {};
  for (const key of ["alertsAutoSend", "alertMultiplier", "alertBatchIntervalMins", "pendingExpiryDays", "requireConsent", "alertsOnBackorder", "highDemandThreshold", "enforceCapsAtCheckout", "inboundEtaMode", "inboundHandlingDays", ...ORDER_FLAGS] as const) {
    if (input[key] !== undefined) (data as Record<string, unknown>)[key] = input[key];
  }
  if (input.delayApologyText !== undefined) data.delayApologyText = input.delayApologyText?.trim() || null;
  if (input.senderName !== undefined) data.senderName = input.senderName?.trim() || null;
  if (input.lowStockThreshold !== undefined) data.lowStockThreshold = input.lowStockThreshold;
  if (input.defaultLeadTimeDays !== undefined) data.defaultLeadTimeDays = input.defaultLeadTimeDays;
  if (input.defaultCap !== undefined) data.defaultCap = input.defaultCap;
  if (input.timeZone !== undefined) data.timeZone = input.timeZone;
  if (input.weekendDays !== undefined) data.weekendDays = [...new Set(input.weekendDays)].sort((a, b) => a - b).join(",");
  if (input.holidays !== undefined) data.holidays = [...new Set(input.holidays)].sort().join(",");
  if (input.storefrontWording !== undefined) {
    const wording: Record<string, string> = {};
    for (const [state, text] of Object.entries(input.storefrontWording)) if (text.trim()) wording[state] = text.trim();
    data.storefrontWording = JSON.stringify(wording);
  }
  await writeShopSettings(shop, data);
  const after = await getShopSettings(shop);

  const thresholdChanged = after.lowStockThreshold !== before.lowStockThreshold;
  const calendarChanged =
    after.timeZone !== before.timeZone ||
    after.weekendDays.join(",") !== before.weekendDays.join(",") ||
    after.holidays.join(",") !== before.holidays.join(",");
  if (thresholdChanged) await refreshVariantStates(shop);
  if (thresholdChanged || calendarChanged) await enqueueStorefrontSync(shop, null, now);
  // Inbound ETAs: switching to automatic (or a new handling time or calendar under it) recomputes every owed variant.
  const inboundInputsChanged = after.inboundEtaMode !== before.inboundEtaMode || after.inboundHandlingDays !== before.inboundHandlingDays || calendarChanged;
  if (after.inboundEtaMode === "automatic" && inboundInputsChanged) {
    await requestRun({ shop, type: INBOUND_ETA_JOB, payload: { variantIds: null }, runAt: now });
  }
  if (after.enforceCapsAtCheckout !== before.enforceCapsAtCheckout) {
    // At once when the caller has a gateway (the page shows the outcome); a failure worth retrying goes to the job.
    const synced = options.gateway ? await syncCheckoutValidation({ shop, gateway: options.gateway, now }) : null;
    if (!synced || synced.retryable) await requestCheckoutValidationSync(shop, now);
  }
  return after;
}

/** The Settings page: the settings and the checkout validation's last outcome. */
export async function getSettingsPage(shop: string): Promise<{ settings: ShopSettingsView; checkoutValidation: CheckoutValidationState }> {
  const [settings, checkoutValidation] = await Promise.all([getShopSettings(shop), getCheckoutValidationStatus(shop)]);
  return { settings, checkoutValidation };
}

/** The Settings page's save: the settings as saved and the checkout validation's state after it. */
export async function saveSettingsPage(input: {
  shop: string;
  settings: Partial<ShopSettingsView>;
  gateway: GatewaySource<CheckoutValidationGateway>;
  now: Date;
}): Promise<{ settings: ShopSettingsView; checkoutValidation: CheckoutValidationState }> {
  const settings = await saveShopSettings(input.shop, input.settings, input.now, { gateway: input.gateway });
  return { settings, checkoutValidation: await getCheckoutValidationStatus(input.shop) };
}
