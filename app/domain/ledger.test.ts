import { describe, expect, it } from "vitest";
import {
  allocateArrivedStock,
  classifyOrderLines,
  confirmationReason,
  isAlertConversion,
  levelBeforeSale,
  levelKey,
  resolveLine,
  sawBackorderNotice,
  shopperLocale,
  unitsBelowZero,
} from "./ledger";

const V = "gid://shopify/ProductVariant/1";
const W = "gid://shopify/ProductVariant/2";
const L1 = "gid://shopify/Location/1";
const L2 = "gid://shopify/Location/2";
const continueTracked = { tracked: true, inventoryPolicy: "CONTINUE" };

describe("classifyOrderLines", () => {
  it("GIVEN 2 left and 5 ordered THEN 3 are backordered at that location", () => {
    const [line] = classifyOrderLines({
      lines: [{ lineItemId: "a", variantId: V, quantity: 5, takes: [{ locationId: L1, quantity: 5 }] }],
      variants: new Map([[V, continueTracked]]),
      levelsBefore: new Map([[levelKey(V, L1), 2]]),
    });
    expect(line).toMatchObject({ quantityBackordered: 3, locationId: L1, outcome: "backordered" });
  });

  it("GIVEN in-stock, untracked, DENY and unknown variants THEN none is backordered", () => {
    const lines = classifyOrderLines({
      lines: [
        { lineItemId: "in", variantId: V, quantity: 2, takes: [{ locationId: L1, quantity: 2 }] },
        { lineItemId: "untracked", variantId: W, quantity: 2, takes: [{ locationId: L1, quantity: 2 }] },
        { lineItemId: "deny", variantId: "gid://shopify/ProductVariant/3", quantity: 2, takes: [{ locationId: L1, quantity: 2 }] },
        { lineItemId: "unknown", variantId: "gid://shopify/ProductVariant/4", quantity: 2, takes: [] },
        { lineItemId: "custom", variantId: null, quantity: 1, takes: [] },
      ],
      variants: new Map([
        [V, continueTracked],
        [W, { tracked: false, inventoryPolicy: "CONTINUE" }],
        ["gid://shopify/ProductVariant/3", { tracked: true, inventoryPolicy: "DENY" }],
      ]),
      levelsBefore: new Map([[levelKey(V, L1), 2], [levelKey(W, L1), -10], [levelKey("gid://shopify/ProductVariant/3", L1), -1]]),
    });
    expect(lines.map((l) => [l.lineItemId, l.outcome, l.quantityBackordered])).toEqual([
      ["in", "in_stock", 0],
      ["untracked", "untracked", 0],
      ["deny", "deny", 0],
      ["unknown", "unknown_variant", 0],
      ["custom", "unknown_variant", 0],
    ]);
  });

  it("GIVEN a line taken from two locations THEN only the units below zero at each count, and the main location is where most went below", () => {
    const [line] = classifyOrderLines({
      lines: [{ lineItemId: "a", variantId: V, quantity: 6, takes: [{ locationId: L1, quantity: 2 }, { locationId: L2, quantity: 4 }] }],
      variants: new Map([[V, continueTracked]]),
      levelsBefore: new Map([[levelKey(V, L1), 1], [levelKey(V, L2), -2]]),
    });
    // L1: 1 of 2 below zero; L2: all 4 below zero
    expect(line).toMatchObject({ quantityBackordered: 5, locationId: L2 });
  });

  it("GIVEN two lines of the same variant at one location THEN the second sees what the first left", () => {
    const lines = classifyOrderLines({
      lines: [
        { lineItemId: "a", variantId: V, quantity: 2, takes: [{ locationId: L1, quantity: 2 }] },
        { lineItemId: "b", variantId: V, quantity: 2, takes: [{ locationId: L1, quantity: 2 }] },
      ],
      variants: new Map([[V, continueTracked]]),
      levelsBefore: new Map([[levelKey(V, L1), 3]]),
    });
    expect(lines.map((l) => l.quantityBackordered)).toEqual([0, 1]);
  });

  it("GIVEN the Backorder property THEN sawNotice", () => {
    const [seen, unseen] = classifyOrderLines({
      lines: [
        { lineItemId: "a", variantId: V, quantity: 1, takes: [{ locationId: L1, quantity: 1 }], properties: [{ name: "Backorder", value: "Ships by Dec 1" }] },
        { lineItemId: "b", variantId: V, quantity: 1, takes: [{ locationId: L1, quantity: 1 }], properties: [{ name: "Gift", value: "yes" }] },
      ],
      variants: new Map([[V, continueTracked]]),
      levelsBefore: new Map(),
    });
    expect([seen.sawNotice, unseen.sawNotice]).toEqual([true, false]);
    expect(sawBackorderNotice([{ name: "Backorder", value: " " }])).toBe(false);
    expect(sawBackorderNotice(null)).toBe(false);
  });
});

