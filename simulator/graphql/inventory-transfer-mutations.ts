import {
  cancelTransfer,
  createShipment,
  createTransfer,
  deleteShipment,
  markShipmentInTransit,
  markTransferReadyToShip,
  receiveShipment,
  setShipmentTracking,
  type LineInput,
  type TrackingInput,
  type TransferResult,
} from "../inventory-transfers";
import { toGid } from "../records";
import { rejectUnsupported } from "./mutation-support";
import { gidArg } from "./resolver-helpers";
import { fieldsOf } from "./resolver-types";

// Inventory transfer and shipment mutations over simulator/inventory-transfers.ts, with Shopify's payload shapes
// and userError codes (the per-mutation *UserErrorCode enums of the 2026-10 schema). Input fields the simulator
// doesn't model (metafields on transfers) fail loudly.

type DateTimeArg = string | null | undefined;
type LineItemArg = { inventoryItemId: string; quantity: number };
type TransferCreateInput = {
  originLocationId?: string | null;
  destinationLocationId?: string | null;
  lineItems: LineItemArg[];
  note?: string | null;
  referenceName?: string | null;
  tags?: string[] | null;
  dateCreated?: DateTimeArg;
  metafields?: unknown;
};
type TrackingArg = { arrivesAt?: DateTimeArg; company?: string | null; trackingNumber?: string | null; trackingUrl?: string | null };
type ShipmentCreateInput = { movementId: string; lineItems: LineItemArg[]; trackingInput?: TrackingArg | null; barcode?: string | null; dateCreated?: DateTimeArg };
type ReceiveItemArg = { shipmentLineItemId: string; quantity: number; reason: "ACCEPTED" | "REJECTED" };

/** DateTime arguments arrive as ISO strings; undefined stays "not sent", null clears. */
function dateArg(value: DateTimeArg): number | null | undefined {
  if (value === undefined || value === null) return value;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : ms;
}

const lines = (items: LineItemArg[]): LineInput[] => items.map((item) => ({ inventoryItemId: gidArg(item.inventoryItemId, "InventoryItem"), quantity: item.quantity }));

function tracking(input: TrackingArg): TrackingInput {
  return {
    ...(input.arrivesAt !== undefined ? { arrivesAt: dateArg(input.arrivesAt) } : {}),
    ...(input.company !== undefined ? { company: input.company } : {}),
    ...(input.trackingNumber !== undefined ? { trackingNumber: input.trackingNumber } : {}),
    ...(input.trackingUrl !== undefined ? { trackingUrl: input.trackingUrl } : {}),
  };
}

function transferInput(input: TransferCreateInput, inputType: string) {
  rejectUnsupported(input, ["originLocationId", "destinationLocationId", "lineItems", "note", "referenceName", "tags", "dateCreated"], inputType);
  return {
    originLocationId: input.originLocationId ? gidArg(input.originLocationId, "Location") : null,
    destinationLocationId: input.destinationLocationId ? gidArg(input.destinationLocationId, "Location") : null,
    lineItems: lines(input.lineItems),
    note: input.note ?? null,
    referenceName: input.referenceName ?? null,
    tags: input.tags ?? null,
    dateCreated: dateArg(input.dateCreated) ?? null,
  };
}

function shipmentInput(input: ShipmentCreateInput) {
  rejectUnsupported(input, ["movementId", "lineItems", "trackingInput", "barcode", "dateCreated"], "InventoryShipmentCreateInput");
  return {
    transferId: gidArg(input.movementId, "InventoryTransfer"),
    lineItems: lines(input.lineItems),
    tracking: input.trackingInput ? tracking(input.trackingInput) : null,
    barcode: input.barcode ?? null,
    dateCreated: dateArg(input.dateCreated) ?? null,
  };
}

function payload<T>(key: string, result: TransferResult<T>) {
  return result.ok ? { [key]: result.value, userErrors: [] } : { [key]: null, userErrors: result.errors };
}

export const INVENTORY_TRANSFER_MUTATIONS = fieldsOf<unknown>({
  inventoryTransferCreate: (_s, args: { input: TransferCreateInput }, ctx) =>
    payload("inventoryTransfer", createTransfer(ctx.store, ctx.data, transferInput(args.input, "InventoryTransferCreateInput"))),

  inventoryTransferCreateAsReadyToShip: (_s, args: { input: TransferCreateInput }, ctx) =>
    payload("inventoryTransfer", createTransfer(ctx.store, ctx.data, transferInput(args.input, "InventoryTransferCreateAsReadyToShipInput"), { readyToShip: true })),

  inventoryTransferMarkAsReadyToShip: (_s, args: { id: string }, ctx) => payload("inventoryTransfer", markTransferReadyToShip(ctx.store, ctx.data, gidArg(args.id, "InventoryTransfer"))),

  inventoryTransferCancel: (_s, args: { id: string }, ctx) => payload("inventoryTransfer", cancelTransfer(ctx.store, ctx.data, gidArg(args.id, "InventoryTransfer"))),

  inventoryShipmentCreate: (_s, args: { input: ShipmentCreateInput }, ctx) => payload("inventoryShipment", createShipment(ctx.store, ctx.data, shipmentInput(args.input))),

  inventoryShipmentCreateInTransit: (_s, args: { input: ShipmentCreateInput }, ctx) =>
    payload("inventoryShipment", createShipment(ctx.store, ctx.data, shipmentInput(args.input), { inTransit: true })),

  inventoryShipmentMarkInTransit: (_s, args: { id: string; dateShipped?: DateTimeArg }, ctx) =>
    payload("inventoryShipment", markShipmentInTransit(ctx.store, ctx.data, gidArg(args.id, "InventoryShipment"), dateArg(args.dateShipped) ?? null)),

  inventoryShipmentSetTracking: (_s, args: { id: string; tracking: TrackingArg }, ctx) =>
    payload("inventoryShipment", setShipmentTracking(ctx.store, ctx.data, gidArg(args.id, "InventoryShipment"), tracking(args.tracking))),

  inventoryShipmentReceive: (_s, args: { id: string; lineItems?: ReceiveItemArg[] | null; bulkReceiveAction?: "ACCEPTED" | "REJECTED" | null; dateReceived?: DateTimeArg }, ctx) =>
    payload(
      "inventoryShipment",
      receiveShipment(ctx.store, ctx.data, gidArg(args.id, "InventoryShipment"), {
        lineItems: (args.lineItems ?? []).map((line) => ({ shipmentLineItemId: gidArg(line.shipmentLineItemId, "InventoryShipmentLineItem"), quantity: line.quantity, reason: line.reason })),
        bulkReceiveAction: args.bulkReceiveAction ?? null,
        dateReceived: dateArg(args.dateReceived) ?? null,
      }),
    ),

  inventoryShipmentDelete: (_s, args: { id: string }, ctx) => {
    const result = deleteShipment(ctx.store, ctx.data, gidArg(args.id, "InventoryShipment"));
    return result.ok ? { id: toGid("InventoryShipment", result.value.id), userErrors: [] } : { id: null, userErrors: result.errors };
  },
});
