import { describe, expect, it } from "vitest";
import {
  BACKORDER_TAG,
  NOTE_BLOCK_END,
  NOTE_BLOCK_START,
  REVIEW_TAG,
  etaEntries,
  findEtaNoteBlock,
  isAwaitingStock,
  mergeEtaNote,
  planLineRecords,
  planNextFulfillmentAction,
  planOrderDetails,
  renderEtaNoteBlock,
  type FulfillmentOrderView,
  type LedgerLine,
  type OrderActionSettings,
} from "./order-actions";

const ALL_ON: OrderActionSettings = { tagBackorderedOrders: true, holdBackorderedLines: true, sendShippingSoon: true, noteEtaOnOrders: true, flagUnseenBackorders: true };
const ALL_OFF: OrderActionSettings = { tagBackorderedOrders: false, holdBackorderedLines: false, sendShippingSoon: false, noteEtaOnOrders: false, flagUnseenBackorders: false };
const NOT_RECORDED = { tagged: false, reviewFlagged: false, noteSynced: null };

const line = (partial: Partial<LedgerLine> = {}): LedgerLine => ({
  id: "bl1",
  lineItemId: "gid://shopify/LineItem/11",
  productTitle: "Widget",
  variantTitle: "Blue",
  quantityBackordered: 2,
  quantityResolved: 0,
  quantityAllocated: 0,
  status: "open",
  sawNotice: true,
  etaPromised: "2026-12-01",
  etaCurrent: "2026-12-05",
  locationId: "gid://shopify/Location/1",
  holdStatus: "none",
  fulfillmentOrderId: null,
  ...partial,
});

const fo = (id: string, items: Array<[string, string, number]>, partial: Partial<FulfillmentOrderView> = {}): FulfillmentOrderView => ({
  id,
  status: "OPEN",
  locationId: "gid://shopify/Location/1",
  holds: [],
  lineItems: items.map(([foLineId, lineItemId, remainingQuantity]) => ({ id: foLineId, lineItemId, remainingQuantity })),
  ...partial,
});
const APP_HOLD = { id: "gid://shopify/FulfillmentHold/9", handle: "backorders", heldByRequestingApp: true };
const IN_STOCK = "gid://shopify/LineItem/10";
const BACKORDERED = "gid://shopify/LineItem/11";

describe("ledger facts", () => {
  it("owes backordered minus resolved units of open lines, and waits for stock until allocation covers them", () => {
    expect(isAwaitingStock(line())).toBe(true);
    expect(isAwaitingStock(line({ quantityAllocated: 1 }))).toBe(true);
    expect(isAwaitingStock(line({ quantityAllocated: 2 }))).toBe(false);
    expect(isAwaitingStock(line({ quantityResolved: 1, quantityAllocated: 1 }))).toBe(false);
    expect(isAwaitingStock(line({ status: "cancelled" }))).toBe(false);
  });

  it("lists each owed line with its current ETA (the promised one when never changed)", () => {
    expect(etaEntries([line(), line({ id: "bl2", lineItemId: "gid://shopify/LineItem/12", etaCurrent: null, variantTitle: null, quantityResolved: 1 }), line({ id: "bl3", status: "fulfilled" })])).toEqual([
      { lineItemId: BACKORDERED, title: "Widget – Blue", quantity: 2, eta: "2026-12-05" },
      { lineItemId: "gid://shopify/LineItem/12", title: "Widget", quantity: 1, eta: "2026-12-01" },
    ]);
  });
});

describe("order note block", () => {
  const block = renderEtaNoteBlock([{ lineItemId: BACKORDERED, title: "Widget – Blue", quantity: 2, eta: "2026-12-05" }])!;

  it("appends the block after the merchant's text and replaces only the block later", () => {
    expect(block).toBe(`${NOTE_BLOCK_START}\n- 2 × Widget – Blue: ships by 2026-12-05\n${NOTE_BLOCK_END}`);
    const first = mergeEtaNote("Gift wrap please", block);
    expect(first).toBe(`Gift wrap please\n\n${block}`);
    const newer = renderEtaNoteBlock([{ lineItemId: BACKORDERED, title: "Widget – Blue", quantity: 2, eta: "2026-12-20" }])!;
    expect(mergeEtaNote(first, newer)).toBe(`Gift wrap please\n\n${newer}`);
    expect(mergeEtaNote(first, null)).toBe("Gift wrap please");
    expect(findEtaNoteBlock(first)).toBe(block);
  });

  it("leaves a note without the block alone when there is nothing to write", () => {
    expect(mergeEtaNote("  merchant text  ", null)).toBe("  merchant text  ");
    expect(mergeEtaNote(null, block)).toBe(block);
  });
});

