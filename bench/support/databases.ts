// The databases a bench run covers: BENCH_DATABASES=sqlite,postgresql (default), or one of them. Each run gets a
// fresh database migrated from the committed migrations, so figures never depend on what an earlier run left behind;
// the PostgreSQL one is created on POSTGRES_TEST_URL's server (default 127.0.0.1:5432) and dropped afterwards.
import { createTestDatabase } from "../../test/support/database";

export const DATABASE_KINDS = ["sqlite", "postgresql"] as const;
export type DatabaseKind = (typeof DATABASE_KINDS)[number];

export type BenchDatabase = { kind: DatabaseKind; url: string; drop(): Promise<void> };

export const DEFAULT_BENCH_DATABASES = "sqlite,postgresql";

export function benchDatabases(raw = process.env.BENCH_DATABASES ?? DEFAULT_BENCH_DATABASES): DatabaseKind[] {
  const kinds = raw.split(",").map((k) => k.trim().toLowerCase()).filter(Boolean);
  for (const kind of kinds) {
    if (!(DATABASE_KINDS as readonly string[]).includes(kind)) {
      throw new Error(`BENCH_DATABASES: unknown database "${kind}" (use ${DATABASE_KINDS.join(", ")}, comma-separated)`);
    }
  }
  return kinds.length ? [...new Set(kinds)] as DatabaseKind[] : ["sqlite"];
}

/**
 * A fresh database of this kind. PostgreSQL: a uniquely named database on POSTGRES_TEST_URL's server (default
 * postgresql://postgres@127.0.0.1:5432/postgres) with the committed PostgreSQL migrations, created like the
 * PostgreSQL test suite's (test/support/postgres.ts); the app picks its client from the DATABASE_URL scheme.
 */
export async function createBenchDatabase(kind: DatabaseKind): Promise<BenchDatabase> {
  if (kind === "sqlite") {
    const { url } = createTestDatabase();
    return { kind, url, drop: async () => undefined };
  }
  const { createPostgresTestDatabase } = await import("../../test/support/postgres");
  const database = await createPostgresTestDatabase();
  return { kind, url: database.url, drop: () => database.drop() };
}
