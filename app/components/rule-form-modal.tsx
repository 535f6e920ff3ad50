// Create / edit an automation rule. Controlled form state; the parent validates with the shared zod schema
// (app/schemas/automation-rule.ts) and submits. Field names match the schema.
import { useEffect, useState } from "react";
import { BlockStack, Box, Checkbox, FormLayout, Modal, Select, Text, TextField } from "@shopify/polaris";
import { RULE_SCOPE_LABELS, RULE_SCOPE_TYPES, type RuleScopeTypeValue } from "../schemas/automation-rule";
import { CAP_MAX } from "../schemas/fields";
import { AHEAD_WINDOW_DAYS_MAX } from "../domain/predicted-stockout-automation";
import { EtaFields, etaFieldValues, type EtaFieldValues } from "./eta-fields";
import { editedFields } from "./use-editable-form";

export type RuleFormValues = {
  name: string;
  scopeType: RuleScopeTypeValue;
  scopeValue: string;
  priority: string;
  active: boolean;
  autoEnableAtZero: boolean;
  eta: EtaFieldValues;
  defaultCap: string;
  autoDisableOnRestock: boolean;
  clearEtaOnRestock: boolean;
  disableAtCap: boolean;
  enableAheadOfStockOut: boolean;
  aheadWindowDays: string;
};

export type RuleLike = {
  id: string;
  name: string;
  scopeType: RuleScopeTypeValue;
  scopeValue: string | null;
  priority: number;
  active: boolean;
  autoEnableAtZero: boolean;
  defaultEtaDate: string | null;
  defaultLeadTimeDays: number | null;
  defaultCap: number | null;
  autoDisableOnRestock: boolean;
  clearEtaOnRestock: boolean;
  disableAtCap: boolean;
  enableAheadOfStockOut?: boolean;
  aheadWindowDays?: number | null;
};

export type ScopeOptions = {
  vendors: string[];
  productTypes: string[];
  tags: string[];
  collections: Array<{ id: string; title: string }>;
};

export function ruleFormValues(rule: RuleLike | null): RuleFormValues {
  if (!rule) {
    return {
      name: "",
      scopeType: "all",
      scopeValue: "",
      priority: "100",
      active: true,
      autoEnableAtZero: true,
      eta: { etaMode: "none", etaDate: "", leadTimeDays: "" },
      defaultCap: "",
      autoDisableOnRestock: true,
      clearEtaOnRestock: true,
      disableAtCap: true,
      enableAheadOfStockOut: false,
      aheadWindowDays: "",
    };
  }
  return {
    name: rule.name,
    scopeType: rule.scopeType,
    scopeValue: rule.scopeValue ?? "",
    priority: String(rule.priority),
    active: rule.active,
    autoEnableAtZero: rule.autoEnableAtZero,
    eta: etaFieldValues({ etaDate: rule.defaultEtaDate, leadTimeDays: rule.defaultLeadTimeDays }),
    defaultCap: rule.defaultCap === null ? "" : String(rule.defaultCap),
    autoDisableOnRestock: rule.autoDisableOnRestock,
    clearEtaOnRestock: rule.clearEtaOnRestock,
    disableAtCap: rule.disableAtCap,
    enableAheadOfStockOut: rule.enableAheadOfStockOut ?? false,
    aheadWindowDays: rule.aheadWindowDays === null || rule.aheadWindowDays === undefined ? "" : String(rule.aheadWindowDays),
  };
}

/** Flat form fields, as the action parses them. */
export function ruleFormFields(values: RuleFormValues): Record<string, string | boolean> {
  return {
    name: values.name,
    scopeType: values.scopeType,
    scopeValue: values.scopeType === "all" ? "" : values.scopeValue,
    priority: values.priority,
    active: values.active,
    autoEnableAtZero: values.autoEnableAtZero,
    ...values.eta,
    defaultCap: values.defaultCap,
    autoDisableOnRestock: values.autoDisableOnRestock,
    clearEtaOnRestock: values.clearEtaOnRestock,
    disableAtCap: values.disableAtCap,
    enableAheadOfStockOut: values.enableAheadOfStockOut,
    aheadWindowDays: values.enableAheadOfStockOut ? values.aheadWindowDays : "",
  };
}

