// One forecast recompute in its own process (spawned by bench/cases/forecast-recompute.ts) so its peak RSS is the
// recompute's: argv = shop, now (ISO). Prints one JSON line:
// { ms, result, maxRssBytes, maxHeapUsedBytes, rows } (heap sampled after each page; collected first with --expose-gc).
import { performance } from "node:perf_hooks";
import prisma from "../../app/db.server";
import { recomputeForecasts } from "../../app/services/forecast-recompute.server";

const [shop, nowIso] = process.argv.slice(2);
const now = new Date(nowIso);
let maxHeapUsedBytes = 0;
const collect = (globalThis as { gc?: () => void }).gc;
const t0 = performance.now();
const result = await recomputeForecasts(shop, now, {
  onPage: () => {
    collect?.();
    maxHeapUsedBytes = Math.max(maxHeapUsedBytes, process.memoryUsage().heapUsed);
  },
});
const ms = performance.now() - t0;
const rows = await prisma.variantForecast.count({ where: { shop } });
await prisma.$disconnect();
// resourceUsage().maxRSS is in kilobytes: the process's peak resident set over its whole life.
console.log(JSON.stringify({ ms, result, rows, maxRssBytes: process.resourceUsage().maxRSS * 1024, maxHeapUsedBytes }));
