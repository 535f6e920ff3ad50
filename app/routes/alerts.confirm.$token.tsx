// Public double opt-in link from the confirmation email: /alerts/confirm/<token> on the app's own domain.
// GET shows a page with a Confirm button and changes nothing (mail link scanners and previews prefetch GETs);
// POST confirms (idempotent). Resource route: plain HTML responses with 200, 404 (unknown) or 410 (expired/ended).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { renderConfirmPage } from "../services/confirm-page.server";
import { confirmSubscription, describeConfirmLink } from "../services/subscription-confirm.server";
import { systemClock } from "../clock.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const state = await describeConfirmLink(params.token ?? "", systemClock());
  return renderConfirmPage(state, request.headers.get("Accept-Language"));
}

export async function action({ request, params }: ActionFunctionArgs) {
  if (request.method !== "POST") return new Response("Method Not Allowed", { status: 405, headers: { Allow: "GET, POST" } });
  const state = await confirmSubscription(params.token ?? "", systemClock());
  return renderConfirmPage(state, request.headers.get("Accept-Language"));
}
