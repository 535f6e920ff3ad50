import { buildFulfillmentPayload, buildOrderPayload, buildRefundPayload } from "./payloads";
import {
  idOf,
  SimulatorError,
  type FulfillmentOrderLineItemRecord,
  type FulfillmentOrderRecord,
  type InventoryItemRecord,
  type LineItemRecord,
  type LocationRecord,
  type OrderFulfillmentRecord,
  type OrderRecord,
  type OrderRefundRecord,
  type QuantityName,
  type ShopData,
} from "./records";
import { applyInventoryChanges } from "./inventory";
import type { StoreCore } from "./store-core";

// The order lifecycle: what a merchant does to an order in Shopify's admin. Each command changes the order, its
// fulfillment orders and inventory the way Shopify does and emits the topic webhooks followed by orders/updated
// (Shopify sends both).

export function emitOrderUpdated(store: StoreCore, data: ShopData, order: OrderRecord): void {
  store.emit(data.domain, "orders/updated", buildOrderPayload(data, order));
}

export function requireOrder(data: ShopData, orderId: string | number): OrderRecord {
  const id = typeof orderId === "number" ? orderId : idOf(String(orderId), "Order");
  const order = id === null ? undefined : data.orders.get(id);
  if (!order) throw new SimulatorError(`Unknown order ${orderId}`);
  return order;
}

function requireOrderLine(data: ShopData, order: OrderRecord, lineItemId: string | number): LineItemRecord {
  const id = typeof lineItemId === "number" ? lineItemId : idOf(String(lineItemId), "LineItem");
  const lineItem = id === null ? undefined : data.lineItems.get(id);
  if (!lineItem || lineItem.orderId !== order.id) throw new SimulatorError(`Order ${order.name} has no line item ${lineItemId}`);
  return lineItem;
}

/** Fulfillment order lines still holding units of `lineItem` (open, held or in progress). */
function pendingFulfillmentLines(data: ShopData, order: OrderRecord, lineItem: LineItemRecord, opts: { includeHeld: boolean }) {
  const result: Array<{ fulfillmentOrder: FulfillmentOrderRecord; line: FulfillmentOrderLineItemRecord }> = [];
  for (const foId of order.fulfillmentOrderIds) {
    const fulfillmentOrder = data.fulfillmentOrders.get(foId);
    if (!fulfillmentOrder || fulfillmentOrder.status === "CLOSED" || fulfillmentOrder.status === "CANCELLED") continue;
    if (!opts.includeHeld && fulfillmentOrder.status === "ON_HOLD") continue;
    for (const line of data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) {
      if (line.lineItemId === lineItem.id && line.remainingQuantity > 0) result.push({ fulfillmentOrder, line });
    }
  }
  return result;
}

function closeIfDone(fulfillmentOrder: FulfillmentOrderRecord, data: ShopData, now: number): void {
  if (data.fulfillmentOrderLineItemsOf(fulfillmentOrder).every((line) => line.remainingQuantity === 0)) {
    fulfillmentOrder.status = "CLOSED";
    fulfillmentOrder.holds = [];
  }
  fulfillmentOrder.updatedAt = now;
}

/** Takes `quantity` unfulfilled units off a line (edit or refund); held units go first. Returns units per location. */
function removeUnfulfilledUnits(data: ShopData, order: OrderRecord, lineItem: LineItemRecord, quantity: number, now: number): Map<number, number> {
  const removed = new Map<number, number>();
  let left = quantity;
  const pending = pendingFulfillmentLines(data, order, lineItem, { includeHeld: true })
    .sort((a, b) => Number(b.fulfillmentOrder.status === "ON_HOLD") - Number(a.fulfillmentOrder.status === "ON_HOLD"));
  for (const { fulfillmentOrder, line } of pending) {
    if (left === 0) break;
    const take = Math.min(left, line.remainingQuantity);
    line.remainingQuantity -= take;
    line.totalQuantity -= take;
    left -= take;
    removed.set(fulfillmentOrder.locationId, (removed.get(fulfillmentOrder.locationId) ?? 0) + take);
    closeIfDone(fulfillmentOrder, data, now);
  }
  return removed;
}

function unfulfilledUnits(data: ShopData, order: OrderRecord, lineItem: LineItemRecord): number {
  return pendingFulfillmentLines(data, order, lineItem, { includeHeld: true }).reduce((sum, p) => sum + p.line.remainingQuantity, 0);
}

/** Committed units leave; restocked units become available again. */
function releaseCommitted(store: StoreCore, data: ShopData, lineItem: LineItemRecord, byLocation: Map<number, number>, restock: boolean): void {
  const variant = lineItem.variantId === null ? undefined : data.variants.get(lineItem.variantId);
  if (!variant) return;
  const item = data.itemOf(variant);
  if (!item.tracked) return;
  const changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }> = [];
  for (const [locationId, units] of byLocation) {
    const location = data.locations.get(locationId);
    if (!location || units === 0) continue;
    changes.push({ item, location, name: "committed", delta: -units });
    if (restock) changes.push({ item, location, name: "available", delta: units });
  }
  if (changes.length) applyInventoryChanges(store, data, changes);
}

