// Privacy and uninstall webhooks (merged into `jobHandlers`). None of them calls Shopify, so they run even while
// the shop is parked (see JOB_TYPES_RUN_WHILE_PARKED in app/models/job.server.ts). Each is safe to run again and
// safe when the shop's data is already gone (a repeated delivery after uninstall finds nothing to do).
import { deleteAllForShop } from "../models/shop-data.server";
import { customerRefFromPayload, recordCustomerDataRequest, redactCustomerWhenQueueAllows } from "../services/compliance.server";
import { webhookJobType } from "../services/webhook-intake.server";
import type { JobHandlers } from "./worker.server";
import { webhookPayload } from "./job-context.server";


export const complianceJobHandlers: JobHandlers = {
  // Uninstall stops everything at once: queued jobs (email sends included) and the outbox rows are deleted.
  [webhookJobType("APP_UNINSTALLED")]: async (job) => {
    await deleteAllForShop(job.shop);
  },
  [webhookJobType("SHOP_REDACT")]: async (job) => {
    await deleteAllForShop(job.shop);
  },
  [webhookJobType("CUSTOMERS_REDACT")]: async (job, now) => {
    const customer = customerRefFromPayload(webhookPayload(job).body);
    const outcome = await redactCustomerWhenQueueAllows({ shop: job.shop, customer, jobId: job.id, now });
    if (outcome.kind === "waiting") return { rescheduleAt: outcome.recheckAt };
  },
  [webhookJobType("CUSTOMERS_DATA_REQUEST")]: async (job, now) => {
    const { webhookId, body } = webhookPayload(job);
    await recordCustomerDataRequest({ shop: job.shop, webhookId, body, now });
  },
};
