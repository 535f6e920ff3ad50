// Catalog sync: a bulk-operation JSONL export of N variants (5 per product, 2 locations, 2 collections per product;
// the generator of test/integration/catalog-sync.test.ts), streamed over local HTTP, imported by importCatalogBulkResult in a
// process of its own (what the catalog-sync job does), so the peak RSS is the import's.
import { appProcessEnv, mib, spawnTsScript } from "../support/processes";
import { catalogShape, serveCatalog } from "../fixtures/catalog-jsonl";
import { sized } from "../support/scale";
import type { MeasureCase } from "../types";

export const catalogSync: MeasureCase = {
  kind: "measure",
  database: true,
  name: "catalog sync",
  description: "bulk JSONL import of N variants (streamed over HTTP) in its own process: wall time, rows/s and peak RSS of that process",
  async measure({ database, shopFor, scale }) {
    const variants = sized("BENCH_CATALOG_VARIANTS", { full: 100_000, small: 10_000, tiny: 500 }, scale);
    const shape = catalogShape(Math.ceil(variants / 5));
    const served = await serveCatalog(shape);
    try {
      const child = spawnTsScript("bench/support/catalog-sync-child.ts", appProcessEnv({ databaseUrl: database.url, appUrl: "http://127.0.0.1:3999" }), [shopFor("catalog-sync"), served.url]);
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      const line = child.output().trim().split("\n").reverse().find((l) => l.startsWith("{"));
      if (code !== 0 || !line) throw new Error(`The import process failed (exit ${code}):\n${child.output()}`);
      const { ms, result, maxRssBytes } = JSON.parse(line) as { ms: number; result: { status: string; counts?: Record<string, number> }; maxRssBytes: number };
      if (result.status !== "completed") throw new Error(`Import did not complete: ${JSON.stringify(result)}`);
      const mirrored = shape.products * shape.variantsPerProduct;
      const rows = shape.products + mirrored + mirrored * shape.locations + shape.products * 2;
      return {
        figures: [
          { name: "import time", value: ms / 1000, unit: "s" },
          { name: "variants/s", value: mirrored / (ms / 1000), unit: "variants/s" },
          { name: "peak RSS (import process)", value: mib(maxRssBytes), unit: "MiB" },
        ],
        details: { variants: mirrored, rows, jsonlMB: Math.round(served.bytesServed() / 1e5) / 10 },
      };
    } finally {
      await served.close();
    }
  },
};
