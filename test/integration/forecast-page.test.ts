// The Forecast page's routes called directly (loader, action, the PO-draft CSV route) with a fake authenticated
// admin on a throw-away database, over VariantForecast rows written through the forecast model's own write path:
// ranking by revenue at risk, the filters, keyset pagination walked to the end, the accuracy statement (measured,
// worse than naive, not measurable and why), the per-vendor CSV (content, exact line costs, escaping), shop
// scoping, and bad parameters answered 400 / 404 with a message.
import { beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "#app/db.server";
import { writeVariantForecasts, type VariantForecastWrite } from "#app/models/variant-forecast.server";
import { describeAccuracy } from "#app/services/forecast-page.server";
import { BACKTEST_REASON_MESSAGES } from "#app/domain/forecast-backtest";
import { addCalendarDays } from "#app/domain/eta";
import { recomputeForecasts } from "#app/services/forecast-recompute.server";
import { loadVariantForecastDetail } from "#app/services/forecast-chart.server";

const SHOP = "forecast-page.myshopify.com";
const OTHER_SHOP = "forecast-other.myshopify.com";

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({
    session: { shop: "forecast-page.myshopify.com", onlineAccessInfo: undefined },
    graphql: async (query: string) => {
      throw new Error(`The Forecast page must not call Shopify (got ${query.slice(0, 60)})`);
    },
  }),
);

const page = await import("../../app/routes/app.forecast._index");
const detail = await import("../../app/routes/app.forecast.$variantId");
const exportRoute = await import("../../app/routes/app.forecast.export");

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as any;
const get = (path: string) => new Request(`https://app.test${path}`);
function post(path: string, fields: Record<string, string>): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return new Request(`https://app.test${path}`, { method: "POST", body: form });
}
/** A thrown Response → its status and text. */
async function thrown(run: () => Promise<unknown>): Promise<{ status: number; text: string }> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return { status: error.status, text: await error.text() };
    throw error;
  }
  throw new Error("expected the loader to throw a Response");
}
function unwrap(result: unknown): { status: number; body: any } {
  if (result && typeof result === "object" && (result as any).type === "DataWithResponseInit") {
    return { status: (result as any).init?.status ?? 200, body: (result as any).data };
  }
  return { status: 200, body: result };
}
const load = async (search = "") => (await page.loader(args(get(`/app/forecast${search}`)))) as Awaited<ReturnType<typeof page.loader>>;

const variantGid = (n: number) => `gid://shopify/ProductVariant/${90_000 + n}`;
const productGid = (n: number) => `gid://shopify/Product/${80_000 + n}`;
const COMPUTED_AT = new Date("2026-12-01T03:00:00Z");

type Seeded = VariantForecastWrite & { n: number };
const VENDORS = ["Acme", 'Bolt, "Nuts" & Co', null] as const;

/** n → a forecast row with deterministic but varied figures (some at risk, some backordered, some without price). */
function forecastRow(n: number, shopVendorOffset = 0): Seeded {
  const vendor = VENDORS[(n + shopVendorOffset) % VENDORS.length];
  const atRisk = n % 3 !== 0;
  const priced = n % 7 !== 0;
  const unitsAtRisk = atRisk ? (n * 37) % 50 : 0;
  const price = priced ? `${10 + (n % 9)}.99` : null;
  const unitCost = n % 4 === 0 ? null : `${3 + (n % 5)}.35`;
  const priceCents = price ? Math.round(Number(price) * 100) : null;
  const costCents = unitCost ? Math.round(Number(unitCost) * 100) : null;
  const likely = `2026-12-${String(2 + (n % 27)).padStart(2, "0")}`;
  return {
    n,
    variantId: variantGid(n),
    productId: productGid(Math.floor(n / 2)),
    vendor,
    productType: "Shirts",
    method: n % 2 ? "croston_sba" : "ses",
    ratePerDay: 0.5 + (n % 5),
    available: n % 11,
    inbound: n % 4 === 1 ? 12 : 0,
    owed: n % 5 === 0 ? 3 + (n % 4) : 0,
    waitlist: n % 6,
    daysOfCover: n % 13 === 0 ? null : (n % 20) + 0.5,
    stockOutEarliest: atRisk ? `2026-12-${String(1 + (n % 27)).padStart(2, "0")}` : null,
    stockOutLikely: atRisk ? likely : null,
    stockOutLatest: atRisk ? `2026-12-${String(3 + (n % 27)).padStart(2, "0")}` : null,
    coverageDate: null,
    mase: n % 10 === 0 ? null : 0.6 + (n % 5) / 10,
    maseReason: n % 10 === 0 ? "not_enough_history" : null,
    scoredDays: n % 10 === 0 ? 0 : 28,
    leadTimeDays: 14,
    reviewPeriodDays: 7,
    suggestedQuantity: n % 8 === 0 ? 0 : 5 + (n % 17),
    atRisk,
    unitsAtRisk,
    price,
    unitCost,
    revenueAtRiskCents: priceCents === null ? null : unitsAtRisk * priceCents,
    marginAtRiskCents: priceCents === null || costCents === null ? null : unitsAtRisk * (priceCents - costCents),
  };
}

