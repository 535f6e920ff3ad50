import { requireVariant, resolveLocation } from "./catalog";
import { applyInventoryChanges } from "./inventory";
import {
  SimulatorError,
  toGid,
  type InventoryItemRecord,
  type InventoryShipmentLineItemRecord,
  type InventoryShipmentRecord,
  type InventoryShipmentTrackingRecord,
  type InventoryTransferLineItemRecord,
  type InventoryTransferRecord,
  type LocationRecord,
  type LocationSnapshotRecord,
  type QuantityName,
  type ShopData,
} from "./records";
import type { StoreCore } from "./store-core";

// Inventory transfers and their shipments: the store and lifecycle behind the Admin GraphQL mutations
// (graphql/inventory-transfer-*.ts) and the admin commands (/_sim/<shop>/inbound…).
//
// Lifecycle (Shopify 2026-10): a transfer is DRAFT → READY_TO_SHIP → IN_PROGRESS (a shipment is in transit or
// received) → TRANSFERRED (every unit shipped and every shipment received), or CANCELED while it has no shipment.
// A shipment is DRAFT → IN_TRANSIT → PARTIALLY_RECEIVED → RECEIVED; only a draft shipment can be deleted.
// Quantities (help.shopify.com "Creating and managing inventory transfers", "Receiving an inventory transfer"): ready
// to ship reserves the units at the origin (available → reserved) and cancelling gives them back; a shipment in
// transit takes its units out of the origin's reserve and raises `incoming` at the destination; receiving lowers
// `incoming` by every unit received and adds the accepted ones to `available`/`on_hand` (rejected ones don't count).
// No origin = stock from outside the shop (a supplier): only the destination moves.
//
// Webhook payloads (buildTransferPayload/buildShipmentPayload): Shopify publishes no sample body for these topics,
// so they follow its REST-style webhooks: one JSON object with the numeric `id`, `admin_graphql_api_id`, snake_case
// fields and GIDs for related records; shipments carry `inventory_transfer_id` (2026-10 changelog "Inventory shipment
// webhooks include inventory transfer IDs") and transfers `origin.id`/`destination.id`, left out when the side is not
// a location (2026-04 changelog "Inventory transfer webhooks include origin and destination location IDs"). Apps
// should re-read the shipment/transfer over GraphQL rather than trust more than those ids.

/** A refusal in Shopify's userError shape; the GraphQL layer returns it, admin commands turn it into a 4xx. */
export type TransferUserError = { field: string[] | null; message: string; code: string };

export type TransferResult<T> = { ok: true; value: T } | { ok: false; errors: TransferUserError[] };

export type LineInput = { inventoryItemId: number | null; quantity: number };

export type TrackingInput = { arrivesAt?: number | null; company?: string | null; trackingNumber?: string | null; trackingUrl?: string | null };

export type TransferInput = {
  originLocationId?: number | null;
  destinationLocationId?: number | null;
  lineItems: LineInput[];
  note?: string | null;
  referenceName?: string | null;
  tags?: string[] | null;
  dateCreated?: number | null;
};

export type ShipmentInput = {
  transferId: number | null;
  lineItems: LineInput[];
  tracking?: TrackingInput | null;
  barcode?: string | null;
  dateCreated?: number | null;
};

export type ReceiveLineInput = { shipmentLineItemId: number | null; quantity: number; reason: "ACCEPTED" | "REJECTED" };

export type EmitOptions = { silent?: boolean };

const MAX_QUANTITY = 1_000_000_000;

const fail = <T>(errors: TransferUserError[]): TransferResult<T> => ({ ok: false, errors });
const error = (field: string[] | null, code: string, message: string): TransferUserError => ({ field, code, message });

// ---------------------------------------------------------------------------------------------------------
// Quantities derived from the records

/** Units of an item on the transfer's shipments: shipped (in transit or received) and picked (draft shipments). */
export function shipmentQuantities(data: ShopData, transfer: InventoryTransferRecord, inventoryItemId: number): { shipped: number; picked: number } {
  let shipped = 0;
  let picked = 0;
  for (const shipment of shipmentsOf(data, transfer)) {
    for (const line of shipment.lineItems) {
      if (line.inventoryItemId !== inventoryItemId) continue;
      if (shipment.status === "DRAFT") picked += line.quantity;
      else shipped += line.quantity;
    }
  }
  return { shipped, picked };
}

export function shipmentsOf(data: ShopData, transfer: InventoryTransferRecord): InventoryShipmentRecord[] {
  return transfer.shipmentIds.map((id) => data.inventoryShipments.get(id)).filter((s): s is InventoryShipmentRecord => s !== undefined);
}

export const unreceivedQuantity = (line: InventoryShipmentLineItemRecord) => line.quantity - line.acceptedQuantity - line.rejectedQuantity;

export function transferOf(data: ShopData, shipment: InventoryShipmentRecord): InventoryTransferRecord {
  return data.inventoryTransfers.get(shipment.transferId)!;
}

// ---------------------------------------------------------------------------------------------------------
// Webhook payloads

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

