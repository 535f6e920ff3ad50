// Prisma CLI config for PostgreSQL mode (`npm run db:postgres:setup` = generate + `prisma migrate deploy`).
// Like the SQLite config (prisma.config.ts), only JS/Wasm engines are used (no engine download), so migrate talks
// to the database through a driver adapter: @prisma/adapter-pg on DATABASE_URL.
import { defineConfig } from "prisma/config";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import path from "node:path";
import { fileURLToPath } from "node:url";

// Prisma 6.19's Wasm schema engine reads catalog columns of PostgreSQL's internal `name` and `"char"` types, which
// @prisma/adapter-pg refuses ("Column type 'name' could not be deserialized", prisma/orm#27403). Both are plain
// text, so in this CLI process (only) such columns are reported to the adapter as text (arrays as text[]).
const AS_TEXT = new Map([
  [18, 25], // "char" → text
  [19, 25], // name → text
  [1002, 1009], // "char"[] → text[]
  [1003, 1009], // name[] → text[]
]);
type FieldDescription = { dataTypeID: number };
const resultPrototype = (pg as unknown as { Result: { prototype: { addFields(fields: FieldDescription[]): void } } }).Result.prototype;
const addFields = resultPrototype.addFields;
resultPrototype.addFields = function (fields: FieldDescription[]) {
  for (const field of fields) field.dataTypeID = AS_TEXT.get(field.dataTypeID) ?? field.dataTypeID;
  return addFields.call(this, fields);
};

const HERE = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  // Absolute: this config is also loaded through the root prisma.config.ts when DATABASE_URL is postgresql://.
  schema: path.join(HERE, "schema.prisma"),
  migrations: { path: path.join(HERE, "migrations") },
  async adapter() {
    const url = process.env.DATABASE_URL;
    if (!url || !/^postgres(ql)?:\/\//i.test(url)) {
      throw new Error(`DATABASE_URL must be a postgresql:// URL for the PostgreSQL setup (got ${url ? JSON.stringify(url.split(":")[0] + ":…") : "nothing"}).`);
    }
    return new PrismaPg({ connectionString: url, idleTimeoutMillis: 500 }); // short idle: the CLI exits promptly
  },
});
