// Background jobs of the sales history (merged into `jobHandlers`; app/services/sales-history-backfill.server.ts):
//   sales.history.backfill {}                 start the bulk export of the last 60 days of orders (retried in 30 s
//                                             while another bulk query of ours holds the shop's slot)
//   sales.history.backfill {bulkOperationId}  poll that export; once complete, stream it into the history.
// The webhooks' part (orders/*, refunds/create, stock levels) runs in the order and catalog handlers.
import { importSalesHistoryBulkResult, startSalesHistoryBackfill, BACKFILL_POLL_MS } from "../services/sales-history-backfill.server";
import { requestForecastRecompute } from "../models/forecast-jobs.server";
import { defineJobHandlers } from "./define-job-handlers";
import { gatewayForShop, isInstalled } from "./job-context.server";
import { SALES_HISTORY_BACKFILL_JOB } from "./job-types";

export const salesHistoryJobHandlers = defineJobHandlers({
  [SALES_HISTORY_BACKFILL_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return;
    const gateway = await gatewayForShop(job.shop);
    const { bulkOperationId } = job.payload;
    if (!bulkOperationId) {
      const started = await startSalesHistoryBackfill({ shop: job.shop, gateway, now });
      return started.started ? undefined : { rescheduleAt: started.retryAt };
    }
    const result = await importSalesHistoryBulkResult({ shop: job.shop, gateway, bulkOperationId, now });
    if (result.status === "pending") return { rescheduleAt: new Date(now.getTime() + BACKFILL_POLL_MS) };
    // The forecast reads the history: recompute it from the imported orders (coalesced with a queued request).
    if (result.status === "completed") await requestForecastRecompute(job.shop, now);
  },
});
