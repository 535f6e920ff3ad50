import { describe, expect, it } from "vitest";
import {
  countBackorderedUnits,
  decideBackorderState,
  desiredInventoryPolicy,
  hasPolicyDrift,
  needsEta,
  type BackorderStateInput,
} from "./backorder-state";
import type { BackorderConfig, BackorderState, InventoryPolicy } from "./types";

const ETA = "2026-03-01";

/** Backorder settings with an ETA unless stated otherwise. */
function bo(partial: Partial<BackorderConfig> = {}): BackorderConfig {
  return { enabled: true, cap: null, etaDate: ETA, leadTimeDays: null, discontinued: false, ...partial };
}

const OFF = bo({ enabled: false });
const DISC = bo({ discontinued: true });

type Row = {
  name: string;
  tracked?: boolean;
  policy: InventoryPolicy;
  locs: number[];
  backorder: BackorderConfig | null;
  owed?: number; // unitsBackordered (ledger)
  threshold?: number;
  // expectations, written out by hand per row
  state: BackorderState;
  purchasable: boolean;
  allowance: number | null;
  desired: InventoryPolicy;
};

// Every row's expectation is written literally. Threshold defaults to 5, ledger to 0.
const rows: Row[] = [
  // ---- untracked: always sold, policy left alone
  { name: "untracked, DENY, positive", tracked: false, policy: "DENY", locs: [7], backorder: null, state: "untracked", purchasable: true, allowance: null, desired: "DENY" },
  { name: "untracked, DENY, negative", tracked: false, policy: "DENY", locs: [-3], backorder: null, state: "untracked", purchasable: true, allowance: null, desired: "DENY" },
  { name: "untracked, CONTINUE, zero, enabled cap 0", tracked: false, policy: "CONTINUE", locs: [0], backorder: bo({ cap: 0 }), state: "untracked", purchasable: true, allowance: null, desired: "CONTINUE" },
  { name: "untracked, DENY, discontinued", tracked: false, policy: "DENY", locs: [0], backorder: DISC, state: "untracked", purchasable: true, allowance: null, desired: "DENY" },

  // ---- tracked, positive stock
  { name: "in stock above threshold", policy: "DENY", locs: [20], backorder: null, state: "in_stock", purchasable: true, allowance: 0, desired: "DENY" },
  { name: "low stock at threshold", policy: "DENY", locs: [5], backorder: null, state: "low_stock", purchasable: true, allowance: 0, desired: "DENY" },
  { name: "low stock below threshold", policy: "CONTINUE", locs: [1], backorder: null, state: "low_stock", purchasable: true, allowance: null, desired: "CONTINUE" },
  { name: "threshold 0 never low", policy: "DENY", locs: [1], backorder: null, threshold: 0, state: "in_stock", purchasable: true, allowance: 0, desired: "DENY" },
  { name: "locations 10 + -3 = 7 in stock", policy: "CONTINUE", locs: [10, -3], backorder: bo({ cap: 10 }), state: "in_stock", purchasable: true, allowance: 10, desired: "CONTINUE" },
  { name: "locations 3 + -1 = 2 low stock", policy: "DENY", locs: [3, -1], backorder: bo({ cap: 10 }), state: "low_stock", purchasable: true, allowance: 10, desired: "CONTINUE" },
  { name: "in stock, enabled, no cap", policy: "CONTINUE", locs: [9], backorder: bo(), state: "in_stock", purchasable: true, allowance: null, desired: "CONTINUE" },
  { name: "in stock, enabled, ledger already at cap", policy: "CONTINUE", locs: [8], backorder: bo({ cap: 4 }), owed: 4, state: "in_stock", purchasable: true, allowance: 0, desired: "DENY" },
  { name: "in stock, disabled, CONTINUE", policy: "CONTINUE", locs: [8], backorder: OFF, state: "in_stock", purchasable: true, allowance: null, desired: "DENY" },
  { name: "in stock, discontinued", policy: "CONTINUE", locs: [8], backorder: DISC, state: "in_stock", purchasable: true, allowance: 0, desired: "DENY" },

  // ---- tracked, zero (single location and positive/negative locations cancelling out)
  { name: "zero, DENY, no row", policy: "DENY", locs: [0], backorder: null, state: "sold_out", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "3 + -3, DENY, no row", policy: "DENY", locs: [3, -3], backorder: null, state: "sold_out", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "zero, DENY, enabled under cap (drift)", policy: "DENY", locs: [0], backorder: bo({ cap: 5 }), state: "sold_out", purchasable: false, allowance: 5, desired: "CONTINUE" },
  { name: "zero, DENY, enabled, cap 0", policy: "DENY", locs: [0], backorder: bo({ cap: 0 }), state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "zero, DENY, disabled", policy: "DENY", locs: [0], backorder: OFF, state: "sold_out", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "zero, DENY, discontinued", policy: "DENY", locs: [0], backorder: DISC, state: "discontinued", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "zero, CONTINUE, no row", policy: "CONTINUE", locs: [0], backorder: null, state: "backorder", purchasable: true, allowance: null, desired: "CONTINUE" },
  { name: "zero, CONTINUE, enabled, no cap", policy: "CONTINUE", locs: [0], backorder: bo(), state: "backorder", purchasable: true, allowance: null, desired: "CONTINUE" },
  { name: "zero, CONTINUE, enabled, cap 0", policy: "CONTINUE", locs: [0], backorder: bo({ cap: 0 }), state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "zero, CONTINUE, enabled, cap 5", policy: "CONTINUE", locs: [0], backorder: bo({ cap: 5 }), state: "backorder", purchasable: true, allowance: 5, desired: "CONTINUE" },
  { name: "2 + -2, CONTINUE, enabled, cap 5", policy: "CONTINUE", locs: [2, -2], backorder: bo({ cap: 5 }), state: "backorder", purchasable: true, allowance: 5, desired: "CONTINUE" },
  { name: "zero, CONTINUE, disabled", policy: "CONTINUE", locs: [0], backorder: OFF, state: "backorder", purchasable: true, allowance: null, desired: "DENY" },
  { name: "zero, CONTINUE, discontinued", policy: "CONTINUE", locs: [0], backorder: DISC, state: "discontinued", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "zero, CONTINUE, enabled, ledger 3 of cap 5", policy: "CONTINUE", locs: [0], backorder: bo({ cap: 5 }), owed: 3, state: "backorder", purchasable: true, allowance: 2, desired: "CONTINUE" },
  { name: "zero, CONTINUE, enabled, ledger 5 of cap 5", policy: "CONTINUE", locs: [0], backorder: bo({ cap: 5 }), owed: 5, state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },

  // ---- tracked, negative (sold past stock)
  { name: "-4, CONTINUE, enabled, cap 10", policy: "CONTINUE", locs: [-4], backorder: bo({ cap: 10 }), state: "backorder", purchasable: true, allowance: 6, desired: "CONTINUE" },
  { name: "2 + -6 = -4, CONTINUE, enabled, cap 10", policy: "CONTINUE", locs: [2, -6], backorder: bo({ cap: 10 }), state: "backorder", purchasable: true, allowance: 6, desired: "CONTINUE" },
  { name: "-1 -1 -2 = -4, CONTINUE, enabled, cap 4", policy: "CONTINUE", locs: [-1, -1, -2], backorder: bo({ cap: 4 }), state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "-6, CONTINUE, enabled, cap 4 (overshot)", policy: "CONTINUE", locs: [-6], backorder: bo({ cap: 4 }), state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "-4, ledger 5 > Shopify 4, cap 5", policy: "CONTINUE", locs: [-4], backorder: bo({ cap: 5 }), owed: 5, state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "-5, Shopify 5 > ledger 2, cap 5", policy: "CONTINUE", locs: [-5], backorder: bo({ cap: 5 }), owed: 2, state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "-2, ledger 3, cap 5", policy: "CONTINUE", locs: [-2], backorder: bo({ cap: 5 }), owed: 3, state: "backorder", purchasable: true, allowance: 2, desired: "CONTINUE" },
  { name: "-4, CONTINUE, enabled, no cap", policy: "CONTINUE", locs: [-4], backorder: bo(), state: "backorder", purchasable: true, allowance: null, desired: "CONTINUE" },
  { name: "-4, CONTINUE, enabled, cap 0", policy: "CONTINUE", locs: [-4], backorder: bo({ cap: 0 }), state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "-4, DENY, enabled, cap 10 (drift)", policy: "DENY", locs: [-4], backorder: bo({ cap: 10 }), state: "sold_out", purchasable: false, allowance: 6, desired: "CONTINUE" },
  { name: "-4, DENY, enabled, cap 4 (already flipped)", policy: "DENY", locs: [-4], backorder: bo({ cap: 4 }), state: "backorder_cap_reached", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "-4, CONTINUE, disabled", policy: "CONTINUE", locs: [-4], backorder: OFF, state: "backorder", purchasable: true, allowance: null, desired: "DENY" },
  { name: "-4, CONTINUE, disabled, cap 2 (cap ignored when off)", policy: "CONTINUE", locs: [-4], backorder: bo({ enabled: false, cap: 2 }), state: "backorder", purchasable: true, allowance: null, desired: "DENY" },
  { name: "-2, DENY, no row (oversold by POS)", policy: "DENY", locs: [-2], backorder: null, state: "sold_out", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "-2, CONTINUE, no row", policy: "CONTINUE", locs: [-2], backorder: null, state: "backorder", purchasable: true, allowance: null, desired: "CONTINUE" },
  { name: "-2, CONTINUE, discontinued and enabled", policy: "CONTINUE", locs: [-2], backorder: DISC, state: "discontinued", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "-2, DENY, discontinued and disabled", policy: "DENY", locs: [-2], backorder: bo({ enabled: false, discontinued: true }), state: "discontinued", purchasable: false, allowance: 0, desired: "DENY" },
  { name: "no locations at all", policy: "DENY", locs: [], backorder: null, state: "sold_out", purchasable: false, allowance: 0, desired: "DENY" },
];

