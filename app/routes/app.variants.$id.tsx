import { useState } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Card,
  Checkbox,
  DataTable,
  EmptyState,
  InlineStack,
  Layout,
  Page,
  Text,
  TextField,
  Thumbnail,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { createAdminGateway } from "../shopify/admin-gateway.server";
import { toGid } from "../shopify/gid";
import { getVariantDetail, saveVariantSettings } from "../services/variant-detail.server";
import { actorOfAdmin } from "../shopify/admin-actor";
import { parseVariantSettingsForm, variantSettingsChanges } from "../schemas/variant-settings";
import { CAP_MAX, INTERNAL_NOTE_MAX_LENGTH, MESSAGE_MAX_LENGTH } from "../schemas/fields";
import { toFormData } from "../schemas/form-helpers";
import { BackorderStateBadge } from "../components/backorder-state-badge";
import { EtaFields, etaFieldValues, type EtaFieldValues } from "../components/eta-fields";
import { ChangeHistory } from "../components/change-history";
import { ActionResultBanner, countsOf, summarizeResult, type ResultCounts } from "../components/action-result-banner";
import { formatDateTime, formatLocalDate, plural } from "../components/format";
import { useEditableForm } from "../components/use-editable-form";
import { SectionCard } from "../components/section-card";
import { systemClock } from "../clock.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const variantId = toGid("ProductVariant", params.id ?? "");
  const detail = variantId ? await getVariantDetail(session.shop, variantId, systemClock()) : null;
  if (!detail) throw new Response("Variant not found", { status: 404, statusText: "Not Found" });
  return detail;
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { admin, session } = context;
  const variantId = toGid("ProductVariant", params.id ?? "");
  if (!variantId) throw new Response("Variant not found", { status: 404, statusText: "Not Found" });
  const parsed = parseVariantSettingsForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  const outcome = await saveVariantSettings({
    shop: session.shop,
    variantId,
    changes: variantSettingsChanges(parsed.data),
    actor: actorOfAdmin(context),
    gateway: createAdminGateway(admin.graphql, { shop: session.shop }),
    now: systemClock(),
  });
  if (!outcome.ok) return data({ ok: false as const, errors: outcome.errors }, { status: 422 });
  return outcome;
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

/** 404 gets a friendly page; everything else goes to Shopify's boundary (auth responses keep working). */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title="Variant not found" backAction={{ content: "Variants", url: "/app/variants" }}>
        <Card>
          <EmptyState heading="This variant isn't in your catalog" action={{ content: "Back to variants", url: "/app/variants" }} image="">
            <p>It may have been deleted in Shopify, or the link is wrong. The variants list shows everything the app knows about.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  return boundary.error(error);
}

// ---------------------------------------------------------------------------------------------------------------

type FormState = {
  enabled: boolean;
  eta: EtaFieldValues;
  cap: string;
  message: string;
  internalNote: string;
  discontinued: boolean;
};

function initialForm(settings: ReturnType<typeof useLoaderData<typeof loader>>["settings"]): FormState {
  return {
    enabled: settings.enabled,
    eta: etaFieldValues(settings),
    cap: settings.cap === null ? "" : String(settings.cap),
    message: settings.message ?? "",
    internalNote: settings.internalNote ?? "",
    discontinued: settings.discontinued,
  };
}

const SOURCE_LABELS: Record<string, string> = { manual: "you", rule: "an automation rule", csv: "a CSV import" };

