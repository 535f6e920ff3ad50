import { describe, expect, it } from "vitest";
import {
  decideAutomation,
  isMerchantOwned,
  matchRule,
  type AutomationBackorder,
  type AutomationDecision,
} from "./automation-rules";
import type { AutomationRule, VariantFacts } from "./types";

const t = (minute: number) => new Date(Date.UTC(2026, 0, 9, 12, minute));

function rule(partial: Partial<AutomationRule> = {}): AutomationRule {
  return {
    id: "rule-1",
    name: "Default",
    scopeType: "all",
    scopeValue: null,
    active: true,
    priority: 100,
    autoEnableAtZero: true,
    autoDisableOnRestock: true,
    disableAtCap: true,
    clearEtaOnRestock: true,
    defaultEtaDate: null,
    defaultLeadTimeDays: 14,
    defaultCap: 20,
    createdAt: t(0),
    ...partial,
  };
}

const facts: VariantFacts = {
  vendor: "Acme",
  productType: "Mugs",
  tags: ["Made-To-Order", "ceramic"],
  collectionIds: ["gid://shopify/Collection/42", "gid://shopify/Collection/7"],
};

describe("matchRule", () => {
  it("returns null with no rules or no match", () => {
    expect(matchRule([], facts)).toBeNull();
    expect(matchRule([rule({ scopeType: "vendor", scopeValue: "Globex" })], facts)).toBeNull();
  });

  it.each([
    { name: "tag, case-insensitive", r: rule({ scopeType: "tag", scopeValue: "made-to-order" }), matches: true },
    { name: "tag not on the product", r: rule({ scopeType: "tag", scopeValue: "glass" }), matches: false },
    { name: "vendor, case and spaces ignored", r: rule({ scopeType: "vendor", scopeValue: " ACME " }), matches: true },
    { name: "product type", r: rule({ scopeType: "productType", scopeValue: "mugs" }), matches: true },
    { name: "collection by GID", r: rule({ scopeType: "collection", scopeValue: "gid://shopify/Collection/42" }), matches: true },
    { name: "collection by numeric id", r: rule({ scopeType: "collection", scopeValue: "7" }), matches: true },
    { name: "collection not containing it", r: rule({ scopeType: "collection", scopeValue: "4" }), matches: false },
    { name: "scoped rule without a value", r: rule({ scopeType: "tag", scopeValue: null }), matches: false },
    { name: "all", r: rule({ scopeType: "all" }), matches: true },
    { name: "inactive rule", r: rule({ active: false }), matches: false },
  ])("$name → matches: $matches", ({ r, matches }) => {
    expect(matchRule([r], facts)).toBe(matches ? r : null);
  });

  it("does not match a vendor rule for a product without vendor", () => {
    expect(matchRule([rule({ scopeType: "vendor", scopeValue: "Acme" })], { ...facts, vendor: null })).toBeNull();
  });

  it("prefers the lowest priority number over a more specific scope", () => {
    const broad = rule({ id: "broad", scopeType: "all", priority: 1 });
    const narrow = rule({ id: "narrow", scopeType: "tag", scopeValue: "ceramic", priority: 2 });
    expect(matchRule([narrow, broad], facts)?.id).toBe("broad");
  });

  it("breaks priority ties by specificity: tag > collection > productType > vendor > all", () => {
    const all = rule({ id: "all", scopeType: "all" });
    const vendor = rule({ id: "vendor", scopeType: "vendor", scopeValue: "Acme" });
    const type = rule({ id: "type", scopeType: "productType", scopeValue: "Mugs" });
    const collection = rule({ id: "collection", scopeType: "collection", scopeValue: "42" });
    const tag = rule({ id: "tag", scopeType: "tag", scopeValue: "ceramic" });
    expect(matchRule([all, vendor, type, collection, tag], facts)?.id).toBe("tag");
    expect(matchRule([all, vendor, type, collection], facts)?.id).toBe("collection");
    expect(matchRule([all, vendor, type], facts)?.id).toBe("type");
    expect(matchRule([all, vendor], facts)?.id).toBe("vendor");
  });

  it("breaks remaining ties by age, oldest first, then by id", () => {
    const newer = rule({ id: "a-newer", createdAt: t(10) });
    const older = rule({ id: "z-older", createdAt: t(5) });
    expect(matchRule([newer, older], facts)?.id).toBe("z-older");
    const twinB = rule({ id: "b", createdAt: t(5) });
    const twinA = rule({ id: "a", createdAt: t(5) });
    expect(matchRule([twinB, twinA], facts)?.id).toBe("a");
  });
});

