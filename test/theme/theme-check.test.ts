// Theme Check (theme-app-extension config, absolute root) reports zero offenses for the storefront extension.
import path from "node:path";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { themeCheckRun } from "@shopify/theme-check-node";

const ROOT = path.resolve(import.meta.dirname, "../../extensions/backorders-theme");

describe("theme app extension", () => {
  it("passes Theme Check with zero offenses", async () => {
    expect(existsSync(path.join(ROOT, ".theme-check.yml"))).toBe(true);
    const { offenses, theme } = await themeCheckRun(ROOT, undefined, () => {});
    // A relative or wrong root silently checks nothing: make sure the files were seen.
    expect(theme.length).toBeGreaterThanOrEqual(8);
    const report = offenses.map((o) => `${path.relative(ROOT, new URL(o.uri).pathname)}:${o.start.line + 1} ${o.check}: ${o.message}`);
    expect(report, report.join("\n")).toEqual([]);
  });
});