export function buildTransferPayload(data: ShopData, transfer: InventoryTransferRecord) {
  return {
    id: transfer.id,
    admin_graphql_api_id: toGid("InventoryTransfer", transfer.id),
    name: transfer.name,
    status: transfer.status,
    ...(transfer.origin ? { origin: { id: toGid("Location", transfer.origin.locationId), name: transfer.origin.name } } : {}),
    ...(transfer.destination ? { destination: { id: toGid("Location", transfer.destination.locationId), name: transfer.destination.name } } : {}),
    reference_name: transfer.referenceName,
    note: transfer.note,
    tags: transfer.tags.join(", "),
    total_quantity: transfer.lineItems.reduce((sum, line) => sum + line.totalQuantity, 0),
    line_items: transfer.lineItems.map((line) => ({
      id: line.id,
      admin_graphql_api_id: toGid("InventoryTransferLineItem", line.id),
      inventory_item_id: toGid("InventoryItem", line.inventoryItemId),
      quantity: line.totalQuantity,
      shipped_quantity: shipmentQuantities(data, transfer, line.inventoryItemId).shipped,
    })),
    shipment_ids: transfer.shipmentIds.map((id) => toGid("InventoryShipment", id)),
    created_at: dateOrNull(transfer.dateCreated),
    updated_at: dateOrNull(transfer.updatedAt),
  };
}

export function buildShipmentPayload(data: ShopData, shipment: InventoryShipmentRecord) {
  const transfer = transferOf(data, shipment);
  return {
    id: shipment.id,
    admin_graphql_api_id: toGid("InventoryShipment", shipment.id),
    inventory_transfer_id: toGid("InventoryTransfer", shipment.transferId),
    name: shipment.name,
    status: shipment.status,
    barcode: shipment.barcode,
    ...(transfer.destination ? { destination: { id: toGid("Location", transfer.destination.locationId) } } : {}),
    tracking: shipment.tracking
      ? {
          arrives_at: dateOrNull(shipment.tracking.arrivesAt),
          company: shipment.tracking.company,
          tracking_number: shipment.tracking.trackingNumber,
          tracking_url: shipment.tracking.trackingUrl,
        }
      : null,
    line_items: shipment.lineItems.map((line) => ({
      id: line.id,
      admin_graphql_api_id: toGid("InventoryShipmentLineItem", line.id),
      inventory_item_id: toGid("InventoryItem", line.inventoryItemId),
      quantity: line.quantity,
      accepted_quantity: line.acceptedQuantity,
      rejected_quantity: line.rejectedQuantity,
      unreceived_quantity: unreceivedQuantity(line),
    })),
    date_created: dateOrNull(shipment.dateCreated),
    date_shipped: dateOrNull(shipment.dateShipped),
    date_received: dateOrNull(shipment.dateReceived),
    updated_at: dateOrNull(shipment.updatedAt),
  };
}

function emitTransfer(store: StoreCore, data: ShopData, topic: string, transfer: InventoryTransferRecord, opts: EmitOptions): void {
  if (!opts.silent) store.emit(data.domain, `inventory_transfers/${topic}`, buildTransferPayload(data, transfer));
}

function emitShipment(store: StoreCore, data: ShopData, topic: string, shipment: InventoryShipmentRecord, opts: EmitOptions): void {
  if (!opts.silent) store.emit(data.domain, `inventory_shipments/${topic}`, buildShipmentPayload(data, shipment));
}

// ---------------------------------------------------------------------------------------------------------
// Validation

function snapshotLocation(location: LocationRecord, now: number): LocationSnapshotRecord {
  return { locationId: location.id, name: location.name, snapshottedAt: now };
}

function checkLocation(data: ShopData, id: number | null | undefined, field: string[], errors: TransferUserError[]): LocationRecord | null {
  if (id === null || id === undefined) return null;
  const location = data.locations.get(id);
  if (!location) {
    errors.push(error(field, "LOCATION_NOT_FOUND", "The location selected can't be found."));
    return null;
  }
  if (!location.isActive) errors.push(error(field, "LOCATION_NOT_ACTIVE", "The location selected is not active."));
  return location;
}

/** Items exist, track inventory, appear once and have a positive quantity. */
function checkLines(data: ShopData, lines: LineInput[], errors: TransferUserError[]): Array<{ item: InventoryItemRecord; quantity: number }> {
  const seen = new Set<number>();
  const valid: Array<{ item: InventoryItemRecord; quantity: number }> = [];
  lines.forEach((line, index) => {
    const field = (f: string) => ["input", "lineItems", String(index), f];
    const item = line.inventoryItemId === null ? undefined : data.inventoryItems.get(line.inventoryItemId);
    if (!item) return void errors.push(error(field("inventoryItemId"), "ITEM_NOT_FOUND", "The item was not found."));
    if (!item.tracked) return void errors.push(error(field("inventoryItemId"), "UNTRACKED_ITEM", "The item does not track inventory."));
    if (seen.has(item.id)) return void errors.push(error(field("inventoryItemId"), "DUPLICATE_ITEM", "A single item can't be listed twice."));
    seen.add(item.id);
    if (!Number.isInteger(line.quantity) || line.quantity <= 0 || line.quantity > MAX_QUANTITY) {
      return void errors.push(error(field("quantity"), "INVALID_QUANTITY", "The quantity is invalid. It must be a positive whole number."));
    }
    valid.push({ item, quantity: line.quantity });
  });
  return valid;
}

