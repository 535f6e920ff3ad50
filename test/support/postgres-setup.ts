// Vitest setup file of the `postgres` project (vite.config.ts): like setup-database.ts, but every test file gets
// a fresh migrated PostgreSQL database, so the same integration suites prove the app on PostgreSQL. Fails (never
// skips) when the server is down. The database is dropped after the file's tests.
import { afterAll, beforeEach } from "vitest";
import pg from "pg";
import { createPostgresTestDatabase } from "./postgres";

const database = await createPostgresTestDatabase();
process.env.DATABASE_URL = database.url;
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";

// In production autovacuum keeps planner statistics current. Tests seed thousands of rows and query them at once
// (and autovacuum may be off or a minute behind), so without statistics PostgreSQL plans as if tables were tiny —
// e.g. a nested loop over 10,000 × 5,000 rows. Analyzing before each test is what autovacuum would have done.
let statistics: pg.Client | undefined;
beforeEach(async () => {
  if (!statistics) {
    statistics = new pg.Client({ connectionString: database.url });
    await statistics.connect();
  }
  await statistics.query("ANALYZE");
});

afterAll(async () => {
  await statistics?.end();
  await globalThis.prismaGlobal?.$disconnect();
  if (!process.env.KEEP_POSTGRES_TEST_DATABASE) await database.drop();
});
