// The variant page's form: the backorder settings as the inputs hold them, and how the saved settings fill them in.
import type { VariantDetail } from "../../services/variant-detail.server";
import type { FieldErrors } from "../../schemas/form-helpers";
import { etaFieldValues, type EtaFieldValues } from "../eta-fields";

export type FormState = {
  enabled: boolean;
  eta: EtaFieldValues;
  cap: string;
  message: string;
  internalNote: string;
  discontinued: boolean;
};

export function initialForm(settings: VariantDetail["settings"]): FormState {
  return {
    enabled: settings.enabled,
    eta: etaFieldValues(settings),
    cap: settings.cap === null ? "" : String(settings.cap),
    message: settings.message ?? "",
    internalNote: settings.internalNote ?? "",
    discontinued: settings.discontinued,
  };
}

/** What the form's cards get: the form, its edit function (which clears the edited fields' errors) and the errors. */
export type VariantFormProps = { form: FormState; set: (patch: Partial<FormState>) => void; errors: FieldErrors };