function validTrackingUrl(value: string | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Transfers

/** inventoryTransferCreate (DRAFT) and inventoryTransferCreateAsReadyToShip (`readyToShip`). */
export function createTransfer(store: StoreCore, data: ShopData, input: TransferInput, opts: EmitOptions & { readyToShip?: boolean } = {}): TransferResult<InventoryTransferRecord> {
  const errors: TransferUserError[] = [];
  const origin = checkLocation(data, input.originLocationId, ["input", "originLocationId"], errors);
  const destination = checkLocation(data, input.destinationLocationId, ["input", "destinationLocationId"], errors);
  if (origin && destination && origin.id === destination.id) {
    errors.push(error(["input", "destinationLocationId"], "TRANSFER_ORIGIN_CANNOT_BE_THE_SAME_AS_DESTINATION", "The origin location cannot be the same as the destination location."));
  }
  const lines = checkLines(data, input.lineItems, errors);
  if (opts.readyToShip) {
    if (input.destinationLocationId === null || input.destinationLocationId === undefined) {
      errors.push(error(["input", "destinationLocationId"], "LOCATION_REQUIRED", "A destination location is required to mark a transfer as ready to ship."));
    }
    if (input.lineItems.length === 0) errors.push(error(["input", "lineItems"], "ITEMS_EMPTY", "The list of line items is empty."));
  }
  if (errors.length) return fail(errors);
  const now = store.nowMs();
  const id = store.nextId();
  const transfer: InventoryTransferRecord = {
    __typename: "InventoryTransfer",
    id,
    name: `#T${String(data.nextTransferNumber).padStart(4, "0")}`,
    status: opts.readyToShip ? "READY_TO_SHIP" : "DRAFT",
    origin: origin ? snapshotLocation(origin, now) : null,
    destination: destination ? snapshotLocation(destination, now) : null,
    note: input.note ?? null,
    referenceName: input.referenceName ?? null,
    tags: input.tags ?? [],
    lineItems: lines.map(({ item, quantity }) => ({ __typename: "InventoryTransferLineItem", id: store.nextId(), transferId: id, inventoryItemId: item.id, totalQuantity: quantity })),
    shipmentIds: [],
    dateCreated: input.dateCreated ?? now,
    updatedAt: now,
  };
  data.nextTransferNumber += 1;
  data.inventoryTransfers.set(id, transfer);
  if (transfer.lineItems.length) emitTransfer(store, data, "add_items", transfer, opts);
  if (opts.readyToShip) {
    reserveAtOrigin(store, data, transfer, 1, opts);
    emitTransfer(store, data, "ready_to_ship", transfer, opts);
  }
  return { ok: true, value: transfer };
}

export function markTransferReadyToShip(store: StoreCore, data: ShopData, transferId: number | null, opts: EmitOptions = {}): TransferResult<InventoryTransferRecord> {
  const transfer = transferId === null ? undefined : data.inventoryTransfers.get(transferId);
  if (!transfer) return fail([error(["id"], "TRANSFER_NOT_FOUND", "The transfer was not found.")]);
  if (transfer.status !== "DRAFT") return fail([error(["id"], "INVALID_TRANSFER_STATUS", `A ${transfer.status} transfer can't be marked as ready to ship; only a DRAFT one can.`)]);
  if (!transfer.destination) return fail([error(["id"], "LOCATION_REQUIRED", "A destination location is required to mark a transfer as ready to ship.")]);
  if (!transfer.lineItems.length) return fail([error(["id"], "ITEMS_EMPTY", "The list of line items is empty.")]);
  const destination = data.locations.get(transfer.destination.locationId);
  if (!destination?.isActive) return fail([error(["id"], "LOCATION_NOT_ACTIVE", "The location selected is not active.")]);
  transfer.status = "READY_TO_SHIP";
  transfer.updatedAt = store.nowMs();
  reserveAtOrigin(store, data, transfer, 1, opts);
  emitTransfer(store, data, "ready_to_ship", transfer, opts);
  return { ok: true, value: transfer };
}

/** Only a transfer without shipments can be cancelled (Shopify's SHIPMENT_EXISTS); delete draft shipments first. */
export function cancelTransfer(store: StoreCore, data: ShopData, transferId: number | null, opts: EmitOptions = {}): TransferResult<InventoryTransferRecord> {
  const transfer = transferId === null ? undefined : data.inventoryTransfers.get(transferId);
  if (!transfer) return fail([error(["id"], "TRANSFER_NOT_FOUND", "The transfer was not found.")]);
  if (transfer.status === "CANCELED" || transfer.status === "TRANSFERRED") {
    return fail([error(["id"], "INVALID_TRANSFER_STATUS", `A ${transfer.status} transfer can't be cancelled.`)]);
  }
  if (transfer.shipmentIds.length) return fail([error(["id"], "SHIPMENT_EXISTS", "Shipment already exists for the transfer.")]);
  if (transfer.status === "READY_TO_SHIP") reserveAtOrigin(store, data, transfer, -1, opts);
  transfer.status = "CANCELED";
  transfer.updatedAt = store.nowMs();
  emitTransfer(store, data, "cancel", transfer, opts);
  return { ok: true, value: transfer };
}

// ---------------------------------------------------------------------------------------------------------
// Shipments

/** inventoryShipmentCreate (DRAFT) and inventoryShipmentCreateInTransit (`inTransit`). */
export function createShipment(store: StoreCore, data: ShopData, input: ShipmentInput, opts: EmitOptions & { inTransit?: boolean; dateShipped?: number | null } = {}): TransferResult<InventoryShipmentRecord> {
  const transfer = input.transferId === null ? undefined : data.inventoryTransfers.get(input.transferId);
  if (!transfer) return fail([error(["input", "movementId"], "TRANSFER_NOT_FOUND", "The transfer was not found.")]);
  if (transfer.status !== "READY_TO_SHIP" && transfer.status !== "IN_PROGRESS") {
    return fail([error(["input", "movementId"], "INVALID_TRANSFER_STATUS", `Shipments can be added to a READY_TO_SHIP or IN_PROGRESS transfer; this one is ${transfer.status}.`)]);
  }
  if (!input.lineItems.length) return fail([error(["input", "lineItems"], "EMPTY_SHIPMENT_INPUT", "The shipment input cannot be empty.")]);
  const errors: TransferUserError[] = [];
  const lines = checkLines(data, input.lineItems, errors);
  lines.forEach(({ item, quantity }) => {
    const index = input.lineItems.findIndex((line) => line.inventoryItemId === item.id);
    const transferLine = transfer.lineItems.find((line) => line.inventoryItemId === item.id);
    if (!transferLine) return void errors.push(error(["input", "lineItems", String(index), "inventoryItemId"], "INVALID_ITEM", "The item is not on the transfer."));
    const { shipped, picked } = shipmentQuantities(data, transfer, item.id);
    const processable = transferLine.totalQuantity - shipped - picked;
    if (quantity > processable) {
      errors.push(error(["input", "lineItems", String(index), "quantity"], "INVALID_QUANTITY", `The quantity is invalid: ${processable} of this item are left to ship on the transfer.`));
    }
  });
  if (input.tracking && !validTrackingUrl(input.tracking.trackingUrl)) errors.push(error(["input", "trackingInput", "trackingUrl"], "INVALID_URL", "The URL is invalid."));
  if (input.barcode && input.barcode.length > 255) errors.push(error(["input", "barcode"], "BARCODE_TOO_LONG", "Barcode must be 255 characters or less."));
  if (input.barcode && [...data.inventoryShipments.values()].some((s) => s.barcode === input.barcode)) {
    errors.push(error(["input", "barcode"], "BARCODE_DUPLICATE", "This barcode is already assigned to another shipment."));
  }
  if (errors.length) return fail(errors);
  const now = store.nowMs();
  const id = store.nextId();
  const shipment: InventoryShipmentRecord = {
    __typename: "InventoryShipment",
    id,
    transferId: transfer.id,
    name: `${transfer.name}-S${transfer.shipmentIds.length + 1}`,
    status: "DRAFT",
    barcode: input.barcode ?? null,
    tracking: input.tracking ? mergeTracking(null, input.tracking) : null,
    lineItems: lines.map(({ item, quantity }) => ({ __typename: "InventoryShipmentLineItem", id: store.nextId(), shipmentId: id, inventoryItemId: item.id, quantity, acceptedQuantity: 0, rejectedQuantity: 0 })),
    dateCreated: input.dateCreated ?? now,
    dateShipped: null,
    dateReceived: null,
    updatedAt: now,
  };
  data.inventoryShipments.set(id, shipment);
  transfer.shipmentIds.push(id);
  transfer.updatedAt = now;
  emitShipment(store, data, "create", shipment, opts);
  if (opts.inTransit) shipInTransit(store, data, shipment, opts.dateShipped ?? null, opts);
  emitTransfer(store, data, "updated", transfer, opts);
  return { ok: true, value: shipment };
}

export function markShipmentInTransit(store: StoreCore, data: ShopData, shipmentId: number | null, dateShipped: number | null, opts: EmitOptions = {}): TransferResult<InventoryShipmentRecord> {
  const shipment = shipmentId === null ? undefined : data.inventoryShipments.get(shipmentId);
  if (!shipment) return fail([error(["id"], "SHIPMENT_NOT_FOUND", "The shipment was not found.")]);
  if (shipment.status !== "DRAFT") return fail([error(["id"], "INVALID_SHIPMENT_STATUS", `A ${shipment.status} shipment can't be marked in transit; only a DRAFT one can.`)]);
  if (!shipment.lineItems.length) return fail([error(["id"], "ITEMS_EMPTY", "The list of line items is empty.")]);
  shipInTransit(store, data, shipment, dateShipped, opts);
  emitTransfer(store, data, "updated", transferOf(data, shipment), opts);
  return { ok: true, value: shipment };
}

function shipInTransit(store: StoreCore, data: ShopData, shipment: InventoryShipmentRecord, dateShipped: number | null, opts: EmitOptions): void {
  const transfer = transferOf(data, shipment);
  const now = store.nowMs();
  shipment.status = "IN_TRANSIT";
  shipment.dateShipped = dateShipped ?? now;
  shipment.updatedAt = now;
  transfer.status = "IN_PROGRESS";
  transfer.updatedAt = now;
  const changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }> = [];
  const destination = transfer.destination ? data.locations.get(transfer.destination.locationId) : undefined;
  const origin = transfer.origin ? data.locations.get(transfer.origin.locationId) : undefined;
  for (const line of shipment.lineItems) {
    const item = data.inventoryItems.get(line.inventoryItemId);
    if (!item) continue;
    if (destination) changes.push({ item, location: destination, name: "incoming", delta: line.quantity });
    if (origin) changes.push({ item, location: origin, name: "reserved", delta: -line.quantity });
  }
  applyLevels(store, data, changes, opts);
  emitShipment(store, data, "mark_in_transit", shipment, opts);
}

