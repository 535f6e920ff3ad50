import { buildOrderPayload } from "./payloads";
import {
  CheckoutError,
  idOf,
  type FulfillmentOrderLineItemRecord,
  type FulfillmentOrderRecord,
  type InventoryItemRecord,
  type LineItemRecord,
  type LocationRecord,
  type OrderRecord,
  type QuantityName,
  type ShopData,
  type VariantRecord,
} from "./records";
import { runCheckoutValidations } from "./functions/validation-runner";
import { applyInventoryChanges } from "./inventory";
import type { StoreCore } from "./store-core";

// The storefront checkout: the app's validation functions, stock checks, the order with its line items and
// fulfillment orders, committed stock.

/**
 * A storefront checkout: runs the shop's enabled cart and checkout validations (their errors refuse it before
 * anything changes), refuses tracked DENY variants without enough stock, lets CONTINUE variants go negative, commits
 * stock, creates the order with its fulfillment orders and emits the webhooks.
 */
export function checkout(store: StoreCore, shop: string, input: { lines: Array<{ variantId: string; quantity: number; properties?: Record<string, string> }>; email?: string; customerLocale?: string }): unknown {
  const data = store.getShopData(shop);
  if (!input.lines?.length) throw new CheckoutError("INVALID_QUANTITY", "A checkout needs at least one line");
  const resolved = input.lines.map((line) => {
    if (!Number.isInteger(line.quantity) || line.quantity < 1) {
      throw new CheckoutError("INVALID_QUANTITY", `Quantity must be a positive integer (got ${line.quantity})`);
    }
    const id = idOf(line.variantId, "ProductVariant");
    const variant = id === null ? undefined : data.variants.get(id);
    if (!variant) throw new CheckoutError("UNKNOWN_VARIANT", `Unknown variant ${line.variantId}`);
    const product = data.productOf(variant);
    if (product.status !== "ACTIVE") throw new CheckoutError("UNKNOWN_VARIANT", `Variant ${line.variantId} belongs to a ${product.status.toLowerCase()} product`);
    return { line, variant, item: data.itemOf(variant), product };
  });
  const refusal = runCheckoutValidations(store, data, {
    lines: resolved.map(({ line, variant, product }) => ({ variant, product, quantity: line.quantity, properties: line.properties ?? {} })),
    email: input.email ?? null,
    customerLocale: input.customerLocale ?? null,
  });
  if (refusal) throw refusal;
  // Several lines may buy the same variant: the stock check is on the total.
  const wanted = new Map<number, number>();
  for (const { variant, line } of resolved) wanted.set(variant.id, (wanted.get(variant.id) ?? 0) + line.quantity);
  for (const { variant, item } of resolved) {
    if (!item.tracked || variant.inventoryPolicy === "CONTINUE") continue;
    const available = data.availableTotal(item);
    const quantity = wanted.get(variant.id)!;
    if (available < quantity) {
      throw new CheckoutError("DENY_OUT_OF_STOCK", `Only ${Math.max(available, 0)} of ${data.productOf(variant).title} - ${variant.title} available (wanted ${quantity})`);
    }
  }

  const now = store.nowMs();
  const order: OrderRecord = {
    __typename: "Order",
    id: store.nextId(),
    number: data.nextOrderNumber,
    name: `#${data.nextOrderNumber}`,
    email: input.email ?? null,
    note: null,
    tags: [],
    customAttributes: [],
    currencyCode: data.shop.currencyCode,
    financialStatus: "PAID",
    lineItemIds: [],
    fulfillmentOrderIds: [],
    createdAt: now,
    updatedAt: now,
    processedAt: now,
    cancelledAt: null,
    closedAt: null,
    customerLocale: input.customerLocale ?? null,
    cancelReason: null,
    fulfillmentLog: [],
    refundLog: [],
  };
  data.nextOrderNumber += 1;

  const allocations = new Map<number, Array<{ lineItem: LineItemRecord; quantity: number }>>();
  const stockChanges: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }> = [];
  for (const { line, variant, item, product } of resolved) {
    const lineItem: LineItemRecord = {
      __typename: "LineItem",
      id: store.nextId(),
      orderId: order.id,
      variantId: variant.id,
      productId: product.id,
      title: product.title,
      variantTitle: variant.title === "Default Title" ? null : variant.title,
      sku: variant.sku,
      vendor: product.vendor,
      quantity: line.quantity,
      price: variant.price,
      customAttributes: Object.entries(line.properties ?? {}).map(([key, value]) => ({ key, value })),
      requiresShipping: item.requiresShipping,
      taxable: variant.taxable,
    };
    data.lineItems.set(lineItem.id, lineItem);
    order.lineItemIds.push(lineItem.id);
    for (const { location, quantity } of allocateLine(data, variant, item, line.quantity)) {
      const list = allocations.get(location.id) ?? [];
      list.push({ lineItem, quantity });
      allocations.set(location.id, list);
      if (item.tracked) {
        stockChanges.push({ item, location, name: "available", delta: -quantity });
        stockChanges.push({ item, location, name: "committed", delta: quantity });
      }
    }
  }
  for (const [locationId, lines] of allocations) {
    const fulfillmentOrder: FulfillmentOrderRecord = {
      __typename: "FulfillmentOrder",
      id: store.nextId(),
      orderId: order.id,
      locationId,
      status: "OPEN",
      requestStatus: "UNSUBMITTED",
      holds: [],
      lineItemIds: [],
      createdAt: now,
      updatedAt: now,
    };
    for (const { lineItem, quantity } of lines) {
      const foLine: FulfillmentOrderLineItemRecord = {
        __typename: "FulfillmentOrderLineItem",
        id: store.nextId(),
        fulfillmentOrderId: fulfillmentOrder.id,
        lineItemId: lineItem.id,
        totalQuantity: quantity,
        remainingQuantity: quantity,
      };
      data.fulfillmentOrderLineItems.set(foLine.id, foLine);
      fulfillmentOrder.lineItemIds.push(foLine.id);
    }
    data.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
    order.fulfillmentOrderIds.push(fulfillmentOrder.id);
  }
  data.orders.set(order.id, order);
  const payload = buildOrderPayload(data, order);
  store.emit(shop, "orders/create", payload);
  applyInventoryChanges(store, data, stockChanges);
  return payload;
}

/**
 * Where a line's units are committed: the first location that can cover it all; a DENY variant whose stock
 * is spread out is split across locations; otherwise the first location with any stock, else the primary.
 */
function allocateLine(data: ShopData, variant: VariantRecord, item: InventoryItemRecord, quantity: number): Array<{ location: LocationRecord; quantity: number }> {
  const stocked = [...data.locations.values()].filter((location) => location.isActive);
  const levelAt = (location: LocationRecord) => data.findLevel(item, location.id)?.available ?? 0;
  if (!item.tracked) return [{ location: data.primaryLocation(), quantity }];
  const whole = stocked.find((location) => levelAt(location) >= quantity);
  if (whole) return [{ location: whole, quantity }];
  if (variant.inventoryPolicy === "DENY") {
    const parts: Array<{ location: LocationRecord; quantity: number }> = [];
    let remaining = quantity;
    for (const location of stocked) {
      const take = Math.min(Math.max(levelAt(location), 0), remaining);
      if (take > 0) {
        parts.push({ location, quantity: take });
        remaining -= take;
      }
      if (remaining === 0) break;
    }
    return parts;
  }
  const withStock = stocked.find((location) => levelAt(location) > 0);
  return [{ location: withStock ?? data.primaryLocation(), quantity }];
}
