import { describe, expect, it } from "vitest";
import {
  availabilityForSubscriber,
  batchEmailReason,
  decideBatch,
  detectStockTransition,
  firstBatchSize,
  nextBatchTime,
  type BatchEvent,
  type StockFacts,
} from "./restock";

const t = (minute: number) => new Date(Date.UTC(2026, 10, 24, 10, minute));
const facts = (partial: Partial<StockFacts> = {}): StockFacts => ({ tracked: true, available: 0, productActive: true, discontinued: false, ...partial });

describe("availabilityForSubscriber", () => {
  it("needs stock for a tracked variant of an active product", () => {
    expect(availabilityForSubscriber(facts({ available: 1 })).purchasable).toBe(true);
    expect(availabilityForSubscriber(facts({ available: 0 })).purchasable).toBe(false);
    expect(availabilityForSubscriber(facts({ available: -2 }))).toEqual({ purchasable: false, reason: "Sold out (2 units owed on backorder)." });
  });
  it("treats untracked as purchasable, discontinued and inactive products as never", () => {
    expect(availabilityForSubscriber(facts({ tracked: false, available: -5 })).purchasable).toBe(true);
    expect(availabilityForSubscriber(facts({ available: 9, discontinued: true })).purchasable).toBe(false);
    expect(availabilityForSubscriber(facts({ tracked: false, discontinued: true })).purchasable).toBe(false);
    expect(availabilityForSubscriber(facts({ available: 9, productActive: false })).purchasable).toBe(false);
  });
});

describe("detectStockTransition", () => {
  const signal = (purchasable: boolean, available: number, minute: number) => ({ purchasable, available, eventAt: t(minute) });
  const obs = (available: number, tracked = true) => ({ purchasable: tracked ? available > 0 : true, available, tracked });

  it("reports a restock from sold out with every available unit counted", () => {
    expect(detectStockTransition({ signal: signal(false, 0, 0), current: obs(5), eventAt: t(1) })).toEqual({ kind: "restock", unitsRestocked: 5 });
    expect(detectStockTransition({ signal: signal(false, -3, 0), current: obs(4), eventAt: t(1) })).toEqual({ kind: "restock", unitsRestocked: 4 });
  });
  it("does not count −12 → −2 (units for owed orders) as a restock", () => {
    expect(detectStockTransition({ signal: signal(false, -12, 0), current: obs(-2), eventAt: t(1) })).toEqual({ kind: "unchanged", writeSignal: true });
  });
  it("ignores an event older than the signal", () => {
    expect(detectStockTransition({ signal: signal(false, 0, 10), current: obs(5), eventAt: t(5) })).toEqual({ kind: "stale" });
  });
  it("reports sold out, and more stock on an in-stock variant as no transition", () => {
    expect(detectStockTransition({ signal: signal(true, 5, 0), current: obs(0), eventAt: t(1) })).toEqual({ kind: "sold_out" });
    expect(detectStockTransition({ signal: signal(true, 5, 0), current: obs(8), eventAt: t(1) })).toEqual({ kind: "unchanged", writeSignal: true });
    expect(detectStockTransition({ signal: signal(true, 5, 0), current: obs(5), eventAt: t(1) })).toEqual({ kind: "unchanged", writeSignal: false });
  });
  it("only seeds a first sighting unless a previous state is known", () => {
    expect(detectStockTransition({ signal: null, current: obs(5), eventAt: t(1) })).toEqual({ kind: "unchanged", writeSignal: true });
    expect(detectStockTransition({ signal: null, seed: { purchasable: false, available: 0 }, current: obs(5), eventAt: t(1) })).toEqual({ kind: "restock", unitsRestocked: 5 });
    expect(detectStockTransition({ signal: null, seed: { purchasable: true, available: 2 }, current: obs(5), eventAt: t(1) })).toEqual({ kind: "unchanged", writeSignal: true });
  });
  it("prefers the mirror's previous state over a signal that missed a change", () => {
    // The signal still says 4 in stock, but the mirror was at 0 right before this event: a restock.
    expect(detectStockTransition({ signal: signal(true, 4, 0), seed: { purchasable: false, available: 0 }, current: obs(3), eventAt: t(1) }))
      .toEqual({ kind: "restock", unitsRestocked: 3 });
  });
  it("has no unit count when stock isn't tracked", () => {
    expect(detectStockTransition({ signal: signal(false, 0, 0), current: obs(0, false), eventAt: t(1) })).toEqual({ kind: "restock", unitsRestocked: null });
  });
});

