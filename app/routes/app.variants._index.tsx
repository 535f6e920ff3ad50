// The variants page (/app/variants): the loader reads the list for the URL's query, the action runs a row or bulk
// backorder change. The page itself is app/components/variants/variants-page.tsx.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { createAdminGateway } from "../shopify/admin-gateway.server";
import { applyVariantListAction, loadVariantsPage } from "../services/variant-list.server";
import { actorOfAdmin } from "../shopify/admin-actor";
import { parseBackorderActionForm } from "../schemas/backorder-action";
import { parseVariantListQuery } from "../schemas/variant-list";
import { VariantsPage } from "../components/variants/variants-page";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = parseVariantListQuery(new URL(request.url).searchParams);
  const pageData = await loadVariantsPage(session.shop, query, systemClock());
  return { ...pageData, query };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { admin, session } = context;
  const parsed = parseBackorderActionForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  const outcome = await applyVariantListAction({
    shop: session.shop,
    action: parsed.data,
    actor: actorOfAdmin(context),
    gateway: createAdminGateway(admin.graphql, { shop: session.shop }),
    now: systemClock(),
  });
  if (!outcome.ok) return data({ ok: false as const, errors: outcome.errors }, { status: 422 });
  return { ...outcome, intent: parsed.data.intent };
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

export default function VariantsRoute() {
  const pageData = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  return <VariantsPage data={pageData} fetcher={fetcher} />;
}
