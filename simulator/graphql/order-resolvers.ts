import { fulfillableQuantity, orderSubtotal } from "../payloads";
import {
  toGid,
  type FulfillmentHoldRecord,
  type FulfillmentOrderLineItemRecord,
  type FulfillmentOrderRecord,
  type LineItemRecord,
  type OrderRecord,
  type ShopData,
} from "../records";
import { byId, count, moneyBag, normalizeIdQuery, pathOf, search, sortRecords } from "./resolver-helpers";
import { connectionsOf, fieldsOf, type ConnectionArgs, type Ctx } from "./resolver-types";
import { formatDateTime } from "./schema";
import type { SearchFieldReader } from "./search-query";
import { appObject } from "./shop-resolvers";

// Orders, their line items, fulfillment orders and holds.

const holdDisplayReason: Record<string, string> = {
  AWAITING_PAYMENT: "Awaiting payment",
  AWAITING_RETURN_ITEMS: "Awaiting return items",
  HIGH_RISK_OF_FRAUD: "High risk of fraud",
  INCORRECT_ADDRESS: "Incorrect address",
  INVENTORY_OUT_OF_STOCK: "Inventory out of stock",
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: "Online store post purchase cross sell",
  OTHER: "Other",
  UNKNOWN_DELIVERY_DATE: "Unknown delivery date",
};

const orderCurrency = (ctx: Ctx, lineItem: LineItemRecord) => ctx.data.orders.get(lineItem.orderId)?.currencyCode ?? ctx.data.shop.currencyCode;

const lineTotal = (lineItem: LineItemRecord) => ((Math.round(Number(lineItem.price) * 100) * lineItem.quantity) / 100).toFixed(2);

export function orderFulfillmentStatus(data: ShopData, order: OrderRecord): string {
  const fulfillmentOrders = order.fulfillmentOrderIds.map((id) => data.fulfillmentOrders.get(id)!).filter(Boolean);
  if (!fulfillmentOrders.length) return "FULFILLED";
  if (fulfillmentOrders.every((fo) => fo.status === "CLOSED")) return "FULFILLED";
  if (fulfillmentOrders.some((fo) => fo.status === "ON_HOLD")) return "ON_HOLD";
  if (fulfillmentOrders.some((fo) => fo.status === "IN_PROGRESS")) return "IN_PROGRESS";
  return "UNFULFILLED";
}

function supportedActions(fulfillmentOrder: FulfillmentOrderRecord): string[] {
  switch (fulfillmentOrder.status) {
    case "OPEN":
      return ["CREATE_FULFILLMENT", "REQUEST_FULFILLMENT", "HOLD", "MOVE", "SPLIT", "MERGE"];
    case "ON_HOLD":
      return ["RELEASE_HOLD", "HOLD", "MOVE"];
    case "SCHEDULED":
      return ["MARK_AS_OPEN"];
    default:
      return [];
  }
}

const ORDER_FIELDS = ["default", "id", "name", "email", "tag", "tag_not", "status", "financial_status", "fulfillment_status", "created_at", "updated_at", "processed_at", "sku"] as const;

