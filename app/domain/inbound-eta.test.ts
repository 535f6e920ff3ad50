import { describe, expect, it } from "vitest";
import { addBusinessDaysToDate, planInboundEtas, type InboundArrival, type OwedLine } from "./inbound-eta";

// Calendar (2026): Dec 7 Mon, Dec 11 Fri, Dec 12 Sat, Dec 14 Mon, Dec 15 Tue, Dec 16 Wed, Dec 21 Mon, Dec 25 Fri.
const TODAY = "2026-12-07";
const line = (id: string, day: number, owed: number): OwedLine => ({ id, orderedAt: new Date(Date.UTC(2026, 11, day, 10)), owed });
const ship = (shipmentId: string, units: number, arrivesOn: string | null): InboundArrival => ({ shipmentId, shipmentName: `#${shipmentId}`, units, arrivesOn });
const plan = (lines: OwedLine[], arrivals: InboundArrival[], available = -lines.reduce((s, l) => s + l.owed, 0), handlingDays = 2) =>
  planInboundEtas({ lines, available, arrivals, today: TODAY, handlingDays });

describe("addBusinessDaysToDate", () => {
  it.each([
    { date: "2026-12-11", days: 2, expected: "2026-12-15", why: "Friday + 2 skips the weekend" },
    { date: "2026-12-12", days: 2, expected: "2026-12-16", why: "Saturday rolls to Monday first" },
    { date: "2026-12-14", days: 0, expected: "2026-12-14", why: "0 days on a business day is that day" },
    { date: "2026-12-13", days: 0, expected: "2026-12-14", why: "0 days on a Sunday is Monday" },
  ])("$why", ({ date, days, expected }) => {
    expect(addBusinessDaysToDate(date, days)).toBe(expected);
  });

  it("skips the shop's holidays and its own weekend days", () => {
    expect(addBusinessDaysToDate("2026-12-24", 1, { holidays: ["2026-12-25"] })).toBe("2026-12-28");
    expect(addBusinessDaysToDate("2026-12-11", 1, { weekendDays: [5, 6] })).toBe("2026-12-14"); // Fri+Sat closed: Sunday, +1 Monday
  });
});

describe("planInboundEtas", () => {
  it("covers owed lines oldest order first: the older line gets the earlier shipment", () => {
    const result = plan([line("newer", 5, 2), line("older", 1, 3)], [ship("late", 5, "2026-12-21"), ship("early", 3, "2026-12-11")]);
    const byId = new Map(result.lines.map((l) => [l.lineId, l]));
    expect(byId.get("older")).toMatchObject({ coveredBy: "inbound", arrival: { shipmentId: "early" }, eta: "2026-12-15" });
    expect(byId.get("newer")).toMatchObject({ coveredBy: "inbound", arrival: { shipmentId: "late" }, eta: "2026-12-23" });
    expect(result).toMatchObject({ status: "inbound", eta: "2026-12-23", arrival: { shipmentId: "late" } });
  });

  it("a line split over two shipments waits for the one bringing its last unit", () => {
    const result = plan([line("a", 1, 4)], [ship("s1", 3, "2026-12-11"), ship("s2", 10, "2026-12-14")]);
    expect(result.lines[0]).toMatchObject({ coveredBy: "inbound", arrival: { shipmentId: "s2" }, eta: "2026-12-16" });
  });

  it("partial coverage: the lines the shipment cannot cover leave the variant without an inbound ETA", () => {
    const result = plan([line("a", 1, 2), line("b", 2, 2)], [ship("s1", 3, "2026-12-11")]);
    expect(result.lines.map((l) => l.coveredBy)).toEqual(["inbound", null]);
    expect(result).toMatchObject({ status: "uncovered", eta: null });
  });

  it("stock on hand covers the oldest lines first; shipments cover the rest", () => {
    // 5 owed, level -2: 3 units are there (the oldest line's), 2 still missing.
    const result = plan([line("a", 1, 3), line("b", 2, 2)], [ship("s1", 2, "2026-12-11")], -2);
    expect(result.lines.map((l) => [l.lineId, l.coveredBy, l.eta])).toEqual([
      ["a", "stock", null],
      ["b", "inbound", "2026-12-15"],
    ]);
    expect(result.eta).toBe("2026-12-15");
  });

  it("everything covered by stock needs no inbound date", () => {
    expect(plan([line("a", 1, 3)], [ship("s1", 5, "2026-12-11")], 0)).toMatchObject({ status: "stock", eta: null });
  });

  it("a shipment arriving later moves the ETA later", () => {
    const before = plan([line("a", 1, 2)], [ship("s1", 2, "2026-12-11")]);
    const after = plan([line("a", 1, 2)], [ship("s1", 2, "2026-12-18")]);
    expect(before.eta).toBe("2026-12-15");
    expect(after.eta).toBe("2026-12-22");
  });

  it("a cancelled shipment (no longer inbound) leaves the line uncovered, or covered by the next one", () => {
    expect(plan([line("a", 1, 2)], [])).toMatchObject({ status: "uncovered", eta: null });
    expect(plan([line("a", 1, 2)], [ship("next", 5, "2027-01-04")]).eta).toBe("2027-01-06");
  });

  it("a late shipment (arrival day passed, not received) counts as arriving today", () => {
    const result = plan([line("a", 1, 1)], [ship("s1", 1, "2026-12-01")]);
    expect(result).toMatchObject({ arrivesOn: TODAY, eta: "2026-12-09" });
  });

  it("a shipment without an arrival date gives no date, and later shipments don't jump the queue for older lines", () => {
    const result = plan([line("a", 1, 2), line("b", 2, 1)], [ship("undated", 2, null), ship("dated", 1, "2026-12-21")]);
    // The dated shipment sorts first, so it covers the oldest line's first unit; its second unit has no date.
    expect(result.lines.map((l) => l.coveredBy)).toEqual([null, null]);
    expect(result.status).toBe("uncovered");
  });

  it("ignores lines that owe nothing and uses the handling time given", () => {
    const result = plan([line("done", 1, 0), line("a", 2, 1)], [ship("s1", 1, "2026-12-14")], -1, 0);
    expect(result.lines.map((l) => l.lineId)).toEqual(["a"]);
    expect(result.eta).toBe("2026-12-14");
    expect(plan([], [ship("s1", 1, "2026-12-14")]).status).toBe("nothing_owed");
  });

  it("a variant selling on backorder that owes nothing yet gets the next order's ETA: the first shipment to arrive", () => {
    const arrivals = [ship("later", 5, "2026-12-21"), ship("first", 1, "2026-12-11")];
    expect(planInboundEtas({ lines: [], available: 0, arrivals, today: TODAY, handlingDays: 2, orderable: true })).toMatchObject({
      status: "inbound", eta: "2026-12-15", arrival: { shipmentId: "first" },
    });
    expect(planInboundEtas({ lines: [], available: 0, arrivals: [], today: TODAY, handlingDays: 2, orderable: true }).status).toBe("uncovered");
    expect(planInboundEtas({ lines: [], available: 3, arrivals, today: TODAY, handlingDays: 2, orderable: true }).status).toBe("stock");
  });

  it("refuses a handling time that is not a whole number of days", () => {
    expect(() => plan([line("a", 1, 1)], [], -1, -1)).toThrow(/Handling time/);
  });
});
