// Background jobs of the order actions (merged into `jobHandlers`):
//   order.sync-actions   make one order in Shopify match the backorder ledger: tags, ETA note/metafield,
//                        split/hold/release of backordered lines, "shipping soon" emails. Requested (coalesced)
//                        by the ledger after every change to the order's lines; failures retry with back-off.

import prisma from "../db.server";
import { ORDER_SYNC_ACTIONS_JOB } from "../models/order-jobs.server";
import { syncOrderActions } from "../services/order-actions.server";
import type { JobHandlers } from "./worker.server";
import { gatewayForShop } from "./job-context.server";


export const orderActionJobHandlers: JobHandlers = {
  [ORDER_SYNC_ACTIONS_JOB]: async (job, now) => {
    const installed = await prisma.shop.findUnique({ where: { shop: job.shop }, select: { uninstalledAt: true } });
    if (!installed || installed.uninstalledAt !== null) return;
    const { orderId } = job.payload as { orderId?: unknown };
    if (typeof orderId !== "string" || !orderId.startsWith("gid://shopify/Order/")) {
      throw new Error(`order.sync-actions needs an order GID in its payload (got ${JSON.stringify(orderId)})`);
    }
    await syncOrderActions({ shop: job.shop, orderId, gateway: () => gatewayForShop(job.shop), now });
  },
};
