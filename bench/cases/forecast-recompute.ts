// Forecast recompute (issue 17): every variant's forecast, backtest and reorder suggestion from a year of sparse
// sales history, run by recomputeForecasts in a process of its own (what the forecast.recompute job does) so the
// peak RSS is the recompute's. Run at three catalog sizes (full: 10,000 / 50,000 / 100,000 variants × 365 days;
// BENCH_FORECAST_VARIANTS="a,b,c" to choose, BENCH_SCALE=small|tiny for a quick run): the recompute streams
// variants in pages, so the peak RSS must stay flat while the time grows with the catalog.
import { appProcessEnv, mib, spawnTsScript } from "../support/processes";
import { seedForecastShop } from "../fixtures/forecast-history";
import type { BenchScale } from "../support/scale";
import type { Figure, MeasureCase } from "../types";

const SIZES: Record<BenchScale, number[]> = { full: [10_000, 50_000, 100_000], small: [2_000, 5_000, 10_000], tiny: [100, 200, 400] };
const DAYS = 365;
/** Share of days with a sale: intermittent demand, as most variants of a small shop sell. */
const DENSITY = 0.15;

function sizes(scale: BenchScale): number[] {
  const raw = process.env.BENCH_FORECAST_VARIANTS;
  if (raw === undefined) return SIZES[scale];
  const list = raw.split(",").map((s) => Number(s.trim()));
  if (!list.length || list.some((n) => !Number.isInteger(n) || n <= 0)) throw new Error(`BENCH_FORECAST_VARIANTS must be whole numbers separated by commas (got "${raw}")`);
  return list;
}

type ChildOutput = { ms: number; rows: number; result: { variants: number; pages: number; atRisk: number; skipped: number }; maxRssBytes: number; maxHeapUsedBytes: number };

export const forecastRecompute: MeasureCase = {
  kind: "measure",
  database: true,
  name: "forecast recompute",
  description: `every variant's forecast + backtest + reorder suggestion from ${DAYS} days of history, in its own process, at growing catalog sizes: wall time, variants/s, peak RSS`,
  async measure({ prisma, database, shopFor, scale, log }) {
    const now = new Date();
    const today = now.toISOString().slice(0, 10);
    const figures: Figure[] = [];
    const details: Record<string, string | number> = { days: DAYS, saleDensity: DENSITY };
    const rss: number[] = [];
    for (const variants of sizes(scale)) {
      const shop = shopFor(`forecast-recompute-${variants}`);
      const seedStart = Date.now();
      const { salesRows } = await seedForecastShop(prisma, shop, { variants, days: DAYS, density: DENSITY, today }, now);
      log(`forecast recompute: seeded ${variants} variants, ${salesRows} history rows in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
      const child = spawnTsScript(
        "bench/support/forecast-recompute-child.ts",
        { ...appProcessEnv({ databaseUrl: database.url, appUrl: "http://127.0.0.1:3999" }), NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ""} --expose-gc`.trim() },
        [shop, now.toISOString()],
      );
      const code = await new Promise<number | null>((resolve) => child.once("exit", resolve));
      const line = child.output().trim().split("\n").reverse().find((l) => l.startsWith("{"));
      if (code !== 0 || !line) throw new Error(`The recompute process failed (exit ${code}):\n${child.output()}`);
      const out = JSON.parse(line) as ChildOutput;
      if (out.rows !== variants || out.result.skipped !== 0) throw new Error(`Expected ${variants} forecast rows, got ${out.rows} (${out.result.skipped} skipped)`);
      const label = variants.toLocaleString("en");
      figures.push(
        { name: `${label} variants: time`, value: Math.round(out.ms / 100) / 10, unit: "s" },
        { name: `${label} variants: variants/s`, value: Math.round(variants / (out.ms / 1000)), unit: "variants/s" },
        { name: `${label} variants: peak RSS`, value: mib(out.maxRssBytes), unit: "MiB" },
        { name: `${label} variants: max JS heap used (after a page)`, value: mib(out.maxHeapUsedBytes), unit: "MiB" },
      );
      details[`historyRows_${variants}`] = salesRows;
      details[`atRisk_${variants}`] = out.result.atRisk;
      rss.push(out.maxRssBytes);
      log(`forecast recompute: ${variants} variants in ${(out.ms / 1000).toFixed(1)} s, peak RSS ${mib(out.maxRssBytes)} MiB, heap ${mib(out.maxHeapUsedBytes)} MiB`);
    }
    if (rss.length > 1) figures.push({ name: "peak RSS, largest ÷ smallest catalog", value: Math.round((rss[rss.length - 1] / rss[0]) * 100) / 100, unit: "×" });
    const all = sizes(scale);
    return { label: `forecast recompute, ${all.map((n) => n.toLocaleString("en")).join(" / ")} variants × ${DAYS} days`, figures, details };
  },
};
