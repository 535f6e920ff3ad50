// Persistence of order actions (app/services/order-actions.server.ts): the merchant's order-action switches, the
// ledger lines an order's sync plans from, and what Shopify showed after a sync (a line's hold, the order's tags
// and ETA note). The plan and the decisions are app/domain/order-actions.ts's; this module reads and writes rows.
// The hold columns written here are not inputs of Variant.backorderState, so no state is re-derived.
import type { BackorderLine } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

export type OrderActionFlags = {
  tagBackorderedOrders: boolean;
  holdBackorderedLines: boolean;
  sendShippingSoon: boolean;
  noteEtaOnOrders: boolean;
  flagUnseenBackorders: boolean;
};

/** The shop's order-action switches, or null when the shop has no settings row (the caller applies defaults). */
export function loadOrderActionFlags(shop: string, db: Db = prisma): Promise<OrderActionFlags | null> {
  return db.shopSettings.findUnique({
    where: { shop },
    select: { tagBackorderedOrders: true, holdBackorderedLines: true, sendShippingSoon: true, noteEtaOnOrders: true, flagUnseenBackorders: true },
  });
}

/** The order's ledger lines, oldest first (then by line item), the order a sync plans them in. */
export function listOrderActionLines(shop: string, orderId: string, db: Db = prisma): Promise<BackorderLine[]> {
  return db.backorderLine.findMany({ where: { shop, orderId }, orderBy: [{ orderedAt: "asc" }, { lineItemId: "asc" }] });
}

/** A line's fulfilment as Shopify shows it; `heldAt`/`releasedAt` are written only when given. */
export type LineFulfillmentRecord = {
  lineId: string;
  holdStatus: string;
  fulfillmentOrderId: string | null;
  heldAt?: Date;
  releasedAt?: Date;
};

export async function recordLineFulfillment(record: LineFulfillmentRecord, db: Db = prisma): Promise<void> {
  await db.backorderLine.update({
    where: { id: record.lineId },
    data: {
      holdStatus: record.holdStatus,
      fulfillmentOrderId: record.fulfillmentOrderId,
      ...(record.heldAt ? { heldAt: record.heldAt } : {}),
      ...(record.releasedAt ? { releasedAt: record.releasedAt } : {}),
    },
  });
}

/** What a sync left on the order in Shopify (the ledger order row; none yet is a no-op). */
export type OrderActionsRecord = { tagged: boolean; reviewFlagged: boolean; noteSynced: string | null; actionsSyncedAt: Date };

export async function recordOrderActionsSynced(shop: string, orderId: string, record: OrderActionsRecord, db: Db = prisma): Promise<void> {
  await db.backorderOrder.updateMany({ where: { shop, orderId }, data: record });
}
