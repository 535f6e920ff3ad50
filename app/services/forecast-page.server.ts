// The Forecast page's data, read from the stored forecast only (the nightly/on-demand recompute writes it; page load
// never fits a model): one keyset page of variants for the filter and sort, the vendor totals, the shop's accuracy
// figure stated with what it rests on, and the state of the sales-history import. At 50,000 variants the page
// reads one page of rows (LIMIT n + 1 after the cursor) plus one grouped statement and a few single-row reads.
import { centsToDecimal, priceToCents } from "../domain/dashboard";
import { BACKTEST_REASON_MESSAGES, type BacktestUnavailableReason } from "../domain/forecast-backtest";
import { loadShopToday } from "../models/shop-time-zone.server";
import { getSalesHistoryBackfill } from "../models/sales-history.server";
import {
  InvalidForecastCursorError,
  getForecastRun,
  listVariantForecasts,
  suggestedReordersByVendor,
  streamVendorReorderLines,
  type ForecastRunRecord,
  type VariantForecastRecord,
} from "../models/variant-forecast.server";
import {
  countForecastOverview,
  countUnmeasuredByReason,
  countVendorForecasts,
  hasSalesHistory,
  listForecastVendors,
  loadShopCurrency,
} from "../models/forecast-page.server";
import { FORECAST_PAGE_SIZE, type ForecastPageQuery } from "../schemas/forecast-page";
import { requestSalesHistoryBackfill } from "./sales-history-backfill.server";
import { requestForecastRecompute } from "./forecast-recompute.server";
import { safeCsvCell } from "./waitlist.server";

export type ForecastRowView = {
  variantId: string;
  /** The numeric id, for /app/forecast/:id links. */
  legacyId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  vendor: string | null;
  stockOut: { earliest: string | null; likely: string | null; latest: string | null };
  daysOfCover: number | null;
  coverageDate: string | null;
  available: number;
  inbound: number;
  owed: number;
  waitlist: number;
  suggestedQuantity: number;
  leadTimeDays: number;
  reviewPeriodDays: number;
  atRisk: boolean;
  ratePerDay: number;
  mase: number | null;
  revenueAtRiskCents: number | null;
  marginAtRiskCents: number | null;
};

export type ForecastAccuracyView = {
  /** "Forecast error (MASE) 0.80 over 120 variants / 3,360 days" or why it is not measured. */
  headline: string;
  /** What the number means for this shop (below 1 / above 1), or what to wait for. */
  explanation: string;
  tone: "neutral" | "warning";
  meanMase: number | null;
  medianMase: number | null;
  variantsMeasured: number;
  scoredDays: number;
};

export type ForecastRunView = {
  status: "queued" | "running" | "done" | "failed";
  startedAt: string;
  finishedAt: string | null;
  variantsForecast: number;
  error: string | null;
};

export type VendorReorderView = {
  vendor: string | null;
  variants: number;
  units: number;
  atRiskVariants: number;
  revenueAtRiskCents: number;
  /** Null when no variant of the vendor has a unit cost. */
  costCents: number | null;
  variantsWithoutCost: number;
  /** The purchase-order draft (CSV) of this vendor. */
  exportHref: string;
};

export type ForecastPageData = {
  query: ForecastPageQuery;
  timeZone: string;
  today: string;
  currencyCode: string;
  accuracy: ForecastAccuracyView;
  run: ForecastRunView | null;
  history: { hasHistory: boolean; backfillStatus: string; backfillError: string | null };
  rows: ForecastRowView[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; endCursor: string | null };
  /** Variants predicted to stock out within their lead time. */
  atRiskVariants: number;
  /** Whether any variant has a stored forecast (to tell "nothing computed" from "nothing matches"). */
  hasForecasts: boolean;
  vendorOptions: string[];
  reorders: { vendors: VendorReorderView[]; totalVariants: number; totalUnits: number; totalCostCents: number | null };
};

/** A bad request the route answers with 400 and this message. */
export class ForecastQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ForecastQueryError";
  }
}