type InputFields = Pick<Row, "tracked" | "policy" | "locs" | "backorder" | "owed" | "threshold">;

function inputOf(row: InputFields): BackorderStateInput {
  return {
    tracked: row.tracked ?? true,
    inventoryPolicy: row.policy,
    availableByLocation: row.locs,
    backorder: row.backorder,
    unitsBackordered: row.owed ?? 0,
    lowStockThreshold: row.threshold ?? 5,
  };
}

describe("decideBackorderState", () => {
  it.each(rows)("$name → $state", (row) => {
    // GIVEN a mirror row and settings
    const input = inputOf(row);
    // WHEN the state is decided
    const result = decideBackorderState(input);
    // THEN state, purchasability, allowance and the desired policy are the ones written in the table
    expect(result.state).toBe(row.state);
    expect(result.purchasable).toBe(row.purchasable);
    expect(result.remainingAllowance).toBe(row.allowance);
    expect(desiredInventoryPolicy(input)).toBe(row.desired);
    expect(result.reason).toMatch(/^[A-Z].*\.$/);
  });

  it("sums available across locations, negatives included", () => {
    const result = decideBackorderState(inputOf({ locs: [4, -7, 1], policy: "CONTINUE", backorder: bo() }));
    expect(result.available).toBe(-2);
  });

  it("tells the merchant when a discontinued variant is still on CONTINUE", () => {
    const result = decideBackorderState(inputOf({ policy: "CONTINUE", locs: [0], backorder: DISC }));
    expect(result.reason).toContain("set the policy to DENY");
  });

  it("says the app will flip the policy when the cap is reached under CONTINUE", () => {
    const result = decideBackorderState(inputOf({ policy: "CONTINUE", locs: [-3], backorder: bo({ cap: 3 }) }));
    expect(result.reason).toBe("Backorder cap reached (3 units of 3 allowed owed); the app will switch the policy to DENY.");
  });

  it("says 'no ETA set' for a backorder without ETA or lead time", () => {
    const backorder = bo({ etaDate: null, leadTimeDays: null, cap: 10 });
    const result = decideBackorderState(inputOf({ policy: "CONTINUE", locs: [-1], backorder }));
    expect(result.state).toBe("backorder");
    expect(result.reason).toBe("Backordered: 1 unit of 10 allowed owed; no ETA set.");
  });

  it("describes a lead time in the reason", () => {
    const backorder = bo({ etaDate: null, leadTimeDays: 1 });
    const result = decideBackorderState(inputOf({ policy: "CONTINUE", locs: [0], backorder }));
    expect(result.reason).toBe("Backordered: 0 units owed, no cap; ships 1 day after order.");
  });
});