/** A variant as the services keep it, updated from each decision like the webhook handler would. */
type Variant = { available: number; appliedAt: Date | null; backorder: AutomationBackorder | null; etaDate: string | null; ruleId?: string };

/** Delivers one inventory event: decide, then apply the result to the variant (mirror + settings). */
function deliver(v: Variant, r: AutomationRule | null, event: { available: number; at: Date; owed?: number }): AutomationDecision {
  const backorder = v.backorder && { ...v.backorder, unitsBackordered: event.owed ?? v.backorder.unitsBackordered };
  const decision = decideAutomation({
    rule: r,
    previous: { available: v.available, appliedAt: v.appliedAt },
    current: { available: event.available, eventAt: event.at },
    backorder,
  });
  if (decision.ignoredAsStale) return decision;
  v.available = event.available;
  v.appliedAt = event.at;
  if (backorder) v.backorder = backorder;
  if (decision.action !== "none" && decision.changes) {
    const c = decision.changes;
    v.backorder = {
      enabled: c.enabled ?? false,
      source: decision.ruleId ? "rule" : (v.backorder?.source ?? "rule"),
      cap: c.cap !== undefined ? c.cap : (v.backorder?.cap ?? null),
      unitsBackordered: v.backorder?.unitsBackordered ?? 0,
    };
    if (c.etaDate !== undefined) v.etaDate = c.etaDate;
    if (decision.ruleId) v.ruleId = decision.ruleId;
  }
  return decision;
}

const fresh = (): Variant => ({ available: 5, appliedAt: t(1), backorder: null, etaDate: null });

