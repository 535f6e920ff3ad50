import { buildFulfillmentOrderPayload } from "../payloads";
import { toGid, type FulfillmentHoldRecord, type FulfillmentOrderLineItemRecord, type FulfillmentOrderRecord } from "../records";
import type { UserError } from "./mutation-support";
import { gidArg } from "./resolver-helpers";
import { fieldsOf, NotImplementedError, type Ctx } from "./resolver-types";

// Fulfillment order mutations: holds (placing, releasing) and splits, with their fulfillment_orders/* webhooks.

/** FulfillmentOrderLineItemInput: a fulfillment order line and a quantity of it. */
type FulfillmentOrderLineItemInput = { id: string; quantity: number };

type FulfillmentHoldInput = {
  reason: string;
  reasonNotes?: string | null;
  handle?: string | null;
  notifyMerchant?: boolean | null;
  externalId?: string | null;
  fulfillmentOrderLineItems?: FulfillmentOrderLineItemInput[] | null;
};

type FulfillmentOrderSplitInput = { fulfillmentOrderId: string; fulfillmentOrderLineItems: FulfillmentOrderLineItemInput[] };

function splitFulfillmentOrder(ctx: Ctx, fulfillmentOrder: FulfillmentOrderRecord, keep: Map<number, number>): FulfillmentOrderRecord | null {
  // The original keeps the requested quantities; everything else moves to a new fulfillment order.
  const now = ctx.store.nowMs();
  const moved: FulfillmentOrderLineItemRecord[] = [];
  const kept: number[] = [];
  for (const line of ctx.data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) {
    const quantity = keep.get(line.id) ?? 0;
    if (quantity >= line.remainingQuantity) {
      kept.push(line.id);
      continue;
    }
    const rest = line.remainingQuantity - quantity;
    if (quantity > 0) {
      line.remainingQuantity = quantity;
      line.totalQuantity = quantity;
      kept.push(line.id);
    }
    moved.push({ __typename: "FulfillmentOrderLineItem", id: ctx.store.nextId(), fulfillmentOrderId: 0, lineItemId: line.lineItemId, totalQuantity: rest, remainingQuantity: rest });
    if (quantity === 0) ctx.data.fulfillmentOrderLineItems.delete(line.id);
  }
  if (!moved.length) return null;
  const remaining: FulfillmentOrderRecord = {
    __typename: "FulfillmentOrder",
    id: ctx.store.nextId(),
    orderId: fulfillmentOrder.orderId,
    locationId: fulfillmentOrder.locationId,
    status: "OPEN",
    requestStatus: "UNSUBMITTED",
    holds: [],
    lineItemIds: [],
    createdAt: now,
    updatedAt: now,
  };
  for (const line of moved) {
    line.fulfillmentOrderId = remaining.id;
    ctx.data.fulfillmentOrderLineItems.set(line.id, line);
    remaining.lineItemIds.push(line.id);
  }
  fulfillmentOrder.lineItemIds = kept;
  fulfillmentOrder.updatedAt = now;
  ctx.data.fulfillmentOrders.set(remaining.id, remaining);
  ctx.data.orders.get(fulfillmentOrder.orderId)?.fulfillmentOrderIds.push(remaining.id);
  return remaining;
}

/** Validates `[{id, quantity}]` against a fulfillment order; returns the quantities to keep or a userError. */
function planLineItems(ctx: Ctx, fulfillmentOrder: FulfillmentOrderRecord, items: Array<{ id: string; quantity: number }>, path: string[]): { keep?: Map<number, number>; error?: UserError & { code: string } } {
  const keep = new Map<number, number>();
  for (const [index, item] of items.entries()) {
    const id = gidArg(item.id, "FulfillmentOrderLineItem");
    const line = id === null ? undefined : ctx.data.fulfillmentOrderLineItems.get(id);
    const field = [...path, String(index)];
    if (!line || line.fulfillmentOrderId !== fulfillmentOrder.id) return { error: { field: [...field, "id"], message: "Fulfillment order line item does not exist.", code: "INVALID_LINE_ITEM_QUANTITY" } };
    if (keep.has(line.id)) return { error: { field: [...field, "id"], message: "Fulfillment order line items must be unique.", code: "DUPLICATED_FULFILLMENT_ORDER_LINE_ITEMS" } };
    if (item.quantity <= 0) return { error: { field: [...field, "quantity"], message: "Quantity must be greater than 0.", code: "GREATER_THAN_ZERO" } };
    if (item.quantity > line.remainingQuantity) {
      return { error: { field: [...field, "quantity"], message: `Quantity must be less than or equal to the remaining quantity (${line.remainingQuantity}).`, code: "INVALID_LINE_ITEM_QUANTITY" } };
    }
    keep.set(line.id, item.quantity);
  }
  return { keep };
}

