// The benchmark contract. Two kinds of case:
//  - timed (default): prepares its data in the run's database and hands back the operation to time; the harness
//    (run.ts) does warm-up, timing and statistics;
//  - measure: runs once and reports its own figures (throughput, latency percentiles, peak RSS, bytes, scores…),
//    for end-to-end measurements that are one long run rather than many short ones.
// A case with `database: true` reads or writes the app's database and is repeated for every database the run
// covers (BENCH_DATABASES=sqlite,postgresql); the others (asset sizes, Lighthouse) run once.
import type { PrismaClient } from "@prisma/client";
import type { DatabaseKind } from "./support/databases";
import type { BenchScale } from "./support/scale";

export type BenchContext = {
  prisma: PrismaClient;
  /** A shop domain no other case uses, so cases can share the one database without seeing each other's rows. */
  shopFor(caseName: string): string;
  /** The database this run uses (what the app's Prisma client in this process is connected to). */
  database: { kind: DatabaseKind; url: string };
  scale: BenchScale;
  /** Progress lines (stderr), so long cases show they are alive. */
  log(message: string): void;
};

export type PreparedCase = {
  /** The operation measured; called `warmup` times untimed, then `runs` times timed. */
  run(): Promise<unknown>;
  /** Facts about the data set printed next to the timings (e.g. rows seeded). */
  details?: Record<string, string | number>;
  /** Called once after the timed runs (stop servers, close clients). */
  cleanup?(): Promise<void>;
};

export type Figure = {
  /** e.g. "p99 latency". */
  name: string;
  value: number;
  /** e.g. "ms", "req/s", "MiB", "bytes", "score". */
  unit: string;
};

export type Measurement = {
  /** Shown instead of the case's name when the data set's size belongs in it, e.g. "restock fan-out, 20,000 subscribers". */
  label?: string;
  figures: Figure[];
  details?: Record<string, string | number>;
};

type CaseBase = {
  name: string;
  description: string;
  /** Repeated per database of the run (see the file comment). */
  database?: boolean;
  /** With `database`: only on these databases (default: every database of the run). */
  onlyDatabases?: readonly DatabaseKind[];
};

export type TimedCase = CaseBase & {
  kind?: "timed";
  warmup: number;
  runs: number;
  prepare(context: BenchContext): Promise<PreparedCase>;
};

export type MeasureCase = CaseBase & {
  kind: "measure";
  measure(context: BenchContext): Promise<Measurement>;
};

export type BenchCase = TimedCase | MeasureCase;
