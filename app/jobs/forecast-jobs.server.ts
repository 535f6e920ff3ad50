// Background jobs of the forecast (merged into `jobHandlers`; app/services/forecast-recompute.server.ts):
//   forecast.recompute {}              on demand (Forecast page, settings change, after a sales-history backfill):
//                                      coalesced while queued (requestForecastRecompute).
//   forecast.recompute {nightly:true}  just after 01:00 shop time; queues the next night's first (so a failing run
//                                      does not end the chain). The chain starts with the catalog import and is
//                                      kept alive by the hourly automation reconciliation (scheduleNightlyForecast
//                                      is idempotent per hour).
import { recomputeForecasts, scheduleNightlyForecast } from "../services/forecast-recompute.server";
import { applyPredictedStockOutAutomation } from "../services/predicted-stockout-automation.server";
import { defineJobHandlers } from "./define-job-handlers";
import { gatewayForShop, isInstalled } from "./job-context.server";
import { FORECAST_RECOMPUTE_JOB } from "./job-types";

export const forecastJobHandlers = defineJobHandlers({
  [FORECAST_RECOMPUTE_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return; // the nightly chain ends with the installation
    if (job.payload.nightly) await scheduleNightlyForecast(job.shop, now);
    await recomputeForecasts(job.shop, now);
    // Rules that turn backorders on ahead of a predicted stock-out act on the fresh forecast.
    await applyPredictedStockOutAutomation({ shop: job.shop, gateway: () => gatewayForShop(job.shop), now });
  },
});
