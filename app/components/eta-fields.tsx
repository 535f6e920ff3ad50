// "When will it ship?": no ETA, a fixed date, or N business days after the order. Controlled; the values are the
// raw form strings validated by app/schemas/fields.ts (etaMode, etaDate, leadTimeDays).
import { ChoiceList, TextField } from "@shopify/polaris";
import type { EtaMode } from "../schemas/fields";

export type EtaFieldValues = { etaMode: EtaMode; etaDate: string; leadTimeDays: string };

export function EtaFields({
  values,
  onChange,
  errors = {},
  today,
  title = "Expected ship date (ETA)",
  noneLabel = "No ETA",
  noneHelpText = "Shoppers see no ship date.",
  disabled,
}: {
  values: EtaFieldValues;
  onChange: (values: EtaFieldValues) => void;
  errors?: Record<string, string | undefined>;
  /** Earliest date offered by the date picker (today in the shop's time zone). */
  today?: string;
  title?: string;
  noneLabel?: string;
  noneHelpText?: string;
  disabled?: boolean;
}) {
  const set = (patch: Partial<EtaFieldValues>) => onChange({ ...values, ...patch });
  return (
    <ChoiceList
      title={title}
      disabled={disabled}
      selected={[values.etaMode]}
      onChange={([mode]) => set({ etaMode: (mode as EtaMode) ?? "none" })}
      error={errors.etaMode}
      choices={[
        { label: noneLabel, value: "none", helpText: noneHelpText },
        {
          label: "Fixed date",
          value: "date",
          helpText: "The date new stock is expected.",
          renderChildren: (selected) =>
            selected && (
              <TextField
                label="ETA date"
                type="date"
                name="etaDate"
                autoComplete="off"
                value={values.etaDate}
                min={today}
                onChange={(etaDate) => set({ etaDate })}
                error={errors.etaDate}
                disabled={disabled}
              />
            ),
        },
        {
          label: "Ships a number of business days after the order",
          value: "lead_time",
          helpText: "Weekends and holidays from Settings are skipped.",
          renderChildren: (selected) =>
            selected && (
              <TextField
                label="Business days after order"
                type="number"
                name="leadTimeDays"
                autoComplete="off"
                min={0}
                value={values.leadTimeDays}
                onChange={(leadTimeDays) => set({ leadTimeDays })}
                error={errors.leadTimeDays}
                suffix="business days"
                disabled={disabled}
              />
            ),
        },
      ]}
    />
  );
}

export function etaFieldValues(value: { etaDate: string | null; leadTimeDays: number | null }): EtaFieldValues {
  return {
    etaMode: value.etaDate ? "date" : value.leadTimeDays !== null ? "lead_time" : "none",
    etaDate: value.etaDate ?? "",
    leadTimeDays: value.leadTimeDays !== null ? String(value.leadTimeDays) : "",
  };
}
