// /app/waitlist — restock-alert demand: which variants shoppers wait for, ranked by confirmed subscribers, with the
// high-demand threshold, the subscriber CSV export, and customers' data-request exports (privacy webhooks).
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  DataTable,
  EmptyState,
  InlineStack,
  Layout,
  List,
  Page,
  Pagination,
  Text,
  TextField,
  Thumbnail,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { getWaitlistOverview } from "../services/waitlist.server";
import { listComplianceExports } from "../services/compliance.server";
import { getShopParking } from "../services/shop-parking.server";
import { saveShopSettings, ShopSettingsValidationError } from "../services/shop-settings.server";
import { parseWaitlistPage, parseWaitlistThresholdForm } from "../schemas/waitlist";
import { toFormData, type FieldErrors } from "../schemas/form-helpers";
import type { BackorderStateValue } from "../schemas/variant-list";
import { BackorderStateBadge } from "../components/backorder-state-badge";
import { SectionCard } from "../components/section-card";
import { formatDateTime, legacyId, plural } from "../components/format";
import { useFileDownload } from "../components/file-download";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const [overview, dataRequests, parking] = await Promise.all([
    getWaitlistOverview(session.shop, { page: parseWaitlistPage(new URL(request.url).searchParams) }),
    listComplianceExports(session.shop),
    getShopParking(session.shop),
  ]);
  return { ...overview, dataRequests, parked: parking ? { since: parking.parkedAt.toISOString(), reason: parking.parkedReason } : null };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseWaitlistThresholdForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  try {
    const settings = await saveShopSettings(session.shop, { highDemandThreshold: parsed.data.highDemandThreshold }, systemClock());
    return { ok: true as const, highDemandThreshold: settings.highDemandThreshold };
  } catch (error) {
    if (!(error instanceof ShopSettingsValidationError)) throw error;
    const errors: FieldErrors = {};
    for (const issue of error.issues) errors[issue.field] ??= issue.message;
    return data({ ok: false as const, errors }, { status: 422 });
  }
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

// ---------------------------------------------------------------------------------------------------------------

function ThresholdForm({ saved }: { saved: number }) {
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const [value, setValue] = useState(String(saved));
  useEffect(() => setValue(String(saved)), [saved]);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) shopify.toast.show("High-demand threshold saved");
  }, [fetcher.state, fetcher.data, shopify]);
  const error = fetcher.data && !fetcher.data.ok ? fetcher.data.errors.highDemandThreshold ?? Object.values(fetcher.data.errors)[0] : undefined;
  return (
    <InlineStack gap="200" blockAlign="end" wrap={false}>
      <div style={{ maxWidth: 220 }}>
        <TextField
          label="High demand at"
          type="number"
          min={1}
          autoComplete="off"
          suffix="waiting"
          value={value}
          onChange={setValue}
          error={error}
        />
      </div>
      <Button
        disabled={value === String(saved)}
        loading={fetcher.state !== "idle"}
        onClick={() => fetcher.submit(toFormData({ intent: "threshold", highDemandThreshold: value }), { method: "post" })}
      >
        Save
      </Button>
    </InlineStack>
  );
}

function WaitlistEmptyState() {
  return (
    <Card>
      <EmptyState heading="No one is waiting for a restock yet" image="">
        <BlockStack gap="200">
          <p>Shoppers join the waitlist from the product page when a variant is sold out:</p>
          <List type="number">
            <List.Item>
              In your theme editor, add the app's <b>Notify me</b> block to the product page (Online Store → Themes → Customize →
              Product → Add block → Apps).
            </List.Item>
            <List.Item>A shopper enters their email on a sold-out variant and, if you ask for it in Settings, confirms it by email.</List.Item>
            <List.Item>They show up here, ranked by how many people wait. When stock arrives the app emails them in batches.</List.Item>
          </List>
        </BlockStack>
      </EmptyState>
    </Card>
  );
}

