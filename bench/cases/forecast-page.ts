// The Forecast page's loader work (loadForecastPage: one keyset page of stored forecasts + vendor totals + counts +
// the accuracy figure, the route's single service call) on N stored forecasts (one per variant of the variants
// page's 50k mirror): the default view (at risk, by revenue at risk), every variant by soonest stock-out, one
// vendor, and the 20th page of "all" reached by its cursor (keyset: no OFFSET, so deep pages cost what page 1 does).
import { seedForecastRows } from "../fixtures/forecast-rows";
import type { BenchContext, TimedCase } from "../types";
import { seedVariantCatalog } from "./variants-page";

const seeded = new Map<string, Promise<{ shop: string; variants: number; atRisk: number }>>();

function seedForecasts(context: BenchContext) {
  const key = context.database.url;
  if (!seeded.has(key)) {
    seeded.set(
      key,
      (async () => {
        const { shop, variants } = await seedVariantCatalog(context);
        const { atRisk } = await seedForecastRows(context.prisma, shop, new Date());
        return { shop, variants, atRisk };
      })(),
    );
  }
  return seeded.get(key)!;
}

function forecastPageCase(label: string, search: string, pagesDeep = 0): TimedCase {
  return {
    database: true,
    name: `forecast page loader, ${label}`,
    description: `loadForecastPage(${search ? `?${search}` : "default: at risk by revenue"}${pagesDeep ? `, page ${pagesDeep + 1} by cursor` : ""}) on N stored forecasts`,
    warmup: 3,
    runs: 20,
    async prepare(context) {
      const { loadForecastPage } = await import("../../app/services/forecast-page.server");
      const { parseForecastPageQuery } = await import("../../app/schemas/forecast-page");
      const { shop, variants, atRisk } = await seedForecasts(context);
      const parsed = parseForecastPageQuery(new URLSearchParams(search));
      if (!parsed.ok) throw new Error(parsed.message);
      const now = new Date();
      let query = parsed.data;
      for (let page = 0; page < pagesDeep; page++) {
        const data = await loadForecastPage(shop, query, now);
        if (!data.pageInfo.endCursor) throw new Error(`only ${page + 1} pages`);
        query = { ...query, cursor: data.pageInfo.endCursor };
      }
      let rows = 0;
      return {
        run: async () => {
          rows = (await loadForecastPage(shop, query, now)).rows.length;
        },
        get details() {
          return { variants, atRisk, pageRows: rows };
        },
      };
    },
  };
}

export const forecastPageDefault = forecastPageCase("at risk", "");
export const forecastPageAllByStockOut = forecastPageCase("all by stock-out", "filter=all&sort=stock_out");
export const forecastPageVendor = forecastPageCase("one vendor", "filter=all&vendor=Vendor 3");
export const forecastPageDeep = forecastPageCase("all, page 21", "filter=all", 20);
