// Public unsubscribe link of restock-alert emails (no Shopify session, no cookie):
//   GET  /alerts/unsubscribe/<token> → page with an "Unsubscribe" button (changes nothing; link scanners GET)
//   POST /alerts/unsubscribe/<token> → unsubscribes; RFC 8058 one-click (body `List-Unsubscribe=One-Click`) or the
//                                      page's form. Idempotent. `Accept: application/json` gets JSON.
// Bad or forged token → 400. The token is verified in app/services/unsubscribe.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { shopperPageResponse } from "../services/shopper-page.server";
import { describeUnsubscribe, renderUnsubscribePage, unsubscribe, type UnsubscribePage } from "../services/unsubscribe.server";
import { systemClock } from "../clock.server";

function respond(request: Request, page: UnsubscribePage): Response {
  const { status, html } = renderUnsubscribePage(page, new URL(request.url).pathname);
  return shopperPageResponse(request, { status, html, state: page.kind, ok: page.kind !== "invalid" });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await describeUnsubscribe({ token: params.token ?? "", acceptLanguage: request.headers.get("Accept-Language") });
  return respond(request, page);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "GET, POST" } });
  // The body is `List-Unsubscribe=One-Click` (mail clients), the page's form, or empty: nothing in it matters.
  const page = await unsubscribe({ token: params.token ?? "", acceptLanguage: request.headers.get("Accept-Language"), now: systemClock() });
  return respond(request, page);
}