/** Product 2 has a title a spreadsheet would run as a formula. */
const productTitleOf = (row: Seeded) => (row.productId === productGid(2) ? '=HYPERLINK("http://evil")' : `Tee ${Math.floor(row.n / 2)}`);

const ROWS = 130;
const seeded: Seeded[] = [];

beforeAll(async () => {
  for (const shop of [SHOP, OTHER_SHOP]) {
    await prisma.shop.create({ data: { shop, currencyCode: "EUR", ianaTimezone: "Europe/Berlin" } });
  }
  for (let n = 0; n < ROWS; n++) seeded.push(forecastRow(n));
  const products = [...new Map(seeded.map((row) => [row.productId, row])).values()];
  await prisma.product.createMany({
    data: products.map((row) => ({
      shop: SHOP,
      id: row.productId,
      title: productTitleOf(row),
      handle: `tee-${row.n}`,
      vendor: row.vendor,
    })),
  });
  await prisma.variant.createMany({
    data: seeded.map((row) => ({ shop: SHOP, id: row.variantId, productId: row.productId, title: `Size ${row.n}`, sku: `SKU-${row.n}`, price: row.price })),
  });
  await writeVariantForecasts(SHOP, seeded.map(({ n: _n, ...row }) => row), COMPUTED_AT);
  // Another shop with the same vendor names and ids, and rows that would rank first everywhere.
  const other = Array.from({ length: 20 }, (_, n) => ({ ...forecastRow(n), revenueAtRiskCents: 99_999_999, suggestedQuantity: 999, atRisk: true, owed: 50 }));
  await writeVariantForecasts(OTHER_SHOP, other.map(({ n: _n, ...row }) => row), COMPUTED_AT);
  await prisma.forecastRun.create({
    data: { shop: SHOP, status: "done", startedAt: COMPUTED_AT, finishedAt: COMPUTED_AT, variantsForecast: ROWS, meanMase: 0.8, medianMase: 0.75, variantsMeasured: 117, scoredDays: 3276 },
  });
});

/** The page order the service promises: revenue at risk highest first (unknown last), then units at risk, then id. */
function byRevenueAtRisk(a: Seeded, b: Seeded): number {
  const ra = a.revenueAtRiskCents ?? -1;
  const rb = b.revenueAtRiskCents ?? -1;
  return rb - ra || b.unitsAtRisk - a.unitsAtRisk || (a.variantId < b.variantId ? -1 : a.variantId > b.variantId ? 1 : 0);
}

/** Every page of a listing, following `endCursor` (with the page history the page's Previous button keeps). */
async function walk(search: string): Promise<string[]> {
  const ids: string[] = [];
  const history: string[] = [];
  let data = await load(search);
  for (let pages = 0; pages < 20; pages++) {
    ids.push(...data.rows.map((row) => row.variantId));
    if (!data.pageInfo.hasNextPage) return ids;
    expect(data.rows).toHaveLength(50);
    history.push(data.query.cursor ?? "");
    const params = new URLSearchParams(search);
    params.set("cursor", data.pageInfo.endCursor!);
    params.set("back", history.join(","));
    data = await load(`?${params}`);
    expect(data.pageInfo.hasPreviousPage).toBe(true);
  }
  throw new Error("more pages than rows");
}

