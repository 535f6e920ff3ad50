// "Suggested reorders by vendor": per vendor, how many variants to reorder, the units, and the cost when Shopify has
// unit costs, with a purchase-order draft (CSV) per vendor.
import { Banner, BlockStack, Button, DataTable, Text } from "@shopify/polaris";
import type { ForecastPageData } from "../../services/forecast-page.server";
import { useFileDownload } from "../file-download";
import { SectionCard } from "../section-card";
import { formatMoney, units } from "./forecast-format";

export function VendorReorders({ data }: { data: ForecastPageData }) {
  const download = useFileDownload("purchase-order-draft.csv");
  const { reorders, currencyCode } = data;
  const rows = reorders.vendors.map((group) => [
    group.vendor ?? "No vendor",
    units(group.variants),
    units(group.units),
    group.costCents === null ? (
      <Text as="span" tone="subdued" key="cost">
        Unit cost unknown
      </Text>
    ) : (
      `${formatMoney(group.costCents, currencyCode)}${group.variantsWithoutCost > 0 ? ` + ${units(group.variantsWithoutCost)} without cost` : ""}`
    ),
    <Button
      key="download"
      variant="plain"
      onClick={() => download.start(group.exportHref, group.exportHref)}
      loading={download.pending === group.exportHref}
      accessibilityLabel={`Download PO draft (CSV) for ${group.vendor ?? "variants without a vendor"}`}
    >
      Download PO draft (CSV)
    </Button>,
  ]);
  return (
    <SectionCard
      title="Suggested reorders by vendor"
      description="What to order now to cover demand over each variant's lead time and review period, with safety stock, after stock on hand, inbound shipments, owed backorders and expected waitlist orders."
    >
      <BlockStack gap="300">
        {download.error && (
          <Banner tone="critical" onDismiss={download.clearError}>
            <p>{download.error}</p>
          </Banner>
        )}
        {rows.length === 0 ? (
          <Text as="p" tone="subdued">
            Nothing to reorder: every forecast variant is covered over its lead time and review period.
          </Text>
        ) : (
          <DataTable
            columnContentTypes={["text", "numeric", "numeric", "numeric", "text"]}
            headings={["Vendor", "Variants", "Units", "Cost", "Purchase order"]}
            rows={rows}
            totals={["", units(reorders.totalVariants), units(reorders.totalUnits), reorders.totalCostCents === null ? "" : formatMoney(reorders.totalCostCents, currencyCode), ""]}
            showTotalsInFooter
          />
        )}
      </BlockStack>
    </SectionCard>
  );
}
