// The few SQL constructs that differ between SQLite and PostgreSQL, for hand-written `$queryRaw` statements.
// Everything else the raw queries use is portable as long as identifiers are double-quoted: PostgreSQL folds
// unquoted names to lower case, so `BackorderLine`/`orderedAt` must be written "BackorderLine"/"orderedAt"
// (SQLite accepts the quotes too), and so must result aliases the code reads back (`AS "weekIndex"`).
import { Prisma } from "@prisma/client";
import { databaseProvider, type DatabaseProvider } from "../db.server";

export type SqlDialect = {
  provider: DatabaseProvider;
  /** Fractional days from `earlier` to `later` (two DateTime expressions), as a floating-point number. */
  daysBetween(later: Prisma.Sql, earlier: Prisma.Sql): Prisma.Sql;
  /** Whole milliseconds from `earlier` to `later` (rounded), for exact window comparisons. */
  millisecondsBetween(later: Prisma.Sql, earlier: Prisma.Sql): Prisma.Sql;
  /** The larger of two values (SQLite's two-argument MAX is an aggregate in PostgreSQL). */
  greatest(a: Prisma.Sql, b: Prisma.Sql): Prisma.Sql;
};

const sqlite: SqlDialect = {
  provider: "sqlite",
  // Prisma's SQLite adapter stores DateTime as ISO 8601 text, which julianday() parses.
  daysBetween: (later, earlier) => Prisma.sql`(julianday(${later}) - julianday(${earlier}))`,
  millisecondsBetween: (later, earlier) => Prisma.sql`ROUND((julianday(${later}) - julianday(${earlier})) * 86400000)`,
  greatest: (a, b) => Prisma.sql`MAX(${a}, ${b})`,
};

const postgresql: SqlDialect = {
  provider: "postgresql",
  daysBetween: (later, earlier) => Prisma.sql`CAST(EXTRACT(EPOCH FROM (${later} - ${earlier})) / 86400 AS DOUBLE PRECISION)`,
  millisecondsBetween: (later, earlier) => Prisma.sql`ROUND(EXTRACT(EPOCH FROM (${later} - ${earlier})) * 1000)`,
  greatest: (a, b) => Prisma.sql`GREATEST(${a}, ${b})`,
};

/** The dialect of the configured database (DATABASE_URL), or of `provider`. */
export function sqlDialect(provider: DatabaseProvider = databaseProvider()): SqlDialect {
  return provider === "postgresql" ? postgresql : sqlite;
}
