// The variant's available units per location, as last synced.
import { Text } from "@shopify/polaris";
import type { VariantDetail } from "../../services/variant-detail.server";
import { formatDateTime } from "../format";
import { SectionCard } from "../section-card";
import { VariantFact as Fact } from "./variant-fact";

export function StockByLocationCard({ detail }: { detail: VariantDetail }) {
  const { variant, shop } = detail;
  return (
    <SectionCard title="Stock by location" gap="200">
      {detail.locations.length === 0 ? (
        <Text as="p" tone="subdued">
          {variant.tracked ? "No inventory levels synced yet." : "Shopify doesn't track inventory for this variant."}
        </Text>
      ) : (
        detail.locations.map((location) => <Fact key={location.id} label={location.name} value={location.available.toLocaleString("en-US")} />)
      )}
      <Text as="p" tone="subdued" variant="bodySm">
        Synced {formatDateTime(variant.syncedAt, shop.timeZone)}
      </Text>
    </SectionCard>
  );
}
