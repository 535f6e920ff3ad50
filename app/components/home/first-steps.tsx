// What the dashboard shows before the first backordered order: the steps to take one.
import { BlockStack, Card, Link, List, Text } from "@shopify/polaris";
import { count } from "./dashboard-format";

export function FirstSteps({ backorderEnabledVariants, catalogEmpty }: { backorderEnabledVariants: number; catalogEmpty: boolean }) {
  return (
    <Card>
      <BlockStack gap="300">
        <Text as="h2" variant="headingMd">
          No backordered orders yet
        </Text>
        <Text as="p" tone="subdued">
          This dashboard fills in as shoppers buy variants below zero. To take your first backorder:
        </Text>
        <List type="number">
          <List.Item>
            {catalogEmpty ? (
              "Sync your catalog (above), then turn on backorders for a sold-out variant."
            ) : backorderEnabledVariants === 0 ? (
              <>
                Turn on backorders for a sold-out variant on the <Link url="/app/variants?state=sold_out">sold-out variants</Link> list.
              </>
            ) : (
              <>
                Backorders are on for {count(backorderEnabledVariants)} variant{backorderEnabledVariants === 1 ? "" : "s"} — give them an ETA on the{" "}
                <Link url="/app/variants?state=backorder&eta=none">backordered variants without an ETA</Link> list.
              </>
            )}
          </List.Item>
          <List.Item>
            Add the Backorders blocks (backorder notice and “Notify me”) to your product page in the{" "}
            <Link url="shopify://admin/themes/current/editor?context=apps" target="_blank">
              theme editor
            </Link>
            , so shoppers see the ETA before they buy.
          </List.Item>
          <List.Item>
            Choose order tagging, fulfilment holds and shopper emails in <Link url="/app/settings">Settings</Link>.
          </List.Item>
        </List>
      </BlockStack>
    </Card>
  );
}
