// Sales-history backfill (issue 17): the last 60 days of orders (what `read_orders` serves) through a bulk query,
// streamed like the catalog sync, on install and on demand.
//   requestSalesHistoryBackfill / ensureInitialSalesHistoryBackfill
//                                   → job sales.history.backfill {}            (app/jobs/sales-history-jobs.server.ts)
//   startSalesHistoryBackfill       → bulkOperationRunQuery(salesHistoryBulkQuery); the same job type with the
//                                     operation's id polls (bulk_operations/finish makes it due at once)
//   importSalesHistoryBulkResult    → streams the JSONL, assembling each order from its line (its line items follow
//                                     it: grouped output) and applies the orders in batches through the same
//                                     convergence as the webhooks (convergeSalesStates): an order the webhooks
//                                     already counted is counted once, whichever state is newer wins.
// Memory stays flat: one batch of orders is held at a time.
import { backfillFromInstant, netUnitsOfLine, salesDayOf, type OrderSalesState, type SalesLineState } from "#app/domain/sales-history";
import {
  getSalesHistoryBackfill,
  markSalesHistoryBackfillCompleted,
  markSalesHistoryBackfillFailed,
  markSalesHistoryBackfillQueued,
  markSalesHistoryBackfillRunning,
} from "#app/models/sales-history.server";
import { loadShopTimeZone } from "#app/models/shop-time-zone.server";
import type { AdminGateway, BulkOperationStatus } from "#app/shopify/admin-gateway.server";
import { streamJsonLines } from "#app/shopify/bulk-jsonl.server";
import { BulkOperationInProgressError } from "#app/shopify/graphql-errors";
import { enqueue } from "../jobs/enqueue.server";
import { SALES_HISTORY_BACKFILL_JOB } from "../jobs/job-types";
import { convergeSalesStates } from "./sales-history.server";

export { SALES_HISTORY_BACKFILL_JOB };

/** The poll of a running export (bulk_operations/finish expedites it). */
export const BACKFILL_POLL_MS = 5_000;
/** Another bulk query of ours (the catalog sync) holds the shop's slot: try again after this. */
export const BACKFILL_BUSY_RETRY_MS = 30_000;
/** Orders applied per transaction. */
const ORDERS_PER_BATCH = 500;

export const salesHistoryImportJobKey = (bulkOperationId: string) => `sales-history:import:${bulkOperationId}`;

/** On demand ("Rebuild sales history"): queues a backfill unless one is queued or running. */
export async function requestSalesHistoryBackfill(shop: string, now: Date): Promise<{ queued: boolean; status: string }> {
  const state = await getSalesHistoryBackfill(shop);
  if (state.status === "queued" || state.status === "running") return { queued: false, status: state.status };
  await markSalesHistoryBackfillQueued(shop, now);
  await enqueue({ shop, type: SALES_HISTORY_BACKFILL_JOB, payload: {}, idempotencyKey: `sales-history:backfill:${now.toISOString()}`, runAt: now });
  return { queued: true, status: "queued" };
}

/** On install: the first backfill, once (the shop delete path removes its state, so a reinstall backfills again). */
export async function ensureInitialSalesHistoryBackfill(shop: string, now: Date): Promise<void> {
  if ((await getSalesHistoryBackfill(shop)).status !== "never") return;
  await requestSalesHistoryBackfill(shop, now);
}

export type BackfillStartResult = { started: true; bulkOperationId: string } | { started: false; retryAt: Date };

/** Starts the export of orders created in the last 60 days; when another bulk query holds the slot, says when to retry. */
export async function startSalesHistoryBackfill(input: {
  shop: string;
  gateway: Pick<AdminGateway, "startSalesHistoryBulkQuery">;
  now: Date;
}): Promise<BackfillStartResult> {
  const { shop, now } = input;
  let operation: { id: string };
  try {
    operation = await input.gateway.startSalesHistoryBulkQuery(backfillFromInstant(now));
  } catch (error) {
    if (error instanceof BulkOperationInProgressError) return { started: false, retryAt: new Date(now.getTime() + BACKFILL_BUSY_RETRY_MS) };
    await markSalesHistoryBackfillFailed(shop, (error as Error)?.message ?? String(error));
    throw error;
  }
  await markSalesHistoryBackfillRunning(shop, { bulkOperationId: operation.id, startedAt: now });
  await enqueue({
    shop,
    type: SALES_HISTORY_BACKFILL_JOB,
    payload: { bulkOperationId: operation.id },
    idempotencyKey: salesHistoryImportJobKey(operation.id),
    runAt: new Date(now.getTime() + BACKFILL_POLL_MS),
  });
  return { started: true, bulkOperationId: operation.id };
}

export type BackfillCounts = { lines: number; orders: number; orderLines: number; applied: number; stale: number; unattachedLines: number; skippedLines: number };

export type BackfillImportResult =
  | { status: "pending"; bulkStatus: BulkOperationStatus }
  | { status: "completed"; counts: BackfillCounts }
  | { status: "failed"; error: string }
  | { status: "ignored"; reason: string };

