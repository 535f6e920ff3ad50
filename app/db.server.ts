import { createRequire } from "node:module";
import path from "node:path";
import { PrismaClient } from "@prisma/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";

declare global {
  // eslint-disable-next-line no-var
  var prismaGlobal: PrismaClient | undefined;
}

export type DatabaseProvider = "sqlite" | "postgresql";

export function databaseUrl(): string {
  return process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite";
}

/** Which database a URL points at: `postgres://`/`postgresql://` → PostgreSQL, `file:` → SQLite (the default). */
export function databaseProvider(url = databaseUrl()): DatabaseProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (/^file:/i.test(url)) return "sqlite";
  throw new Error(`DATABASE_URL must start with file: (SQLite) or postgresql:// (PostgreSQL); got "${url.split(":")[0]}:…".`);
}

/** Connections per process in PostgreSQL mode (DATABASE_POOL_SIZE, default 10 — pg's own default). */
export function databasePoolSize(): number {
  const size = Number(process.env.DATABASE_POOL_SIZE);
  return Number.isInteger(size) && size > 0 ? size : 10;
}

type PrismaClientConstructor = new (options: { adapter: unknown }) => unknown;

/**
 * The PostgreSQL client, generated from prisma/postgres/schema.prisma into node_modules/.prisma/client-postgres
 * (`npm run db:postgres:setup`). Loaded lazily with require, so SQLite installs never need it generated.
 */
function loadPostgresClient(): PrismaClientConstructor {
  const require = createRequire(import.meta.url);
  let entry: string;
  try {
    entry = require.resolve(".prisma/client-postgres");
  } catch (error) {
    throw new Error(
      "The PostgreSQL Prisma client is not generated: run `npm run db:postgres:setup` (or `npm run db:postgres:generate`).",
      { cause: error },
    );
  }
  // A client generated to a custom folder carries its own copy of Prisma's runtime (identical to
  // @prisma/client/runtime/client.js, the SQLite client's). With two copies, the app's `Prisma.sql` fragments and
  // `Prisma.PrismaClientKnownRequestError` checks (both from @prisma/client) would be foreign classes to the
  // PostgreSQL client: nested SQL fragments would be sent as parameters and P2002 handling would miss. So the
  // copy is aliased to the shared runtime in the module cache before the client loads: one runtime, two clients.
  const sharedRuntime = require.resolve("@prisma/client/runtime/client.js");
  require(sharedRuntime);
  require.cache[path.join(path.dirname(entry), "runtime", "client.js")] ??= require.cache[sharedRuntime];
  return require(entry).PrismaClient as PrismaClientConstructor;
}

/**
 * Pragmas every SQLite connection runs first. WAL lets readers (the admin, other processes) go on while one writer
 * commits, and synchronous=NORMAL makes a commit an append to the WAL without an fsync: the database stays
 * consistent and survives a crash of the app or its process; only a power loss or OS crash can lose the last
 * commits (SQLite's recommended setting for WAL). busy_timeout: a writer waits up to 5 s for another process's
 * transaction instead of failing at once.
 */
export const SQLITE_PRAGMAS = "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;";

class PrismaSQLiteWithPragmas extends PrismaBetterSQLite3 {
  override async connect() {
    const adapter = await super.connect();
    await adapter.executeScript(SQLITE_PRAGMAS);
    return adapter;
  }
}

export function createPrismaClient(url = databaseUrl()): PrismaClient {
  if (databaseProvider(url) === "postgresql") {
    const PostgresClient = loadPostgresClient();
    // Typed as the SQLite client on purpose: both clients are generated from the same models (the PostgreSQL
    // schema is written from prisma/schema.prisma by scripts/postgres-schema.ts and a test fails on drift), so
    // their model delegates, inputs and results are identical; only the datasource differs. The rest of the app
    // keeps importing one PrismaClient type from @prisma/client.
    return new PostgresClient({ adapter: new PrismaPg({ connectionString: url, max: databasePoolSize() }) }) as PrismaClient;
  }
  return new PrismaClient({ adapter: new PrismaSQLiteWithPragmas({ url }) });
}

// One client per process; dev HMR reuses it instead of opening a new connection on every reload.
const prisma: PrismaClient = globalThis.prismaGlobal ?? createPrismaClient();
if (process.env.NODE_ENV !== "production") globalThis.prismaGlobal = prisma;

export default prisma;