export default function WaitlistPage() {
  const overview = useLoaderData<typeof loader>();
  const { rows, totals, highDemandThreshold, alertsAutoSend, timeZone, page, dataRequests, parked } = overview;
  const download = useFileDownload("waitlist.csv");
  const [, setSearchParams] = useSearchParams();
  const goToPage = (number: number) =>
    setSearchParams((params) => {
      if (number > 1) params.set("page", String(number));
      else params.delete("page");
      return params;
    });

  const tableRows = rows.map((row) => [
    <InlineStack key={row.variantId} gap="300" blockAlign="center" wrap={false}>
      <Thumbnail source={row.imageUrl ?? ImageIcon} alt="" size="small" />
      <BlockStack gap="050">
        <Link to={`/app/waitlist/${legacyId(row.variantId)}`}>
          <Text as="span" fontWeight="semibold">
            {row.productTitle}
          </Text>
        </Link>
        <Text as="span" tone="subdued">
          {[row.variantTitle, row.sku].filter(Boolean).join(" · ")}
        </Text>
      </BlockStack>
    </InlineStack>,
    <InlineStack key="state" gap="100">
      {row.state ? <BackorderStateBadge state={row.state as BackorderStateValue} /> : <Badge>Not in catalog</Badge>}
      {row.highDemand && <Badge tone="critical">High demand</Badge>}
      {row.alertsPaused && <Badge tone="warning">Alerts paused</Badge>}
    </InlineStack>,
    row.waiting,
    row.pending,
    row.oldestSignupAt ? formatDateTime(row.oldestSignupAt, timeZone) : "—",
    row.notified,
    row.converted,
  ]);

  return (
    <Page
      title="Waitlist"
      subtitle="Shoppers waiting for a sold-out variant, most wanted first."
      primaryAction={{
        content: "Export CSV",
        disabled: totals.waiting + totals.pending + totals.notified === 0 && rows.length === 0,
        loading: download.pending === "csv",
        onAction: () => void download.start("csv", "/app/waitlist/export"),
      }}
    >
      <Layout>
        {parked && (
          <Layout.Section>
            <Banner tone="warning" title="Background work is paused for your store">
              <p>
                Shopify stopped accepting the app's access ({parked.reason ?? "access revoked"}), so catalog updates and alert emails
                wait. Reloading this page re-connects the app; waiting work then resumes on its own.
              </p>
            </Banner>
          </Layout.Section>
        )}
        {download.error && (
          <Layout.Section>
            <Banner tone="critical" title="Export failed" onDismiss={download.clearError}>
              <p>{download.error}</p>
            </Banner>
          </Layout.Section>
        )}
        {!alertsAutoSend && (
          <Layout.Section>
            <Banner tone="info" title="Alerts are sent by hand">
              <p>
                Automatic sending is off in <Link to="/app/settings">Settings</Link>: open a variant below and use “Send alerts now” when
                stock is back.
              </p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          {rows.length === 0 ? (
            <WaitlistEmptyState />
          ) : (
            <Card padding="0">
              <BlockStack gap="0">
                <div style={{ padding: "var(--p-space-400)" }}>
                  <InlineStack align="space-between" blockAlign="end" gap="400">
                    <BlockStack gap="100">
                      <Text as="h2" variant="headingMd">
                        Demand by variant
                      </Text>
                      <Text as="p" tone="subdued">
                        {plural(totals.waiting, "confirmed subscriber")} and {plural(totals.pending, "unconfirmed signup")} across{" "}
                        {plural(totals.variants, "variant")}; {plural(totals.notified, "alert")} sent, {plural(totals.converted, "purchase")}.
                      </Text>
                    </BlockStack>
                    <ThresholdForm saved={highDemandThreshold} />
                  </InlineStack>
                </div>
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "numeric", "text", "numeric", "numeric"]}
                  headings={["Variant", "Status", "Waiting", "Unconfirmed", "Oldest signup", "Notified", "Bought"]}
                  rows={tableRows}
                />
                {page.pageCount > 1 && (
                  <div style={{ padding: "var(--p-space-400)" }}>
                    <InlineStack align="center">
                      <Pagination
                        hasPrevious={page.number > 1}
                        onPrevious={() => goToPage(page.number - 1)}
                        hasNext={page.number < page.pageCount}
                        onNext={() => goToPage(page.number + 1)}
                        label={`Variants ${page.firstRank}–${page.lastRank} of ${totals.variants.toLocaleString("en-US")}, most wanted first`}
                      />
                    </InlineStack>
                  </div>
                )}
              </BlockStack>
            </Card>
          )}
        </Layout.Section>
        <Layout.Section>
          <SectionCard
            title="Customer data requests"
            description="When a customer asks your store for their data, Shopify tells the app and the app prepares what it holds about them here. Download it and send it to the customer."
          >
            {dataRequests.length === 0 ? (
              <Text as="p" tone="subdued">
                No data requests so far.
              </Text>
            ) : (
              <DataTable
                columnContentTypes={["text", "text", "text", "text"]}
                headings={["Received", "Customer", "Contents", ""]}
                rows={dataRequests.map((request) => [
                  formatDateTime(request.createdAt, timeZone),
                  request.customerEmail ?? (request.customerId ? `Customer ${request.customerId}` : "Unknown customer"),
                  `${plural(request.counts.subscriptions, "subscription")}, ${plural(request.counts.emails, "email")}, ${plural(request.counts.orderLines, "order line")}`,
                  <Button
                    key={request.id}
                    variant="plain"
                    loading={download.pending === request.id}
                    onClick={() => void download.start(request.id, `/app/waitlist/data-requests/${request.id}`)}
                  >
                    Download JSON
                  </Button>,
                ])}
              />
            )}
          </SectionCard>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
