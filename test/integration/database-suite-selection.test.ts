// The `postgres` project cannot silently miss a database-backed suite (issue 15): its include list is computed by
// test/support/postgres-suites.ts, and a test file stays off PostgreSQL only with a sqlite-only marker line that
// gives the reason. Plain file reads; no database.
import { describe, expect, it } from "vitest";
import config from "../../vite.config";
import {
  importChainToDatabase,
  isDatabaseBacked,
  isPostgresOnly,
  listTestFiles,
  postgresSuites,
  sqliteOnlyReason,
} from "../support/postgres-suites";

const files = listTestFiles();
const selected = new Set(postgresSuites());

describe("which suites run on PostgreSQL", () => {
  it("every database-backed test file runs on PostgreSQL or says why not (`// @sqlite-only: <reason>` before its imports)", () => {
    const missing = files.filter((file) => isDatabaseBacked(file) && !selected.has(file) && !sqliteOnlyReason(file));
    expect(missing).toEqual([]);
  });

  it("a sqlite-only marker carries a reason and sits only on a database-backed file that is not PostgreSQL-only", () => {
    const marked = files.filter((file) => sqliteOnlyReason(file) !== null);
    expect(marked.filter((file) => sqliteOnlyReason(file)!.length < 10)).toEqual([]);
    expect(marked.filter((file) => !isDatabaseBacked(file) || isPostgresOnly(file))).toEqual([]);
    expect(marked.filter((file) => selected.has(file))).toEqual([]);
  });

  it("the postgres project runs exactly the computed selection, which includes every test/postgres/* file", () => {
    const projects = (config as any).test.projects as Array<{ test: { name: string; include: string[] } }>;
    const postgres = projects.find((project) => project.test.name === "postgres")!;
    expect([...postgres.test.include].sort()).toEqual([...selected].sort());
    expect(files.filter(isPostgresOnly).every((file) => selected.has(file))).toBe(true);
  });

  it("detects database use through imports, not only a direct prisma import", () => {
    // Direct: imports the app's client.
    expect(importChainToDatabase("test/integration/jobs.test.ts")).toEqual(["test/integration/jobs.test.ts", "app/db.server.ts"]);
    // Pure domain, theme and simulator tests touch no database.
    for (const file of ["app/domain/eta.test.ts", "test/theme/theme-render.test.ts", "simulator/store.test.ts", "test/simulator/simulator-oauth.test.ts"]) {
      expect(isDatabaseBacked(file), file).toBe(false);
    }
    // Browser tests that only borrow a screenshot helper from demo-stack.ts are not database-backed…
    expect(isDatabaseBacked("test/simulator/storefront-preview.test.ts")).toBe(false);
    // …but one that starts the demo stack is (the app process runs on DATABASE_URL).
    expect(isDatabaseBacked("test/e2e/e2e-storefront.test.ts")).toBe(true);
  });
});
