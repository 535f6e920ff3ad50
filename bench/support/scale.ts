// Data-set sizes: BENCH_SCALE=full (default: the sizes the issue asks for) or small (a quick run, and the harness
// test); each size can also be set on its own (e.g. BENCH_FANOUT_SUBSCRIBERS=20000).
export type BenchScale = "full" | "small" | "tiny";

export function benchScale(raw = process.env.BENCH_SCALE): BenchScale {
  if (!raw || raw === "full") return "full";
  if (raw === "small" || raw === "tiny") return raw;
  throw new Error(`BENCH_SCALE must be "full", "small" or "tiny" (got "${raw}")`);
}

/** A size by scale, overridable by the environment variable `envName`. */
export function sized(envName: string, sizes: Record<BenchScale, number>, scale = benchScale()): number {
  const override = Number(process.env[envName]);
  if (process.env[envName] !== undefined && (!Number.isFinite(override) || override <= 0)) {
    throw new Error(`${envName} must be a positive number (got "${process.env[envName]}")`);
  }
  return process.env[envName] !== undefined ? override : sizes[scale];
}
