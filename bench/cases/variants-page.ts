// The admin variants page's loader work (loadVariantsPage: one page of the list + filter options + catalog size,
// the route's single service call) on a mirror of N variants imported through the real catalog importer:
// unfiltered (first page, product order), filtered (state + vendor, sorted by available) and a text search.
import { importGeneratedCatalog } from "../fixtures/catalog-jsonl";
import { sized } from "../support/scale";
import type { BenchContext, TimedCase } from "../types";

const seeded = new Map<string, Promise<{ shop: string; variants: number }>>();

/** One 50k-variant shop per database, shared by the three cases below. */
export function seedVariantCatalog(context: BenchContext): Promise<{ shop: string; variants: number }> {
  const variants = sized("BENCH_VARIANTS", { full: 50_000, small: 10_000, tiny: 500 }, context.scale);
  const key = `${context.database.url}|${variants}`;
  if (!seeded.has(key)) {
    const shop = context.shopFor("variants-page");
    seeded.set(
      key,
      (async () => {
        await context.prisma.shop.create({ data: { shop, ianaTimezone: "UTC" } });
        const result = await importGeneratedCatalog(shop, Math.ceil(variants / 5));
        return { shop, variants: result.variants };
      })(),
    );
  }
  return seeded.get(key)!;
}

function variantsPageCase(label: string, search: string): TimedCase {
  return {
    database: true,
    name: `variants page loader, ${label}`,
    description: `loadVariantsPage(${search ? `?${search}` : "no filter"}) on the N-variant mirror`,
    warmup: 3,
    runs: 20,
    async prepare(context) {
      const { loadVariantsPage } = await import("../../app/services/variant-list.server");
      const { parseVariantListQuery } = await import("../../app/schemas/variant-list");
      const { shop, variants } = await seedVariantCatalog(context);
      const query = parseVariantListQuery(new URLSearchParams(search));
      const now = new Date();
      let rows = 0;
      let total = 0;
      return {
        run: async () => {
          const data = await loadVariantsPage(shop, query, now);
          rows = data.page.rows.length;
          total = data.page.total;
        },
        get details() {
          return { variants, matching: total, pageRows: rows };
        },
      };
    },
  };
}

export const variantsPageUnfiltered = variantsPageCase("unfiltered", "");
export const variantsPageFiltered = variantsPageCase("filtered", "state=in_stock,low_stock&vendor=Vendor 3&sort=available");
export const variantsPageSearch = variantsPageCase("search", "q=Product 1234");
