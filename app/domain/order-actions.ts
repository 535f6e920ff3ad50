// What one order should look like in Shopify, given its backorder ledger lines and the merchant's settings, and
// the next change that brings the order there. Pure: the service reads the order from Shopify, asks these
// functions what to do, applies it, and reads again — so a run interrupted half-way is finished by the next one,
// and a run over an order that already matches plans nothing.
//
// Settings switched off stop the app from adding anything new; what the app already added (its tag, its note
// block, its holds) is still cleaned up when nothing is owed any more, so no order keeps a stale `backorder` tag.

export const BACKORDER_TAG = "backorder";
/** Orders that reached backordered stock without the shopper seeing the storefront notice. */
export const REVIEW_TAG = "backorder-review";
export const ETA_METAFIELD = { namespace: "$app", key: "backorder_etas", type: "json" } as const;
/** The app's hold handle: one hold per fulfillment order, and only holds with it are ever released by the app. */
export const HOLD_HANDLE = "backorders";
/** The 2026-10 enum has a reason made for this (OTHER would hide it in the admin's hold filter). */
export const HOLD_REASON = "INVENTORY_OUT_OF_STOCK";
export const NOTE_BLOCK_START = "[Backorders] Backordered items:";
export const NOTE_BLOCK_END = "[/Backorders]";

export type OrderActionSettings = {
  tagBackorderedOrders: boolean;
  holdBackorderedLines: boolean;
  sendShippingSoon: boolean;
  noteEtaOnOrders: boolean;
  flagUnseenBackorders: boolean;
};

export type HoldStatus = "none" | "held" | "released" | "failed";

export type LedgerLine = {
  id: string;
  lineItemId: string;
  productTitle: string | null;
  variantTitle: string | null;
  quantityBackordered: number;
  quantityResolved: number;
  quantityAllocated: number;
  status: string; // open | fulfilled | cancelled | refunded | removed
  sawNotice: boolean;
  etaPromised: string | null;
  etaCurrent: string | null;
  locationId: string | null;
  holdStatus: HoldStatus;
  fulfillmentOrderId: string | null;
};

export type RecordedOrderState = { tagged: boolean; reviewFlagged: boolean; noteSynced: string | null };

export type FulfillmentHoldView = { id: string; handle: string | null; heldByRequestingApp: boolean };

export type FulfillmentOrderView = {
  id: string;
  status: string; // OPEN | ON_HOLD | IN_PROGRESS | SCHEDULED | CLOSED | CANCELLED | INCOMPLETE
  locationId: string | null;
  holds: FulfillmentHoldView[];
  lineItems: Array<{ id: string; lineItemId: string; remainingQuantity: number }>;
};

export type ShopifyOrderView = {
  id: string;
  name: string | null;
  tags: string[];
  note: string | null;
  etaMetafieldValue: string | null;
  fulfillmentOrders: FulfillmentOrderView[];
};

export type EtaEntry = { lineItemId: string; title: string; quantity: number; eta: string | null };

// ---------------------------------------------------------------------------------------------------------
// Ledger facts

/** Units of the line still owed to the shopper (0 once fulfilled, cancelled, refunded or removed). */
export function owedQuantity(line: LedgerLine): number {
  if (line.status !== "open") return 0;
  return Math.max(0, line.quantityBackordered - line.quantityResolved);
}

/** Owed and not yet covered by arrived stock: these units must not ship (and are held when holds are on). */
export function isAwaitingStock(line: LedgerLine): boolean {
  const owed = owedQuantity(line);
  return owed > 0 && line.quantityAllocated < owed;
}

/** Every owed unit is covered by arrived stock: the hold can go and the shopper hears "shipping soon". */
export function isReadyToShip(line: LedgerLine): boolean {
  return owedQuantity(line) > 0 && !isAwaitingStock(line);
}

export function lineTitle(line: Pick<LedgerLine, "productTitle" | "variantTitle" | "lineItemId">): string {
  const product = line.productTitle?.trim() || `Line item ${line.lineItemId.split("/").pop()}`;
  const variant = line.variantTitle?.trim();
  return variant && variant !== "Default Title" ? `${product} – ${variant}` : product;
}

const lineEta = (line: LedgerLine) => line.etaCurrent ?? line.etaPromised;

export function etaEntries(lines: readonly LedgerLine[]): EtaEntry[] {
  return lines
    .filter((line) => owedQuantity(line) > 0)
    .map((line) => ({ lineItemId: line.lineItemId, title: lineTitle(line), quantity: owedQuantity(line), eta: lineEta(line) }));
}

export function holdReasonNotes(line: LedgerLine): string {
  const eta = lineEta(line);
  return eta ? `Backordered: ships by ${eta}` : "Backordered: ship date to be confirmed";
}

// ---------------------------------------------------------------------------------------------------------
// Order note (the merchant's own text is kept; only the app's delimited block is replaced)

