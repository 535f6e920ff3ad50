// A card with a heading (and an optional subdued description) above its content: the admin pages' section layout.
import type { ReactNode } from "react";
import { BlockStack, Card, Text, type BlockStackProps } from "@shopify/polaris";

export function SectionCard({
  title,
  description,
  gap = "300",
  children,
}: {
  title: ReactNode;
  description?: ReactNode;
  gap?: BlockStackProps["gap"];
  children?: ReactNode;
}) {
  const heading = (
    <Text as="h2" variant="headingMd">
      {title}
    </Text>
  );
  return (
    <Card>
      <BlockStack gap={gap}>
        {description === undefined ? (
          heading
        ) : (
          <BlockStack gap="100">
            {heading}
            <Text as="p" tone="subdued">
              {description}
            </Text>
          </BlockStack>
        )}
        {children}
      </BlockStack>
    </Card>
  );
}
