// Dashboard numbers on a seeded ledger of 10,000 orders: each figure is recomputed here from the seeded rows with
// plain array code (no shared helpers with the service), the filtered lists behind the numbers agree with them,
// and the heavy queries use indexes.
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { DASHBOARD_WEEKS, loadDashboard, type Dashboard } from "../../app/services/dashboard.server";
import { dashboardQueries } from "../../app/models/dashboard-metrics.server";
import { recentWeeks } from "../../app/domain/dashboard";
import { listBackorderLines, parseOrderListQuery } from "../../app/services/order-list.server";
import { loadHomeSummary } from "../../app/services/home-summary.server";
import { buildDashboardDataset, insertDashboardDataset, type DashboardDataset, type SeededLine } from "../../bench/fixtures/dashboard-dataset";

const shop = "dash.myshopify.com";
const otherShop = "other-dash.myshopify.com";
const now = new Date("2026-11-24T15:00:00.000Z"); // Tuesday; 10:00 in New York
const DAY = 86_400_000;

let dataset: DashboardDataset;
let dashboard: Dashboard;

beforeAll(async () => {
  dataset = buildDashboardDataset({ shop, now, orders: 10_000, seed: 7, otherShop });
  await insertDashboardDataset(prisma, dataset, [shop, otherShop]);
  dashboard = await loadDashboard(shop, now);
}, 120_000);

// ---- Independent reference computations (straightforward, row by row) ----
const mine = () => dataset.lines.filter((l) => l.shop === shop);
const openLines = () => mine().filter((l) => l.status === "open" && l.quantityBackordered - l.quantityResolved > 0);
const owed = (l: SeededLine) => l.quantityBackordered - l.quantityResolved;
const cents = (price: string | null) => (price === null ? 0 : Math.round(Number(price) * 100)); // seeded prices have ≤ 2 decimals
const distinct = (values: string[]) => new Set(values).size;
const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
const newYorkDate = new Intl.DateTimeFormat("en-CA", { timeZone: "America/New_York", dateStyle: "short" });
const localDate = (instant: Date) => newYorkDate.format(instant);
const mondayOf = (date: string) => {
  const utc = new Date(`${date}T00:00:00Z`);
  const back = (utc.getUTCDay() + 6) % 7;
  return new Date(utc.getTime() - back * DAY).toISOString().slice(0, 10);
};

