import { lazy, Suspense, useEffect, useState, type ReactNode } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Banner, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Link, List, Page, Text } from "@shopify/polaris";
import type { BarChartProps, LineChartProps } from "@shopify/polaris-viz";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { loadHomeSummary } from "../services/home-summary.server";
import { requestCatalogSync } from "../services/shop-install.server";
import type { Dashboard } from "../services/dashboard.server";
import { centsToDecimal } from "../domain/dashboard";
import { formatLocalDate, legacyId } from "../components/format";
import { systemClock } from "../clock.server";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadHomeSummary(session.shop, systemClock());
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await requestCatalogSync(session.shop, systemClock());
  return { queued: true };
};

const SYNC_BADGES: Record<string, { tone: "success" | "info" | "attention" | "critical" | undefined; label: string }> = {
  never: { tone: undefined, label: "Not synced yet" },
  queued: { tone: "info", label: "Sync queued" },
  running: { tone: "attention", label: "Syncing…" },
  completed: { tone: "success", label: "Synced" },
  failed: { tone: "critical", label: "Sync failed" },
};

function Stat({ label, value, help, states }: { label: string; value: number; help: string; states: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Link url={`/app/variants?state=${states}`} removeUnderline monochrome accessibilityLabel={`${label}: view variants`}>
          <Text as="span" variant="heading2xl">
            {value.toLocaleString("en-US")}
          </Text>
        </Link>
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
        <Link url={`/app/variants?state=${states}`}>View variants</Link>
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const summary = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const revalidator = useRevalidator();
  const syncing = ["queued", "running"].includes(summary.sync.status) || fetcher.state !== "idle";
  const badge = SYNC_BADGES[summary.sync.status] ?? SYNC_BADGES.never;

  // While the catalog import runs, refresh the counts every 2 s so the merchant sees it land.
  useEffect(() => {
    if (!syncing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [syncing, revalidator]);

  return (
    <Page title={summary.shopName} subtitle="Backorders keeps out-of-stock variants selling honestly.">
      <Layout>
        {summary.sync.status === "failed" && (
          <Layout.Section>
            <Banner tone="critical" title="The catalog sync failed">
              <p>{summary.sync.error ?? "Unknown error"} — try again; if it keeps failing, contact support.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center">
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Catalog sync
                  </Text>
                  <Badge tone={badge.tone}>{badge.label}</Badge>
                </InlineStack>
                <Text as="p" tone="subdued">
                  {summary.variants.toLocaleString("en-US")} variants across {summary.products.toLocaleString("en-US")} products
                  {summary.sync.syncedAtLabel ? ` · last synced ${summary.sync.syncedAtLabel}` : ""}
                </Text>
              </BlockStack>
              <fetcher.Form method="post">
                <Button submit loading={syncing} disabled={syncing}>
                  Sync catalog now
                </Button>
              </fetcher.Form>
            </InlineStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <Stat label="Backordered" value={summary.backordered} help="Out of stock, still selling on backorder" states="backorder" />
            <Stat label="Sold out" value={summary.soldOut} help="Not purchasable: sold out, cap reached or discontinued" states="sold_out,backorder_cap_reached,discontinued" />
            <Stat label="Low stock" value={summary.lowStock} help={`1–${summary.lowStockThreshold} units available`} states="low_stock" />
            <Stat label="In stock" value={summary.inStock} help={`More than ${summary.lowStockThreshold} available · ${summary.untracked} untracked not counted`} states="in_stock" />
          </InlineGrid>
        </Layout.Section>
        <BackorderDashboard dashboard={summary.dashboard} backorderEnabledVariants={summary.backorderEnabledVariants} catalogEmpty={summary.variants === 0} />
        {summary.variants === 0 && !syncing && (
          <Layout.Section>
            <Box paddingBlockStart="200">
              <Banner title="No variants yet">
                <p>Sync your catalog to see which variants are sold out or selling on backorder.</p>
              </Banner>
            </Box>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

// ---------------------------------------------------------------------------------------------------------------
// Dashboard: backorder ledger and waitlist analytics. Every number is a link to the list behind it.

const CHART_HEIGHT = 240;

// Polaris Viz reads `navigator` and measures its container while rendering, so it cannot render on the server:
// charts load in the browser after hydration, in a box of the same fixed height so nothing shifts.
const VizBarChart = lazy(async () => {
  const { PolarisVizProvider, BarChart } = await import("@shopify/polaris-viz");
  return { default: (props: BarChartProps) => <PolarisVizProvider><BarChart {...props} /></PolarisVizProvider> };
});
const VizLineChart = lazy(async () => {
  const { PolarisVizProvider, LineChart } = await import("@shopify/polaris-viz");
  return { default: (props: LineChartProps) => <PolarisVizProvider><LineChart {...props} /></PolarisVizProvider> };
});

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false);
  useEffect(() => setHydrated(true), []);
  return hydrated;
}

function ChartBox({ label, children }: { label: string; children: ReactNode }) {
  const hydrated = useHydrated();
  const placeholder = <div style={{ height: CHART_HEIGHT }} aria-busy="true" />;
  return (
    <div style={{ height: CHART_HEIGHT }} role="img" aria-label={label} data-chart={label}>
      {hydrated ? <Suspense fallback={placeholder}>{children}</Suspense> : placeholder}
    </div>
  );
}

const count = (value: number) => value.toLocaleString("en-US");

function money(cents: number, currencyCode: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).format(Number(centsToDecimal(cents)));
  } catch {
    return `${centsToDecimal(cents)} ${currencyCode}`;
  }
}

function variantName(row: { productTitle: string; variantTitle: string }): string {
  return row.variantTitle && row.variantTitle !== "Default Title" ? `${row.productTitle} – ${row.variantTitle}` : row.productTitle;
}

function Metric({ label, value, url, help }: { label: string; value: string; url: string; help: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Link url={url} removeUnderline accessibilityLabel={`${label}: ${value}`}>
          <Text as="span" variant="headingXl">
            {value}
          </Text>
        </Link>
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      </BlockStack>
    </Card>
  );
}

function FirstSteps({ backorderEnabledVariants, catalogEmpty }: { backorderEnabledVariants: number; catalogEmpty: boolean }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          No backordered orders yet
        </Text>
        <Text as="p" tone="subdued">
          This dashboard fills in as shoppers buy variants below zero. To take your first backorder:
        </Text>
        <List type="number">
          <List.Item>
            {catalogEmpty ? (
              "Sync your catalog (above), then turn on backorders for a sold-out variant."
            ) : backorderEnabledVariants === 0 ? (
              <>
                Turn on backorders for a sold-out variant on the <Link url="/app/variants?state=sold_out">sold-out variants</Link> list.
              </>
            ) : (
              <>
                Backorders are on for {count(backorderEnabledVariants)} variant{backorderEnabledVariants === 1 ? "" : "s"} — give them an ETA on the{" "}
                <Link url="/app/variants?state=backorder&eta=none">backordered variants without an ETA</Link> list.
              </>
            )}
          </List.Item>
          <List.Item>
            Add the Backorders blocks (backorder notice and “Notify me”) to your product page in the{" "}
            <Link url="shopify://admin/themes/current/editor?context=apps" target="_blank">
              theme editor
            </Link>
            , so shoppers see the ETA before they buy.
          </List.Item>
          <List.Item>
            Choose order tagging, fulfilment holds and shopper emails in <Link url="/app/settings">Settings</Link>.
          </List.Item>
        </List>
      </BlockStack>
    </Card>
  );
}

function BackorderDashboard({ dashboard: d, backorderEnabledVariants, catalogEmpty }: { dashboard: Dashboard; backorderEnabledVariants: number; catalogEmpty: boolean }) {
  const agingData: BarChartProps["data"] = [{ name: "Open orders", data: d.aging.map((b) => ({ key: b.label, value: b.orders })) }];
  const fulfilData: LineChartProps["data"] = [
    { name: "Average days to fulfil", data: d.daysToFulfil.weeks.map((w) => ({ key: formatLocalDate(w.week), value: w.averageDays })) },
  ];
  const waitingAnyone = d.waitlist.activeSubscribers > 0;
  return (
    <>
      <Layout.Section>
        <Text as="h2" variant="headingLg">
          Backordered orders
        </Text>
      </Layout.Section>
      {d.ledgerEmpty ? (
        <Layout.Section>
          <FirstSteps backorderEnabledVariants={backorderEnabledVariants} catalogEmpty={catalogEmpty} />
        </Layout.Section>
      ) : (
        <>
          <Layout.Section>
            <InlineGrid columns={{ xs: 1, sm: 2, md: 5 }} gap="400">
              <Metric label="Open orders" value={count(d.open.orders)} url="/app/orders" help={`${count(d.open.lines)} backordered line${d.open.lines === 1 ? "" : "s"} still owed`} />
              <Metric label="Units owed" value={count(d.open.units)} url="/app/orders" help="Ordered but not yet fulfilled" />
              <Metric
                label="Value owed"
                value={money(d.open.valueCents, d.currencyCode)}
                url="/app/orders"
                help={d.open.unpricedUnits ? `${count(d.open.unpricedUnits)} units without a price not counted` : "Price × units owed"}
              />
              <Metric label="Overdue ETAs" value={count(d.overdue.orders)} url="/app/orders?overdue=1" help={`Orders past the date shoppers were told (${count(d.overdue.units)} units)`} />
              <Metric
                label={`Revenue captured (${d.revenue.windowDays} days)`}
                value={money(d.revenue.valueCents, d.currencyCode)}
                url={`/app/orders?status=captured&days=${d.revenue.windowDays}`}
                help={`${count(d.revenue.units)} units in ${count(d.revenue.orders)} orders you'd have lost as sold out`}
              />
            </InlineGrid>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="300">
                <Text as="h3" variant="headingMd">
                  Open orders by age
                </Text>
                <ChartBox label="Open orders by age">
                  <VizBarChart data={agingData} showLegend={false} theme="Light" />
                </ChartBox>
                <InlineGrid columns={4} gap="200">
                  {d.aging.map((bucket) => (
                    <BlockStack key={bucket.key} gap="050">
                      <Link url={`/app/orders?aging=${encodeURIComponent(bucket.key)}`} removeUnderline accessibilityLabel={`${bucket.label}: ${bucket.orders} orders`}>
                        <Text as="span" variant="headingMd">
                          {count(bucket.orders)}
                        </Text>
                      </Link>
                      <Text as="span" variant="bodySm" tone="subdued">
                        {bucket.label} · {count(bucket.units)} units
                      </Text>
                    </BlockStack>
                  ))}
                </InlineGrid>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section variant="oneHalf">
            <Card>
              <BlockStack gap="300">
                <InlineStack align="space-between" blockAlign="center">
                  <Text as="h3" variant="headingMd">
                    Days from order to fulfilment
                  </Text>
                  <Link url="/app/orders?status=fulfilled" removeUnderline>
                    {d.daysToFulfil.averageDays === null ? "No fulfilled lines yet" : `${d.daysToFulfil.averageDays} days on average`}
                  </Link>
                </InlineStack>
                <ChartBox label="Average days from order to fulfilment by week">
                  <VizLineChart data={fulfilData} showLegend={false} theme="Light" />
                </ChartBox>
                <Text as="p" variant="bodySm" tone="subdued">
                  Backordered lines fulfilled per week over the last {d.daysToFulfil.weeks.length} weeks ({count(d.daysToFulfil.lines)} lines), in {d.timeZone}.
                </Text>
              </BlockStack>
            </Card>
          </Layout.Section>
          <Layout.Section>
            <Card>
              <BlockStack gap="300">
                <Text as="h3" variant="headingMd">
                  Most owed variants
                </Text>
                {d.topVariants.length === 0 ? (
                  <Text as="p" tone="subdued">
                    Nothing owed right now — every backordered line has been fulfilled or cancelled.
                  </Text>
                ) : (
                  <DataTable
                    columnContentTypes={["text", "numeric", "numeric", "numeric"]}
                    headings={["Variant", "Units owed", "Lines", "Value owed"]}
                    rows={d.topVariants.map((v) => [
                      <Link key="name" url={`/app/orders?variant=${legacyId(v.variantId)}`}>
                        {variantName(v)}
                      </Link>,
                      <Link key="units" url={`/app/orders?variant=${legacyId(v.variantId)}`} removeUnderline>
                        {count(v.owedUnits)}
                      </Link>,
                      count(v.lines),
                      money(v.valueCents, d.currencyCode),
                    ])}
                  />
                )}
              </BlockStack>
            </Card>
          </Layout.Section>
        </>
      )}
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="300">
            <Text as="h3" variant="headingMd">
              Waitlist demand
            </Text>
            <Text as="p">
              <Link url="/app/waitlist" removeUnderline>
                <Text as="span" variant="headingXl">
                  {count(d.waitlist.activeSubscribers)}
                </Text>
              </Link>{" "}
              shoppers waiting on {count(d.waitlist.variants)} variant{d.waitlist.variants === 1 ? "" : "s"}
            </Text>
            {waitingAnyone ? (
              <List>
                {d.waitlist.topVariants.map((v) => (
                  <List.Item key={v.variantId}>
                    <Link url={`/app/waitlist/${legacyId(v.variantId)}`}>{variantName(v)}</Link> — {count(v.waiting)} waiting
                  </List.Item>
                ))}
              </List>
            ) : (
              <Text as="p" tone="subdued">
                No one is waiting yet. Add the “Notify me” block to your product page in the theme editor so shoppers can sign up for sold-out variants.
              </Text>
            )}
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneHalf">
        <Card>
          <BlockStack gap="300">
            <Text as="h3" variant="headingMd">
              Alert conversion
            </Text>
            <Text as="p">
              <Link url="/app/waitlist" removeUnderline>
                <Text as="span" variant="headingXl">
                  {d.conversion.rate === null ? "—" : `${d.conversion.rate}%`}
                </Text>
              </Link>
            </Text>
            <Text as="p" tone="subdued">
              {d.conversion.notified === 0
                ? `No back-in-stock alerts sent in the last ${d.conversion.windowDays} days. Alerts go out when a variant shoppers wait for is restocked.`
                : `${count(d.conversion.converted)} of ${count(d.conversion.notified)} shoppers alerted in the last ${d.conversion.windowDays} days ordered within ${d.conversion.attributionDays} days.`}
            </Text>
          </BlockStack>
        </Card>
      </Layout.Section>
    </>
  );
}
