// The backorder ledger: BackorderLine per backordered order line, BackorderOrder per order with such lines.
// Fed by the orders/* webhooks (app/jobs/order-jobs.server.ts), by inventory updates (reallocation) and by the
// hourly reconciliation against Shopify (committed inventory changes and lost webhooks fire nothing).
//
//   recordNewOrder       orders/create: classify the lines (app/domain/ledger.ts), record the backordered ones with
//                        the ETA promised at order time, queue the order's actions sync and the confirmation email,
//                        attribute back-in-stock alert conversions. Lines are unique per line item, so a duplicate
//                        delivery is a no-op.
//   applyOrderSnapshot   orders/updated, orders/cancelled and the re-reads after fulfillments/create and
//                        refunds/create: absolute facts (current quantity, fulfilled units, cancellation) resolve
//                        lines; updates older than the newest applied one (BackorderOrder.shopifyUpdatedAt) are
//                        ignored; a cancellation is terminal and always applies. A cancel that arrives before the
//                        create leaves a closed, cancelled BackorderOrder, so the late create records its lines as
//                        cancelled (nothing owed, no email).
//   reallocateVariants   after an inventory update: arrived stock goes to the oldest open lines first.
//   reconcileOrderLedger hourly: re-reads the open orders from Shopify and corrects the ledger.
// Every change to what is owed publishes the variants' storefront metafields right after it commits, so the checkout
// validation's backorder_sellable follows orders within seconds (cancellations and refunds raise it again).
// Rows are never deleted here: lines are resolved through status and quantity fields. The rows are read and written
// by app/models/order-ledger.server.ts, whose writers also keep the variants' stored backorder states fresh.

import type { Db } from "#app/models/db";
import { resolveEta } from "#app/domain/eta";
import {
  allocateArrivedStock,
  classifyOrderLines,
  confirmationReason,
  isAlertConversion,
  CONVERSION_WINDOW_MS,
  levelBeforeSale,
  levelKey,
  resolveLine,
  shopperLocale,
  type LineProperty,
  type ReductionReason,
  type StockVariant,
} from "#app/domain/ledger";
import { enqueueEmail } from "#app/models/email-outbox.server";

import { requestOrderActionsSync } from "#app/models/order-jobs.server";
import {
  countOpenOrderLines,
  createCancelledLedgerOrder,
  findLedgerOrder,
  hasChangeableLines,
  hasLedgerLines,
  listOpenLinesOfVariants,
  listOpenLineVariantIds,
  listOpenOrdersToCheck,
  listOrderLines,
  markOrderChecked,
  recordOrderLines,
  updateLedgerOrder,
  updateLineResolutions,
  writeLineAllocations,
  type LineResolutionUpdate,
  type NewLedgerLine,
} from "#app/models/order-ledger.server";
import { inTransaction } from "#app/models/transaction.server";
import { findConversionCandidates, markConverted } from "#app/models/restock-subscription.server";
import { listEtaSettings } from "#app/models/variant-backorder.server";
import { listActiveLocationIds, loadVariantStock } from "#app/models/variant-stock.server";
import type { AdminGateway, LedgerOrder } from "#app/shopify/admin-gateway.server";
import { toGid } from "#app/shopify/gid";
import { getShopSettings } from "./shop-settings.server";
import { enqueueStorefrontSync, publishStorefrontMetafields } from "./storefront-metafields.server";
import { enqueue } from "../jobs/enqueue.server";
import { ORDER_RECONCILE_JOB } from "#app/jobs/job-types";
export { ORDER_RECONCILE_JOB };

const RECONCILE_INTERVAL_MS = 3_600_000;
/** Open orders re-read per reconciliation run (oldest checked first; the next hours continue). */
const RECONCILE_BATCH = 200;

/** Reads orders for the ledger and publishes the storefront metafields (sellable, remaining) the ledger changes. */
type GatewayFactory = () => Promise<Pick<AdminGateway, "getOrderForLedger" | "setMetafields" | "deleteMetafields">>;

