import type { ActionFunctionArgs } from "@remix-run/node";
import { systemClock } from "./clock.server";
import { env } from "./env.server";
import { acceptWebhook } from "./services/webhook-intake.server";
import { verifyShopifyWebhook, webhookRejectionResponse } from "./shopify/webhook-verification.server";

/**
 * The action every webhook route exports: verify the delivery with the client secret, or a previous one during a
 * rotation (405/400/401, see app/shopify/webhook-verification.server.ts), record and enqueue, acknowledge with 200
 * well inside Shopify's 5 s budget. No session is loaded here: processing happens in the job worker, which loads
 * what it needs.
 */
export async function webhookAction({ request }: ActionFunctionArgs): Promise<Response> {
  const receivedAt = systemClock(); // the delivery's one instant (receipt and job), read at the boundary
  const verification = await verifyShopifyWebhook(request, env.SHOPIFY_API_SECRET, env.SHOPIFY_API_SECRET_PREVIOUS);
  if (!verification.ok) return webhookRejectionResponse(verification.rejection);
  const { shop, topic, webhookId, eventId, triggeredAt, payload } = verification.webhook;
  const { duplicate } = await acceptWebhook({ shop, topic, webhookId, eventId, triggeredAt, payload, receivedAt });
  return new Response(null, { status: 200, headers: { "X-Backorders-Duplicate": String(duplicate) } });
}
