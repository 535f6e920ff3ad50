// Child processes for the end-to-end cases: the built app (scripts/serve.ts), `npm run worker`, and their peak RSS.
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";

export const ROOT = path.resolve(import.meta.dirname, "../..");

/** Runs a TypeScript script as ONE node process (`node --import tsx`), so its pid is the process to measure. */
export function spawnTsScript(script: string, env: NodeJS.ProcessEnv, args: string[] = []): ChildProcess & { output(): string } {
  const child = spawn(process.execPath, ["--import", "tsx", path.join(ROOT, script), ...args], {
    cwd: ROOT,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return Object.assign(child, { output: () => output });
}

/** Peak resident set size of a live process in bytes (Linux VmHWM), or NaN where /proc is not available. */
export function peakRssBytes(pid: number): number {
  try {
    const match = /^VmHWM:\s+(\d+)\s+kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) * 1024 : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export const mib = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export { stopProcess as stopChild } from "../../scripts/app-process";

/** The environment of an app or worker process talking to this run's database. */
export function appProcessEnv(input: { databaseUrl: string; appUrl: string; port?: number; smtpUrl?: string; extra?: Record<string, string> }): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    ...(input.port ? { PORT: String(input.port), HOST: "127.0.0.1" } : {}),
    SHOPIFY_APP_URL: input.appUrl,
    SHOPIFY_API_KEY: process.env.SHOPIFY_API_KEY ?? "bench-api-key",
    SHOPIFY_API_SECRET: process.env.SHOPIFY_API_SECRET ?? "bench-api-secret",
    DATABASE_URL: input.databaseUrl,
    ...(input.smtpUrl ? { SMTP_URL: input.smtpUrl } : {}),
    ...input.extra,
  };
}
