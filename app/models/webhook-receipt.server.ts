import { Prisma } from "@prisma/client";
import prisma from "#app/db.server";
import type { DatabaseClient } from "./db";
import { type Db } from "./job.server";
import { enqueue, transactionQueuingJobs } from "../jobs/enqueue.server";
import type { JobRequest } from "../jobs/job-types";

export type WebhookReceipt = { shop: string; webhookId: string; topic: string; eventId?: string; triggeredAt?: Date; receivedAt: Date };

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
  receipt: WebhookReceipt,
): Promise<boolean> {
  const inserted = await db.$executeRaw(Prisma.sql`
    INSERT INTO "WebhookReceipt" ("shop", "webhookId", "topic", "eventId", "triggeredAt", "receivedAt")
    VALUES (${receipt.shop}, ${receipt.webhookId}, ${receipt.topic}, ${receipt.eventId ?? null}, ${receipt.triggeredAt ?? null}, ${receipt.receivedAt})
    ON CONFLICT ("shop", "webhookId") DO NOTHING`);
  return inserted === 1;
}

/**
 * Records a delivery and, when it is new, enqueues the job that processes it, in one transaction: a crash between
 * the two cannot drop or double the work. Returns false for a duplicate delivery (nothing enqueued). `maxWaitMs`
 * is how long to wait for a pooled connection.
 */
export async function recordWebhookDelivery(
  receipt: WebhookReceipt,
  job: JobRequest,
  options: { maxWaitMs: number },
  db: DatabaseClient = prisma,
): Promise<boolean> {
  // Committed, the job wakes this process's idle worker at once (a checkout's orders/create refreshes the cap).
  return transactionQueuingJobs(async (tx) => {
    if (!(await recordWebhookReceipt(tx, receipt))) return false;
    await enqueue(job, tx);
    return true;
  }, { maxWait: options.maxWaitMs }, db);
}
