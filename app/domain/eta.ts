// Restock ETAs as calendar dates in the shop's time zone. Pure: `now` is always passed in, and time zones are
// resolved with Intl.DateTimeFormat (no date library).
//
// An instant becomes a local date once (`todayIn`); everything after that is civil-date arithmetic on
// `YYYY-MM-DD` values, so DST transitions can't shift a date (days are counted, never 24-hour periods).
//
// Business days: the order's local date is first rolled forward to a business day (an order placed on Saturday is
// handled on Monday), then N business days are added. So 0 days = today if it is a business day, else the next
// business day; and N + 1 days is always exactly one business day after N days (Friday +1 → Monday, Saturday +1 →
// Tuesday).

import type { LocalDate, Weekday } from "./types";

export const DEFAULT_WEEKEND_DAYS: readonly Weekday[] = [0, 6];

/** Longest run of consecutive non-business days tolerated before giving up (a misconfigured calendar). */
const MAX_CLOSED_STREAK = 366;
const MS_PER_DAY = 86_400_000;
const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  const cached = formatters.get(timeZone);
  if (cached) return cached;
  if (typeof timeZone !== "string" || timeZone.trim() === "") {
    throw new RangeError(`Invalid time zone ${JSON.stringify(timeZone)}: expected an IANA name such as "America/New_York".`);
  }
  let formatter: Intl.DateTimeFormat;
  try {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      calendar: "gregory",
      numberingSystem: "latn",
    });
  } catch {
    throw new RangeError(`Invalid time zone "${timeZone}": expected an IANA name such as "America/New_York".`);
  }
  formatters.set(timeZone, formatter);
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

function assertInstant(value: Date, name: string): void {
  if (!(value instanceof Date) || Number.isNaN(value.getTime())) {
    throw new TypeError(`${name} must be a valid Date.`);
  }
}

/** The local calendar date of the instant `now` in `timeZone`, as YYYY-MM-DD. */
export function todayIn(timeZone: string, now: Date): LocalDate {
  assertInstant(now, "now");
  const parts = formatterFor(timeZone).formatToParts(now);
  const get = (type: "year" | "month" | "day") => parts.find((p) => p.type === type)?.value ?? "";
  return `${get("year").padStart(4, "0")}-${get("month")}-${get("day")}`;
}

/** A real calendar date written as YYYY-MM-DD ("2026-02-30" and "2026-2-3" are not). */
export function isValidLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== "string") return false;
  const match = LOCAL_DATE_PATTERN.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1) return false;
  return day <= daysInMonth(year, month);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

function assertLocalDate(value: string, name: string): void {
  if (!isValidLocalDate(value)) throw new RangeError(`${name} must be a date as YYYY-MM-DD, got ${JSON.stringify(value)}.`);
}

/** −1, 0 or 1 as `a` is before, equal to or after `b`. */
export function compareLocalDates(a: LocalDate, b: LocalDate): -1 | 0 | 1 {
  assertLocalDate(a, "First date");
  assertLocalDate(b, "Second date");
  return a < b ? -1 : a > b ? 1 : 0;
}

// Civil dates as day numbers (days since 1970-01-01), computed in UTC where every day has 24 hours.
function toDayNumber(date: LocalDate): number {
  const [year, month, day] = date.split("-").map(Number);
  const d = new Date(0);
  d.setUTCFullYear(year, month - 1, day);
  return Math.round(d.getTime() / MS_PER_DAY);
}

