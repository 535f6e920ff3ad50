// Home (/app): the loader reads the summary and dashboard, the action queues a catalog sync. The page itself is
// app/components/home/home-page.tsx.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import polarisVizStyles from "@shopify/polaris-viz/build/esm/styles.css?url";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { loadHomeSummary } from "../services/home-summary.server";
import { requestCatalogSync } from "../services/shop-install.server";
import { HomePage } from "../components/home/home-page";
import { systemClock } from "../clock.server";

export const links = () => [{ rel: "stylesheet", href: polarisVizStyles }];

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadHomeSummary(session.shop, systemClock());
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await requestCatalogSync(session.shop, systemClock());
  return { queued: true };
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

export default function HomeRoute() {
  const summary = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  return <HomePage summary={summary} fetcher={fetcher} />;
}
