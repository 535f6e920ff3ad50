// What a link to a variant without a stored forecast shows (the detail route's 404 / 400).
import { Card, EmptyState, Page } from "@shopify/polaris";

export function ForecastNotFound({ message }: { message: string }) {
  return (
    <Page title="No forecast for this variant" backAction={{ content: "Forecast", url: "/app/forecast" }}>
      <Card>
        <EmptyState heading="This variant has no forecast" action={{ content: "Back to the forecast", url: "/app/forecast" }} image="">
          <p>{message} Variants are forecast when the forecast is recomputed; a variant deleted in Shopify drops out at the next recompute.</p>
        </EmptyState>
      </Card>
    </Page>
  );
}
