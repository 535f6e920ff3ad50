import { env } from "../env.server";
import { jobHandlers } from "./handlers.server";
import { startJobWorker, type RunningWorker } from "./worker.server";

declare global {
  // eslint-disable-next-line no-var
  var backordersJobWorker: RunningWorker | undefined;
}

/** Starts the in-process job worker once per process (dev reloads reuse it). Disabled with JOB_WORKER=off. */
export function ensureJobWorkerStarted(): void {
  if (env.JOB_WORKER === "off" || env.NODE_ENV === "test" || globalThis.backordersJobWorker) return;
  globalThis.backordersJobWorker = startJobWorker({ handlers: jobHandlers, log: (message) => console.warn(message) });
}