function scopeChoices(scopeType: RuleScopeTypeValue, options: ScopeOptions): Array<{ label: string; value: string }> {
  switch (scopeType) {
    case "collection":
      return options.collections.map((c) => ({ label: c.title, value: c.id }));
    case "vendor":
      return options.vendors.map((v) => ({ label: v, value: v }));
    case "productType":
      return options.productTypes.map((v) => ({ label: v, value: v }));
    case "tag":
      return options.tags.map((v) => ({ label: v, value: v }));
    default:
      return [];
  }
}

export function RuleFormModal({
  open,
  rule,
  options,
  errors,
  submitting,
  today,
  onClose,
  onSubmit,
}: {
  open: boolean;
  /** The rule being edited, or null to create one. */
  rule: RuleLike | null;
  options: ScopeOptions;
  errors: Record<string, string>;
  submitting: boolean;
  today: string;
  onClose: () => void;
  onSubmit: (values: RuleFormValues) => void;
}) {
  const [values, setValues] = useState<RuleFormValues>(() => ruleFormValues(rule));
  // An error disappears as soon as its field is edited; the next submit checks again.
  const [edited, setEdited] = useState<ReadonlySet<string>>(new Set());
  useEffect(() => setEdited(new Set()), [errors]);
  const shown: Record<string, string> = Object.fromEntries(Object.entries(errors).filter(([field]) => !edited.has(field)));
  // A fresh form each time it opens (not on every revalidation while open, which would drop the edits).
  useEffect(() => {
    if (open) setValues(ruleFormValues(rule));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, rule?.id]);
  const set = (patch: Partial<RuleFormValues>) => {
    setValues((current) => ({ ...current, ...patch }));
    setEdited((current) => new Set([...current, ...editedFields(patch)]));
  };

  const choices = scopeChoices(values.scopeType, options);
  // Keep a stored value selectable even if it no longer exists in the catalog.
  if (values.scopeValue && !choices.some((c) => c.value === values.scopeValue)) {
    choices.unshift({ label: `${values.scopeValue} (not in the catalog)`, value: values.scopeValue });
  }
  const scopeLabel = RULE_SCOPE_LABELS[values.scopeType];

  return (
    <Modal
      open={open}
      onClose={onClose}
      title={rule ? `Edit “${rule.name}”` : "Create automation rule"}
      primaryAction={{ content: rule ? "Save rule" : "Create rule", onAction: () => onSubmit(values), loading: submitting, disabled: submitting }}
      secondaryActions={[{ content: "Cancel", onAction: onClose, disabled: submitting }]}
    >
      <Modal.Section>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(values);
          }}
        >
          <FormLayout>
            <TextField
              label="Name"
              autoComplete="off"
              value={values.name}
              onChange={(name) => set({ name })}
              error={shown.name}
              placeholder="e.g. Supplier A: backorder at zero"
            />
            <FormLayout.Group>
              <Select
                label="Applies to"
                options={RULE_SCOPE_TYPES.map((type) => ({ label: RULE_SCOPE_LABELS[type], value: type }))}
                value={values.scopeType}
                onChange={(scopeType) => set({ scopeType: scopeType as RuleScopeTypeValue, scopeValue: "" })}
                error={shown.scopeType}
              />
              {values.scopeType !== "all" &&
                (choices.length > 0 ? (
                  <Select
                    label={scopeLabel}
                    options={[{ label: `Choose a ${scopeLabel.toLowerCase()}`, value: "" }, ...choices]}
                    value={values.scopeValue}
                    onChange={(scopeValue) => set({ scopeValue })}
                    error={shown.scopeValue}
                  />
                ) : (
                  <TextField
                    label={scopeLabel}
                    autoComplete="off"
                    value={values.scopeValue}
                    onChange={(scopeValue) => set({ scopeValue })}
                    error={shown.scopeValue}
                    helpText={`No ${scopeLabel.toLowerCase()} found in your catalog yet: type it exactly as in Shopify.`}
                  />
                ))}
            </FormLayout.Group>

            <BlockStack gap="200">
              <Checkbox
                label="Turn on backorders when a tracked variant sells out"
                checked={values.autoEnableAtZero}
                onChange={(autoEnableAtZero) => set({ autoEnableAtZero })}
                error={shown.autoEnableAtZero}
              />
              {values.autoEnableAtZero && (
                <Box paddingInlineStart="600">
                  <BlockStack gap="300">
                    <EtaFields
                      values={values.eta}
                      onChange={(eta) => set({ eta })}
                      errors={shown}
                      today={today}
                      title="ETA given to these backorders"
                      noneLabel="The shop's default lead time"
                      noneHelpText="From Settings; no ship date if none is set there."
                    />
                    <TextField
                      label="Backorder cap"
                      type="number"
                      min={0}
                      max={CAP_MAX}
                      autoComplete="off"
                      suffix="units"
                      value={values.defaultCap}
                      onChange={(defaultCap) => set({ defaultCap })}
                      error={shown.defaultCap}
                      helpText="Empty: the shop's default cap."
                    />
                  </BlockStack>
                </Box>
              )}
            </BlockStack>

            <BlockStack gap="200">
              <Checkbox
                label="Turn on ahead of a predicted stock-out when stock is inbound"
                helpText="When the forecast says a variant sells out before an inbound shipment arrives, backorders go on early with that shipment's ETA (its arrival + the handling days from Settings), and off again if the prediction goes away before it sells out."
                checked={values.enableAheadOfStockOut}
                onChange={(enableAheadOfStockOut) => set({ enableAheadOfStockOut })}
                error={shown.enableAheadOfStockOut}
              />
              {values.enableAheadOfStockOut && (
                <Box paddingInlineStart="600">
                  <TextField
                    label="Days ahead of the earliest predicted stock-out"
                    type="number"
                    min={0}
                    max={AHEAD_WINDOW_DAYS_MAX}
                    autoComplete="off"
                    suffix="days"
                    value={values.aheadWindowDays}
                    onChange={(aheadWindowDays) => set({ aheadWindowDays })}
                    error={shown.aheadWindowDays}
                    helpText="Empty: the variant's lead time, or 7 days without one."
                  />
                </Box>
              )}
            </BlockStack>

            <BlockStack gap="200">
              <Checkbox
                label="Turn off backorders when stock returns"
                helpText="Only for backorders this rule turned on; your own settings are left alone."
                checked={values.autoDisableOnRestock}
                onChange={(autoDisableOnRestock) => set({ autoDisableOnRestock })}
              />
              {values.autoDisableOnRestock && (
                <Box paddingInlineStart="600">
                  <Checkbox
                    label="Clear the ETA date on restock"
                    helpText="Unchecked: the date is kept for the next sell-out."
                    checked={values.clearEtaOnRestock}
                    onChange={(clearEtaOnRestock) => set({ clearEtaOnRestock })}
                  />
                </Box>
              )}
              <Checkbox
                label="Turn off backorders when the cap is reached"
                checked={values.disableAtCap}
                onChange={(disableAtCap) => set({ disableAtCap })}
              />
            </BlockStack>

            <FormLayout.Group>
              <TextField
                label="Priority"
                type="number"
                min={0}
                autoComplete="off"
                value={values.priority}
                onChange={(priority) => set({ priority })}
                error={shown.priority}
                helpText="When several rules match a variant, the lowest number wins."
              />
              <Box paddingBlockStart="600">
                <Checkbox label="Active" checked={values.active} onChange={(active) => set({ active })} />
              </Box>
            </FormLayout.Group>
            {shown[""] && (
              <Text as="p" tone="critical">
                {shown[""]}
              </Text>
            )}
          </FormLayout>
        </form>
      </Modal.Section>
    </Modal>
  );
}