export function renderEtaNoteBlock(entries: readonly EtaEntry[]): string | null {
  if (!entries.length) return null;
  const rows = entries.map((e) => `- ${e.quantity} × ${e.title}: ${e.eta ? `ships by ${e.eta}` : "ship date to be confirmed"}`);
  return [NOTE_BLOCK_START, ...rows, NOTE_BLOCK_END].join("\n");
}

/** The app's block in a note, or null. */
export function findEtaNoteBlock(note: string | null): string | null {
  if (!note) return null;
  const start = note.indexOf(NOTE_BLOCK_START);
  if (start < 0) return null;
  const end = note.indexOf(NOTE_BLOCK_END, start);
  return end < 0 ? note.slice(start) : note.slice(start, end + NOTE_BLOCK_END.length);
}

/** The note with the app's block replaced by `block` (removed when null); the merchant's text is untouched. */
export function mergeEtaNote(note: string | null, block: string | null): string {
  const current = note ?? "";
  const existing = findEtaNoteBlock(current);
  const merchantText = (existing ? current.replace(existing, "") : current).replace(/\n{3,}/g, "\n\n").trim();
  if (!block) return existing ? merchantText : current;
  return merchantText ? `${merchantText}\n\n${block}` : block;
}

// ---------------------------------------------------------------------------------------------------------
// Tags, note and metafield

export type OrderDetailsPlan = {
  addTags: string[];
  removeTags: string[];
  /** The full note to write, or null when the note is already right. */
  note: string | null;
  /** The metafield value to write, or null when it is already right. */
  etaMetafieldValue: string | null;
  deleteEtaMetafield: boolean;
};

const hasTag = (tags: readonly string[], tag: string) => tags.some((t) => t.toLowerCase() === tag.toLowerCase());

function sameJson(a: string | null, b: string): boolean {
  if (a === null) return false;
  try {
    return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
  } catch {
    return false;
  }
}

export function planOrderDetails(input: {
  lines: readonly LedgerLine[];
  settings: OrderActionSettings;
  recorded: RecordedOrderState;
  order: Pick<ShopifyOrderView, "tags" | "note" | "etaMetafieldValue">;
}): OrderDetailsPlan {
  const { lines, settings, recorded, order } = input;
  const owed = lines.some((line) => owedQuantity(line) > 0);
  const plan: OrderDetailsPlan = { addTags: [], removeTags: [], note: null, etaMetafieldValue: null, deleteEtaMetafield: false };

  if (owed && settings.tagBackorderedOrders && !hasTag(order.tags, BACKORDER_TAG)) plan.addTags.push(BACKORDER_TAG);
  if (!owed && hasTag(order.tags, BACKORDER_TAG)) plan.removeTags.push(BACKORDER_TAG);

  // Flagged once; the merchant removing the tag means "reviewed", so it is never added again.
  const unseen = lines.some((line) => owedQuantity(line) > 0 && !line.sawNotice);
  if (unseen && settings.flagUnseenBackorders && !recorded.reviewFlagged && !hasTag(order.tags, REVIEW_TAG)) plan.addTags.push(REVIEW_TAG);

  if (owed && settings.noteEtaOnOrders) {
    const entries = etaEntries(lines);
    const note = mergeEtaNote(order.note, renderEtaNoteBlock(entries));
    if (note !== (order.note ?? "")) plan.note = note;
    const value = JSON.stringify(entries);
    if (!sameJson(order.etaMetafieldValue, value)) plan.etaMetafieldValue = value;
  } else if (!owed) {
    const note = mergeEtaNote(order.note, null);
    if (note !== (order.note ?? "")) plan.note = note;
    plan.deleteEtaMetafield = order.etaMetafieldValue !== null;
  }
  return plan;
}

// ---------------------------------------------------------------------------------------------------------
// Fulfilment holds: every line awaiting stock gets a fulfillment order of its own, held by the app, so each line
// is released on its own when its stock arrives, and everything else in the order ships now.

export type FulfillmentAction =
  | { kind: "release"; fulfillmentOrderId: string; holdIds: string[]; lineIds: string[] }
  | { kind: "split"; fulfillmentOrderId: string; lineItems: Array<{ id: string; quantity: number }>; lineId: string }
  | { kind: "hold"; fulfillmentOrderId: string; reasonNotes: string; lineId: string };

const isAppHold = (hold: FulfillmentHoldView) => hold.heldByRequestingApp && hold.handle === HOLD_HANDLE;
const appHolds = (fo: FulfillmentOrderView) => fo.holds.filter(isAppHold);
const isLive = (fo: FulfillmentOrderView) => fo.status !== "CLOSED" && fo.status !== "CANCELLED";

/** Units of a line in fulfillment orders the app holds, and the first such fulfillment order. */
export function heldByApp(line: LedgerLine, order: Pick<ShopifyOrderView, "fulfillmentOrders">): { quantity: number; fulfillmentOrderId: string | null } {
  let quantity = 0;
  let fulfillmentOrderId: string | null = null;
  for (const fo of order.fulfillmentOrders) {
    if (!isLive(fo) || !appHolds(fo).length) continue;
    for (const item of fo.lineItems) {
      if (item.lineItemId !== line.lineItemId || item.remainingQuantity <= 0) continue;
      quantity += item.remainingQuantity;
      fulfillmentOrderId ??= fo.id;
    }
  }
  return { quantity, fulfillmentOrderId };
}

