// Sales history recording (issue 17): units sold per variant and shop-local day from every order, and the daily
// stock level. The rules are in app/domain/sales-history.ts, the rows in app/models/sales-history.server.ts.
//
//   recordOrderSales          orders/create, orders/updated, orders/cancelled (app/jobs/order-jobs.server.ts): the
//                             order's state as the webhook states it, parsed by the ledger's orderFactsFromWebhook.
//   refreshOrderSalesFromShopify
//                             refunds/create names only the refund: an order the history holds is re-read from
//                             Shopify (absolute facts, like the ledger's re-read).
//   recordStockLevelsNow      after Variant.availableTotal changed (inventory_levels/update, products webhooks,
//                             the catalog sync): today's endOfDayAvailable where it differs from the last one.
//   convergeSalesStates       the one write path, also the backfill's (app/services/sales-history-backfill.server.ts).
import { netUnitsOfLine, salesDayOf, type OrderSalesState } from "#app/domain/sales-history";
import { convergeOrderSales, hasOrderSalesLines, loadVariantProductIds, recordStockLevels, type ConvergeResult } from "#app/models/sales-history.server";
import { loadShopTimeZone, loadShopToday } from "#app/models/shop-time-zone.server";
import { inTransaction } from "#app/models/transaction.server";
import type { AdminGateway } from "#app/shopify/admin-gateway.server";
import { orderFactsFromGraphql, type OrderFacts } from "./order-ledger.server";

/** An order's sales state from ledger facts (webhook or GraphQL), its day in `timeZone`. */
export function orderSalesStateFromFacts(facts: OrderFacts, timeZone: string): OrderSalesState {
  const cancelled = facts.cancelledAt !== null;
  return {
    orderId: facts.orderId,
    updatedAt: facts.updatedAt,
    day: salesDayOf({ processedAt: facts.processedAt ?? null, createdAt: facts.createdAt }, timeZone),
    lines: facts.lines.map((line) => ({
      lineItemId: line.lineItemId,
      variantId: line.variantId,
      productId: line.productId ?? null,
      netUnits: netUnitsOfLine({ quantity: line.quantity, currentQuantity: line.currentQuantity, cancelled }),
    })),
  };
}

/** Applies order states in one transaction; lines that do not name their product take it from the mirror. */
export async function convergeSalesStates(shop: string, states: readonly OrderSalesState[], now: Date): Promise<ConvergeResult> {
  const unnamed = states.flatMap((s) => s.lines.filter((l) => l.variantId && !l.productId).map((l) => l.variantId!));
  const products = unnamed.length ? await loadVariantProductIds(shop, unnamed) : new Map<string, string>();
  const named = products.size
    ? states.map((s) => ({ ...s, lines: s.lines.map((l) => (l.productId || !l.variantId ? l : { ...l, productId: products.get(l.variantId) ?? null })) }))
    : states;
  return inTransaction((tx) => convergeOrderSales(shop, named, now, tx));
}

/** orders/create|updated|cancelled: the order's state as delivered. */
export async function recordOrderSales(input: { shop: string; facts: OrderFacts; now: Date }): Promise<ConvergeResult> {
  const timeZone = await loadShopTimeZone(input.shop);
  return convergeSalesStates(input.shop, [orderSalesStateFromFacts(input.facts, timeZone)], input.now);
}

/**
 * refunds/create: re-reads the order from Shopify when the history holds it (an order it never saw — older than
 * the backfill window — costs no API call). An order Shopify no longer has keeps what it counted.
 */
export async function refreshOrderSalesFromShopify(input: {
  shop: string;
  orderId: string;
  gateway: () => Promise<Pick<AdminGateway, "getOrderForLedger">>;
  now: Date;
}): Promise<ConvergeResult | null> {
  if (!(await hasOrderSalesLines(input.shop, input.orderId))) return null;
  const order = await (await input.gateway()).getOrderForLedger(input.orderId);
  if (!order) return null;
  return recordOrderSales({ shop: input.shop, facts: orderFactsFromGraphql(order), now: input.now });
}

/** Today's (shop-local) end-of-day level of these variants (all of the shop's when omitted), where it changed. */
export async function recordStockLevelsNow(input: { shop: string; now: Date; variantIds?: readonly string[] }): Promise<number> {
  if (input.variantIds && !input.variantIds.length) return 0;
  const { today } = await loadShopToday(input.shop, input.now);
  return recordStockLevels(input.shop, { day: today, now: input.now, variantIds: input.variantIds });
}
