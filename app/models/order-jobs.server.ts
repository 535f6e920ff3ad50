import { type Db } from "./job.server";
import { requestRun } from "../jobs/enqueue.server";
import { ORDER_SYNC_ACTIONS_JOB, DELAY_NOTICE_SCAN_JOB } from "../jobs/job-types";
export { ORDER_SYNC_ACTIONS_JOB, DELAY_NOTICE_SCAN_JOB };

// Job contracts between the order ledger (orders/* webhooks → BackorderLine/BackorderOrder) and what follows from
// it. Both jobs are idempotent "make Shopify / the shopper match the ledger" passes, so requests coalesce.

/** Tags, ETA note/metafield, fulfilment split/hold/release for one order. Payload: { orderId }. */
/** Delay notices for open ledger lines whose ETA moved later or passed. Payload: { variantId } or {} (all). */

export function requestOrderActionsSync(db: Db, input: { shop: string; orderId: string; now: Date }): Promise<void> {
  return requestRun({ shop: input.shop, type: ORDER_SYNC_ACTIONS_JOB, payload: { orderId: input.orderId }, runAt: input.now }, db);
}

export function requestDelayNoticeScan(db: Db, input: { shop: string; variantId?: string; now: Date }): Promise<void> {
  const payload = input.variantId ? { variantId: input.variantId } : {};
  return requestRun({ shop: input.shop, type: DELAY_NOTICE_SCAN_JOB, payload, runAt: input.now }, db);
}
