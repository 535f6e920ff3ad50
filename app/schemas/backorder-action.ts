// Row and bulk actions of the variants page (and the detail page's quick actions): one zod schema per intent,
// shared by the action (server) and the modal forms (client-side check before submitting).
import { z } from "zod";
import {
  CAP_MAX,
  MESSAGE_MAX_LENGTH,
  VARIANT_GID_PATTERN,
  etaFields,
  optionalText,
  optionalWholeNumber,
  resolveEtaFields,
} from "./fields";
import type { BackorderChangeInput } from "../domain/types";
import { formDataToObject, parseWith } from "./form-helpers";

export const BACKORDER_INTENTS = [
  "enable",
  "disable",
  "set_eta",
  "set_cap",
  "set_message",
  "discontinue",
  "undiscontinue",
] as const;
export type BackorderIntent = (typeof BACKORDER_INTENTS)[number];

/** Most variants one action may change ("select all matching" included). */
export const MAX_VARIANTS_PER_ACTION = 10_000;

/**
 * `selection=ids` (default): the `variantId` fields. `selection=matching`: every variant matching `filters` (the
 * variants page's URL search string), for IndexTable's "Select all N variants".
 */
const selection = {
  selection: z.enum(["ids", "matching"]).catch("ids"),
  variantId: z.array(z.string().regex(VARIANT_GID_PATTERN, "Unknown variant id.")).max(MAX_VARIANTS_PER_ACTION, `Select at most ${MAX_VARIANTS_PER_ACTION.toLocaleString("en-US")} variants at once.`),
  filters: z.string().max(4000).optional(),
};

function requireSelection(value: { selection: "ids" | "matching"; variantId: string[] }, ctx: z.RefinementCtx) {
  if (value.selection === "ids" && value.variantId.length === 0) {
    ctx.addIssue({ code: "custom", path: ["variantId"], message: "Select at least one variant." });
  }
}

export const backorderActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("enable"), ...selection }).superRefine(requireSelection),
  z.object({ intent: z.literal("disable"), ...selection }).superRefine(requireSelection),
  z.object({ intent: z.literal("discontinue"), ...selection }).superRefine(requireSelection),
  z.object({ intent: z.literal("undiscontinue"), ...selection }).superRefine(requireSelection),
  z
    .object({ intent: z.literal("set_eta"), ...selection, ...etaFields })
    .superRefine((value, ctx) => {
      requireSelection(value, ctx);
      resolveEtaFields(value, ctx);
    }),
  z
    .object({ intent: z.literal("set_cap"), ...selection, cap: optionalWholeNumber("the cap", CAP_MAX) })
    .superRefine(requireSelection),
  z
    .object({ intent: z.literal("set_message"), ...selection, message: optionalText("The message", MESSAGE_MAX_LENGTH) })
    .superRefine(requireSelection),
]);

export type BackorderAction = z.output<typeof backorderActionSchema>;

/** What an action changes; only the fields the intent is about (the others stay as they are). */
export function backorderChangesFor(action: BackorderAction): BackorderChangeInput {
  switch (action.intent) {
    case "enable":
      return { enabled: true };
    case "disable":
      return { enabled: false };
    case "discontinue":
      return { discontinued: true };
    case "undiscontinue":
      return { discontinued: false };
    case "set_eta":
      if (action.etaMode === "date") return { etaDate: action.etaDate!.trim(), leadTimeDays: null };
      if (action.etaMode === "lead_time") return { etaDate: null, leadTimeDays: Number(action.leadTimeDays) };
      return { etaDate: null, leadTimeDays: null };
    case "set_cap":
      return { cap: action.cap };
    case "set_message":
      return { message: action.message };
  }
}

export function parseBackorderActionForm(formData: FormData) {
  return parseWith(backorderActionSchema, formDataToObject(formData, ["variantId"]));
}

export const BACKORDER_INTENT_LABELS: Record<BackorderIntent, string> = {
  enable: "Enable backorder",
  disable: "Disable backorder",
  set_eta: "Set ETA",
  set_cap: "Set cap",
  set_message: "Set message",
  discontinue: "Mark discontinued",
  undiscontinue: "Mark not discontinued",
};
