// Vitest setup file: every test file gets its own freshly migrated SQLite database, so files can run in
// parallel and no test sees another's rows. It runs before the test file imports app modules, which
// read DATABASE_URL when db.server.ts is first loaded.
import { createTestDatabase } from "./database";

if (!process.env.KEEP_DATABASE_URL) {
  process.env.DATABASE_URL = createTestDatabase().url;
}
process.env.SHOPIFY_API_KEY ??= "test-api-key";
process.env.SHOPIFY_API_SECRET ??= "test-api-secret";
process.env.SHOPIFY_APP_URL ??= "http://127.0.0.1:3999";
