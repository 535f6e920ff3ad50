// Background jobs of the backorder ledger (merged into `jobHandlers`; app/services/order-ledger.server.ts):
//   webhook:ORDERS_CREATE        classify and record backordered lines, queue actions sync + confirmation email,
//                                attribute alert conversions, publish the variants' storefront metafields (the
//                                checkout validation reads backorder_sellable); updates and cancellations that
//                                change lines publish them too.
//   webhook:ORDERS_UPDATED       absolute line facts (edits, fulfilments); stale updates ignored.
//   webhook:ORDERS_CANCELLED     terminal; recorded even before the create arrived.
//   webhook:FULFILLMENTS_CREATE  re-read the order from Shopify (only orders with open ledger lines).
//   webhook:REFUNDS_CREATE       same, marking the refunded lines' reductions as refunds.
//   (orders/create|updated|cancelled and refunds/create also record units sold: the sales history.)
//   orders.reconcile             hourly per shop: re-read open orders from Shopify; schedules the next hour.
// And the inventory hook `onInventoryForLedger` (reallocation of arrived stock, oldest orders first).

import {
  applyOrderSnapshot,
  orderFactsFromWebhook,
  reallocateVariants,
  reconcileOrderLedger,
  recordNewOrder,
  refreshOrderFromShopify,
  scheduleOrderReconcile,
} from "../services/order-ledger.server";
import { recordOrderSales, refreshOrderSalesFromShopify } from "../services/sales-history.server";
import { toGid } from "../shopify/gid";
import { defineJobHandlers, type TypedJob } from "./define-job-handlers";
import { gatewayForShop, isInstalled } from "./job-context.server";
import { ORDER_RECONCILE_JOB, webhookJobType, type WebhookJobType } from "./job-types";

const bodyOf = (job: TypedJob<WebhookJobType>) => job.payload.body;

function orderIdOf(type: string, body: any): string {
  const id = toGid("Order", body.order_id ?? body.order?.admin_graphql_api_id);
  if (!id) throw new Error(`${type} webhook without a usable order_id: ${String(body.order_id)}`);
  return id;
}

/** Inventory hook (inventory_levels/update): arrived stock goes to the oldest open lines; their orders re-sync. */
export async function onInventoryForLedger(input: { shop: string; variantIds: readonly string[]; now: Date }): Promise<void> {
  await reallocateVariants(input);
}

export const orderJobHandlers = defineJobHandlers({
  // Every order also feeds the sales history (app/services/sales-history.server.ts): converging on the order's
  // state, so running it again after a failed ledger step (the job's retry) changes nothing.
  [webhookJobType("ORDERS_CREATE")]: async (job, now) => {
    const facts = orderFactsFromWebhook(bodyOf(job), now);
    await recordNewOrder({ shop: job.shop, facts, gateway: () => gatewayForShop(job.shop), now });
    await recordOrderSales({ shop: job.shop, facts, now });
  },

  [webhookJobType("ORDERS_UPDATED")]: async (job, now) => {
    const facts = orderFactsFromWebhook(bodyOf(job), now);
    await applyOrderSnapshot({ shop: job.shop, facts, now, gateway: () => gatewayForShop(job.shop) });
    await recordOrderSales({ shop: job.shop, facts, now });
  },

  [webhookJobType("ORDERS_CANCELLED")]: async (job, now) => {
    const facts = orderFactsFromWebhook(bodyOf(job), now);
    // Shopify always sets cancelled_at here; a body without it still means "cancelled".
    const cancelled = { ...facts, cancelledAt: facts.cancelledAt ?? facts.updatedAt };
    await applyOrderSnapshot({ shop: job.shop, facts: cancelled, now, cancelBeforeCreate: true, gateway: () => gatewayForShop(job.shop) });
    await recordOrderSales({ shop: job.shop, facts: cancelled, now });
  },

  [webhookJobType("FULFILLMENTS_CREATE")]: async (job, now) => {
    const orderId = orderIdOf("fulfillments/create", bodyOf(job));
    await refreshOrderFromShopify({ shop: job.shop, orderId, gateway: () => gatewayForShop(job.shop), now });
  },

  [webhookJobType("REFUNDS_CREATE")]: async (job, now) => {
    const body = bodyOf(job);
    const orderId = orderIdOf("refunds/create", body);
    const refunded = new Set<string>();
    for (const item of Array.isArray(body.refund_line_items) ? body.refund_line_items : []) {
      const id = toGid("LineItem", item?.line_item?.admin_graphql_api_id ?? item?.line_item_id);
      if (id) refunded.add(id);
    }
    await refreshOrderFromShopify({ shop: job.shop, orderId, gateway: () => gatewayForShop(job.shop), now, refundedLineItemIds: refunded });
    await refreshOrderSalesFromShopify({ shop: job.shop, orderId, gateway: () => gatewayForShop(job.shop), now });
  },

  [ORDER_RECONCILE_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return; // the chain ends with the installation
    await reconcileOrderLedger({ shop: job.shop, gateway: () => gatewayForShop(job.shop), now });
    await scheduleOrderReconcile(job.shop, now);
  },
});
