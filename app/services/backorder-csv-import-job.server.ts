// The apply of a confirmed CSV import, run by the `csv.import` job (app/jobs/csv-jobs.server.ts): the pending rows
// go through `applyBackorderChanges` in chunks, progress saved after each chunk so a crash or a redeploy resumes
// where it stopped; the import ends "completed" or "failed".

import { CSV_MAX_STORED_ERRORS, changeSetKey, plural } from "../domain/csv-import";
import { failUnfinishedCsvImport, findCsvImportRun, finishCsvImport, markCsvImportRunning, saveCsvImportProgress } from "../models/csv-import.server";
import {
  applyBackorderChanges,
  BackorderChangeValidationError,
  type ApplyBackorderChangesInput,
  type ApplyBackorderResult,
  type BackorderChangesGateway,
} from "./backorder-changes.server";

/** Rows handed to one `applyBackorderChanges` call; progress is saved after each. */
export const CSV_APPLY_CHUNK = 250;
/** One job run stops after this long and reschedules itself (the worker's lease is 5 minutes). */
export const CSV_RUN_BUDGET_MS = 60_000;

export type ApplyBackorderChangesFn = (input: ApplyBackorderChangesInput) => Promise<ApplyBackorderResult>;

export type { BackorderChangesGateway };

export type RunCsvImportResult = { state: "done" | "missing" | "not_runnable" | "continue" | "superseded" };

/**
 * Applies a confirmed import's pending rows from where the last run stopped: groups of identical change sets, at
 * most `chunkSize` variants per `applyBackorderChanges` call, progress saved after each call (compare-and-set on
 * the cursor, so two runs can never both count a chunk). Returns "continue" when the time budget ran out (the job
 * reschedules itself). Errors thrown by the apply (network, auth) propagate: the job is retried and resumes.
 */
export async function runCsvImport(input: {
  shop: string;
  importId: string;
  now: Date;
  gatewayForShop: (shop: string) => Promise<BackorderChangesGateway>;
  applyChanges?: ApplyBackorderChangesFn;
  chunkSize?: number;
  budgetMs?: number;
  /** Milliseconds for the run's time budget (monotonic); the run's instant is `now`. */
  clock?: () => number;
}): Promise<RunCsvImportResult> {
  const { shop, importId, now } = input;
  const apply = input.applyChanges ?? applyBackorderChanges;
  const chunkSize = input.chunkSize ?? CSV_APPLY_CHUNK;
  const clock = input.clock ?? (() => performance.now());
  const startedAt = clock();
  const budgetMs = input.budgetMs ?? CSV_RUN_BUDGET_MS;

  const row = await findCsvImportRun(shop, importId);
  if (!row) return { state: "missing" };
  if (row.status !== "queued" && row.status !== "running") return { state: "not_runnable" };
  if (row.status === "queued" && !(await markCsvImportRunning(shop, importId, now))) return { state: "superseded" };

  const { rows, errors } = row;
  let cursor = row.processedRows;
  let appliedRows = row.appliedRows;
  let errorRows = row.errorRows;
  const actor = `csv:${importId}`;
  let gateway: BackorderChangesGateway | null = null;

  while (cursor < rows.length) {
    if (clock() - startedAt >= budgetMs) return { state: "continue" };
    gateway ??= await input.gatewayForShop(shop);
    const key = changeSetKey(rows[cursor].changes);
    let end = cursor + 1;
    while (end < rows.length && end - cursor < chunkSize && changeSetKey(rows[end].changes) === key) end++;
    const chunk = rows.slice(cursor, end);

    let result: ApplyBackorderResult;
    try {
      result = await apply({ shop, variantIds: chunk.map((r) => r.variantId), changes: chunk[0].changes, actor, source: "csv", gateway, now });
    } catch (error) {
      // The change itself is invalid now (e.g. its ETA passed since the preview): these rows fail, the rest goes on.
      if (!(error instanceof BackorderChangeValidationError)) throw error;
      const message = error.issues.map((i) => i.message).join(" ") || error.message;
      result = { succeeded: [], failed: chunk.map((r) => ({ variantId: r.variantId, message })) };
    }

    const succeeded = new Set(result.succeeded);
    const failed = new Map(result.failed.map((f) => [f.variantId, f.message]));
    for (const r of chunk) {
      if (succeeded.has(r.variantId) && !failed.has(r.variantId)) {
        appliedRows++;
        continue;
      }
      errorRows++;
      if (errors.length < CSV_MAX_STORED_ERRORS) {
        errors.push({
          line: r.line,
          variantId: r.variantId,
          phase: "apply",
          message: failed.get(r.variantId) ?? "The change wasn't confirmed by the update; check this variant and import it again.",
        });
      }
    }

    const saved = await saveCsvImportProgress({ shop, importId, fromRow: cursor, processedRows: end, appliedRows, errorRows, errors });
    if (!saved) return { state: "superseded" }; // another run moved on (or the shop was deleted)
    cursor = end;
  }

  const validationErrors = row.invalidRows;
  const applyFailures = errorRows - validationErrors;
  const allFailed = rows.length > 0 && appliedRows === 0 && applyFailures > 0;
  await finishCsvImport({
    shop,
    importId,
    status: allFailed ? "failed" : "completed",
    finishedAt: new Date(now.getTime() + (clock() - startedAt)),
    failureReason: allFailed ? `None of the ${plural(rows.length, "row")} could be applied; see the problems below.` : null,
  });
  return { state: "done" };
}

/** Marks an import failed after its job gave up (last attempt), keeping the progress it made. */
export async function failCsvImport(shop: string, importId: string, reason: string, now: Date): Promise<void> {
  await failUnfinishedCsvImport({ shop, importId, failureReason: reason.slice(0, 1000), finishedAt: now });
}
