// The demo shop's past (simulator/demo-history.ts): 60 days of orders with varied demand and a few inbound shipments,
// deterministic, written without webhooks, leaving today's catalog stock as the demo catalog defines it.
import { describe, expect, it } from "vitest";
import { DEMO_HISTORY_DAYS } from "./demo-history";
import { SimulatorStore, type SimEvent } from "./store";

const SHOP = "history-sim.myshopify.com";
const NOW = new Date("2026-11-02T15:00:00Z");
const DAY_MS = 86_400_000;

function shop(demoHistory: boolean) {
  const store = new SimulatorStore({ now: () => NOW, appConfigPath: null });
  const events: SimEvent[] = [];
  store.onEvent((event) => events.push(event));
  const started = performance.now();
  store.createShop(SHOP, { demoHistory });
  return { store, data: store.getShopData(SHOP), events, ms: performance.now() - started };
}

/** Units sold per variant per day-ago (net of cancellations and refunds). */
function unitsByDay(data: ReturnType<typeof shop>["data"]) {
  const result = new Map<number, number[]>();
  for (const order of data.orders.values()) {
    const daysAgo = Math.ceil((NOW.getTime() - order.createdAt) / DAY_MS);
    for (const id of order.lineItemIds) {
      const line = data.lineItems.get(id)!;
      const series = result.get(line.variantId!) ?? Array.from({ length: DEMO_HISTORY_DAYS + 1 }, () => 0);
      series[daysAgo] += line.quantity;
      result.set(line.variantId!, series);
    }
  }
  return result;
}

