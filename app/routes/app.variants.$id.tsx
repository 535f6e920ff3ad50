// A variant's page (/app/variants/:id): the loader reads the variant's detail, the action saves its backorder
// settings (Shopify first). The page itself is app/components/variant-detail/variant-detail-page.tsx.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { createAdminGateway } from "../shopify/admin-gateway.server";
import { toGid } from "../shopify/gid";
import { getVariantDetail, saveVariantSettings } from "../services/variant-detail.server";
import { actorOfAdmin } from "../shopify/admin-actor";
import { parseVariantSettingsForm, variantSettingsChanges } from "../schemas/variant-settings";
import { VariantDetailPage } from "../components/variant-detail/variant-detail-page";
import { VariantNotFound } from "../components/variant-detail/variant-not-found";
import { systemClock } from "../clock.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const variantId = toGid("ProductVariant", params.id ?? "");
  const detail = variantId ? await getVariantDetail(session.shop, variantId, systemClock()) : null;
  if (!detail) throw new Response("Variant not found", { status: 404, statusText: "Not Found" });
  return detail;
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { admin, session } = context;
  const variantId = toGid("ProductVariant", params.id ?? "");
  if (!variantId) throw new Response("Variant not found", { status: 404, statusText: "Not Found" });
  const parsed = parseVariantSettingsForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  const outcome = await saveVariantSettings({
    shop: session.shop,
    variantId,
    changes: variantSettingsChanges(parsed.data),
    actor: actorOfAdmin(context),
    gateway: createAdminGateway(admin.graphql, { shop: session.shop }),
    now: systemClock(),
  });
  if (!outcome.ok) return data({ ok: false as const, errors: outcome.errors }, { status: 422 });
  return outcome;
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

/** 404 gets a friendly page; everything else goes to Shopify's boundary (auth responses keep working). */
export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return <VariantNotFound />;
  }
  return boundary.error(error);
}

export default function VariantDetailRoute() {
  const detail = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  return <VariantDetailPage detail={detail} fetcher={fetcher} />;
}