describe("needsEta", () => {
  const base: InputFields = { policy: "CONTINUE", locs: [-1], backorder: null };
  it.each([
    { name: "fixed ETA", backorder: bo({ etaDate: ETA }), expected: false },
    { name: "lead time", backorder: bo({ etaDate: null, leadTimeDays: 7 }), expected: false },
    { name: "lead time 0 (same day) counts as an ETA", backorder: bo({ etaDate: null, leadTimeDays: 0 }), expected: false },
    { name: "neither", backorder: bo({ etaDate: null, leadTimeDays: null }), expected: true },
    { name: "CONTINUE without a row", backorder: null, expected: true },
  ])("$name → $expected", ({ backorder, expected }) => {
    const result = decideBackorderState(inputOf({ ...base, backorder }));
    expect(needsEta(result, backorder)).toBe(expected);
  });

  it("is false when the variant isn't on backorder (in stock, sold out, cap reached)", () => {
    const noEta = bo({ etaDate: null, cap: 1 });
    expect(needsEta(decideBackorderState(inputOf({ ...base, locs: [5], backorder: noEta })), noEta)).toBe(false);
    expect(needsEta(decideBackorderState(inputOf({ ...base, policy: "DENY", locs: [0], backorder: noEta })), noEta)).toBe(false);
    expect(needsEta(decideBackorderState(inputOf({ ...base, locs: [-1], backorder: noEta })), noEta)).toBe(false);
  });
});