describe("Forecast page loader", () => {
  it("GIVEN stored forecasts THEN the at-risk list is ranked by revenue at risk, every page read by cursor, none repeated or missed", async () => {
    const expected = seeded.filter((row) => row.atRisk).sort(byRevenueAtRisk).map((row) => row.variantId);
    expect(expected.length).toBeGreaterThan(50);
    const ids = await walk("");
    expect(ids).toEqual(expected);

    const first = await load("");
    const top = seeded.find((row) => row.variantId === first.rows[0].variantId)!;
    expect(first.rows[0]).toMatchObject({
      productTitle: productTitleOf(top),
      variantTitle: `Size ${top.n}`,
      sku: `SKU-${top.n}`,
      stockOut: { earliest: top.stockOutEarliest, likely: top.stockOutLikely, latest: top.stockOutLatest },
      available: top.available,
      inbound: top.inbound,
      owed: top.owed,
      waitlist: top.waitlist,
      suggestedQuantity: top.suggestedQuantity,
      revenueAtRiskCents: top.revenueAtRiskCents,
      marginAtRiskCents: top.marginAtRiskCents,
      legacyId: String(90_000 + top.n),
    });
    expect(first.currencyCode).toBe("EUR");
    expect(first.atRiskVariants).toBe(expected.length);
    expect(first.hasForecasts).toBe(true);
  });

  it("GIVEN the filters THEN backordered, all, a vendor and the stock-out sort each list exactly their variants", async () => {
    const backordered = await walk("?filter=backordered");
    expect(backordered.sort()).toEqual(seeded.filter((r) => r.owed > 0).map((r) => r.variantId).sort());
    const all = await walk("?filter=all");
    expect(all).toHaveLength(ROWS);
    expect(new Set(all).size).toBe(ROWS);
    const vendor = 'Bolt, "Nuts" & Co';
    const vendorRows = await walk(`?${new URLSearchParams({ filter: "all", vendor })}`);
    expect(vendorRows.sort()).toEqual(seeded.filter((r) => r.vendor === vendor).map((r) => r.variantId).sort());

    const bySoonest = await walk("?sort=stock_out");
    const likelyOf = new Map(seeded.map((r) => [r.variantId, r.stockOutLikely!]));
    const dates = bySoonest.map((id) => likelyOf.get(id)!);
    expect(dates).toEqual([...dates].sort());
    expect(bySoonest).toHaveLength(seeded.filter((r) => r.atRisk).length);
  });

  it("GIVEN the vendor totals THEN units and costs add up per vendor, cost unknown is not counted as zero, and each has its CSV link", async () => {
    const data = await load("");
    for (const vendor of VENDORS) {
      const rows = seeded.filter((r) => r.vendor === vendor && r.suggestedQuantity > 0);
      const group = data.reorders.vendors.find((v) => v.vendor === vendor)!;
      expect(group.variants).toBe(rows.length);
      expect(group.units).toBe(rows.reduce((sum, r) => sum + r.suggestedQuantity, 0));
      const costed = rows.filter((r) => r.unitCost !== null);
      expect(group.costCents).toBe(costed.reduce((sum, r) => sum + Math.round(Number(r.unitCost) * 100) * r.suggestedQuantity, 0));
      expect(group.variantsWithoutCost).toBe(rows.length - costed.length);
      expect(group.exportHref).toBe(vendor === null ? "/app/forecast/export?novendor=1" : `/app/forecast/export?${new URLSearchParams({ vendor })}`);
    }
    expect(data.vendorOptions).toEqual(["Acme", 'Bolt, "Nuts" & Co']);
  });

  it("GIVEN another shop's rows THEN none of them reach this shop's list, counts, totals or CSV", async () => {
    const otherIds = new Set((await prisma.variantForecast.findMany({ where: { shop: OTHER_SHOP } })).map((r) => `${r.shop}|${r.variantId}`));
    expect(otherIds.size).toBe(20);
    const data = await load("?filter=all");
    expect(data.rows.every((row) => row.revenueAtRiskCents !== 99_999_999)).toBe(true);
    expect(data.reorders.totalUnits).toBe(seeded.reduce((sum, r) => sum + r.suggestedQuantity, 0));
    const csv = await (await exportRoute.loader(args(get(`/app/forecast/export?vendor=Acme`)))).text();
    expect(csv).not.toContain(",999,");
  });

  it("GIVEN bad parameters THEN 400 with a message naming what is allowed", async () => {
    expect(await thrown(() => load("?filter=bogus"))).toEqual({ status: 400, text: "filter must be one of at_risk, backordered, all." });
    expect(await thrown(() => load("?sort=price"))).toEqual({ status: 400, text: "sort must be one of revenue_at_risk, stock_out." });
    const badCursor = await thrown(() => load("?cursor=not-a-cursor"));
    expect(badCursor.status).toBe(400);
    expect(badCursor.text).toMatch(/cursor/i);
    // A revenue cursor reused for the stock-out sort is refused the same way, not misread.
    const first = await load("");
    expect((await thrown(() => load(`?sort=stock_out&cursor=${first.pageInfo.endCursor}`))).status).toBe(400);
    expect((await thrown(() => load(`?vendor=${"x".repeat(300)}`))).text).toMatch(/vendor is too long/);
  });
});

