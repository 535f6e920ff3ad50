// The `csv.import` job: applies a confirmed CSV import in the background (see app/services/backorder-csv-import-job.server.ts).
// The coordinator merges `csvJobHandlers` into the worker's handler map. Tests build their own handlers with
// `createCsvJobHandlers({ gatewayForShop, applyChanges })` to run without Shopify.

import {
  failCsvImport,
  runCsvImport,
  type ApplyBackorderChangesFn,
  type BackorderChangesGateway,
} from "../services/backorder-csv-import-job.server";
import { defineJobHandlers, type JobHandlers } from "./define-job-handlers";
import { CSV_IMPORT_JOB } from "./job-types";
import { gatewayForShop } from "./job-context.server";

export { CSV_IMPORT_JOB };

export type CsvJobDeps = {
  /** Builds the Admin gateway for a shop; defaults to the shop's offline session via `unauthenticated.admin`. */
  gatewayForShop?: (shop: string) => Promise<BackorderChangesGateway>;
  /** Defaults to `applyBackorderChanges`. */
  applyChanges?: ApplyBackorderChangesFn;
  chunkSize?: number;
  budgetMs?: number;
  clock?: () => number;
};

function describeError(error: unknown): string {
  if (error instanceof Response) {
    return error.status === 401 || error.status === 403
      ? `Shopify refused the app's access (HTTP ${error.status}); open the app again to re-authorize it, then re-import the file.`
      : `Shopify answered HTTP ${error.status}.`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function createCsvJobHandlers(deps: CsvJobDeps = {}): JobHandlers {
  return defineJobHandlers({
    [CSV_IMPORT_JOB]: async (job, now) => {
      const { importId } = job.payload;
      try {
        const result = await runCsvImport({
          shop: job.shop,
          importId,
          now,
          gatewayForShop: deps.gatewayForShop ?? gatewayForShop,
          applyChanges: deps.applyChanges,
          chunkSize: deps.chunkSize,
          budgetMs: deps.budgetMs,
          clock: deps.clock,
        });
        // Out of time for this run: continue right away in a new run (a reschedule does not use up an attempt).
        if (result.state === "continue") return { rescheduleAt: now };
      } catch (error) {
        // The worker retries with backoff and the import resumes from its saved cursor; after the last attempt
        // the merchant sees why it stopped.
        if (job.attempts >= job.maxAttempts) {
          await failCsvImport(job.shop, importId, `The import stopped: ${describeError(error)}`, now);
        }
        throw error;
      }
    },
  });
}

export const csvJobHandlers: JobHandlers = createCsvJobHandlers();
