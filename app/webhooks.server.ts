import type { ActionFunctionArgs } from "@remix-run/node";
import { authenticate } from "./shopify.server";
import { acceptWebhook } from "./services/webhook-intake.server";

/**
 * The action every webhook route exports: verify the HMAC (401 on failure, done by the library), record and
 * enqueue, acknowledge with 200 well inside Shopify's 5 s budget. Processing happens in the job worker.
 */
export async function webhookAction({ request }: ActionFunctionArgs): Promise<Response> {
  const { shop, topic, webhookId, eventId, triggeredAt, payload } = await authenticate.webhook(request);
  const { duplicate } = await acceptWebhook({ shop, topic, webhookId, eventId, triggeredAt, payload });
  return new Response(null, { status: 200, headers: { "X-Backorders-Duplicate": String(duplicate) } });
}