describe("levelBeforeSale / unitsBelowZero", () => {
  const created = new Date("2026-11-01T10:00:00Z");
  it("GIVEN the mirror has not seen the sale THEN its level is the level before", () => {
    expect(levelBeforeSale({ available: 2, levelUpdatedAt: new Date("2026-11-01T09:00:00Z"), orderCreatedAt: created, takenByOrder: 5 })).toBe(2);
    expect(levelBeforeSale({ available: 2, levelUpdatedAt: null, orderCreatedAt: created, takenByOrder: 5 })).toBe(2);
  });
  it("GIVEN the mirror already applied the sale THEN the units are added back", () => {
    expect(levelBeforeSale({ available: -3, levelUpdatedAt: created, orderCreatedAt: created, takenByOrder: 5 })).toBe(2);
  });
  it("counts only units below zero", () => {
    expect(unitsBelowZero(2, 5)).toBe(3);
    expect(unitsBelowZero(-4, 2)).toBe(2);
    expect(unitsBelowZero(9, 2)).toBe(0);
    expect(unitsBelowZero(0, 0)).toBe(0);
  });
});

describe("resolveLine", () => {
  const base = { quantityOrdered: 5, quantityBackordered: 3, currentQuantity: 5, fulfilledQuantity: 0, orderCancelled: false, reductionReason: "removed" as const };
  it("GIVEN nothing happened THEN all backordered units are owed", () => {
    expect(resolveLine(base)).toEqual({ owed: 3, quantityResolved: 0, status: "open" });
  });
  it("GIVEN the in-stock units shipped THEN the backorder is still owed; then all shipped → fulfilled", () => {
    expect(resolveLine({ ...base, fulfilledQuantity: 2 })).toMatchObject({ owed: 3, status: "open" });
    expect(resolveLine({ ...base, fulfilledQuantity: 4 })).toMatchObject({ owed: 1, quantityResolved: 2, status: "open" });
    expect(resolveLine({ ...base, fulfilledQuantity: 5 })).toEqual({ owed: 0, quantityResolved: 3, status: "fulfilled" });
  });
  it("GIVEN units removed THEN they come off the backorder first", () => {
    expect(resolveLine({ ...base, currentQuantity: 3 })).toMatchObject({ owed: 1, status: "open" });
    expect(resolveLine({ ...base, currentQuantity: 2 })).toEqual({ owed: 0, quantityResolved: 3, status: "removed" });
    expect(resolveLine({ ...base, currentQuantity: 0, reductionReason: "refunded" })).toEqual({ owed: 0, quantityResolved: 3, status: "refunded" });
  });
  it("GIVEN the order cancelled THEN nothing is owed", () => {
    expect(resolveLine({ ...base, orderCancelled: true })).toEqual({ owed: 0, quantityResolved: 3, status: "cancelled" });
  });
});

describe("allocateArrivedStock", () => {
  const lines = [
    { id: "new", orderedAt: new Date("2026-11-03"), owed: 2, quantityAllocated: 0 },
    { id: "old", orderedAt: new Date("2026-11-01"), owed: 3, quantityAllocated: 0 },
    { id: "mid", orderedAt: new Date("2026-11-02"), owed: 1, quantityAllocated: 0 },
  ];
  it("GIVEN stock still 2 below zero THEN the 4 covered units go to the oldest lines", () => {
    expect(Object.fromEntries(allocateArrivedStock({ lines, available: -2 }))).toEqual({ old: 3, mid: 1, new: 0 });
  });
  it("GIVEN stock back at or above zero THEN every line is covered; none below → nothing", () => {
    expect(Object.fromEntries(allocateArrivedStock({ lines, available: 4 }))).toEqual({ old: 3, mid: 1, new: 2 });
    expect(Object.fromEntries(allocateArrivedStock({ lines, available: -6 }))).toEqual({ old: 0, mid: 0, new: 0 });
  });
});

describe("small helpers", () => {
  it("maps customer locales to the shopper locales", () => {
    expect([shopperLocale("de-DE"), shopperLocale("fr"), shopperLocale("es_MX"), shopperLocale("it"), shopperLocale(null)]).toEqual(["de", "fr", "es", "en", "en"]);
  });
  it("writes the confirmation reason", () => {
    expect(confirmationReason("#1001", ["2026-12-01"])).toBe("Order #1001 has 1 backordered line (ships by 2026-12-01)");
    expect(confirmationReason("#1002", ["2026-12-01", "2026-12-09", null])).toBe("Order #1002 has 3 backordered lines (ships by 2026-12-09)");
  });
  it("counts conversions within 7 days after the alert", () => {
    const notifiedAt = new Date("2026-11-01T00:00:00Z");
    expect(isAlertConversion({ notifiedAt, orderedAt: new Date("2026-11-07T23:00:00Z") })).toBe(true);
    expect(isAlertConversion({ notifiedAt, orderedAt: new Date("2026-11-08T01:00:00Z") })).toBe(false);
    expect(isAlertConversion({ notifiedAt, orderedAt: new Date("2026-10-31T00:00:00Z") })).toBe(false);
    expect(isAlertConversion({ notifiedAt: null, orderedAt: notifiedAt })).toBe(false);
  });
});
