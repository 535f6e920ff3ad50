import { describe, expect, it } from "vitest";
import type { DemandForecast } from "./demand-forecast";
import { inverseNormal, resolveLeadTime, suggestReorder, type LeadTimeSettings, type ReorderInput } from "./reorder-suggestion";

const forecast = (overrides: Partial<DemandForecast> = {}): DemandForecast => ({
  method: "ses",
  origin: "2026-03-02", // a Monday
  rate: 4,
  weekdayFactors: [1, 1, 1, 1, 1, 1, 1],
  seasonal: false,
  alpha: 0.1,
  dailyVariance: 4,
  observedDays: 60,
  censoredDays: 0,
  demandDays: 60,
  ...overrides,
});

const input = (overrides: Partial<ReorderInput> = {}): ReorderInput => ({
  forecast: forecast(),
  leadTimeDays: 10,
  reviewPeriodDays: 6,
  serviceLevel: 0.95,
  available: 20,
  inbound: [{ day: "2026-03-09", units: 30 }],
  owedUnits: 5,
  waitlistSubscribers: 10,
  alertConversionRate: 0.3,
  price: "19.99",
  unitCost: "12.50",
  ...overrides,
});

describe("inverseNormal", () => {
  it.each([
    [0.5, 0],
    [0.8, 0.8416212335729143],
    [0.9, 1.2815515655446004],
    [0.95, 1.6448536269514722],
    [0.975, 1.959963984540054],
    [0.99, 2.3263478740408408],
    [0.999, 3.090232306167813],
    [0.01, -2.3263478740408408],
    [0.001, -3.090232306167813],
  ])("Φ⁻¹(%s) = %s", (p, z) => {
    expect(inverseNormal(p)).toBeCloseTo(z, 7);
  });

  it("rejects 0, 1 and values outside", () => {
    for (const p of [0, 1, -0.1, 1.5, Number.NaN]) expect(() => inverseNormal(p)).toThrow(/strictly between 0 and 1/);
  });
});

describe("suggestReorder", () => {
  it("works the formula through by hand", () => {
    // D(16 days) = 64; safety = 1.6449 × 2 × 4 = 13.159; 64 + 13.159 − 20 − 30 + 5 + 10 × 0.3 = 35.159 → 36.
    const suggestion = suggestReorder(input());
    expect(suggestion.demandOverCycle).toBeCloseTo(64, 12);
    expect(suggestion.z).toBeCloseTo(1.6448536269514722, 7);
    expect(suggestion.safetyStock).toBeCloseTo(1.6448536269514722 * 2 * 4, 6);
    expect(suggestion.inboundUnits).toBe(30);
    expect(suggestion.waitlistUnits).toBeCloseTo(3, 12);
    expect(suggestion.suggestedQuantity).toBe(36);
  });

  it("flags the risk and prices the units the stock cannot serve during the lead time", () => {
    // 20 on hand − 5 owed = 15 at 4/day: day 3 is short by 1, days 4–6 sell nothing (12), 30 land on day 7.
    const suggestion = suggestReorder(input());
    expect(suggestion.atRisk).toBe(true);
    expect(suggestion.likelyStockOut).toBe("2026-03-05");
    expect(suggestion.unitsAtRisk).toBeCloseTo(13, 12);
    expect(suggestion.revenueAtRiskCents).toBe(13 * 1999);
    expect(suggestion.marginAtRiskCents).toBe(13 * (1999 - 1250));
  });

  it("is never negative, and nothing is at risk when the stock outlasts the lead time", () => {
    const suggestion = suggestReorder(input({ available: 1000 }));
    expect(suggestion.suggestedQuantity).toBe(0);
    expect(suggestion.atRisk).toBe(false);
    expect(suggestion.likelyStockOut).toBeNull();
    expect(suggestion.unitsAtRisk).toBe(0);
    expect(suggestion.revenueAtRiskCents).toBe(0);
  });

  it("does not count an expected stock-out after the lead time as at risk", () => {
    // 15 net units, nothing inbound, lead time 3: runs out on day 3, not before.
    const suggestion = suggestReorder(input({ inbound: [], leadTimeDays: 3 }));
    expect(suggestion.atRisk).toBe(false);
    expect(suggestReorder(input({ inbound: [], leadTimeDays: 4 })).atRisk).toBe(true);
  });

  it("rounds up to whole units without ordering one more for float noise", () => {
    const exact = { forecast: forecast({ rate: 0.1, dailyVariance: 0 }), serviceLevel: 0.5, available: 0, inbound: [], owedUnits: 0, waitlistSubscribers: 0 };
    // 0.1 × 30 days sums to 3.0000000000000013 in floating point.
    expect(suggestReorder(input({ ...exact, leadTimeDays: 30, reviewPeriodDays: 0 })).suggestedQuantity).toBe(3);
    expect(suggestReorder(input({ ...exact, leadTimeDays: 31, reviewPeriodDays: 0 })).suggestedQuantity).toBe(4);
  });

  it("reads a negative available as 0, since the owed units already count it", () => {
    expect(suggestReorder(input({ available: -5 })).suggestedQuantity).toBe(suggestReorder(input({ available: 0 })).suggestedQuantity);
  });

  it("follows the weekday factors over the cycle", () => {
    const weekly = forecast({ rate: 40 / 7, weekdayFactors: [1.75, 0.7, 0.7, 0.7, 0.7, 0.7, 1.75], seasonal: true, dailyVariance: 0 });
    const base = { forecast: weekly, serviceLevel: 0.5, available: 0, inbound: [], owedUnits: 0, waitlistSubscribers: 0, reviewPeriodDays: 0 };
    // Monday to Friday at 4 a day.
    expect(suggestReorder(input({ ...base, leadTimeDays: 5 })).demandOverCycle).toBeCloseTo(20, 9);
    expect(suggestReorder(input({ ...base, leadTimeDays: 7 })).suggestedQuantity).toBe(40);
  });

  it("orders more for a higher service level", () => {
    expect(suggestReorder(input({ serviceLevel: 0.99 })).suggestedQuantity).toBeGreaterThan(suggestReorder(input({ serviceLevel: 0.9 })).suggestedQuantity);
    expect(suggestReorder(input({ serviceLevel: 0.5 })).safetyStock).toBeCloseTo(0, 7);
  });

  it("leaves the money figures out when the price or cost is unknown", () => {
    expect(suggestReorder(input({ price: null }))).toMatchObject({ revenueAtRiskCents: null, marginAtRiskCents: null });
    const noCost = suggestReorder(input({ unitCost: null }));
    expect(noCost.revenueAtRiskCents).toBe(13 * 1999);
    expect(noCost.marginAtRiskCents).toBeNull();
  });

  it("rejects settings a person has to fix", () => {
    expect(() => suggestReorder(input({ serviceLevel: 1 }))).toThrow(/service level must be at least 0.5 and below 1/);
    expect(() => suggestReorder(input({ serviceLevel: 0.4 }))).toThrow(/service level/);
    expect(() => suggestReorder(input({ leadTimeDays: -1 }))).toThrow(/lead time must be 0 to 3650 whole days/);
    expect(() => suggestReorder(input({ reviewPeriodDays: 1.5 }))).toThrow(/review period/);
    expect(() => suggestReorder(input({ alertConversionRate: 1.5 }))).toThrow(/conversion rate/);
    expect(() => suggestReorder(input({ owedUnits: -1 }))).toThrow(/Owed units/);
    expect(() => suggestReorder(input({ inbound: [{ day: "2026-03-09", units: -3 }] }))).toThrow(/Inbound units arriving 2026-03-09/);
  });
});

