// Reads the input query's result (src/cart_validations_generate_run.graphql) into plain lines.
// Every field is read defensively: a value of the wrong shape becomes "unknown", never a trap, because a
// validator must never block a store's checkout because of our data (see backorder-cap.ts).

import { JsonKind, JsonValue } from "./json-reader";

/** A calendar date as the app writes `$app.backorder_eta` ("YYYY-MM-DD"). */
export class CalendarDate {
  constructor(public year: i32, public month: i32, public day: i32) {}
}

export class CartLine {
  /** Position in `cart.lines`, for the error target `$.cart.lines[i].quantity`. */
  index: i32 = 0;
  /** -1 when the quantity is not a non-negative integer. */
  quantity: i64 = -1;
  /** The ProductVariant's id; null for other merchandise. */
  variantId: string | null = null;
  /** `$app.backorder_sellable`; -1 when absent or unreadable. */
  sellable: i64 = -1;
  eta: CalendarDate | null = null;
}

export class CartInput {
  /** The buyer's LanguageCode as Shopify sends it ("EN", "PT_BR"); "" when absent. */
  languageCode: string = "";
  lines: CartLine[] = [];
}

// Larger numbers are not unit counts; 15 digits also stay exact in an f64 and an i64.
const MAX_DIGITS: i32 = 15;

export function readCartInput(document: JsonValue): CartInput {
  const input = new CartInput();
  const localization = document.member("localization");
  if (localization != null) {
    const language = localization.member("language");
    if (language != null) {
      const isoCode = language.stringMember("isoCode");
      if (isoCode != null) input.languageCode = isoCode;
    }
  }
  const cart = document.member("cart");
  if (cart == null) return input;
  const lines = cart.member("lines");
  if (lines == null || lines.kind != JsonKind.Array) return input;
  for (let i = 0; i < lines.items.length; i++) {
    input.lines.push(readLine(lines.items[i], i));
  }
  return input;
}

function readLine(value: JsonValue, index: i32): CartLine {
  const line = new CartLine();
  line.index = index;
  const quantity = value.member("quantity");
  if (quantity != null && quantity.kind == JsonKind.Number) line.quantity = wholeCount(quantity.number);
  const merchandise = value.member("merchandise");
  if (merchandise == null || !merchandise.memberIs("__typename", "ProductVariant")) return line;
  line.variantId = merchandise.stringMember("id");
  const sellable = metafieldValue(merchandise, "sellable");
  if (sellable != null) line.sellable = nonNegativeInteger(sellable);
  const eta = metafieldValue(merchandise, "eta");
  if (eta != null) line.eta = calendarDate(eta);
  return line;
}

/** `{ value }` of an aliased metafield, or null when the metafield is absent or not shaped like one. */
function metafieldValue(merchandise: JsonValue, alias: string): string | null {
  const metafield = merchandise.member(alias);
  if (metafield == null) return null;
  return metafield.stringMember("value");
}

function wholeCount(number: f64): i64 {
  if (!(number >= 0) || number > 1e15 || Math.floor(number) != number) return -1;
  return <i64>number;
}

/** Digits only ("10"); anything else ("", "-3", "1.5", "abc", JSON) is -1. */
export function nonNegativeInteger(text: string): i64 {
  if (text.length == 0 || text.length > MAX_DIGITS) return -1;
  let result: i64 = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return -1;
    result = result * 10 + <i64>(c - 0x30);
  }
  return result;
}

/** "YYYY-MM-DD" naming a real day, else null. */
export function calendarDate(text: string): CalendarDate | null {
  if (text.length != 10 || text.charCodeAt(4) != 0x2d || text.charCodeAt(7) != 0x2d) return null;
  const year = <i32>nonNegativeInteger(text.substring(0, 4));
  const month = <i32>nonNegativeInteger(text.substring(5, 7));
  const day = <i32>nonNegativeInteger(text.substring(8, 10));
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  return new CalendarDate(year, month, day);
}

function daysInMonth(year: i32, month: i32): i32 {
  if (month == 2) return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28;
  return month == 4 || month == 6 || month == 9 || month == 11 ? 30 : 31;
}
