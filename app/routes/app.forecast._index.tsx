// The Forecast page (/app/forecast): the loader reads one page of stored forecasts for the URL's filter, sort and
// cursor (400 with a message for a bad one); the action queues a recompute or the sales-history import (202).
// The page itself is app/components/forecast/forecast-page.tsx.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { ForecastQueryError, loadForecastPage, runForecastPageAction } from "../services/forecast-page.server";
import { forecastActionSchema, parseForecastPageQuery } from "../schemas/forecast-page";
import { ForecastPage, type ForecastActionResponse } from "../components/forecast/forecast-page";
import { ForecastBadRequest } from "../components/forecast/forecast-bad-request";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseForecastPageQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response(parsed.message, { status: 400, statusText: "Bad Request" });
  try {
    return await loadForecastPage(session.shop, parsed.data, systemClock());
  } catch (error) {
    if (error instanceof ForecastQueryError) throw new Response(error.message, { status: 400, statusText: "Bad Request" });
    throw error;
  }
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = forecastActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, message: parsed.error.issues[0]?.message ?? "Unknown action." }, { status: 400 });
  const result = await runForecastPageAction(session.shop, parsed.data.intent, systemClock());
  return data(result, { status: result.queued ? 202 : 200 });
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

/** A bad filter, sort or cursor says why, with a link to the default view; everything else goes to Shopify's boundary. */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 400) return <ForecastBadRequest message={String(error.data)} />;
  return boundary.error(error);
}

export default function ForecastRoute() {
  const pageData = useLoaderData<typeof loader>();
  const fetcher = useFetcher<ForecastActionResponse>();
  return <ForecastPage data={pageData} fetcher={fetcher} />;
}