describe("resolveLeadTime", () => {
  const settings: LeadTimeSettings = {
    leadTimeDays: 14,
    reviewPeriodDays: 7,
    byVendor: { "Acme Supply": { leadTimeDays: 21, reviewPeriodDays: 14 }, Slowco: { leadTimeDays: 60 } },
    byProductType: { Shoes: { leadTimeDays: 30 } },
    byVariant: { "gid://shopify/ProductVariant/1": { leadTimeDays: 3, reviewPeriodDays: null } },
  };

  it("prefers variant over product type over vendor over the shop default", () => {
    const variant = { variantId: "gid://shopify/ProductVariant/1", productType: "Shoes", vendor: "Acme Supply" };
    expect(resolveLeadTime(settings, variant)).toEqual({ leadTimeDays: 3, reviewPeriodDays: 14, leadTimeSource: "variant", reviewPeriodSource: "vendor" });
    expect(resolveLeadTime(settings, { ...variant, variantId: "gid://shopify/ProductVariant/2" })).toMatchObject({ leadTimeDays: 30, leadTimeSource: "product_type" });
    expect(resolveLeadTime(settings, { variantId: "x", productType: "Hats", vendor: "Acme Supply" })).toMatchObject({ leadTimeDays: 21, leadTimeSource: "vendor" });
    expect(resolveLeadTime(settings, { variantId: "x", productType: null, vendor: null })).toEqual({
      leadTimeDays: 14,
      reviewPeriodDays: 7,
      leadTimeSource: "default",
      reviewPeriodSource: "default",
    });
  });

  it("matches vendor and product type names trimmed and case-insensitively", () => {
    expect(resolveLeadTime(settings, { variantId: "x", vendor: "  acme supply " }).leadTimeSource).toBe("vendor");
    expect(resolveLeadTime(settings, { variantId: "x", productType: "SHOES" }).leadTimeDays).toBe(30);
  });

  it("does not mistake object built-ins for variant ids", () => {
    expect(resolveLeadTime(settings, { variantId: "constructor" }).leadTimeSource).toBe("default");
  });

  it("rejects an override that is not a whole number of days", () => {
    expect(() => resolveLeadTime({ ...settings, byVendor: { Acme: { leadTimeDays: -2 } } }, { variantId: "x", vendor: "Acme" })).toThrow(
      /vendor lead time must be 0 to 3650 whole days, got -2/,
    );
    expect(() => resolveLeadTime({ leadTimeDays: 1.5, reviewPeriodDays: 7 }, { variantId: "x" })).toThrow(/default lead time/);
  });
});
