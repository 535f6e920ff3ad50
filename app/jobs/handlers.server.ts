import { applyInventoryLevel, deleteProduct, getCatalogSyncState } from "../models/catalog-mirror.server";
import { upsertProductFromWebhook } from "../services/product-webhooks.server";
import { recordGrantedScopes } from "../models/shop.server";
import { importCatalogBulkResult, startCatalogSync } from "../services/catalog-sync.server";
import { onCatalogChanged, scheduleAutomationReconcile } from "../services/automation.server";
import { toGid } from "../shopify/gid";
import { defineJobHandlers, type JobHandlers, type TypedJob } from "./define-job-handlers";
import { enqueue, expediteOrEnqueue } from "./enqueue.server";
import { gatewayForShop } from "./job-context.server";
import { CATALOG_SYNC_IMPORT_JOB, CATALOG_SYNC_START_JOB, SALES_HISTORY_BACKFILL_JOB, webhookJobType, type WebhookJobType } from "./job-types";
import { backorderJobHandlers } from "./backorder-jobs.server";
import { csvJobHandlers } from "./csv-jobs.server";
import { onStockMirrorChanged, restockJobHandlers } from "./restock-jobs.server";
import { scheduleRestockReconcile } from "../services/restock-detection.server";
import { emailJobHandlers } from "./email-jobs.server";
import { signupJobHandlers } from "./signup-jobs.server";
import { complianceJobHandlers } from "./compliance-jobs.server";
import { onInventoryForLedger, orderJobHandlers } from "./order-jobs.server";
import { orderActionJobHandlers } from "./order-action-jobs.server";
import { orderEmailJobHandlers } from "./order-email-jobs.server";
import { ensureCheckoutValidationSync } from "../services/checkout-validation.server";
import { checkoutValidationJobHandlers } from "./checkout-validation-jobs.server";
import { scheduleDailyDelayScan } from "../services/delay-notices.server";
import { inboundJobHandlers, withInboundEtaRecompute } from "./inbound-jobs.server";
import { requestInboundSync } from "../services/inbound-eta.server";
import { recordStockLevelsNow } from "../services/sales-history.server";
import { salesHistoryImportJobKey } from "../services/sales-history-backfill.server";
import { getSalesHistoryBackfill } from "../models/sales-history.server";
import { salesHistoryJobHandlers } from "./sales-history-jobs.server";
import { forecastJobHandlers } from "./forecast-jobs.server";
import { requestForecastRecompute, scheduleNightlyForecast } from "../models/forecast-jobs.server";

const BULK_POLL_MS = 5_000;



/** Webhook ids arrive as JSON numbers; an id beyond 2^53 would be silently corrupted, so refuse it loudly. */
function requireGid(type: string, id: unknown): string {
  const gid = toGid(type, id as string | number | null | undefined);
  if (!gid) throw new Error(`Webhook carried an unusable ${type} id: ${String(id)}`);
  return gid;
}

const importJobKey = (bulkOperationId: string) => `catalog-sync:import:${bulkOperationId}`;


/** Backorder automation, policy enforcement, states and storefront metafields after a products webhook. */
async function afterProductWebhook(job: TypedJob<WebhookJobType>, now: Date, result: Awaited<ReturnType<typeof upsertProductFromWebhook>>) {
  if (!result.applied || !result.variantIds.length) return;
  const { body, triggeredAt, webhookId } = job.payload;
  await recordStockLevelsNow({ shop: job.shop, variantIds: result.variantIds, now }); // the sales history's daily level
  await onStockMirrorChanged({ shop: job.shop, variantIds: result.variantIds, eventAt: new Date(body.updated_at ?? triggeredAt ?? now), source: { kind: "product", webhookId }, now });
  await onCatalogChanged({
    shop: job.shop,
    variantIds: result.variantIds,
    eventAt: new Date(body.updated_at ?? triggeredAt ?? now),
    gateway: () => gatewayForShop(job.shop),
    now,
  });
}

