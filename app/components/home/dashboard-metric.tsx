// One headline number of the backorder dashboard, linking to the list behind it.
import { BlockStack, Card, Link, Text } from "@shopify/polaris";

export function DashboardMetric({ label, value, url, help }: { label: string; value: string; url: string; help: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Link url={url} removeUnderline accessibilityLabel={`${label}: ${value}`}>
          <Text as="span" variant="headingXl">
            {value}
          </Text>
        </Link>
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
      </BlockStack>
    </Card>
  );
}
