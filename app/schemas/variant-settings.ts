// The variant detail page's settings form: every backorder field of one variant at once.
import { z } from "zod";
import {
  CAP_MAX,
  INTERNAL_NOTE_MAX_LENGTH,
  MESSAGE_MAX_LENGTH,
  checkbox,
  etaFields,
  optionalText,
  optionalWholeNumber,
  resolveEtaFields,
} from "./fields";
import type { BackorderChangeInput } from "../domain/types";
import { formDataToObject, parseWith } from "./form-helpers";

export const variantSettingsSchema = z
  .object({
    intent: z.literal("save"),
    enabled: checkbox,
    ...etaFields,
    cap: optionalWholeNumber("the cap", CAP_MAX),
    message: optionalText("The shopper message", MESSAGE_MAX_LENGTH),
    internalNote: optionalText("The internal note", INTERNAL_NOTE_MAX_LENGTH),
    discontinued: checkbox,
  })
  .superRefine((value, ctx) => {
    resolveEtaFields(value, ctx);
  });

export type VariantSettingsInput = z.output<typeof variantSettingsSchema>;

export function variantSettingsChanges(input: VariantSettingsInput): BackorderChangeInput {
  const eta =
    input.etaMode === "date"
      ? { etaDate: input.etaDate!.trim(), leadTimeDays: null }
      : input.etaMode === "lead_time"
        ? { etaDate: null, leadTimeDays: Number(input.leadTimeDays) }
        : { etaDate: null, leadTimeDays: null };
  return {
    enabled: input.enabled,
    ...eta,
    cap: input.cap,
    message: input.message,
    internalNote: input.internalNote,
    discontinued: input.discontinued,
  };
}

export function parseVariantSettingsForm(formData: FormData) {
  return parseWith(variantSettingsSchema, formDataToObject(formData));
}
