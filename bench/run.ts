// Benchmark harness: `npm run bench [-- <name filter>…] [-- --runs N] [-- --out file.json]` (a case runs when its
// name contains any of the filters).
// Sizes: BENCH_SCALE=full (default) | small (a quick run); databases: BENCH_DATABASES=sqlite,postgresql (default) |
// sqlite | postgresql — database-backed cases run once per database (each in its own process: the app's Prisma
// client is per process), on a fresh migrated database (PostgreSQL: created on 127.0.0.1:5432, dropped after). Prints a table of timings and one of figures and writes
// bench/results/latest.json with the machine it ran on. Not part of `npm test`: figures are measured, not asserted
// (test/integration/bench.test.ts only checks the harness still runs).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { benchDatabases, createBenchDatabase, type DatabaseKind } from "./support/databases";
import { ROOT } from "./support/processes";
import { benchScale, type BenchScale } from "./support/scale";
import { quantileOf } from "./support/stats";
import type { BenchCase, BenchContext, Figure, MeasureCase, TimedCase } from "./types";

type ResultBase = { name: string; description: string; database: DatabaseKind | null; setupMs: number; details: Record<string, string | number> };

export type TimedResult = ResultBase & {
  kind: "timed";
  warmup: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
};

export type MeasureResult = ResultBase & { kind: "measure"; label?: string; figures: Figure[] };

export type CaseResult = TimedResult | MeasureResult;

export type BenchReport = {
  generatedAt: string;
  scale: BenchScale;
  databases: DatabaseKind[];
  machine: ReturnType<typeof machineInfo>;
  totalSeconds: number;
  results: CaseResult[];
  failures: Array<{ name: string; database: DatabaseKind | null; error: string }>;
};

export const quantile = quantileOf;

const round = (ms: number) => Math.round(ms * 100) / 100;

type Args = { filters: string[]; runs: number | null; out: string | null; database: DatabaseKind | null; databaseCasesOnly: boolean };

function parseArgs(argv: string[]): Args {
  const args: Args = { filters: [], runs: null, out: null, database: null, databaseCasesOnly: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") args.runs = Number(argv[++i]) || null;
    else if (argv[i] === "--out") args.out = path.resolve(argv[++i]);
    else if (argv[i] === "--database") args.database = benchDatabases(argv[++i])[0];
    else if (argv[i] === "--database-cases-only") args.databaseCasesOnly = true;
    else if (!argv[i].startsWith("--")) args.filters.push(argv[i].toLowerCase());
  }
  return args;
}

async function runTimed(benchCase: TimedCase, context: BenchContext, runsOverride: number | null): Promise<TimedResult> {
  const setupStart = performance.now();
  const prepared = await benchCase.prepare(context);
  const setupMs = performance.now() - setupStart;
  const runs = runsOverride ?? benchCase.runs;
  const samples: number[] = [];
  try {
    for (let i = 0; i < benchCase.warmup; i++) await prepared.run();
    for (let i = 0; i < runs; i++) {
      const start = performance.now();
      await prepared.run();
      samples.push(performance.now() - start);
    }
  } finally {
    await prepared.cleanup?.();
  }
  samples.sort((a, b) => a - b);
  return {
    kind: "timed",
    name: benchCase.name,
    description: benchCase.description,
    database: benchCase.database ? context.database.kind : null,
    warmup: benchCase.warmup,
    runs,
    medianMs: round(quantile(samples, 0.5)),
    p95Ms: round(quantile(samples, 0.95)),
    minMs: round(samples[0]),
    maxMs: round(samples[samples.length - 1]),
    meanMs: round(samples.reduce((a, b) => a + b, 0) / samples.length),
    setupMs: round(setupMs),
    details: prepared.details ?? {},
  };
}

