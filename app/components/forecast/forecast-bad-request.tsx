// What a hand-edited or stale Forecast URL shows (the loader's 400): the reason, and the way back to the default view.
import { Banner, Page } from "@shopify/polaris";

export function ForecastBadRequest({ message }: { message: string }) {
  return (
    <Page title="Forecast" backAction={{ content: "Forecast", url: "/app/forecast" }}>
      <Banner tone="warning" title="This forecast link is not valid" action={{ content: "Show the forecast", url: "/app/forecast" }}>
        <p>{message}</p>
      </Banner>
    </Page>
  );
}