function fromDayNumber(dayNumber: number): LocalDate {
  const d = new Date(dayNumber * MS_PER_DAY);
  const pad = (n: number, width: number) => String(n).padStart(width, "0");
  return `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

function weekdayOf(dayNumber: number): Weekday {
  return (((dayNumber % 7) + 7 + 4) % 7) as Weekday; // 1970-01-01 was a Thursday (4)
}

/** Day of the week of a local date: 0 = Sunday … 6 = Saturday. */
export function localWeekday(date: LocalDate): Weekday {
  assertLocalDate(date, "Date");
  return weekdayOf(toDayNumber(date));
}

/** `date` plus `days` calendar days (negative goes back). */
export function addCalendarDays(date: LocalDate, days: number): LocalDate {
  assertLocalDate(date, "Date");
  if (!Number.isInteger(days)) throw new RangeError(`Days must be a whole number, got ${days}.`);
  return fromDayNumber(toDayNumber(date) + days);
}

export type BusinessCalendar = {
  /** 0 = Sunday … 6 = Saturday; default [0, 6]. */
  weekendDays?: readonly number[];
  /** Closed dates in the shop's time zone, YYYY-MM-DD. */
  holidays?: readonly string[];
};

function compileCalendar(calendar: BusinessCalendar): (dayNumber: number) => boolean {
  const weekend = new Set<number>();
  for (const day of calendar.weekendDays ?? DEFAULT_WEEKEND_DAYS) {
    if (!Number.isInteger(day) || day < 0 || day > 6) {
      throw new RangeError(`Weekend days must be 0 (Sunday) to 6 (Saturday), got ${day}.`);
    }
    weekend.add(day);
  }
  if (weekend.size === 7) throw new RangeError("Weekend days cover the whole week: there is no business day.");
  const closed = new Set<number>();
  for (const holiday of calendar.holidays ?? []) {
    assertLocalDate(holiday, "Holiday");
    closed.add(toDayNumber(holiday));
  }
  return (dayNumber) => !weekend.has(weekdayOf(dayNumber)) && !closed.has(dayNumber);
}

function nextBusinessDayFrom(dayNumber: number, isBusinessDay: (d: number) => boolean): number {
  for (let d = dayNumber, streak = 0; ; d++, streak++) {
    if (isBusinessDay(d)) return d;
    if (streak > MAX_CLOSED_STREAK) {
      throw new RangeError(`No business day within ${MAX_CLOSED_STREAK} days of ${fromDayNumber(dayNumber)}: check the holidays.`);
    }
  }
}

/** Whether a local date is a business day under the calendar. */
export function isBusinessDay(date: LocalDate, calendar: BusinessCalendar = {}): boolean {
  assertLocalDate(date, "Date");
  return compileCalendar(calendar)(toDayNumber(date));
}

function assertDayCount(days: number): void {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`Days must be a whole number ≥ 0, got ${days}.`);
}

/**
 * The local date `days` business days after the instant `from`, in `timeZone`. The start date is the local date
 * of `from` (23:30 Friday in New York is Friday, although it is Saturday in UTC), rolled forward to a business day;
 * 0 days returns that date.
 */
export function addBusinessDays(input: {
  from: Date;
  days: number;
  timeZone: string;
  weekendDays?: number[];
  holidays?: string[];
}): LocalDate {
  assertDayCount(input.days);
  const start = todayIn(input.timeZone, input.from);
  const isOpen = compileCalendar(input);
  let day = nextBusinessDayFrom(toDayNumber(start), isOpen);
  for (let i = 0; i < input.days; i++) day = nextBusinessDayFrom(day + 1, isOpen);
  return fromDayNumber(day);
}

export type ResolvedEta = { date: LocalDate; source: "fixed" | "lead_time" };

/**
 * The ETA shoppers see: a fixed date wins (returned even if it has passed; see `isEtaOverdue`); otherwise the lead
 * time counted from `now` in business days (see `addBusinessDays`) or calendar days; null when neither is set.
 */
export function resolveEta(input: {
  now: Date;
  timeZone: string;
  etaDate: LocalDate | null;
  leadTimeDays: number | null;
  businessDays: boolean;
  weekendDays?: number[];
  holidays?: string[];
}): ResolvedEta | null {
  if (input.etaDate !== null) {
    assertLocalDate(input.etaDate, "ETA date");
    return { date: input.etaDate, source: "fixed" };
  }
  if (input.leadTimeDays === null) return null;
  assertDayCount(input.leadTimeDays);
  const date = input.businessDays
    ? addBusinessDays({
        from: input.now,
        days: input.leadTimeDays,
        timeZone: input.timeZone,
        weekendDays: input.weekendDays,
        holidays: input.holidays,
      })
    : addCalendarDays(todayIn(input.timeZone, input.now), input.leadTimeDays);
  return { date, source: "lead_time" };
}

/** True once the ETA date has passed in the shop's time zone (on the ETA day itself it is not overdue). */
export function isEtaOverdue(etaDate: LocalDate, now: Date, timeZone: string): boolean {
  return compareLocalDates(etaDate, todayIn(timeZone, now)) < 0;
}