describe("decideAutomation: webhook sequences", () => {
  it("enables at 0 with the rule's defaults, ignores duplicates, disables on restock and clears the ETA", () => {
    // GIVEN a variant at 5 governed by a rule with an ETA, lead time and cap
    const r = rule({ defaultEtaDate: "2026-02-15", defaultLeadTimeDays: null, defaultCap: 20 });
    const v = fresh();

    // WHEN stock reaches 0
    const enable = deliver(v, r, { available: 0, at: t(2) });
    // THEN backorders are enabled with the rule's defaults
    expect(enable).toMatchObject({ action: "enable", trigger: "zero", ruleId: "rule-1" });
    expect(enable.changes).toEqual({ enabled: true, etaDate: "2026-02-15", leadTimeDays: null, cap: 20 });
    expect(v.backorder).toMatchObject({ enabled: true, source: "rule", cap: 20 });

    // WHEN the same webhook is delivered again, and a further sale takes it negative
    expect(deliver(v, r, { available: 0, at: t(2) })).toMatchObject({ action: "none", reason: "Backorders are already on." });
    expect(deliver(v, r, { available: -2, at: t(3), owed: 2 }).action).toBe("none");

    // WHEN stock returns
    const disable = deliver(v, r, { available: 4, at: t(4), owed: 0 });
    // THEN backorders are turned off and the ETA cleared; a duplicate does nothing
    expect(disable).toMatchObject({ action: "disable", trigger: "restock", changes: { enabled: false, etaDate: null } });
    expect(v.backorder?.enabled).toBe(false);
    expect(v.etaDate).toBeNull();
    expect(deliver(v, r, { available: 4, at: t(4) })).toMatchObject({ action: "none", reason: "In stock; nothing to do." });
  });

  it("ignores 0 at t2 arriving after 5 at t3", () => {
    const v = fresh();
    expect(deliver(v, rule(), { available: 5, at: t(3) }).action).toBe("none");
    const late = deliver(v, rule(), { available: 0, at: t(2) });
    expect(late).toMatchObject({ action: "none", ignoredAsStale: true });
    expect(late.reason).toBe(
      "Ignored an out-of-order event from 2026-01-09T12:02:00.000Z: a newer change (2026-01-09T12:03:00.000Z) is already applied.",
    );
    expect(v.backorder).toBeNull();
    expect(v.available).toBe(5);
  });

  it("ignores a late sale that arrives after the restock that followed it", () => {
    // 0 at t2 → enable; 5 at t4 → disable; then -1 at t3 arrives late → must not re-enable
    const v = fresh();
    expect(deliver(v, rule(), { available: 0, at: t(2) }).action).toBe("enable");
    expect(deliver(v, rule(), { available: 5, at: t(4) }).action).toBe("disable");
    expect(deliver(v, rule(), { available: -1, at: t(3) })).toMatchObject({ action: "none", ignoredAsStale: true });
    expect(v.backorder?.enabled).toBe(false);
  });

  it("acts on an event with the same timestamp as the last applied one (idempotent by state)", () => {
    const v: Variant = { ...fresh(), appliedAt: t(2) };
    expect(deliver(v, rule(), { available: 0, at: t(2) }).action).toBe("enable");
    expect(deliver(v, rule(), { available: 0, at: t(2) }).action).toBe("none");
  });

  it("checks staleness before anything else, even without a rule", () => {
    const decision = decideAutomation({
      rule: null,
      previous: { available: 5, appliedAt: t(5) },
      current: { available: 0, eventAt: t(4) },
      backorder: null,
    });
    expect(decision.ignoredAsStale).toBe(true);
  });

  it("keeps the ETA on restock when the rule says so", () => {
    const v: Variant = { ...fresh(), available: 0, backorder: { enabled: true, source: "rule", cap: null, unitsBackordered: 0 }, etaDate: "2026-02-01" };
    const decision = deliver(v, rule({ clearEtaOnRestock: false }), { available: 3, at: t(2) });
    expect(decision).toMatchObject({ action: "disable", trigger: "restock", changes: { enabled: false } });
    expect(decision.changes).not.toHaveProperty("etaDate");
    expect(v.etaDate).toBe("2026-02-01");
  });
});

describe("decideAutomation: merchant settings", () => {
  const at = (available: number, backorder: AutomationBackorder | null, r: AutomationRule = rule()) =>
    decideAutomation({ rule: r, previous: { available: 1, appliedAt: t(1) }, current: { available, eventAt: t(2) }, backorder });

  it.each(["manual", "csv"] as const)("does not disable %s backorders on restock", (source) => {
    expect(at(6, { enabled: true, source, cap: null, unitsBackordered: 0 }).action).toBe("none");
  });

  it("does not take backorders turned on ahead of a predicted stock-out (stock still on hand) for a restock", () => {
    expect(at(6, { enabled: true, source: "rule", cap: null, unitsBackordered: 0, aheadOfStockOut: true }).action).toBe("none");
    expect(at(6, { enabled: true, source: "rule", cap: null, unitsBackordered: 0 }).action).toBe("disable");
  });

  it.each(["manual", "csv"] as const)("does not enable backorders the merchant turned off (%s) at 0", (source) => {
    const decision = at(0, { enabled: false, source, cap: null, unitsBackordered: 0 });
    expect(decision.action).toBe("none");
    expect(decision.reason).toBe(`Out of stock, but the merchant turned backorders off (${source}); rule "Default" doesn't override that.`);
  });

  it("still disables manual backorders at the cap, without taking the row over", () => {
    const decision = at(-5, { enabled: true, source: "manual", cap: 5, unitsBackordered: 0 });
    expect(decision).toMatchObject({ action: "disable", trigger: "cap", changes: { enabled: false } });
    expect(decision.ruleId).toBeUndefined();
  });

  it("classifies sources", () => {
    expect(isMerchantOwned("manual")).toBe(true);
    expect(isMerchantOwned("csv")).toBe(true);
    expect(isMerchantOwned("rule")).toBe(false);
  });
});

