// Pure rules behind the dashboard's numbers: money as integer cents, aging buckets, week windows in the shop's
// time zone, and the aggregations the service applies to grouped query rows. Time is always passed in.
import type { LocalDate } from "./types";
import { addCalendarDays, localWeekday, todayIn } from "./eta";

export const DAY_MS = 86_400_000;

// ---------- Money ----------

/**
 * A decimal price string ("19.99", "5", "0.5") as integer cents; null when missing or not a number. Digits past
 * the cent are rounded half up, so "0.125" → 13. Never goes through a float, so sums stay exact.
 */
export function priceToCents(price: string | null | undefined): number | null {
  if (price === null || price === undefined) return null;
  const match = /^\s*(-)?(\d*)(?:\.(\d*))?\s*$/.exec(price);
  if (!match || (match[2] === "" && (match[3] ?? "") === "")) return null;
  const [, minus, whole, fraction = ""] = match;
  const padded = fraction.padEnd(3, "0");
  let cents = Number(whole || "0") * 100 + Number(padded.slice(0, 2));
  if (Number(padded[2]) >= 5) cents += 1;
  return minus ? -cents : cents;
}

/** Integer cents back to a decimal string with two places ("123456" → "1234.56"). */
export function centsToDecimal(cents: number): string {
  const sign = cents < 0 ? "-" : "";
  const abs = Math.abs(cents);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, "0")}`;
}

/** Σ price × units over grouped rows, in cents; rows without a parsable price are counted in `unpricedUnits`. */
export function sumValueCents(rows: { unitPrice: string | null; units: number }[]): { cents: number; unpricedUnits: number } {
  let cents = 0;
  let unpricedUnits = 0;
  for (const row of rows) {
    if (row.units <= 0) continue;
    const price = priceToCents(row.unitPrice);
    if (price === null) unpricedUnits += row.units;
    else cents += price * row.units;
  }
  return { cents, unpricedUnits };
}

// ---------- Aging ----------

export const AGING_BUCKETS = [
  { key: "0-7", label: "0–7 days", minDays: 0, maxDays: 7 },
  { key: "8-14", label: "8–14 days", minDays: 8, maxDays: 14 },
  { key: "15-30", label: "15–30 days", minDays: 15, maxDays: 30 },
  { key: "30+", label: "Over 30 days", minDays: 31, maxDays: null },
] as const;
export type AgingBucketKey = (typeof AGING_BUCKETS)[number]["key"];
export const AGING_BUCKET_KEYS = AGING_BUCKETS.map((b) => b.key) as AgingBucketKey[];

/** Whole days an order has waited (24-hour periods since it was placed; an order from the future counts as 0). */
export function daysWaiting(orderedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - orderedAt.getTime()) / DAY_MS));
}

export function agingBucketOf(orderedAt: Date, now: Date): AgingBucketKey {
  const days = daysWaiting(orderedAt, now);
  const bucket = AGING_BUCKETS.find((b) => days >= b.minDays && (b.maxDays === null || days <= b.maxDays));
  return (bucket ?? AGING_BUCKETS[AGING_BUCKETS.length - 1]).key;
}

/**
 * The orderedAt range of a bucket, for an indexed range query: `after` is exclusive, `notAfter` inclusive.
 * Matches agingBucketOf exactly (days ≥ min ⇔ orderedAt ≤ now − min days; days ≤ max ⇔ orderedAt > now − (max+1) days).
 */
export function agingRange(key: AgingBucketKey, now: Date): { after: Date | null; notAfter: Date | null } {
  const bucket = AGING_BUCKETS.find((b) => b.key === key) ?? AGING_BUCKETS[0];
  return {
    after: bucket.maxDays === null ? null : new Date(now.getTime() - (bucket.maxDays + 1) * DAY_MS),
    notAfter: bucket.minDays === 0 ? null : new Date(now.getTime() - bucket.minDays * DAY_MS),
  };
}

// ---------- Calendar weeks in the shop's time zone ----------

/** Milliseconds the zone is ahead of UTC at `instant` (e.g. −5 h for New York in winter). */
export function timeZoneOffsetMs(instant: Date, timeZone: string): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? "0");
  const asUtc = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second"));
  return asUtc - Math.floor(instant.getTime() / 1000) * 1000;
}

/** The instant local midnight starts `date` in `timeZone` (DST-safe: re-checks the offset at the result). */
export function startOfLocalDay(date: LocalDate, timeZone: string): Date {
  const utcMidnight = Date.parse(`${date}T00:00:00Z`);
  let guess = utcMidnight - timeZoneOffsetMs(new Date(utcMidnight), timeZone);
  const corrected = utcMidnight - timeZoneOffsetMs(new Date(guess), timeZone);
  if (corrected !== guess) guess = corrected;
  return new Date(guess);
}

export type WeekWindow = { label: LocalDate; start: Date; end: Date };

/** The last `count` calendar weeks (Monday to Sunday, in the shop's zone), oldest first; the last is the current week. */
export function recentWeeks(now: Date, timeZone: string, count: number): WeekWindow[] {
  const today = todayIn(timeZone, now);
  const monday = addCalendarDays(today, -((localWeekday(today) + 6) % 7));
  const weeks: WeekWindow[] = [];
  for (let i = count - 1; i >= 0; i--) {
    const label = addCalendarDays(monday, -7 * i);
    weeks.push({ label, start: startOfLocalDay(label, timeZone), end: startOfLocalDay(addCalendarDays(label, 7), timeZone) });
  }
  return weeks;
}

/** Which window an instant falls in (index into `weeks`), or −1. */
export function weekIndexOf(instant: Date, weeks: WeekWindow[]): number {
  const t = instant.getTime();
  return weeks.findIndex((w) => t >= w.start.getTime() && t < w.end.getTime());
}

export type WeeklyAverage = { week: LocalDate; lines: number; averageDays: number | null };

/** Average days from order to fulfilment per week of fulfilment (null for a week with no fulfilled line). */
export function weeklyAverageDays(totals: { weekIndex: number; lines: number; totalDays: number }[], weeks: WeekWindow[]): WeeklyAverage[] {
  return weeks.map((week, index) => {
    const matching = totals.filter((t) => t.weekIndex === index);
    const lines = matching.reduce((sum, t) => sum + t.lines, 0);
    const totalDays = matching.reduce((sum, t) => sum + t.totalDays, 0);
    return { week: week.label, lines, averageDays: lines ? roundTo(totalDays / lines, 1) : null };
  });
}

// ---------- Ratios and rankings ----------

export function roundTo(value: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(value * factor) / factor;
}

/** A share as a percentage with one decimal, or null when there is nothing to divide by. */
export function percentage(part: number, whole: number): number | null {
  return whole > 0 ? roundTo((part / whole) * 100, 1) : null;
}

export type OwedGroup = { variantId: string; unitPrice: string | null; owedUnits: number; lines: number };
export type VariantOwed = { variantId: string; owedUnits: number; lines: number; valueCents: number };

/** Per-variant totals from (variant, price) groups, ranked by owed units (then value, then id for a stable order). */
export function rankVariantsByOwed(groups: OwedGroup[], limit: number): VariantOwed[] {
  const byVariant = new Map<string, VariantOwed>();
  for (const group of groups) {
    if (group.owedUnits <= 0) continue;
    const row = byVariant.get(group.variantId) ?? { variantId: group.variantId, owedUnits: 0, lines: 0, valueCents: 0 };
    row.owedUnits += group.owedUnits;
    row.lines += group.lines;
    row.valueCents += (priceToCents(group.unitPrice) ?? 0) * group.owedUnits;
    byVariant.set(group.variantId, row);
  }
  return [...byVariant.values()]
    .sort((a, b) => b.owedUnits - a.owedUnits || b.valueCents - a.valueCents || a.variantId.localeCompare(b.variantId))
    .slice(0, limit);
}
