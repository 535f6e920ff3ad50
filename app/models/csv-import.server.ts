// Persistence of CSV imports (CsvImport): the stored preview with its pending rows and problems, the status moves,
// and the apply job's progress. Every function takes `shop` and puts it in every `where`. Which move is allowed
// when is the import services' decision; the writes here compare-and-set on the status (and the job's cursor) so
// two requests or runs never both move one row. The pending rows and problems are stored as JSON text; a column
// that doesn't parse reads as empty.

import type { DatabaseClient, Db } from "./db";
import prisma from "#app/db.server";
import type { CsvImportIssue, PendingCsvRow } from "#app/domain/csv-import";
import { enqueue } from "../jobs/enqueue.server";
import type { JobRequest } from "../jobs/job-types";

export type { Db };

const SUMMARY_SELECT = {
  id: true,
  fileName: true,
  status: true,
  totalRows: true,
  validRows: true,
  unchangedRows: true,
  invalidRows: true,
  appliedRows: true,
  errorRows: true,
  processedRows: true,
  failureReason: true,
  timeZone: true,
  createdBy: true,
  confirmedBy: true,
  createdAt: true,
  finishedAt: true,
} as const;

/** An import's counts and status, without its row data. */
export type CsvImportSummaryRow = {
  id: string;
  fileName: string;
  status: string;
  totalRows: number;
  validRows: number;
  unchangedRows: number;
  invalidRows: number;
  appliedRows: number;
  errorRows: number;
  processedRows: number;
  failureReason: string | null;
  timeZone: string | null;
  createdBy: string | null;
  confirmedBy: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

function parseStoredList<T>(text: string | null): T[] {
  if (!text) return [];
  try {
    return JSON.parse(text) as T[];
  } catch {
    return [];
  }
}

export type NewCsvImportPreview = {
  shop: string;
  fileName: string;
  totalRows: number;
  validRows: number;
  unchangedRows: number;
  invalidRows: number;
  errors: readonly CsvImportIssue[];
  rows: readonly PendingCsvRow[];
  timeZone: string;
  createdBy: string | null;
  createdAt: Date;
};

/** Stores a validated file as an import in status "preview" (its invalid rows count as error rows from the start). */
export async function createCsvImportPreview(preview: NewCsvImportPreview, db: Db = prisma): Promise<CsvImportSummaryRow> {
  const { errors, rows, ...counts } = preview;
  return db.csvImport.create({
    data: {
      ...counts,
      status: "preview",
      errorRows: preview.invalidRows,
      errors: JSON.stringify(errors),
      rows: JSON.stringify(rows),
    },
    select: SUMMARY_SELECT,
  });
}

/** An import's summary and its stored problems. */
export async function findCsvImportWithErrors(
  shop: string,
  importId: string,
  db: Db = prisma,
): Promise<(CsvImportSummaryRow & { errors: CsvImportIssue[] }) | null> {
  const row = await db.csvImport.findFirst({ where: { id: importId, shop }, select: { ...SUMMARY_SELECT, errors: true } });
  return row ? { ...row, errors: parseStoredList<CsvImportIssue>(row.errors) } : null;
}

/** An import's pending rows (empty once it finished or was discarded). */
export async function findCsvImportPendingRows(shop: string, importId: string, db: Db = prisma): Promise<PendingCsvRow[]> {
  const row = await db.csvImport.findFirst({ where: { id: importId, shop }, select: { rows: true } });
  return parseStoredList<PendingCsvRow>(row?.rows ?? null);
}

/** What confirming an import looks at. */
export async function findCsvImportForConfirm(
  shop: string,
  importId: string,
  db: Db = prisma,
): Promise<{ status: string; validRows: number; createdAt: Date } | null> {
  return db.csvImport.findFirst({ where: { id: importId, shop }, select: { status: true, validRows: true, createdAt: true } });
}

export async function csvImportExists(shop: string, importId: string, db: Db = prisma): Promise<boolean> {
  return (await db.csvImport.count({ where: { id: importId, shop } })) > 0;
}

/**
 * Moves a preview to "queued" and enqueues `job` in one transaction: the job exists exactly when the move
 * happened. False (and no job) when the import is no longer a preview.
 */
export async function queueCsvImportPreview(
  input: { shop: string; importId: string; confirmedBy: string; confirmedAt: Date; job: JobRequest },
  db: DatabaseClient = prisma,
): Promise<boolean> {
  const { shop, importId } = input;
  return db.$transaction(async (tx) => {
    const { count } = await tx.csvImport.updateMany({
      where: { id: importId, shop, status: "preview" },
      data: { status: "queued", confirmedBy: input.confirmedBy, confirmedAt: input.confirmedAt },
    });
    if (count !== 1) return false;
    await enqueue(input.job, tx);
    return true;
  });
}

/** Marks a preview "discarded" and drops its pending rows. False when the import is not (or no longer) a preview. */
export async function discardCsvImportPreview(shop: string, importId: string, db: Db = prisma): Promise<boolean> {
  const { count } = await db.csvImport.updateMany({
    where: { id: importId, shop, status: "preview" },
    data: { status: "discarded", rows: null },
  });
  return count > 0;
}

/** The shop's most recent imports, newest first. */
export async function listRecentCsvImports(shop: string, limit: number, db: Db = prisma): Promise<CsvImportSummaryRow[]> {
  return db.csvImport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: limit, select: SUMMARY_SELECT });
}