// ---------------------------------------------------------------------------------------------------------
// Order facts from a REST webhook body

export type OrderLineFacts = {
  lineItemId: string;
  variantId: string | null;
  /** The line's product, when the payload names it (the sales history's rows carry it). */
  productId?: string | null;
  quantity: number;
  currentQuantity: number;
  fulfilledQuantity: number;
  properties: LineProperty[];
  unitPrice: string | null;
  productTitle: string | null;
  variantTitle: string | null;
};

export type OrderFacts = {
  orderId: string;
  name: string | null;
  email: string | null;
  customerLocale: string | null;
  currencyCode: string | null;
  createdAt: Date;
  /** When the order was processed (differs from createdAt for imported orders); the sales history's day. */
  processedAt?: Date | null;
  updatedAt: Date;
  cancelledAt: Date | null;
  lines: OrderLineFacts[];
};

export class InvalidOrderPayloadError extends Error {}

const asRecord = (value: unknown): Record<string, any> => (value && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, any>) : {});
const asDate = (value: unknown): Date | null => {
  if (typeof value !== "string" && !(value instanceof Date)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
};
const asInt = (value: unknown, fallback: number): number => (typeof value === "number" && Number.isFinite(value) ? Math.trunc(value) : fallback);

/** Units per line item in the payload's fulfillments (not cancelled/failed ones). */
function fulfilledFromPayload(body: Record<string, any>): Map<string, number> | null {
  if (!Array.isArray(body.fulfillments)) return null;
  const units = new Map<string, number>();
  for (const fulfillment of body.fulfillments) {
    const f = asRecord(fulfillment);
    if (f.status === "cancelled" || f.status === "failure" || f.status === "error") continue;
    for (const item of Array.isArray(f.line_items) ? f.line_items : []) {
      const id = toGid("LineItem", asRecord(item).admin_graphql_api_id ?? asRecord(item).id);
      if (id) units.set(id, (units.get(id) ?? 0) + asInt(asRecord(item).quantity, 0));
    }
  }
  return units;
}

/** An orders/* webhook body (Shopify's REST order shape) as ledger facts. */
export function orderFactsFromWebhook(payload: unknown, fallbackNow: Date): OrderFacts {
  const body = asRecord(payload);
  const orderId = toGid("Order", body.admin_graphql_api_id ?? body.id);
  if (!orderId) throw new InvalidOrderPayloadError(`Order webhook without a usable order id: ${String(body.id)}`);
  const createdAt = asDate(body.created_at) ?? fallbackNow;
  const fulfilled = fulfilledFromPayload(body);
  const customer = asRecord(body.customer);
  const lines: OrderLineFacts[] = [];
  for (const raw of Array.isArray(body.line_items) ? body.line_items : []) {
    const item = asRecord(raw);
    const lineItemId = toGid("LineItem", item.admin_graphql_api_id ?? item.id);
    if (!lineItemId) continue;
    const quantity = asInt(item.quantity, 0);
    const currentQuantity = asInt(item.current_quantity, quantity);
    const fulfilledQuantity = fulfilled
      ? (fulfilled.get(lineItemId) ?? 0)
      : Math.max(0, currentQuantity - asInt(item.fulfillable_quantity, currentQuantity));
    lines.push({
      lineItemId,
      variantId: toGid("ProductVariant", item.variant_id),
      productId: toGid("Product", item.product_id),
      quantity,
      currentQuantity,
      fulfilledQuantity,
      properties: (Array.isArray(item.properties) ? item.properties : []).map((p: unknown) => ({ name: String(asRecord(p).name ?? ""), value: asRecord(p).value == null ? null : String(asRecord(p).value) })),
      unitPrice: typeof item.price === "string" ? item.price : null,
      productTitle: typeof item.title === "string" ? item.title : null,
      variantTitle: typeof item.variant_title === "string" ? item.variant_title : null,
    });
  }
  const email = [body.email, body.contact_email, customer.email].find((e) => typeof e === "string" && e.trim() !== "") as string | undefined;
  return {
    orderId,
    name: typeof body.name === "string" ? body.name : null,
    email: email?.trim() ?? null,
    customerLocale: typeof body.customer_locale === "string" ? body.customer_locale : typeof customer.locale === "string" ? customer.locale : null,
    currencyCode: typeof body.currency === "string" ? body.currency : null,
    createdAt,
    processedAt: asDate(body.processed_at),
    updatedAt: asDate(body.updated_at) ?? createdAt,
    cancelledAt: asDate(body.cancelled_at),
    lines,
  };
}

/** A GraphQL order (reconciliation, re-reads) as ledger facts; fulfilled = current − unfulfilled. */
export function orderFactsFromGraphql(order: LedgerOrder): OrderFacts {
  const createdAt = new Date(order.createdAt);
  return {
    orderId: order.id,
    name: order.name,
    email: order.email,
    customerLocale: order.customerLocale,
    currencyCode: null,
    createdAt,
    updatedAt: new Date(order.updatedAt),
    cancelledAt: order.cancelledAt ? new Date(order.cancelledAt) : null,
    lines: order.lineItems.map((line) => ({
      lineItemId: line.id,
      variantId: line.variantId,
      quantity: line.quantity,
      currentQuantity: line.currentQuantity,
      fulfilledQuantity: Math.max(0, line.currentQuantity - line.unfulfilledQuantity),
      properties: [],
      unitPrice: null,
      productTitle: null,
      variantTitle: null,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// orders/create

export type RecordOrderResult = {
  duplicate: boolean;
  backorderedLines: number;
  confirmationQueued: boolean;
  conversions: number;
};

/** Where each line's units were committed: its fulfillment orders' locations (per line item id). */
function takesFromFulfillmentOrders(order: LedgerOrder | null): Map<string, Array<{ locationId: string; quantity: number }>> {
  const takes = new Map<string, Array<{ locationId: string; quantity: number }>>();
  for (const fo of order?.fulfillmentOrders ?? []) {
    if (!fo.locationId) continue;
    for (const line of fo.lineItems) {
      const list = takes.get(line.lineItemId) ?? [];
      const same = list.find((t) => t.locationId === fo.locationId);
      if (same) same.quantity += line.totalQuantity;
      else list.push({ locationId: fo.locationId!, quantity: line.totalQuantity });
      takes.set(line.lineItemId, list);
    }
  }
  return takes;
}

export async function recordNewOrder(input: { shop: string; facts: OrderFacts; gateway: GatewayFactory; now: Date }): Promise<RecordOrderResult> {
  const { shop, facts, now } = input;
  const result: RecordOrderResult = { duplicate: false, backorderedLines: 0, confirmationQueued: false, conversions: 0 };
  await scheduleOrderReconcile(shop, now);
  if (await hasLedgerLines(shop, facts.orderId)) return { ...result, duplicate: true };
  result.conversions = await attributeAlertConversions(shop, facts);

  const variantIds = [...new Set(facts.lines.map((l) => l.variantId).filter((id): id is string => !!id))];
  const variants = await loadVariantStock(shop, variantIds);
  const levelsByVariant = new Map(variants.map((variant) => [variant.id, variant.levels]));

  // Only lines that could have gone below zero need to know where their units were committed.
  const stock = new Map<string, StockVariant>(variants.map((v) => [v.id, { tracked: v.tracked, inventoryPolicy: v.inventoryPolicy }]));
  const candidates = facts.lines.filter((line) => {
    const variant = line.variantId ? stock.get(line.variantId) : undefined;
    if (!variant || !variant.tracked || variant.inventoryPolicy !== "CONTINUE") return false;
    const variantLevels = levelsByVariant.get(line.variantId!) ?? [];
    return variantLevels.length === 0 || variantLevels.some((l) => l.available < line.quantity);
  });
  if (candidates.length === 0) return result;

  const takes = await resolveTakes(shop, facts, candidates, levelsByVariant, input.gateway);
  const takenByOrder = new Map<string, number>();
  for (const line of candidates) {
    for (const take of takes.get(line.lineItemId) ?? []) {
      const key = levelKey(line.variantId!, take.locationId);
      takenByOrder.set(key, (takenByOrder.get(key) ?? 0) + take.quantity);
    }
  }
  const levelsBefore = new Map<string, number>();
  for (const [key, taken] of takenByOrder) {
    const [variantId, locationId] = key.split("|");
    const level = (levelsByVariant.get(variantId) ?? []).find((l) => l.locationId === locationId);
    levelsBefore.set(key, levelBeforeSale({ available: level?.available ?? 0, levelUpdatedAt: level?.shopifyUpdatedAt ?? null, orderCreatedAt: facts.createdAt, takenByOrder: taken }));
  }
  const classified = classifyOrderLines({
    lines: candidates.map((line) => ({ lineItemId: line.lineItemId, variantId: line.variantId, quantity: line.quantity, properties: line.properties, takes: takes.get(line.lineItemId) ?? [] })),
    variants: stock,
    levelsBefore,
  }).filter((line) => line.quantityBackordered > 0);
  if (classified.length === 0) return result;

  const etas = await promisedEtas(shop, classified.map((l) => l.variantId!), facts.createdAt);
  const settings = await getShopSettings(shop);
  const factsById = new Map(facts.lines.map((l) => [l.lineItemId, l]));

  await inTransaction(async (tx) => {
    if (await hasLedgerLines(shop, facts.orderId, tx)) {
      result.duplicate = true; // a concurrent delivery won
      return;
    }
    const existing = await findLedgerOrder(shop, facts.orderId, tx);
    const cancelledAt = existing?.cancelledAt ?? facts.cancelledAt;
    let open = 0;
    const lines: NewLedgerLine[] = classified.map((line) => {
      const lineFacts = factsById.get(line.lineItemId)!;
      const resolution = resolveLine({
        quantityOrdered: line.quantity,
        quantityBackordered: line.quantityBackordered,
        currentQuantity: lineFacts.currentQuantity,
        fulfilledQuantity: lineFacts.fulfilledQuantity,
        orderCancelled: cancelledAt !== null,
        reductionReason: "removed",
      });
      if (resolution.status === "open") open++;
      const eta = etas.get(line.variantId!) ?? null;
      return {
        orderName: facts.name,
        lineItemId: line.lineItemId,
        variantId: line.variantId!,
        customerEmail: facts.email,
        customerLocale: facts.customerLocale,
        quantityOrdered: line.quantity,
        quantityBackordered: line.quantityBackordered,
        quantityResolved: resolution.quantityResolved,
        status: resolution.status,
        resolvedAt: resolution.status === "open" ? null : now,
        unitPrice: lineFacts.unitPrice,
        currencyCode: facts.currencyCode,
        etaPromised: eta,
        etaCurrent: eta,
        sawNotice: line.sawNotice,
        orderedAt: facts.createdAt,
        productTitle: lineFacts.productTitle,
        variantTitle: lineFacts.variantTitle,
        locationId: line.locationId,
      };
    });
    await recordOrderLines(shop, facts.orderId, {
      lines,
      order: {
        orderName: facts.name,
        customerEmail: facts.email,
        customerLocale: facts.customerLocale,
        currencyCode: facts.currencyCode,
        orderedAt: facts.createdAt,
        cancelledAt,
        status: open > 0 ? "open" : "closed",
        shopifyUpdatedAt: latest(existing?.shopifyUpdatedAt ?? null, facts.updatedAt),
      },
    }, tx);
    await requestOrderActionsSync(tx, { shop, orderId: facts.orderId, now });
    result.backorderedLines = classified.length;
    if (open > 0 && (settings?.sendBackorderConfirm ?? true) && facts.email) {
      const { created } = await enqueueEmail(tx, {
        shop,
        kind: "backorder_confirmation",
        idempotencyKey: `order-confirm/${facts.orderId}`,
        toEmail: facts.email,
        locale: shopperLocale(facts.customerLocale),
        data: { orderId: facts.orderId },
        runAt: now,
        reason: confirmationReason(facts.name ?? facts.orderId, classified.map((l) => etas.get(l.variantId!) ?? null)),
      });
      result.confirmationQueued = created;
    }
  });
  // The owed units just grew: the checkout validation's figure (backorder_sellable) must drop within seconds, not
  // wait for the inventory webhook or the hourly sync.
  if (result.backorderedLines > 0) await publishStorefrontMetafields({ shop, variantIds: classified.map((l) => l.variantId!), gateway: input.gateway, now });
  return result;
}

const latest = (a: Date | null, b: Date | null): Date | null => (!a ? b : !b ? a : a > b ? a : b);

/**
 * Line → location(s). One stocked location for the variant (or the shop): that one. Otherwise the fulfillment
 * orders in Shopify say where the units were committed. Lines Shopify doesn't place fall back to the variant's
 * lowest level (where a sale most likely went below zero).
 */
async function resolveTakes(
  shop: string,
  facts: OrderFacts,
  candidates: OrderLineFacts[],
  levelsByVariant: Map<string, Array<{ locationId: string; available: number }>>,
  gateway: GatewayFactory,
): Promise<Map<string, Array<{ locationId: string; quantity: number }>>> {
  const shopLocations = (await listActiveLocationIds(shop)).map((id) => ({ id }));
  const single = (line: OrderLineFacts) => {
    const levels = levelsByVariant.get(line.variantId!) ?? [];
    if (levels.length === 1) return levels[0].locationId;
    if (levels.length === 0 && shopLocations.length === 1) return shopLocations[0].id;
    return null;
  };
  const takes = new Map<string, Array<{ locationId: string; quantity: number }>>();
  const unplaced = candidates.filter((line) => {
    const location = single(line);
    if (location) takes.set(line.lineItemId, [{ locationId: location, quantity: line.quantity }]);
    return !location;
  });
  if (unplaced.length === 0) return takes;
  const fromShopify = takesFromFulfillmentOrders(await (await gateway()).getOrderForLedger(facts.orderId));
  for (const line of unplaced) {
    const placed = fromShopify.get(line.lineItemId);
    if (placed?.length) {
      takes.set(line.lineItemId, placed);
      continue;
    }
    const lowest = [...(levelsByVariant.get(line.variantId!) ?? [])].sort((a, b) => a.available - b.available)[0];
    if (lowest) takes.set(line.lineItemId, [{ locationId: lowest.locationId, quantity: line.quantity }]);
  }
  return takes;
}

/** The ETA each variant showed at order time: its fixed date, else its lead time counted from the order. */
async function promisedEtas(shop: string, variantIds: string[], orderedAt: Date): Promise<Map<string, string | null>> {
  const [settings, rows] = await Promise.all([
    getShopSettings(shop),
    listEtaSettings(shop, variantIds),
  ]);
  const etas = new Map<string, string | null>();
  for (const row of rows) {
    let eta: string | null = null;
    try {
      eta = resolveEta({
        now: orderedAt,
        timeZone: settings.timeZone,
        etaDate: row.etaDate,
        leadTimeDays: row.leadTimeDays,
        businessDays: row.businessDays,
        weekendDays: settings.weekendDays,
        holidays: settings.holidays,
      })?.date ?? null;
    } catch {
      eta = row.etaDate; // a misconfigured calendar: the fixed date, if any
    }
    etas.set(row.variantId, eta);
  }
  return etas;
}

/** Notified subscribers of this address who bought a variant they were alerted about within 7 days. */
async function attributeAlertConversions(shop: string, facts: OrderFacts): Promise<number> {
  if (!facts.email) return 0;
  const variantIds = [...new Set(facts.lines.map((l) => l.variantId).filter((id): id is string => !!id))];
  if (!variantIds.length) return 0;
  const candidates = await findConversionCandidates(shop, {
    emailNormalized: facts.email.toLowerCase(),
    variantIds,
    notifiedFrom: new Date(facts.createdAt.getTime() - CONVERSION_WINDOW_MS),
    notifiedTo: facts.createdAt,
  });
  const converted = candidates.filter((s) => isAlertConversion({ notifiedAt: s.notifiedAt, orderedAt: facts.createdAt }));
  if (!converted.length) return 0;
  return markConverted(shop, converted.map((s) => s.id), { orderId: facts.orderId, orderedAt: facts.createdAt });
}

// ---------------------------------------------------------------------------------------------------------
// Updates, cancellations, fulfilments, refunds

export type SnapshotResult = { applied: boolean; stale: boolean; changedLines: number };

/**
 * Applies absolute order facts to the ledger. `reason` says what a reduction of a line's quantity is (an edit, or
 * for the lines a refund names, a refund). Stale facts (older than the newest applied) are ignored unless they
 * carry a cancellation, which is terminal. `cancelBeforeCreate`: record the cancellation even without a ledger row
 * so the late orders/create cannot open lines of a cancelled order.
 */
export async function applyOrderSnapshot(input: {
  shop: string;
  facts: OrderFacts;
  now: Date;
  refundedLineItemIds?: ReadonlySet<string>;
  cancelBeforeCreate?: boolean;
  /** Reconciliation: Shopify's current state, applied even when not newer. */
  authoritative?: boolean;
  /** Publishes the storefront metafields of variants whose owed units changed; without it a background sync does. */
  gateway?: GatewayFactory;
}): Promise<SnapshotResult> {
  const { shop, facts, now } = input;
  const changedVariants: string[] = [];
  const result = await inTransaction(async (tx): Promise<SnapshotResult> => {
    changedVariants.length = 0; // a retried transaction starts over
    const order = await findLedgerOrder(shop, facts.orderId, tx);
    if (!order) {
      if (input.cancelBeforeCreate && facts.cancelledAt) {
        await createCancelledLedgerOrder(shop, facts.orderId, {
          orderName: facts.name, customerEmail: facts.email, customerLocale: facts.customerLocale, currencyCode: facts.currencyCode,
          orderedAt: facts.createdAt, shopifyUpdatedAt: facts.updatedAt, cancelledAt: facts.cancelledAt, status: "closed",
        }, tx);
        return { applied: true, stale: false, changedLines: 0 };
      }
      return { applied: false, stale: false, changedLines: 0 }; // not an order with backordered lines
    }
    const stale = !input.authoritative && order.shopifyUpdatedAt !== null && facts.updatedAt < order.shopifyUpdatedAt;
    const cancelledAt = order.cancelledAt ?? facts.cancelledAt;
    if (stale && !(facts.cancelledAt && !order.cancelledAt)) return { applied: false, stale: true, changedLines: 0 };
    const resolved = await resolveLines(tx, { shop, orderId: facts.orderId, facts: stale ? null : facts, cancelled: cancelledAt !== null, refunded: input.refundedLineItemIds, now });
    const changedLines = resolved.length;
    changedVariants.push(...resolved.map((u) => u.variantId));
    const stillOpen = await countOpenOrderLines(shop, facts.orderId, tx);
    const status = stillOpen > 0 ? "open" : "closed";
    const shopifyUpdatedAt = stale ? order.shopifyUpdatedAt : latest(order.shopifyUpdatedAt, facts.updatedAt);
    const orderChanged = status !== order.status || cancelledAt?.getTime() !== order.cancelledAt?.getTime();
    await updateLedgerOrder(shop, facts.orderId, { status, cancelledAt, shopifyUpdatedAt }, tx);
    if (changedLines > 0 || orderChanged) await requestOrderActionsSync(tx, { shop, orderId: facts.orderId, now });
    return { applied: true, stale, changedLines };
  });
  // A cancel, refund or edit frees allowance: the checkout validation's figure goes up again.
  await publishLedgerChange(shop, changedVariants, input.gateway, now);
  return result;
}

/** After the transaction: the storefront metafields of these variants, at once when a gateway is at hand. */
async function publishLedgerChange(shop: string, variantIds: readonly string[], gateway: GatewayFactory | undefined, now: Date): Promise<void> {
  if (!variantIds.length) return;
  if (gateway) await publishStorefrontMetafields({ shop, variantIds, gateway, now });
  else await enqueueStorefrontSync(shop, variantIds, now);
}

/** Re-resolves every line of an order; `facts` null = only the (terminal) cancellation is known. Returns the lines changed. */
async function resolveLines(
  tx: Db,
  input: { shop: string; orderId: string; facts: OrderFacts | null; cancelled: boolean; refunded?: ReadonlySet<string>; now: Date },
): Promise<LineResolutionUpdate[]> {
  const lines = await listOrderLines(input.shop, input.orderId, tx);
  const factsById = new Map((input.facts?.lines ?? []).map((l) => [l.lineItemId, l]));
  const updates: LineResolutionUpdate[] = [];
  for (const line of lines) {
    if (line.status === "cancelled") continue; // terminal
    const lineFacts = factsById.get(line.lineItemId);
    if (!lineFacts && !input.cancelled) continue; // the snapshot says nothing about this line
    // A refund's reason sticks: the orders/updated of the same refund may be processed after refunds/create.
    const reductionReason: ReductionReason = input.refunded?.has(line.lineItemId) || line.status === "refunded" ? "refunded" : "removed";
    const resolution = resolveLine({
      quantityOrdered: line.quantityOrdered,
      quantityBackordered: line.quantityBackordered,
      currentQuantity: lineFacts?.currentQuantity ?? line.quantityOrdered,
      fulfilledQuantity: lineFacts?.fulfilledQuantity ?? 0,
      orderCancelled: input.cancelled,
      reductionReason,
    });
    const quantityAllocated = Math.min(line.quantityAllocated, resolution.owed);
    if (resolution.status === line.status && resolution.quantityResolved === line.quantityResolved && quantityAllocated === line.quantityAllocated) continue;
    updates.push({
      id: line.id,
      variantId: line.variantId,
      status: resolution.status,
      quantityResolved: resolution.quantityResolved,
      quantityAllocated,
      resolvedAt: resolution.status === "open" ? null : (line.resolvedAt ?? input.now),
    });
  }
  await updateLineResolutions(input.shop, updates, tx);
  return updates;
}

/**
 * fulfillments/create and refunds/create name only what changed; the ledger re-reads the whole order from Shopify
 * (absolute facts: idempotent and order-independent). Orders without ledger lines cost no API call.
 */
export async function refreshOrderFromShopify(input: {
  shop: string;
  orderId: string;
  gateway: GatewayFactory;
  now: Date;
  refundedLineItemIds?: ReadonlySet<string>;
}): Promise<SnapshotResult> {
  const { shop, orderId } = input;
  if (!(await hasChangeableLines(shop, orderId))) return { applied: false, stale: false, changedLines: 0 };
  const order = await (await input.gateway()).getOrderForLedger(orderId);
  if (!order) return markOrderGone(shop, orderId, input.now, input.gateway);
  return applyOrderSnapshot({ shop, facts: orderFactsFromGraphql(order), now: input.now, refundedLineItemIds: input.refundedLineItemIds, authoritative: true, gateway: input.gateway });
}

/** An order Shopify no longer has (deleted): nothing can be shipped on it any more. */
async function markOrderGone(shop: string, orderId: string, now: Date, gateway?: GatewayFactory): Promise<SnapshotResult> {
  const resolved = await inTransaction(async (tx) => {
    const updates = await resolveLines(tx, { shop, orderId, facts: null, cancelled: true, now });
    await updateLedgerOrder(shop, orderId, { status: "closed", cancelledAt: now }, tx);
    if (updates.length) await requestOrderActionsSync(tx, { shop, orderId, now });
    return updates;
  });
  await publishLedgerChange(shop, resolved.map((u) => u.variantId), gateway, now);
  return { applied: true, stale: false, changedLines: resolved.length };
}

// ---------------------------------------------------------------------------------------------------------
// Reallocation when stock arrives

/** Recomputes quantityAllocated of the open lines of these variants (oldest first); returns the orders that changed. */
export async function reallocateVariants(input: { shop: string; variantIds: readonly string[]; now: Date }): Promise<string[]> {
  const { shop, now } = input;
  if (!input.variantIds.length) return [];
  const lines = await listOpenLinesOfVariants(shop, input.variantIds);
  if (!lines.length) return [];
  const variants = await loadVariantStock(shop, lines.map((l) => l.variantId));
  const updates: Array<{ id: string; orderId: string; quantityAllocated: number }> = [];
  for (const variant of variants) {
    const groups = new Map<string | null, typeof lines>();
    for (const line of lines.filter((l) => l.variantId === variant.id)) {
      const list = groups.get(line.locationId) ?? [];
      list.push(line);
      groups.set(line.locationId, list);
    }
    for (const [locationId, group] of groups) {
      const available = locationId === null
        ? variant.availableTotal
        : (variant.levels.find((l) => l.locationId === locationId)?.available ?? variant.availableTotal);
      const allocation = allocateArrivedStock({
        lines: group.map((l) => ({ id: l.id, orderedAt: l.orderedAt, owed: l.quantityBackordered - l.quantityResolved, quantityAllocated: l.quantityAllocated })),
        available,
      });
      for (const line of group) {
        const next = allocation.get(line.id) ?? 0;
        if (next !== line.quantityAllocated) updates.push({ id: line.id, orderId: line.orderId, quantityAllocated: next });
      }
    }
  }
  if (!updates.length) return [];
  const orderIds = [...new Set(updates.map((u) => u.orderId))];
  await inTransaction(async (tx) => {
    await writeLineAllocations(shop, updates, tx);
    for (const orderId of orderIds) await requestOrderActionsSync(tx, { shop, orderId, now });
  });
  return orderIds;
}

// ---------------------------------------------------------------------------------------------------------
// Hourly reconciliation

export function orderReconcileJobKey(runAt: Date): string {
  return `orders-reconcile:${runAt.toISOString().slice(0, 13)}`;
}

/** Schedules the next hour's reconciliation (one job per shop and hour; each run schedules the next). */
export async function scheduleOrderReconcile(shop: string, now: Date): Promise<void> {
  const runAt = new Date((Math.floor(now.getTime() / RECONCILE_INTERVAL_MS) + 1) * RECONCILE_INTERVAL_MS);
  await enqueue({ shop, type: ORDER_RECONCILE_JOB, idempotencyKey: orderReconcileJobKey(runAt), runAt, payload: {} });
}

export type ReconcileResult = { checked: number; corrected: number; gone: number };

/** Re-reads the open backordered orders from Shopify (least recently checked first) and corrects the ledger. */
export async function reconcileOrderLedger(input: { shop: string; gateway: GatewayFactory; now: Date }): Promise<ReconcileResult> {
  const { shop, now } = input;
  const open = await listOpenOrdersToCheck(shop, RECONCILE_BATCH);
  const result: ReconcileResult = { checked: 0, corrected: 0, gone: 0 };
  if (!open.length) return result;
  const gateway = await input.gateway();
  const sameGateway = async () => gateway;
  for (const orderId of open) {
    const order = await gateway.getOrderForLedger(orderId);
    result.checked++;
    const outcome = order
      ? await applyOrderSnapshot({ shop, facts: orderFactsFromGraphql(order), now, authoritative: true, gateway: sameGateway })
      : (result.gone++, await markOrderGone(shop, orderId, now, sameGateway));
    if (outcome.changedLines > 0) result.corrected++;
    // Touch the row so the next run starts with orders not checked for longest.
    await markOrderChecked(shop, orderId, now);
  }
  // Corrections change what is owed without any inventory webhook: recompute the allocations of those variants.
  await reallocateVariants({ shop, variantIds: await listOpenLineVariantIds(shop, open), now });
  return result;
}
