import { vitePlugin as remix } from "@remix-run/dev";
import { defineConfig } from "vite";
import { configDefaults } from "vitest/config";

declare module "@remix-run/node" {
  interface Future {
    v3_singleFetch: true;
  }
}

const TEST_DEFAULTS = { environment: "node", testTimeout: 60_000, hookTimeout: 120_000, pool: "forks" } as const;

// The `postgres` project runs these files again, each against a fresh migrated PostgreSQL database
// (test/support/postgres-setup.ts), to prove the app on PostgreSQL; the PostgreSQL-only tests are test/postgres-*.
// backorder-csv-import and order-emails pass on PostgreSQL too but are left out to keep `npm test` short.
const POSTGRES_SUITES = [
  "test/postgres-*.test.ts",
  "test/jobs.test.ts",
  "test/webhook-routes.test.ts",
  "test/signup.test.ts",
  "test/restock-alerts.test.ts",
  "test/variant-list.test.ts",
  "test/dashboard.test.ts",
  "test/order-ledger.test.ts",
  "test/shop-data.test.ts",
  "test/compliance.test.ts",
  "test/catalog-sync.test.ts",
  "test/backorder-changes.test.ts",
  "test/order-actions.test.ts",
  "test/waitlist.test.ts",
  "test/unsubscribe.test.ts",
  "test/email-delivery.test.ts",
  "test/cancellation-requests.test.ts",
  "test/automation.test.ts",
  "test/home-summary.test.ts",
  "test/shop-parking.test.ts",
  "test/storefront-metafields.test.ts",
  "test/app-proxy-routes.test.ts",
  "test/retention.test.ts",
];

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
      {
        extends: true, // root resolve/plugins; the root config has no test options of its own to merge
        test: {
          ...TEST_DEFAULTS,
          name: "sqlite",
          include: ["test/**/*.test.ts", "app/**/*.test.ts", "simulator/**/*.test.ts"],
          exclude: [...configDefaults.exclude, "test/postgres-*.test.ts"],
          setupFiles: ["test/support/setup-database.ts"],
        },
      },
      {
        extends: true, // root resolve/plugins; the root config has no test options of its own to merge
        test: {
          ...TEST_DEFAULTS,
          name: "postgres",
          include: POSTGRES_SUITES,
          // SQLite's EXPLAIN QUERY PLAN output is not PostgreSQL's; test/postgres-sql.test.ts checks the PG plans.
          // The JSON batch strategy of the catalog writer is SQLite-only by design (json_each); PG uses VALUES.
          testNamePattern: /^(?!.*(THEN SQLite answers each from an index|the portable VALUES strategy \(used off SQLite\) writes exactly what the JSON strategy writes))/,
          setupFiles: ["test/support/postgres-setup.ts"],
        },
      },
    ],
  },
} as any);
