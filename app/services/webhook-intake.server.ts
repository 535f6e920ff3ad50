import prisma from "../db.server";
import { enqueueJob } from "../models/job.server";
import { recordWebhookReceipt } from "../models/webhook-receipt.server";

export type IncomingWebhook = {
  shop: string;
  topic: string; // library form, e.g. PRODUCTS_UPDATE
  webhookId: string;
  eventId?: string;
  triggeredAt?: string;
  payload: unknown;
};

export const webhookJobType = (topic: string) => `webhook:${topic}`;

/**
 * Acknowledge fast, work later: records the delivery (dedupe on X-Shopify-Webhook-Id) and enqueues its
 * processing in one transaction, so a crash between the two cannot drop or double the work.
 */
export async function acceptWebhook(webhook: IncomingWebhook): Promise<{ duplicate: boolean }> {
  const triggeredAt = parseDate(webhook.triggeredAt);
  return prisma.$transaction(async (tx) => {
    const isNew = await recordWebhookReceipt(tx, {
      shop: webhook.shop,
      webhookId: webhook.webhookId,
      topic: webhook.topic,
      eventId: webhook.eventId,
      triggeredAt,
    });
    if (!isNew) return { duplicate: true };
    await enqueueJob(tx, {
      shop: webhook.shop,
      type: webhookJobType(webhook.topic),
      payload: { webhookId: webhook.webhookId, triggeredAt: triggeredAt?.toISOString() ?? null, body: webhook.payload },
      idempotencyKey: `webhook:${webhook.webhookId}`,
    });
    return { duplicate: false };
  });
}

function parseDate(value: string | undefined): Date | undefined {
  if (!value) return undefined;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? undefined : date;
}