export const FULFILLMENT_ORDER_MUTATIONS = fieldsOf<unknown>({
  fulfillmentOrderHold: (_s, args: { id: string; fulfillmentHold: FulfillmentHoldInput }, ctx) => {
    const hold = args.fulfillmentHold;
    const fulfillmentOrder = ctx.data.fulfillmentOrders.get(gidArg(args.id, "FulfillmentOrder") ?? -1);
    const empty = { fulfillmentHold: null, fulfillmentOrder: null, remainingFulfillmentOrder: null };
    if (!fulfillmentOrder) return { ...empty, userErrors: [{ field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }] };
    if (fulfillmentOrder.status !== "OPEN" && fulfillmentOrder.status !== "ON_HOLD" && fulfillmentOrder.status !== "SCHEDULED") {
      return { ...empty, userErrors: [{ field: ["id"], message: `The fulfillment order can't be placed on hold because it is ${fulfillmentOrder.status.toLowerCase()}.`, code: null }] };
    }
    const handle = hold.handle ?? "";
    if (fulfillmentOrder.holds.some((existing) => existing.handle === handle)) {
      return { ...empty, userErrors: [{ field: ["fulfillmentHold", "handle"], message: "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.", code: "DUPLICATE_FULFILLMENT_HOLD_HANDLE" }] };
    }
    if (fulfillmentOrder.holds.length >= 10) {
      return { ...empty, userErrors: [{ field: ["id"], message: "The maximum number of fulfillment holds for this fulfillment order has been reached for this app. An app can only have up to 10 holds on a single fulfillment order at any one time.", code: "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED" }] };
    }
    let remaining: FulfillmentOrderRecord | null = null;
    const items = hold.fulfillmentOrderLineItems ?? [];
    if (items.length) {
      if (fulfillmentOrder.status === "ON_HOLD") {
        return { ...empty, userErrors: [{ field: ["fulfillmentHold", "fulfillmentOrderLineItems"], message: "A fulfillment order that is already on hold can't be split.", code: "FULFILLMENT_ORDER_NOT_SPLITTABLE" }] };
      }
      const planned = planLineItems(ctx, fulfillmentOrder, items, ["fulfillmentHold", "fulfillmentOrderLineItems"]);
      if (planned.error) return { ...empty, userErrors: [planned.error] };
      remaining = splitFulfillmentOrder(ctx, fulfillmentOrder, planned.keep!);
    }
    const record: FulfillmentHoldRecord = { __typename: "FulfillmentHold", id: ctx.store.nextId(), reason: hold.reason, reasonNotes: hold.reasonNotes ?? null, handle, heldByRequestingApp: true };
    fulfillmentOrder.holds.push(record);
    fulfillmentOrder.status = "ON_HOLD";
    fulfillmentOrder.updatedAt = ctx.store.nowMs();
    ctx.store.emit(ctx.data.domain, "fulfillment_orders/placed_on_hold", {
      fulfillment_order: buildFulfillmentOrderPayload(ctx.data, fulfillmentOrder),
      remaining_fulfillment_order: remaining ? buildFulfillmentOrderPayload(ctx.data, remaining) : null,
      fulfillment_hold: { id: toGid("FulfillmentHold", record.id), reason: record.reason.toLowerCase(), reason_notes: record.reasonNotes, handle: record.handle },
    });
    return { fulfillmentHold: record, fulfillmentOrder, remainingFulfillmentOrder: remaining, userErrors: [] };
  },

  fulfillmentOrderReleaseHold: (_s, args: { id: string; holdIds?: string[] | null; externalId?: string | null }, ctx) => {
    if (args.externalId) throw new NotImplementedError("Mutation", "fulfillmentOrderReleaseHold(externalId:)");
    const fulfillmentOrder = ctx.data.fulfillmentOrders.get(gidArg(args.id, "FulfillmentOrder") ?? -1);
    if (!fulfillmentOrder) return { fulfillmentOrder: null, userErrors: [{ field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }] };
    const holdIds = args.holdIds?.map((id) => gidArg(id, "FulfillmentHold"));
    const releasing = fulfillmentOrder.holds.filter((hold) => hold.heldByRequestingApp && (!holdIds || holdIds.includes(hold.id)));
    if (holdIds && releasing.length !== holdIds.length) {
      return { fulfillmentOrder: null, userErrors: [{ field: ["holdIds"], message: "One or more fulfillment holds don't exist or weren't placed by this app.", code: "INVALID_ACCESS" }] };
    }
    fulfillmentOrder.holds = fulfillmentOrder.holds.filter((hold) => !releasing.includes(hold));
    if (!fulfillmentOrder.holds.length && fulfillmentOrder.status === "ON_HOLD") fulfillmentOrder.status = "OPEN";
    fulfillmentOrder.updatedAt = ctx.store.nowMs();
    ctx.store.emit(ctx.data.domain, "fulfillment_orders/hold_released", { fulfillment_order: buildFulfillmentOrderPayload(ctx.data, fulfillmentOrder) });
    return { fulfillmentOrder, userErrors: [] };
  },

  fulfillmentOrderSplit: (_s, args: { fulfillmentOrderSplits: FulfillmentOrderSplitInput[] }, ctx) => {
    const splits = args.fulfillmentOrderSplits;
    const plans: Array<{ fulfillmentOrder: FulfillmentOrderRecord; keep: Map<number, number> }> = [];
    for (const [index, split] of splits.entries()) {
      const path = ["fulfillmentOrderSplits", String(index)];
      const fulfillmentOrder = ctx.data.fulfillmentOrders.get(gidArg(split.fulfillmentOrderId, "FulfillmentOrder") ?? -1);
      if (!fulfillmentOrder) return { fulfillmentOrderSplits: null, userErrors: [{ field: [...path, "fulfillmentOrderId"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }] };
      if (!split.fulfillmentOrderLineItems.length) return { fulfillmentOrderSplits: null, userErrors: [{ field: [...path, "fulfillmentOrderLineItems"], message: "No line items were provided to split.", code: "NO_LINE_ITEMS_PROVIDED_TO_SPLIT" }] };
      const planned = planLineItems(ctx, fulfillmentOrder, split.fulfillmentOrderLineItems, [...path, "fulfillmentOrderLineItems"]);
      if (planned.error) {
        const code = planned.error.code === "GREATER_THAN_ZERO" ? "GREATER_THAN" : "INVALID_LINE_ITEM_QUANTITY";
        return { fulfillmentOrderSplits: null, userErrors: [{ ...planned.error, code }] };
      }
      // Like Shopify, the requested quantities move OUT into a new fulfillment order (remainingFulfillmentOrder)
      // at the same location; the original keeps the rest (unlike fulfillmentOrderHold, which keeps what it holds).
      const keep = new Map<number, number>();
      for (const line of ctx.data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) keep.set(line.id, line.remainingQuantity - (planned.keep!.get(line.id) ?? 0));
      if ([...keep.values()].every((quantity) => quantity <= 0)) {
        return { fulfillmentOrderSplits: null, userErrors: [{ field: [...path, "fulfillmentOrderLineItems"], message: "The split must leave at least one line item quantity in the original fulfillment order.", code: "INVALID_LINE_ITEM_QUANTITY" }] };
      }
      if (fulfillmentOrder.status === "CLOSED" || fulfillmentOrder.status === "CANCELLED") {
        return { fulfillmentOrderSplits: null, userErrors: [{ field: [...path, "fulfillmentOrderId"], message: `The fulfillment order can't be split because it is ${fulfillmentOrder.status.toLowerCase().replace("_", " ")}.`, code: "INVALID_LINE_ITEM_QUANTITY" }] };
      }
      plans.push({ fulfillmentOrder, keep });
    }
    const results = plans.map(({ fulfillmentOrder, keep }) => {
      const remaining = splitFulfillmentOrder(ctx, fulfillmentOrder, keep)!;
      ctx.store.emit(ctx.data.domain, "fulfillment_orders/split", {
        fulfillment_order: buildFulfillmentOrderPayload(ctx.data, fulfillmentOrder),
        remaining_fulfillment_order: buildFulfillmentOrderPayload(ctx.data, remaining),
        replacement_fulfillment_order: null,
      });
      return { __typename: "FulfillmentOrderSplitResult", fulfillmentOrder, remainingFulfillmentOrder: remaining, replacementFulfillmentOrder: null };
    });
    return { fulfillmentOrderSplits: results, userErrors: [] };
  },
});