/**
 * Should the app (still) hold this line? Only lines awaiting stock, with holds on, that the app has not released
 * before; a line the app held whose hold is gone was released by the merchant ("ship anyway"), so it stays released.
 */
function wantsHold(line: LedgerLine, settings: OrderActionSettings, heldQuantity: number): boolean {
  if (!isAwaitingStock(line)) return false;
  if (line.holdStatus === "released") return false;
  if (line.holdStatus === "held" && heldQuantity === 0) return false;
  return settings.holdBackorderedLines || heldQuantity > 0;
}

/** The next split, hold or release that moves the order towards the ledger, or null when it matches. */
export function planNextFulfillmentAction(input: {
  lines: readonly LedgerLine[];
  settings: OrderActionSettings;
  order: Pick<ShopifyOrderView, "fulfillmentOrders">;
}): FulfillmentAction | null {
  const { lines, settings, order } = input;
  const byLineItem = new Map(lines.map((line) => [line.lineItemId, line]));

  // Releases first: a held fulfillment order none of whose units still waits for stock.
  for (const fo of order.fulfillmentOrders) {
    const holds = appHolds(fo);
    if (!isLive(fo) || !holds.length) continue;
    const ledgerLines = fo.lineItems.map((item) => byLineItem.get(item.lineItemId)).filter((line): line is LedgerLine => !!line);
    if (ledgerLines.some((line) => isAwaitingStock(line))) continue;
    return { kind: "release", fulfillmentOrderId: fo.id, holdIds: holds.map((h) => h.id), lineIds: ledgerLines.map((l) => l.id) };
  }

  for (const line of lines) {
    const held = heldByApp(line, order).quantity;
    if (!wantsHold(line, settings, held)) continue;
    const missing = owedQuantity(line) - held;
    if (missing <= 0) continue;
    // Units to take from fulfillment orders not held yet; the sale's location first, then the largest.
    const candidates = order.fulfillmentOrders
      .filter((fo) => (fo.status === "OPEN" || fo.status === "ON_HOLD") && !appHolds(fo).length)
      .map((fo) => ({ fo, item: fo.lineItems.find((i) => i.lineItemId === line.lineItemId && i.remainingQuantity > 0) }))
      .filter((c): c is { fo: FulfillmentOrderView; item: FulfillmentOrderView["lineItems"][number] } => !!c.item)
      .sort((a, b) => Number(b.fo.locationId === line.locationId) - Number(a.fo.locationId === line.locationId) || b.item.remainingQuantity - a.item.remainingQuantity);
    for (const { fo, item } of candidates) {
      const quantity = Math.min(missing, item.remainingQuantity);
      const onlyThisLine = fo.lineItems.every((i) => i.id === item.id || i.remainingQuantity <= 0);
      if (onlyThisLine && quantity === item.remainingQuantity) {
        return { kind: "hold", fulfillmentOrderId: fo.id, reasonNotes: holdReasonNotes(line), lineId: line.id };
      }
      // Shopify can't split a fulfillment order someone else holds; wait for their release.
      if (fo.status !== "OPEN") continue;
      return { kind: "split", fulfillmentOrderId: fo.id, lineItems: [{ id: item.id, quantity }], lineId: line.id };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// What to record after a run

export type LineRecord = {
  lineId: string;
  holdStatus: HoldStatus;
  fulfillmentOrderId: string | null;
  /** Set heldAt / releasedAt to now. */
  heldNow: boolean;
  releasedNow: boolean;
  /** Enqueue the "shipping soon" email (stock arrived and the app's hold is gone). */
  shippingSoon: boolean;
};

/** Line rows whose recorded hold state differs from what Shopify shows after the run. */
export function planLineRecords(input: {
  lines: readonly LedgerLine[];
  settings: OrderActionSettings;
  order: Pick<ShopifyOrderView, "fulfillmentOrders">;
}): LineRecord[] {
  const records: LineRecord[] = [];
  for (const line of input.lines) {
    const held = heldByApp(line, input.order);
    if (held.quantity > 0) {
      if (line.holdStatus !== "held" || line.fulfillmentOrderId !== held.fulfillmentOrderId) {
        records.push({ lineId: line.id, holdStatus: "held", fulfillmentOrderId: held.fulfillmentOrderId, heldNow: line.holdStatus !== "held", releasedNow: false, shippingSoon: false });
      }
    } else if (line.holdStatus === "held") {
      records.push({
        lineId: line.id,
        holdStatus: "released",
        fulfillmentOrderId: line.fulfillmentOrderId,
        heldNow: false,
        releasedNow: true,
        shippingSoon: input.settings.sendShippingSoon && isReadyToShip(line),
      });
    }
  }
  return records;
}
