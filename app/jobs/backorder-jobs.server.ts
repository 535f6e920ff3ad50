// Background jobs of the merchant's backorder features (merged into `jobHandlers`):
//   backorder.apply              a bulk change above BULK_CHANGE_THRESHOLD variants, 250 variants per run (above
//                                BULK_MUTATION_THRESHOLD the policies go first as one Shopify bulk mutation); progress
//                                in the job row (getBackorderChangesProgress), the job re-queues itself until done.
//   automation.reconcile         the hourly reconciliation of automation rules, policies, states and storefront
//                                metafields for one shop; each run schedules the next hour's (idempotency key per
//                                hour), so the chain keeps going while the shop is installed. Started by the first
//                                catalog webhook / catalog import (scheduleAutomationReconcile).
//   storefront.metafields.sync   re-sync of storefront metafields after a settings change or a failed push.

import { runBackorderChangesJobStep } from "../services/backorder-changes.server";
import { reconcileAutomation, scheduleAutomationReconcile } from "../services/automation.server";
import { enqueueStorefrontSync, syncStorefrontMetafields } from "../services/storefront-metafields.server";
import { requestInboundSync } from "../services/inbound-eta.server";
import { scheduleNightlyForecast } from "../models/forecast-jobs.server";
import { defineJobHandlers } from "./define-job-handlers";
import { AUTOMATION_RECONCILE_JOB, BACKORDER_APPLY_JOB, STOREFRONT_SYNC_JOB } from "./job-types";
import { gatewayForShop, isInstalled } from "./job-context.server";



export const backorderJobHandlers = defineJobHandlers({
  [BACKORDER_APPLY_JOB]: async (job, now) => {
    const { done, retryInMs } = await runBackorderChangesJobStep({
      shop: job.shop,
      jobId: job.id,
      payload: job.payload,
      gateway: () => gatewayForShop(job.shop),
      now,
    });
    if (!done) return { rescheduleAt: new Date(now.getTime() + (retryInMs ?? 0)) };
  },

  [AUTOMATION_RECONCILE_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return; // the chain ends with the installation
    await reconcileAutomation({ shop: job.shop, gateway: () => gatewayForShop(job.shop), now });
    await scheduleAutomationReconcile(job.shop, now);
    await requestInboundSync(job.shop, now); // the inbound mirror's hourly re-read (lost webhooks, late shipments)
    await scheduleNightlyForecast(job.shop, now); // keeps the nightly forecast chain alive (one job per night)
  },

  [STOREFRONT_SYNC_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return;
    const { variantIds } = job.payload;
    const result = await syncStorefrontMetafields({
      shop: job.shop,
      gateway: () => gatewayForShop(job.shop),
      now,
      ...(variantIds ? { variantIds } : {}),
    });
    if (!result.failed.length) return;
    const sample = result.failed.slice(0, 3).map((f) => `${f.variantId}: ${f.message}`).join("; ");
    // Nothing went through: let the worker retry this job with back-off (bounded by maxAttempts).
    if (!result.written.length) throw new Error(`Storefront metafields not saved for ${result.failed.length} variants (${sample})`);
    // Partly through: retry only the failed variants, a minute later. (The hourly reconciliation retries too.)
    await enqueueStorefrontSync(job.shop, result.failed.map((f) => f.variantId), new Date(now.getTime() + 60_000));
  },
});
