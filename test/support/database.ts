import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";

const MIGRATIONS_DIR = path.resolve(import.meta.dirname, "../../prisma/migrations");

/** Applies every committed migration, in order, to a SQLite file (the same SQL `prisma migrate deploy` runs). */
export function applyMigrations(file: string): void {
  const db = new Database(file);
  try {
    for (const dir of readdirSync(MIGRATIONS_DIR).filter((d) => /^\d+_/.test(d)).sort()) {
      db.exec(readFileSync(path.join(MIGRATIONS_DIR, dir, "migration.sql"), "utf8"));
    }
  } finally {
    db.close();
  }
}

/** A fresh, migrated SQLite database in a temp directory; returns its Prisma-style URL. */
export function createTestDatabase(): { url: string; file: string } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "backorders-test-")), "test.sqlite");
  applyMigrations(file);
  return { url: `file:${file}`, file };
}
