// Background jobs of restock alerts (merged into `jobHandlers`):
//   restock.batch       one chunk (≤ RESTOCK_CHUNK_SIZE subscribers) of a batch of back-in-stock emails for a
//                       RestockEvent; re-checks stock right before sending and queues the batch's next chunk or the
//                       next batch (app/services/restock-fanout.server.ts).
//   restock.reconcile   hourly, per shop: restock events that lost or late webhooks missed, for variants with
//                       waiting subscribers; each run schedules the next hour's (idempotency key per hour). Started
//                       by the first catalog webhook and by a completed catalog import.
// And the webhook hook `onStockMirrorChanged`, called by the inventory_levels/update and products webhook handlers
// after the mirror was updated.

import { detectRestocks, reconcileRestocks, scheduleRestockReconcile, type DetectionSource } from "../services/restock-detection.server";
import { runRestockBatch } from "../services/restock-fanout.server";
import { defineJobHandlers } from "./define-job-handlers";
import { RESTOCK_BATCH_JOB, RESTOCK_RECONCILE_JOB } from "./job-types";
import { isInstalled } from "./job-context.server";


/** Webhook hook: restock detection for the variants a webhook touched, and the hourly reconciliation's schedule. */
export async function onStockMirrorChanged(input: {
  shop: string;
  variantIds: readonly string[];
  eventAt: Date;
  source: DetectionSource;
  now: Date;
}): Promise<void> {
  await scheduleRestockReconcile(input.shop, input.now);
  await detectRestocks(input);
}

export const restockJobHandlers = defineJobHandlers({
  [RESTOCK_BATCH_JOB]: async (job, now) => {
    const { eventId, batch, notified, progress } = job.payload;
    await runRestockBatch({ shop: job.shop, eventId, batch, notified, progress, now });
  },

  [RESTOCK_RECONCILE_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return; // the chain ends with the installation
    await reconcileRestocks({ shop: job.shop, now });
    await scheduleRestockReconcile(job.shop, now);
  },
});