/** Ready to ship (+1) moves the unshipped units from available to reserved at the origin; cancelling (-1) gives them back. */
function reserveAtOrigin(store: StoreCore, data: ShopData, transfer: InventoryTransferRecord, sign: 1 | -1, opts: EmitOptions): void {
  const origin = transfer.origin ? data.locations.get(transfer.origin.locationId) : undefined;
  if (!origin) return;
  const changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }> = [];
  for (const line of transfer.lineItems) {
    const item = data.inventoryItems.get(line.inventoryItemId);
    const units = line.totalQuantity - shipmentQuantities(data, transfer, line.inventoryItemId).shipped;
    if (!item || units <= 0) continue;
    changes.push({ item, location: origin, name: "available", delta: -sign * units }, { item, location: origin, name: "reserved", delta: sign * units });
  }
  applyLevels(store, data, changes, opts);
}

/** Seeding writes levels without webhooks, like the rest of the shop's starting state. */
function applyLevels(store: StoreCore, data: ShopData, changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }>, opts: EmitOptions): void {
  if (!opts.silent) {
    applyInventoryChanges(store, data, changes);
    return;
  }
  for (const change of changes) {
    const level = data.findLevel(change.item, change.location.id);
    if (!level) continue;
    if (change.name === "incoming") level.incoming += change.delta;
    else if (change.name === "available") level.available += change.delta;
    else if (change.name === "reserved") level.reserved += change.delta;
  }
}

