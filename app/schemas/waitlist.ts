// Forms of the Waitlist pages. Client-safe.
import { z } from "zod";
import { requiredWholeNumber, optionalWholeNumber, VARIANT_GID_PATTERN } from "./fields";
import { formDataToObject, parseWith } from "./form-helpers";
import { HIGH_DEMAND_THRESHOLD_MAX } from "./shop-settings";

export const SEND_NOW_LIMIT_MAX = 100_000;

/** Variants per page of the waitlist overview. */
export const WAITLIST_PAGE_SIZE = 50;

/**
 * The overview's `?page=` (1-based), parsed leniently like the variants page's URL: a hand-edited or stale value
 * falls back to page 1 (and a page past the end shows the last one; the service clamps).
 */
export function parseWaitlistPage(search: URLSearchParams): number {
  const parsed = z.coerce.number().int().min(1).max(1_000_000).safeParse(search.get("page") ?? undefined);
  return parsed.success ? parsed.data : 1;
}

/** Waitlist overview: the high-demand threshold. */
export const waitlistThresholdSchema = z.object({
  intent: z.literal("threshold"),
  highDemandThreshold: requiredWholeNumber("the high-demand threshold", HIGH_DEMAND_THRESHOLD_MAX).refine(
    (n) => n >= 1,
    "The high-demand threshold must be at least 1.",
  ),
});

/** Variant waitlist: "Send alerts now" (optionally only the N oldest) or "Pause auto-send" on/off. */
export const waitlistVariantActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("send_now"),
      limit: optionalWholeNumber("how many subscribers to notify", SEND_NOW_LIMIT_MAX).refine(
        (n) => n === null || n >= 1,
        "Notify at least 1 subscriber, or leave it empty to notify everyone waiting.",
      ),
    }),
    z.object({
      intent: z.literal("pause"),
      paused: z.enum(["true", "false"], { error: "Choose pause or resume." }).transform((v) => v === "true"),
    }),
  ],
  { error: "Unknown action. Reload the page and try again." },
);

export type WaitlistVariantAction = z.output<typeof waitlistVariantActionSchema>;

export const parseWaitlistThresholdForm = (formData: FormData) => parseWith(waitlistThresholdSchema, formDataToObject(formData));
export const parseWaitlistVariantActionForm = (formData: FormData) => parseWith(waitlistVariantActionSchema, formDataToObject(formData));

/** The variant of a waitlist URL (numeric id or GID), validated. */
export const waitlistVariantParam = z
  .string()
  .transform((value) => (/^\d+$/.test(value) ? `gid://shopify/ProductVariant/${value}` : value))
  .refine((gid) => VARIANT_GID_PATTERN.test(gid), "Not a variant id.");
