// The Forecast page's variant table: one row per variant (ranked by revenue at risk, or soonest stock-out), with the
// stock-out interval, days of cover, the stock figures the suggestion is made of, and what is at risk. Cursor
// pagination; read-only (each row links to the variant's forecast).
import { Link } from "@remix-run/react";
import { Badge, EmptySearchResult, IndexTable, Text } from "@shopify/polaris";
import type { ForecastPageData, ForecastRowView } from "../../services/forecast-page.server";
import { formatDaysOfCover, formatMoney, formatShortDate, formatStockOutInterval, units, variantName } from "./forecast-format";

export function ForecastTable({
  data,
  loading,
  onPrevious,
  onNext,
}: {
  data: ForecastPageData;
  loading: boolean;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const { rows, pageInfo, currencyCode, query } = data;
  const emptyTitle =
    query.filter === "at_risk" ? "No variant is predicted to stock out within its lead time" : query.filter === "backordered" ? "No variant is on backorder" : "No forecasts";
  return (
    <IndexTable
      resourceName={{ singular: "variant", plural: "variants" }}
      itemCount={rows.length}
      selectable={false}
      loading={loading}
      headings={[
        { title: "Product / variant" },
        { title: "Stock-out (80% interval)" },
        { title: "Days of cover", alignment: "end" },
        { title: "Available", alignment: "end" },
        { title: "Inbound", alignment: "end" },
        { title: "Owed", alignment: "end", tooltipContent: "Units sold on backorder and not yet shipped" },
        { title: "Waitlist", alignment: "end", tooltipContent: "Shoppers waiting for a restock alert" },
        { title: "Suggested order", alignment: "end" },
        { title: "Revenue at risk", alignment: "end", tooltipContent: "Expected sales lost during the lead time × price" },
        { title: "Margin at risk", alignment: "end", tooltipContent: "Revenue at risk minus unit cost, when Shopify has the cost" },
      ]}
      emptyState={
        <EmptySearchResult
          title={query.vendor ? `${emptyTitle} for ${query.vendor}` : emptyTitle}
          description={query.filter === "all" ? "Recompute the forecast once sales history is in." : "Switch to All to see every forecast variant."}
          withIllustration
        />
      }
      pagination={{
        hasPrevious: pageInfo.hasPreviousPage,
        hasNext: pageInfo.hasNextPage,
        onPrevious,
        onNext,
        label: `${rows.length.toLocaleString("en-US")} shown`,
      }}
    >
      {rows.map((row, index) => (
        <ForecastRow key={row.variantId} row={row} position={index} currencyCode={currencyCode} today={data.today} />
      ))}
    </IndexTable>
  );
}

function ForecastRow({ row, position, currencyCode, today }: { row: ForecastRowView; position: number; currencyCode: string; today: string }) {
  const interval = formatStockOutInterval(row.stockOut, today);
  return (
    <IndexTable.Row id={row.variantId} position={position}>
      <IndexTable.Cell>
        <Link to={`/app/forecast/${row.legacyId}`} data-forecast-row={row.legacyId}>
          <Text as="span" fontWeight="semibold">
            {variantName(row)}
          </Text>
        </Link>
        <div>
          <Text as="span" tone="subdued" variant="bodySm">
            {[row.sku, row.vendor].filter(Boolean).join(" · ") || "No SKU"}
          </Text>
        </div>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {interval ?? (
          <Text as="span" tone="subdued">
            Not within a year
          </Text>
        )}
        {row.atRisk && (
          <div>
            <Badge tone="critical">{`Within the ${row.leadTimeDays}-day lead time`}</Badge>
          </div>
        )}
        {row.coverageDate && (
          <div>
            <Text as="span" tone="subdued" variant="bodySm">{`Owed units covered by inbound ${formatShortDate(row.coverageDate)}`}</Text>
          </div>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatDaysOfCover(row.daysOfCover)}
        </Text>
      </IndexTable.Cell>
      <NumberCell value={row.available} />
      <NumberCell value={row.inbound} />
      <NumberCell value={row.owed} />
      <NumberCell value={row.waitlist} />
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric fontWeight={row.suggestedQuantity > 0 ? "semibold" : undefined}>
          {units(row.suggestedQuantity)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {formatMoney(row.revenueAtRiskCents, currencyCode)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={row.marginAtRiskCents === null ? "subdued" : undefined}>
          {row.marginAtRiskCents === null ? "No cost" : formatMoney(row.marginAtRiskCents, currencyCode)}
        </Text>
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

function NumberCell({ value }: { value: number }) {
  return (
    <IndexTable.Cell>
      <Text as="span" alignment="end" numeric>
        {units(value)}
      </Text>
    </IndexTable.Cell>
  );
}
