// The automation page's create/edit/delete forms.
import { z } from "zod";
import { RULE_SCOPE_TYPES, type AutomationRuleValues } from "../domain/automation-rules";
import { AHEAD_WINDOW_DAYS_MAX } from "../domain/predicted-stockout-automation";
import { CAP_MAX, checkbox, etaFields, optionalWholeNumber, requiredWholeNumber, resolveEtaFields } from "./fields";
import { formDataToObject, parseWith } from "./form-helpers";

export { RULE_SCOPE_TYPES };
export type RuleScopeTypeValue = (typeof RULE_SCOPE_TYPES)[number];
export const RULE_NAME_MAX_LENGTH = 100;
export const RULE_SCOPE_VALUE_MAX_LENGTH = 255;
export const RULE_PRIORITY_MAX = 10_000;

export const RULE_SCOPE_LABELS: Record<RuleScopeTypeValue, string> = {
  all: "All products",
  collection: "Collection",
  tag: "Product tag",
  vendor: "Vendor",
  productType: "Product type",
};

const ruleFields = z
  .object({
    name: z
      .string({ error: "Enter a name." })
      .trim()
      .min(1, "Enter a name.")
      .max(RULE_NAME_MAX_LENGTH, `Keep the name under ${RULE_NAME_MAX_LENGTH} characters.`),
    scopeType: z.enum(RULE_SCOPE_TYPES, { error: "Choose what the rule applies to." }),
    scopeValue: z
      .string()
      .trim()
      .max(RULE_SCOPE_VALUE_MAX_LENGTH, `Keep the value under ${RULE_SCOPE_VALUE_MAX_LENGTH} characters.`)
      .optional(),
    priority: requiredWholeNumber("the priority", RULE_PRIORITY_MAX),
    active: checkbox,
    autoEnableAtZero: checkbox,
    ...etaFields,
    defaultCap: optionalWholeNumber("the cap", CAP_MAX),
    autoDisableOnRestock: checkbox,
    clearEtaOnRestock: checkbox,
    disableAtCap: checkbox,
    enableAheadOfStockOut: checkbox,
    aheadWindowDays: optionalWholeNumber("the days ahead", AHEAD_WINDOW_DAYS_MAX),
  })
  .superRefine((value, ctx) => {
    if (value.scopeType !== "all" && !value.scopeValue?.trim()) {
      ctx.addIssue({ code: "custom", path: ["scopeValue"], message: `Choose a ${RULE_SCOPE_LABELS[value.scopeType].toLowerCase()}.` });
    }
    resolveEtaFields(value, ctx, { etaDate: "etaDate", leadTimeDays: "leadTimeDays" });
  })
  .transform((value): AutomationRuleValues => {
    const eta =
      value.etaMode === "date"
        ? { defaultEtaDate: value.etaDate!.trim(), defaultLeadTimeDays: null }
        : value.etaMode === "lead_time"
          ? { defaultEtaDate: null, defaultLeadTimeDays: Number(value.leadTimeDays) }
          : { defaultEtaDate: null, defaultLeadTimeDays: null };
    return {
      name: value.name,
      scopeType: value.scopeType,
      scopeValue: value.scopeType === "all" ? null : value.scopeValue!,
      priority: value.priority,
      active: value.active,
      autoEnableAtZero: value.autoEnableAtZero,
      autoDisableOnRestock: value.autoDisableOnRestock,
      clearEtaOnRestock: value.clearEtaOnRestock,
      disableAtCap: value.disableAtCap,
      defaultCap: value.defaultCap,
      enableAheadOfStockOut: value.enableAheadOfStockOut,
      aheadWindowDays: value.enableAheadOfStockOut ? value.aheadWindowDays : null,
      ...eta,
    };
  });

export type AutomationRuleInput = z.output<typeof ruleFields>;

const ruleId = z.string({ error: "Missing rule id." }).min(1, "Missing rule id.").max(100);

export const automationRuleActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("create"), rule: ruleFields }),
  z.object({ intent: z.literal("update"), id: ruleId, rule: ruleFields }),
  z.object({ intent: z.literal("delete"), id: ruleId }),
  z.object({ intent: z.literal("toggle"), id: ruleId, active: checkbox }),
]);

export type AutomationRuleAction = z.output<typeof automationRuleActionSchema>;

/** Form fields are flat (`name`, `scopeType`, …); the rule fields are nested under `rule` for parsing. */
export function parseAutomationRuleForm(formData: FormData) {
  const values = formDataToObject(formData);
  const { intent, id, ...rule } = values;
  // Rule field errors are reported under their form field names ("name", not "rule.name").
  return parseWith(
    automationRuleActionSchema,
    intent === "toggle" ? { intent, id, active: rule.active } : { intent, id, rule },
    (path) => (path[0] === "rule" ? path.slice(1) : path),
  );
}
