// A variant's forecast (/app/forecast/:variantId, the numeric id): chart, figures, the suggestion's breakdown and
// its accuracy. 404 when the variant has no stored forecast. The page is app/components/forecast/variant-forecast-page.tsx.
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { isRouteErrorResponse, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { toGid } from "../shopify/gid";
import { loadVariantForecastDetail } from "../services/forecast-chart.server";
import { VariantForecastPage } from "../components/forecast/variant-forecast-page";
import { ForecastNotFound } from "../components/forecast/forecast-not-found";
import { systemClock } from "../clock.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const variantId = toGid("ProductVariant", params.variantId ?? "");
  if (!variantId) throw new Response("A variant id is a number, e.g. /app/forecast/42.", { status: 400, statusText: "Bad Request" });
  const detail = await loadVariantForecastDetail(session.shop, variantId, systemClock());
  if (!detail) throw new Response("This variant has no forecast yet.", { status: 404, statusText: "Not Found" });
  return detail;
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

/** 404 gets a friendly page; everything else goes to Shopify's boundary (auth responses keep working). */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && (error.status === 404 || error.status === 400)) return <ForecastNotFound message={String(error.data)} />;
  return boundary.error(error);
}

export default function VariantForecastRoute() {
  const detail = useLoaderData<typeof loader>();
  return <VariantForecastPage data={detail} />;
}
