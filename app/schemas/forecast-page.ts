// The Forecast page's URL search params and the PO-draft export's vendor. Strict: an unknown filter or sort is a
// 400 with a message that names the allowed values (these URLs are made by the page; a wrong one is worth saying).
// Client-safe.
import { z } from "zod";

export const FORECAST_FILTERS = ["at_risk", "backordered", "all"] as const;
export type ForecastFilter = (typeof FORECAST_FILTERS)[number];
export const FORECAST_SORTS = ["revenue_at_risk", "stock_out"] as const;
export type ForecastSort = (typeof FORECAST_SORTS)[number];

export const FORECAST_PAGE_SIZE = 50;

const optionalText = (name: string, max: number) =>
  z
    .string()
    .max(max, `The ${name} is too long (at most ${max} characters).`)
    .optional()
    .transform((value) => {
      const trimmed = value?.trim();
      return trimmed ? trimmed : undefined;
    });

export const forecastPageQuerySchema = z.object({
  filter: z
    .enum(FORECAST_FILTERS, { error: `filter must be one of ${FORECAST_FILTERS.join(", ")}.` })
    .default("at_risk"),
  sort: z.enum(FORECAST_SORTS, { error: `sort must be one of ${FORECAST_SORTS.join(", ")}.` }).default("revenue_at_risk"),
  vendor: optionalText("vendor", 255),
  cursor: optionalText("cursor", 2000),
  /** Cursors of the pages before this one (comma-joined), so "Previous" can walk back without reading backwards. */
  back: optionalText("page history", 20_000),
});

export type ForecastPageQuery = z.output<typeof forecastPageQuerySchema>;

export type ParseResult<T> = { ok: true; data: T } | { ok: false; message: string };

function firstMessage(error: z.ZodError): string {
  return error.issues.map((issue) => issue.message).join(" ");
}

/** The page's query from the URL; `ok: false` carries the message the 400 response shows. */
export function parseForecastPageQuery(params: URLSearchParams): ParseResult<ForecastPageQuery> {
  const raw: Record<string, string> = {};
  for (const key of Object.keys(forecastPageQuerySchema.shape)) {
    const value = params.get(key);
    if (value !== null && value !== "") raw[key] = value;
  }
  const parsed = forecastPageQuerySchema.safeParse(raw);
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, message: firstMessage(parsed.error) };
}

/** URL params for a query; defaults are left out so links stay short. */
export function toForecastSearchParams(query: Partial<ForecastPageQuery>): URLSearchParams {
  const params = new URLSearchParams();
  if (query.filter && query.filter !== "at_risk") params.set("filter", query.filter);
  if (query.sort && query.sort !== "revenue_at_risk") params.set("sort", query.sort);
  if (query.vendor) params.set("vendor", query.vendor);
  if (query.cursor) params.set("cursor", query.cursor);
  if (query.back) params.set("back", query.back);
  return params;
}

export const forecastExportQuerySchema = z.object({
  vendor: z
    .string({ error: "Name the vendor: /app/forecast/export?vendor=<vendor name> (or novendor=1 for products without one)." })
    .trim()
    .min(1, "Name the vendor: /app/forecast/export?vendor=<vendor name> (or novendor=1 for products without one).")
    .max(255, "The vendor name is too long (at most 255 characters)."),
});

/** The PO draft's vendor: `?vendor=<name>`, or `?novendor=1` for the products without a vendor (null). */
export function parseForecastExportQuery(params: URLSearchParams): ParseResult<{ vendor: string | null }> {
  if (params.get("novendor") === "1") {
    return params.get("vendor") ? { ok: false, message: "Give either vendor=<name> or novendor=1, not both." } : { ok: true, data: { vendor: null } };
  }
  const vendor = params.get("vendor");
  const parsed = forecastExportQuerySchema.safeParse(vendor === null ? {} : { vendor });
  return parsed.success ? { ok: true, data: parsed.data } : { ok: false, message: firstMessage(parsed.error) };
}

/** The recompute button's form. */
export const forecastActionSchema = z.object({
  intent: z.enum(["recompute", "backfill"], { error: "Unknown action: use recompute or backfill." }),
});
