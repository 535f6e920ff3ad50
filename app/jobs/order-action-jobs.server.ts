// Background jobs of the order actions (merged into `jobHandlers`):
//   order.sync-actions   make one order in Shopify match the backorder ledger: tags, ETA note/metafield,
//                        split/hold/release of backordered lines, "shipping soon" emails. Requested (coalesced)
//                        by the ledger after every change to the order's lines; failures retry with back-off.

import { syncOrderActions } from "../services/order-actions.server";
import { defineJobHandlers } from "./define-job-handlers";
import { gatewayForShop, isInstalled } from "./job-context.server";
import { ORDER_SYNC_ACTIONS_JOB } from "./job-types";


export const orderActionJobHandlers = defineJobHandlers({
  [ORDER_SYNC_ACTIONS_JOB]: async (job, now) => {
    if (!(await isInstalled(job.shop))) return;
    const { orderId } = job.payload; // an Order GID (the catalogue's schema checked it)
    await syncOrderActions({ shop: job.shop, orderId, gateway: () => gatewayForShop(job.shop), now });
  },
});