function mergeTracking(current: InventoryShipmentTrackingRecord | null, input: TrackingInput): InventoryShipmentTrackingRecord {
  const base = current ?? { arrivesAt: null, company: null, trackingNumber: null, trackingUrl: null };
  return {
    arrivesAt: input.arrivesAt === undefined ? base.arrivesAt : input.arrivesAt,
    company: input.company === undefined ? base.company : input.company,
    trackingNumber: input.trackingNumber === undefined ? base.trackingNumber : input.trackingNumber,
    trackingUrl: input.trackingUrl === undefined ? base.trackingUrl : input.trackingUrl,
  };
}

/** inventoryShipmentSetTracking: fields sent replace the stored ones (null clears), fields left out stay. */
export function setShipmentTracking(store: StoreCore, data: ShopData, shipmentId: number | null, tracking: TrackingInput, opts: EmitOptions = {}): TransferResult<InventoryShipmentRecord> {
  const shipment = shipmentId === null ? undefined : data.inventoryShipments.get(shipmentId);
  if (!shipment) return fail([error(["id"], "SHIPMENT_NOT_FOUND", "The shipment was not found.")]);
  if (!validTrackingUrl(tracking.trackingUrl)) return fail([error(["tracking", "trackingUrl"], "INVALID_URL", "The URL is invalid.")]);
  const now = store.nowMs();
  shipment.tracking = mergeTracking(shipment.tracking, tracking);
  shipment.updatedAt = now;
  const transfer = transferOf(data, shipment);
  transfer.updatedAt = now;
  emitShipment(store, data, "update_tracking", shipment, opts);
  emitTransfer(store, data, "updated", transfer, opts);
  return { ok: true, value: shipment };
}

/**
 * inventoryShipmentReceive: each line names a shipment line item, a quantity and ACCEPTED/REJECTED; `bulkReceiveAction`
 * then receives everything still unreceived that way. Accepted units move from incoming to available at the destination.
 */