describe("decideAutomation: cap", () => {
  const decide = (available: number, backorder: AutomationBackorder | null, r: AutomationRule = rule()) =>
    decideAutomation({ rule: r, previous: { available: 0, appliedAt: t(1) }, current: { available, eventAt: t(2) }, backorder });
  const on = (cap: number | null, owed = 0): AutomationBackorder => ({ enabled: true, source: "rule", cap, unitsBackordered: owed });

  it("disables a rule-owned backorder at the cap and keeps its ETA", () => {
    const decision = decide(-3, on(3));
    expect(decision).toEqual({
      action: "disable",
      trigger: "cap",
      reason: 'Backorder cap reached (3 of 3 units owed): backorders turned off by rule "Default".',
      changes: { enabled: false },
      ruleId: "rule-1",
    });
  });

  it("counts the ledger when it is ahead of Shopify's available", () => {
    expect(decide(-1, on(3, 3)).action).toBe("disable");
    expect(decide(-1, on(3, 2)).action).toBe("none");
  });

  it("treats cap 0 as reached at 0", () => {
    expect(decide(0, on(0)).action).toBe("disable");
  });

  it("does nothing at the cap when the rule doesn't disable at cap", () => {
    expect(decide(-3, on(3), rule({ disableAtCap: false })).action).toBe("none");
  });

  it("does not re-enable at 0 while the owed units still fill the rule's cap (no flapping)", () => {
    const off: AutomationBackorder = { enabled: false, source: "rule", cap: 3, unitsBackordered: 3 };
    expect(decide(-3, off, rule({ defaultCap: 3 }))).toMatchObject({ action: "none" });
    expect(decide(-3, off, rule({ defaultCap: 10 }))).toMatchObject({ action: "enable", changes: { cap: 10 } });
  });

  it("webhook sequence: sells to the cap, disables once, duplicate does nothing", () => {
    const r = rule({ defaultCap: 2 });
    const v = fresh();
    expect(deliver(v, r, { available: 0, at: t(2) }).action).toBe("enable");
    expect(deliver(v, r, { available: -1, at: t(3), owed: 1 }).action).toBe("none");
    expect(deliver(v, r, { available: -2, at: t(4), owed: 2 })).toMatchObject({ action: "disable", trigger: "cap" });
    expect(deliver(v, r, { available: -2, at: t(4), owed: 2 }).action).toBe("none");
    expect(v.backorder).toMatchObject({ enabled: false, source: "rule" });
  });
});

describe("decideAutomation: nothing to do", () => {
  const decide = (over: Partial<Parameters<typeof decideAutomation>[0]>) =>
    decideAutomation({
      rule: rule(),
      previous: { available: 3, appliedAt: t(1) },
      current: { available: 0, eventAt: t(2) },
      backorder: null,
      ...over,
    });

  it.each([
    { name: "no rule", over: { rule: null }, reason: "No automation rule applies to this variant." },
    { name: "paused rule", over: { rule: rule({ active: false }) }, reason: 'Rule "Default" is paused.' },
    { name: "untracked", over: { current: { available: 0, eventAt: t(2), tracked: false } }, reason: "Inventory isn't tracked, so there is nothing to automate." },
    { name: "rule doesn't enable at 0", over: { rule: rule({ autoEnableAtZero: false }) }, reason: 'Out of stock; rule "Default" doesn\'t enable backorders.' },
    {
      name: "discontinued",
      over: { backorder: { enabled: false, source: "rule" as const, cap: null, unitsBackordered: 0, discontinued: true } },
      reason: "Out of stock and discontinued: backorders stay off.",
    },
    {
      name: "rule doesn't disable on restock",
      over: {
        rule: rule({ autoDisableOnRestock: false }),
        current: { available: 4, eventAt: t(2) },
        backorder: { enabled: true, source: "rule" as const, cap: null, unitsBackordered: 0 },
      },
      reason: 'Back in stock; rule "Default" keeps backorders on.',
    },
  ])("$name", ({ over, reason }) => {
    expect(decide(over)).toEqual({ action: "none", reason });
  });

  it("enables on a first event (no applied time yet)", () => {
    expect(decide({ previous: { available: 0, appliedAt: null } }).action).toBe("enable");
  });
});
