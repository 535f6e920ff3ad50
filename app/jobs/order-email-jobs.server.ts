// Shopper emails after a backorder purchase (merged into `jobHandlers`):
//   orders.delay-scan   delay notices for open ledger lines whose ETA moved later or passed (runDelayNoticeScan).
//                       Payload { variantId } (requested where an ETA was persisted), {} (all lines) or
//                       { daily: true } (the daily overdue scan). Every run makes sure the next daily scan is queued,
//                       so the chain starts with the first ETA change or catalog import and ends with the install.
// The emails themselves (backorder_confirmation, delay_notice, shipping_soon) go through `email.send`.
import { runDelayNoticeScan, scheduleDailyDelayScan } from "../services/delay-notices.server";
import { defineJobHandlers } from "./define-job-handlers";
import { DELAY_NOTICE_SCAN_JOB } from "./job-types";

export const orderEmailJobHandlers = defineJobHandlers({
  [DELAY_NOTICE_SCAN_JOB]: async (job, now) => {
    const { variantId } = job.payload;
    const result = await runDelayNoticeScan({ shop: job.shop, variantId: variantId ?? null, now });
    if (result.skipped === "uninstalled") return; // the daily chain ends with the installation
    await scheduleDailyDelayScan(job.shop, now);
  },
});