export function receiveShipment(
  store: StoreCore,
  data: ShopData,
  shipmentId: number | null,
  input: { lineItems?: ReceiveLineInput[] | null; bulkReceiveAction?: "ACCEPTED" | "REJECTED" | null; dateReceived?: number | null },
  opts: EmitOptions = {},
): TransferResult<InventoryShipmentRecord> {
  const shipment = shipmentId === null ? undefined : data.inventoryShipments.get(shipmentId);
  if (!shipment) return fail([error(["id"], "SHIPMENT_NOT_FOUND", "The shipment was not found.")]);
  if (shipment.status !== "IN_TRANSIT" && shipment.status !== "PARTIALLY_RECEIVED") {
    return fail([error(["id"], "INVALID_SHIPMENT_STATUS", `A ${shipment.status} shipment can't be received; mark it in transit first.`)]);
  }
  const transfer = transferOf(data, shipment);
  const destination = transfer.destination ? data.locations.get(transfer.destination.locationId) : undefined;
  if (!destination) return fail([error(["id"], "LOCATION_NOT_FOUND", "The transfer's destination location can't be found.")]);
  const lines = input.lineItems ?? [];
  if (!lines.length && !input.bulkReceiveAction) return fail([error(["lineItems"], "INVALID_QUANTITY", "Send lineItems or a bulkReceiveAction: there is nothing to receive.")]);
  // Validate everything first so a bad line leaves the shipment untouched.
  const errors: TransferUserError[] = [];
  const pending = new Map<InventoryShipmentLineItemRecord, { accepted: number; rejected: number }>();
  lines.forEach((line, index) => {
    const target = shipment.lineItems.find((candidate) => candidate.id === line.shipmentLineItemId);
    if (!target) return void errors.push(error(["lineItems", String(index), "shipmentLineItemId"], "ITEM_NOT_FOUND", "The item was not found on this shipment."));
    const sum = pending.get(target) ?? { accepted: 0, rejected: 0 };
    const left = unreceivedQuantity(target) - sum.accepted - sum.rejected;
    if (!Number.isInteger(line.quantity) || line.quantity <= 0 || line.quantity > left) {
      return void errors.push(error(["lineItems", String(index), "quantity"], "INVALID_QUANTITY", `The quantity is invalid: ${left} unit(s) of this line are left to receive.`));
    }
    if (line.reason === "ACCEPTED") sum.accepted += line.quantity;
    else sum.rejected += line.quantity;
    pending.set(target, sum);
  });
  if (errors.length) return fail(errors);
  if (input.bulkReceiveAction) {
    for (const target of shipment.lineItems) {
      const sum = pending.get(target) ?? { accepted: 0, rejected: 0 };
      const left = unreceivedQuantity(target) - sum.accepted - sum.rejected;
      if (left <= 0) continue;
      if (input.bulkReceiveAction === "ACCEPTED") sum.accepted += left;
      else sum.rejected += left;
      pending.set(target, sum);
    }
  }
  const now = store.nowMs();
  const changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }> = [];
  for (const [target, { accepted, rejected }] of pending) {
    target.acceptedQuantity += accepted;
    target.rejectedQuantity += rejected;
    const item = data.inventoryItems.get(target.inventoryItemId);
    if (!item) continue;
    if (accepted + rejected) changes.push({ item, location: destination, name: "incoming", delta: -(accepted + rejected) });
    if (accepted) changes.push({ item, location: destination, name: "available", delta: accepted });
  }
  shipment.status = shipment.lineItems.every((line) => unreceivedQuantity(line) === 0) ? "RECEIVED" : "PARTIALLY_RECEIVED";
  shipment.dateReceived ??= input.dateReceived ?? now;
  shipment.updatedAt = now;
  transfer.updatedAt = now;
  applyLevels(store, data, changes, opts);
  emitShipment(store, data, "receive_items", shipment, opts);
  emitTransfer(store, data, "updated", transfer, opts);
  if (isTransferComplete(data, transfer)) {
    transfer.status = "TRANSFERRED";
    emitTransfer(store, data, "complete", transfer, opts);
  }
  return { ok: true, value: shipment };
}

function isTransferComplete(data: ShopData, transfer: InventoryTransferRecord): boolean {
  const shipments = shipmentsOf(data, transfer);
  if (!shipments.length || shipments.some((shipment) => shipment.status !== "RECEIVED")) return false;
  return transfer.lineItems.every((line) => shipmentQuantities(data, transfer, line.inventoryItemId).shipped >= line.totalQuantity);
}

/** Only a DRAFT shipment can be deleted (it never moved stock). */
export function deleteShipment(store: StoreCore, data: ShopData, shipmentId: number | null, opts: EmitOptions = {}): TransferResult<InventoryShipmentRecord> {
  const shipment = shipmentId === null ? undefined : data.inventoryShipments.get(shipmentId);
  if (!shipment) return fail([error(["id"], "SHIPMENT_NOT_FOUND", "The shipment was not found.")]);
  if (shipment.status !== "DRAFT") return fail([error(["id"], "INVALID_SHIPMENT_STATUS", `A ${shipment.status} shipment can't be deleted; only a DRAFT one can.`)]);
  const transfer = transferOf(data, shipment);
  emitShipment(store, data, "delete", shipment, opts);
  data.inventoryShipments.delete(shipment.id);
  transfer.shipmentIds = transfer.shipmentIds.filter((id) => id !== shipment.id);
  transfer.updatedAt = store.nowMs();
  emitTransfer(store, data, "updated", transfer, opts);
  return { ok: true, value: shipment };
}

// ---------------------------------------------------------------------------------------------------------
// Admin commands (the merchant's side, /_sim/<shop>/inbound…): one inbound transfer with one shipment per call.

function unwrap<T>(result: TransferResult<T>): T {
  if (result.ok) return result.value;
  const conflict = result.errors.some((e) => /STATUS|SHIPMENT_EXISTS/.test(e.code));
  const missing = result.errors.every((e) => /NOT_FOUND/.test(e.code));
  throw new SimulatorError(result.errors.map((e) => `${e.code}: ${e.message}`).join("; "), missing ? 404 : conflict ? 409 : 422);
}

export type InboundSummary = {
  transferId: string;
  transferName: string;
  transferStatus: string;
  shipmentId: string | null;
  shipmentName: string | null;
  shipmentStatus: string | null;
  destinationLocationId: string | null;
  arrivesAt: string | null;
  lines: Array<{ variantId: string; inventoryItemId: string; title: string; quantity: number; accepted: number; rejected: number; unreceived: number }>;
};

