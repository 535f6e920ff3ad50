// Which test files the `postgres` vitest project runs (vite.config.ts). No hand-kept list: every test file that is
// database-backed runs on PostgreSQL too, unless its header says why not with a marker line
//
//   // @sqlite-only: <reason>
//
// before its first import. A file is database-backed when it can reach the app's database: its static import graph
// (relative and #app/ imports, followed through app/, scripts/, simulator/, bench/ and test/support/) reaches
// app/db.server.ts, or it names @prisma/client, a test-database helper or a stack starter that runs the app against
// DATABASE_URL (startDemoStack, startInstalledDemoStack, startCluster). test/postgres/*.test.ts are PostgreSQL-only
// and always run there. test/integration/database-suite-selection.test.ts checks the rule and the markers.
// Plain fs and regular expressions only: vite.config.ts evaluates this before any test runs.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");

/** The test files of the SQLite projects (their include globs), as repo-relative paths with forward slashes. */
export const TEST_ROOTS = ["test", "app", "simulator"] as const;

const SKIP_DIRS = new Set(["node_modules", "fixtures", ".cache", "build"]);
const DB_SERVER = path.join(REPO_ROOT, "app", "db.server.ts");
const DIRECT_DATABASE_USE =
  /["']@prisma\/client["']|\b(?:createTestDatabase|createPostgresTestDatabase|startDemoStack|startInstalledDemoStack|startCluster)\b/;
const MARKER = /^\s*\/\/\s*@sqlite-only\b:?(.*)$/;
// Static imports/re-exports (not `import type`) and vi.mock targets; dynamic import() inside a helper is not followed
// (test/support/demo-stack.ts loads db.server lazily only in startInstalledDemoStack, which DIRECT_DATABASE_USE names).
const IMPORT = /(?:^|[;\s])(?:import|export)\s+(?!type\s)[^;]*?\bfrom\s+["']([^"']+)["']|^\s*import\s+["']([^"']+)["']|vi\.mock\(\s*["']([^"']+)["']/gm;

const toRepoPath = (absolute: string) => path.relative(REPO_ROOT, absolute).split(path.sep).join("/");

export function listTestFiles(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith(".")) walk(path.join(dir, entry.name));
      } else if (/\.test\.tsx?$/.test(entry.name)) {
        files.push(toRepoPath(path.join(dir, entry.name)));
      }
    }
  };
  for (const root of TEST_ROOTS) walk(path.join(REPO_ROOT, root));
  return files.sort();
}

function resolveImport(fromFile: string, specifier: string): string | null {
  let base: string;
  if (specifier.startsWith("#app/")) base = path.join(REPO_ROOT, "app", specifier.slice("#app/".length));
  else if (specifier.startsWith(".")) base = path.resolve(path.dirname(fromFile), specifier);
  else return null; // packages: not the app's database client
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, path.join(base, "index.ts"), base.replace(/\.js$/, ".ts")]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

const sourceCache = new Map<string, string>();
const read = (absolute: string) => {
  let source = sourceCache.get(absolute);
  if (source === undefined) sourceCache.set(absolute, (source = readFileSync(absolute, "utf8")));
  return source;
};

/** The import chain from the file to app/db.server.ts (repo paths), or null when its static imports never reach it. */
export function importChainToDatabase(file: string): string[] | null {
  const start = path.join(REPO_ROOT, file);
  const parent = new Map<string, string | null>([[start, null]]);
  const queue = [start];
  while (queue.length) {
    const current = queue.shift()!;
    if (current === DB_SERVER) {
      const chain: string[] = [];
      for (let at: string | null = current; at; at = parent.get(at) ?? null) chain.unshift(toRepoPath(at));
      return chain;
    }
    for (const match of read(current).matchAll(IMPORT)) {
      const resolved = resolveImport(current, match[1] ?? match[2] ?? match[3]);
      if (resolved && !parent.has(resolved)) {
        parent.set(resolved, current);
        queue.push(resolved);
      }
    }
  }
  return null;
}

export function isDatabaseBacked(file: string): boolean {
  return DIRECT_DATABASE_USE.test(read(path.join(REPO_ROOT, file))) || importChainToDatabase(file) !== null;
}

/** The `@sqlite-only` marker of a file: its reason ("" when the marker has none), or null when it carries none. */
export function sqliteOnlyReason(file: string): string | null {
  for (const line of read(path.join(REPO_ROOT, file)).split("\n")) {
    if (/^\s*import\s/.test(line)) break; // the marker belongs in the header
    const match = MARKER.exec(line);
    if (match) return match[1].trim();
  }
  return null;
}

export const isPostgresOnly = (file: string) => /^test\/postgres\/[^/]*\.test\.tsx?$/.test(file);

/** The `postgres` project's include list. */
export function postgresSuites(): string[] {
  return listTestFiles().filter((file) => isPostgresOnly(file) || (isDatabaseBacked(file) && sqliteOnlyReason(file) === null));
}