export const legacyIdOf = (gid: string) => gid.split("/").pop() ?? gid;

export function toRowView(record: VariantForecastRecord): ForecastRowView {
  return {
    variantId: record.variantId,
    legacyId: legacyIdOf(record.variantId),
    productTitle: record.productTitle ?? "Deleted product",
    variantTitle: record.variantTitle ?? "",
    sku: record.sku,
    vendor: record.vendor,
    stockOut: { earliest: record.stockOutEarliest, likely: record.stockOutLikely, latest: record.stockOutLatest },
    daysOfCover: record.daysOfCover,
    coverageDate: record.coverageDate,
    available: record.available,
    inbound: record.inbound,
    owed: record.owed,
    waitlist: record.waitlist,
    suggestedQuantity: record.suggestedQuantity,
    leadTimeDays: record.leadTimeDays,
    reviewPeriodDays: record.reviewPeriodDays,
    atRisk: record.atRisk,
    ratePerDay: record.ratePerDay,
    mase: record.mase,
    revenueAtRiskCents: record.revenueAtRiskCents,
    marginAtRiskCents: record.marginAtRiskCents,
  };
}

const count = (n: number) => n.toLocaleString("en-US");
const mase2 = (n: number) => n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/**
 * The accuracy statement. It names the figure (mean MASE over the variants that could be measured), what it rests
 * on (variants, holdout days), and what it means; when nothing could be measured, the commonest reason why.
 */
export function describeAccuracy(
  run: Pick<ForecastRunRecord, "status" | "meanMase" | "medianMase" | "variantsMeasured" | "scoredDays" | "variantsForecast"> | null,
  unmeasured: ReadonlyArray<{ reason: string | null; variants: number }>,
): ForecastAccuracyView {
  const base = { meanMase: run?.meanMase ?? null, medianMase: run?.medianMase ?? null, variantsMeasured: run?.variantsMeasured ?? 0, scoredDays: run?.scoredDays ?? 0 };
  if (!run || (run.status !== "done" && run.meanMase === null && run.variantsForecast === 0)) {
    return {
      ...base,
      headline: "Forecast error (MASE): not measured yet",
      explanation:
        "The forecast has not been computed for this shop yet. Once it is, its error is measured on your own sales: each variant's last 4 weeks are forecast one day ahead from the days before and compared with what sold.",
      tone: "neutral",
    };
  }
  if (run.meanMase === null || run.variantsMeasured === 0) {
    const top = unmeasured.find((u) => u.reason !== null)?.reason ?? null;
    const why = top !== null && top in BACKTEST_REASON_MESSAGES ? BACKTEST_REASON_MESSAGES[top as BacktestUnavailableReason] : null;
    return {
      ...base,
      headline: "Forecast error (MASE): not measurable yet",
      explanation: `${why ?? "No variant has enough sales history to test the forecast against."} Accuracy is measured per variant on its last 4 weeks, forecast one day ahead and compared with what sold; a variant needs at least 2 weeks of history before those 4 weeks, with sales that vary. Until then, treat the dates as rough.`,
      tone: "warning",
    };
  }
  const mean = run.meanMase;
  const over = `over ${count(run.variantsMeasured)} ${run.variantsMeasured === 1 ? "variant" : "variants"} / ${count(run.scoredDays)} days`;
  const median = run.medianMase !== null ? ` (median ${mase2(run.medianMase)})` : "";
  const headline = `Forecast error (MASE) ${mase2(mean)} ${over}${median}`;
  const meaning =
    mean < 1
      ? `Below 1 beats a naive "same as yesterday" forecast: on your last 4 weeks this forecast's daily error was ${Math.round((1 - mean) * 100)}% smaller than the naive one's.`
      : `Below 1 would beat a naive "same as yesterday" forecast; at ${mase2(mean)} this forecast did no better than that on your last 4 weeks, so treat the dates as rough and check the history on each variant's chart.`;
  const unmeasuredCount = unmeasured.reduce((sum, u) => sum + u.variants, 0);
  const rest = unmeasuredCount > 0 ? ` ${count(unmeasuredCount)} more ${unmeasuredCount === 1 ? "variant has" : "variants have"} too little history to measure.` : "";
  return { ...base, headline, explanation: meaning + rest, tone: mean < 1 ? "neutral" : "warning" };
}

