// Storefront notify-me signup: POST /apps/backorders/notify (Shopify's app proxy) → /proxy/notify.
// Thin route: signature check (the library throws its 400 for a bad, missing or stale signature) → installed? →
// app/services/storefront-proxy.server.ts.
import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import {
  clientIp,
  methodNotAllowed,
  notInstalled,
  proxyJson,
  readNotifyBody,
  subscribeToRestock,
} from "../services/storefront-proxy.server";

export async function loader() {
  return proxyJson(methodNotAllowed());
}

export async function action({ request }: ActionFunctionArgs) {
  if (request.method !== "POST") return proxyJson(methodNotAllowed());
  const { session } = await authenticate.public.appProxy(request);
  if (!session) return proxyJson(notInstalled());

  const body = await readNotifyBody(request);
  if (!body.ok) return proxyJson(body.error);
  const result = await subscribeToRestock({
    shop: session.shop,
    values: body.values,
    ip: clientIp(request.headers),
    userAgent: request.headers.get("User-Agent"),
    now: new Date(),
  });
  return proxyJson(result);
}