function assertNotCancelled(order: OrderRecord): void {
  if (order.cancelledAt !== null) throw new SimulatorError(`Order ${order.name} is cancelled`, 422);
}

/** Cancels the order: open fulfillment orders are cancelled, unfulfilled units restocked (unless restock false). */
export function cancelOrder(store: StoreCore, shop: string, orderId: string | number, opts: { reason?: string; restock?: boolean } = {}): unknown {
  const data = store.getShopData(shop);
  const order = requireOrder(data, orderId);
  assertNotCancelled(order);
  if ((order.fulfillmentLog ?? []).length) throw new SimulatorError(`Order ${order.name} has fulfillments and can't be cancelled; refund it instead`, 422);
  const now = store.nowMs();
  const committed = new Map<number, Map<number, number>>(); // line item → location → units
  for (const foId of order.fulfillmentOrderIds) {
    const fulfillmentOrder = data.fulfillmentOrders.get(foId);
    if (!fulfillmentOrder || fulfillmentOrder.status === "CLOSED" || fulfillmentOrder.status === "CANCELLED") continue;
    for (const line of data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) {
      const perLocation = committed.get(line.lineItemId) ?? new Map<number, number>();
      perLocation.set(fulfillmentOrder.locationId, (perLocation.get(fulfillmentOrder.locationId) ?? 0) + line.remainingQuantity);
      committed.set(line.lineItemId, perLocation);
    }
    fulfillmentOrder.status = "CANCELLED";
    fulfillmentOrder.holds = [];
    fulfillmentOrder.updatedAt = now;
  }
  for (const id of order.lineItemIds) {
    const lineItem = data.lineItems.get(id)!;
    releaseCommitted(store, data, lineItem, committed.get(id) ?? new Map(), opts.restock ?? true);
    lineItem.originalQuantity ??= lineItem.quantity;
    lineItem.quantity = 0;
  }
  order.cancelledAt = now;
  order.closedAt = now;
  order.cancelReason = opts.reason ?? "customer";
  order.updatedAt = now;
  const payload = buildOrderPayload(data, order);
  store.emit(shop, "orders/cancelled", payload);
  emitOrderUpdated(store, data, order);
  return payload;
}

/**
 * Fulfils units that are not on hold: one line (`quantity` defaults to all its fulfillable units) or everything
 * fulfillable. Held fulfillment orders are refused like Shopify does.
 */
export function fulfillOrder(store: StoreCore, shop: string, orderId: string | number, opts: { lineItemId?: string | number; quantity?: number } = {}): unknown {
  const data = store.getShopData(shop);
  const order = requireOrder(data, orderId);
  assertNotCancelled(order);
  const lineItems = opts.lineItemId === undefined ? order.lineItemIds.map((id) => data.lineItems.get(id)!) : [requireOrderLine(data, order, opts.lineItemId)];
  if (opts.quantity !== undefined && (!Number.isInteger(opts.quantity) || opts.quantity < 1)) throw new SimulatorError("quantity must be a positive integer", 422);
  const now = store.nowMs();
  const plan: Array<{ lineItem: LineItemRecord; fulfillmentOrder: FulfillmentOrderRecord; line: FulfillmentOrderLineItemRecord; units: number }> = [];
  for (const lineItem of lineItems) {
    const pending = pendingFulfillmentLines(data, order, lineItem, { includeHeld: false });
    const fulfillable = pending.reduce((sum, p) => sum + p.line.remainingQuantity, 0);
    let wanted = opts.quantity ?? fulfillable;
    if (wanted > fulfillable) {
      const held = unfulfilledUnits(data, order, lineItem) - fulfillable;
      throw new SimulatorError(`Only ${fulfillable} unit(s) of ${lineItem.title} can be fulfilled${held > 0 ? ` (${held} on hold)` : ""}`, 422);
    }
    for (const { fulfillmentOrder, line } of pending) {
      if (wanted === 0) break;
      const units = Math.min(wanted, line.remainingQuantity);
      plan.push({ lineItem, fulfillmentOrder, line, units });
      wanted -= units;
    }
  }
  if (!plan.length) throw new SimulatorError(`Order ${order.name} has nothing to fulfil (fulfilled or on hold)`, 422);
  // One fulfillment per location, like Shopify (a fulfillment ships from one place).
  const byLocation = new Map<number, typeof plan>();
  for (const step of plan) byLocation.set(step.fulfillmentOrder.locationId, [...(byLocation.get(step.fulfillmentOrder.locationId) ?? []), step]);
  const fulfillments: OrderFulfillmentRecord[] = [];
  for (const [locationId, steps] of byLocation) {
    for (const step of steps) {
      step.line.remainingQuantity -= step.units;
      closeIfDone(step.fulfillmentOrder, data, now);
      releaseCommitted(store, data, step.lineItem, new Map([[locationId, step.units]]), false);
    }
    const units = new Map<number, number>();
    for (const step of steps) units.set(step.lineItem.id, (units.get(step.lineItem.id) ?? 0) + step.units);
    const fulfillment: OrderFulfillmentRecord = { id: store.nextId(), createdAt: now, locationId, lineItems: [...units].map(([lineItemId, quantity]) => ({ lineItemId, quantity })) };
    (order.fulfillmentLog ??= []).push(fulfillment);
    fulfillments.push(fulfillment);
  }
  order.updatedAt = now;
  const payloads = fulfillments.map((fulfillment) => buildFulfillmentPayload(data, order, fulfillment));
  for (const payload of payloads) store.emit(shop, "fulfillments/create", payload);
  emitOrderUpdated(store, data, order);
  return { fulfillments: payloads, order: buildOrderPayload(data, order) };
}

