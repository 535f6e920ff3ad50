import { useMemo } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Box, Card, Checkbox, FormLayout, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { ShopSettingsValidationError, getShopSettings, saveShopSettings } from "../services/shop-settings.server";
import {
  STOREFRONT_WORDING_MAX_LENGTH,
  STOREFRONT_WORDING_STATES,
  WEEKDAY_NAMES,
  parseShopSettingsForm,
  settingsFieldName,
  wordingField,
  type StorefrontWordingState,
} from "../schemas/shop-settings";
import { toFormData, type FieldErrors } from "../schemas/form-helpers";
import { STATE_LABELS } from "../components/backorder-state-badge";
import { useEditableForm } from "../components/use-editable-form";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const settings = await getShopSettings(session.shop);
  // The select lists every IANA zone the server knows (the browser's list may differ: render the server's).
  const timeZones = Intl.supportedValuesOf("timeZone");
  if (!timeZones.includes(settings.timeZone)) timeZones.unshift(settings.timeZone);
  return { settings, timeZones };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseShopSettingsForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  try {
    const settings = await saveShopSettings(session.shop, parsed.data, systemClock());
    return { ok: true as const, settings };
  } catch (error) {
    if (!(error instanceof ShopSettingsValidationError)) throw error;
    const errors: FieldErrors = {};
    for (const issue of error.issues) errors[settingsFieldName(issue.field)] ??= issue.message;
    return data({ ok: false as const, errors }, { status: 422 });
  }
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

// ---------------------------------------------------------------------------------------------------------------

const WORDING_PLACEHOLDERS: Record<StorefrontWordingState, string> = {
  in_stock: "In stock",
  low_stock: "Only a few left",
  backorder: "On backorder: ships by {eta}",
  backorder_cap_reached: "Sold out: backorders are full",
  sold_out: "Sold out",
  discontinued: "No longer available",
};

type FormState = {
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
};

type OrderFlag = (typeof ORDER_FLAG_OPTIONS)[number]["key"];

// The order settings, in the order the merchant reads them.
const ORDER_FLAG_OPTIONS = [
  { key: "tagBackorderedOrders", label: "Tag orders with backordered items “backorder”", help: "Removed again when nothing is owed any more, so you can filter orders in Shopify." },
  { key: "noteEtaOnOrders", label: "Write each backordered item's ship date into the order", help: "A block in the order note (your own note text is kept) and an order metafield." },
  { key: "holdBackorderedLines", label: "Hold backordered items and ship the rest now", help: "Splits the fulfillment so in-stock items can ship, holds the backordered part, and releases it when stock arrives." },
  { key: "flagUnseenBackorders", label: "Flag orders where the shopper did not see the backorder notice", help: "Tags “backorder-review” (quick-add buttons, social channels, draft orders) so you can contact the customer." },
  { key: "sendBackorderConfirm", label: "Email the customer each backordered item's ship date after the order", help: "" },
  { key: "sendDelayNotices", label: "Email the customer when a ship date moves later or passes", help: "Once per order line and date, with a link to ask to cancel that item." },
  { key: "sendShippingSoon", label: "Email the customer when their backordered item is on its way", help: "Sent when arriving stock releases the hold." },
] as const;

type Settings = ReturnType<typeof useLoaderData<typeof loader>>["settings"];

function formOf(settings: Settings): FormState {
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
  };
}

