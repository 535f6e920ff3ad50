// @sqlite-only: checks the committed SQLite migrations with better-sqlite3; test/postgres/postgres-schema.test.ts checks the PostgreSQL ones
import Database from "better-sqlite3";
import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import { createTestDatabase } from "../support/database";

// The committed migrations are what `prisma migrate deploy` applies on a merchant's machine; the schema is what
// the client is generated from. If they drift, queries fail at run time, so every model's columns must exist.
describe("committed migrations", () => {
  it("GIVEN a database built only from prisma/migrations THEN it has every model and column of schema.prisma", () => {
    const { file } = createTestDatabase();
    const db = new Database(file);
    try {
      for (const model of Prisma.dmmf.datamodel.models) {
        const columns: string[] = db.prepare(`PRAGMA table_info("${model.dbName ?? model.name}")`).all().map((c: any) => c.name);
        expect(columns.length, `table ${model.name} is missing`).toBeGreaterThan(0);
        const expected = model.fields.filter((field) => field.kind === "scalar").map((field) => field.dbName ?? field.name);
        expect(columns.sort(), `columns of ${model.name}`).toEqual(expected.sort());
      }
    } finally {
      db.close();
    }
  });
});