async function runMeasure(benchCase: MeasureCase, context: BenchContext): Promise<MeasureResult> {
  const start = performance.now();
  const measurement = await benchCase.measure(context);
  return {
    kind: "measure",
    name: benchCase.name,
    description: benchCase.description,
    database: benchCase.database ? context.database.kind : null,
    ...(measurement.label ? { label: measurement.label } : {}),
    setupMs: round(performance.now() - start),
    figures: measurement.figures.map((f) => ({ ...f, value: Math.round(f.value * 100) / 100 })),
    details: measurement.details ?? {},
  };
}

function table(headers: string[], rows: string[][], rightAligned: (i: number) => boolean): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (rightAligned(i) ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ").trimEnd();
  return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const label = (r: CaseResult) => {
  const name = (r.kind === "measure" && r.label) || r.name;
  return r.database ? `${name} [${r.database}]` : name;
};
const detailText = (details: Record<string, string | number>) => Object.entries(details).map(([k, v]) => `${k}=${v}`).join(" ");

/** The report as text: timed cases (ms statistics), then one row per figure of the measured cases. */
export function formatReport(results: CaseResult[]): string {
  const parts: string[] = [];
  const timed = results.filter((r): r is TimedResult => r.kind === "timed");
  const measured = results.filter((r): r is MeasureResult => r.kind === "measure");
  if (timed.length) {
    parts.push(
      table(
        ["case", "runs", "median ms", "p95 ms", "min ms", "max ms", "details"],
        timed.map((r) => [label(r), String(r.runs), r.medianMs.toFixed(2), r.p95Ms.toFixed(2), r.minMs.toFixed(2), r.maxMs.toFixed(2), detailText(r.details)]),
        (i) => i >= 1 && i <= 5,
      ),
    );
  }
  if (measured.length) {
    const rows: string[][] = [];
    for (const r of measured) {
      r.figures.forEach((f, i) => rows.push([i === 0 ? label(r) : "", f.name, formatValue(f.value), f.unit, i === 0 ? detailText(r.details) : ""]));
    }
    parts.push(table(["case", "figure", "value", "unit", "details"], rows, (i) => i === 2));
  }
  return parts.join("\n\n");
}

function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return value.toLocaleString("en-US");
  return value.toLocaleString("en-US", { maximumFractionDigits: Math.abs(value) < 1 ? 3 : 1 });
}

export function machineInfo() {
  const cpus = os.cpus();
  return {
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    cpuCount: cpus.length,
    cpuModel: cpus[0]?.model ?? "unknown",
    totalMemoryBytes: os.totalmem(),
    totalMemoryGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    nodeVersion: process.version,
    /** 1-minute load average when the run started: other work on the machine shows here (figures are not isolated). */
    loadAverage1m: Math.round(os.loadavg()[0] * 100) / 100,
  };
}