describe("accuracy statement", () => {
  const run = { status: "done" as const, variantsForecast: 130, meanMase: 0.8, medianMase: 0.75, variantsMeasured: 117, scoredDays: 3276 };

  it("GIVEN a measured MASE THEN it is stated with what it rests on and what below 1 means", async () => {
    const data = await load("");
    expect(data.accuracy.headline).toBe("Forecast error (MASE) 0.80 over 117 variants / 3,276 days (median 0.75)");
    expect(data.accuracy.explanation).toContain('Below 1 beats a naive "same as yesterday" forecast');
    expect(data.accuracy.explanation).toContain("20% smaller");
    // 13 seeded rows have no figure (every 10th): the statement says so.
    expect(data.accuracy.explanation).toContain("13 more variants have too little history to measure.");
  });

  it("GIVEN a MASE above 1 THEN the page says the forecast did no better than naive", () => {
    const view = describeAccuracy({ ...run, meanMase: 1.3, medianMase: 1.1 }, []);
    expect(view.headline).toBe("Forecast error (MASE) 1.30 over 117 variants / 3,276 days (median 1.10)");
    expect(view.explanation).toMatch(/did no better than that/);
    expect(view.tone).toBe("warning");
  });

  it("GIVEN no measurable variant THEN it says not measurable and the commonest reason, never a number", () => {
    const view = describeAccuracy({ ...run, meanMase: null, medianMase: null, variantsMeasured: 0, scoredDays: 0 }, [
      { reason: "no_observed_holdout_days", variants: 3 },
      { reason: "not_enough_history", variants: 40 },
    ].sort((a, b) => b.variants - a.variants));
    expect(view.headline).toBe("Forecast error (MASE): not measurable yet");
    expect(view.explanation).toContain(BACKTEST_REASON_MESSAGES.not_enough_history);
    expect(view.meanMase).toBeNull();
  });

  it("GIVEN no run yet THEN it says the forecast has not been computed", () => {
    expect(describeAccuracy(null, []).headline).toBe("Forecast error (MASE): not measured yet");
  });
});

