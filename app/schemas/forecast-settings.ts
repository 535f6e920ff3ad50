// The Forecast settings page's form posts (app/routes/app.forecast.settings.tsx). Only the shape is checked here —
// which intent, which scope, numbers as numbers; the ranges and rules are the service's (reorder-settings.server.ts),
// so its messages reach the page unchanged.
import { z } from "zod";
import { normalizeVariantId } from "../domain/backorder-csv";

/** "" → null (not set); anything else → a number (NaN for text, which the service refuses with its message). */
const optionalNumber = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === "" ? null : Number(v.trim())));

const overrideScope = z.enum(["vendor", "product_type", "variant"], { error: "Choose vendor, product type or variant." });
const name = z.string({ error: "Name the vendor, product type or variant." });
/** A variant may be given by its numeric id; the service stores the gid. */
const keyFor = (scope: string, raw: string) => (scope === "variant" ? (normalizeVariantId(raw) ?? raw.trim()) : raw);

export const forecastSettingsActionSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("defaults"),
      leadTimeDays: optionalNumber,
      reviewPeriodDays: optionalNumber,
      // Entered as a percentage (95), stored as a fraction (0.95).
      serviceLevelPercent: optionalNumber.transform((v) => (v === null ? null : Math.round(v * 10) / 1000)),
    }),
    z
      .object({ intent: z.literal("override"), scope: overrideScope, name, leadTimeDays: optionalNumber, reviewPeriodDays: optionalNumber })
      .transform((v) => ({ ...v, name: keyFor(v.scope, v.name) })),
    z.object({ intent: z.literal("delete"), scope: overrideScope, name }),
    z.object({ intent: z.literal("import"), file: z.instanceof(File, { error: "Choose a CSV file to upload." }) }),
  ],
  { error: "Unknown action." },
);

export type ForecastSettingsAction = z.output<typeof forecastSettingsActionSchema>;
