// The built app (scripts/serve.ts) for the end-to-end cases, like `npm start`: built first unless build/ is fresh
// (BENCH_SKIP_BUILD=1 uses build/ as it is).
import type { ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";
import { buildAppIfStale, startApp } from "../../scripts/app-process";
import { freePort } from "../../test/support/ports";
import { appProcessEnv, stopChild } from "./processes";

export type RunningApp = { url: string; process: ChildProcess; buildMs: number; stop(): Promise<void> };

export async function startBuiltApp(input: { databaseUrl: string; extra?: Record<string, string> }): Promise<RunningApp> {
  const buildStart = performance.now();
  if (process.env.BENCH_SKIP_BUILD !== "1") buildAppIfStale();
  const buildMs = performance.now() - buildStart;
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = await startApp(appProcessEnv({ databaseUrl: input.databaseUrl, appUrl: url, port, extra: input.extra }), url);
  return { url, process: child, buildMs, stop: () => stopChild(child) };
}