/** An import's file name and every stored problem. */
export async function findCsvImportProblems(
  shop: string,
  importId: string,
  db: Db = prisma,
): Promise<{ fileName: string; errors: CsvImportIssue[] } | null> {
  const row = await db.csvImport.findFirst({ where: { id: importId, shop }, select: { fileName: true, errors: true } });
  return row ? { fileName: row.fileName, errors: parseStoredList<CsvImportIssue>(row.errors) } : null;
}

/** Everything the apply job reads of an import: status, progress counters, pending rows, problems so far. */
export type CsvImportRun = {
  status: string;
  invalidRows: number;
  processedRows: number;
  appliedRows: number;
  errorRows: number;
  rows: PendingCsvRow[];
  errors: CsvImportIssue[];
};

export async function findCsvImportRun(shop: string, importId: string, db: Db = prisma): Promise<CsvImportRun | null> {
  const row = await db.csvImport.findFirst({
    where: { id: importId, shop },
    select: { status: true, invalidRows: true, processedRows: true, appliedRows: true, errorRows: true, rows: true, errors: true },
  });
  if (!row) return null;
  return { ...row, rows: parseStoredList<PendingCsvRow>(row.rows), errors: parseStoredList<CsvImportIssue>(row.errors) };
}

/** "queued" → "running". False when another run moved it first. */
export async function markCsvImportRunning(shop: string, importId: string, startedAt: Date, db: Db = prisma): Promise<boolean> {
  const { count } = await db.csvImport.updateMany({
    where: { id: importId, shop, status: "queued" },
    data: { status: "running", startedAt },
  });
  return count === 1;
}

/**
 * Saves the progress after a chunk, only if the import is still running at cursor `fromRow` (compare-and-set, so
 * two runs can never both count a chunk). False when another run moved on or the import is gone.
 */
export async function saveCsvImportProgress(
  input: { shop: string; importId: string; fromRow: number; processedRows: number; appliedRows: number; errorRows: number; errors: readonly CsvImportIssue[] },
  db: Db = prisma,
): Promise<boolean> {
  const { count } = await db.csvImport.updateMany({
    where: { id: input.importId, shop: input.shop, status: "running", processedRows: input.fromRow },
    data: { processedRows: input.processedRows, appliedRows: input.appliedRows, errorRows: input.errorRows, errors: JSON.stringify(input.errors) },
  });
  return count === 1;
}

/** Ends a running import ("completed" or "failed") and drops its pending rows. */
export async function finishCsvImport(
  input: { shop: string; importId: string; status: "completed" | "failed"; finishedAt: Date; failureReason: string | null },
  db: Db = prisma,
): Promise<void> {
  await db.csvImport.updateMany({
    where: { id: input.importId, shop: input.shop, status: "running" },
    data: { status: input.status, finishedAt: input.finishedAt, rows: null, failureReason: input.failureReason },
  });
}

/** Marks a queued or running import "failed", keeping the progress it made, and drops its pending rows. */
export async function failUnfinishedCsvImport(
  input: { shop: string; importId: string; failureReason: string; finishedAt: Date },
  db: Db = prisma,
): Promise<void> {
  await db.csvImport.updateMany({
    where: { id: input.importId, shop: input.shop, status: { in: ["queued", "running"] } },
    data: { status: "failed", failureReason: input.failureReason, finishedAt: input.finishedAt, rows: null },
  });
}
