// What a link to a variant the app doesn't know shows (the route's 404).
import { Card, EmptyState, Page } from "@shopify/polaris";

export function VariantNotFound() {
  return (
    <Page title="Variant not found" backAction={{ content: "Variants", url: "/app/variants" }}>
      <Card>
        <EmptyState heading="This variant isn't in your catalog" action={{ content: "Back to variants", url: "/app/variants" }} image="">
          <p>It may have been deleted in Shopify, or the link is wrong. The variants list shows everything the app knows about.</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