function runView(run: ForecastRunRecord | null): ForecastRunView | null {
  if (!run) return null;
  return {
    status: run.status,
    startedAt: run.startedAt.toISOString(),
    finishedAt: run.finishedAt?.toISOString() ?? null,
    variantsForecast: run.variantsForecast,
    error: run.error,
  };
}

export function exportHrefFor(vendor: string | null): string {
  return vendor === null ? "/app/forecast/export?novendor=1" : `/app/forecast/export?${new URLSearchParams({ vendor }).toString()}`;
}

/** Everything the Forecast page shows (the route's single service call). Throws ForecastQueryError for a bad cursor. */
export async function loadForecastPage(shop: string, query: ForecastPageQuery, now: Date): Promise<ForecastPageData> {
  const listing = listVariantForecasts(shop, {
    filter: query.filter,
    sort: query.sort,
    vendor: query.vendor,
    cursor: query.cursor ?? null,
    limit: FORECAST_PAGE_SIZE,
  }).catch((error: unknown) => {
    if (error instanceof InvalidForecastCursorError) throw new ForecastQueryError(error.message);
    throw error;
  });
  const [{ timeZone, today }, page, run, overview, vendorTotals, vendorOptions, currencyCode, history, backfill] = await Promise.all([
    loadShopToday(shop, now),
    listing,
    getForecastRun(shop),
    countForecastOverview(shop),
    suggestedReordersByVendor(shop),
    listForecastVendors(shop),
    loadShopCurrency(shop),
    hasSalesHistory(shop),
    getSalesHistoryBackfill(shop),
  ]);
  // How many have no figure comes from the run; the reasons (a scan) are read only when they are the statement.
  const unmeasured =
    run && run.variantsMeasured === 0 && run.variantsForecast > 0
      ? await countUnmeasuredByReason(shop)
      : run && run.variantsForecast > run.variantsMeasured
        ? [{ reason: null, variants: run.variantsForecast - run.variantsMeasured }]
        : [];

  const vendors = vendorTotals.map((v) => ({
    vendor: v.vendor,
    variants: v.variants,
    units: v.units,
    atRiskVariants: v.atRiskVariants,
    revenueAtRiskCents: v.revenueAtRiskCents,
    costCents: v.variantsWithoutCost >= v.variants ? null : v.costCents,
    variantsWithoutCost: v.variantsWithoutCost,
    exportHref: exportHrefFor(v.vendor),
  }));
  const costed = vendors.filter((v) => v.costCents !== null);
  return {
    query,
    timeZone,
    today,
    currencyCode,
    accuracy: describeAccuracy(run, unmeasured),
    run: runView(run),
    history: { hasHistory: history, backfillStatus: backfill.status, backfillError: backfill.error },
    rows: page.items.map(toRowView),
    pageInfo: { hasNextPage: page.nextCursor !== null, hasPreviousPage: !!query.cursor, endCursor: page.nextCursor },
    atRiskVariants: overview.atRisk,
    hasForecasts: overview.any,
    vendorOptions,
    reorders: {
      vendors,
      totalVariants: vendors.reduce((sum, v) => sum + v.variants, 0),
      totalUnits: vendors.reduce((sum, v) => sum + v.units, 0),
      totalCostCents: costed.length ? costed.reduce((sum, v) => sum + (v.costCents ?? 0), 0) : null,
    },
  };
}

export type ForecastActionResult = { ok: true; title: string; message: string; queued: boolean };

