// Retry policy for background jobs: exponential backoff with a cap and deterministic jitter, then give up.
// Pure: the caller passes the attempt number and a random source, so tests are exact.

export const DEFAULT_BASE_DELAY_MS = 5_000;
export const DEFAULT_MAX_DELAY_MS = 60 * 60_000;

export type RetryDecision = { kind: "retry"; delayMs: number } | { kind: "give_up" };

export function decideRetry(input: {
  attemptsMade: number; // attempts already made, including the one that just failed (≥ 1)
  maxAttempts: number;
  baseDelayMs?: number;
  maxDelayMs?: number;
  random?: () => number; // 0 ≤ r < 1; jitter spreads retries of many failed jobs
}): RetryDecision {
  const { attemptsMade, maxAttempts } = input;
  if (attemptsMade >= maxAttempts) return { kind: "give_up" };
  const base = input.baseDelayMs ?? DEFAULT_BASE_DELAY_MS;
  const cap = input.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const exponential = Math.min(cap, base * 2 ** Math.max(0, attemptsMade - 1));
  const jitter = 0.8 + 0.4 * (input.random ?? Math.random)(); // ±20 %
  return { kind: "retry", delayMs: Math.min(cap, Math.round(exponential * jitter)) };
}

/** Thrown by a job handler when retrying cannot help (e.g. the SMTP server refused the address for good): dead at once. */
export class PermanentJobError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PermanentJobError";
  }
}
