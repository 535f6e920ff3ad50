import type { InventoryShipmentLineItemRecord, InventoryShipmentRecord, InventoryTransferLineItemRecord, InventoryTransferRecord, LocationSnapshotRecord } from "../records";
import { shipmentQuantities, shipmentsOf, transferOf, unreceivedQuantity } from "../inventory-transfers";
import { INVENTORY_TYPE_RESOLVERS } from "./inventory-resolvers";
import { byId, count, normalizeIdQuery, pathOf, search, sortRecords, words } from "./resolver-helpers";
import { connectionsOf, fieldsOf, type ConnectionArgs, type Ctx, type FieldInfo } from "./resolver-types";
import { formatDateTime } from "./schema";

// Inventory transfers and shipments (simulator/inventory-transfers.ts): the queries, the record types' fields and
// their connections. Scopes come from the schema fixture like every other type: read_inventory_transfers for
// transfers and their line items, read_inventory_shipments for shipments, their line items and tracking.

/** `destination_id:gid://shopify/Location/1` searches like `destination_id:1`. */
const normalizeLocationIds = (query: string | null | undefined) =>
  normalizeIdQuery(query)?.replace(/\b(origin_id|destination_id):(["']?)gid:\/\/shopify\/Location\/(\d+)\2/g, "$1:$3");

const shipmentTotals = (shipment: InventoryShipmentRecord) => {
  let quantity = 0;
  let accepted = 0;
  let rejected = 0;
  for (const line of shipment.lineItems) {
    quantity += line.quantity;
    accepted += line.acceptedQuantity;
    rejected += line.rejectedQuantity;
  }
  return { quantity, accepted, rejected };
};

/** The earliest arrival of the transfer's shipments still on their way (EXPECTED_SHIPMENT_ARRIVAL). */
function expectedArrival(ctx: Ctx, transfer: InventoryTransferRecord): number | null {
  let earliest: number | null = null;
  for (const shipment of shipmentsOf(ctx.data, transfer)) {
    const arrivesAt = shipment.tracking?.arrivesAt ?? null;
    if (arrivesAt === null || shipment.status === "RECEIVED") continue;
    if (earliest === null || arrivesAt < earliest) earliest = arrivesAt;
  }
  return earliest;
}

export const INVENTORY_TRANSFER_QUERY_FIELDS = fieldsOf<unknown>({
  inventoryTransfer: (_s, args: { id: string }, ctx) => byId(ctx.data.inventoryTransfers, args.id, "InventoryTransfer"),
  inventoryShipment: (_s, args: { id: string }, ctx) => byId(ctx.data.inventoryShipments, args.id, "InventoryShipment"),
});

export const INVENTORY_TRANSFER_QUERY_CONNECTIONS = connectionsOf<unknown>({
  inventoryTransfers: (_s, args: ConnectionArgs, ctx, info) => {
    const list = search(
      ctx,
      ctx.data.inventoryTransfers.values(),
      normalizeLocationIds(args.query),
      (transfer, field) => {
        switch (field) {
          case "id":
            return transfer.id;
          case "status":
            return transfer.status;
          case "origin_id":
            return transfer.origin?.locationId ?? null;
          case "destination_id":
            return transfer.destination?.locationId ?? null;
          case "name":
            return transfer.name;
          case "tag":
            return transfer.tags;
          case "created_at":
            return formatDateTime(transfer.dateCreated);
          case "updated_at":
            return formatDateTime(transfer.updatedAt);
          case "default":
            return [transfer.name, ...(transfer.referenceName ? words(transfer.referenceName) : [])];
          default:
            return undefined;
        }
      },
      ["default", "id", "status", "origin_id", "destination_id", "name", "tag", "created_at", "updated_at"],
      pathOf(info),
    );
    const key = (() => {
      switch (args.sortKey) {
        case "CREATED_AT":
          return (t: InventoryTransferRecord) => t.dateCreated;
        case "NAME":
          return (t: InventoryTransferRecord) => t.name;
        case "STATUS":
          return (t: InventoryTransferRecord) => t.status;
        case "DESTINATION_NAME":
          return (t: InventoryTransferRecord) => t.destination?.name ?? null;
        case "ORIGIN_NAME":
        case "SOURCE_NAME":
          return (t: InventoryTransferRecord) => t.origin?.name ?? null;
        case "EXPECTED_SHIPMENT_ARRIVAL":
          return (t: InventoryTransferRecord) => expectedArrival(ctx, t);
        default:
          return null;
      }
    })();
    return sortRecords(list, key, args.reverse);
  },
  inventoryShipments: (_s, args: ConnectionArgs, ctx, info) => {
    const list = search(
      ctx,
      ctx.data.inventoryShipments.values(),
      normalizeLocationIds(args.query),
      (shipment, field) => {
        switch (field) {
          case "id":
            return shipment.id;
          case "status":
            return shipment.status;
          case "barcode":
            return shipment.barcode;
          case "destination_id":
            return transferOf(ctx.data, shipment).destination?.locationId ?? null;
          case "default":
            return shipment.name;
          default:
            return undefined;
        }
      },
      ["default", "id", "status", "barcode", "destination_id"],
      pathOf(info),
    );
    return sortRecords(list, args.sortKey === "STATUS" ? (s) => s.status : null, args.reverse);
  },
});

function locationSnapshot(snapshot: LocationSnapshotRecord | null, ctx: Ctx, info: FieldInfo) {
  if (!snapshot) return null;
  const location = ctx.data.locations.get(snapshot.locationId) ?? null;
  return {
    __typename: "LocationSnapshot",
    name: snapshot.name,
    snapshottedAt: snapshot.snapshottedAt,
    location,
    address: location ? INVENTORY_TYPE_RESOLVERS.Location.address(location, {}, ctx, info) : null,
  };
}

export const INVENTORY_TRANSFER_TYPE_RESOLVERS = {
  InventoryTransfer: fieldsOf<InventoryTransferRecord>({
    origin: (transfer: InventoryTransferRecord, _a, ctx, info) => locationSnapshot(transfer.origin, ctx, info),
    destination: (transfer: InventoryTransferRecord, _a, ctx, info) => locationSnapshot(transfer.destination, ctx, info),
    totalQuantity: (transfer: InventoryTransferRecord) => transfer.lineItems.reduce((sum, line) => sum + line.totalQuantity, 0),
    receivedQuantity: (transfer: InventoryTransferRecord, _a, ctx) =>
      shipmentsOf(ctx.data, transfer).reduce((sum, shipment) => sum + shipmentTotals(shipment).accepted + shipmentTotals(shipment).rejected, 0),
    lineItemsCount: (transfer: InventoryTransferRecord, args: { limit?: number | null }) => count(transfer.lineItems.length, args.limit),
    hasTimelineComment: () => false,
  }),
  InventoryTransferLineItem: fieldsOf<InventoryTransferLineItemRecord>({
    inventoryItem: (line: InventoryTransferLineItemRecord, _a, ctx) => ctx.data.inventoryItems.get(line.inventoryItemId) ?? null,
    title: (line: InventoryTransferLineItemRecord, _a, ctx) => {
      const item = ctx.data.inventoryItems.get(line.inventoryItemId);
      if (!item) return null;
      const variant = ctx.data.variantOf(item);
      const product = ctx.data.productOf(variant);
      return variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`;
    },
    shippedQuantity: (line: InventoryTransferLineItemRecord, _a, ctx) => shipmentQuantities(ctx.data, ctx.data.inventoryTransfers.get(line.transferId)!, line.inventoryItemId).shipped,
    pickedForShipmentQuantity: (line: InventoryTransferLineItemRecord, _a, ctx) => shipmentQuantities(ctx.data, ctx.data.inventoryTransfers.get(line.transferId)!, line.inventoryItemId).picked,
    processableQuantity: (line: InventoryTransferLineItemRecord, _a, ctx) => processable(ctx, line),
    shippableQuantity: (line: InventoryTransferLineItemRecord, _a, ctx) => {
      const status = ctx.data.inventoryTransfers.get(line.transferId)!.status;
      return status === "READY_TO_SHIP" || status === "IN_PROGRESS" ? processable(ctx, line) : 0;
    },
  }),
  InventoryShipment: fieldsOf<InventoryShipmentRecord>({
    tracking: (shipment: InventoryShipmentRecord) => (shipment.tracking ? { __typename: "InventoryShipmentTracking", ...shipment.tracking } : null),
    lineItemTotalQuantity: (shipment: InventoryShipmentRecord) => shipmentTotals(shipment).quantity,
    totalAcceptedQuantity: (shipment: InventoryShipmentRecord) => shipmentTotals(shipment).accepted,
    totalRejectedQuantity: (shipment: InventoryShipmentRecord) => shipmentTotals(shipment).rejected,
    totalReceivedQuantity: (shipment: InventoryShipmentRecord) => shipmentTotals(shipment).accepted + shipmentTotals(shipment).rejected,
    lineItemsCount: (shipment: InventoryShipmentRecord, args: { limit?: number | null }) => count(shipment.lineItems.length, args.limit),
  }),
  InventoryShipmentLineItem: fieldsOf<InventoryShipmentLineItemRecord>({
    inventoryItem: (line: InventoryShipmentLineItemRecord, _a, ctx) => ctx.data.inventoryItems.get(line.inventoryItemId) ?? null,
    unreceivedQuantity: (line: InventoryShipmentLineItemRecord) => unreceivedQuantity(line),
  }),
};

function processable(ctx: Ctx, line: InventoryTransferLineItemRecord): number {
  const { shipped, picked } = shipmentQuantities(ctx.data, ctx.data.inventoryTransfers.get(line.transferId)!, line.inventoryItemId);
  return Math.max(line.totalQuantity - shipped - picked, 0);
}

export const INVENTORY_TRANSFER_CONNECTION_SOURCES = {
  InventoryTransfer: connectionsOf<InventoryTransferRecord>({
    lineItems: (transfer: InventoryTransferRecord, args: ConnectionArgs) => (args.reverse ? [...transfer.lineItems].reverse() : transfer.lineItems),
    shipments: (transfer: InventoryTransferRecord, args: ConnectionArgs, ctx) => {
      const list = shipmentsOf(ctx.data, transfer);
      return args.reverse ? list.reverse() : list;
    },
    events: () => [],
  }),
  InventoryShipment: connectionsOf<InventoryShipmentRecord>({
    lineItems: (shipment: InventoryShipmentRecord, args: ConnectionArgs) => (args.reverse ? [...shipment.lineItems].reverse() : shipment.lineItems),
  }),
};
