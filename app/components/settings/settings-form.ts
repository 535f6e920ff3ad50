// The settings page's form: its fields as the inputs hold them, and how the saved settings fill them in.
import type { ShopSettingsView } from "../../services/shop-settings.server";
import { STOREFRONT_WORDING_STATES } from "../../schemas/shop-settings";
import type { FieldErrors } from "../../schemas/form-helpers";
import type { InboundEtaMode } from "../../domain/inbound-eta";

export type FormState = {
  lowStockThreshold: string;
  defaultLeadTimeDays: string;
  defaultCap: string;
  timeZone: string;
  weekendDays: number[];
  holidays: string;
  wording: Record<string, string>;
  alertsAutoSend: boolean;
  alertMultiplier: string;
  alertBatchIntervalMins: string;
  pendingExpiryDays: string;
  requireConsent: boolean;
  alertsOnBackorder: boolean;
  senderName: string;
  highDemandThreshold: string;
  orderFlags: Record<OrderFlag, boolean>;
  delayApologyText: string;
  enforceCapsAtCheckout: boolean;
  inboundEtaMode: InboundEtaMode;
  inboundHandlingDays: string;
};

export type OrderFlag = (typeof ORDER_FLAG_OPTIONS)[number]["key"];

// The order settings, in the order the merchant reads them.
export const ORDER_FLAG_OPTIONS = [
  { key: "tagBackorderedOrders", label: "Tag orders with backordered items “backorder”", help: "Removed again when nothing is owed any more, so you can filter orders in Shopify." },
  { key: "noteEtaOnOrders", label: "Write each backordered item's ship date into the order", help: "A block in the order note (your own note text is kept) and an order metafield." },
  { key: "holdBackorderedLines", label: "Hold backordered items and ship the rest now", help: "Splits the fulfillment so in-stock items can ship, holds the backordered part, and releases it when stock arrives." },
  { key: "flagUnseenBackorders", label: "Flag orders where the shopper did not see the backorder notice", help: "Tags “backorder-review” (quick-add buttons, social channels, draft orders) so you can contact the customer." },
  { key: "sendBackorderConfirm", label: "Email the customer each backordered item's ship date after the order", help: "" },
  { key: "sendDelayNotices", label: "Email the customer when a ship date moves later or passes", help: "Once per order line and date, with a link to ask to cancel that item." },
  { key: "sendShippingSoon", label: "Email the customer when their backordered item is on its way", help: "Sent when arriving stock releases the hold." },
] as const;

/** What every settings section gets: the form, its edit function (which clears the edited fields' errors) and the errors. */
export type SettingsSectionProps = { form: FormState; set: (patch: Partial<FormState>) => void; errors: FieldErrors };

export function formOf(settings: ShopSettingsView): FormState {
  return {
    lowStockThreshold: String(settings.lowStockThreshold),
    defaultLeadTimeDays: settings.defaultLeadTimeDays === null ? "" : String(settings.defaultLeadTimeDays),
    defaultCap: settings.defaultCap === null ? "" : String(settings.defaultCap),
    timeZone: settings.timeZone,
    weekendDays: [...settings.weekendDays].sort((a, b) => a - b),
    holidays: settings.holidays.join("\n"),
    wording: Object.fromEntries(STOREFRONT_WORDING_STATES.map((state) => [state, settings.storefrontWording[state] ?? ""])),
    alertsAutoSend: settings.alertsAutoSend,
    alertMultiplier: String(settings.alertMultiplier),
    alertBatchIntervalMins: String(settings.alertBatchIntervalMins),
    pendingExpiryDays: String(settings.pendingExpiryDays),
    requireConsent: settings.requireConsent,
    alertsOnBackorder: settings.alertsOnBackorder,
    senderName: settings.senderName ?? "",
    highDemandThreshold: String(settings.highDemandThreshold),
    orderFlags: Object.fromEntries(ORDER_FLAG_OPTIONS.map(({ key }) => [key, settings[key]])) as Record<OrderFlag, boolean>,
    delayApologyText: settings.delayApologyText ?? "",
    enforceCapsAtCheckout: settings.enforceCapsAtCheckout,
    inboundEtaMode: settings.inboundEtaMode,
    inboundHandlingDays: String(settings.inboundHandlingDays),
  };
}
