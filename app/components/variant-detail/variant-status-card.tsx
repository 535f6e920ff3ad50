// The variant's state and why, its stock and backorder numbers, and who last changed its settings.
import { BlockStack, Card, InlineStack, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import type { VariantDetail } from "../../services/variant-detail.server";
import { BackorderStateBadge } from "../backorder-state-badge";
import { formatDateTime, plural } from "../format";
import { VariantFact as Fact } from "./variant-fact";

const SOURCE_LABELS: Record<string, string> = { manual: "you", rule: "an automation rule", csv: "a CSV import" };

export function VariantStatusCard({ detail }: { detail: VariantDetail }) {
  const { variant, product, settings, status, shop } = detail;
  return (
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
  );
}
