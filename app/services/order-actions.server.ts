// Makes one order in Shopify match the backorder ledger (job `order.sync-actions`, requested after every ledger
// change): the `backorder` and review tags, the ETA note block and metafield, and the split/hold/release of the
// fulfilment of backordered lines. Reads the order, applies what app/domain/order-actions.ts plans, and records
// what Shopify shows afterwards — so a second run sends no mutation, and a run that failed half-way is finished by
// the next one (each step is planned from Shopify's state, not from what the app believes it did).

import {
  BACKORDER_TAG,
  ETA_METAFIELD,
  HOLD_HANDLE,
  HOLD_REASON,
  REVIEW_TAG,
  findEtaNoteBlock,
  lineTitle,
  owedQuantity,
  planLineRecords,
  planNextFulfillmentAction,
  planOrderDetails,
  type FulfillmentAction,
  type HoldStatus,
  type LedgerLine,
  type OrderActionSettings,
  type ShopifyOrderView,
} from "../domain/order-actions";
import { enqueueEmail } from "../models/email-outbox.server";
import { findLedgerOrder } from "../models/order-ledger.server";
import { listOrderActionLines, loadOrderActionFlags, recordLineFulfillment, recordOrderActionsSynced } from "../models/order-action.server";
import { inTransaction } from "../models/transaction.server";
import type { AdminGateway } from "../shopify/admin-gateway.server";

export type OrderActionsGateway = Pick<
  AdminGateway,
  "getOrderForActions" | "addTags" | "removeTags" | "updateOrderNote" | "deleteMetafields" | "splitFulfillmentOrder" | "holdFulfillmentOrder" | "releaseFulfillmentOrderHold"
>;

/** Same as the schema defaults of ShopSettings (a shop without a settings row yet). */
export const ORDER_ACTION_DEFAULTS: OrderActionSettings = {
  tagBackorderedOrders: true,
  holdBackorderedLines: false,
  sendShippingSoon: true,
  noteEtaOnOrders: true,
  flagUnseenBackorders: true,
};

/** A split + hold per backordered line and a release per held line, with room to spare; more means a loop. */
const MAX_FULFILLMENT_STEPS_PER_LINE = 4;

/** One or more steps failed; the others were applied and recorded. The job retries, and the retry finishes it. */
export class OrderActionsError extends Error {
  readonly failures: string[];
  constructor(orderName: string, failures: string[], options?: { cause?: unknown }) {
    super(`Order ${orderName}: ${failures.join("; ")}`, options);
    this.name = "OrderActionsError";
    this.failures = failures;
  }
}

export type OrderActionsResult =
  | { status: "no_ledger" }
  | { status: "order_missing" }
  | { status: "synced"; mutations: string[]; shippingSoonEmails: number };

export async function loadOrderActionSettings(shop: string): Promise<OrderActionSettings> {
  return (await loadOrderActionFlags(shop)) ?? ORDER_ACTION_DEFAULTS;
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error));

function describeAction(action: FulfillmentAction, lines: readonly LedgerLine[]): string {
  const titles = (ids: string[]) => lines.filter((l) => ids.includes(l.id)).map((l) => `"${lineTitle(l)}"`).join(", ") || "its lines";
  switch (action.kind) {
    case "release":
      return `release the hold on ${titles(action.lineIds)}`;
    case "split":
      return `split ${titles([action.lineId])} into its own fulfillment order`;
    case "hold":
      return `put ${titles([action.lineId])} on hold`;
  }
}