describe("batch sizing", () => {
  it("first batch = ceil(units × multiplier), next batch after the interval", () => {
    expect(firstBatchSize(3, 1)).toBe(3);
    expect(firstBatchSize(3, 1.5)).toBe(5);
    expect(firstBatchSize(1, 0.2)).toBe(1);
    expect(firstBatchSize(null, 2)).toBeNull();
    expect(firstBatchSize(4, 0)).toBe(4); // an unusable multiplier falls back to 1
    expect(nextBatchTime(t(0), 30)).toEqual(t(30));
  });

  const event = (partial: Partial<BatchEvent> = {}): BatchEvent => ({ status: "open", trigger: "auto", unitsRestocked: 3, batchCount: 0, ...partial });
  const inStock = (available: number) => ({
    availability: availabilityForSubscriber(facts({ available })),
    facts: { tracked: true, available },
  });

  it("sends ceil(units restocked × multiplier), capped by what is still in stock and by who is waiting", () => {
    expect(decideBatch({ event: event(), batchNumber: 1, ...inStock(3), paused: false, multiplier: 1, waiting: 10 })).toMatchObject({ action: "send", count: 3 });
    expect(decideBatch({ event: event(), batchNumber: 1, ...inStock(1), paused: false, multiplier: 2, waiting: 10 })).toMatchObject({ action: "send", count: 2 });
    expect(decideBatch({ event: event(), batchNumber: 1, ...inStock(3), paused: false, multiplier: 1, waiting: 2 })).toMatchObject({ action: "send", count: 2 });
  });
  it("later batches offer the units still on the shelf", () => {
    expect(decideBatch({ event: event({ batchCount: 1 }), batchNumber: 2, ...inStock(2), paused: false, multiplier: 1.5, waiting: 7 })).toMatchObject({ action: "send", count: 3 });
  });
  it("cancels once sold out again, even when paused", () => {
    expect(decideBatch({ event: event(), batchNumber: 1, ...inStock(0), paused: false, multiplier: 1, waiting: 10 }).action).toBe("cancel");
    expect(decideBatch({ event: event(), batchNumber: 1, ...inStock(0), paused: true, multiplier: 1, waiting: 10 }).action).toBe("cancel");
  });
  it("waits for a manual send when paused, finishes when nobody waits, skips a batch already sent", () => {
    expect(decideBatch({ event: event(), batchNumber: 1, ...inStock(3), paused: true, multiplier: 1, waiting: 10 }).action).toBe("wait_for_manual");
    expect(decideBatch({ event: event(), batchNumber: 1, ...inStock(3), paused: false, multiplier: 1, waiting: 0 }).action).toBe("done");
    expect(decideBatch({ event: event({ batchCount: 1 }), batchNumber: 1, ...inStock(3), paused: false, multiplier: 1, waiting: 5 }).action).toBe("skip");
    expect(decideBatch({ event: event({ status: "cancelled" }), batchNumber: 1, ...inStock(3), paused: false, multiplier: 1, waiting: 5 }).action).toBe("skip");
  });
  it("notifies everyone waiting for an untracked variant", () => {
    const untracked = facts({ tracked: false });
    expect(decideBatch({ event: event({ unitsRestocked: 0 }), batchNumber: 1, availability: availabilityForSubscriber(untracked), facts: untracked, paused: false, multiplier: 1, waiting: 40 }))
      .toMatchObject({ action: "send", count: 40 });
  });
});

describe("batchEmailReason", () => {
  it("says what happened in the shop's time zone", () => {
    const base = { unitsRestocked: 5, detectedAt: new Date("2026-11-24T10:02:00Z"), timeZone: "UTC", batchNumber: 1, count: 5, waiting: 12 };
    expect(batchEmailReason({ ...base, trigger: "auto" })).toBe("5 units restocked on 24 Nov 10:02; batch 1 (5 of 12 waiting)");
    expect(batchEmailReason({ ...base, trigger: "auto", timeZone: "Europe/Berlin" })).toBe("5 units restocked on 24 Nov 11:02; batch 1 (5 of 12 waiting)");
    expect(batchEmailReason({ ...base, trigger: "manual", triggeredBy: "staff@example.com" })).toBe("Sent by hand by staff@example.com on 24 Nov 10:02 (5 of 12 waiting)");
  });
});
