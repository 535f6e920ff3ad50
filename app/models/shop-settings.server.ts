// The ShopSettings row (one flat record per shop) and its read as the settings view: the schema's defaults for a
// shop without a row, the stored lists and wording parsed, the effective time zone resolved
// (app/domain/shop-time-zone.ts decides). Validation and keeping derived data in step on save are
// app/services/shop-settings.server.ts's.

import prisma from "#app/db.server";
import { isValidLocalDate } from "#app/domain/eta";
import { effectiveTimeZone } from "#app/domain/shop-time-zone";
import { DEFAULT_INBOUND_HANDLING_DAYS, isInboundEtaMode, type InboundEtaMode } from "#app/domain/inbound-eta";

export type ShopSettingsView = {
  lowStockThreshold: number;
  defaultLeadTimeDays: number | null;
  defaultCap: number | null;
  /** Effective IANA zone: the override in settings, else the shop's own zone, else UTC. */
  timeZone: string;
  /** 0 = Sunday … 6 = Saturday: days that are not business days. */
  weekendDays: number[];
  /** YYYY-MM-DD closed dates, sorted. */
  holidays: string[];
  /** Shopper wording per backorder state (keys are BackorderState values), used by the theme extension. */
  storefrontWording: Record<string, string>;
  // Restock alerts (see app/services/restock-fanout.server.ts):
  /** false: restocks are detected, but the merchant sends alerts by hand from the Waitlist page. */
  alertsAutoSend: boolean;
  /** Subscribers notified per restocked unit in one batch (1 = one email per unit). */
  alertMultiplier: number;
  /** Minutes between batches while stock lasts. */
  alertBatchIntervalMins: number;
  /** Days an unconfirmed (double opt-in pending) signup is kept. */
  pendingExpiryDays: number;
  /** Shoppers tick a consent checkbox on the notify-me form (the double opt-in email is always sent). */
  requireConsent: boolean;
  /** Also alert when a variant becomes orderable on backorder (not only when stock arrives). */
  alertsOnBackorder: boolean;
  /** The "From" display name of alert emails; null = the shop's name. */
  senderName: string | null;
  /** Waiting subscribers on one variant that mark it as high demand on the Waitlist page. */
  highDemandThreshold: number;
  // Orders with backordered lines (see app/services/order-actions.server.ts and delay-notices.server.ts):
  /** Tag such orders `backorder` while something is owed. */
  tagBackorderedOrders: boolean;
  /** Split off and hold the backordered part of the fulfilment so in-stock items ship now. */
  holdBackorderedLines: boolean;
  /** Write each backordered line's ETA into the order note and an order metafield. */
  noteEtaOnOrders: boolean;
  /** Tag `backorder-review` when an order reached backorder without the shopper seeing the notice. */
  flagUnseenBackorders: boolean;
  sendBackorderConfirm: boolean;
  sendDelayNotices: boolean;
  sendShippingSoon: boolean;
  /** The merchant's own words in delay emails; null = the default apology. */
  delayApologyText: string | null;
  /** Register the cart and checkout validation function, so caps hold in checkout (app/services/checkout-validation.server.ts). */
  enforceCapsAtCheckout: boolean;
  /** ETAs follow inbound shipments: off, suggest (the variant page offers the date), automatic (app/services/inbound-eta.server.ts). */
  inboundEtaMode: InboundEtaMode;
  /** Business days from a shipment's arrival to shipping the backordered units. */
  inboundHandlingDays: number;
};

const DEFAULTS = { lowStockThreshold: 5, weekendDays: "0,6", holidays: "", storefrontWording: "{}" };

function parseDays(text: string): number[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => /^[0-6]$/.test(s))
    .map(Number)
    .filter((d, i, all) => all.indexOf(d) === i)
    .sort((a, b) => a - b);
}

function parseHolidays(text: string): string[] {
  return [...new Set(text.split(",").map((s) => s.trim()).filter((s) => isValidLocalDate(s)))].sort();
}

function parseWording(text: string): Record<string, string> {
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    const out: Record<string, string> = {};
    for (const [key, wording] of Object.entries(value)) if (typeof wording === "string") out[key] = wording;
    return out;
  } catch {
    return {};
  }
}