describe("planOrderDetails", () => {
  const fresh = { tags: [], note: null, etaMetafieldValue: null };

  it("tags, notes and writes the metafield while something is owed", () => {
    const plan = planOrderDetails({ lines: [line()], settings: ALL_ON, recorded: NOT_RECORDED, order: fresh });
    expect(plan.addTags).toEqual([BACKORDER_TAG]);
    expect(plan.note).toContain("ships by 2026-12-05");
    expect(JSON.parse(plan.etaMetafieldValue!)).toEqual([{ lineItemId: BACKORDERED, title: "Widget – Blue", quantity: 2, eta: "2026-12-05" }]);
  });

  it("plans nothing when the order already matches", () => {
    const first = planOrderDetails({ lines: [line()], settings: ALL_ON, recorded: NOT_RECORDED, order: fresh });
    const again = planOrderDetails({ lines: [line()], settings: ALL_ON, recorded: NOT_RECORDED, order: { tags: ["Backorder"], note: first.note, etaMetafieldValue: first.etaMetafieldValue } });
    expect(again).toEqual({ addTags: [], removeTags: [], note: null, etaMetafieldValue: null, deleteEtaMetafield: false });
  });

  it("removes the tag, the note block and the metafield once nothing is owed — even with the settings off", () => {
    const note = mergeEtaNote("VIP", renderEtaNoteBlock(etaEntries([line()])));
    const plan = planOrderDetails({ lines: [line({ status: "fulfilled" })], settings: ALL_OFF, recorded: { tagged: true, reviewFlagged: false, noteSynced: null }, order: { tags: ["backorder", "vip"], note, etaMetafieldValue: "[]" } });
    expect(plan).toEqual({ addTags: [], removeTags: [BACKORDER_TAG], note: "VIP", etaMetafieldValue: null, deleteEtaMetafield: true });
  });

  it("adds nothing with the settings off", () => {
    expect(planOrderDetails({ lines: [line({ sawNotice: false })], settings: ALL_OFF, recorded: NOT_RECORDED, order: fresh })).toEqual({
      addTags: [], removeTags: [], note: null, etaMetafieldValue: null, deleteEtaMetafield: false,
    });
  });

  it("flags an unseen backorder for review once; a merchant removing the tag is not overridden", () => {
    expect(planOrderDetails({ lines: [line({ sawNotice: false })], settings: ALL_ON, recorded: NOT_RECORDED, order: fresh }).addTags).toEqual([BACKORDER_TAG, REVIEW_TAG]);
    expect(planOrderDetails({ lines: [line({ sawNotice: false })], settings: ALL_ON, recorded: { ...NOT_RECORDED, reviewFlagged: true }, order: fresh }).addTags).toEqual([BACKORDER_TAG]);
  });
});

