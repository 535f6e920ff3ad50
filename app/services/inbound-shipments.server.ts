// The inbound mirror's upkeep: inventory transfers and their shipments read from Shopify into InboundShipmentLine.
//
//   full sync (`inbound.sync`: on install, after the catalog import, hourly with the automation reconciliation):
//     every transfer's id and status, then each open transfer re-read and its rows replaced; transfers mirrored
//     but no longer open (or gone) lose their rows.
//   webhooks (inventory_transfers/*, inventory_shipments/*): the transfer the delivery names is re-read and its rows
//     replaced — whatever the topic, so a duplicate, a late or an out-of-order delivery converges on Shopify's
//     current state. Shipment deliveries carry `inventory_transfer_id` (2026-10); one without it is looked up in
//     the mirror, and failing that a full sync is requested.
// Every change returns the variants whose inbound units changed, for the ETAs (app/services/inbound-eta.server.ts).
import {
  CLOSED_TRANSFER_STATUSES,
  findTransferOfShipment,
  listTransfersNotSeen,
  replaceTransferLines,
  variantIdsOfInventoryItems,
} from "#app/models/inbound-shipment.server";
import type { AdminGateway } from "#app/shopify/admin-gateway.server";
import { lazyGateway, type GatewaySource } from "#app/shopify/gateway-source";
import { toGid } from "#app/shopify/gid";

export type InboundGateway = Pick<AdminGateway, "listInventoryTransfers" | "getInboundTransfer">;

/** Re-reads one transfer and replaces its mirrored lines; returns the variants whose inbound units changed. */
export async function refreshInboundTransfer(input: {
  shop: string;
  transferId: string;
  gateway: GatewaySource<InboundGateway>;
  now: Date;
}): Promise<{ variantIds: string[] }> {
  const gateway = await lazyGateway(input.gateway)();
  const readAt = input.now;
  const transfer = await gateway.getInboundTransfer(input.transferId);
  const { inventoryItemIds } = await replaceTransferLines(input.shop, input.transferId, transfer, readAt);
  return { variantIds: await variantIdsOfInventoryItems(input.shop, inventoryItemIds) };
}

export type InboundSyncResult = { transfers: number; refreshed: number; removed: number; variantIds: string[] };

/** Reads every open transfer into the mirror and drops the rows of transfers no longer open. */
export async function syncInboundShipments(input: { shop: string; gateway: GatewaySource<InboundGateway>; now: Date }): Promise<InboundSyncResult> {
  const { shop, now } = input;
  const gateway = await lazyGateway(input.gateway)();
  const transfers = await gateway.listInventoryTransfers();
  const open = transfers.filter((t) => !(CLOSED_TRANSFER_STATUSES as readonly string[]).includes(t.status));
  const items = new Set<string>();
  for (const transfer of open) {
    const snapshot = await gateway.getInboundTransfer(transfer.id);
    const result = await replaceTransferLines(shop, transfer.id, snapshot, now);
    for (const id of result.inventoryItemIds) items.add(id);
  }
  const stale = await listTransfersNotSeen(shop, new Set(open.map((t) => t.id)), now);
  for (const transferId of stale) {
    const result = await replaceTransferLines(shop, transferId, null, now);
    for (const id of result.inventoryItemIds) items.add(id);
  }
  return { transfers: transfers.length, refreshed: open.length, removed: stale.length, variantIds: await variantIdsOfInventoryItems(shop, [...items]) };
}

/**
 * The transfer an inventory_transfers/* or inventory_shipments/* delivery is about (GID), or null when the body
 * names none the app can follow (then only a full sync finds out what changed).
 */
export async function transferIdOfWebhook(shop: string, topic: string, body: Record<string, unknown>): Promise<string | null> {
  const id = (value: unknown) => (typeof value === "string" || typeof value === "number" ? value : null);
  if (topic.startsWith("INVENTORY_TRANSFERS_")) return toGid("InventoryTransfer", id(body.admin_graphql_api_id) ?? id(body.id));
  const fromBody = toGid("InventoryTransfer", id(body.inventory_transfer_id));
  if (fromBody) return fromBody;
  const shipmentId = toGid("InventoryShipment", id(body.admin_graphql_api_id) ?? id(body.id));
  return shipmentId ? findTransferOfShipment(shop, shipmentId) : null;
}
