// Privacy and uninstall webhooks (merged into `jobHandlers`). None of them calls Shopify, so they run even while
// the shop is parked (see JOB_TYPES_RUN_WHILE_PARKED in app/jobs/job-types.ts). Each is safe to run again and
// safe when the shop's data is already gone (a repeated delivery after uninstall finds nothing to do).
import { deleteAllForShop } from "../models/shop-data.server";
import { customerRefFromPayload, recordCustomerDataRequest, redactCustomerWhenQueueAllows } from "../services/compliance.server";
import { defineJobHandlers } from "./define-job-handlers";
import { webhookJobType } from "./job-types";


export const complianceJobHandlers = defineJobHandlers({
  // Uninstall stops everything at once: queued jobs (email sends included) and the outbox rows are deleted.
  [webhookJobType("APP_UNINSTALLED")]: async (job) => {
    await deleteAllForShop(job.shop);
  },
  [webhookJobType("SHOP_REDACT")]: async (job) => {
    await deleteAllForShop(job.shop);
  },
  [webhookJobType("CUSTOMERS_REDACT")]: async (job, now) => {
    const customer = customerRefFromPayload(job.payload.body);
    const outcome = await redactCustomerWhenQueueAllows({ shop: job.shop, customer, jobId: job.id, now });
    if (outcome.kind === "waiting") return { rescheduleAt: outcome.recheckAt };
  },
  [webhookJobType("CUSTOMERS_DATA_REQUEST")]: async (job, now) => {
    const { webhookId, body } = job.payload;
    await recordCustomerDataRequest({ shop: job.shop, webhookId, body, now });
  },
});