describe("planNextFulfillmentAction", () => {
  it("splits the backordered units out of a fulfillment order that also has in-stock units, then holds them", () => {
    const mixed = fo("FO1", [["FOL1", IN_STOCK, 1], ["FOL2", BACKORDERED, 3]]);
    expect(planNextFulfillmentAction({ lines: [line()], settings: ALL_ON, order: { fulfillmentOrders: [mixed] } })).toEqual({
      kind: "split", fulfillmentOrderId: "FO1", lineItems: [{ id: "FOL2", quantity: 2 }], lineId: "bl1",
    });
    const afterSplit = [fo("FO1", [["FOL1", IN_STOCK, 1], ["FOL2", BACKORDERED, 1]]), fo("FO2", [["FOL3", BACKORDERED, 2]])];
    expect(planNextFulfillmentAction({ lines: [line()], settings: ALL_ON, order: { fulfillmentOrders: afterSplit } })).toEqual({
      kind: "hold", fulfillmentOrderId: "FO2", reasonNotes: "Backordered: ships by 2026-12-05", lineId: "bl1",
    });
  });

  it("is done once the backordered units are held, and does nothing with holds off", () => {
    const held = [fo("FO1", [["FOL1", IN_STOCK, 1]]), fo("FO2", [["FOL3", BACKORDERED, 2]], { status: "ON_HOLD", holds: [APP_HOLD] })];
    expect(planNextFulfillmentAction({ lines: [line()], settings: ALL_ON, order: { fulfillmentOrders: held } })).toBeNull();
    expect(planNextFulfillmentAction({ lines: [line()], settings: ALL_OFF, order: { fulfillmentOrders: [fo("FO1", [["FOL1", IN_STOCK, 1], ["FOL2", BACKORDERED, 2]])] } })).toBeNull();
  });

  it("releases the app's hold when stock covers the line or the line is resolved, never someone else's", () => {
    const held = [fo("FO2", [["FOL3", BACKORDERED, 2]], { status: "ON_HOLD", holds: [APP_HOLD] })];
    expect(planNextFulfillmentAction({ lines: [line({ holdStatus: "held", quantityAllocated: 2 })], settings: ALL_OFF, order: { fulfillmentOrders: held } })).toEqual({
      kind: "release", fulfillmentOrderId: "FO2", holdIds: [APP_HOLD.id], lineIds: ["bl1"],
    });
    expect(planNextFulfillmentAction({ lines: [line({ holdStatus: "held", status: "cancelled" })], settings: ALL_ON, order: { fulfillmentOrders: held } })?.kind).toBe("release");
    const merchantHold = [fo("FO2", [["FOL3", BACKORDERED, 2]], { status: "ON_HOLD", holds: [{ ...APP_HOLD, heldByRequestingApp: false }] })];
    expect(planNextFulfillmentAction({ lines: [line({ quantityAllocated: 2 })], settings: ALL_ON, order: { fulfillmentOrders: merchantHold } })).toBeNull();
  });

  it("does not hold again a line the merchant released by hand", () => {
    const open = [fo("FO2", [["FOL3", BACKORDERED, 2]])];
    expect(planNextFulfillmentAction({ lines: [line({ holdStatus: "held" })], settings: ALL_ON, order: { fulfillmentOrders: open } })).toBeNull();
    expect(planNextFulfillmentAction({ lines: [line({ holdStatus: "released" })], settings: ALL_ON, order: { fulfillmentOrders: open } })).toBeNull();
  });
});

describe("planLineRecords", () => {
  it("records a new hold, and a release with the shipping-soon email only when stock arrived", () => {
    const held = { fulfillmentOrders: [fo("FO2", [["FOL3", BACKORDERED, 2]], { status: "ON_HOLD", holds: [APP_HOLD] })] };
    const released = { fulfillmentOrders: [fo("FO2", [["FOL3", BACKORDERED, 2]])] };
    expect(planLineRecords({ lines: [line()], settings: ALL_ON, order: held })).toEqual([
      { lineId: "bl1", holdStatus: "held", fulfillmentOrderId: "FO2", heldNow: true, releasedNow: false, shippingSoon: false },
    ]);
    expect(planLineRecords({ lines: [line({ holdStatus: "held", fulfillmentOrderId: "FO2" })], settings: ALL_ON, order: held })).toEqual([]);
    expect(planLineRecords({ lines: [line({ holdStatus: "held", fulfillmentOrderId: "FO2", quantityAllocated: 2 })], settings: ALL_ON, order: released })).toEqual([
      { lineId: "bl1", holdStatus: "released", fulfillmentOrderId: "FO2", heldNow: false, releasedNow: true, shippingSoon: true },
    ]);
    expect(planLineRecords({ lines: [line({ holdStatus: "held", quantityAllocated: 2 })], settings: { ...ALL_ON, sendShippingSoon: false }, order: released })[0].shippingSoon).toBe(false);
    expect(planLineRecords({ lines: [line({ holdStatus: "held", status: "cancelled" })], settings: ALL_ON, order: released })[0].shippingSoon).toBe(false);
  });
});