const orderReader =
  (ctx: Ctx): SearchFieldReader<OrderRecord> =>
  (order, field) => {
    switch (field) {
      case "default":
        return [order.name, order.name.replace(/^#/, ""), order.email ?? ""];
      case "id":
        return order.id;
      case "name":
        return [order.name, order.name.replace(/^#/, "")];
      case "email":
        return order.email;
      case "tag":
        return order.tags;
      case "tag_not":
        return undefined;
      case "status":
        return order.cancelledAt !== null ? "cancelled" : order.closedAt !== null ? "closed" : "open";
      case "financial_status":
        return order.financialStatus.toLowerCase();
      case "fulfillment_status": {
        const status = orderFulfillmentStatus(ctx.data, order);
        return status === "FULFILLED" ? ["shipped", "fulfilled"] : status === "ON_HOLD" ? ["on_hold", "unshipped", "unfulfilled"] : ["unshipped", "unfulfilled"];
      }
      case "created_at":
        return formatDateTime(order.createdAt);
      case "updated_at":
        return formatDateTime(order.updatedAt);
      case "processed_at":
        return formatDateTime(order.processedAt);
      case "sku":
        return order.lineItemIds.map((id) => ctx.data.lineItems.get(id)!.sku);
      default:
        return undefined;
    }
  };

export function orderSearch(ctx: Ctx, query: string | null | undefined, path: Array<string | number> = []): OrderRecord[] {
  let list = search(ctx, ctx.data.orders.values(), normalizeIdQuery(query), orderReader(ctx), ORDER_FIELDS, path);
  const tagNot = /(?:^|\s)tag_not:(["']?)([^"'\s]+)\1/.exec(query ?? "");
  if (tagNot) list = list.filter((order) => !order.tags.some((tag) => tag.toLowerCase() === tagNot[2].toLowerCase()));
  return list;
}

export const ORDER_QUERY_FIELDS = fieldsOf<unknown>({
  order: (_s, args: { id: string }, ctx) => byId(ctx.data.orders, args.id, "Order"),
  fulfillmentOrder: (_s, args: { id: string }, ctx) => byId(ctx.data.fulfillmentOrders, args.id, "FulfillmentOrder"),
  ordersCount: (_s, args: { query?: string | null; limit?: number | null }, ctx) => count(orderSearch(ctx, args.query).length, args.limit),
});

export const ORDER_QUERY_CONNECTIONS = connectionsOf<unknown>({
  orders: (_s, args: ConnectionArgs, ctx, info) => {
    const list = orderSearch(ctx, args.query, pathOf(info));
    const key: ((o: OrderRecord) => string | number | null) | null =
      args.sortKey === "ID" ? null : args.sortKey === "UPDATED_AT" ? (o) => o.updatedAt : args.sortKey === "ORDER_NUMBER" ? (o) => o.number : args.sortKey === "CREATED_AT" ? (o) => o.createdAt : (o) => o.processedAt;
    return sortRecords(list, key, args.reverse);
  },
  fulfillmentOrders: (_s, args: ConnectionArgs & { includeClosed?: boolean | null }, ctx, info) => {
    const all = [...ctx.data.fulfillmentOrders.values()].filter((fo) => args.includeClosed || (fo.status !== "CLOSED" && fo.status !== "CANCELLED"));
    const list = search(
      ctx,
      all,
      normalizeIdQuery(args.query),
      (fo, field) => (field === "id" ? fo.id : field === "status" ? fo.status.toLowerCase() : field === "assigned_location_id" ? fo.locationId : field === "updated_at" ? formatDateTime(fo.updatedAt) : undefined),
      ["id", "status", "assigned_location_id", "updated_at"],
      pathOf(info),
    );
    return sortRecords(list, args.sortKey === "UPDATED_AT" ? (fo) => fo.updatedAt : null, args.reverse);
  },
});

export const ORDER_TYPE_RESOLVERS = {
  Order: fieldsOf<OrderRecord>({
    displayFinancialStatus: (order: OrderRecord) => order.financialStatus,
    displayFulfillmentStatus: (order: OrderRecord, _a, ctx) => orderFulfillmentStatus(ctx.data, order),
    closed: (order: OrderRecord) => order.closedAt !== null,
    confirmed: () => true,
    test: () => false,
    fullyPaid: (order: OrderRecord) => order.financialStatus === "PAID",
    unpaid: (order: OrderRecord) => order.financialStatus !== "PAID",
    edited: () => false,
    fulfillable: (order: OrderRecord, _a, ctx) => order.lineItemIds.some((id) => fulfillableQuantity(ctx.data, ctx.data.lineItems.get(id)!) > 0),
    presentmentCurrencyCode: (order: OrderRecord) => order.currencyCode,
    sourceName: () => "web",
    cancelReason: () => null,
    customer: () => null,
    shippingAddress: () => null,
    billingAddress: () => null,
    displayAddress: () => null,
    phone: () => null,
    poNumber: () => null,
    subtotalLineItemsQuantity: (order: OrderRecord, _a, ctx) => order.lineItemIds.reduce((sum, id) => sum + ctx.data.lineItems.get(id)!.quantity, 0),
    totalPriceSet: (order: OrderRecord, _a, ctx) => moneyBag(orderSubtotal(ctx.data, order), order.currencyCode),
    currentTotalPriceSet: (order: OrderRecord, _a, ctx) => moneyBag(orderSubtotal(ctx.data, order), order.currencyCode),
    subtotalPriceSet: (order: OrderRecord, _a, ctx) => moneyBag(orderSubtotal(ctx.data, order), order.currencyCode),
    currentSubtotalPriceSet: (order: OrderRecord, _a, ctx) => moneyBag(orderSubtotal(ctx.data, order), order.currencyCode),
    totalTaxSet: (order: OrderRecord) => moneyBag("0.00", order.currencyCode),
    totalDiscountsSet: (order: OrderRecord) => moneyBag("0.00", order.currencyCode),
    totalShippingPriceSet: (order: OrderRecord) => moneyBag("0.00", order.currencyCode),
  }),

  LineItem: fieldsOf<LineItemRecord>({
    name: (lineItem: LineItemRecord) => (lineItem.variantTitle ? `${lineItem.title} - ${lineItem.variantTitle}` : lineItem.title),
    variant: (lineItem: LineItemRecord, _a, ctx) => (lineItem.variantId === null ? null : (ctx.data.variants.get(lineItem.variantId) ?? null)),
    product: (lineItem: LineItemRecord, _a, ctx) => (lineItem.productId === null ? null : (ctx.data.products.get(lineItem.productId) ?? null)),
    currentQuantity: (lineItem: LineItemRecord) => lineItem.quantity,
    unfulfilledQuantity: (lineItem: LineItemRecord, _a, ctx) => fulfillableQuantity(ctx.data, lineItem),
    fulfillableQuantity: (lineItem: LineItemRecord, _a, ctx) => fulfillableQuantity(ctx.data, lineItem),
    nonFulfillableQuantity: () => 0,
    refundableQuantity: (lineItem: LineItemRecord) => lineItem.quantity,
    originalUnitPriceSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineItem.price, orderCurrency(ctx, lineItem)),
    discountedUnitPriceSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineItem.price, orderCurrency(ctx, lineItem)),
    discountedUnitPriceAfterAllDiscountsSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineItem.price, orderCurrency(ctx, lineItem)),
    originalTotalSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineTotal(lineItem), orderCurrency(ctx, lineItem)),
    discountedTotalSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineTotal(lineItem), orderCurrency(ctx, lineItem)),
    totalDiscountSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag("0.00", orderCurrency(ctx, lineItem)),
    originalUnitPrice: (lineItem: LineItemRecord) => lineItem.price,
    discountedUnitPrice: (lineItem: LineItemRecord) => lineItem.price,
    isGiftCard: () => false,
    merchantEditable: () => true,
    restockable: () => true,
    image: () => null,
    taxLines: () => [],
    discountAllocations: () => [],
    duties: () => [],
    sellingPlan: () => null,
    lineItemGroup: () => null,
    contract: () => null,
    staffMember: () => null,
  }),

  FulfillmentOrder: fieldsOf<FulfillmentOrderRecord>({
    orderId: (fulfillmentOrder: FulfillmentOrderRecord) => toGid("Order", fulfillmentOrder.orderId),
    order: (fulfillmentOrder: FulfillmentOrderRecord, _a, ctx) => ctx.data.orders.get(fulfillmentOrder.orderId),
    orderName: (fulfillmentOrder: FulfillmentOrderRecord, _a, ctx) => ctx.data.orders.get(fulfillmentOrder.orderId)?.name,
    orderProcessedAt: (fulfillmentOrder: FulfillmentOrderRecord, _a, ctx) => ctx.data.orders.get(fulfillmentOrder.orderId)?.processedAt,
    assignedLocation: (fulfillmentOrder: FulfillmentOrderRecord, _a, ctx) => {
      const location = ctx.data.locations.get(fulfillmentOrder.locationId)!;
      return {
        __typename: "FulfillmentOrderAssignedLocation",
        name: location.name,
        address1: location.address.address1,
        address2: null,
        city: location.address.city,
        province: location.address.province,
        zip: location.address.zip,
        countryCode: location.address.countryCode,
        phone: location.address.phone,
        location,
      };
    },
    fulfillmentHolds: (fulfillmentOrder: FulfillmentOrderRecord) => fulfillmentOrder.holds,
    supportedActions: (fulfillmentOrder: FulfillmentOrderRecord) => supportedActions(fulfillmentOrder).map((action) => ({ __typename: "FulfillmentOrderSupportedAction", action, externalUrl: null })),
    fulfillAt: () => null,
    fulfillBy: () => null,
    destination: () => null,
    deliveryMethod: () => null,
    channelId: () => null,
    internationalDuties: () => null,
  }),

  FulfillmentOrderLineItem: fieldsOf<FulfillmentOrderLineItemRecord>({
    lineItem: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId),
    sku: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.sku ?? null,
    productTitle: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.title,
    variantTitle: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.variantTitle ?? null,
    vendor: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.vendor ?? null,
    requiresShipping: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.requiresShipping ?? true,
    variant: (line: FulfillmentOrderLineItemRecord, _a, ctx) => {
      const variantId = ctx.data.lineItems.get(line.lineItemId)?.variantId;
      return variantId ? (ctx.data.variants.get(variantId) ?? null) : null;
    },
    inventoryItemId: (line: FulfillmentOrderLineItemRecord, _a, ctx) => {
      const variantId = ctx.data.lineItems.get(line.lineItemId)?.variantId;
      const variant = variantId ? ctx.data.variants.get(variantId) : undefined;
      return variant ? toGid("InventoryItem", variant.inventoryItemId) : null;
    },
    originalUnitPriceSet: (line: FulfillmentOrderLineItemRecord, _a, ctx) => {
      const lineItem = ctx.data.lineItems.get(line.lineItemId)!;
      return moneyBag(lineItem.price, orderCurrency(ctx, lineItem));
    },
    image: () => null,
    warnings: () => [],
    weight: () => null,
    financialSummaries: () => [],
    shippingLine: () => null,
  }),

  FulfillmentHold: fieldsOf<FulfillmentHoldRecord>({
    displayReason: (hold: FulfillmentHoldRecord) => holdDisplayReason[hold.reason] ?? hold.reason,
    heldByApp: (_hold: FulfillmentHoldRecord, _a, ctx) => appObject(ctx),
  }),
};

