// The variant's staff-only note.
import { TextField } from "@shopify/polaris";
import { INTERNAL_NOTE_MAX_LENGTH } from "../../schemas/fields";
import { SectionCard } from "../section-card";
import type { VariantFormProps } from "./variant-settings-form";

export function InternalNoteCard({ form, set, errors }: VariantFormProps) {
  return (
    <SectionCard title="Internal note" gap="200">
      <TextField
        label="Internal note"
        labelHidden
        multiline={3}
        maxLength={INTERNAL_NOTE_MAX_LENGTH}
        autoComplete="off"
        value={form.internalNote}
        onChange={(internalNote) => set({ internalNote })}
        error={errors.internalNote}
        helpText="Only staff see this, e.g. the supplier's PO number."
      />
    </SectionCard>
  );
}
