// One sales-history backfill import in its own process (spawned by bench/cases/sales-history-backfill.ts) so its
// peak RSS is the import's: argv = shop, bulk result URL. Imports the export twice — the second run finds every
// order already counted (a backfill overlapping the webhooks) — and prints one JSON line:
// { firstMs, secondMs, first, second, unitsSold, rows, maxRssBytes, maxHeapUsedBytes } (heap sampled after each batch).
import { performance } from "node:perf_hooks";
import prisma from "../../app/db.server";
import { importSalesHistoryBulkResult, startSalesHistoryBackfill } from "../../app/services/sales-history-backfill.server";
import type { BulkOperationInfo } from "../../app/shopify/admin-gateway.server";

const [shop, url] = process.argv.slice(2);
let started = 0;
const gateway = {
  async startSalesHistoryBulkQuery() {
    started++;
    return { id: `gid://shopify/BulkOperation/${started}`, status: "CREATED" as const };
  },
  async getBulkOperation(id: string): Promise<BulkOperationInfo> {
    return { id, status: "COMPLETED", errorCode: null, objectCount: 1, url, partialDataUrl: null, completedAt: new Date() };
  },
};

await prisma.shop.upsert({ where: { shop }, create: { shop, ianaTimezone: "America/New_York" }, update: {} });
let maxHeapUsedBytes = 0;
// With NODE_OPTIONS=--expose-gc the heap is collected first: what the import retains, not garbage not yet collected.
const collect = (globalThis as { gc?: () => void }).gc;
const sample = () => {
  collect?.();
  maxHeapUsedBytes = Math.max(maxHeapUsedBytes, process.memoryUsage().heapUsed);
};
const run = async () => {
  const now = new Date();
  const t0 = performance.now();
  const start = await startSalesHistoryBackfill({ shop, gateway, now });
  if (!start.started) throw new Error("the backfill did not start");
  const result = await importSalesHistoryBulkResult({ shop, gateway, bulkOperationId: start.bulkOperationId, now, onBatch: sample });
  return { ms: performance.now() - t0, result };
};
const first = await run();
const second = await run();
const totals = await prisma.variantSalesDay.aggregate({ where: { shop }, _sum: { unitsSold: true }, _count: true });
await prisma.$disconnect();
// resourceUsage().maxRSS is in kilobytes: the process's peak resident set over its whole life.
console.log(JSON.stringify({
  firstMs: first.ms, secondMs: second.ms, first: first.result, second: second.result,
  unitsSold: totals._sum.unitsSold ?? 0, rows: totals._count, maxRssBytes: process.resourceUsage().maxRSS * 1024, maxHeapUsedBytes,
}));
