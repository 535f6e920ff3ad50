// Public cancellation-request link of delay-notice emails (no Shopify session, no cookie):
//   GET  /orders/cancel-request/<token> → page showing the item and a "Request cancellation" button (changes
//                                         nothing; mail scanners prefetch links)
//   POST /orders/cancel-request/<token> → records the request (optional `reason`), once per line. Idempotent.
// Bad or forged token → 400. `Accept: application/json` gets JSON. Logic: app/services/cancellation-requests.server.ts.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { shopperPageResponse } from "../services/shopper-page.server";
import {
  describeCancelRequest,
  renderCancelRequestPage,
  submitCancelRequest,
  type CancelRequestPage,
} from "../services/cancellation-requests.server";
import { systemClock } from "../clock.server";

function respond(request: Request, page: CancelRequestPage): Response {
  const { status, html } = renderCancelRequestPage(page, new URL(request.url).pathname);
  return shopperPageResponse(request, { status, html, state: page.kind, ok: page.kind !== "invalid" });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const page = await describeCancelRequest({ token: params.token ?? "", acceptLanguage: request.headers.get("Accept-Language") });
  return respond(request, page);
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "GET, POST" } });
  let reason: string | null = null;
  try {
    const value = (await request.formData()).get("reason");
    reason = typeof value === "string" ? value : null;
  } catch {
    reason = null; // an empty or non-form body: the reason is optional
  }
  const page = await submitCancelRequest({ token: params.token ?? "", reason, acceptLanguage: request.headers.get("Accept-Language"), now: systemClock() });
  return respond(request, page);
}
