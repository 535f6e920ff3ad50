// Automation rules: which rule governs a variant, and what it does when an inventory event arrives.
// Pure: the caller supplies the variant's facts, the last applied event time and the new event.
//
// Guarantees of `decideAutomation`:
//   - Stale events are ignored: an event older than the last change applied to the variant (webhooks arrive late
//     and out of order) never acts, so "0 at t2" arriving after "5 at t3" does nothing.
//   - Idempotent: the decision depends on the current state, not on the transition, so a duplicate delivery (or a
//     reconciliation replay) of an event already acted on returns "none"; a missed webhook is caught up by the next
//     event or reconcile.
//   - Merchant settings win: a variant whose settings come from the merchant (source "manual" or "csv", both
//     explicit merchant choices) is never enabled or disabled by a rule, except that disable-at-cap still applies.

import { countBackorderedUnits } from "./backorder-state";
import type { AutomationRule, BackorderChanges, BackorderSource, RuleScopeType, VariantFacts } from "./types";

// ---------------------------------------------------------------------------------------------------------------
// Matching

/**
 * Tie-breaker between rules of equal priority: the narrower scope wins. A tag is set on purpose per product, a
 * collection is a curated group, a product type spans vendors, a vendor (supplier) spans the most, `all` everything.
 */
/** Every `AutomationRule.scopeType`, in the order the form offers them. */
export const RULE_SCOPE_TYPES = ["all", "collection", "tag", "vendor", "productType"] as const satisfies readonly RuleScopeType[];

/** What a rule stores, as the rules form's schema (app/schemas/automation-rule.ts) outputs it: validated once, there. */
export type AutomationRuleValues = Omit<AutomationRule, "id" | "createdAt">;

export const SCOPE_SPECIFICITY: Record<RuleScopeType, number> = {
  tag: 4,
  collection: 3,
  productType: 2,
  vendor: 1,
  all: 0,
};

const fold = (value: string) => value.trim().toLocaleLowerCase("en-US");

