// Every benchmark case, in the order they run (quick ones first, the long end-to-end fan-out last). Add a case:
// write bench/cases/<name>.ts exporting a BenchCase and list it here.
import type { BenchCase } from "../types";
import { adminVitals } from "./admin-vitals";
import { catalogSync } from "./catalog-sync";
import { checkoutCapRefresh } from "./checkout-cap-refresh";
import { checkoutValidationFunction } from "./checkout-validation-function";
import { dashboardLoader } from "./dashboard-loader";
import { forecastRecompute } from "./forecast-recompute";
import { forecastPageAllByStockOut, forecastPageDeep, forecastPageDefault, forecastPageVendor } from "./forecast-page";
import { ordersList } from "./orders-list";
import { restockFanout } from "./restock-fanout";
import { salesHistoryBackfill } from "./sales-history-backfill";
import { storefrontAssets, storefrontLighthouse } from "./storefront";
import { variantsPageFiltered, variantsPageSearch, variantsPageUnfiltered } from "./variants-page";
import { webhookIngest } from "./webhook-ingest";
import { webhookOpenLoop } from "./webhook-open-loop";

export const BENCH_CASES: BenchCase[] = [
  storefrontAssets,
  checkoutValidationFunction,
  webhookIngest,
  webhookOpenLoop,
  catalogSync,
  salesHistoryBackfill,
  forecastRecompute,
  variantsPageUnfiltered,
  variantsPageFiltered,
  variantsPageSearch,
  forecastPageDefault,
  forecastPageAllByStockOut,
  forecastPageVendor,
  forecastPageDeep,
  dashboardLoader,
  ordersList,
  checkoutCapRefresh,
  adminVitals,
  storefrontLighthouse,
  restockFanout,
];
