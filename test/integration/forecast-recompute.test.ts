// The forecast recompute (app/services/forecast-recompute.server.ts) on a throw-away database: catalog, sales
// history, open backorder lines, waitlist, inbound shipments and reorder settings seeded directly; the stored rows
// compared with the domain functions run on the same history here; rows replaced on the next run; shop scoping;
// paging (each page reads only its own variants); settings precedence and validation; the job's scheduling.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "#app/db.server";
import { buildDemandSeries, predictStockOut, type SalesDayRow } from "#app/domain/demand-forecast";
import { addCalendarDays } from "#app/domain/eta";
import { forecastVariant } from "#app/domain/forecast-backtest";
import { suggestReorder } from "#app/domain/reorder-suggestion";
import { jobHandlers } from "#app/jobs/handlers.server";
import { FORECAST_RECOMPUTE_JOB } from "#app/jobs/job-types";
import type { ClaimedJob } from "#app/models/job.server";
import { getForecastRun, getVariantForecast, listVariantForecasts, suggestedReordersByVendor } from "#app/models/variant-forecast.server";
import {
  DEFAULT_ALERT_CONVERSION,
  loadForecastParameters,
  recomputeForecasts,
  requestForecastRecompute,
  scheduleNightlyForecast,
} from "#app/services/forecast-recompute.server";
import {
  exportReorderSettingsCsv,
  importReorderSettingsCsv,
  ReorderSettingValidationError,
  saveReorderSetting,
} from "#app/services/reorder-settings.server";

const SHOP = "forecast-recompute.myshopify.com";
const OTHER = "forecast-recompute-other.myshopify.com";
const ZONE = "America/New_York";
// 15:00 UTC = 10:00 in New York: today is 2026-12-01 there, history runs to 2026-11-30.
const NOW = new Date("2026-12-01T15:00:00Z");
const TODAY = "2026-12-01";
const YESTERDAY = "2026-11-30";
const HISTORY_DAYS = 120;
const FIRST_DAY = addCalendarDays(TODAY, -HISTORY_DAYS);

const vid = (n: number) => `gid://shopify/ProductVariant/${7000 + n}`;
const pid = (n: number) => `gid://shopify/Product/${6000 + n}`;

type SeedVariant = {
  n: number;
  product: number;
  available: number;
  price: string | null;
  unitCost?: string | null;
  tracked?: boolean;
  policy?: "DENY" | "CONTINUE";
  /** Units sold on day i (0 = FIRST_DAY). */
  sales: (i: number) => number;
};

const PRODUCTS = [
  { n: 1, vendor: "Acme", productType: "Shirts" },
  { n: 2, vendor: "Bolt", productType: "Mugs" },
  { n: 3, vendor: null, productType: null },
];

const VARIANTS: SeedVariant[] = [
  // Sells 5 a day, 20 left: out in 4 days, well inside any lead time.
  { n: 1, product: 1, available: 20, price: "10.00", unitCost: "4.00", sales: () => 5 },
  // One unit every tenth day, 100 on hand: not at risk.
  { n: 2, product: 1, available: 100, price: "25.00", sales: (i) => (i % 10 === 3 ? 1 : 0) },
  // Backordered: 2 a day, 3 owed, 30 inbound on 2026-12-10, 4 on the waitlist.
  { n: 3, product: 3, available: -3, price: "8.50", policy: "CONTINUE", sales: () => 2 },
  // Untracked: no stock-out, no suggestion.
  { n: 4, product: 1, available: 0, price: "5.00", tracked: false, sales: (i) => (i % 2) },
  { n: 5, product: 2, available: 5, price: null, sales: (i) => (i % 3 === 0 ? 2 : 1) },
];

function historyRows(v: SeedVariant): SalesDayRow[] {
  // Stock level recorded on the first day, then only sales (a sparse history, as the sales-history model keeps it).
  const rows: SalesDayRow[] = [];
  for (let i = 0; i < HISTORY_DAYS; i++) {
    const units = v.sales(i);
    const level = i === 0 ? 500 : null;
    if (units !== 0 || level !== null) rows.push({ day: addCalendarDays(FIRST_DAY, i), unitsSold: units, endOfDayAvailable: level });
  }
  return rows;
}

