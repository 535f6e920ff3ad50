import { describe, expect, it } from "vitest";
import { aheadWindowDays, decidePredictedStockOut, DEFAULT_AHEAD_WINDOW_DAYS, type PredictedStockOutInput } from "./predicted-stockout-automation";

// Tuesday 2026-03-10; handling 2 business days (weekends off by default).
const TODAY = "2026-03-10";

function input(overrides: Partial<PredictedStockOutInput> = {}): PredictedStockOutInput {
  return {
    rule: { id: "r1", name: "Ahead", enableAheadOfStockOut: true, aheadWindowDays: null },
    forecast: { stockOutEarliest: "2026-03-13", stockOutLikely: "2026-03-15", leadTimeDays: 0 },
    available: 6,
    tracked: true,
    backorder: null,
    arrivals: [{ shipmentId: "s1", shipmentName: "#T1", units: 40, arrivesOn: "2026-03-20" }],
    today: TODAY,
    handlingDays: 2,
    ...overrides,
  };
}

const ours = { enabled: true, source: "rule" as const, discontinued: false, aheadOfStockOut: true, etaDate: "2026-03-24", etaSource: "inbound" as const };

describe("decidePredictedStockOut: turning on", () => {
  it("turns on when the earliest stock-out is within the window and a shipment arrives after it; ETA = arrival + handling business days", () => {
    const decision = decidePredictedStockOut(input());
    expect(decision).toMatchObject({ action: "enable", ruleId: "r1", shipmentId: "s1", etaDate: "2026-03-24" });
    expect(decision.reason).toContain("2026-03-13");
  });

  it("skips a weekend when adding the handling days (arrival Friday → Tuesday)", () => {
    const decision = decidePredictedStockOut(input({ arrivals: [{ shipmentId: "s1", shipmentName: "#T1", units: 5, arrivesOn: "2026-03-20" }], handlingDays: 2 }));
    expect(decision).toMatchObject({ action: "enable", etaDate: "2026-03-24" });
    const sameDay = decidePredictedStockOut(input({ handlingDays: 0 }));
    expect(sameDay).toMatchObject({ action: "enable", etaDate: "2026-03-20" });
  });

  it("does nothing when the rule option is off, or no rule governs the variant", () => {
    expect(decidePredictedStockOut(input({ rule: { id: "r1", name: "Ahead", enableAheadOfStockOut: false, aheadWindowDays: null } })).action).toBe("none");
    expect(decidePredictedStockOut(input({ rule: null })).action).toBe("none");
  });

  it("waits while the earliest stock-out is beyond the window (rule's days, else lead time, else 7)", () => {
    const far = input({ forecast: { stockOutEarliest: "2026-03-18", stockOutLikely: "2026-03-19", leadTimeDays: 0 } });
    expect(decidePredictedStockOut(far).action).toBe("none"); // 8 days > default 7
    expect(decidePredictedStockOut({ ...far, rule: { ...far.rule!, aheadWindowDays: 8 } }).action).toBe("enable");
    expect(decidePredictedStockOut({ ...far, forecast: { ...far.forecast!, leadTimeDays: 10 } }).action).toBe("enable");
    expect(decidePredictedStockOut({ ...far, rule: { ...far.rule!, aheadWindowDays: 3 }, forecast: { ...far.forecast!, leadTimeDays: 10 } }).action).toBe("none");
  });

  it("needs a predicted stock-out", () => {
    expect(decidePredictedStockOut(input({ forecast: null })).action).toBe("none");
    expect(decidePredictedStockOut(input({ forecast: { stockOutEarliest: null, stockOutLikely: null, leadTimeDays: 5 } })).action).toBe("none");
  });

  it("needs a shipment arriving after the stock-out: one arriving on or before it leaves no gap, one without a date gives no ETA", () => {
    expect(decidePredictedStockOut(input({ arrivals: [] })).action).toBe("none");
    expect(decidePredictedStockOut(input({ arrivals: [{ shipmentId: "s1", shipmentName: "#T1", units: 9, arrivesOn: "2026-03-13" }] })).action).toBe("none");
    expect(decidePredictedStockOut(input({ arrivals: [{ shipmentId: "s1", shipmentName: "#T1", units: 9, arrivesOn: null }] })).action).toBe("none");
  });

  it("takes the first shipment arriving after the stock-out", () => {
    const decision = decidePredictedStockOut(
      input({
        arrivals: [
          { shipmentId: "late", shipmentName: "#T9", units: 10, arrivesOn: "2026-04-02" },
          { shipmentId: "early", shipmentName: "#T2", units: 10, arrivesOn: "2026-03-12" },
          { shipmentId: "next", shipmentName: "#T3", units: 10, arrivesOn: "2026-03-17" },
        ],
      }),
    );
    expect(decision).toMatchObject({ action: "enable", shipmentId: "next", etaDate: "2026-03-19" });
  });

  it("never overrides the merchant's own settings (manual or CSV), nor a discontinued or untracked variant", () => {
    for (const source of ["manual", "csv"] as const) {
      const backorder = { ...ours, enabled: false, source, aheadOfStockOut: false, etaDate: null };
      expect(decidePredictedStockOut(input({ backorder })).action).toBe("none");
    }
    const discontinued = { ...ours, enabled: false, aheadOfStockOut: false, discontinued: true, etaDate: null };
    expect(decidePredictedStockOut(input({ backorder: discontinued })).action).toBe("none");
    expect(decidePredictedStockOut(input({ tracked: false })).action).toBe("none");
  });

  it("leaves a variant already at zero to the zero-stock automation, and one already on alone", () => {
    expect(decidePredictedStockOut(input({ available: 0 })).action).toBe("none");
    const onByZeroRule = { ...ours, aheadOfStockOut: false };
    expect(decidePredictedStockOut(input({ backorder: onByZeroRule })).action).toBe("none");
    const onByMerchant = { ...ours, source: "manual" as const, aheadOfStockOut: false };
    expect(decidePredictedStockOut(input({ backorder: onByMerchant })).action).toBe("none");
  });
});

