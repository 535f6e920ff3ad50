// The bar above the Forecast table: which variants (at risk / on backorder / all) as tabs, the vendor and the order.
// Every change goes to the URL (and starts again at the first page).
import { Box, InlineStack, Select, Tabs } from "@shopify/polaris";
import { FORECAST_FILTERS, type ForecastFilter, type ForecastPageQuery, type ForecastSort } from "../../schemas/forecast-page";

export type ApplyForecastQuery = (patch: Partial<ForecastPageQuery>) => void;

const FILTER_LABELS: Record<ForecastFilter, string> = {
  at_risk: "At risk",
  backordered: "On backorder",
  all: "All forecast variants",
};

const SORT_OPTIONS: Array<{ label: string; value: ForecastSort }> = [
  { label: "Revenue at risk (highest first)", value: "revenue_at_risk" },
  { label: "Stock-out (soonest first)", value: "stock_out" },
];

export function ForecastFilters({
  query,
  vendors,
  atRiskVariants,
  go,
}: {
  query: ForecastPageQuery;
  vendors: string[];
  atRiskVariants: number;
  go: ApplyForecastQuery;
}) {
  const vendorOptions = [{ label: "All vendors", value: "" }, ...vendors.map((vendor) => ({ label: vendor, value: vendor }))];
  if (query.vendor && !vendors.includes(query.vendor)) vendorOptions.push({ label: query.vendor, value: query.vendor });
  return (
    <Box paddingBlockEnd="200">
      <InlineStack align="space-between" blockAlign="end" gap="300" wrap>
        <Tabs
          tabs={FORECAST_FILTERS.map((filter) => ({
            id: `forecast-${filter}`,
            content: filter === "at_risk" ? `${FILTER_LABELS[filter]} (${atRiskVariants.toLocaleString("en-US")})` : FILTER_LABELS[filter],
          }))}
          selected={FORECAST_FILTERS.indexOf(query.filter)}
          onSelect={(index) => go({ filter: FORECAST_FILTERS[index] })}
        />
        <Box paddingInlineEnd="300">
          <InlineStack gap="300" blockAlign="end">
            <Select label="Vendor" options={vendorOptions} value={query.vendor ?? ""} onChange={(vendor) => go({ vendor: vendor || undefined })} />
            <Select label="Sort" options={SORT_OPTIONS} value={query.sort} onChange={(sort) => go({ sort: sort as ForecastSort })} />
          </InlineStack>
        </Box>
      </InlineStack>
    </Box>
  );
}