/** Runs the selected cases against one database, in this process. */
async function runCases(input: {
  cases: BenchCase[];
  kind: DatabaseKind;
  runs: number | null;
  scale: BenchScale;
  /** Called after every case with everything so far (a child run saves it, so a stopped run keeps its figures). */
  progress?: (sofar: Pick<BenchReport, "results" | "failures">) => void;
}) {
  const database = await createBenchDatabase(input.kind);
  // The app's Prisma client reads DATABASE_URL when db.server is first imported: set it before any app import.
  process.env.DATABASE_URL = database.url;
  process.env.SHOPIFY_API_KEY ??= "bench-api-key";
  process.env.SHOPIFY_API_SECRET ??= "bench-api-secret";
  process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";
  const { default: prisma } = await import("../app/db.server");
  const context: BenchContext = {
    prisma,
    shopFor: (name) => `bench-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}.myshopify.com`,
    database: { kind: input.kind, url: database.url },
    scale: input.scale,
    log: (message) => process.stderr.write(`    ${message}\n`),
  };
  const results: CaseResult[] = [];
  const failures: BenchReport["failures"] = [];
  for (const benchCase of input.cases) {
    if (benchCase.onlyDatabases && !benchCase.onlyDatabases.includes(input.kind)) continue;
    const name = benchCase.database ? `${benchCase.name} [${input.kind}]` : benchCase.name;
    console.log(`• ${name}: running…`);
    const started = performance.now();
    try {
      const result = benchCase.kind === "measure" ? await runMeasure(benchCase, context) : await runTimed(benchCase, context, input.runs);
      results.push(result);
      console.log(`  done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    } catch (error) {
      // One broken case must not hide the others' figures: report it and go on.
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      failures.push({ name: benchCase.name, database: benchCase.database ? input.kind : null, error: message.slice(0, 4000) });
      console.log(`  FAILED after ${((performance.now() - started) / 1000).toFixed(1)} s: ${message.split("\n")[0]}`);
    }
    input.progress?.({ results, failures });
  }
  await prisma.$disconnect();
  await database.drop();
  return { results, failures };
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const scale = benchScale();
  const startedAt = performance.now();
  const { BENCH_CASES } = await import("./cases/index");
  const matches = (c: BenchCase) => !args.filters.length || args.filters.some((f) => c.name.toLowerCase().includes(f));
  const selected = BENCH_CASES.filter((c) => matches(c) && (!args.databaseCasesOnly || c.database));
  if (selected.length === 0) throw new Error(`No benchmark case matches "${args.filters.join('", "')}". Cases: ${BENCH_CASES.map((c) => c.name).join(", ")}`);

  // A child run for one more database (spawned below): its results go to --out, the parent prints them.
  if (args.databaseCasesOnly && args.database && args.out) {
    const out = args.out;
    const save = (sofar: Pick<BenchReport, "results" | "failures">) => writeFileSync(out, JSON.stringify(sofar));
    save(await runCases({ cases: selected, kind: args.database, runs: args.runs, scale, progress: save }));
    return;
  }

  const databases = args.database ? [args.database] : benchDatabases();
  const machine = machineInfo();
  console.log(`Benchmarks (scale ${scale}; ${databases.join(", ")}) on ${machine.cpuCount} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.nodeVersion}\n`);
  const { results, failures } = await runCases({ cases: selected, kind: databases[0], runs: args.runs, scale });
  for (const kind of databases.slice(1)) {
    if (!selected.some((c) => c.database)) break;
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), "backorders-bench-")), "results.json");
    const child = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "bench/run.ts"), ...args.filters, ...(args.runs ? ["--runs", String(args.runs)] : []), "--database", kind, "--database-cases-only", "--out", out],
      { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"], env: process.env },
    );
    // A run that stopped early (killed, crashed) still hands over the cases it finished.
    const extra: Pick<BenchReport, "results" | "failures"> = existsSync(out) ? JSON.parse(readFileSync(out, "utf8")) : { results: [], failures: [] };
    if (child.status !== 0) {
      failures.push({ name: `the rest of the database cases`, database: kind, error: `the ${kind} run exited with ${child.status ?? child.signal}` });
    }
    results.push(...extra.results);
    failures.push(...extra.failures);
  }

  console.log("");
  console.log(formatReport(results));
  for (const failure of failures) console.log(`\nFAILED: ${failure.name}${failure.database ? ` [${failure.database}]` : ""}\n${failure.error}`);

  const report: BenchReport = {
    generatedAt: new Date().toISOString(),
    scale,
    databases,
    machine,
    totalSeconds: Math.round((performance.now() - startedAt) / 100) / 10,
    results,
    failures,
  };
  const outFile = args.out ?? path.join(ROOT, "bench/results/latest.json");
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(outFile, JSON.stringify(report, null, 2) + "\n");
  console.log(`\nLoad average (1 min) ${machine.loadAverage1m} at the start, ${os.loadavg()[0].toFixed(2)} at the end.`);
  console.log(`\nTotal ${report.totalSeconds} s. Wrote ${path.relative(process.cwd(), outFile)}`);
  if (failures.length) process.exitCode = 1;
}

await main();
