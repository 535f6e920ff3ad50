// The benchmark contract: each case in bench/cases/ prepares its data in the shared temporary database and hands
// back the operation to time. The harness (run.ts) does warm-up, timing, statistics and reporting.
import type { PrismaClient } from "@prisma/client";

export type BenchContext = {
  prisma: PrismaClient;
  /** A shop domain no other case uses, so cases can share the one database without seeing each other's rows. */
  shopFor(caseName: string): string;
};

export type PreparedCase = {
  /** The operation measured; called `warmup` times untimed, then `runs` times timed. */
  run(): Promise<unknown>;
  /** Facts about the data set printed next to the timings (e.g. rows seeded). */
  details?: Record<string, string | number>;
};

export type BenchCase = {
  name: string;
  description: string;
  warmup: number;
  runs: number;
  prepare(context: BenchContext): Promise<PreparedCase>;
};