export const ORDER_CONNECTION_SOURCES = {
  Order: connectionsOf<OrderRecord>({
    lineItems: (order: OrderRecord, args: ConnectionArgs, ctx) => sortRecords(order.lineItemIds.map((id) => ctx.data.lineItems.get(id)!), null, args.reverse),
    fulfillmentOrders: (order: OrderRecord, args: ConnectionArgs & { displayable?: boolean | null }, ctx) => {
      const all = order.fulfillmentOrderIds.map((id) => ctx.data.fulfillmentOrders.get(id)!).filter((fo) => !args.displayable || (fo.status !== "CLOSED" && fo.status !== "CANCELLED"));
      const list = search(ctx, all, normalizeIdQuery(args.query), (fo, field) => (field === "status" ? fo.status.toLowerCase() : field === "id" ? fo.id : field === "assigned_location_id" ? fo.locationId : undefined), ["status", "id", "assigned_location_id"]);
      return sortRecords(list, null, args.reverse);
    },
  }),
  FulfillmentOrder: connectionsOf<FulfillmentOrderRecord>({
    lineItems: (fulfillmentOrder: FulfillmentOrderRecord, args: ConnectionArgs, ctx) => sortRecords(ctx.data.fulfillmentOrderLineItemsOf(fulfillmentOrder), null, args.reverse),
    fulfillments: () => [],
    merchantRequests: () => [],
    fulfillmentOrdersForMerge: () => [],
  }),
};