/** "Recompute now" and "Import sales history": both queue background work; the page says what happens next. */
export async function runForecastPageAction(shop: string, intent: "recompute" | "backfill", now: Date): Promise<ForecastActionResult> {
  if (intent === "backfill") {
    const result = await requestSalesHistoryBackfill(shop, now);
    return result.queued
      ? { ok: true, queued: true, title: "Sales history import started", message: "The last 60 days of orders are being read from Shopify. This page updates when they are in; then recompute the forecast." }
      : { ok: true, queued: false, title: "Sales history import already running", message: "An import is already under way; this page updates when it is done." };
  }
  const result = await requestForecastRecompute(shop, now);
  return result.queued
    ? { ok: true, queued: true, title: "Recompute started", message: "The forecast is being recomputed in the background from the latest sales, stock and inbound shipments. This page refreshes when it is done." }
    : { ok: true, queued: false, title: "Recompute already queued", message: "A recompute is already waiting to run; this page refreshes when it is done." };
}

// ---------------------------------------------------------------------------------------------------------------
// Purchase-order draft (CSV)

export const PURCHASE_ORDER_CSV_HEADER = [
  "Vendor", "SKU", "Product", "Variant", "Suggested quantity", "Unit cost", "Line cost", "Inbound", "Owed", "Likely stock-out", "Variant ID",
] as const;

const csvLine = (cells: ReadonlyArray<string | number | null | undefined>) => `${cells.map(safeCsvCell).join(",")}\r\n`;

export function purchaseOrderFileName(shop: string, vendor: string | null, now: Date): string {
  const store = shop.replace(/\.myshopify\.com$/, "");
  const slug = (vendor ?? "no-vendor").normalize("NFKD").replace(/[^A-Za-z0-9]+/g, "-").replace(/^-+|-+$/g, "").toLowerCase().slice(0, 60) || "vendor";
  return `purchase-order-draft-${store}-${slug}-${now.toISOString().slice(0, 10)}.csv`;
}

/** Quantity × unit cost as a decimal string, exact in cents (null when the cost is unknown). */
function lineCost(quantity: number, unitCost: string | null): string | null {
  const cents = priceToCents(unitCost);
  return cents === null ? null : centsToDecimal(cents * quantity);
}

/** The vendor's lines as CSV text chunks (UTF-8 BOM and header first), a page of rows per chunk. */
export async function* streamPurchaseOrderCsv(shop: string, vendor: string | null, options: { pageSize?: number } = {}): AsyncGenerator<string> {
  yield `\uFEFF${csvLine(PURCHASE_ORDER_CSV_HEADER)}`;
  let chunk = "";
  let lines = 0;
  for await (const line of streamVendorReorderLines(shop, vendor, { pageSize: options.pageSize })) {
    chunk += csvLine([
      vendor ?? "",
      line.sku ?? "",
      line.productTitle ?? "",
      line.variantTitle ?? "",
      line.suggestedQuantity,
      priceToCents(line.unitCost) === null ? "" : centsToDecimal(priceToCents(line.unitCost)!),
      lineCost(line.suggestedQuantity, line.unitCost) ?? "",
      line.inbound,
      line.owed,
      line.stockOutLikely ?? "",
      legacyIdOf(line.variantId),
    ]);
    if (++lines % 500 === 0) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

export type PurchaseOrderFile = { ok: true; fileName: string; body: AsyncGenerator<string> } | { ok: false; message: string };

/** The vendor's PO draft, or why there is none (unknown vendor, or nothing to order from it): the route's 404. */
export async function openVendorPurchaseOrderCsv(shop: string, vendor: string | null, now: Date): Promise<PurchaseOrderFile> {
  const { variants, toOrder } = await countVendorForecasts(shop, vendor);
  const name = vendor === null ? "products without a vendor" : `vendor "${vendor}"`;
  if (variants === 0) {
    return { ok: false, message: `No forecast variants for ${name}. Check the vendor name as it is spelled in Shopify, or recompute the forecast.` };
  }
  if (toOrder === 0) return { ok: false, message: `Nothing to reorder for ${name}: every variant is covered over its lead time and review period.` };
  return { ok: true, fileName: purchaseOrderFileName(shop, vendor, now), body: streamPurchaseOrderCsv(shop, vendor) };
}