describe("purchase-order draft CSV", () => {
  const parseCsv = (text: string) =>
    text
      .replace(/^\uFEFF/, "")
      .trimEnd()
      .split("\r\n");

  it("GIVEN a vendor THEN its lines to order stream as CSV with exact line costs, quoted and formula-safe cells", async () => {
    const vendor = 'Bolt, "Nuts" & Co';
    const response = await exportRoute.loader(args(get(`/app/forecast/export?${new URLSearchParams({ vendor })}`)));
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="purchase-order-draft-forecast-page-bolt-nuts-co-\d{4}-\d{2}-\d{2}\.csv"$/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: spreadsheets then read accents right
    const lines = parseCsv(new TextDecoder().decode(bytes));
    expect(lines[0]).toBe("Vendor,SKU,Product,Variant,Suggested quantity,Unit cost,Line cost,Inbound,Owed,Likely stock-out,Variant ID");
    const expected = seeded.filter((r) => r.vendor === vendor && r.suggestedQuantity > 0).sort((a, b) => (a.variantId < b.variantId ? -1 : 1));
    expect(lines).toHaveLength(expected.length + 1);
    const first = expected[0];
    const cost = first.unitCost === null ? "" : first.unitCost.replace(/^(\d+\.\d)$/, "$10");
    const lineCost = first.unitCost === null ? "" : ((Math.round(Number(first.unitCost) * 100) * first.suggestedQuantity) / 100).toFixed(2);
    expect(lines[1]).toBe(
      `"Bolt, ""Nuts"" & Co",SKU-${first.n},${productTitleOf(first)},Size ${first.n},${first.suggestedQuantity},${cost},${lineCost},${first.inbound},${first.owed},${first.stockOutLikely ?? ""},${90_000 + first.n}`,
    );
  });

  it("GIVEN a product title that is a spreadsheet formula THEN the cell is neutralised", async () => {
    const row = seeded.find((r) => r.n === 4)!;
    const response = await exportRoute.loader(args(get(row.vendor === null ? "/app/forecast/export?novendor=1" : `/app/forecast/export?${new URLSearchParams({ vendor: row.vendor })}`)));
    const text = await response.text();
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).not.toMatch(/,=HYPERLINK/);
  });

  it("GIVEN an unknown vendor, none named, or both THEN 404 / 400 with a message", async () => {
    const unknown = await thrown(() => exportRoute.loader(args(get("/app/forecast/export?vendor=Nobody"))));
    expect(unknown.status).toBe(404);
    expect(unknown.text).toBe('No forecast variants for vendor "Nobody". Check the vendor name as it is spelled in Shopify, or recompute the forecast.');
    const missing = await thrown(() => exportRoute.loader(args(get("/app/forecast/export"))));
    expect(missing.status).toBe(400);
    expect(missing.text).toMatch(/Name the vendor/);
    expect((await thrown(() => exportRoute.loader(args(get("/app/forecast/export?vendor=Acme&novendor=1"))))).status).toBe(400);
  });
});

describe("Forecast page action and detail", () => {
  it("GIVEN an unknown intent THEN 400 with a message; recompute THEN 202 and a banner text", async () => {
    const bad = unwrap(await page.action(args(post("/app/forecast", { intent: "explode" }))));
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe("Unknown action: use recompute or backfill.");
    const ok = unwrap(await page.action(args(post("/app/forecast", { intent: "recompute" }))));
    expect([200, 202]).toContain(ok.status);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.title).toMatch(/Recompute/);
  });

  it("GIVEN a variant without a forecast, another shop's or a malformed id THEN 404 / 400", async () => {
    expect((await thrown(() => detail.loader(args(get("/app/forecast/1"), { variantId: "1" })))).status).toBe(404);
    await prisma.variantForecast.deleteMany({ where: { shop: OTHER_SHOP, variantId: variantGid(500) } });
    await writeVariantForecasts(OTHER_SHOP, [forecastRow(500)], COMPUTED_AT);
    expect((await thrown(() => detail.loader(args(get("/app/forecast/90500"), { variantId: "90500" })))).status).toBe(404);
    expect((await thrown(() => detail.loader(args(get("/app/forecast/abc"), { variantId: "abc" })))).status).toBe(400);
  });
});

