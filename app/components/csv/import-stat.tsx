// One count of an import (rows in file, will change, …) as a small labelled figure.
import { BlockStack, Box, Text } from "@shopify/polaris";

export function ImportStat({ label, value, tone }: { label: string; value: number; tone?: "critical" | "success" | "subdued" }) {
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <BlockStack gap="100">
        <Text as="p" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg" tone={tone === "subdued" ? undefined : tone}>
          {value.toLocaleString("en-US")}
        </Text>
      </BlockStack>
    </Box>
  );
}