export default function VariantDetailPage() {
  const detail = useLoaderData<typeof loader>();
  const { variant, product, settings, status, shop } = detail;
  const fetcher = useFetcher<typeof action>();
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

  const capValue = form.cap.trim() === "" ? null : Number(form.cap);
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
        {status.etaOverdue && settings.etaDate && (
          <Layout.Section>
            <Banner tone="critical" title={`The ETA (${formatLocalDate(settings.etaDate)}) has passed`}>
              <p>Shoppers are still promised a date in the past. Set a new ETA, or switch to a lead time.</p>
            </Banner>
          </Layout.Section>
        )}

        <Layout.Section>
          <BlockStack gap="400">
            <SectionCard title="Backorder settings" gap="400">
              <Checkbox
                label="Sell on backorder when out of stock"
                helpText="Sets Shopify's policy to “continue selling” while the cap allows, and shows the ETA on the product page."
                checked={form.enabled}
                onChange={(enabled) => set({ enabled })}
                disabled={form.discontinued}
                error={errors.enabled}
              />
              <EtaFields values={form.eta} onChange={(eta) => set({ eta })} errors={errors} today={shop.today} />
              {status.shopperEta && !dirty && (
                <Text as="p" tone="subdued">
                  A shopper ordering today is told it ships by {formatLocalDate(status.shopperEta.date)}
                  {status.shopperEta.source === "lead_time" ? ` (lead time, ${shop.timeZone})` : ""}.
                </Text>
              )}
              <TextField
                label="Backorder cap"
                type="number"
                min={0}
                max={CAP_MAX}
                autoComplete="off"
                value={form.cap}
                onChange={(cap) => set({ cap })}
                error={errors.cap}
                suffix="units"
                placeholder={shop.defaultCap !== null ? `Shop default: ${shop.defaultCap}` : "No cap"}
                helpText={`Most units that may be sold without stock; empty = no cap. ${plural(status.unitsBackordered, "unit")} backordered so far${
                  capValue !== null && Number.isFinite(capValue) ? `, ${Math.max(0, capValue - status.unitsBackordered)} left` : ""
                }.`}
              />
              <TextField
                label="Shopper message"
                multiline={3}
                maxLength={MESSAGE_MAX_LENGTH}
                showCharacterCount
                autoComplete="off"
                value={form.message}
                onChange={(message) => set({ message })}
                error={errors.message}
                helpText="Shown on the product page instead of the default backorder wording from Settings."
              />
              <Checkbox
                label="Discontinued: no restock expected"
                helpText="Stops selling once out of stock and turns backorders off, whatever the automation rules say."
                checked={form.discontinued}
                onChange={(discontinued) => set({ discontinued, enabled: discontinued ? false : form.enabled })}
                error={errors.discontinued}
              />
            </SectionCard>

            <SectionCard title="Internal note" gap="200">
              <TextField
                label="Internal note"
                labelHidden
                multiline={3}
                maxLength={INTERNAL_NOTE_MAX_LENGTH}
                autoComplete="off"
                value={form.internalNote}
                onChange={(internalNote) => set({ internalNote })}
                error={errors.internalNote}
                helpText="Only staff see this, e.g. the supplier's PO number."
              />
            </SectionCard>

            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between">
                  <Text as="h2" variant="headingMd">
                    Orders waiting for this variant
                  </Text>
                  {detail.openOrdersCount > 0 && <Badge>{plural(detail.openOrdersCount, "order line")}</Badge>}
                </InlineStack>
                {detail.openOrders.length === 0 ? (
                  <Text as="p" tone="subdued">
                    No open orders are holding backordered units of this variant. Orders placed on backorder appear here until they ship.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "text", "numeric", "text", "text"]}
                    headings={["Order", "Customer", "Units owed", "Promised", "Ordered"]}
                    rows={detail.openOrders.map((line) => [
                      line.orderName ?? line.orderId.split("/").pop() ?? line.orderId,
                      line.customerEmail ?? "—",
                      line.quantityOwed,
                      line.etaCurrent ? formatLocalDate(line.etaCurrent) : line.etaPromised ? formatLocalDate(line.etaPromised) : "—",
                      formatDateTime(line.orderedAt, shop.timeZone),
                    ])}
                    footerContent={
                      detail.openOrdersCount > detail.openOrders.length
                        ? `Showing the oldest ${detail.openOrders.length} of ${detail.openOrdersCount}`
                        : undefined
                    }
                  />
                )}
              </BlockStack>
            </Card>

            <SectionCard title="History">
              <ChangeHistory entries={detail.history} timeZone={shop.timeZone} />
            </SectionCard>
          </BlockStack>
        </Layout.Section>

        <Layout.Section variant="oneThird">
          <BlockStack gap="400">
            <Card>
              <BlockStack gap="300">
                <InlineStack gap="300" blockAlign="center" wrap={false}>
                  <Thumbnail source={variant.imageUrl ?? ImageIcon} alt={variant.imageUrl ? `${product.title} – ${variant.title}` : ""} />
                  <BlockStack gap="050">
                    <Text as="h2" variant="headingMd">
                      Status
                    </Text>
                    <BackorderStateBadge state={status.state} />
                  </BlockStack>
                </InlineStack>
                <Text as="p">{status.reason}</Text>
                <Fact label="Available" value={variant.tracked ? variant.available.toLocaleString("en-US") : "Not tracked"} />
                <Fact label="Shopify policy" value={variant.inventoryPolicy === "CONTINUE" ? "Continue selling" : "Stop selling"} />
                <Fact label="Backordered so far" value={plural(status.unitsBackordered, "unit")} />
                <Fact
                  label="Can still backorder"
                  value={status.remainingAllowance === null ? "No limit" : plural(status.remainingAllowance, "unit")}
                />
                {settings.updatedAt && (
                  <Text as="p" tone="subdued" variant="bodySm">
                    Last changed by {settings.source ? SOURCE_LABELS[settings.source] ?? settings.source : "you"}
                    {settings.updatedBy?.includes("@") && settings.source === "manual" ? ` (${settings.updatedBy})` : ""} on{" "}
                    {formatDateTime(settings.updatedAt, shop.timeZone)}.
                  </Text>
                )}
              </BlockStack>
            </Card>

            <SectionCard title="Waitlist" gap="200">
              <Text as="p" variant="headingLg">
                {plural(detail.waitlist.active, "shopper")}
              </Text>
              <Text as="p" tone="subdued">
                {detail.waitlist.active === 0 && detail.waitlist.pending === 0
                  ? "Nobody has asked to be told when it's back in stock."
                  : `waiting to hear when it's back in stock${detail.waitlist.pending ? `, plus ${detail.waitlist.pending} who haven't confirmed their email yet` : ""}.`}
              </Text>
            </SectionCard>

            <SectionCard title="Stock by location" gap="200">
              {detail.locations.length === 0 ? (
                <Text as="p" tone="subdued">
                  {variant.tracked ? "No inventory levels synced yet." : "Shopify doesn't track inventory for this variant."}
                </Text>
              ) : (
                detail.locations.map((location) => <Fact key={location.id} label={location.name} value={location.available.toLocaleString("en-US")} />)
              )}
              <Text as="p" tone="subdued" variant="bodySm">
                Synced {formatDateTime(variant.syncedAt, shop.timeZone)}
              </Text>
            </SectionCard>
          </BlockStack>
        </Layout.Section>
        <Layout.Section>
          <Box paddingBlockEnd="400" />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

function Fact({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between" gap="200">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" fontWeight="medium">
        {value}
      </Text>
    </InlineStack>
  );
}
