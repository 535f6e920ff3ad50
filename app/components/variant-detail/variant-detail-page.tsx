// A variant's page (/app/variants/:id): its backorder settings form with the warnings that matter, the orders
// waiting for it, its history, and side cards for status, waitlist and stock.
import { useState } from "react";
import type { FetcherWithComponents } from "@remix-run/react";
import { Banner, BlockStack, Box, Layout, Page } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import type { SaveVariantOutcome, VariantDetail } from "../../services/variant-detail.server";
import { parseVariantSettingsForm } from "../../schemas/variant-settings";
import { toFormData, type FieldErrors } from "../../schemas/form-helpers";
import { BackorderStateBadge } from "../backorder-state-badge";
import { ChangeHistory } from "../change-history";
import { ActionResultBanner, countsOf, summarizeResult, type ResultCounts } from "../action-result-banner";
import { formatLocalDate } from "../format";
import { useEditableForm } from "../use-editable-form";
import { SectionCard } from "../section-card";
import { BackorderSettingsCard } from "./backorder-settings-card";
import { InternalNoteCard } from "./internal-note-card";
import { OpenOrdersCard } from "./open-orders-card";
import { StockByLocationCard } from "./stock-by-location-card";
import { initialForm } from "./variant-settings-form";
import { VariantStatusCard } from "./variant-status-card";
import { VariantWaitlistCard } from "./variant-waitlist-card";
import { InboundEtaBanner } from "./inbound-eta-banner";

export function VariantDetailPage({
  detail,
  fetcher,
}: {
  detail: VariantDetail;
  fetcher: FetcherWithComponents<{ ok: false; errors: FieldErrors } | Extract<SaveVariantOutcome, { ok: true }>>;
}) {
  const { variant, product, settings, status, shop } = detail;
  const shopify = useAppBridge();

  const [outcome, setOutcome] = useState<ResultCounts | null>(null);
  const { form, set, dirty, errors, submit, pageActions } = useEditableForm({
    saved: settings,
    toForm: initialForm,
    fetcher,
    check: parseVariantSettingsForm,
    invalidToast: "Fix the highlighted fields",
    onSaved: (result) => {
      const failed = result.result.failed.length > 0;
      shopify.toast.show(failed ? `Not saved: ${summarizeResult(result.result)}` : "Backorder settings saved", { isError: failed });
      setOutcome(failed ? countsOf(result.result) : null);
    },
  });

  const save = () =>
    submit(
      toFormData({
        intent: "save",
        enabled: form.enabled,
        ...form.eta,
        cap: form.cap,
        message: form.message,
        internalNote: form.internalNote,
        discontinued: form.discontinued,
      }),
    );

  const subtitle = [variant.title, variant.sku ? `SKU ${variant.sku}` : null, product.vendor].filter(Boolean).join(" · ");

  return (
    <Page
      backAction={{ content: "Variants", url: "/app/variants" }}
      title={product.title}
      subtitle={subtitle}
      titleMetadata={<BackorderStateBadge state={status.state} />}
      {...pageActions(save)}
    >
      <Layout>
        {outcome && (
          <Layout.Section>
            <ActionResultBanner
              title="Not saved"
              counts={outcome}
              variantLabel={() => `${product.title} – ${variant.title}`}
              onDismiss={() => setOutcome(null)}
            />
          </Layout.Section>
        )}
        {status.needsEta && (
          <Layout.Section>
            <Banner tone="warning" title="Selling on backorder without an ETA">
              <p>Shoppers can order this variant but aren't told when it ships. Set a date or a lead time below.</p>
            </Banner>
          </Layout.Section>
        )}
        {detail.inboundEta && (
          <Layout.Section>
            <InboundEtaBanner
              suggestion={detail.inboundEta}
              applying={fetcher.state !== "idle"}
              onApply={(eta) => submit(toFormData({ intent: "save", enabled: form.enabled, ...form.eta, etaMode: "date", etaDate: eta, cap: form.cap, message: form.message, internalNote: form.internalNote, discontinued: form.discontinued }))}
            />
          </Layout.Section>
        )}
        {status.etaOverdue && settings.etaDate && (
          <Layout.Section>
            <Banner tone="critical" title={`The ETA (${formatLocalDate(settings.etaDate)}) has passed`}>
              <p>Shoppers are still promised a date in the past. Set a new ETA, or switch to a lead time.</p>
            </Banner>
          </Layout.Section>
        )}

        <Layout.Section>
          <BlockStack gap="400">
            <BackorderSettingsCard form={form} set={set} errors={errors} dirty={dirty} status={status} shop={shop} />

            <InternalNoteCard form={form} set={set} errors={errors} />

            <OpenOrdersCard detail={detail} timeZone={shop.timeZone} />

            <SectionCard title="History">
              <ChangeHistory entries={detail.history} timeZone={shop.timeZone} />
            </SectionCard>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <VariantStatusCard detail={detail} />

            <VariantWaitlistCard waitlist={detail.waitlist} />

            <StockByLocationCard detail={detail} />
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Box paddingBlockEnd="400" />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
