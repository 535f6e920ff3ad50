// A variant's forecast (/app/forecast/:id): the chart (history, forecast with its 80% band, stock-outs, inbound
// arrivals), the figures, how the suggested quantity is made up, and how accurate the forecast was for this variant.
import { Badge, BlockStack, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import type { ForecastDetailData } from "../../services/forecast-chart.server";
import { formatDateTime, legacyId } from "../format";
import { SectionCard } from "../section-card";
import { ForecastChart } from "./forecast-chart";
import {
  formatDaysOfCover,
  formatMase,
  formatMoney,
  formatRate,
  formatShortDate,
  formatStockOutInterval,
  units,
  variantName,
} from "./forecast-format";

const METHOD_LABELS: Record<string, string> = {
  ses: "Exponential smoothing (sells on most days)",
  croston_sba: "Croston–SBA (intermittent: sells on few days)",
  none: "No demand model (no sales seen)",
};

function Fact({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <BlockStack gap="050">
      <Text as="p" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="p" variant="headingMd">
        {value}
      </Text>
      {hint && (
        <Text as="p" tone="subdued" variant="bodySm">
          {hint}
        </Text>
      )}
    </BlockStack>
  );
}

const decimal = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 1 });

export function VariantForecastPage({ data }: { data: ForecastDetailData }) {
  const { variant, forecast, chart, breakdown, currencyCode } = data;
  const interval = formatStockOutInterval(forecast.stockOut, data.today);
  return (
    <Page
      title={variantName(variant)}
      subtitle={[variant.sku, variant.vendor].filter(Boolean).join(" · ") || undefined}
      backAction={{ content: "Forecast", url: "/app/forecast" }}
      titleMetadata={forecast.atRisk ? <Badge tone="critical">At risk</Badge> : undefined}
      secondaryActions={[{ content: "Backorder settings", url: `/app/variants/${legacyId(variant.variantId)}` }]}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingMd">
                Demand and forecast
              </Text>
              {chart ? (
                <ForecastChart chart={chart} />
              ) : (
                <Text as="p" tone="subdued">
                  No sales history recorded for this variant yet.
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              <Fact label="Predicted stock-out (80% interval)" value={interval ?? "Not within a year"} />
              <Fact label="Days of cover" value={formatDaysOfCover(forecast.daysOfCover)} />
              <Fact label="Demand" value={formatRate(forecast.ratePerDay)} hint={METHOD_LABELS[forecast.method] ?? forecast.method} />
              <Fact label="Suggested order" value={`${units(forecast.suggestedQuantity)} units`} />
              <Fact label="Available" value={units(forecast.available)} />
              <Fact label="Inbound" value={units(forecast.inbound)} />
              <Fact label="Owed on backorder" value={units(forecast.owed)} />
              <Fact label="Waitlist" value={units(forecast.waitlist)} />
              <Fact label="Revenue at risk" value={formatMoney(forecast.revenueAtRiskCents, currencyCode)} hint={`${decimal(forecast.unitsAtRisk)} units during the lead time`} />
              <Fact label="Margin at risk" value={forecast.marginAtRiskCents === null ? "Unit cost unknown" : formatMoney(forecast.marginAtRiskCents, currencyCode)} />
              {forecast.coverageDate && <Fact label="Owed units covered by inbound" value={formatShortDate(forecast.coverageDate)} />}
              <Fact label="Lead time + review period" value={`${forecast.leadTimeDays} + ${forecast.reviewPeriodDays} days`} />
            </InlineGrid>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SectionCard title="How the suggestion is made" description="Order quantity = demand over lead time + review period + safety stock − available − inbound + owed + waitlist × alert conversion, rounded up, never below 0.">
            {breakdown ? (
              <DataTable
                columnContentTypes={["text", "numeric"]}
                headings={["Part", "Units"]}
                rows={[
                  [`Forecast demand over ${breakdown.leadTimeDays} + ${breakdown.reviewPeriodDays} days`, `+ ${decimal(breakdown.demandOverCycle)}`],
                  [`Safety stock (${Math.round(breakdown.serviceLevel * 100)}% service level, z = ${breakdown.z.toFixed(2)})`, `+ ${decimal(breakdown.safetyStock)}`],
                  ["Available on hand", `− ${units(breakdown.available)}`],
                  ["Inbound", `− ${units(breakdown.inbound)}`],
                  ["Owed on backorder", `+ ${units(breakdown.owed)}`],
                  [`Waitlist ${units(breakdown.waitlist)} × ${(breakdown.alertConversionRate * 100).toFixed(0)}% alert conversion`, `+ ${decimal(breakdown.waitlistUnits)}`],
                ]}
                totals={["", units(breakdown.suggestedQuantity)]}
                totalsName={{ singular: "Suggested order", plural: "Suggested order" }}
                showTotalsInFooter
              />
            ) : (
              <Text as="p" tone="subdued">
                No breakdown: this variant has no sales history yet, or Shopify does not track its stock (then there is nothing to
                reorder against).
              </Text>
            )}
            {breakdown && breakdown.suggestedQuantity !== forecast.suggestedQuantity && (
              <Text as="p" tone="subdued" variant="bodySm">
                The stored suggestion ({units(forecast.suggestedQuantity)}) is from the last recompute; the figures above are from the
                history and stock as of now.
              </Text>
            )}
          </SectionCard>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <SectionCard title="How accurate is this forecast?">
            <Text as="p">{data.accuracyText}</Text>
            <Text as="p" tone="subdued" variant="bodySm">
              Forecast computed {formatDateTime(forecast.computedAt, data.timeZone)}.
            </Text>
          </SectionCard>
          {data.arrivals.length > 0 && (
            <SectionCard title="Inbound shipments">
              <DataTable
                columnContentTypes={["text", "text", "numeric"]}
                headings={["Shipment", "Expected", "Units"]}
                rows={data.arrivals.map((a) => [a.label, a.day ? formatShortDate(a.day) : "No date", units(a.units)])}
              />
            </SectionCard>
          )}
        </Layout.Section>
      </Layout>
    </Page>
  );
}
