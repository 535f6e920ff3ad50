// One labelled fact in the variant page's side cards ("Available: 12").
import { InlineStack, Text } from "@shopify/polaris";

export function VariantFact({ label, value }: { label: string; value: string }) {
  return (
    <InlineStack align="space-between" gap="200">
      <Text as="span" tone="subdued">
        {label}
      </Text>
      <Text as="span" fontWeight="medium">
        {value}
      </Text>
    </InlineStack>
  );
}
