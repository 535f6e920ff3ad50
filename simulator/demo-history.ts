import { createInbound, receiveShipment, setShipmentTracking, shipmentSummary, type InboundSummary } from "./inventory-transfers";
import type {
  FulfillmentOrderLineItemRecord,
  FulfillmentOrderRecord,
  InventoryItemRecord,
  LineItemRecord,
  OrderRecord,
  ProductRecord,
  ShopData,
  VariantRecord,
} from "./records";
import { seededRandom } from "./seeded-random";
import type { StoreCore } from "./store-core";

// The demo shop's past (opt-in: CreateShopOptions.demoHistory, `npm run demo` and `npm run simulator` turn it on):
// 60 days of orders for the demo catalog and a few inbound shipments, so sales history, forecasts and inbound ETAs
// have something to show on first open. Written straight into the shop's records with no webhooks (it is the
// shop's starting state: the app backfills orders with its bulk query and reads shipments in its initial sync).
// Deterministic (seeded-random.ts, dates relative to the store clock), and cheap: a few thousand records.
//
// Demand profiles, by the variant's place in the catalog: steady sellers (0.2–1.4 units/day, more on weekends),
// bestsellers (tagged so, 1.5–3/day), intermittent sellers (most days nothing, now and then 1–3), variants that never
// sold, one that sold steadily until it sold out 24 days ago (today's sold-out state), and one with a sold-out gap
// in the middle (days 35–22 ago) that sells again after a restock. Every order is fulfilled and archived (so none is
// an open backorder the app would pick up); about 3% are cancelled, about 2% have a unit refunded (returned).

export const DEMO_HISTORY_DAYS = 60;
const DAY_MS = 86_400_000;
const HISTORY_SEED = 17_060;

export type DemandProfile = "steady" | "bestseller" | "intermittent" | "none" | "sold_out_recently" | "sold_out_gap";

export type DemoHistoryResult = {
  orders: number;
  unitsByProfile: Record<DemandProfile, number>;
  /** Variant GID → its profile, for tests and the demo's story. */
  profiles: Map<string, DemandProfile>;
  inbound: Array<InboundSummary & { story: string }>;
};

type Variant = { variant: VariantRecord; product: ProductRecord; item: InventoryItemRecord; profile: DemandProfile; rate: number };

const available = (data: ShopData, item: InventoryItemRecord) => data.availableTotal(item);

/** Which profile each tracked variant gets: by its current stock state and its place in the catalog. */
function assignProfiles(data: ShopData): Variant[] {
  const variants: Variant[] = [];
  let soldOutRecently = false;
  let soldOutGap = false;
  let n = 0;
  for (const product of data.products.values()) {
    if (product.status !== "ACTIVE") continue;
    for (const variant of data.variantsOf(product)) {
      const item = data.itemOf(variant);
      if (!item.tracked) continue;
      const stock = available(data, item);
      let profile: DemandProfile;
      if (!soldOutRecently && variant.inventoryPolicy === "DENY" && stock <= 0) {
        profile = "sold_out_recently";
        soldOutRecently = true;
      } else if (!soldOutGap && variant.inventoryPolicy === "DENY" && stock >= 8) {
        profile = "sold_out_gap";
        soldOutGap = true;
      } else if (product.tags.includes("bestseller") && n % 2 === 0) profile = "bestseller";
      else if (n % 7 === 3) profile = "none";
      else if (n % 3 === 1) profile = "intermittent";
      else profile = "steady";
      const rate =
        profile === "bestseller"
          ? 1.5 + (n % 3) * 0.75
          : profile === "sold_out_recently" || profile === "sold_out_gap"
            ? 1.2
            : profile === "steady"
              ? 0.2 + ((n * 37) % 13) / 10
              : profile === "intermittent"
                ? 0.08 + (n % 4) * 0.05
                : 0;
      variants.push({ variant, product, item, profile, rate });
      n += 1;
    }
  }
  return variants;
}

/** Poisson draw (Knuth; the rates are small). */
function poisson(random: () => number, rate: number): number {
  if (rate <= 0) return 0;
  const limit = Math.exp(-rate);
  let k = 0;
  let p = random();
  while (p > limit) {
    k += 1;
    p *= random();
  }
  return k;
}

function unitsOn(random: () => number, v: Variant, daysAgo: number, weekday: number): number {
  const weekend = weekday === 0 || weekday === 6 ? 1.35 : 1;
  switch (v.profile) {
    case "none":
      return 0;
    case "sold_out_recently":
      return daysAgo < 24 ? 0 : poisson(random, v.rate * weekend);
    case "sold_out_gap":
      return daysAgo >= 22 && daysAgo <= 35 ? 0 : poisson(random, v.rate * weekend);
    case "intermittent":
      return random() < v.rate ? 1 + Math.floor(random() * 3) : 0;
    default:
      return poisson(random, v.rate * weekend);
  }
}