export async function syncOrderActions(input: {
  shop: string;
  orderId: string;
  gateway: OrderActionsGateway | (() => Promise<OrderActionsGateway>);
  now: Date;
}): Promise<OrderActionsResult> {
  const { shop, orderId, now } = input;
  const [rows, orderRow] = await Promise.all([
    listOrderActionLines(shop, orderId),
    findLedgerOrder(shop, orderId),
  ]);
  if (!rows.length && !orderRow) return { status: "no_ledger" };

  const settings = await loadOrderActionSettings(shop);
  const lines: LedgerLine[] = rows.map((row) => ({ ...row, holdStatus: row.holdStatus as HoldStatus }));
  const gateway = typeof input.gateway === "function" ? await input.gateway() : input.gateway;

  let order = await gateway.getOrderForActions(orderId);
  if (!order) return { status: "order_missing" };
  const orderName = order.name ?? orderRow?.orderName ?? orderId;
  const mutations: string[] = [];
  const failures: string[] = [];
  let stale = false; // a mutation was attempted since `order` was read

  async function attempt(description: string, run: () => Promise<void>): Promise<boolean> {
    stale = true;
    try {
      await run();
      mutations.push(description);
      return true;
    } catch (error) {
      failures.push(`could not ${description} (${message(error)})`);
      return false;
    }
  }

  // Tags, note and metafield: independent of one another and of the holds, so one failing does not stop the rest.
  const details = planOrderDetails({ lines, settings, recorded: orderRow ?? { tagged: false, reviewFlagged: false, noteSynced: null }, order });
  if (details.addTags.length) await attempt(`add the tags ${details.addTags.map((t) => `"${t}"`).join(", ")}`, () => gateway.addTags(orderId, details.addTags));
  if (details.removeTags.length) await attempt(`remove the tag ${details.removeTags.map((t) => `"${t}"`).join(", ")}`, () => gateway.removeTags(orderId, details.removeTags));
  if (details.note !== null || details.etaMetafieldValue !== null) {
    await attempt("write the backorder ETAs to the order note", () =>
      gateway.updateOrderNote({
        orderId,
        ...(details.note !== null ? { note: details.note } : {}),
        ...(details.etaMetafieldValue !== null ? { metafield: { ...ETA_METAFIELD, value: details.etaMetafieldValue } } : {}),
      }),
    );
  }
  if (details.deleteEtaMetafield) {
    await attempt("clear the backorder ETA metafield", async () => {
      const result = await gateway.deleteMetafields([{ ownerId: orderId, namespace: ETA_METAFIELD.namespace, key: ETA_METAFIELD.key }]);
      if (result.failed.length) throw new Error(result.failed.map((f) => f.message).join("; "));
    });
  }

  // Fulfilment: one step at a time, re-reading the order after each, until nothing is left to do.
  const maxSteps = MAX_FULFILLMENT_STEPS_PER_LINE * Math.max(1, lines.length) + 2;
  for (let step = 0; ; step++) {
    if (stale) {
      order = (await gateway.getOrderForActions(orderId)) ?? order;
      stale = false;
    }
    const action = planNextFulfillmentAction({ lines, settings, order });
    if (!action) break;
    if (step >= maxSteps) {
      failures.push(`fulfilment did not settle after ${maxSteps} steps (next: ${describeAction(action, lines)})`);
      break;
    }
    const ok = await attempt(describeAction(action, lines), () => {
      switch (action.kind) {
        case "release":
          return gateway.releaseFulfillmentOrderHold(action.fulfillmentOrderId, action.holdIds);
        case "split":
          return gateway.splitFulfillmentOrder(action.fulfillmentOrderId, action.lineItems);
        case "hold":
          return gateway.holdFulfillmentOrder(action.fulfillmentOrderId, { reason: HOLD_REASON, reasonNotes: action.reasonNotes, handle: HOLD_HANDLE });
      }
    });
    if (!ok) break; // the next step would be planned from the same state and fail the same way
  }
  if (stale) order = (await gateway.getOrderForActions(orderId)) ?? order;

  const contacts = new Map(rows.map((row) => [row.id, { email: row.customerEmail, locale: row.customerLocale, orderName: row.orderName }]));
  const shippingSoonEmails = await recordOrderState({ shop, orderId, lines, contacts, settings, order, orderName, reviewFlagged: orderRow?.reviewFlagged ?? false, now });
  if (failures.length) throw new OrderActionsError(orderName, failures);
  return { status: "synced", mutations, shippingSoonEmails };
}

/** Records what Shopify shows now, and enqueues "shipping soon" in the transaction that records the release. */
async function recordOrderState(input: {
  shop: string;
  orderId: string;
  lines: readonly LedgerLine[];
  contacts: ReadonlyMap<string, { email: string | null; locale: string | null; orderName: string | null }>;
  settings: OrderActionSettings;
  order: ShopifyOrderView;
  orderName: string;
  reviewFlagged: boolean;
  now: Date;
}): Promise<number> {
  const { shop, orderId, lines, order, now } = input;
  const records = planLineRecords({ lines, settings: input.settings, order });
  const lowerTags = order.tags.map((t) => t.toLowerCase());
  return inTransaction(async (tx) => {
    let emails = 0;
    for (const record of records) {
      await recordLineFulfillment(
        {
          lineId: record.lineId,
          holdStatus: record.holdStatus,
          fulfillmentOrderId: record.fulfillmentOrderId,
          ...(record.heldNow ? { heldAt: now } : {}),
          ...(record.releasedNow ? { releasedAt: now } : {}),
        },
        tx,
      );
      const line = lines.find((l) => l.id === record.lineId)!;
      const contact = input.contacts.get(record.lineId);
      if (!record.shippingSoon || !contact?.email) continue;
      const { created } = await enqueueEmail(tx, {
        shop,
        kind: "shipping_soon",
        idempotencyKey: `ship/${line.id}`,
        toEmail: contact.email,
        locale: contact.locale ?? "en",
        data: { backorderLineId: line.id, orderId, orderName: contact.orderName ?? input.orderName, title: lineTitle(line), quantity: owedQuantity(line) },
        runAt: now,
        reason: `Stock arrived for ${owedQuantity(line)} × ${lineTitle(line)} (order ${input.orderName}); the app released its fulfilment hold`,
      });
      if (created) emails += 1;
    }
    await recordOrderActionsSynced(
      shop,
      orderId,
      {
        tagged: lowerTags.includes(BACKORDER_TAG),
        reviewFlagged: input.reviewFlagged || lowerTags.includes(REVIEW_TAG),
        noteSynced: findEtaNoteBlock(order.note),
        actionsSyncedAt: now,
      },
      tx,
    );
    return emails;
  });
}
