// Home's dashboard: backorder ledger and waitlist analytics. Every number is a link to the list behind it.
import { BlockStack, Card, DataTable, InlineGrid, InlineStack, Layout, Link, List, Text } from "@shopify/polaris";
import type { BarChartProps, LineChartProps } from "@shopify/polaris-viz";
import type { Dashboard } from "../../services/dashboard.server";
import { formatLocalDate, legacyId } from "../format";
import { ChartBox, VizBarChart, VizLineChart } from "./dashboard-charts";
import { count, money, variantName } from "./dashboard-format";
import { DashboardMetric } from "./dashboard-metric";
import { FirstSteps } from "./first-steps";

export function BackorderDashboard({ dashboard: d, backorderEnabledVariants, catalogEmpty }: { dashboard: Dashboard; backorderEnabledVariants: number; catalogEmpty: boolean }) {
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
              <DashboardMetric label="Open orders" value={count(d.open.orders)} url="/app/orders" help={`${count(d.open.lines)} backordered line${d.open.lines === 1 ? "" : "s"} still owed`} />
              <DashboardMetric label="Units owed" value={count(d.open.units)} url="/app/orders" help="Ordered but not yet fulfilled" />
              <DashboardMetric
                label="Value owed"
                value={money(d.open.valueCents, d.currencyCode)}
                url="/app/orders"
                help={d.open.unpricedUnits ? `${count(d.open.unpricedUnits)} units without a price not counted` : "Price × units owed"}
              />
              <DashboardMetric label="Overdue ETAs" value={count(d.overdue.orders)} url="/app/orders?overdue=1" help={`Orders past the date shoppers were told (${count(d.overdue.units)} units)`} />
              <DashboardMetric
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
