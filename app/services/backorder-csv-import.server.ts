// A CSV import after its preview (app/services/backorder-csv-preview.server.ts stored it): confirm it (queued, and
// the durable `csv.import` job that applies it, app/services/backorder-csv-import-job.server.ts), discard it, read
// its status and progress, list the recent ones, download every problem.

import { formatCsvRow } from "../domain/backorder-csv";
import { CSV_PREVIEW_TTL_MS } from "../domain/csv-import";
import {
  csvImportExists,
  discardCsvImportPreview,
  findCsvImportForConfirm,
  findCsvImportPendingRows,
  findCsvImportProblems,
  findCsvImportWithErrors,
  listRecentCsvImports,
  queueCsvImportPreview,
} from "../models/csv-import.server";
import { buildCsvImportView, toCsvImportListItem, type CsvImportListItem, type CsvImportView } from "./backorder-csv-import-view.server";
import { CSV_IMPORT_JOB } from "../jobs/job-types";
export { CSV_IMPORT_JOB };

/** The job type (app/jobs/job-types.ts names it too; services never import app/jobs). */

export type CsvActionResult = { ok: true; import: CsvImportView } | { ok: false; status: 404 | 409 | 422; error: string };

/** Queues a preview for applying. Idempotent: confirming a queued/running/finished import returns it unchanged. */
export async function confirmCsvImport(shop: string, importId: string, actor: string, now: Date): Promise<CsvActionResult> {
  const row = await findCsvImportForConfirm(shop, importId);
  if (!row) return { ok: false, status: 404, error: "That import doesn't exist (it may have been deleted)." };
  if (row.status !== "preview") {
    if (row.status === "discarded") return { ok: false, status: 409, error: "That preview was discarded; upload the file again." };
    return { ok: true, import: (await getCsvImport(shop, importId, now))! };
  }
  if (row.validRows === 0) return { ok: false, status: 422, error: "There are no valid rows to apply." };
  if (now.getTime() - row.createdAt.getTime() > CSV_PREVIEW_TTL_MS) {
    return { ok: false, status: 409, error: "This preview is more than 24 hours old; upload the file again to check it against today's settings." };
  }
  await queueCsvImportPreview({
    shop,
    importId,
    confirmedBy: actor,
    confirmedAt: now,
    job: { shop, type: CSV_IMPORT_JOB, payload: { importId }, idempotencyKey: `csv-import:${importId}`, maxAttempts: 5, runAt: now },
  });
  return { ok: true, import: (await getCsvImport(shop, importId, now))! };
}

/** Drops a preview that was never confirmed (its pending rows are deleted). */
export async function discardCsvImport(shop: string, importId: string, now: Date): Promise<CsvActionResult> {
  if (!(await discardCsvImportPreview(shop, importId))) {
    return (await csvImportExists(shop, importId))
      ? { ok: false, status: 409, error: "Only a preview can be discarded; this import has already started." }
      : { ok: false, status: 404, error: "That import doesn't exist." };
  }
  return { ok: true, import: (await getCsvImport(shop, importId, now))! };
}

/** An import with its progress, summary and first problems, or null when the shop has no such import. */
export async function getCsvImport(shop: string, importId: string, now: Date): Promise<CsvImportView | null> {
  const row = await findCsvImportWithErrors(shop, importId);
  if (!row) return null;
  // The pending rows are only read for a preview's sample (not on every progress poll of a running import).
  const pending = row.status === "preview" ? await findCsvImportPendingRows(shop, importId) : null;
  return buildCsvImportView(shop, row, row.errors, pending, now);
}

/** The shop's most recent imports (newest first), without their row data. */
export async function listCsvImports(shop: string, limit = 10): Promise<CsvImportListItem[]> {
  return (await listRecentCsvImports(shop, limit)).map(toCsvImportListItem);
}

/** Every problem of an import as a CSV file (line, column, message, phase), for imports with many errors. */
export async function csvImportErrorsCsv(shop: string, importId: string): Promise<{ fileName: string; body: string } | null> {
  const row = await findCsvImportProblems(shop, importId);
  if (!row) return null;
  const errors = row.errors.sort((a, b) => a.line - b.line);
  const lines = [formatCsvRow(["line", "column", "variant_id", "phase", "message"])];
  for (const e of errors) lines.push(formatCsvRow([String(e.line), e.column ?? "", e.variantId ?? "", e.phase, e.message]));
  return { fileName: `${row.fileName.replace(/\.csv$/i, "")}-problems.csv`, body: `\uFEFF${lines.join("\r\n")}\r\n` };
}
