// Automation rules (AutomationRule rows) and the catalog facts a rule's scope is matched against
// (Product vendor/type/tags and ProductCollection links from the mirror). Shop-scoped in every query.

import prisma from "#app/db.server";
import { chunk } from "#app/domain/collections";
import { splitTags } from "#app/domain/catalog";
import { RULE_SCOPE_TYPES, type AutomationRuleValues } from "#app/domain/automation-rules";
import type { AutomationRule, RuleScopeType, VariantFacts } from "#app/domain/types";
import type { Db } from "./db";

/** A new rule: a name and a scope, anything else defaulted the way the table defaults it. */
export type NewAutomationRule = Pick<AutomationRuleValues, "name" | "scopeType"> & Partial<AutomationRuleValues>;

type RuleRow = Awaited<ReturnType<typeof prisma.automationRule.findFirstOrThrow>>;

function toRule(row: RuleRow): AutomationRule {
  return {
    id: row.id,
    name: row.name,
    scopeType: (RULE_SCOPE_TYPES as readonly string[]).includes(row.scopeType) ? (row.scopeType as RuleScopeType) : "all",
    scopeValue: row.scopeValue,
    active: row.active,
    priority: row.priority,
    autoEnableAtZero: row.autoEnableAtZero,
    autoDisableOnRestock: row.autoDisableOnRestock,
    disableAtCap: row.disableAtCap,
    clearEtaOnRestock: row.clearEtaOnRestock,
    defaultEtaDate: row.defaultEtaDate,
    defaultLeadTimeDays: row.defaultLeadTimeDays,
    defaultCap: row.defaultCap,
    enableAheadOfStockOut: row.enableAheadOfStockOut,
    aheadWindowDays: row.aheadWindowDays,
    createdAt: row.createdAt,
  };
}

/** All rules of a shop in precedence order (priority, then oldest first). */
export async function listRules(shop: string, db: Db = prisma): Promise<AutomationRule[]> {
  const rows = await db.automationRule.findMany({ where: { shop }, orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toRule);
}

export async function getRule(shop: string, id: string, db: Db = prisma): Promise<AutomationRule | null> {
  const row = await db.automationRule.findFirst({ where: { id, shop } });
  return row ? toRule(row) : null;
}

/** Stores a rule the rules schema has validated (the one validator: app/schemas/automation-rule.ts). */
export async function createRule(shop: string, data: NewAutomationRule, db: Db = prisma): Promise<AutomationRule> {
  const row = await db.automationRule.create({
    data: {
      shop,
      name: data.name,
      scopeType: data.scopeType,
      scopeValue: data.scopeValue ?? null,
      ...(data.active !== undefined ? { active: data.active } : {}),
      ...(data.priority !== undefined ? { priority: data.priority } : {}),
      ...(data.autoEnableAtZero !== undefined ? { autoEnableAtZero: data.autoEnableAtZero } : {}),
      ...(data.autoDisableOnRestock !== undefined ? { autoDisableOnRestock: data.autoDisableOnRestock } : {}),
      ...(data.disableAtCap !== undefined ? { disableAtCap: data.disableAtCap } : {}),
      ...(data.clearEtaOnRestock !== undefined ? { clearEtaOnRestock: data.clearEtaOnRestock } : {}),
      defaultEtaDate: data.defaultEtaDate ?? null,
      defaultLeadTimeDays: data.defaultLeadTimeDays ?? null,
      defaultCap: data.defaultCap ?? null,
      ...(data.enableAheadOfStockOut !== undefined ? { enableAheadOfStockOut: data.enableAheadOfStockOut } : {}),
      aheadWindowDays: data.aheadWindowDays ?? null,
    },
  });
  return toRule(row);
}

/** Partial update of validated values; null when the rule does not exist for this shop. */
export async function updateRule(shop: string, id: string, data: Partial<AutomationRuleValues>, db: Db = prisma): Promise<AutomationRule | null> {
  const { count } = await db.automationRule.updateMany({ where: { id, shop }, data });
  return count ? getRule(shop, id, db) : null;
}

export async function deleteRule(shop: string, id: string, db: Db = prisma): Promise<{ deleted: boolean }> {
  const { count } = await db.automationRule.deleteMany({ where: { id, shop } });
  return { deleted: count > 0 };
}

/** The scope facts (vendor, product type, tags, collections) of the given products, from the mirror. */
export async function loadProductFacts(shop: string, productIds: readonly string[], db: Db = prisma): Promise<Map<string, VariantFacts>> {
  const facts = new Map<string, VariantFacts>();
  for (const ids of chunk([...new Set(productIds)], 500)) {
    const [products, links] = await Promise.all([
      db.product.findMany({ where: { shop, id: { in: ids } }, select: { id: true, vendor: true, productType: true, tags: true } }),
      db.productCollection.findMany({ where: { shop, productId: { in: ids } }, select: { productId: true, collectionId: true } }),
    ]);
    for (const p of products) {
      facts.set(p.id, { vendor: p.vendor, productType: p.productType, tags: splitTags(p.tags), collectionIds: [] });
    }
    for (const link of links) facts.get(link.productId)?.collectionIds.push(link.collectionId);
  }
  return facts;
}

/** The names of the given rules of a shop, by id (a deleted rule is absent). */
export async function loadRuleNames(shop: string, ids: readonly string[], db: Db = prisma): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.automationRule.findMany({ where: { shop, id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}
