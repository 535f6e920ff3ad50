// The open orders holding backordered units of the variant, oldest first.
import { Badge, BlockStack, Card, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { VariantDetail } from "../../services/variant-detail.server";
import { formatDateTime, formatLocalDate, plural } from "../format";

export function OpenOrdersCard({ detail, timeZone }: { detail: Pick<VariantDetail, "openOrders" | "openOrdersCount">; timeZone: string }) {
  return (
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
              formatDateTime(line.orderedAt, timeZone),
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
  );
}
