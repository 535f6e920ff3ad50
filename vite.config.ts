import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { configDefaults } from "vitest/config";
import { postgresSuites } from "./test/support/postgres-suites";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const TEST_DEFAULTS = { environment: "node", testTimeout: 60_000, hookTimeout: 120_000, pool: "forks" } as const;

// The `postgres` project runs every database-backed test file again, each against a fresh migrated PostgreSQL
// database (test/support/postgres-setup.ts), to prove the app on PostgreSQL; the PostgreSQL-only tests are
// test/postgres/*. The selection is computed, not listed (test/support/postgres-suites.ts): a file stays off
// PostgreSQL only with a `// @sqlite-only: <reason>` header line, and test/integration/database-suite-selection.test.ts fails
// for a database-backed file that is neither selected nor marked.
const POSTGRES_SUITES = postgresSuites();

const sqliteProject = (name: string, include: string[]) => ({
  extends: true, // root resolve/plugins; the root config has no test options of its own to merge
  test: { ...TEST_DEFAULTS, name, include, setupFiles: ["test/support/setup-database.ts"] },
});

export default defineConfig({
  server: { port: Number(process.env.PORT || 3000), host: "127.0.0.1" },
  resolve: { alias: { "#app": new URL("./app", import.meta.url).pathname } },
  plugins: [
    !process.env.VITEST &&
      remix({
        ignoredRouteFiles: ["**/.*", "**/*.test.*"],
        future: {
          v3_fetcherPersist: true,
          v3_relativeSplatPath: true,
          v3_throwAbortReason: true,
          v3_lazyRouteDiscovery: true,
          v3_singleFetch: true,
        },
      }),
  ],
  build: { assetsInlineLimit: 0 },
  test: {
    projects: [
      // On SQLite, one project per test folder (a file's folder says what it needs to run):
      sqliteProject("unit", ["app/**/*.test.ts"]), // pure rules and helpers next to their code
      sqliteProject("integration", ["test/integration/**/*.test.ts"]), // services, routes, jobs, the Admin schema
      sqliteProject("e2e", ["test/e2e/**/*.test.ts"]), // the built app and the simulator as processes, Chromium
      sqliteProject("simulator", ["test/simulator/**/*.test.ts", "simulator/**/*.test.ts"]), // the Shopify stand-in
      sqliteProject("theme", ["test/theme/**/*.test.ts"]), // the theme app extension (Liquid, assets, Chromium)
      sqliteProject("function", ["test/function/**/*.test.ts"]), // the checkout validation function's built .wasm under node:wasi
      {
        extends: true, // root resolve/plugins; the root config has no test options of its own to merge
        test: {
          ...TEST_DEFAULTS,
          name: "postgres",
          include: POSTGRES_SUITES,
          // SQLite's EXPLAIN QUERY PLAN output is not PostgreSQL's; test/postgres/postgres-sql.test.ts checks the PG plans.
          // The JSON batch strategy of the catalog writer is SQLite-only by design (json_each); PG uses VALUES.
          testNamePattern: /^(?!.*(THEN SQLite answers each from an index|the portable VALUES strategy \(used off SQLite\) writes exactly what the JSON strategy writes))/,
          setupFiles: ["test/support/postgres-setup.ts"],
        },
      },
    ],
  },
} as any);