describe("dashboard on 10,000 orders", () => {
  it("GIVEN the seed THEN it has the intended shape (10,000 orders, every status, another shop's rows)", () => {
    expect(distinct(mine().map((l) => l.orderId))).toBe(10_000);
    expect(new Set(mine().map((l) => l.status))).toEqual(new Set(["open", "fulfilled", "cancelled", "refunded", "removed"]));
    expect(dataset.lines.some((l) => l.shop === otherShop)).toBe(true);
    expect(mine().some((l) => l.status === "open" && owed(l) === 0)).toBe(true); // fully allocated yet still open: owes nothing
  });

  it("GIVEN open lines THEN open orders, lines, units and value owed (integer cents) match", () => {
    const open = openLines();
    expect(dashboard.open.orders).toBe(distinct(open.map((l) => l.orderId)));
    expect(dashboard.open.lines).toBe(open.length);
    expect(dashboard.open.units).toBe(sum(open.map(owed)));
    expect(dashboard.open.valueCents).toBe(sum(open.map((l) => cents(l.unitPrice) * owed(l))));
    expect(dashboard.open.unpricedUnits).toBe(sum(open.filter((l) => l.unitPrice === null).map(owed)));
    expect(dashboard.open.orders).toBeGreaterThan(1000);
  });

  it("GIVEN order ages THEN the aging buckets (0–7, 8–14, 15–30, 30+ days) match and cover every open order", () => {
    const age = (l: SeededLine) => Math.floor((now.getTime() - l.orderedAt.getTime()) / DAY);
    const ranges: Record<string, [number, number]> = { "0-7": [0, 7], "8-14": [8, 14], "15-30": [15, 30], "30+": [31, Infinity] };
    for (const bucket of dashboard.aging) {
      const [min, max] = ranges[bucket.key];
      const inBucket = openLines().filter((l) => age(l) >= min && age(l) <= max);
      expect(bucket, bucket.key).toMatchObject({ orders: distinct(inBucket.map((l) => l.orderId)), units: sum(inBucket.map(owed)) });
      expect(bucket.orders).toBeGreaterThan(0);
    }
    expect(sum(dashboard.aging.map((b) => b.orders))).toBe(dashboard.open.orders);
  });

  it("GIVEN current ETAs THEN overdue counts lines whose ETA is before today in the shop's time zone", () => {
    const today = localDate(now);
    expect(today).toBe("2026-11-24");
    const overdue = openLines().filter((l) => l.etaCurrent !== null && l.etaCurrent < today);
    expect(dashboard.overdue).toEqual({ orders: distinct(overdue.map((l) => l.orderId)), lines: overdue.length, units: sum(overdue.map(owed)) });
    expect(overdue.length).toBeGreaterThan(0);
  });

  it("GIVEN fulfilled lines THEN the weekly average days to fulfil matches, per Monday-to-Sunday week in New York", () => {
    const currentMonday = mondayOf(localDate(now));
    const labels = Array.from({ length: 12 }, (_, i) => new Date(Date.parse(`${currentMonday}T00:00:00Z`) - (11 - i) * 7 * DAY).toISOString().slice(0, 10));
    expect(dashboard.daysToFulfil.weeks.map((w) => w.week)).toEqual(labels);
    const fulfilled = mine().filter((l) => l.status === "fulfilled" && labels.includes(mondayOf(localDate(l.resolvedAt!))));
    for (const week of dashboard.daysToFulfil.weeks) {
      const inWeek = fulfilled.filter((l) => mondayOf(localDate(l.resolvedAt!)) === week.week);
      expect(week.lines, week.week).toBe(inWeek.length);
      if (inWeek.length === 0) {
        expect(week.averageDays).toBeNull();
        continue;
      }
      const average = sum(inWeek.map((l) => (l.resolvedAt!.getTime() - l.orderedAt.getTime()) / DAY)) / inWeek.length;
      expect(Math.abs(week.averageDays! - average), week.week).toBeLessThanOrEqual(0.05 + 1e-9); // shown to one decimal
    }
    expect(dashboard.daysToFulfil.lines).toBe(fulfilled.length);
  });

  it("GIVEN owed units per variant THEN the top variants match, titled from the mirror (or the ledger when deleted)", () => {
    const byVariant = new Map<string, { units: number; value: number; lines: number }>();
    for (const line of openLines()) {
      const row = byVariant.get(line.variantId) ?? { units: 0, value: 0, lines: 0 };
      row.units += owed(line);
      row.value += cents(line.unitPrice) * owed(line);
      row.lines += 1;
      byVariant.set(line.variantId, row);
    }
    const expected = [...byVariant.entries()]
      .sort(([aId, a], [bId, b]) => b.units - a.units || b.value - a.value || (aId < bId ? -1 : 1))
      .slice(0, 5);
    expect(dashboard.topVariants.map((v) => [v.variantId, v.owedUnits, v.valueCents, v.lines])).toEqual(expected.map(([id, r]) => [id, r.units, r.value, r.lines]));
    for (const top of dashboard.topVariants) {
      const variant = dataset.variants.find((v) => v.id === top.variantId)!;
      expect(top).toMatchObject({ productTitle: variant.productTitle, variantTitle: variant.title });
    }
  });

  it("GIVEN restock subscriptions THEN waitlist demand and 7-day alert conversion over 30 days match", () => {
    const subs = dataset.subscriptions.filter((s) => s.shop === shop);
    const active = subs.filter((s) => s.status === "active");
    expect(dashboard.waitlist.activeSubscribers).toBe(active.length);
    expect(dashboard.waitlist.variants).toBe(distinct(active.map((s) => s.variantId)));
    const counts = new Map<string, number>();
    for (const s of active) counts.set(s.variantId, (counts.get(s.variantId) ?? 0) + 1);
    const top = [...counts.entries()].sort(([aId, a], [bId, b]) => b - a || (aId < bId ? -1 : 1)).slice(0, 5);
    expect(dashboard.waitlist.topVariants.map((v) => [v.variantId, v.waiting])).toEqual(top);

    const notified = subs.filter((s) => s.notifiedAt && s.notifiedAt.getTime() > now.getTime() - 30 * DAY && s.notifiedAt.getTime() <= now.getTime());
    const converted = notified.filter((s) => {
      if (!s.convertedOrderId || !s.convertedAt) return false;
      const after = s.convertedAt.getTime() - s.notifiedAt!.getTime();
      return after >= 0 && after <= 7 * DAY;
    });
    expect(subs.some((s) => s.convertedAt && s.notifiedAt && s.convertedAt.getTime() - s.notifiedAt.getTime() === 7 * DAY + 1)).toBe(true);
    expect(dashboard.conversion).toMatchObject({ notified: notified.length, converted: converted.length });
    expect(dashboard.conversion.rate).toBeCloseTo((converted.length / notified.length) * 100, 1);
  });

  it("GIVEN the last 30 days THEN revenue captured counts backordered units sold (open or fulfilled) at their price", () => {
    const captured = mine().filter((l) => ["open", "fulfilled"].includes(l.status) && l.orderedAt.getTime() > now.getTime() - 30 * DAY);
    expect(dashboard.revenue).toEqual({
      windowDays: 30,
      orders: distinct(captured.map((l) => l.orderId)),
      units: sum(captured.map((l) => l.quantityBackordered)),
      valueCents: sum(captured.map((l) => cents(l.unitPrice) * l.quantityBackordered)),
    });
  });

  it("GIVEN a dashboard number THEN the orders list it links to shows the same orders and units", async () => {
    const list = (search: string) => listBackorderLines(shop, parseOrderListQuery(new URLSearchParams(search)), now);
    const all = await list("");
    expect([all.orders, all.total, all.units]).toEqual([dashboard.open.orders, dashboard.open.lines, dashboard.open.units]);
    for (const bucket of dashboard.aging) {
      const filtered = await list(`aging=${encodeURIComponent(bucket.key)}`);
      expect([filtered.orders, filtered.units], bucket.key).toEqual([bucket.orders, bucket.units]);
    }
    const overdue = await list("overdue=1");
    expect([overdue.orders, overdue.total, overdue.units]).toEqual([dashboard.overdue.orders, dashboard.overdue.lines, dashboard.overdue.units]);
    expect(overdue.rows.every((r) => r.overdue)).toBe(true);
    const top = dashboard.topVariants[0];
    const byVariant = await list(`variant=${top.variantId.split("/").pop()}`);
    expect([byVariant.units, byVariant.total]).toEqual([top.owedUnits, top.lines]);
    const captured = await list(`status=captured&days=${dashboard.revenue.windowDays}`);
    expect([captured.orders, captured.units]).toEqual([dashboard.revenue.orders, dashboard.revenue.units]);
    expect((await list("status=fulfilled")).rows[0].status).toBe("fulfilled");
    expect(all.rows.length).toBe(50);
    expect(all.rows.map((r) => r.orderedAt)).toEqual([...all.rows.map((r) => r.orderedAt)].sort()); // oldest first
  });

  it("GIVEN the dashboard's exact statements THEN SQLite answers each from an index, open lines by (shop, status)", async () => {
    const weeks = recentWeeks(now, "America/New_York", DASHBOARD_WEEKS);
    const queries = dashboardQueries({ shop, now, today: "2026-11-24", weeks });
    const plans: Record<string, string> = {};
    for (const [name, sql] of Object.entries(queries)) {
      const rows = (await prisma.$queryRawUnsafe(`EXPLAIN QUERY PLAN ${sql.sql}`, ...sql.values)) as { detail: string }[];
      plans[name] = rows.map((r) => r.detail).join("\n");
      expect(plans[name], name).toMatch(/SEARCH (BackorderLine|RestockSubscription) USING (COVERING )?INDEX/);
      expect(plans[name], name).not.toMatch(/^SCAN (BackorderLine|RestockSubscription)/m);
    }
    // The open-line passes must not read the shop's resolved history: the index narrows them to status = 'open'.
    for (const name of ["openGroups", "openOrders", "fulfilledWeeks", "revenueByPrice"]) {
      expect(plans[name], name).toMatch(/USING (COVERING )?INDEX BackorderLine_shop_status_orderedAt_idx \(shop=\? AND status=\?/);
    }
  });

  it("GIVEN another shop's rows THEN they never count", async () => {
    const other = await loadDashboard(otherShop, now);
    const otherOpen = dataset.lines.filter((l) => l.shop === otherShop && l.status === "open" && owed(l) > 0);
    expect(other.open.units).toBe(sum(otherOpen.map(owed)));
    expect(other.open.units + dashboard.open.units).toBe(sum(dataset.lines.filter((l) => l.status === "open" && owed(l) > 0).map(owed)));
  });

  it("GIVEN the home page THEN its single loader call carries the dashboard next to the catalog summary", async () => {
    const summary = await loadHomeSummary(shop, now);
    expect(summary.dashboard).toEqual(dashboard);
    expect(summary.variants).toBe(dataset.variants.filter((v) => v.inMirror).length);
  });
});

describe("dashboard for a new shop", () => {
  it("GIVEN no ledger rows THEN every number is zero, conversion is unknown and the first-steps state shows", async () => {
    await prisma.shop.create({ data: { shop: "empty.myshopify.com", name: "Empty" } });
    const empty = await loadDashboard("empty.myshopify.com", now);
    expect(empty).toMatchObject({
      ledgerEmpty: true,
      open: { orders: 0, lines: 0, units: 0, valueCents: 0 },
      overdue: { orders: 0, lines: 0, units: 0 },
      topVariants: [],
      waitlist: { activeSubscribers: 0, variants: 0, topVariants: [] },
      conversion: { notified: 0, converted: 0, rate: null },
      revenue: { orders: 0, units: 0, valueCents: 0 },
      daysToFulfil: { lines: 0, averageDays: null },
    });
    expect(empty.aging.map((b) => b.orders)).toEqual([0, 0, 0, 0]);
  });
});
