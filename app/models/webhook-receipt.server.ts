import { Prisma } from "@prisma/client";
import type { Db } from "./job.server";

/**
 * Records a webhook delivery. Returns false when this X-Shopify-Webhook-Id was already recorded for the shop:
 * Shopify retries (and occasionally duplicates) deliveries, and each must be processed once.
 *
 * One statement, `INSERT … ON CONFLICT DO NOTHING` (SQLite and PostgreSQL alike), whose row count says whether this
 * delivery is new. No read-then-insert round trip, and no unique-violation error: on PostgreSQL a failed INSERT
 * aborts the surrounding transaction, while ON CONFLICT waits for a concurrent delivery of the same webhook to
 * commit and then reports 0 rows.
 */
export async function recordWebhookReceipt(
  db: Db,
  receipt: { shop: string; webhookId: string; topic: string; eventId?: string; triggeredAt?: Date; receivedAt: Date },
): Promise<boolean> {
  const inserted = await db.$executeRaw(Prisma.sql`
    INSERT INTO "WebhookReceipt" ("shop", "webhookId", "topic", "eventId", "triggeredAt", "receivedAt")
    VALUES (${receipt.shop}, ${receipt.webhookId}, ${receipt.topic}, ${receipt.eventId ?? null}, ${receipt.triggeredAt ?? null}, ${receipt.receivedAt})
    ON CONFLICT ("shop", "webhookId") DO NOTHING`);
  return inserted === 1;
}