describe("demo history seed", () => {
  it("GIVEN the same clock THEN two shops get the same orders and shipments, written without a single webhook, in well under a couple of seconds", () => {
    const a = shop(true);
    const b = shop(true);
    const plain = shop(false);
    const digest = (data: typeof a.data) => JSON.stringify([...data.orders.values()].map((o) => [o.name, o.createdAt, o.cancelledAt, o.lineItemIds.map((id) => [data.lineItems.get(id)!.sku, data.lineItems.get(id)!.quantity])]));
    expect(digest(a.data)).toBe(digest(b.data));
    expect(a.store.listInbound(SHOP)).toEqual(b.store.listInbound(SHOP));
    expect(a.events).toEqual([]);
    expect(a.data.orders.size).toBeGreaterThan(500);
    expect(plain.data.orders.size).toBe(0);
    expect(plain.data.inventoryTransfers.size).toBe(0);
    // The seed's own cost on top of the catalog (generous bound: shared CI machines).
    expect(a.ms - plain.ms).toBeLessThan(2000);
  });

  it("spreads the orders over the last 60 days, all fulfilled and archived or cancelled, a few with a returned unit", () => {
    const { data } = shop(true);
    const orders = [...data.orders.values()];
    const oldest = Math.min(...orders.map((o) => o.createdAt));
    const newest = Math.max(...orders.map((o) => o.createdAt));
    expect(NOW.getTime() - oldest).toBeLessThanOrEqual(DEMO_HISTORY_DAYS * DAY_MS);
    expect(NOW.getTime() - oldest).toBeGreaterThan((DEMO_HISTORY_DAYS - 1) * DAY_MS);
    expect(newest).toBeLessThan(NOW.getTime());
    // Numbered in the order they were placed, before any order the demo places today.
    expect(orders.map((o) => o.createdAt)).toEqual([...orders.map((o) => o.createdAt)].sort((x, y) => x - y));
    expect(data.nextOrderNumber).toBe(1001 + orders.length);
    for (const order of orders) {
      expect(order.closedAt, order.name).not.toBeNull();
      for (const id of order.fulfillmentOrderIds) expect(["CLOSED", "CANCELLED"]).toContain(data.fulfillmentOrders.get(id)!.status);
    }
    const cancelled = orders.filter((o) => o.cancelledAt !== null);
    const refunded = orders.filter((o) => o.refundLog?.length);
    expect(cancelled.length / orders.length).toBeGreaterThan(0.01);
    expect(cancelled.length / orders.length).toBeLessThan(0.06);
    expect(refunded.length).toBeGreaterThan(0);
    for (const order of cancelled) for (const id of order.lineItemIds) expect(data.lineItems.get(id)!.quantity).toBe(0);
  });

  it("gives the catalog varied demand: steady and bestselling sellers, intermittent ones, silent ones, one sold out lately and one with a sold-out gap", () => {
    const { data } = shop(true);
    const series = unitsByDay(data);
    const tracked = [...data.variants.values()].filter((v) => data.itemOf(v).tracked && data.productOf(v).status === "ACTIVE");
    const sold = tracked.map((v) => series.get(v.id) ?? []);
    const zeroDays = (s: number[]) => s.slice(1).filter((units) => units === 0).length;
    // Intermittent: some variants sell on fewer than a quarter of the days, others on most days.
    expect(sold.filter((s) => s.length && zeroDays(s) > 45).length).toBeGreaterThan(10);
    expect(sold.filter((s) => s.length && zeroDays(s) < 20).length).toBeGreaterThan(10);
    expect(sold.filter((s) => s.length === 0).length).toBeGreaterThan(5);
    // The sold-out variant (DENY, no stock today) sold until 24 days ago and nothing since.
    const soldOut = tracked.find((v) => v.inventoryPolicy === "DENY" && data.availableTotal(data.itemOf(v)) <= 0 && (series.get(v.id) ?? []).some((u) => u > 0))!;
    const soldOutSeries = series.get(soldOut.id)!;
    expect(soldOutSeries.slice(0, 24).every((u) => u === 0)).toBe(true);
    expect(soldOutSeries.slice(24).reduce((x, y) => x + y, 0)).toBeGreaterThan(10);
    // One in-stock variant has a two-week gap (days 22–35 ago) with sales on both sides of it.
    const gap = tracked
      .map((v) => series.get(v.id) ?? [])
      .find((s) => s.length && s.slice(22, 36).every((u) => u === 0) && s.slice(1, 22).some((u) => u > 0) && s.slice(36).some((u) => u > 0) && s.reduce((x, y) => x + y, 0) > 30);
    expect(gap).toBeDefined();
  });

  it("adds inbound shipments for backordered and low-stock variants, some late, raising incoming without changing today's stock", () => {
    const { store, data } = shop(true);
    const plain = shop(false);
    const rows = store.listInbound(SHOP);
    expect(rows.map((r) => r.shipmentStatus)).toEqual(["IN_TRANSIT", "IN_TRANSIT", "IN_TRANSIT", "PARTIALLY_RECEIVED", "DRAFT"]);
    const arrivals = rows.map((r) => Date.parse(r.arrivesAt!));
    expect(arrivals[0]).toBeGreaterThan(NOW.getTime());
    expect(arrivals[2]).toBeLessThan(NOW.getTime());
    // The late one: its arrival moved past the supplier's first date, as the transfer's note says.
    const late = data.inventoryTransfers.get(Number(rows[1].transferId.split("/").pop()))!;
    expect(late.note).toMatch(/pushed the arrival back 11 days/);
    expect(arrivals[1] - NOW.getTime()).toBeGreaterThan(16 * DAY_MS);
    for (const row of rows.slice(0, 3)) {
      const variant = store.requireVariant(data, row.lines[0].variantId);
      expect(variant.inventoryPolicy).toBe("CONTINUE");
      expect(data.availableTotal(data.itemOf(variant))).toBeLessThan(0);
    }
    expect(rows[3].lines[0]).toMatchObject({ quantity: 20, accepted: 8, unreceived: 12 });
    // Incoming at the primary location is what is still on its way; available is the catalog's.
    for (const variant of data.variants.values()) {
      const item = data.itemOf(variant);
      const onTheWay = rows
        .filter((r) => r.shipmentStatus === "IN_TRANSIT" || r.shipmentStatus === "PARTIALLY_RECEIVED")
        .flatMap((r) => r.lines)
        .filter((l) => l.variantId === `gid://shopify/ProductVariant/${variant.id}`)
        .reduce((sum, l) => sum + l.unreceived, 0);
      expect(item.levels.reduce((sum, l) => sum + l.incoming, 0), variant.sku ?? "").toBe(onTheWay);
      const twin = [...plain.data.variants.values()].find((v) => v.sku === variant.sku)!;
      expect(data.availableTotal(item), variant.sku ?? "").toBe(plain.data.availableTotal(plain.data.itemOf(twin)));
    }
  });
});