export default function SettingsPage() {
  const { settings, timeZones } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const { form, set, errors, submit, pageActions } = useEditableForm({
    saved: settings,
    toForm: formOf,
    fetcher,
    check: parseShopSettingsForm,
    invalidToast: "Settings not saved: fix the highlighted fields",
    onSaved: () => shopify.toast.show("Settings saved"),
  });

  const save = () =>
    submit(
      toFormData({
        lowStockThreshold: form.lowStockThreshold,
        defaultLeadTimeDays: form.defaultLeadTimeDays,
        defaultCap: form.defaultCap,
        timeZone: form.timeZone,
        weekendDays: form.weekendDays,
        holidays: form.holidays,
        ...Object.fromEntries(STOREFRONT_WORDING_STATES.map((state) => [wordingField(state), form.wording[state] ?? ""])),
        alertsAutoSend: form.alertsAutoSend,
        alertMultiplier: form.alertMultiplier,
        alertBatchIntervalMins: form.alertBatchIntervalMins,
        pendingExpiryDays: form.pendingExpiryDays,
        requireConsent: form.requireConsent,
        alertsOnBackorder: form.alertsOnBackorder,
        senderName: form.senderName,
        highDemandThreshold: form.highDemandThreshold,
        ...form.orderFlags,
        delayApologyText: form.delayApologyText,
      }),
    );

  const timeZoneOptions = useMemo(() => timeZones.map((zone) => ({ label: zone.replace(/_/g, " "), value: zone })), [timeZones]);
  const errorCount = Object.keys(errors).length;

  return (
    <Page
      title="Settings"
      subtitle="Defaults for backorders, the business calendar behind ETAs, what shoppers read, and restock alerts."
      {...pageActions(save)}
    >
      <Layout>
        {errorCount > 0 && (
          <Layout.Section>
            <Banner tone="critical" title={`Settings not saved: ${errorCount === 1 ? "1 field needs" : `${errorCount} fields need`} attention`}>
              <p>{errors[""] ?? "Check the highlighted fields below."}</p>
            </Banner>
          </Layout.Section>
        )}

        <Layout.AnnotatedSection
          id="defaults"
          title="Backorder defaults"
          description="Filled in when you turn on backorders for a variant that has no lead time, ETA or cap of its own."
        >
          <Card>
            <FormLayout>
              <FormLayout.Group>
                <TextField
                  label="Default lead time"
                  type="number"
                  min={0}
                  autoComplete="off"
                  suffix="business days"
                  value={form.defaultLeadTimeDays}
                  onChange={(defaultLeadTimeDays) => set({ defaultLeadTimeDays })}
                  error={errors.defaultLeadTimeDays}
                  helpText="Ships this many business days after the order. Empty: no default."
                />
                <TextField
                  label="Default cap"
                  type="number"
                  min={0}
                  autoComplete="off"
                  suffix="units"
                  value={form.defaultCap}
                  onChange={(defaultCap) => set({ defaultCap })}
                  error={errors.defaultCap}
                  helpText="Most units sold without stock per variant. Empty: no cap."
                />
              </FormLayout.Group>
              <TextField
                label="Low-stock threshold"
                type="number"
                min={0}
                autoComplete="off"
                suffix="units"
                value={form.lowStockThreshold}
                onChange={(lowStockThreshold) => set({ lowStockThreshold })}
                error={errors.lowStockThreshold}
                helpText="A variant with this many units or fewer shows as “Low stock”. 0 turns it off."
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection
          id="calendar"
          title="Business days"
          description="Lead times skip the days you don't ship. “Ships in 3 business days” ordered on a Friday ships on Wednesday."
        >
          <Card>
            <FormLayout>
              <Select
                label="Shop time zone"
                options={timeZoneOptions}
                value={form.timeZone}
                onChange={(timeZone) => set({ timeZone })}
                error={errors.timeZone}
                helpText="ETA dates and “today” are counted in this time zone. It starts as your Shopify store's time zone."
              />
              <BlockStack gap="200">
                <Text as="p" variant="bodyMd">
                  Days you don't ship
                </Text>
                <InlineGrid columns={{ xs: 2, sm: 4 }} gap="200">
                  {WEEKDAY_NAMES.map((name, day) => (
                    <Checkbox
                      key={name}
                      label={name}
                      checked={form.weekendDays.includes(day)}
                      onChange={(checked) =>
                        set({
                          weekendDays: checked
                            ? [...form.weekendDays, day].sort((a, b) => a - b)
                            : form.weekendDays.filter((d) => d !== day),
                        })
                      }
                    />
                  ))}
                </InlineGrid>
                {errors.weekendDays && (
                  <Text as="p" tone="critical">
                    {errors.weekendDays}
                  </Text>
                )}
              </BlockStack>
              <TextField
                label="Holidays"
                multiline={4}
                autoComplete="off"
                placeholder={"2026-12-25\n2027-01-01"}
                value={form.holidays}
                onChange={(holidays) => set({ holidays })}
                error={errors.holidays}
                helpText="Dates you don't ship, one per line as YYYY-MM-DD."
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection
          id="wording"
          title="Storefront wording"
          description="What shoppers read on the product page for each state. Leave a field empty to use the default shown in it. {eta} is replaced by the ship date."
        >
          <Card>
            <FormLayout>
              {STOREFRONT_WORDING_STATES.map((state) => (
                <TextField
                  key={state}
                  label={STATE_LABELS[state]}
                  autoComplete="off"
                  maxLength={STOREFRONT_WORDING_MAX_LENGTH}
                  placeholder={WORDING_PLACEHOLDERS[state]}
                  value={form.wording[state] ?? ""}
                  onChange={(value) => set({ wording: { ...form.wording, [state]: value } })}
                  error={errors[wordingField(state)]}
                />
              ))}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          id="alerts"
          title="Restock alerts"
          description="How shoppers on the waitlist are emailed when a variant is back. Alerts go out in batches so the stock is not oversold to a crowd."
        >
          <Card>
            <FormLayout>
              <Checkbox
                label="Send alerts automatically when stock arrives"
                checked={form.alertsAutoSend}
                onChange={(alertsAutoSend) => set({ alertsAutoSend })}
                error={errors.alertsAutoSend}
                helpText="Off: restocks are still detected, and you send from the Waitlist page with “Send alerts now”."
              />
              <FormLayout.Group>
                <TextField
                  label="Subscribers per restocked unit"
                  type="number"
                  min={0.1}
                  step={0.1}
                  autoComplete="off"
                  value={form.alertMultiplier}
                  onChange={(alertMultiplier) => set({ alertMultiplier })}
                  error={errors.alertMultiplier}
                  helpText="5 units back and 2 here: the 10 who waited longest hear first. Not everyone buys, so more than 1 sells faster."
                />
                <TextField
                  label="Time between batches"
                  type="number"
                  min={5}
                  autoComplete="off"
                  suffix="minutes"
                  value={form.alertBatchIntervalMins}
                  onChange={(alertBatchIntervalMins) => set({ alertBatchIntervalMins })}
                  error={errors.alertBatchIntervalMins}
                  helpText="While stock lasts, the next subscribers are emailed after this wait."
                />
              </FormLayout.Group>
              <Checkbox
                label="Ask shoppers to confirm their email (double opt-in)"
                checked={form.requireConsent}
                onChange={(requireConsent) => set({ requireConsent })}
                error={errors.requireConsent}
                helpText="Recommended (required in parts of the EU): a signup only counts once the shopper clicks the link in the confirmation email."
              />
              <FormLayout.Group>
                <TextField
                  label="Unconfirmed signups expire after"
                  type="number"
                  min={1}
                  autoComplete="off"
                  suffix="days"
                  value={form.pendingExpiryDays}
                  onChange={(pendingExpiryDays) => set({ pendingExpiryDays })}
                  error={errors.pendingExpiryDays}
                />
                <TextField
                  label="High demand at"
                  type="number"
                  min={1}
                  autoComplete="off"
                  suffix="waiting"
                  value={form.highDemandThreshold}
                  onChange={(highDemandThreshold) => set({ highDemandThreshold })}
                  error={errors.highDemandThreshold}
                  helpText="The Waitlist page flags variants with at least this many confirmed subscribers."
                />
              </FormLayout.Group>
              <Checkbox
                label="Also alert when a variant can be ordered on backorder"
                checked={form.alertsOnBackorder}
                onChange={(alertsOnBackorder) => set({ alertsOnBackorder })}
                error={errors.alertsOnBackorder}
                helpText="Off: alerts go out only when units are in stock."
              />
              <TextField
                label="Sender name"
                autoComplete="off"
                maxLength={80}
                value={form.senderName}
                onChange={(senderName) => set({ senderName })}
                error={errors.senderName}
                helpText="Shown as the “From” name of alert emails. Empty: your store's name."
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection
          id="orders"
          title="Orders with backordered items"
          description="What happens after a shopper buys something on backorder: in Shopify (tags, notes, fulfillment holds) and in the customer's inbox."
        >
          <Card>
            <FormLayout>
              {ORDER_FLAG_OPTIONS.map(({ key, label, help }) => (
                <Checkbox
                  key={key}
                  label={label}
                  checked={form.orderFlags[key]}
                  onChange={(checked) => set({ orderFlags: { ...form.orderFlags, [key]: checked } })}
                  error={errors[key]}
                  helpText={help || undefined}
                />
              ))}
              <TextField
                label="Your words in delay emails"
                autoComplete="off"
                multiline={3}
                maxLength={1000}
                value={form.delayApologyText}
                onChange={(delayApologyText) => set({ delayApologyText })}
                error={errors.delayApologyText}
                helpText="Shown above the new ship date. Empty: a short apology in the customer's language."
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.Section>
          <Box paddingBlockEnd="400" />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
