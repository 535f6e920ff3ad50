import prisma from "../db.server";
import { enqueueJob, expediteOrEnqueueJob, type ClaimedJob } from "../models/job.server";
import { applyInventoryLevel, deleteProduct, upsertProductFromWebhook } from "../models/catalog-mirror.server";
import { importCatalogBulkResult, startCatalogSync } from "../services/catalog-sync.server";
import { onCatalogChanged, scheduleAutomationReconcile } from "../services/automation.server";
import { CATALOG_SYNC_START } from "../services/shop-install.server";
import { webhookJobType } from "../services/webhook-intake.server";
import { toGid } from "../shopify/gid";
import type { JobHandlers } from "./worker.server";
import { gatewayForShop, webhookPayload } from "./job-context.server";
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
import { scheduleDailyDelayScan } from "../services/delay-notices.server";

export const CATALOG_SYNC_IMPORT = "catalog.sync.import";
const BULK_POLL_MS = 5_000;



/** Webhook ids arrive as JSON numbers; an id beyond 2^53 would be silently corrupted, so refuse it loudly. */
function requireGid(type: string, id: unknown): string {
  const gid = toGid(type, id as string | number | null | undefined);
  if (!gid) throw new Error(`Webhook carried an unusable ${type} id: ${String(id)}`);
  return gid;
}

const importJobKey = (bulkOperationId: string) => `catalog-sync:import:${bulkOperationId}`;


/** Backorder automation, policy enforcement, states and storefront metafields after a products webhook. */
async function afterProductWebhook(job: ClaimedJob, now: Date, result: Awaited<ReturnType<typeof upsertProductFromWebhook>>) {
  if (!result.applied || !result.variantIds.length) return;
  const { body, triggeredAt, webhookId } = webhookPayload(job);
  await onStockMirrorChanged({ shop: job.shop, variantIds: result.variantIds, eventAt: new Date(body.updated_at ?? triggeredAt ?? now), source: { kind: "product", webhookId }, now });
  await onCatalogChanged({
    shop: job.shop,
    variantIds: result.variantIds,
    eventAt: new Date(body.updated_at ?? triggeredAt ?? now),
    gateway: () => gatewayForShop(job.shop),
    now,
  });
}

export const jobHandlers: JobHandlers = {
  ...backorderJobHandlers,
  ...csvJobHandlers,
  ...restockJobHandlers,
  ...emailJobHandlers,
  ...signupJobHandlers,
  ...complianceJobHandlers,
  ...orderJobHandlers,
  ...orderActionJobHandlers,
  ...orderEmailJobHandlers,
  [CATALOG_SYNC_START]: async (job, now) => {
    const gateway = await gatewayForShop(job.shop);
    const { bulkOperationId } = await startCatalogSync({ shop: job.shop, gateway, now });
    // Fallback poll: bulk_operations/finish normally makes this due at once, but webhooks can be lost.
    await enqueueJob(prisma, {
      shop: job.shop,
      type: CATALOG_SYNC_IMPORT,
      payload: { bulkOperationId },
      idempotencyKey: importJobKey(bulkOperationId),
      runAt: new Date(now.getTime() + BULK_POLL_MS),
    });
  },

  [CATALOG_SYNC_IMPORT]: async (job, now) => {
    const { bulkOperationId } = job.payload as { bulkOperationId: string };
    const gateway = await gatewayForShop(job.shop);
    const result = await importCatalogBulkResult({ shop: job.shop, gateway, bulkOperationId, now });
    if ("pending" in result && result.pending) return { rescheduleAt: new Date(now.getTime() + BULK_POLL_MS) };
    // States, automation and storefront metafields for the freshly imported catalog, then hourly.
    if (result.status === "completed") await scheduleAutomationReconcile(job.shop, now, { immediate: true });
    if (result.status === "completed") await scheduleRestockReconcile(job.shop, now, { immediate: true });
    if (result.status === "completed") await scheduleDailyDelayScan(job.shop, now);
  },

  [webhookJobType("BULK_OPERATIONS_FINISH")]: async (job, now) => {
    const bulkOperationId = webhookPayload(job).body.admin_graphql_api_id as string;
    const shop = await prisma.shop.findUnique({ where: { shop: job.shop }, select: { bulkOperationId: true } });
    if (shop?.bulkOperationId !== bulkOperationId) return; // not our catalog import (or already superseded)
    await expediteOrEnqueueJob(
      prisma,
      { shop: job.shop, type: CATALOG_SYNC_IMPORT, payload: { bulkOperationId }, idempotencyKey: importJobKey(bulkOperationId) },
      now,
    );
  },

  [webhookJobType("PRODUCTS_CREATE")]: async (job, now) => {
    await afterProductWebhook(job, now, await upsertProductFromWebhook(job.shop, webhookPayload(job).body, now));
  },
  [webhookJobType("PRODUCTS_UPDATE")]: async (job, now) => {
    await afterProductWebhook(job, now, await upsertProductFromWebhook(job.shop, webhookPayload(job).body, now));
  },
  [webhookJobType("PRODUCTS_DELETE")]: async (job) => {
    const body = webhookPayload(job).body;
    await deleteProduct(job.shop, requireGid("Product", body.admin_graphql_api_id ?? body.id));
  },

  [webhookJobType("INVENTORY_LEVELS_UPDATE")]: async (job, now) => {
    const { body, triggeredAt } = webhookPayload(job);
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
      source: { kind: "inventory", webhookId: webhookPayload(job).webhookId, previousTotals: result.applied ? new Map(result.variants.map((v) => [v.variantId, v.previousTotal])) : undefined },
      now,
    });
    // Arrived stock goes to the oldest open backordered lines (recomputed from the mirror: a duplicate is a no-op).
    await onInventoryForLedger({ shop: job.shop, variantIds: result.variants.map((v) => v.variantId), now });
    if (result.applied) {
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

  [webhookJobType("APP_SCOPES_UPDATE")]: async (job) => {
    const current = webhookPayload(job).body.current as string[] | undefined;
    if (current) await prisma.session.updateMany({ where: { shop: job.shop }, data: { scope: current.toString() } });
  },

};