/** Writes the 60 days of orders and the inbound shipments; returns what it wrote. */
export function seedDemoHistory(store: StoreCore, data: ShopData, opts: { days?: number } = {}): DemoHistoryResult {
  const days = opts.days ?? DEMO_HISTORY_DAYS;
  const random = seededRandom(HISTORY_SEED);
  const now = store.nowMs();
  const variants = assignProfiles(data);
  const unitsByProfile: Record<DemandProfile, number> = { steady: 0, bestseller: 0, intermittent: 0, none: 0, sold_out_recently: 0, sold_out_gap: 0 };
  const primary = data.primaryLocation();
  let orders = 0;
  for (let daysAgo = days; daysAgo >= 1; daysAgo -= 1) {
    const dayStart = now - daysAgo * DAY_MS;
    const weekday = new Date(dayStart).getUTCDay();
    // The day's units, then dealt into orders of one to three lines at random times of the day.
    const lines: Array<{ v: Variant; quantity: number }> = [];
    for (const v of variants) {
      const quantity = unitsOn(random, v, daysAgo, weekday);
      if (quantity > 0) lines.push({ v, quantity });
    }
    for (let i = lines.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    const placed: Array<{ at: number; lines: Array<{ v: Variant; quantity: number }> }> = [];
    for (let i = 0; i < lines.length; ) {
      const size = Math.min(lines.length - i, 1 + Math.floor(random() * 3));
      placed.push({ at: dayStart + Math.floor(random() * DAY_MS), lines: lines.slice(i, i + size) });
      i += size;
    }
    placed.sort((a, b) => a.at - b.at);
    for (const order of placed) {
      const kind = random();
      writeOrder(store, data, order.at, order.lines, primary.id, kind < 0.03 ? "cancelled" : kind < 0.05 ? "refunded" : "fulfilled");
      orders += 1;
      if (kind >= 0.03) for (const line of order.lines) unitsByProfile[line.v.profile] += line.quantity;
    }
  }
  const profiles = new Map(variants.map((v) => [`gid://shopify/ProductVariant/${v.variant.id}`, v.profile]));
  return { orders, unitsByProfile, profiles, inbound: seedDemoInbound(store, data, variants) };
}

function writeOrder(store: StoreCore, data: ShopData, at: number, lines: Array<{ v: Variant; quantity: number }>, locationId: number, outcome: "fulfilled" | "cancelled" | "refunded"): void {
  const fulfilledAt = at + 2 * 3_600_000;
  const order: OrderRecord = {
    __typename: "Order",
    id: store.nextId(),
    number: data.nextOrderNumber,
    name: `#${data.nextOrderNumber}`,
    email: `customer${1 + (data.nextOrderNumber % 97)}@example.com`,
    note: null,
    tags: [],
    customAttributes: [],
    currencyCode: data.shop.currencyCode,
    financialStatus: "PAID",
    lineItemIds: [],
    fulfillmentOrderIds: [],
    createdAt: at,
    updatedAt: outcome === "fulfilled" ? fulfilledAt : at + 3 * 3_600_000,
    processedAt: at,
    cancelledAt: outcome === "cancelled" ? at + 3_600_000 : null,
    closedAt: outcome === "cancelled" ? at + 3_600_000 : fulfilledAt,
    customerLocale: "en",
    cancelReason: outcome === "cancelled" ? "customer" : null,
    fulfillmentLog: [],
    refundLog: [],
  };
  data.nextOrderNumber += 1;
  const fulfillmentOrder: FulfillmentOrderRecord = {
    __typename: "FulfillmentOrder",
    id: store.nextId(),
    orderId: order.id,
    locationId,
    status: outcome === "cancelled" ? "CANCELLED" : "CLOSED",
    requestStatus: "UNSUBMITTED",
    holds: [],
    lineItemIds: [],
    createdAt: at,
    updatedAt: order.updatedAt,
  };
  const fulfilled: Array<{ lineItemId: number; quantity: number }> = [];
  for (const { v, quantity } of lines) {
    const lineItem: LineItemRecord = {
      __typename: "LineItem",
      id: store.nextId(),
      orderId: order.id,
      variantId: v.variant.id,
      productId: v.product.id,
      title: v.product.title,
      variantTitle: v.variant.title === "Default Title" ? null : v.variant.title,
      sku: v.variant.sku,
      vendor: v.product.vendor,
      quantity: outcome === "cancelled" ? 0 : quantity,
      ...(outcome === "cancelled" ? { originalQuantity: quantity } : {}),
      price: v.variant.price,
      customAttributes: [],
      requiresShipping: v.item.requiresShipping,
      taxable: v.variant.taxable,
    };
    data.lineItems.set(lineItem.id, lineItem);
    order.lineItemIds.push(lineItem.id);
    const foLine: FulfillmentOrderLineItemRecord = { __typename: "FulfillmentOrderLineItem", id: store.nextId(), fulfillmentOrderId: fulfillmentOrder.id, lineItemId: lineItem.id, totalQuantity: quantity, remainingQuantity: 0 };
    data.fulfillmentOrderLineItems.set(foLine.id, foLine);
    fulfillmentOrder.lineItemIds.push(foLine.id);
    if (outcome !== "cancelled") fulfilled.push({ lineItemId: lineItem.id, quantity });
  }
  if (fulfilled.length) order.fulfillmentLog!.push({ id: store.nextId(), createdAt: fulfilledAt, locationId, lineItems: fulfilled });
  if (outcome === "refunded") {
    // One unit of the first line came back a few days later (a return, restocked).
    const lineItem = data.lineItems.get(order.lineItemIds[0])!;
    lineItem.originalQuantity = lineItem.quantity;
    lineItem.quantity -= 1;
    order.refundLog!.push({ id: store.nextId(), createdAt: at + 3 * 3_600_000, note: "Returned", lineItems: [{ id: store.nextId(), lineItemId: lineItem.id, quantity: 1, restockType: "return", locationId }] });
  }
  data.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
  order.fulfillmentOrderIds.push(fulfillmentOrder.id);
  data.orders.set(order.id, order);
}

/**
 * Inbound stock for backordered and low-stock variants: on time, pushed back (arrival moved past the supplier's
 * first date), overdue (the date passed and nothing arrived), partly received, and one not shipped yet.
 */
function seedDemoInbound(store: StoreCore, data: ShopData, variants: Variant[]): Array<InboundSummary & { story: string }> {
  const now = store.nowMs();
  const day = (n: number) => Math.floor(now / DAY_MS) * DAY_MS + n * DAY_MS + 12 * 3_600_000;
  const backordered = variants.filter((v) => v.variant.inventoryPolicy === "CONTINUE" && available(data, v.item) < 0);
  const low = variants.filter((v) => v.variant.inventoryPolicy === "DENY" && available(data, v.item) > 0 && available(data, v.item) <= 3);
  const silent = { silent: true };
  const result: Array<InboundSummary & { story: string }> = [];
  const add = (story: string, summary: InboundSummary) => result.push({ ...summary, story });
  const line = (v: Variant, quantity: number) => ({ inventoryItemId: v.item.id, quantity });
  const shippedAgo = (n: number) => ({ dateCreated: day(-n - 2), dateShipped: day(-n) });

  if (backordered[0]) {
    add("on time", createInbound(store, data, { lines: [line(backordered[0], 24)], arrivesAt: day(10), referenceName: "PO-1041", trackingNumber: "1Z4A0E90321", company: "UPS", ...shippedAgo(4) }, silent));
  }
  if (backordered[1]) {
    const late = createInbound(store, data, { lines: [line(backordered[1], 12)], arrivesAt: day(6), referenceName: "PO-1042", company: "DHL Express", trackingNumber: "JD014600003", ...shippedAgo(8) }, silent);
    const shipmentId = Number(late.shipmentId!.split("/").pop());
    const moved = setShipmentTracking(store, data, shipmentId, { arrivesAt: day(17) }, silent);
    if (moved.ok) data.inventoryTransfers.get(moved.value.transferId)!.note = "Supplier pushed the arrival back 11 days (was 6 days out).";
    if (moved.ok) add("late: arrival moved 11 days later", shipmentSummary(data, moved.value));
  }
  if (backordered[2]) {
    add("overdue: should have arrived 3 days ago", createInbound(store, data, { lines: [line(backordered[2], 8)], arrivesAt: day(-3), referenceName: "PO-1038", company: "FedEx", trackingNumber: "7712 3456 7788", ...shippedAgo(12) }, silent));
  }
  if (low[0]) {
    const partial = createInbound(store, data, { lines: [line(low[0], 20)], arrivesAt: day(-1), referenceName: "PO-1039", ...shippedAgo(6) }, silent);
    const shipment = data.inventoryShipments.get(Number(partial.shipmentId!.split("/").pop()))!;
    receiveShipment(store, data, shipment.id, { lineItems: [{ shipmentLineItemId: shipment.lineItems[0].id, quantity: 8, reason: "ACCEPTED" }], dateReceived: day(-1) }, silent);
    // The catalog's stock is today's: the 8 received units are already in it (and sold since), so receiving
    // must not add them again; only `incoming` drops.
    const level = data.findLevel(low[0].item, data.primaryLocation().id);
    if (level) level.available -= 8;
    add("partly received: 8 of 20 in, 12 still to come", shipmentSummary(data, shipment));
  }
  const later = [backordered[3], low[1]].filter((v): v is Variant => v !== undefined);
  if (later.length) {
    add("not shipped yet (draft), expected in 3 weeks", createInbound(store, data, { lines: later.map((v) => line(v, 15)), arrivesAt: day(21), inTransit: false, referenceName: "PO-1045", dateCreated: day(-1) }, silent));
  }
  return result;
}