/** Catalog mirror: the bulk sync and the product/inventory webhooks. */
const catalogJobHandlers = defineJobHandlers({
  [CATALOG_SYNC_START_JOB]: async (job, now) => {
    const gateway = await gatewayForShop(job.shop);
    const { bulkOperationId } = await startCatalogSync({ shop: job.shop, gateway, now });
    // Fallback poll: bulk_operations/finish normally makes this due at once, but webhooks can be lost.
    await enqueue({
      shop: job.shop,
      type: CATALOG_SYNC_IMPORT_JOB,
      payload: { bulkOperationId },
      idempotencyKey: importJobKey(bulkOperationId),
      runAt: new Date(now.getTime() + BULK_POLL_MS),
    });
  },

  [CATALOG_SYNC_IMPORT_JOB]: async (job, now) => {
    const { bulkOperationId } = job.payload;
    const gateway = await gatewayForShop(job.shop);
    const result = await importCatalogBulkResult({ shop: job.shop, gateway, bulkOperationId, now });
    if ("pending" in result && result.pending) return { rescheduleAt: new Date(now.getTime() + BULK_POLL_MS) };
    // States, automation and storefront metafields for the freshly imported catalog, then hourly.
    if (result.status === "completed") await scheduleAutomationReconcile(job.shop, now, { immediate: true });
    if (result.status === "completed") await scheduleRestockReconcile(job.shop, now, { immediate: true });
    if (result.status === "completed") await scheduleDailyDelayScan(job.shop, now);
    // Inbound shipments map to variants through the catalog: read them once it is there (then hourly).
    if (result.status === "completed") await requestInboundSync(job.shop, now);
    // Forecasts from the imported catalog now (the sales history may still be coming in), then nightly.
    if (result.status === "completed") await requestForecastRecompute(job.shop, now);
    if (result.status === "completed") await scheduleNightlyForecast(job.shop, now);
  },

  [webhookJobType("BULK_OPERATIONS_FINISH")]: async (job, now) => {
    const bulkOperationId: unknown = job.payload.body.admin_graphql_api_id;
    if (typeof bulkOperationId !== "string") return;
    // The sales-history backfill's export: its poll becomes due now.
    if ((await getSalesHistoryBackfill(job.shop)).bulkOperationId === bulkOperationId) {
      await expediteOrEnqueue(
        { shop: job.shop, type: SALES_HISTORY_BACKFILL_JOB, payload: { bulkOperationId }, idempotencyKey: salesHistoryImportJobKey(bulkOperationId) },
        now,
      );
      return;
    }
    const sync = await getCatalogSyncState(job.shop);
    if (sync.bulkOperationId !== bulkOperationId) return; // not our catalog import (or already superseded)
    await expediteOrEnqueue(
      { shop: job.shop, type: CATALOG_SYNC_IMPORT_JOB, payload: { bulkOperationId }, idempotencyKey: importJobKey(bulkOperationId) },
      now,
    );
  },

  [webhookJobType("PRODUCTS_CREATE")]: async (job, now) => {
    await afterProductWebhook(job, now, await upsertProductFromWebhook(job.shop, job.payload.body, now));
  },
  [webhookJobType("PRODUCTS_UPDATE")]: async (job, now) => {
    await afterProductWebhook(job, now, await upsertProductFromWebhook(job.shop, job.payload.body, now));
  },
  [webhookJobType("PRODUCTS_DELETE")]: async (job) => {
    const body = job.payload.body;
    await deleteProduct(job.shop, requireGid("Product", body.admin_graphql_api_id ?? body.id));
  },

  [webhookJobType("INVENTORY_LEVELS_UPDATE")]: async (job, now) => {
    const { body, triggeredAt, webhookId } = job.payload;
    const reportedAt = body.updated_at ?? triggeredAt;
    const updatedAt = reportedAt ? new Date(reportedAt) : now;
    const result = await applyInventoryLevel(job.shop, {
      inventoryItemId: requireGid("InventoryItem", body.inventory_item_id),
      locationId: requireGid("Location", body.location_id),
      available: body.available ?? 0,
      updatedAt,
    });
    // Also when not applied (a duplicate or a retry after a crash): the signal comparison makes that a no-op or a catch-up.
    await onStockMirrorChanged({
      shop: job.shop,
      variantIds: result.variants.map((v) => v.variantId),
      eventAt: updatedAt,
      source: { kind: "inventory", webhookId, previousTotals: result.applied ? new Map(result.variants.map((v) => [v.variantId, v.previousTotal])) : undefined },
      now,
    });
    // Arrived stock goes to the oldest open backordered lines (recomputed from the mirror: a duplicate is a no-op).
    await onInventoryForLedger({ shop: job.shop, variantIds: result.variants.map((v) => v.variantId), now });
    if (result.applied) {
      await recordStockLevelsNow({ shop: job.shop, variantIds: result.variants.map((v) => v.variantId), now }); // the sales history's daily level
      await onCatalogChanged({
        shop: job.shop,
        variantIds: result.variants.map((v) => v.variantId),
        previousTotals: new Map(result.variants.map((v) => [v.variantId, v.previousTotal])),
        eventAt: updatedAt,
        gateway: () => gatewayForShop(job.shop),
        now,
      });
    }
  },

  [webhookJobType("APP_SCOPES_UPDATE")]: async (job, now) => {
    const current: unknown = job.payload.body.current;
    if (Array.isArray(current) && current.every((scope) => typeof scope === "string")) {
      await recordGrantedScopes(job.shop, current);
      // A newly approved permission lets a checkout validation that failed for want of it be registered now.
      if (current.includes("write_validations")) await ensureCheckoutValidationSync(job.shop, now);
    }
  },
});

/** Jobs after which owed lines or stock may have moved: inbound ETAs are recomputed (automatic mode only). */
const INBOUND_ETA_TRIGGERS = [
  webhookJobType("ORDERS_CREATE"),
  webhookJobType("ORDERS_UPDATED"),
  webhookJobType("ORDERS_CANCELLED"),
  webhookJobType("FULFILLMENTS_CREATE"),
  webhookJobType("REFUNDS_CREATE"),
  webhookJobType("INVENTORY_LEVELS_UPDATE"),
];

/** Every job type's handler, by type (the worker looks a claimed job's handler up here). */
export const jobHandlers: JobHandlers = withInboundEtaRecompute({
  ...backorderJobHandlers,
  ...csvJobHandlers,
  ...restockJobHandlers,
  ...emailJobHandlers,
  ...signupJobHandlers,
  ...complianceJobHandlers,
  ...orderJobHandlers,
  ...orderActionJobHandlers,
  ...orderEmailJobHandlers,
  ...checkoutValidationJobHandlers,
  ...salesHistoryJobHandlers,
  ...catalogJobHandlers,
  ...inboundJobHandlers,
  ...forecastJobHandlers,
}, INBOUND_ETA_TRIGGERS);
