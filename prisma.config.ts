import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import postgresConfig from "./prisma/postgres/prisma.config";

// SQLite by default. A postgresql:// DATABASE_URL switches the CLI (migrate deploy/status/diff) to the PostgreSQL
// schema and migrations (prisma/postgres/), so `prisma migrate deploy` follows DATABASE_URL like the app does.
// `npm run db:postgres:setup` generates both clients and migrates (see README "PostgreSQL").
const postgres = /^postgres(ql)?:\/\//i.test(process.env.DATABASE_URL ?? "");

// JS/Wasm engines only: the native engines would be downloaded from the internet, which is not reachable offline.
export default postgres
  ? postgresConfig
  : defineConfig({
      experimental: { adapter: true },
      engine: "js",
      schema: "prisma/schema.prisma",
      migrations: { path: "prisma/migrations" },
      async adapter() {
        return new PrismaBetterSQLite3({ url: process.env.DATABASE_URL ?? "file:./prisma/dev.sqlite" });
      },
    });