export async function getShopSettings(shop: string): Promise<ShopSettingsView> {
  const [row, shopRow] = await Promise.all([
    prisma.shopSettings.findUnique({ where: { shop } }),
    prisma.shop.findUnique({ where: { shop }, select: { ianaTimezone: true } }),
  ]);
  return {
    lowStockThreshold: row?.lowStockThreshold ?? DEFAULTS.lowStockThreshold,
    defaultLeadTimeDays: row?.defaultLeadTimeDays ?? null,
    defaultCap: row?.defaultCap ?? null,
    timeZone: effectiveTimeZone({ override: row?.timeZone, shopZone: shopRow?.ianaTimezone }),
    weekendDays: parseDays(row?.weekendDays ?? DEFAULTS.weekendDays),
    holidays: parseHolidays(row?.holidays ?? DEFAULTS.holidays),
    storefrontWording: parseWording(row?.storefrontWording ?? DEFAULTS.storefrontWording),
    alertsAutoSend: row?.alertsAutoSend ?? ALERT_DEFAULTS.alertsAutoSend,
    alertMultiplier: row?.alertMultiplier ?? ALERT_DEFAULTS.alertMultiplier,
    alertBatchIntervalMins: row?.alertBatchIntervalMins ?? ALERT_DEFAULTS.alertBatchIntervalMins,
    pendingExpiryDays: row?.pendingExpiryDays ?? ALERT_DEFAULTS.pendingExpiryDays,
    requireConsent: row?.requireConsent ?? ALERT_DEFAULTS.requireConsent,
    alertsOnBackorder: row?.alertsOnBackorder ?? ALERT_DEFAULTS.alertsOnBackorder,
    senderName: row?.senderName ?? null,
    highDemandThreshold: row?.highDemandThreshold ?? ALERT_DEFAULTS.highDemandThreshold,
    ...Object.fromEntries(ORDER_FLAGS.map((key) => [key, row?.[key] ?? ORDER_DEFAULTS[key]])) as Record<OrderFlag, boolean>,
    delayApologyText: row?.delayApologyText ?? null,
    enforceCapsAtCheckout: row?.enforceCapsAtCheckout ?? true, // the schema's default: on for new installs
    inboundEtaMode: isInboundEtaMode(row?.inboundEtaMode) ? row.inboundEtaMode : "off",
    inboundHandlingDays: row?.inboundHandlingDays ?? DEFAULT_INBOUND_HANDLING_DAYS,
  };
}

// Same as the schema defaults of ShopSettings.
const ORDER_DEFAULTS = {
  tagBackorderedOrders: true,
  holdBackorderedLines: false,
  noteEtaOnOrders: true,
  flagUnseenBackorders: true,
  sendBackorderConfirm: true,
  sendDelayNotices: true,
  sendShippingSoon: true,
};
export const ORDER_FLAGS = Object.keys(ORDER_DEFAULTS) as (keyof typeof ORDER_DEFAULTS)[];
type OrderFlag = keyof typeof ORDER_DEFAULTS;

// Same as the schema defaults of ShopSettings (a shop without a row yet).
const ALERT_DEFAULTS = {
  alertsAutoSend: true,
  alertMultiplier: 1,
  alertBatchIntervalMins: 60,
  pendingExpiryDays: 7,
  requireConsent: true,
  alertsOnBackorder: false,
  highDemandThreshold: 10,
};

/** The stored columns a save may set (lists as comma-separated text, wording as JSON). */
export type ShopSettingsRowUpdate = {
  lowStockThreshold?: number;
  defaultLeadTimeDays?: number | null;
  defaultCap?: number | null;
  timeZone?: string;
  weekendDays?: string;
  holidays?: string;
  storefrontWording?: string;
  alertsAutoSend?: boolean;
  alertMultiplier?: number;
  alertBatchIntervalMins?: number;
  pendingExpiryDays?: number;
  requireConsent?: boolean;
  alertsOnBackorder?: boolean;
  senderName?: string | null;
  highDemandThreshold?: number;
  delayApologyText?: string | null;
  enforceCapsAtCheckout?: boolean;
  inboundEtaMode?: InboundEtaMode;
  inboundHandlingDays?: number;
} & Partial<Record<OrderFlag, boolean>>;

export async function writeShopSettings(shop: string, data: ShopSettingsRowUpdate): Promise<void> {
  await prisma.shopSettings.upsert({ where: { shop }, create: { shop, ...data }, update: data });
}
