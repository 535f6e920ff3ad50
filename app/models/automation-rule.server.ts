// Automation rules (AutomationRule rows) and the catalog facts a rule's scope is matched against
// (Product vendor/type/tags and ProductCollection links from the mirror). Shop-scoped in every query.

import prisma from "#app/db.server";
import { splitTags } from "#app/domain/catalog";
import { isValidLocalDate } from "#app/domain/eta";
import { LEAD_TIME_MAX_DAYS } from "#app/domain/backorder-csv";
import type { AutomationRule, RuleScopeType, VariantFacts } from "#app/domain/types";

export const RULE_SCOPE_TYPES: readonly RuleScopeType[] = ["all", "collection", "tag", "vendor", "productType"];
const NAME_MAX_LENGTH = 100;
const SCOPE_VALUE_MAX_LENGTH = 255;

export type AutomationRuleInput = {
  name: string;
  scopeType: RuleScopeType;
  scopeValue?: string | null;
  active?: boolean;
  priority?: number;
  autoEnableAtZero?: boolean;
  autoDisableOnRestock?: boolean;
  disableAtCap?: boolean;
  clearEtaOnRestock?: boolean;
  defaultEtaDate?: string | null;
  defaultLeadTimeDays?: number | null;
  defaultCap?: number | null;
};

export type ValidationIssue = { field: string; message: string };

export class AutomationRuleValidationError extends Error {
  readonly issues: ValidationIssue[];
  constructor(issues: ValidationIssue[]) {
    super(`Invalid automation rule: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
    this.name = "AutomationRuleValidationError";
    this.issues = issues;
  }
}

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

const isWhole = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/** Validates a full (create) or partial (update) input; returns the normalised values to store. */
function validate(input: Partial<AutomationRuleInput>, mode: "create" | "update", current?: AutomationRule): Partial<AutomationRuleInput> {
  const issues: ValidationIssue[] = [];
  const out: Partial<AutomationRuleInput> = {};
  if (input.name !== undefined || mode === "create") {
    const name = typeof input.name === "string" ? input.name.trim() : "";
    if (!name) issues.push({ field: "name", message: "Name is required." });
    else if (name.length > NAME_MAX_LENGTH) issues.push({ field: "name", message: `Name must be at most ${NAME_MAX_LENGTH} characters.` });
    else out.name = name;
  }
  if (input.scopeType !== undefined || mode === "create") {
    if (!RULE_SCOPE_TYPES.includes(input.scopeType as RuleScopeType)) {
      issues.push({ field: "scopeType", message: `Scope must be one of ${RULE_SCOPE_TYPES.join(", ")}.` });
    } else out.scopeType = input.scopeType;
  }
  const scopeType = out.scopeType ?? current?.scopeType;
  if (input.scopeValue !== undefined || input.scopeType !== undefined || mode === "create") {
    const raw = input.scopeValue !== undefined ? input.scopeValue : current?.scopeValue ?? null;
    const value = typeof raw === "string" ? raw.trim() : null;
    if (scopeType === "all") out.scopeValue = null;
    else if (!value) issues.push({ field: "scopeValue", message: "Choose the collection, tag, vendor or product type this rule applies to." });
    else if (value.length > SCOPE_VALUE_MAX_LENGTH) issues.push({ field: "scopeValue", message: `Must be at most ${SCOPE_VALUE_MAX_LENGTH} characters.` });
    else out.scopeValue = value;
  }
  for (const key of ["active", "autoEnableAtZero", "autoDisableOnRestock", "disableAtCap", "clearEtaOnRestock"] as const) {
    const value = input[key];
    if (value === undefined) continue;
    if (typeof value !== "boolean") issues.push({ field: key, message: "Must be true or false." });
    else out[key] = value;
  }
  if (input.priority !== undefined) {
    if (!isWhole(input.priority) || input.priority < 0 || input.priority > 1_000_000) {
      issues.push({ field: "priority", message: "Priority must be a whole number from 0 to 1,000,000." });
    } else out.priority = input.priority;
  }
  if (input.defaultEtaDate !== undefined) {
    if (input.defaultEtaDate !== null && !isValidLocalDate(input.defaultEtaDate)) {
      issues.push({ field: "defaultEtaDate", message: "ETA must be a date as YYYY-MM-DD." });
    } else out.defaultEtaDate = input.defaultEtaDate;
  }
  if (input.defaultLeadTimeDays !== undefined) {
    const days = input.defaultLeadTimeDays;
    if (days !== null && (!isWhole(days) || days < 0 || days > LEAD_TIME_MAX_DAYS)) {
      issues.push({ field: "defaultLeadTimeDays", message: `Lead time must be a whole number of days from 0 to ${LEAD_TIME_MAX_DAYS}.` });
    } else out.defaultLeadTimeDays = days;
  }
  if (input.defaultCap !== undefined) {
    const cap = input.defaultCap;
    if (cap !== null && (!isWhole(cap) || cap < 0)) issues.push({ field: "defaultCap", message: "Cap must be a whole number ≥ 0 (or empty for no cap)." });
    else out.defaultCap = cap;
  }
  if (issues.length) throw new AutomationRuleValidationError(issues);
  return out;
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

/** Throws AutomationRuleValidationError on bad input. */
export async function createRule(shop: string, input: AutomationRuleInput): Promise<AutomationRule> {
  const data = validate(input, "create");
  const row = await prisma.automationRule.create({
    data: {
      shop,
      name: data.name!,
      scopeType: data.scopeType!,
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

/** Partial update; returns null when the rule does not exist for this shop. Throws AutomationRuleValidationError. */
export async function updateRule(shop: string, id: string, input: Partial<AutomationRuleInput>): Promise<AutomationRule | null> {
  const current = await getRule(shop, id);
  if (!current) return null;
  const data = validate(input, "update", current);
  await prisma.automationRule.updateMany({ where: { id, shop }, data });
  return getRule(shop, id);
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