describe("decidePredictedStockOut: what it turned on", () => {
  it("is idempotent: still predicted, same ETA → nothing", () => {
    expect(decidePredictedStockOut(input({ backorder: ours })).action).toBe("none");
  });

  it("moves the ETA when the shipment moves, unless the merchant set the ETA", () => {
    const moved = input({ backorder: ours, arrivals: [{ shipmentId: "s1", shipmentName: "#T1", units: 40, arrivesOn: "2026-03-27" }] });
    expect(decidePredictedStockOut(moved)).toMatchObject({ action: "update_eta", etaDate: "2026-03-31" });
    expect(decidePredictedStockOut({ ...moved, backorder: { ...ours, etaSource: "manual" } }).action).toBe("none");
  });

  it("turns back off when the prediction goes away before zero: stock arrived, forecast moved out, shipment cancelled, option switched off", () => {
    expect(decidePredictedStockOut(input({ backorder: ours, forecast: { stockOutEarliest: null, stockOutLikely: null, leadTimeDays: 0 } })).action).toBe("disable");
    expect(decidePredictedStockOut(input({ backorder: ours, forecast: { stockOutEarliest: "2026-04-30", stockOutLikely: null, leadTimeDays: 0 } })).action).toBe("disable");
    expect(decidePredictedStockOut(input({ backorder: ours, arrivals: [] })).action).toBe("disable");
    expect(decidePredictedStockOut(input({ backorder: ours, rule: { id: "r1", name: "Ahead", enableAheadOfStockOut: false, aheadWindowDays: null } })).action).toBe("disable");
  });

  it("releases the variant once it actually reached zero (the ordinary rule owns it then)", () => {
    expect(decidePredictedStockOut(input({ backorder: ours, available: 0, arrivals: [] })).action).toBe("release");
  });

  it("counts a late shipment (arrival passed, not received) as arriving today", () => {
    const late = input({
      forecast: { stockOutEarliest: TODAY, stockOutLikely: TODAY, leadTimeDays: 0 },
      arrivals: [{ shipmentId: "s1", shipmentName: "#T1", units: 5, arrivesOn: "2026-03-01" }],
    });
    // Arrives "today", not after a stock-out predicted today: no gap.
    expect(decidePredictedStockOut(late).action).toBe("none");
  });
});

describe("aheadWindowDays", () => {
  it("prefers the rule's days, then the lead time, then the default", () => {
    expect(aheadWindowDays({ aheadWindowDays: 0 }, 12)).toBe(0);
    expect(aheadWindowDays({ aheadWindowDays: null }, 12)).toBe(12);
    expect(aheadWindowDays({ aheadWindowDays: null }, 0)).toBe(DEFAULT_AHEAD_WINDOW_DAYS);
  });
});
