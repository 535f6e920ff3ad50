// PostgreSQL schema lockstep (runs in the `postgres` vitest project, on a fresh database migrated from
// prisma/postgres/migrations by test/support/postgres-setup.ts). prisma/schema.prisma (SQLite) is the source of
// truth; prisma/postgres/schema.prisma is written from it by scripts/postgres-schema.ts, and the PostgreSQL
// migrations must build exactly that schema.
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import prisma, { databaseProvider } from "#app/db.server";
import { POSTGRES_SCHEMA_PATH, SQLITE_SCHEMA_PATH, postgresSchemaFrom } from "../../scripts/postgres-schema";
import { POSTGRES_MIGRATIONS_DIR, createPostgresTestDatabase } from "../support/postgres";

const ROOT = path.resolve(import.meta.dirname, "../..");

describe("PostgreSQL schema and migrations", () => {
  it("GIVEN prisma/schema.prisma THEN the committed PostgreSQL schema is exactly what `npm run db:postgres:schema` writes", () => {
    const expected = postgresSchemaFrom(readFileSync(SQLITE_SCHEMA_PATH, "utf8"));
    expect(readFileSync(POSTGRES_SCHEMA_PATH, "utf8"), "run `npm run db:postgres:schema` and add a PostgreSQL migration").toBe(expected);
    expect(expected).toMatch(/provider = "postgresql"/);
    expect(readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, "migration_lock.toml"), "utf8")).toMatch(/provider = "postgresql"/);
  });

  it("GIVEN the schema script THEN only the generator and datasource blocks change", () => {
    const sqlite = readFileSync(SQLITE_SCHEMA_PATH, "utf8");
    const models = (schema: string) => schema.slice(schema.indexOf("\nmodel "));
    expect(models(postgresSchemaFrom(sqlite))).toBe(models(sqlite));
    expect(() => postgresSchemaFrom(sqlite.replace(/datasource db \{[^}]*\}/, ""))).toThrow(/datasource db/);
  });

  it("GIVEN the app under the postgres project THEN it really talks to this PostgreSQL database", async () => {
    expect(databaseProvider()).toBe("postgresql");
    const [{ database }] = await prisma.$queryRaw<{ database: string }[]>`SELECT current_database()::text AS "database"`;
    expect(process.env.DATABASE_URL).toContain(`/${database}`);
    expect(database).toMatch(/^bo_test_/);
  });

  it("GIVEN a database built only from prisma/postgres/migrations THEN it has every model and column of the schema", async () => {
    // information_schema names are of PostgreSQL's `name` type, which the pg adapter cannot read: cast to text.
    const columns = await prisma.$queryRaw<{ table: string; column: string }[]>`
      SELECT table_name::text AS "table", column_name::text AS "column"
      FROM information_schema.columns WHERE table_schema = 'public'`;
    for (const model of Prisma.dmmf.datamodel.models) {
      const table = model.dbName ?? model.name;
      const actual = columns.filter((c) => c.table === table).map((c) => c.column);
      expect(actual.length, `table ${table} is missing`).toBeGreaterThan(0);
      const expected = model.fields.filter((f) => f.kind === "scalar").map((f) => f.dbName ?? f.name);
      expect(actual.sort(), `columns of ${table}`).toEqual(expected.sort());
    }
  });

  // Types, nullability, defaults and indexes: Prisma's own comparison of the migrated database with the schema.
  it("GIVEN the PostgreSQL migrations THEN `prisma migrate diff` finds no difference to the schema (types, defaults, indexes)", async () => {
    // migrate diff replays the migrations in the adapter's database (the JS engine has no separate shadow database).
    const scratch = await createPostgresTestDatabase({ migrate: false });
    try {
      const run = promisify(execFile);
      const result = await run(
        path.join(ROOT, "node_modules/.bin/prisma"),
        ["migrate", "diff", "--config", "prisma/postgres/prisma.config.ts", "--from-migrations", "prisma/postgres/migrations",
          "--to-schema-datamodel", "prisma/postgres/schema.prisma", "--exit-code"],
        { cwd: ROOT, env: { ...process.env, DATABASE_URL: scratch.url } },
      ).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: error.code, stdout: `${error.stdout}\n${error.stderr}` }),
      );
      expect(result.stdout).toMatch(/No difference detected/);
      expect(result.code, "the PostgreSQL migrations do not build prisma/postgres/schema.prisma: add a migration").toBe(0);
    } finally {
      await scratch.drop();
    }
  });
});
