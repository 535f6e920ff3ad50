// Every benchmark case, in the order they run. Add a case: write bench/cases/<name>.ts exporting a BenchCase and
// list it here (webhook ingest, restock fan-out, catalog sync… each its own module).
import type { BenchCase } from "../types";
import { dashboardLoader } from "./dashboard-loader";
import { ordersList } from "./orders-list";

export const BENCH_CASES: BenchCase[] = [dashboardLoader, ordersList];