async function seedShop(shop: string): Promise<void> {
  await prisma.shop.create({ data: { shop, name: shop, ianaTimezone: ZONE, catalogSyncStatus: "completed" } });
  for (const p of PRODUCTS) {
    await prisma.product.create({ data: { shop, id: pid(p.n), title: `Product ${p.n}`, handle: `p-${p.n}`, vendor: p.vendor, productType: p.productType } });
  }
  for (const v of VARIANTS) {
    await prisma.variant.create({
      data: {
        shop, id: vid(v.n), productId: pid(v.product), inventoryItemId: `gid://shopify/InventoryItem/${v.n}`, title: `Variant ${v.n}`,
        sku: `SKU-${v.n}`, price: v.price, unitCost: v.unitCost ?? null, tracked: v.tracked ?? true, inventoryPolicy: v.policy ?? "DENY",
        availableTotal: v.available,
      },
    });
    await prisma.variantSalesDay.createMany({
      data: historyRows(v).map((r) => ({ shop, variantId: vid(v.n), productId: pid(v.product), ...r, updatedAt: NOW })),
    });
  }
  // v3: 5 backordered units on two open lines, 2 of them already allocated from arrived stock → 3 owed.
  await prisma.backorderLine.create({
    data: { shop, orderId: "gid://shopify/Order/1", lineItemId: `${shop}-li-1`, variantId: vid(3), quantityOrdered: 4, quantityBackordered: 4, quantityAllocated: 2, orderedAt: NOW },
  });
  await prisma.backorderLine.create({
    data: { shop, orderId: "gid://shopify/Order/2", lineItemId: `${shop}-li-2`, variantId: vid(3), quantityOrdered: 1, quantityBackordered: 1, orderedAt: NOW },
  });
  // A fulfilled line owes nothing.
  await prisma.backorderLine.create({
    data: { shop, orderId: "gid://shopify/Order/3", lineItemId: `${shop}-li-3`, variantId: vid(3), quantityOrdered: 9, quantityBackordered: 9, quantityResolved: 9, status: "fulfilled", orderedAt: NOW },
  });
  for (let i = 0; i < 5; i++) {
    await prisma.restockSubscription.create({
      data: {
        shop, variantId: vid(3), productId: pid(3), email: `w${i}@example.com`, emailNormalized: `w${i}@example.com`,
        unsubscribeToken: `${shop}-tok-${i}`, status: i < 4 ? "active" : "unsubscribed",
      },
    });
  }
  await prisma.inboundShipmentLine.create({
    data: {
      shop, shipmentLineItemId: `${shop}-sli-1`, transferId: "t1", transferName: "#T1", shipmentId: "s1", shipmentName: "#S1", shipmentStatus: "IN_TRANSIT",
      inventoryItemId: "gid://shopify/InventoryItem/3", variantId: vid(3), unreceivedQuantity: 30, arrivesAt: new Date("2026-12-10T17:00:00Z"), syncedAt: NOW,
    },
  });
}

type Expected = { leadTimeDays: number; reviewPeriodDays: number; owed: number; waitlist: number; inbound: { day: string; units: number }[] };

/** The stored row's figures straight from the domain functions on the seeded history. */
function expectedFor(v: SeedVariant, e: Expected, parameters: { serviceLevel: number; alertConversionRate: number }) {
  const series = buildDemandSeries(historyRows(v), FIRST_DAY, YESTERDAY, { sellsWhenOutOfStock: v.policy === "CONTINUE" });
  const { forecast, backtest } = forecastVariant(series);
  const suggestion = suggestReorder({
    forecast, leadTimeDays: e.leadTimeDays, reviewPeriodDays: e.reviewPeriodDays, serviceLevel: parameters.serviceLevel,
    available: v.available, inbound: e.inbound, owedUnits: e.owed, waitlistSubscribers: e.waitlist, alertConversionRate: parameters.alertConversionRate,
    price: v.price, unitCost: v.unitCost ?? null,
  });
  const stockOut = predictStockOut(forecast, { available: Math.max(0, v.available) - e.owed, inbound: e.inbound, horizonDays: 365 });
  return { forecast, backtest, suggestion, stockOut };
}

