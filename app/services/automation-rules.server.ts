// The automation rules page: what it lists, and its create / edit / pause / delete actions. A rule change asks for
// an immediate reconciliation pass (deleting does not: the rule's variants keep their settings).
import { createRule, deleteRule, listRules, updateRule } from "../models/automation-rule.server";
import type { AutomationRuleAction } from "../schemas/automation-rule";
import type { FieldErrors } from "../schemas/form-helpers";
import { scheduleAutomationReconcile } from "./automation.server";
import { getVariantFilterOptions, shopToday } from "./variant-list.server";

/** The rules, the scope pickers' values and the shop's today (for the ETA date picker). */
export async function loadRulesPage(shop: string, now: Date) {
  const [rules, options, { today }] = await Promise.all([listRules(shop), getVariantFilterOptions(shop), shopToday(shop, now)]);
  return { rules, options, today };
}

export type RuleActionOutcome =
  | { ok: true; intent: AutomationRuleAction["intent"]; message: string }
  | { ok: false; status: 404; errors: FieldErrors };

/** Runs one parsed action of the rules page (validated by its schema); a missing rule comes back as an error. */
export async function applyRuleAction(shop: string, input: AutomationRuleAction, now: Date): Promise<RuleActionOutcome> {
  switch (input.intent) {
    case "create": {
      const rule = await createRule(shop, input.rule);
      await scheduleAutomationReconcile(shop, now, { immediate: true });
      return { ok: true, intent: input.intent, message: `Rule “${rule.name}” created` };
    }
    case "update":
    case "toggle": {
      const rule = await updateRule(shop, input.id, input.intent === "update" ? input.rule : { active: input.active });
      if (!rule) return { ok: false, status: 404, errors: { "": "This rule no longer exists." } };
      await scheduleAutomationReconcile(shop, now, { immediate: true });
      const verb = input.intent === "toggle" ? (rule.active ? "resumed" : "paused") : "saved";
      return { ok: true, intent: input.intent, message: `Rule “${rule.name}” ${verb}` };
    }
    case "delete": {
      const { deleted } = await deleteRule(shop, input.id);
      return { ok: true, intent: input.intent, message: deleted ? "Rule deleted" : "Rule was already deleted" };
    }
  }
}