/** Refunds units of a line: unfulfilled units are removed (restocked when `restock`), the rest count as returns. */
export function refundOrder(store: StoreCore, shop: string, orderId: string | number, opts: { lineItemId: string | number; quantity: number; restock?: boolean; note?: string }): unknown {
  const data = store.getShopData(shop);
  const order = requireOrder(data, orderId);
  const lineItem = requireOrderLine(data, order, opts.lineItemId);
  if (!Number.isInteger(opts.quantity) || opts.quantity < 1) throw new SimulatorError("quantity must be a positive integer", 422);
  if (opts.quantity > lineItem.quantity) throw new SimulatorError(`Only ${lineItem.quantity} unit(s) of ${lineItem.title} can be refunded`, 422);
  const now = store.nowMs();
  const restock = opts.restock ?? false;
  const unfulfilled = Math.min(opts.quantity, unfulfilledUnits(data, order, lineItem));
  const removed = removeUnfulfilledUnits(data, order, lineItem, unfulfilled, now);
  releaseCommitted(store, data, lineItem, removed, restock);
  lineItem.originalQuantity ??= lineItem.quantity;
  lineItem.quantity -= opts.quantity;
  const refundLines: OrderRefundRecord["lineItems"] = [];
  for (const [locationId, quantity] of removed) refundLines.push({ id: store.nextId(), lineItemId: lineItem.id, quantity, restockType: restock ? "cancel" : "no_restock", locationId });
  if (opts.quantity > unfulfilled) refundLines.push({ id: store.nextId(), lineItemId: lineItem.id, quantity: opts.quantity - unfulfilled, restockType: restock ? "return" : "no_restock", locationId: null });
  const refund: OrderRefundRecord = { id: store.nextId(), createdAt: now, note: opts.note ?? null, lineItems: refundLines };
  (order.refundLog ??= []).push(refund);
  order.updatedAt = now;
  const payload = buildRefundPayload(data, order, refund);
  store.emit(shop, "refunds/create", payload);
  emitOrderUpdated(store, data, order);
  return payload;
}

/** An order edit lowering a line's quantity (removed units are restocked, as orderEditSetQuantity does by default). */
export function editOrderLine(store: StoreCore, shop: string, orderId: string | number, opts: { lineItemId: string | number; quantity: number; restock?: boolean }): unknown {
  const data = store.getShopData(shop);
  const order = requireOrder(data, orderId);
  assertNotCancelled(order);
  const lineItem = requireOrderLine(data, order, opts.lineItemId);
  if (!Number.isInteger(opts.quantity) || opts.quantity < 0) throw new SimulatorError("quantity must be a whole number ≥ 0", 422);
  if (opts.quantity > lineItem.quantity) throw new SimulatorError(`The simulator only edits quantities down (line has ${lineItem.quantity})`, 422);
  const unfulfilled = unfulfilledUnits(data, order, lineItem);
  const fulfilled = lineItem.quantity - unfulfilled;
  if (opts.quantity < fulfilled) throw new SimulatorError(`${fulfilled} unit(s) of ${lineItem.title} are fulfilled; the quantity can't go below that`, 422);
  const now = store.nowMs();
  const removed = removeUnfulfilledUnits(data, order, lineItem, lineItem.quantity - opts.quantity, now);
  releaseCommitted(store, data, lineItem, removed, opts.restock ?? true);
  lineItem.originalQuantity ??= lineItem.quantity;
  lineItem.quantity = opts.quantity;
  order.updatedAt = now;
  const payload = buildOrderPayload(data, order);
  emitOrderUpdated(store, data, order);
  return payload;
}
