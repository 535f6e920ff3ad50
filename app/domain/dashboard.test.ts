import { describe, expect, it } from "vitest";
import {
  AGING_BUCKETS,
  agingBucketOf,
  agingRange,
  centsToDecimal,
  DAY_MS,
  percentage,
  priceToCents,
  rankVariantsByOwed,
  recentWeeks,
  startOfLocalDay,
  sumValueCents,
  weekIndexOf,
  weeklyAverageDays,
} from "./dashboard";

const now = new Date("2026-11-24T12:00:00Z");
const daysAgo = (days: number, extraMs = 0) => new Date(now.getTime() - days * DAY_MS - extraMs);

describe("money in integer cents", () => {
  it("GIVEN decimal price strings THEN cents are exact, with digits past the cent rounded half up", () => {
    expect(priceToCents("19.99")).toBe(1999);
    expect(priceToCents("5")).toBe(500);
    expect(priceToCents("0.5")).toBe(50);
    expect(priceToCents(".25")).toBe(25);
    expect(priceToCents("0.125")).toBe(13);
    expect(priceToCents("0.124")).toBe(12);
    expect(priceToCents("-3.10")).toBe(-310);
    expect(priceToCents("abc")).toBeNull();
    expect(priceToCents("")).toBeNull();
    expect(priceToCents(null)).toBeNull();
  });

  it("GIVEN many small prices THEN the sum has no float drift", () => {
    const rows = Array.from({ length: 1000 }, () => ({ unitPrice: "0.10", units: 3 }));
    expect(sumValueCents(rows)).toEqual({ cents: 30_000, unpricedUnits: 0 });
    expect(centsToDecimal(30_000)).toBe("300.00");
    expect(centsToDecimal(1999)).toBe("19.99");
    expect(centsToDecimal(5)).toBe("0.05");
    expect(sumValueCents([{ unitPrice: null, units: 2 }, { unitPrice: "1.01", units: 2 }, { unitPrice: "9", units: 0 }])).toEqual({ cents: 202, unpricedUnits: 2 });
  });
});

describe("aging buckets", () => {
  it("GIVEN orders of different ages THEN each falls in its bucket at the boundaries", () => {
    expect(agingBucketOf(now, now)).toBe("0-7");
    expect(agingBucketOf(new Date(now.getTime() + DAY_MS), now)).toBe("0-7"); // clock skew: a future order is new
    expect(agingBucketOf(daysAgo(7, DAY_MS - 1), now)).toBe("0-7");
    expect(agingBucketOf(daysAgo(8), now)).toBe("8-14");
    expect(agingBucketOf(daysAgo(14, DAY_MS - 1), now)).toBe("8-14");
    expect(agingBucketOf(daysAgo(15), now)).toBe("15-30");
    expect(agingBucketOf(daysAgo(30, DAY_MS - 1), now)).toBe("15-30");
    expect(agingBucketOf(daysAgo(31), now)).toBe("30+");
    expect(agingBucketOf(daysAgo(400), now)).toBe("30+");
  });

  it("GIVEN a bucket's orderedAt range THEN it selects exactly the instants agingBucketOf puts in that bucket", () => {
    for (let hours = -30; hours < 24 * 40; hours += 7) {
      const orderedAt = new Date(now.getTime() - hours * 3_600_000);
      for (const bucket of AGING_BUCKETS) {
        const { after, notAfter } = agingRange(bucket.key, now);
        const inRange = (!after || orderedAt > after) && (!notAfter || orderedAt <= notAfter);
        expect(inRange, `${hours}h ago in ${bucket.key}`).toBe(agingBucketOf(orderedAt, now) === bucket.key);
      }
    }
  });
});

describe("weeks in the shop's time zone", () => {
  it("GIVEN New York THEN local midnight is 05:00 UTC in winter and 04:00 UTC in summer", () => {
    expect(startOfLocalDay("2026-11-23", "America/New_York").toISOString()).toBe("2026-11-23T05:00:00.000Z");
    expect(startOfLocalDay("2026-07-01", "America/New_York").toISOString()).toBe("2026-07-01T04:00:00.000Z");
    expect(startOfLocalDay("2026-03-08", "America/New_York").toISOString()).toBe("2026-03-08T05:00:00.000Z"); // DST starts at 2 am
    expect(startOfLocalDay("2026-11-24", "Asia/Tokyo").toISOString()).toBe("2026-11-23T15:00:00.000Z");
  });

  it("GIVEN now THEN the last N Monday-to-Sunday weeks end with the current week and tile without gaps", () => {
    const weeks = recentWeeks(now, "America/New_York", 4); // Tue Nov 24 2026
    expect(weeks.map((w) => w.label)).toEqual(["2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]);
    for (let i = 1; i < weeks.length; i++) expect(weeks[i].start.getTime()).toBe(weeks[i - 1].end.getTime());
    expect(weekIndexOf(now, weeks)).toBe(3);
    expect(weekIndexOf(new Date("2026-11-23T04:59:59Z"), weeks)).toBe(2); // Sunday night in New York
    expect(weekIndexOf(new Date("2026-10-01T00:00:00Z"), weeks)).toBe(-1);
  });

  it("GIVEN per-week totals THEN the series averages per line and leaves empty weeks null", () => {
    const weeks = recentWeeks(now, "UTC", 3);
    const series = weeklyAverageDays(
      [
        { weekIndex: 0, lines: 2, totalDays: 9 },
        { weekIndex: 2, lines: 3, totalDays: 10 },
      ],
      weeks,
    );
    expect(series).toEqual([
      { week: weeks[0].label, lines: 2, averageDays: 4.5 },
      { week: weeks[1].label, lines: 0, averageDays: null },
      { week: weeks[2].label, lines: 3, averageDays: 3.3 },
    ]);
  });
});

describe("rankings and ratios", () => {
  it("GIVEN (variant, price) groups THEN variants are ranked by owed units with their value in cents", () => {
    const ranked = rankVariantsByOwed(
      [
        { variantId: "a", unitPrice: "10.00", owedUnits: 3, lines: 2 },
        { variantId: "a", unitPrice: "12.50", owedUnits: 2, lines: 1 },
        { variantId: "b", unitPrice: "99.99", owedUnits: 5, lines: 5 },
        { variantId: "c", unitPrice: "1.00", owedUnits: 9, lines: 1 },
        { variantId: "d", unitPrice: "1.00", owedUnits: 0, lines: 1 },
      ],
      3,
    );
    expect(ranked).toEqual([
      { variantId: "c", owedUnits: 9, lines: 1, valueCents: 900 },
      { variantId: "b", owedUnits: 5, lines: 5, valueCents: 49_995 },
      { variantId: "a", owedUnits: 5, lines: 3, valueCents: 5_500 },
    ]);
  });

  it("GIVEN nothing notified THEN the conversion rate is null rather than 0%", () => {
    expect(percentage(0, 0)).toBeNull();
    expect(percentage(1, 3)).toBe(33.3);
  });
});
