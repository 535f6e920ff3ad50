// One catalog-state count on Home (backordered, sold out, low stock, in stock), linking to those variants.
import { BlockStack, Card, Link, Text } from "@shopify/polaris";

export function CatalogStateStat({ label, value, help, states }: { label: string; value: number; help: string; states: string }) {
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
