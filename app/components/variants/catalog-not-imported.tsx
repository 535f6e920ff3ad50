// What the variants page shows before the first catalog sync has imported anything.
import { Card, EmptyState } from "@shopify/polaris";

export function CatalogNotImported() {
  return (
    <Card>
      <EmptyState heading="Your catalog hasn't been imported yet" action={{ content: "Go to Home to sync", url: "/app" }} image="">
        <p>
          Backorders keeps a copy of your products to show them here instantly. The first sync starts when the app is installed; it
          usually takes a minute or two.
        </p>
      </EmptyState>
    </Card>
  );
}
