// One variant in the variants table: image, product/variant (linking to its page), SKU, stock, policy, state,
// ETA, cap, units backordered, and its actions menu.
import { Badge, BlockStack, IndexTable, InlineStack, Link, Text, Thumbnail } from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import type { VariantsPageData } from "../../services/variant-list.server";
import type { BackorderIntent } from "../../schemas/backorder-action";
import { BackorderStateBadge } from "../backorder-state-badge";
import { formatEta, legacyId } from "../format";
import { VariantRowActions } from "./variant-row-actions";

export type VariantListRow = VariantsPageData["page"]["rows"][number];

export function VariantRow({
  row,
  position,
  selected,
  onAction,
}: {
  row: VariantListRow;
  position: number;
  selected: boolean;
  onAction: (intent: BackorderIntent) => void;
}) {
  const eta = formatEta(row);
  return (
    <IndexTable.Row id={row.id} position={position} selected={selected} accessibilityLabel={`Select ${row.productTitle} – ${row.title}`}>
      <IndexTable.Cell>
        <Thumbnail source={row.imageUrl ?? ImageIcon} alt={row.imageUrl ? `${row.productTitle} – ${row.title}` : ""} size="small" />
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Link url={`/app/variants/${legacyId(row.id)}`} dataPrimaryLink monochrome removeUnderline>
            <Text as="span" variant="bodyMd" fontWeight="semibold">
              {row.productTitle}
            </Text>
          </Link>
          <Text as="span" variant="bodySm" tone="subdued">
            {row.title}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" tone={row.sku ? undefined : "subdued"}>
          {row.sku || "No SKU"}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric tone={row.available < 0 ? "critical" : undefined}>
          {row.tracked ? row.available.toLocaleString("en-US") : "∞"}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" tone="subdued">
          {row.inventoryPolicy === "CONTINUE" ? "Continue selling" : "Stop selling"}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BackorderStateBadge state={row.state} />
      </IndexTable.Cell>
      <IndexTable.Cell>
        {eta ? (
          <InlineStack gap="100" blockAlign="center" wrap={false}>
            <Text as="span">{eta}</Text>
            {row.etaOverdue && <Badge tone="critical">Overdue</Badge>}
          </InlineStack>
        ) : row.state === "backorder" ? (
          <Badge tone="attention">Needs ETA</Badge>
        ) : (
          <Text as="span" tone="subdued">
            —
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric tone={row.cap === null ? "subdued" : undefined}>
          {row.cap === null ? (row.enabled ? "No cap" : "—") : row.cap.toLocaleString("en-US")}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" alignment="end" numeric>
          {row.cap === null ? row.unitsBackordered.toLocaleString("en-US") : `${row.unitsBackordered} / ${row.cap}`}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <VariantRowActions
          label={`${row.productTitle} – ${row.title}`}
          enabled={row.enabled}
          discontinued={row.discontinued}
          onAction={onAction}
        />
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}
