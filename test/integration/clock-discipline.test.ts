// One clock per operation: product code below the boundary never reads the wall clock itself. A CSV import once
// sat "queued" forever in a test whose worker lived on a fixed date, because `enqueueJob` stamped runAt with the
// machine's date. This check fails the day such a read is written, not when the calendar moves past a fixture.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(import.meta.dirname, "../..");
const CLOCK_MODULE = "app/clock.server.ts";
// `new Date()` with no argument, `Date.now` (called or passed as a function).
const WALL_CLOCK_READ = /\bnew Date\(\s*\)|\bDate\.now\b/;

function wallClockReads(sources: Iterable<{ file: string; text: string }>): string[] {
  const found: string[] = [];
  for (const { file, text } of sources) {
    text.split("\n").forEach((line, index) => {
      const code = line.replace(/\/\/.*$/, "");
      if (WALL_CLOCK_READ.test(code)) found.push(`${file}:${index + 1}: ${line.trim()}`);
    });
  }
  return found;
}

function productSources(): { file: string; text: string }[] {
  return readdirSync(path.join(root, "app"), { recursive: true })
    .map((entry) => path.join("app", String(entry)))
    .filter((file) => /\.(ts|tsx)$/.test(file) && !/\.test\.tsx?$/.test(file) && file !== CLOCK_MODULE)
    .map((file) => ({ file, text: readFileSync(path.join(root, file), "utf8") }));
}

describe("clock discipline", () => {
  it("GIVEN the product code in app/ THEN only app/clock.server.ts reads the wall clock; everything else is passed `now`", () => {
    expect(wallClockReads(productSources())).toEqual([]);
  });

  it("GIVEN code that reads the clock in the ways that caused time bombs THEN the check finds each", () => {
    const sample = [
      "const a = { runAt: job.runAt ?? new Date() };",
      "const b = Date.now() - started;",
      "const clock = input.clock ?? Date.now;",
      "const ok = new Date(row.createdAt); // new Date() in a comment is fine",
    ].join("\n");
    expect(wallClockReads([{ file: "x.ts", text: sample }])).toEqual([
      "x.ts:1: const a = { runAt: job.runAt ?? new Date() };",
      "x.ts:2: const b = Date.now() - started;",
      "x.ts:3: const clock = input.clock ?? Date.now;",
    ]);
  });
});