export async function importSalesHistoryBulkResult(input: {
  shop: string;
  gateway: Pick<AdminGateway, "getBulkOperation">;
  bulkOperationId: string;
  now: Date;
  fetchImpl?: typeof fetch;
  ordersPerBatch?: number;
  /** Called after each applied batch (the bench samples memory here). */
  onBatch?: (counts: BackfillCounts) => void;
}): Promise<BackfillImportResult> {
  const { shop, bulkOperationId, now } = input;
  const state = await getSalesHistoryBackfill(shop);
  if (state.bulkOperationId !== bulkOperationId) return { status: "ignored", reason: `not the shop's backfill (${state.bulkOperationId ?? "none"})` };
  if (state.status === "completed") return { status: "ignored", reason: "already imported" };

  const operation = await input.gateway.getBulkOperation(bulkOperationId);
  if (operation.status === "CREATED" || operation.status === "RUNNING" || operation.status === "CANCELING") return { status: "pending", bulkStatus: operation.status };
  if (operation.status !== "COMPLETED") {
    // A partial export is still applied by nobody: re-running the backfill is cheap and converges.
    const error = `Order export ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}`;
    await markSalesHistoryBackfillFailed(shop, error);
    return { status: "failed", error };
  }
  try {
    const counts = operation.url
      ? await streamOrdersIntoHistory({ shop, url: operation.url, now, fetchImpl: input.fetchImpl, ordersPerBatch: input.ordersPerBatch, onBatch: input.onBatch })
      : { lines: 0, orders: 0, orderLines: 0, applied: 0, stale: 0, unattachedLines: 0, skippedLines: 0 }; // no orders in the window
    await markSalesHistoryBackfillCompleted(shop, { completedAt: now, orders: counts.orders, lines: counts.orderLines });
    return { status: "completed", counts };
  } catch (error) {
    await markSalesHistoryBackfillFailed(shop, (error as Error)?.message ?? String(error));
    throw error;
  }
}

type RawRecord = Record<string, unknown>;
const asRecord = (value: unknown): RawRecord | null => (value && typeof value === "object" && !Array.isArray(value) ? (value as RawRecord) : null);
const asDate = (value: unknown): Date | null => {
  if (typeof value !== "string") return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};
const asInt = (value: unknown): number | null => (typeof value === "number" && Number.isFinite(value) ? Math.trunc(value) : null);

type PendingOrder = OrderSalesState & { cancelled: boolean; lines: SalesLineState[] };

async function streamOrdersIntoHistory(input: {
  shop: string;
  url: string;
  now: Date;
  fetchImpl?: typeof fetch;
  ordersPerBatch?: number;
  onBatch?: (counts: BackfillCounts) => void;
}): Promise<BackfillCounts> {
  const { shop, now } = input;
  const timeZone = await loadShopTimeZone(shop);
  const perBatch = Math.max(1, input.ordersPerBatch ?? ORDERS_PER_BATCH);
  const counts: BackfillCounts = { lines: 0, orders: 0, orderLines: 0, applied: 0, stale: 0, unattachedLines: 0, skippedLines: 0 };
  // The batch being assembled: an order's line items follow it, so the batch is flushed only when the next order starts.
  let batch = new Map<string, PendingOrder>();
  const flush = async () => {
    if (!batch.size) return;
    const result = await convergeSalesStates(shop, [...batch.values()], now);
    counts.applied += result.applied;
    counts.stale += result.stale;
    batch = new Map();
    input.onBatch?.({ ...counts });
  };
  for await (const raw of streamJsonLines(input.url, { fetchImpl: input.fetchImpl })) {
    counts.lines++;
    const record = asRecord(raw);
    const id = typeof record?.id === "string" ? record.id : null;
    if (!record || !id) {
      counts.skippedLines++;
      continue;
    }
    const parentId = typeof record.__parentId === "string" ? record.__parentId : null;
    if (parentId === null && id.startsWith("gid://shopify/Order/")) {
      const createdAt = asDate(record.createdAt);
      const updatedAt = asDate(record.updatedAt) ?? createdAt;
      if (!createdAt || !updatedAt) {
        counts.skippedLines++;
        continue;
      }
      if (batch.size >= perBatch) await flush();
      counts.orders++;
      const day = salesDayOf({ processedAt: asDate(record.processedAt), createdAt }, timeZone);
      batch.set(id, { orderId: id, updatedAt, day, cancelled: record.cancelledAt != null, lines: [] });
      continue;
    }
    if (parentId !== null && id.startsWith("gid://shopify/LineItem/")) {
      const order = batch.get(parentId);
      const quantity = asInt(record.quantity);
      if (!order || quantity === null) {
        // Grouped output puts a line item right after its order; one that is not is not guessed at.
        counts.unattachedLines++;
        continue;
      }
      const variant = asRecord(record.variant);
      const product = asRecord(variant?.product);
      order.lines.push({
        lineItemId: id,
        variantId: typeof variant?.id === "string" ? variant.id : null,
        productId: typeof product?.id === "string" ? product.id : null,
        netUnits: netUnitsOfLine({ quantity, currentQuantity: asInt(record.currentQuantity) ?? quantity, cancelled: order.cancelled }),
      });
      counts.orderLines++;
      continue;
    }
    counts.skippedLines++;
  }
  await flush();
  return counts;
}