/** Numeric tail of a Shopify GID, so "gid://shopify/Collection/42" and "42" compare equal. */
const idTail = (value: string) => value.trim().replace(/^gid:\/\/shopify\/[A-Za-z]+\//, "");

/** Whether an (active or not) rule's scope covers the variant. Tags, vendors and product types ignore case. */
export function ruleMatches(rule: AutomationRule, facts: VariantFacts): boolean {
  if (rule.scopeType === "all") return true;
  const value = rule.scopeValue?.trim();
  if (!value) return false;
  switch (rule.scopeType) {
    case "collection":
      return facts.collectionIds.some((id) => idTail(id) === idTail(value));
    case "tag":
      return facts.tags.some((tag) => fold(tag) === fold(value));
    case "vendor":
      return facts.vendor !== null && fold(facts.vendor) === fold(value);
    case "productType":
      return facts.productType !== null && fold(facts.productType) === fold(value);
    default:
      return false;
  }
}

/** Orders rules by precedence: lowest priority number, then most specific scope, then oldest, then id. */
export function compareRules(a: AutomationRule, b: AutomationRule): number {
  return (
    a.priority - b.priority ||
    SCOPE_SPECIFICITY[b.scopeType] - SCOPE_SPECIFICITY[a.scopeType] ||
    a.createdAt.getTime() - b.createdAt.getTime() ||
    (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  );
}

/** The one active rule that governs the variant, or null. */
export function matchRule(rules: readonly AutomationRule[], facts: VariantFacts): AutomationRule | null {
  let best: AutomationRule | null = null;
  for (const rule of rules) {
    if (!rule.active || !ruleMatches(rule, facts)) continue;
    if (!best || compareRules(rule, best) < 0) best = rule;
  }
  return best;
}

// ---------------------------------------------------------------------------------------------------------------
// Deciding

/** Manual and CSV settings are the merchant's explicit choices; only "rule" settings belong to automation. */
export function isMerchantOwned(source: BackorderSource): boolean {
  return source !== "rule";
}

export type AutomationBackorder = {
  enabled: boolean;
  source: BackorderSource;
  cap: number | null;
  /** Units owed on open orders (the app's ledger); see `countBackorderedUnits`. */
  unitsBackordered: number;
  /** A discontinued variant is never enabled. Default false. */
  discontinued?: boolean;
  /**
   * Turned on ahead of a predicted stock-out, stock still on hand (app/domain/predicted-stockout-automation.ts):
   * being in stock is then no restock, and that automation turns it off if the prediction goes away. Default false.
   */
  aheadOfStockOut?: boolean;
};

export type AutomationInput = {
  rule: AutomationRule | null;
  previous: {
    /** Available (sum over locations) after the last applied event. */
    available: number;
    /** When the newest event already applied to this variant happened (Shopify's time), or null if none. */
    appliedAt: Date | null;
  };
  current: {
    available: number;
    /** When this event happened at Shopify (updated_at / triggered_at), not when it was received. */
    eventAt: Date;
    /** Untracked variants are never automated. Default true. */
    tracked?: boolean;
  };
  /** The variant's VariantBackorder row, or null when it has none yet. */
  backorder: AutomationBackorder | null;
};

export type AutomationTrigger = "zero" | "restock" | "cap";

export type AutomationDecision = {
  action: "none" | "enable" | "disable";
  reason: string;
  ignoredAsStale?: boolean;
  /** Why the action was taken. */
  trigger?: AutomationTrigger;
  /**
   * The settings to write with the action. Enable: the rule's defaults (ETA, lead time, cap). Disable on restock:
   * `enabled: false`, plus `etaDate: null` when the rule clears ETAs. Disable at cap: `enabled: false` only (the
   * owed orders keep their ETA).
   */
  changes?: BackorderChanges;
  /** Set when the row should be marked as rule-owned (source "rule", ruleId); absent for a merchant-owned row. */
  ruleId?: string;
};

function none(reason: string, extra: Partial<AutomationDecision> = {}): AutomationDecision {
  return { action: "none", reason, ...extra };
}

export function decideAutomation(input: AutomationInput): AutomationDecision {
  const { rule, previous, current, backorder } = input;

  if (previous.appliedAt && current.eventAt.getTime() < previous.appliedAt.getTime()) {
    return none(
      `Ignored an out-of-order event from ${current.eventAt.toISOString()}: a newer change (${previous.appliedAt.toISOString()}) is already applied.`,
      { ignoredAsStale: true },
    );
  }
  if (!rule) return none("No automation rule applies to this variant.");
  if (!rule.active) return none(`Rule "${rule.name}" is paused.`);
  if (current.tracked === false) return none("Inventory isn't tracked, so there is nothing to automate.");

  const backordered = countBackorderedUnits(current.available, backorder?.unitsBackordered ?? 0);
  const merchantOwned = !!backorder && isMerchantOwned(backorder.source);

  if (backorder?.enabled) {
    // Cap first: it applies even to the merchant's own settings.
    if (current.available <= 0 && backorder.cap !== null && backordered >= backorder.cap) {
      if (!rule.disableAtCap) return none(`Backorder cap reached (${backordered} of ${backorder.cap}), but rule "${rule.name}" doesn't disable at cap.`);
      return {
        action: "disable",
        trigger: "cap",
        reason: `Backorder cap reached (${backordered} of ${backorder.cap} units owed): backorders turned off by rule "${rule.name}".`,
        changes: { enabled: false },
        ...(merchantOwned ? {} : { ruleId: rule.id }),
      };
    }
    if (current.available > 0) {
      if (merchantOwned) return none(`Back in stock; backorders were set by the merchant (${backorder.source}), so rule "${rule.name}" leaves them on.`);
      if (backorder.aheadOfStockOut) return none("In stock; backorders were turned on ahead of a predicted stock-out, so this is no restock.");
      if (!rule.autoDisableOnRestock) return none(`Back in stock; rule "${rule.name}" keeps backorders on.`);
      return {
        action: "disable",
        trigger: "restock",
        reason: `Back in stock (${current.available} available, was ${previous.available}): backorders turned off by rule "${rule.name}"${rule.clearEtaOnRestock ? " and the ETA cleared" : ""}.`,
        changes: rule.clearEtaOnRestock ? { enabled: false, etaDate: null } : { enabled: false },
        ruleId: rule.id,
      };
    }
    return none("Backorders are already on.");
  }

  // Backorders are off (or never configured).
  if (current.available > 0) return none("In stock; nothing to do.");
  if (backorder && merchantOwned) {
    return none(`Out of stock, but the merchant turned backorders off (${backorder.source}); rule "${rule.name}" doesn't override that.`);
  }
  if (backorder?.discontinued) return none("Out of stock and discontinued: backorders stay off.");
  if (!rule.autoEnableAtZero) return none(`Out of stock; rule "${rule.name}" doesn't enable backorders.`);
  if (rule.defaultCap !== null && backordered >= rule.defaultCap) {
    return none(`Out of stock, but ${backordered} units are already owed against the cap of ${rule.defaultCap}: backorders stay off.`);
  }
  return {
    action: "enable",
    trigger: "zero",
    reason: `Out of stock (${current.available} available, was ${previous.available}): backorders turned on by rule "${rule.name}".`,
    changes: {
      enabled: true,
      etaDate: rule.defaultEtaDate,
      leadTimeDays: rule.defaultLeadTimeDays,
      cap: rule.defaultCap,
    },
    ruleId: rule.id,
  };
}
