// Benchmark harness: `npm run bench [-- <name filter>] [-- --runs N]`. Runs each case in bench/cases/ against a
// temporary SQLite database migrated from prisma/migrations (like the tests), prints a table and writes
// bench/results/latest.json with the machine it ran on. Not part of `npm test`: timings are measured, not asserted.
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { createTestDatabase } from "../test/support/database";
import type { BenchCase } from "./types";

export type CaseResult = {
  name: string;
  description: string;
  warmup: number;
  runs: number;
  medianMs: number;
  p95Ms: number;
  minMs: number;
  maxMs: number;
  meanMs: number;
  setupMs: number;
  details: Record<string, string | number>;
};

/** The value at quantile q (0–1) of sorted samples, nearest-rank (p95 of 50 runs is the 48th smallest). */
export function quantile(sorted: number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1];
}

const round = (ms: number) => Math.round(ms * 100) / 100;

function parseArgs(argv: string[]): { filter: string | null; runs: number | null } {
  let filter: string | null = null;
  let runs: number | null = null;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--runs") runs = Number(argv[++i]) || null;
    else if (!argv[i].startsWith("--")) filter = argv[i].toLowerCase();
  }
  return { filter, runs };
}

async function runCase(benchCase: BenchCase, context: Parameters<BenchCase["prepare"]>[0], runsOverride: number | null): Promise<CaseResult> {
  const setupStart = performance.now();
  const prepared = await benchCase.prepare(context);
  const setupMs = performance.now() - setupStart;
  for (let i = 0; i < benchCase.warmup; i++) await prepared.run();
  const runs = runsOverride ?? benchCase.runs;
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await prepared.run();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  return {
    name: benchCase.name,
    description: benchCase.description,
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

function printTable(results: CaseResult[]): void {
  const headers = ["case", "runs", "median ms", "p95 ms", "min ms", "max ms", "details"];
  const rows = results.map((r) => [
    r.name,
    String(r.runs),
    r.medianMs.toFixed(2),
    r.p95Ms.toFixed(2),
    r.minMs.toFixed(2),
    r.maxMs.toFixed(2),
    Object.entries(r.details).map(([k, v]) => `${k}=${v}`).join(" "),
  ]);
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i >= 1 && i <= 5 ? cell.padStart(widths[i]) : cell.padEnd(widths[i]))).join("  ");
  console.log(line(headers));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of rows) console.log(line(row));
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
  };
}

async function main(): Promise<void> {
  const { filter, runs } = parseArgs(process.argv.slice(2));
  // The app's Prisma client reads DATABASE_URL when db.server is first imported: set it before any app import.
  const database = createTestDatabase();
  process.env.DATABASE_URL = database.url;
  process.env.SHOPIFY_API_KEY ??= "bench-api-key";
  process.env.SHOPIFY_API_SECRET ??= "bench-api-secret";
  process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";
  const { default: prisma } = await import("../app/db.server");
  const { BENCH_CASES } = await import("./cases/index");
  const selected = BENCH_CASES.filter((c) => !filter || c.name.toLowerCase().includes(filter));
  if (selected.length === 0) throw new Error(`No benchmark case matches "${filter}". Cases: ${BENCH_CASES.map((c) => c.name).join(", ")}`);

  const machine = machineInfo();
  console.log(`Benchmarks on ${machine.cpuCount} × ${machine.cpuModel}, ${machine.totalMemoryGiB} GiB, Node ${machine.nodeVersion}`);
  console.log(`Database: ${database.file}\n`);
  const results: CaseResult[] = [];
  for (const benchCase of selected) {
    process.stdout.write(`• ${benchCase.name}: preparing… `);
    const result = await runCase(benchCase, { prisma, shopFor: (name) => `bench-${name}.myshopify.com` }, runs);
    console.log(`done (setup ${Math.round(result.setupMs)} ms, ${result.warmup} warm-up + ${result.runs} timed runs)`);
    results.push(result);
  }
  console.log("");
  printTable(results);
  await prisma.$disconnect();

  const outDir = path.resolve(import.meta.dirname, "results");
  mkdirSync(outDir, { recursive: true });
  const outFile = path.join(outDir, "latest.json");
  writeFileSync(outFile, JSON.stringify({ generatedAt: new Date().toISOString(), machine, results }, null, 2) + "\n");
  console.log(`\nWrote ${path.relative(process.cwd(), outFile)}`);
}

await main();
