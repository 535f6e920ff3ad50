// Sales-history backfill (issue 17): a bulk JSONL export of the last 60 days of orders (N order lines over V
// variants, 2.5 lines per order, some refunded, some cancelled), streamed over local HTTP and imported by
// importSalesHistoryBulkResult in a process of its own (what the sales.history.backfill job does), so the peak RSS
// is the import's. It runs twice: the second import finds every order already counted (a backfill overlapping the
// webhooks) and must leave the totals as they are — checked against the generator's own sum.
import { appProcessEnv, mib, spawnTsScript } from "../support/processes";
import { expectedSales, serveSalesHistory, type SalesShape } from "../fixtures/sales-history-jsonl";
import { sized } from "../support/scale";
import type { MeasureCase } from "../types";

export const salesHistoryBackfill: MeasureCase = {
  kind: "measure",
  database: true,
  name: "sales history backfill",
  description: "60 days of orders (bulk JSONL over HTTP) into the sales history in its own process, then again (every order known): wall times, lines/s, peak RSS",
  async measure({ database, shopFor, scale, log }) {
    const shape: SalesShape = {
      orderLines: sized("BENCH_SALES_ORDER_LINES", { full: 200_000, small: 20_000, tiny: 1_000 }, scale),
      variants: sized("BENCH_SALES_VARIANTS", { full: 10_000, small: 2_000, tiny: 100 }, scale),
      days: 60,
      endsAt: new Date(),
    };
    const expected = expectedSales(shape);
    const served = await serveSalesHistory(shape);
    try {
      log(`sales history backfill: ${shape.orderLines} order lines, ${expected.orders} orders, ${shape.variants} variants`);
      const child = spawnTsScript("bench/support/sales-history-backfill-child.ts", appProcessEnv({ databaseUrl: database.url, appUrl: "http://127.0.0.1:3999" }), [shopFor("sales-history-backfill"), served.url]);
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      const line = child.output().trim().split("\n").reverse().find((l) => l.startsWith("{"));
      if (code !== 0 || !line) throw new Error(`The backfill process failed (exit ${code}):\n${child.output()}`);
      const out = JSON.parse(line) as { firstMs: number; secondMs: number; first: { status: string; counts?: Record<string, number> }; second: { status: string }; unitsSold: number; rows: number; maxRssBytes: number; maxHeapUsedBytes: number };
      if (out.first.status !== "completed" || out.second.status !== "completed") throw new Error(`Backfill did not complete: ${line}`);
      if (out.unitsSold !== expected.units) throw new Error(`The history counts ${out.unitsSold} units, the export holds ${expected.units}: an order was counted twice or not at all`);
      return {
        label: `sales history backfill, ${shape.orderLines.toLocaleString("en")} order lines`,
        figures: [
          { name: "import time", value: out.firstMs / 1000, unit: "s" },
          { name: "order lines/s", value: shape.orderLines / (out.firstMs / 1000), unit: "lines/s" },
          { name: "re-import time (all orders known)", value: out.secondMs / 1000, unit: "s" },
          { name: "peak RSS (import process)", value: mib(out.maxRssBytes), unit: "MiB" },
          { name: "max JS heap used (after a batch)", value: mib(out.maxHeapUsedBytes), unit: "MiB" },
        ],
        details: { orderLines: shape.orderLines, orders: expected.orders, variants: shape.variants, unitsSold: out.unitsSold, variantDays: out.rows, jsonlMB: Math.round(served.bytesServed() / 1e5) / 10 },
      };
    } finally {
      await served.close();
    }
  },
};
