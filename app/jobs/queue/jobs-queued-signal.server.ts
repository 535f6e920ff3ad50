// In-process news that jobs were queued and committed: the web process's worker (app/jobs/start.server.ts) runs a
// webhook's job at once instead of at its next idle poll. Only a hint: a worker that misses it (one in another
// process) still finds the job by polling, so nothing depends on it being heard.

type Listener = () => void;
const listeners = new Set<Listener>();

/** Calls `listener` whenever this process commits queued jobs; returns the unsubscribe. */
export function onJobsQueued(listener: Listener): () => void {
  listeners.add(listener);
  return () => void listeners.delete(listener);
}

/** Fired by the typed enqueue once the jobs' rows have committed (app/jobs/enqueue.server.ts). */
export function signalJobsQueued(): void {
  for (const listener of listeners) listener();
}
