import type { Db } from "./job.server";
import { isUniqueViolation } from "./job.server";

/**
 * Records a webhook delivery. Returns false when this X-Shopify-Webhook-Id was already recorded for the shop:
 * Shopify retries (and occasionally duplicates) deliveries, and each must be processed once.
 */
export async function recordWebhookReceipt(
  db: Db,
  receipt: { shop: string; webhookId: string; topic: string; eventId?: string; triggeredAt?: Date },
): Promise<boolean> {
  const existing = await db.webhookReceipt.findUnique({
    where: { shop_webhookId: { shop: receipt.shop, webhookId: receipt.webhookId } },
    select: { webhookId: true },
  });
  if (existing) return false;
  try {
    await db.webhookReceipt.create({ data: receipt });
    return true;
  } catch (error) {
    if (isUniqueViolation(error)) return false; // a concurrent delivery of the same webhook won the race
    throw error;
  }
}
