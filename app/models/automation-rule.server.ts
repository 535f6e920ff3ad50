// Automation rules (AutomationRule rows) and the catalog facts a rule's scope is matched against
// (Product vendor/type/tags and ProductCollection links from the mirror). Shop-scoped in every query.

import prisma from "#app/db.server";
import { splitTags } from "#app/domain/catalog";
import { RULE_SCOPE_TYPES, type AutomationRuleValues } from "#app/domain/automation-rules";
import type { AutomationRule, RuleScopeType, VariantFacts } from "#app/domain/types";

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
    createdAt: row.createdAt,
  };
}

/** All rules of a shop in precedence order (priority, then oldest first). */
export async function listRules(shop: string): Promise<AutomationRule[]> {
  const rows = await prisma.automationRule.findMany({ where: { shop }, orderBy: [{ priority: "asc" }, { createdAt: "asc" }, { id: "asc" }] });
  return rows.map(toRule);
}

export async function getRule(shop: string, id: string): Promise<AutomationRule | null> {
  const row = await prisma.automationRule.findFirst({ where: { id, shop } });
  return row ? toRule(row) : null;
}

/** Stores a rule the rules schema has validated (the one validator: app/schemas/automation-rule.ts). */
export async function createRule(shop: string, data: NewAutomationRule): Promise<AutomationRule> {
  const row = await prisma.automationRule.create({
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
    },
  });
  return toRule(row);
}

/** Partial update of validated values; null when the rule does not exist for this shop. */
export async function updateRule(shop: string, id: string, data: Partial<AutomationRuleValues>): Promise<AutomationRule | null> {
  const { count } = await prisma.automationRule.updateMany({ where: { id, shop }, data });
  return count ? getRule(shop, id) : null;
}

export async function deleteRule(shop: string, id: string): Promise<{ deleted: boolean }> {
  const { count } = await prisma.automationRule.deleteMany({ where: { id, shop } });
  return { deleted: count > 0 };
}

/** The scope facts (vendor, product type, tags, collections) of the given products, from the mirror. */
export async function loadProductFacts(shop: string, productIds: readonly string[]): Promise<Map<string, VariantFacts>> {
  const facts = new Map<string, VariantFacts>();
  const unique = [...new Set(productIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const ids = unique.slice(i, i + 500);
    const [products, links] = await Promise.all([
      prisma.product.findMany({ where: { shop, id: { in: ids } }, select: { id: true, vendor: true, productType: true, tags: true } }),
      prisma.productCollection.findMany({ where: { shop, productId: { in: ids } }, select: { productId: true, collectionId: true } }),
    ]);
    for (const p of products) {
      facts.set(p.id, { vendor: p.vendor, productType: p.productType, tags: splitTags(p.tags), collectionIds: [] });
    }
    for (const link of links) facts.get(link.productId)?.collectionIds.push(link.collectionId);
  }
  return facts;
}
