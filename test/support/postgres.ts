// PostgreSQL test databases: every test file of the `postgres` vitest project gets its own freshly created
// database (bo_test_<random>) with the committed PostgreSQL migrations applied — the SQL `prisma migrate deploy`
// runs — so files run in parallel and never see each other's rows. The server is POSTGRES_TEST_URL's
// (default postgresql://postgres@127.0.0.1:5432/postgres, the one on this machine; `.ci/run` starts it).
import { randomBytes } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";

export const POSTGRES_MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/postgres/migrations");

export function postgresAdminUrl(): string {
  return process.env.POSTGRES_TEST_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
}

function withDatabase(url: string, database: string): string {
  const next = new URL(url);
  next.pathname = `/${database}`;
  return next.toString();
}

function describeServer(url: string): string {
  const { hostname, port } = new URL(url);
  return `${hostname}:${port || 5432}`;
}

async function connect(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(
      `PostgreSQL not reachable at ${describeServer(url)} (${(error as Error).message}); start it with ` +
        "`service postgresql start` (or `pg_ctlcluster 15 main start`), or point POSTGRES_TEST_URL at a server. " +
        "The PostgreSQL test suite never skips.",
      { cause: error },
    );
  }
  return client;
}

/** Runs every committed PostgreSQL migration, in order, on the database at `url`. */
export async function applyPostgresMigrations(url: string): Promise<void> {
  const client = await connect(url);
  try {
    for (const dir of readdirSync(POSTGRES_MIGRATIONS_DIR).filter((d) => /^\d+_/.test(d)).sort()) {
      await client.query(readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, dir, "migration.sql"), "utf8"));
    }
  } finally {
    await client.end();
  }
}

export type PostgresTestDatabase = { name: string; url: string; drop(): Promise<void> };

/** A new, empty database on the test server (migrated unless `migrate: false`). */
export async function createPostgresTestDatabase(options: { migrate?: boolean } = {}): Promise<PostgresTestDatabase> {
  const admin = postgresAdminUrl();
  const name = `bo_test_${Date.now().toString(36)}_${randomBytes(4).toString("hex")}`;
  const client = await connect(admin);
  try {
    // Byte-order text sorting (LC_COLLATE C), like SQLite: list orders and keyset cursors match the SQLite suites.
    await client.query(`CREATE DATABASE "${name}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C'`);
  } finally {
    await client.end();
  }
  const url = withDatabase(admin, name);
  if (options.migrate !== false) await applyPostgresMigrations(url);
  return {
    name,
    url,
    async drop() {
      const dropper = await connect(admin);
      try {
        await dropper.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await dropper.end();
      }
    },
  };
}
