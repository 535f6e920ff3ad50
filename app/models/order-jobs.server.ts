import { requestJobRun, type Db } from "./job.server";

// Job contracts between the order ledger (orders/* webhooks → BackorderLine/BackorderOrder) and what follows from
// it. Both jobs are idempotent "make Shopify / the shopper match the ledger" passes, so requests coalesce.

/** Tags, ETA note/metafield, fulfilment split/hold/release for one order. Payload: { orderId }. */
export const ORDER_SYNC_ACTIONS_JOB = "order.sync-actions";
/** Delay notices for open ledger lines whose ETA moved later or passed. Payload: { variantId } or {} (all). */
export const DELAY_NOTICE_SCAN_JOB = "orders.delay-scan";

export function requestOrderActionsSync(db: Db, input: { shop: string; orderId: string; now: Date }): Promise<void> {
  return requestJobRun(db, { shop: input.shop, type: ORDER_SYNC_ACTIONS_JOB, payload: { orderId: input.orderId }, runAt: input.now });
}

export function requestDelayNoticeScan(db: Db, input: { shop: string; variantId?: string; now: Date }): Promise<void> {
  const payload = input.variantId ? { variantId: input.variantId } : {};
  return requestJobRun(db, { shop: input.shop, type: DELAY_NOTICE_SCAN_JOB, payload, runAt: input.now });
}