beforeAll(async () => {
  await seedShop(SHOP);
  await seedShop(OTHER);
  // Overrides: vendor Acme (matched ignoring case) 21 days; variant 2 review 30; type Mugs lead 5; shop service 0.9.
  await saveReorderSetting(SHOP, { scope: "vendor", key: "acme", leadTimeDays: 21, reviewPeriodDays: null });
  await saveReorderSetting(SHOP, { scope: "variant", key: vid(2), leadTimeDays: null, reviewPeriodDays: 30 });
  await saveReorderSetting(SHOP, { scope: "product_type", key: "Mugs", leadTimeDays: 5, reviewPeriodDays: 3 });
  await saveReorderSetting(SHOP, { scope: "vendor", key: "Bolt", leadTimeDays: 60, reviewPeriodDays: 60 });
  await saveReorderSetting(SHOP, { scope: "shop", key: "", leadTimeDays: null, reviewPeriodDays: null, serviceLevel: 0.9 });
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("recomputeForecasts", () => {
  it("GIVEN seeded history THEN each row matches the domain functions with the resolved settings, owed, waitlist and inbound", async () => {
    const result = await recomputeForecasts(SHOP, NOW);
    expect(result).toMatchObject({ variants: 5, pages: 1, skipped: 0, removed: 0 });
    const parameters = { serviceLevel: 0.9, alertConversionRate: DEFAULT_ALERT_CONVERSION };
    const cases: Array<[SeedVariant, Expected]> = [
      [VARIANTS[0], { leadTimeDays: 21, reviewPeriodDays: 7, owed: 0, waitlist: 0, inbound: [] }],
      [VARIANTS[1], { leadTimeDays: 21, reviewPeriodDays: 30, owed: 0, waitlist: 0, inbound: [] }],
      [VARIANTS[2], { leadTimeDays: 14, reviewPeriodDays: 7, owed: 3, waitlist: 4, inbound: [{ day: "2026-12-10", units: 30 }] }],
      // Product type beats vendor.
      [VARIANTS[4], { leadTimeDays: 5, reviewPeriodDays: 3, owed: 0, waitlist: 0, inbound: [] }],
    ];
    for (const [v, e] of cases) {
      const row = await getVariantForecast(SHOP, vid(v.n));
      const { forecast, backtest, suggestion, stockOut } = expectedFor(v, e, parameters);
      expect(row, `variant ${v.n}`).toMatchObject({
        productId: pid(v.product), leadTimeDays: e.leadTimeDays, reviewPeriodDays: e.reviewPeriodDays, owed: e.owed, waitlist: e.waitlist,
        inbound: e.inbound.reduce((s, a) => s + a.units, 0), available: v.available, method: forecast.method,
        suggestedQuantity: suggestion.suggestedQuantity, atRisk: suggestion.atRisk, unitsAtRisk: Math.round(suggestion.unitsAtRisk),
        revenueAtRiskCents: suggestion.revenueAtRiskCents, marginAtRiskCents: suggestion.marginAtRiskCents,
        stockOutLikely: stockOut?.likely ?? null, stockOutEarliest: stockOut?.earliest ?? null, scoredDays: backtest.scoredDays,
        maseReason: backtest.reason, computedAt: NOW,
      });
      expect(row!.ratePerDay).toBeCloseTo(forecast.rate, 9);
      if (backtest.mase === null) expect(row!.mase).toBeNull();
      else expect(row!.mase).toBeCloseTo(backtest.mase, 9);
    }
    // Plain facts the figures must show.
    const fast = (await getVariantForecast(SHOP, vid(1)))!;
    expect(fast.atRisk).toBe(true);
    expect(fast.ratePerDay).toBeCloseTo(5, 6);
    expect(fast.stockOutLikely).toBe("2026-12-05");
    expect(fast.suggestedQuantity).toBeGreaterThanOrEqual(5 * 28 - 20);
    expect(fast.revenueAtRiskCents).toBeGreaterThan(0);
    expect((await getVariantForecast(SHOP, vid(2)))!.atRisk).toBe(false);
    const backordered = (await getVariantForecast(SHOP, vid(3)))!;
    expect(backordered.coverageDate).toBe("2026-12-10"); // 3 owed + 0.4 waitlist + 9 days × 2 ≤ 30 arriving
    const untracked = (await getVariantForecast(SHOP, vid(4)))!;
    expect(untracked).toMatchObject({ suggestedQuantity: 0, atRisk: false, stockOutLikely: null, daysOfCover: null });

    const run = await getForecastRun(SHOP);
    expect(run).toMatchObject({ status: "done", variantsForecast: 5, startedAt: NOW, finishedAt: NOW, error: null });
    const measured = (await prisma.variantForecast.findMany({ where: { shop: SHOP, mase: { not: null } } })).map((r) => r.mase!);
    expect(run!.variantsMeasured).toBe(measured.length);
    expect(run!.meanMase).toBeCloseTo(measured.reduce((s, m) => s + m, 0) / measured.length, 9);

    const atRisk = await listVariantForecasts(SHOP, { filter: "at_risk", sort: "revenue_at_risk", limit: 50 });
    expect(atRisk.items.map((r) => r.variantId)).toContain(vid(1));
    expect(atRisk.items.every((r) => r.atRisk)).toBe(true);
    const byVendor = await suggestedReordersByVendor(SHOP);
    const acme = byVendor.find((g) => g.vendor === "Acme")!;
    const acmeRows = await prisma.variantForecast.findMany({ where: { shop: SHOP, vendor: "Acme", suggestedQuantity: { gt: 0 } } });
    expect(acme.units).toBe(acmeRows.reduce((s, r) => s + r.suggestedQuantity, 0));
    expect(acme.costCents).toBe(fast.suggestedQuantity * 400 + 0); // variant 2 has no cost
  });

  it("GIVEN a second run after a variant is deleted and sales changed THEN rows are replaced, not added, and the other shop is untouched", async () => {
    await recomputeForecasts(OTHER, NOW);
    const otherBefore = await prisma.variantForecast.findMany({ where: { shop: OTHER }, orderBy: { variantId: "asc" } });
    expect(otherBefore).toHaveLength(5);

    await prisma.variant.delete({ where: { shop_id: { shop: SHOP, id: vid(5) } } });
    await prisma.variantSalesDay.updateMany({ where: { shop: SHOP, variantId: vid(2) }, data: { unitsSold: 3 } });
    const later = new Date(NOW.getTime() + 3_600_000);
    const result = await recomputeForecasts(SHOP, later);
    expect(result).toMatchObject({ variants: 4, removed: 1 });
    const rows = await prisma.variantForecast.findMany({ where: { shop: SHOP } });
    expect(rows.map((r) => r.variantId).sort()).toEqual([vid(1), vid(2), vid(3), vid(4)]);
    expect(rows.every((r) => r.computedAt.getTime() === later.getTime())).toBe(true);
    expect(rows.find((r) => r.variantId === vid(2))!.ratePerDay).toBeGreaterThan(0.2);

    expect(await prisma.variantForecast.findMany({ where: { shop: OTHER }, orderBy: { variantId: "asc" } })).toEqual(otherBefore);
    // The other shop has no overrides: shop defaults 14 / 7.
    expect(otherBefore.every((r) => r.leadTimeDays === 14 && r.reviewPeriodDays === 7)).toBe(true);
  });

  it("GIVEN a page size of 2 THEN every read covers at most one page of variants and the result equals a single-page run", async () => {
    const single = await prisma.variantForecast.findMany({ where: { shop: OTHER }, orderBy: { variantId: "asc" } });
    const salesReads: number[] = [];
    const variantReads: number[] = [];
    const raw = prisma.$queryRaw.bind(prisma);
    const variants = prisma.variant.findMany.bind(prisma.variant);
    // The sales-history read: a tagged template over "VariantSalesDay" bound to shop, the page's ids and the window.
    vi.spyOn(prisma, "$queryRaw").mockImplementation(((strings: TemplateStringsArray, ...values: unknown[]) => {
      const sql = Array.isArray(strings) ? strings.join("?") : "";
      if (/FROM "VariantSalesDay"/.test(sql) && /GROUP BY "variantId"/.test(sql)) {
        const bound = values.flatMap((v: any) => (v && typeof v === "object" && Array.isArray(v.values) ? v.values : [v]));
        salesReads.push(bound.filter((v) => typeof v === "string" && v.startsWith("gid://shopify/ProductVariant/")).length);
      }
      return raw(strings, ...values);
    }) as any);
    vi.spyOn(prisma.variant, "findMany").mockImplementation(((args: any) => {
      variantReads.push(args.take);
      return variants(args);
    }) as any);
    const result = await recomputeForecasts(OTHER, NOW, { pageSize: 2 });
    expect(result).toMatchObject({ variants: 5, pages: 3 });
    expect(variantReads).toEqual([2, 2, 2]);
    expect(salesReads).toHaveLength(3);
    expect(salesReads).toEqual([2, 2, 1]); // 5 variants, 2 a page
    const paged = await prisma.variantForecast.findMany({ where: { shop: OTHER }, orderBy: { variantId: "asc" } });
    expect(paged).toEqual(single);
  });

  it("GIVEN enough alerts were sent THEN the measured conversion replaces the default and raises the backordered suggestion", async () => {
    const before = await loadForecastParameters(SHOP, NOW);
    expect(before).toMatchObject({ alertConversionRate: DEFAULT_ALERT_CONVERSION, alertConversionMeasured: false, serviceLevel: 0.9 });
    const notifiedAt = new Date(NOW.getTime() - 5 * 86_400_000);
    for (let i = 0; i < 20; i++) {
      await prisma.restockSubscription.create({
        data: {
          shop: SHOP, variantId: vid(1), productId: pid(1), email: `n${i}@example.com`, emailNormalized: `n${i}@example.com`, unsubscribeToken: `n-${i}`,
          status: "notified", notifiedAt, ...(i < 15 ? { convertedOrderId: `gid://shopify/Order/9${i}`, convertedAt: new Date(notifiedAt.getTime() + 3_600_000) } : {}),
        },
      });
    }
    const after = await loadForecastParameters(SHOP, NOW);
    expect(after).toMatchObject({ alertConversionMeasured: true, alertsSent: 20 });
    expect(after.alertConversionRate).toBeCloseTo(0.75, 9);
    const lower = (await getVariantForecast(SHOP, vid(3)))!.suggestedQuantity;
    await recomputeForecasts(SHOP, NOW);
    const v3 = VARIANTS[2];
    const { suggestion } = expectedFor(v3, { leadTimeDays: 14, reviewPeriodDays: 7, owed: 3, waitlist: 4, inbound: [{ day: "2026-12-10", units: 30 }] }, { serviceLevel: 0.9, alertConversionRate: 0.75 });
    expect((await getVariantForecast(SHOP, vid(3)))!.suggestedQuantity).toBe(suggestion.suggestedQuantity);
    expect(suggestion.suggestedQuantity).toBeGreaterThanOrEqual(lower + 2); // 4 × (0.75 − 0.1) = 2.6 more units
    // Without a date, the stored parameters are those of the last run.
    expect((await loadForecastParameters(SHOP)).alertConversionRate).toBeCloseTo(0.75, 9);
  });
});

describe("reorder settings", () => {
  it("GIVEN values out of range or in the wrong scope THEN the save is refused with messages a person can act on, nothing stored", async () => {
    const bad = async (input: Parameters<typeof saveReorderSetting>[1]) => {
      const error = await saveReorderSetting(SHOP, input).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(ReorderSettingValidationError);
      return (error as ReorderSettingValidationError).issues;
    };
    const count = await prisma.reorderSetting.count({ where: { shop: SHOP } });
    expect(await bad({ scope: "vendor", key: "Acme", leadTimeDays: 366, reviewPeriodDays: null })).toEqual([{ field: "leadTimeDays", message: "Lead time must be 0 to 365 days." }]);
    expect((await bad({ scope: "vendor", key: "Acme", leadTimeDays: 3, reviewPeriodDays: 91 }))[0].message).toBe("Review period must be 0 to 90 days.");
    expect((await bad({ scope: "vendor", key: "Acme", leadTimeDays: 2.5, reviewPeriodDays: null }))[0].message).toMatch(/whole number/);
    expect((await bad({ scope: "shop", key: "", leadTimeDays: 3, reviewPeriodDays: 3, serviceLevel: 0.4 }))[0].message).toMatch(/0\.5 to 0\.999/);
    expect((await bad({ scope: "shop", key: "", leadTimeDays: 3, reviewPeriodDays: 3, serviceLevel: 1 }))[0].field).toBe("serviceLevel");
    expect((await bad({ scope: "vendor", key: "Acme", leadTimeDays: 3, reviewPeriodDays: 3, serviceLevel: 0.9 }))[0].message).toMatch(/whole shop only/);
    expect((await bad({ scope: "variant", key: "123", leadTimeDays: 3, reviewPeriodDays: null }))[0].message).toMatch(/ProductVariant/);
    expect((await bad({ scope: "vendor", key: "  ", leadTimeDays: 3, reviewPeriodDays: null }))[0].message).toMatch(/Name the vendor/);
    expect(await prisma.reorderSetting.count({ where: { shop: SHOP } })).toBe(count);
  });

  it("GIVEN an override with both values cleared THEN it is removed and the vendor's value applies again", async () => {
    expect(await saveReorderSetting(SHOP, { scope: "product_type", key: "Mugs", leadTimeDays: null, reviewPeriodDays: null })).toEqual({ removed: true });
    const params = await loadForecastParameters(SHOP, NOW);
    expect(params.leadTimes.byProductType).toEqual({});
    expect(params.leadTimes.byVendor).toMatchObject({ acme: { leadTimeDays: 21 }, Bolt: { leadTimeDays: 60, reviewPeriodDays: 60 } });
  });
});

describe("reorder settings CSV", () => {
  const CSV_SHOP = "forecast-reorder-csv.myshopify.com";

  it("GIVEN a file with bad rows THEN nothing is written and every problem comes back with its line", async () => {
    const text = [
      "scope,name,lead_time_days,review_period_days,service_level",
      "vendor,Acme,21,,",
      "vendor,ACME,7,,", // the same vendor again
      "planet,Mars,3,,",
      "product_type,Mugs,x,,",
      "variant,123,400,,",
      "vendor,Acme Two,5,5,0.9",
    ].join("\n");
    const result = await importReorderSettingsCsv(CSV_SHOP, text, NOW);
    expect(result).toEqual({
      ok: false,
      errors: [
        { line: 3, message: "The same vendor is also on line 2: keep one row." },
        { line: 4, message: 'Scope "planet" is not one of shop, vendor, product_type, variant.' },
        { line: 5, message: "lead_time_days must be a whole number of days (or empty)." },
        { line: 6, message: "Lead time must be 0 to 365 days." },
        { line: 7, message: "The service level is set for the whole shop only." },
      ],
    });
    expect(await prisma.reorderSetting.count({ where: { shop: CSV_SHOP } })).toBe(0);
    expect(await importReorderSettingsCsv(CSV_SHOP, "vendor,lead\nAcme,3", NOW)).toMatchObject({ ok: false, errors: [{ line: 1, message: expect.stringMatching(/missing scope, name; unknown vendor, lead/) }] });
  });

  it("GIVEN a valid file THEN overrides are stored (numeric variant ids as GIDs), emptied ones removed, a recompute queued, and the export reads back the same", async () => {
    await saveReorderSetting(CSV_SHOP, { scope: "product_type", key: "Mugs", leadTimeDays: 9, reviewPeriodDays: null });
    const text = [
      "\uFEFFscope,name,lead_time_days,review_period_days,service_level",
      "shop,,10,5,0.97",
      'vendor,"Bolt, Nuts & Co",21,,',
      "variant,123,,30,",
      "product_type,Mugs,,,",
      "",
    ].join("\r\n");
    expect(await importReorderSettingsCsv(CSV_SHOP, text, NOW)).toEqual({ ok: true, saved: 3, removed: 1 });
    const params = await loadForecastParameters(CSV_SHOP, NOW);
    expect(params).toMatchObject({ serviceLevel: 0.97, leadTimes: { leadTimeDays: 10, reviewPeriodDays: 5, byProductType: {} } });
    expect(params.leadTimes.byVendor).toEqual({ "Bolt, Nuts & Co": { leadTimeDays: 21, reviewPeriodDays: null } });
    expect(params.leadTimes.byVariant).toEqual({ "gid://shopify/ProductVariant/123": { leadTimeDays: null, reviewPeriodDays: 30 } });
    expect(await prisma.job.count({ where: { shop: CSV_SHOP, type: FORECAST_RECOMPUTE_JOB, status: "queued" } })).toBe(1);

    const exported = await exportReorderSettingsCsv(CSV_SHOP);
    expect(exported).toBe(
      "scope,name,lead_time_days,review_period_days,service_level\r\nshop,,10,5,0.97\r\nvendor,\"Bolt, Nuts & Co\",21,,\r\nvariant,gid://shopify/ProductVariant/123,,30,\r\n",
    );
    const before = await prisma.reorderSetting.findMany({ where: { shop: CSV_SHOP }, orderBy: [{ scope: "asc" }, { key: "asc" }], select: { scope: true, key: true, leadTimeDays: true, reviewPeriodDays: true, serviceLevel: true } });
    expect(await importReorderSettingsCsv(CSV_SHOP, exported, NOW)).toEqual({ ok: true, saved: 3, removed: 0 });
    expect(await prisma.reorderSetting.findMany({ where: { shop: CSV_SHOP }, orderBy: [{ scope: "asc" }, { key: "asc" }], select: { scope: true, key: true, leadTimeDays: true, reviewPeriodDays: true, serviceLevel: true } })).toEqual(before);
  });
});

describe("forecast.recompute job", () => {
  const claimed = (payload: Record<string, unknown>): ClaimedJob =>
    ({ id: `job-${Math.random()}`, shop: SHOP, type: FORECAST_RECOMPUTE_JOB, payload, attempts: 1, maxAttempts: 8 }) as ClaimedJob;

  it("GIVEN two on-demand requests THEN one job is queued, due at the earlier time", async () => {
    await prisma.job.deleteMany({ where: { shop: SHOP } });
    expect(await requestForecastRecompute(SHOP, new Date(NOW.getTime() + 60_000))).toEqual({ queued: true });
    expect(await requestForecastRecompute(SHOP, NOW)).toEqual({ queued: false });
    const jobs = await prisma.job.findMany({ where: { shop: SHOP, type: FORECAST_RECOMPUTE_JOB } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].runAt).toEqual(NOW);
  });

  it("GIVEN the nightly schedule THEN one job per night just after 01:00 shop time, and running it queues the next night and recomputes", async () => {
    await prisma.job.deleteMany({ where: { shop: SHOP } });
    await scheduleNightlyForecast(SHOP, NOW);
    await scheduleNightlyForecast(SHOP, new Date(NOW.getTime() + 3_600_000)); // the hourly reconciliation: same night
    const nightly = await prisma.job.findMany({ where: { shop: SHOP, type: FORECAST_RECOMPUTE_JOB } });
    // 01:00 on 2026-12-02 in New York (EST, UTC−5) = 06:00 UTC.
    expect(nightly.map((j) => [j.runAt.toISOString(), JSON.parse(j.payload)])).toEqual([["2026-12-02T06:00:00.000Z", { nightly: true }]]);

    const runAt = nightly[0].runAt;
    await jobHandlers[FORECAST_RECOMPUTE_JOB](claimed({ nightly: true }) as any, runAt);
    const next = await prisma.job.findMany({ where: { shop: SHOP, type: FORECAST_RECOMPUTE_JOB, runAt: { gt: runAt } } });
    expect(next.map((j) => j.runAt.toISOString())).toEqual(["2026-12-03T06:00:00.000Z"]);
    expect(await getForecastRun(SHOP)).toMatchObject({ status: "done", startedAt: runAt });
  });

  it("GIVEN an uninstalled shop THEN the job does nothing and the nightly chain ends", async () => {
    await prisma.shop.update({ where: { shop: OTHER }, data: { uninstalledAt: NOW } });
    const before = await getForecastRun(OTHER);
    await jobHandlers[FORECAST_RECOMPUTE_JOB]({ ...claimed({ nightly: true }), shop: OTHER } as any, new Date(NOW.getTime() + 86_400_000));
    expect(await getForecastRun(OTHER)).toEqual(before);
    expect(await prisma.job.count({ where: { shop: OTHER, type: FORECAST_RECOMPUTE_JOB } })).toBe(0);
  });
});