/** One row per shipment (or per transfer without shipments), for the admin page and the commands' answers. */
export function listInbound(data: ShopData): InboundSummary[] {
  const rows: InboundSummary[] = [];
  for (const transfer of data.inventoryTransfers.values()) {
    const shipments = shipmentsOf(data, transfer);
    const base = {
      transferId: toGid("InventoryTransfer", transfer.id),
      transferName: transfer.name,
      transferStatus: transfer.status,
      destinationLocationId: transfer.destination ? toGid("Location", transfer.destination.locationId) : null,
    };
    if (!shipments.length) {
      rows.push({ ...base, shipmentId: null, shipmentName: null, shipmentStatus: null, arrivesAt: null, lines: transfer.lineItems.map((line) => lineSummary(data, line.inventoryItemId, line.totalQuantity, 0, 0)) });
      continue;
    }
    for (const shipment of shipments) rows.push(shipmentSummary(data, shipment));
  }
  return rows;
}

function lineSummary(data: ShopData, inventoryItemId: number, quantity: number, accepted: number, rejected: number) {
  const item = data.inventoryItems.get(inventoryItemId);
  const variant = item ? data.variantOf(item) : undefined;
  const product = variant ? data.productOf(variant) : undefined;
  return {
    variantId: variant ? toGid("ProductVariant", variant.id) : "",
    inventoryItemId: toGid("InventoryItem", inventoryItemId),
    title: product && variant ? (variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`) : "",
    quantity,
    accepted,
    rejected,
    unreceived: quantity - accepted - rejected,
  };
}

export function shipmentSummary(data: ShopData, shipment: InventoryShipmentRecord): InboundSummary {
  const transfer = transferOf(data, shipment);
  return {
    transferId: toGid("InventoryTransfer", transfer.id),
    transferName: transfer.name,
    transferStatus: transfer.status,
    shipmentId: toGid("InventoryShipment", shipment.id),
    shipmentName: shipment.name,
    shipmentStatus: shipment.status,
    destinationLocationId: transfer.destination ? toGid("Location", transfer.destination.locationId) : null,
    arrivesAt: dateOrNull(shipment.tracking?.arrivesAt ?? null),
    lines: shipment.lineItems.map((line) => lineSummary(data, line.inventoryItemId, line.quantity, line.acceptedQuantity, line.rejectedQuantity)),
  };
}

export type CreateInboundArgs = {
  lines: Array<{ inventoryItemId: number; quantity: number }>;
  destinationLocationId?: number;
  originLocationId?: number | null;
  arrivesAt?: number | null;
  /** false leaves the shipment a draft (default true: in transit). */
  inTransit?: boolean;
  trackingNumber?: string | null;
  company?: string | null;
  referenceName?: string | null;
  dateCreated?: number | null;
  dateShipped?: number | null;
};

/** An inbound transfer (ready to ship) with one shipment, in transit unless asked otherwise. */
export function createInbound(store: StoreCore, data: ShopData, args: CreateInboundArgs, opts: EmitOptions = {}): InboundSummary {
  const destinationLocationId = args.destinationLocationId ?? data.primaryLocation().id;
  const transfer = unwrap(
    createTransfer(
      store,
      data,
      { originLocationId: args.originLocationId ?? null, destinationLocationId, lineItems: args.lines, referenceName: args.referenceName ?? null, dateCreated: args.dateCreated ?? null },
      { ...opts, readyToShip: true },
    ),
  );
  const tracking = args.arrivesAt !== undefined || args.trackingNumber || args.company ? { arrivesAt: args.arrivesAt ?? null, trackingNumber: args.trackingNumber ?? null, company: args.company ?? null } : null;
  const shipment = unwrap(
    createShipment(store, data, { transferId: transfer.id, lineItems: args.lines, tracking, dateCreated: args.dateCreated ?? null }, { ...opts, inTransit: args.inTransit ?? true, dateShipped: args.dateShipped ?? null }),
  );
  return shipmentSummary(data, shipment);
}

export function requireShipment(data: ShopData, shipmentId: number | null): InventoryShipmentRecord {
  const shipment = shipmentId === null ? undefined : data.inventoryShipments.get(shipmentId);
  if (!shipment) throw new SimulatorError(`Unknown inventory shipment ${String(shipmentId)}`, 404);
  return shipment;
}

export function markInboundInTransit(store: StoreCore, data: ShopData, shipmentId: number | null): InboundSummary {
  return shipmentSummary(data, unwrap(markShipmentInTransit(store, data, shipmentId, null)));
}

export function setInboundTracking(store: StoreCore, data: ShopData, shipmentId: number | null, tracking: TrackingInput): InboundSummary {
  return shipmentSummary(data, unwrap(setShipmentTracking(store, data, shipmentId, tracking)));
}

/** Receives `quantity` units of each line (default: everything left), accepted unless `reject`. */
export function receiveInbound(store: StoreCore, data: ShopData, shipmentId: number | null, args: { quantity?: number; reject?: boolean; lines?: Array<{ inventoryItemId: number; quantity: number }> }): InboundSummary {
  const shipment = requireShipment(data, shipmentId);
  const reason = args.reject ? "REJECTED" : "ACCEPTED";
  if (args.lines) {
    const lineItems = args.lines.map((line) => ({ shipmentLineItemId: shipment.lineItems.find((l) => l.inventoryItemId === line.inventoryItemId)?.id ?? null, quantity: line.quantity, reason }) as const);
    return shipmentSummary(data, unwrap(receiveShipment(store, data, shipment.id, { lineItems })));
  }
  if (args.quantity !== undefined) {
    const quantity = args.quantity;
    if (!Number.isInteger(quantity) || quantity <= 0) throw new SimulatorError("quantity must be a positive integer", 422);
    const lineItems = shipment.lineItems.filter((line) => unreceivedQuantity(line) > 0).map((line) => ({ shipmentLineItemId: line.id, quantity: Math.min(quantity, unreceivedQuantity(line)), reason }) as const);
    return shipmentSummary(data, unwrap(receiveShipment(store, data, shipment.id, { lineItems })));
  }
  return shipmentSummary(data, unwrap(receiveShipment(store, data, shipment.id, { bulkReceiveAction: reason })));
}

/**
 * The merchant cancels an inbound: a draft shipment is deleted and its transfer cancelled (Shopify's rules); a
 * shipment already in transit can't be cancelled in Shopify, so that is refused with 409 (receive it as rejected instead).
 */
export function cancelInbound(store: StoreCore, data: ShopData, args: { shipmentId?: number | null; transferId?: number | null }): { transferId: string; status: string } {
  let transferId = args.transferId ?? null;
  if (args.shipmentId !== undefined && args.shipmentId !== null) {
    const shipment = requireShipment(data, args.shipmentId);
    transferId = shipment.transferId;
    if (shipment.status !== "DRAFT") {
      throw new SimulatorError(`${shipment.name} is ${shipment.status}: Shopify can't cancel a shipment once it is in transit. Receive it as rejected (POST …/receive {"reject": true}) instead.`, 409);
    }
  }
  const transfer = transferId === null ? undefined : data.inventoryTransfers.get(transferId);
  if (!transfer) throw new SimulatorError(`Unknown inventory transfer ${String(transferId)}`, 404);
  for (const shipment of shipmentsOf(data, transfer)) {
    if (shipment.status !== "DRAFT") throw new SimulatorError(`${transfer.name} has a shipment ${shipment.status} (${shipment.name}); Shopify can't cancel it.`, 409);
  }
  for (const shipment of shipmentsOf(data, transfer)) unwrap(deleteShipment(store, data, shipment.id));
  const cancelled = unwrap(cancelTransfer(store, data, transfer.id));
  return { transferId: toGid("InventoryTransfer", cancelled.id), status: cancelled.status };
}

