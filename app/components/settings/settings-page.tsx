// The settings page (/app/settings): one form in sections, saved together, with Save / "Discard changes".
import { useMemo } from "react";
import type { FetcherWithComponents } from "@remix-run/react";
import { Banner, Box, Layout, Page } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import type { ShopSettingsView } from "../../services/shop-settings.server";
import { STOREFRONT_WORDING_STATES, parseShopSettingsForm, wordingField } from "../../schemas/shop-settings";
import { toFormData, type FieldErrors } from "../../schemas/form-helpers";
import { useEditableForm } from "../use-editable-form";
import { BackorderDefaultsSection } from "./backorder-defaults-section";
import { BusinessDaysSection } from "./business-days-section";
import { CheckoutEnforcementSection, type CheckoutValidationSummary } from "./checkout-enforcement-section";
import { OrderHandlingSection } from "./order-handling-section";
import { RestockAlertsSection } from "./restock-alerts-section";
import { formOf } from "./settings-form";
import { InboundEtaSection } from "./inbound-eta-section";
import { StorefrontWordingSection } from "./storefront-wording-section";

export function SettingsPage({
  settings,
  checkoutValidation,
  timeZones,
  fetcher,
}: {
  settings: ShopSettingsView;
  checkoutValidation: CheckoutValidationSummary;
  timeZones: string[];
  fetcher: FetcherWithComponents<{ ok: false; errors: FieldErrors } | { ok: true; settings: ShopSettingsView }>;
}) {
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
        enforceCapsAtCheckout: form.enforceCapsAtCheckout,
        inboundEtaMode: form.inboundEtaMode,
        inboundHandlingDays: form.inboundHandlingDays,
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

        <BackorderDefaultsSection form={form} set={set} errors={errors} />
        <BusinessDaysSection form={form} set={set} errors={errors} timeZoneOptions={timeZoneOptions} />
        <StorefrontWordingSection form={form} set={set} errors={errors} />
        <RestockAlertsSection form={form} set={set} errors={errors} />
        <OrderHandlingSection form={form} set={set} errors={errors} />
        <InboundEtaSection form={form} set={set} errors={errors} />
        <CheckoutEnforcementSection form={form} set={set} errors={errors} saved={settings.enforceCapsAtCheckout} checkoutValidation={checkoutValidation} />
        <Layout.Section>
          <Box paddingBlockEnd="400" />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
