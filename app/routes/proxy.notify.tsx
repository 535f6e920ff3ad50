// Storefront notify-me signup: POST /apps/backorders/notify (Shopify's app proxy) → /proxy/notify.
// Thin route: signature check (the library throws a bodiless 400 for a bad, missing or stale signature; answered
// as JSON the form can show) → installed? → app/services/storefront-proxy.server.ts. Nothing from the query or
// body is trusted before the signature check.
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import {
  methodNotAllowed,
  notInstalled,
  proxyCustomerId,
  proxyJson,
  proxyQueryRejected,
  readNotifyBody,
  shopperAddress,
  signatureRejected,
  subscribeToRestock,
} from "../services/storefront-proxy.server";
import { systemClock } from "../clock.server";

export async function loader() {
  return proxyJson(methodNotAllowed());
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyJson(methodNotAllowed());
  const rejectedQuery = proxyQueryRejected(new URL(request.url));
  if (rejectedQuery) return proxyJson(rejectedQuery);
  let session;
  try {
    ({ session } = await authenticate.public.appProxy(request));
  } catch (thrown) {
    return proxyJson(signatureRejected(thrown));
  }
  if (!session) return proxyJson(notInstalled());

  const body = await readNotifyBody(request);
  if (!body.ok) return proxyJson(body.error);
  const result = await subscribeToRestock({
    shop: session.shop,
    values: body.values,
    address: shopperAddress(request.headers),
    userAgent: request.headers.get("User-Agent"),
    customerId: proxyCustomerId(new URL(request.url)),
    now: systemClock(),
  });
  return proxyJson(result);
}