// --- the commands as the HTTP server calls them: shop domain, variant GIDs or numeric ids, ISO dates ---------------

/** "2026-12-01" (noon UTC, so the day is the same in every shop time zone) or a full ISO date-time. */
export function parseArrival(value: unknown, field = "arrivesAt"): number | null {
  if (value === null) return null;
  if (typeof value !== "string") throw new SimulatorError(`${field} must be a date (YYYY-MM-DD) or an ISO date-time`, 422);
  const text = /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T12:00:00Z` : value;
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) throw new SimulatorError(`${field} must be a date (YYYY-MM-DD) or an ISO date-time; got ${JSON.stringify(value)}`, 422);
  return ms;
}

const DAY_MS = 86_400_000;

export type InboundCommandLine = { variantId: string; quantity: number };

function itemIdOfVariant(data: ShopData, variantId: string): number {
  const variant = requireVariant(data, variantId);
  return data.itemOf(variant).id;
}

export function createInboundCommand(
  store: StoreCore,
  shop: string,
  args: { lines: InboundCommandLine[]; locationId?: string; arrivesAt?: unknown; inTransit?: boolean; trackingNumber?: string | null; company?: string | null; referenceName?: string | null },
): InboundSummary {
  const data = store.getShopData(shop);
  if (!args.lines.length) throw new SimulatorError("Name at least one variant and quantity", 422);
  const lines = args.lines.map((line, index) => {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0) throw new SimulatorError(`lines[${index}].quantity must be a positive integer`, 422);
    return { inventoryItemId: itemIdOfVariant(data, line.variantId), quantity: line.quantity };
  });
  const destination = args.locationId ? resolveLocation(data, args.locationId) : data.primaryLocation();
  return createInbound(store, data, {
    lines,
    destinationLocationId: destination.id,
    arrivesAt: args.arrivesAt === undefined ? undefined : parseArrival(args.arrivesAt),
    inTransit: args.inTransit,
    trackingNumber: args.trackingNumber ?? null,
    company: args.company ?? null,
    referenceName: args.referenceName ?? null,
  });
}

/** Moves the arrival `days` later (or earlier when negative): "mark late" in the demo. */
export function delayInbound(store: StoreCore, shop: string, shipmentId: number | null, days: number): InboundSummary {
  const data = store.getShopData(shop);
  if (!Number.isInteger(days) || days === 0) throw new SimulatorError("days must be a non-zero integer", 422);
  const shipment = requireShipment(data, shipmentId);
  const current = shipment.tracking?.arrivesAt;
  if (current === null || current === undefined) throw new SimulatorError(`${shipment.name} has no arrival date to move; set one with POST …/tracking {"arrivesAt": "YYYY-MM-DD"}`, 409);
  return setInboundTracking(store, data, shipment.id, { arrivesAt: current + days * DAY_MS });
}
