import type { DatabaseClient } from "../models/db";
import { recordWebhookDelivery } from "../models/webhook-receipt.server";
import { isWebhookTopic, webhookJobType, type JobRequest, type WebhookJobType } from "../jobs/job-types";
import { isRecord } from "../domain/is-record";

export { webhookJobType };

export type IncomingWebhook = {
  shop: string;
  topic: string; // library form, e.g. PRODUCTS_UPDATE
  webhookId: string;
  eventId?: string;
  triggeredAt?: string;
  payload: unknown;
  /** The request's instant: the receipt's receivedAt and the job's runAt (due at once). */
  receivedAt: Date;
};



/**
 * Acknowledge fast, work later: records the delivery (dedupe on X-Shopify-Webhook-Id) and enqueues its
 * processing in one transaction, so a crash between the two cannot drop or double the work. Three statements in
 * that transaction: the receipt's INSERT … ON CONFLICT DO NOTHING and the job's idempotency check and insert.
 * `db` is the app's client unless a caller (the bench, on a database of its own) passes another. A burst of
 * deliveries can outnumber the PostgreSQL pool (DATABASE_POOL_SIZE): a delivery waits up to 5 s for a connection
 * (Shopify's own delivery timeout) instead of Prisma's default 2 s, after which it would answer 500 and be retried.
 */
export async function acceptWebhook(webhook: IncomingWebhook, db?: DatabaseClient): Promise<{ duplicate: boolean }> {
  // Signed by Shopify but nothing the app subscribes to (shopify.app.toml) or not a JSON object: no handler could
  // run it, so it is acknowledged (a refusal would only make Shopify retry it) and nothing is recorded.
  if (!isWebhookTopic(webhook.topic) || !isRecord(webhook.payload)) return { duplicate: false };
  const triggeredAt = parseDate(webhook.triggeredAt);
  const isNew = await recordWebhookDelivery(
    {
      shop: webhook.shop,
      webhookId: webhook.webhookId,
      topic: webhook.topic,
      eventId: webhook.eventId,
      triggeredAt,
      receivedAt: webhook.receivedAt,
    },
    // Every webhook job has the same payload schema; TypeScript cannot check an object literal against a union of
    // more than 25 job types member by member, so the request is asserted as one of them.
    {
      shop: webhook.shop,
      type: webhookJobType(webhook.topic) as WebhookJobType,
      payload: { webhookId: webhook.webhookId, triggeredAt: triggeredAt?.toISOString() ?? null, body: webhook.payload },
      idempotencyKey: `webhook:${webhook.webhookId}`,
      runAt: webhook.receivedAt,
    } as JobRequest<WebhookJobType>,
    { maxWaitMs: 5_000 },
    db,
  );
  return { duplicate: !isNew };
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