describe("variant forecast detail (chart and breakdown from the recompute's own inputs)", () => {
  const DETAIL_SHOP = "forecast-detail.myshopify.com";
  const VARIANT = "gid://shopify/ProductVariant/77001";
  const NOW = new Date();
  const today = NOW.toISOString().slice(0, 10); // the shop is on UTC
  const day = (offset: number) => addCalendarDays(today, offset);

  it("GIVEN 60 days of sales with a sold-out stretch and a shipment on its way THEN the chart, band, arrival and breakdown agree with the stored row", async () => {
    await prisma.shop.create({ data: { shop: DETAIL_SHOP, currencyCode: "USD", ianaTimezone: "UTC" } });
    await prisma.product.create({ data: { shop: DETAIL_SHOP, id: "gid://shopify/Product/77", title: "Rain jacket", handle: "rain-jacket", vendor: "Acme" } });
    await prisma.variant.create({
      data: { shop: DETAIL_SHOP, id: VARIANT, productId: "gid://shopify/Product/77", inventoryItemId: "gid://shopify/InventoryItem/77001", title: "M", sku: "RJ-M", price: "80.00", unitCost: "30.00", availableTotal: 12 },
    });
    // 60 days: 2–4 units a day, except days −25…−21 sold out (level 0, nothing sold), then restocked.
    const history: Array<{ day: string; unitsSold: number; endOfDayAvailable: number | null }> = [];
    for (let k = 60; k >= 1; k--) {
      const soldOut = k >= 21 && k <= 25;
      history.push({ day: day(-k), unitsSold: soldOut ? 0 : 2 + (k % 3), endOfDayAvailable: soldOut ? 0 : k === 20 ? 80 : null });
    }
    await prisma.variantSalesDay.createMany({ data: history.map((h) => ({ shop: DETAIL_SHOP, variantId: VARIANT, productId: "gid://shopify/Product/77", ...h })) });
    await prisma.inboundShipmentLine.create({
      data: {
        shop: DETAIL_SHOP, shipmentLineItemId: "gid://shopify/InventoryShipmentLineItem/1", transferId: "gid://shopify/InventoryTransfer/1", transferName: "#T1",
        shipmentId: "gid://shopify/InventoryShipment/1", shipmentName: "#S1", shipmentStatus: "IN_TRANSIT", inventoryItemId: "gid://shopify/InventoryItem/77001",
        variantId: VARIANT, unreceivedQuantity: 30, arrivesAt: new Date(`${day(10)}T12:00:00Z`), syncedAt: NOW,
      },
    });
    await recomputeForecasts(DETAIL_SHOP, NOW);
    const stored = (await prisma.variantForecast.findUnique({ where: { shop_variantId: { shop: DETAIL_SHOP, variantId: VARIANT } } }))!;
    expect(stored.atRisk).toBe(true);

    const detailData = (await loadVariantForecastDetail(DETAIL_SHOP, VARIANT, NOW))!;
    const chart = detailData.chart!;
    expect(chart.history).toHaveLength(60);
    expect(chart.history[59]).toEqual({ day: day(-1), units: history[59].unitsSold, stockedOut: false });
    expect(chart.history.filter((d) => d.stockedOut).map((d) => d.day)).toEqual([day(-25), day(-24), day(-23), day(-22), day(-21)]);
    expect(chart.forecast[0].day).toBe(today);
    expect(chart.forecast.length).toBeGreaterThanOrEqual(28);
    for (const point of chart.forecast) expect(point.lower <= point.mean && point.mean <= point.upper).toBe(true);
    // ~3 a day: the mean forecast is near it (the sold-out days did not drag it down).
    expect(chart.forecast[0].mean).toBeGreaterThan(2.5);
    expect(chart.forecast[0].mean).toBeLessThan(3.5);
    expect(chart.arrivals).toEqual([{ label: "Shipment #S1", day: day(10), units: 30 }]);
    expect(chart.stockOut).toEqual({ earliest: stored.stockOutEarliest, likely: stored.stockOutLikely, latest: stored.stockOutLatest });

    const b = detailData.breakdown!;
    expect(b.suggestedQuantity).toBe(stored.suggestedQuantity);
    expect(b.suggestedQuantity).toBe(Math.max(0, Math.ceil(b.demandOverCycle + b.safetyStock - b.available - b.inbound + b.owed + b.waitlistUnits - 1e-9)));
    expect(b).toMatchObject({ leadTimeDays: 14, reviewPeriodDays: 7, available: 12, inbound: 30, serviceLevel: 0.95 });
    expect(detailData.accuracyText).toMatch(/^Forecast error \(MASE\) \d\.\d\d: /);
    expect(detailData.variant).toMatchObject({ productTitle: "Rain jacket", variantTitle: "M", sku: "RJ-M", vendor: "Acme" });
  });
});
