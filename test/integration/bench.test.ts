// The benchmark harness (npm run bench) must not rot: run it at tiny scale for three cheap cases — measured asset
// sizes (no database), the timed variants page loader on an imported catalog, and the end-to-end restock fan-out
// (200 subscribers in chunks of 60, one `npm run worker` process, the count-only SMTP mailbox) — and check the JSON
// report it writes; likewise the open-loop webhook case and the two checkout cap cases (the validation function's
// module and run times; order → backorder_sellable refresh against the built app and the simulator). Figures are not asserted (that is the bench's job); the data the cases saw is.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { benchDatabases } from "../../bench/support/databases";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("npm run bench (tiny scale)", () => {
  it("runs a measured and a timed case and writes the report with the machine's facts", { timeout: 60_000 }, () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "bench-test-")), "report.json");
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", path.join(ROOT, "bench/run.ts"), "storefront assets", "variants page loader, filtered", "restock fan-out", "--runs", "2", "--out", out],
      { cwd: ROOT, env: { ...process.env, BENCH_SCALE: "tiny", BENCH_DATABASES: "sqlite", RESTOCK_CHUNK_SIZE: "60" }, encoding: "utf8", timeout: 55_000 },
    );
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    expect(run.stdout).toMatch(/variants page loader, filtered \[sqlite\]\s+2\s+\d/);

    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report).toMatchObject({ scale: "tiny", databases: ["sqlite"], failures: [] });
    expect(report.machine.cpuCount).toBeGreaterThan(0);
    expect(report.machine.totalMemoryBytes).toBeGreaterThan(0);
    expect(report.machine.nodeVersion).toBe(process.version);
    expect(Date.parse(report.generatedAt)).not.toBeNaN();

    // Asset sizes: one figure per file in the extension, equal to its gzip size.
    const assets = report.results.find((r: { name: string }) => r.name === "storefront assets");
    const files = readdirSync(path.join(ROOT, "extensions/backorders-theme/assets")).sort();
    expect(assets.figures.map((f: { name: string }) => f.name)).toEqual([...files.map((f) => `${f} (gzip)`), "all assets (gzip)"]);
    const first = readFileSync(path.join(ROOT, "extensions/backorders-theme/assets", files[0]));
    expect(assets.figures[0]).toEqual({ name: `${files[0]} (gzip)`, value: gzipSync(first).length, unit: "bytes" });

    // The timed case ran against the imported catalog: 500 variants, 50 of them Vendor 3's, of which the generated
    // stock leaves 42 in stock or low (the import derives each variant's state from its stock; the other 8 are not).
    const loader = report.results.find((r: { name: string }) => r.name === "variants page loader, filtered");
    expect(loader).toMatchObject({ kind: "timed", database: "sqlite", runs: 2, details: { variants: 500, matching: 42, pageRows: 42 } });
    expect(loader.medianMs).toBeGreaterThan(0);
    expect(loader.maxMs).toBeGreaterThanOrEqual(loader.minMs);

    // The fan-out (one batch in 4 chunks) delivered one email per subscriber to the SMTP server, each row marked
    // sent, none twice; its label carries the size.
    const fanout = report.results.find((r: { name: string }) => r.name === "restock fan-out");
    expect(fanout).toMatchObject({
      kind: "measure", database: "sqlite", label: "restock fan-out, 200 subscribers",
      details: { subscribers: 200, workers: 1, chunk: "60", emailsAccepted: 200, duplicatesDropped: 0 },
    });
    expect(run.stdout).toContain("restock fan-out, 200 subscribers [sqlite]");
    expect(fanout.details.rowsMarkedSentAtEnd).toBeGreaterThan(190); // the last rows may be marked just after SMTP accepted them
    expect(fanout.figures.find((f: { name: string }) => f.name === "peak RSS per worker (max)").value).toBeGreaterThan(10);
    const figure = (name: string) => fanout.figures.find((f: { name: string }) => f.name === name).value;
    expect(figure("time to whole batch in outbox")).toBeLessThanOrEqual(figure("time to last email"));
  });

  it("runs the open-loop webhook case: every scheduled delivery answered, figures per offered rate and a sustainable rate", { timeout: 90_000 }, () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "bench-test-")), "report.json");
    const run = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/run.ts"), "webhook intake, open loop", "--out", out], {
      cwd: ROOT,
      env: { ...process.env, BENCH_SCALE: "tiny", BENCH_DATABASES: "sqlite", BENCH_OPEN_LOOP_RATES: "40,20" },
      encoding: "utf8",
      timeout: 85_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8"));
    const result = report.results.find((r: { name: string }) => r.name === "webhook intake, open loop");
    expect(result).toMatchObject({ kind: "measure", database: "sqlite", details: { seconds: 1, rates: "20,40" } });
    const figure = (name: string) => result.figures.find((f: { name: string }) => f.name === name)?.value;
    const sent = String(result.details.sent).split(",").map(Number);
    for (const [i, rate] of [20, 40].entries()) {
      // Signed deliveries of both topics were accepted: no non-200 answer, and the 200s equal what was sent.
      expect(figure(`${rate} req/s offered: non-200 answers`)).toBe(0);
      expect(sent[i]).toBeGreaterThan(0);
      expect(figure(`${rate} req/s offered: achieved`)).toBeGreaterThan(0);
      expect(figure(`${rate} req/s offered: p99 latency`)).toBeGreaterThanOrEqual(figure(`${rate} req/s offered: p50 latency`));
      expect(figure(`${rate} req/s offered: max latency`)).toBeGreaterThanOrEqual(figure(`${rate} req/s offered: p99 latency`));
    }
    expect(figure("sustainable rate (p99 < 100 ms)")).toBeDefined();
    expect(run.stdout).toMatch(/sustainable rate \(p99 < 100 ms\)/);
  });

  it("runs the checkout cap cases: the function's size and 200-line runs, and order → sellable refresh over real orders", { timeout: 120_000 }, () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "bench-test-")), "report.json");
    const run = spawnSync(process.execPath, ["--import", "tsx", path.join(ROOT, "bench/run.ts"), "checkout validation function", "checkout cap refresh", "--out", out], {
      cwd: ROOT,
      env: { ...process.env, BENCH_SCALE: "tiny", BENCH_DATABASES: "sqlite" },
      encoding: "utf8",
      timeout: 115_000,
    });
    expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
    const report = JSON.parse(readFileSync(out, "utf8"));
    expect(report.failures).toEqual([]);
    const figureOf = (result: { figures: Array<{ name: string; value: number }> }, name: string) => result.figures.find((f) => f.name === name)?.value;

    // The module measured is the built one; a cart within its caps gets no error, one over all of them gets errors.
    const fn = report.results.find((r: { name: string }) => r.name === "checkout validation function");
    expect(figureOf(fn, "module size")).toBe(statSync(path.join(ROOT, "extensions/backorder-cap-validation/dist/function.wasm")).size);
    expect(fn.details).toMatchObject({ lines: 200, runs: 3, withinErrors: 0 });
    expect(fn.details.overErrors).toBeGreaterThan(0);
    expect(figureOf(fn, "200 lines, every line over: run p50")).toBeGreaterThan(0);

    // Each of the 4 orders was seen refreshed in the simulated Shopify (the case fails when one is not within 30 s).
    const refresh = report.results.find((r: { name: string }) => r.name === "checkout cap refresh");
    expect(refresh).toMatchObject({ kind: "measure", database: "sqlite", label: "checkout cap refresh, 4 orders", details: { orders: 4 } });
    const [p50, p95, max] = ["p50", "p95", "max"].map((q) => figureOf(refresh, `order → sellable refreshed ${q}`)!);
    expect(p50).toBeGreaterThan(0);
    expect(p50).toBeLessThanOrEqual(p95);
    expect(p95).toBeLessThanOrEqual(max);
  });

  it("covers SQLite and PostgreSQL unless BENCH_DATABASES says otherwise", () => {
    const saved = process.env.BENCH_DATABASES;
    delete process.env.BENCH_DATABASES;
    try {
      expect(benchDatabases()).toEqual(["sqlite", "postgresql"]);
    } finally {
      if (saved !== undefined) process.env.BENCH_DATABASES = saved;
    }
    expect(benchDatabases("postgresql")).toEqual(["postgresql"]);
    expect(() => benchDatabases("mysql")).toThrow(/unknown database "mysql"/);
  });
});
