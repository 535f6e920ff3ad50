import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, statSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const bin = (name: string) => path.join(root, "node_modules/.bin", name);

/** Runs a project CLI (prisma, remix) to completion, failing loudly with its output. */
export function runCli(name: string, args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(bin(name), args, { cwd: root, env, encoding: "utf8" });
  if (result.status !== 0) {
    throw new Error(`${name} ${args.join(" ")} failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
}

export function migrateDatabase(databaseUrl: string): void {
  runCli("prisma", ["migrate", "deploy"], { ...process.env, DATABASE_URL: databaseUrl });
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

/** Builds the Remix app unless build/ is newer than every file in app/. */
export function buildAppIfStale(): void {
  const serverBuild = path.join(root, "build/server/index.js");
  if (existsSync(serverBuild) && statSync(serverBuild).mtimeMs > newestMtime(path.join(root, "app"))) return;
  // Not as a test: vite.config.ts leaves the Remix plugin out under VITEST, and a test may call this.
  runCli("remix", ["vite:build"], { ...process.env, VITEST: undefined });
}

/** Starts the built app with our web server (scripts/serve.ts, as `npm start` does) and resolves once it answers HTTP. */
export async function startApp(env: NodeJS.ProcessEnv, url: string, log = false): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(root, "scripts/serve.ts"), "build/server/index.js"], {
    cwd: root,
    env,
    stdio: log ? "inherit" : ["ignore", "pipe", "pipe"],
  });
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`The app exited during start-up (code ${child.exitCode}):\n${output}`);
    try {
      await fetch(`${url}/auth/login`);
      return child;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  child.kill();
  throw new Error(`The app did not answer on ${url} within 30 s:\n${output}`);
}

/** SIGTERM, then SIGKILL if the process is still there after `graceMs` (keep-alive sockets can hold the server open). */
export async function stopProcess(child: ChildProcess, graceMs = 2_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), graceMs);
  await exited;
  clearTimeout(timer);
}