describe("hasPolicyDrift", () => {
  it.each([
    { name: "enabled but DENY", policy: "DENY" as const, backorder: bo({ cap: 5 }), locs: [0], expected: true },
    { name: "enabled and CONTINUE", policy: "CONTINUE" as const, backorder: bo({ cap: 5 }), locs: [0], expected: false },
    { name: "cap reached but CONTINUE", policy: "CONTINUE" as const, backorder: bo({ cap: 2 }), locs: [-2], expected: true },
    { name: "unmanaged CONTINUE", policy: "CONTINUE" as const, backorder: null, locs: [-2], expected: false },
    { name: "disabled but CONTINUE", policy: "CONTINUE" as const, backorder: OFF, locs: [3], expected: true },
  ])("$name → $expected", ({ policy, backorder, locs, expected }) => {
    expect(hasPolicyDrift(inputOf({ policy, backorder, locs }))).toBe(expected);
  });
});

describe("countBackorderedUnits", () => {
  it.each([
    { available: 5, ledger: 0, expected: 0 },
    { available: 0, ledger: 0, expected: 0 },
    { available: -4, ledger: 0, expected: 4 },
    { available: -4, ledger: 6, expected: 6 }, // ledger ahead (inventory webhook late)
    { available: -6, ledger: 4, expected: 6 }, // Shopify ahead (orders/create late)
    { available: 3, ledger: 2, expected: 2 },
    { available: 0, ledger: -1, expected: 0 },
  ])("available $available, ledger $ledger → $expected", ({ available, ledger, expected }) => {
    expect(countBackorderedUnits(available, ledger)).toBe(expected);
  });
});
