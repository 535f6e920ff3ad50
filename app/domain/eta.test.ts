import { describe, expect, it } from "vitest";
import {
  addBusinessDays,
  addCalendarDays,
  compareLocalDates,
  isBusinessDay,
  isEtaOverdue,
  isValidLocalDate,
  isValidTimeZone,
  localWeekday,
  resolveEta,
  todayIn,
} from "./eta";

const NY = "America/New_York";
const at = (iso: string) => new Date(iso);

// Calendar reference (2026): Jan 9 Fri, Mar 6 Fri, Mar 8 Sun (US DST starts), Nov 1 Sun (US DST ends),
// Nov 26 Thu (Thanksgiving), Dec 25 Fri, Jan 1 2027 Fri.

describe("todayIn", () => {
  it.each([
    { name: "23:30 Friday in New York is Friday, though Saturday in UTC", instant: "2026-01-10T04:30:00Z", tz: NY, expected: "2026-01-09" },
    { name: "same instant in UTC", instant: "2026-01-10T04:30:00Z", tz: "UTC", expected: "2026-01-10" },
    { name: "Tokyo just after midnight", instant: "2026-01-09T15:30:00Z", tz: "Asia/Tokyo", expected: "2026-01-10" },
    { name: "Honolulu, same instant", instant: "2026-01-09T15:30:00Z", tz: "Pacific/Honolulu", expected: "2026-01-09" },
    { name: "Tokyo one minute before midnight", instant: "2026-01-09T14:59:00Z", tz: "Asia/Tokyo", expected: "2026-01-09" },
    { name: "NY 00:30 EDT on the Monday after spring-forward (would be Sunday under EST)", instant: "2026-03-09T04:30:00Z", tz: NY, expected: "2026-03-09" },
    { name: "NY 23:30 EST on the Sunday of fall-back (would be Monday under EDT)", instant: "2026-11-02T04:30:00Z", tz: NY, expected: "2026-11-01" },
    { name: "NY during the repeated 01:30 hour", instant: "2026-11-01T06:30:00Z", tz: NY, expected: "2026-11-01" },
  ])("$name", ({ instant, tz, expected }) => {
    expect(todayIn(tz, at(instant))).toBe(expected);
  });

  it("throws a clear error for an invalid time zone", () => {
    expect(() => todayIn("Mars/Olympus_Mons", at("2026-01-01T00:00:00Z"))).toThrow(
      'Invalid time zone "Mars/Olympus_Mons": expected an IANA name such as "America/New_York".',
    );
    expect(() => todayIn("", at("2026-01-01T00:00:00Z"))).toThrow(/Invalid time zone/);
    expect(isValidTimeZone("Europe/Berlin")).toBe(true);
    expect(isValidTimeZone("Europe/Atlantis")).toBe(false);
  });

  it("rejects an invalid instant", () => {
    expect(() => todayIn(NY, new Date("nope"))).toThrow("now must be a valid Date.");
  });
});

describe("addBusinessDays", () => {
  it.each([
    // weekends
    { name: "Friday 23:30 NY + 1 → Monday", from: "2026-01-10T04:30:00Z", days: 1, tz: NY, expected: "2026-01-12" },
    { name: "Friday 23:30 NY + 0 → Friday (a business day)", from: "2026-01-10T04:30:00Z", days: 0, tz: NY, expected: "2026-01-09" },
    { name: "same instant in UTC is Saturday: + 0 → Monday", from: "2026-01-10T04:30:00Z", days: 0, tz: "UTC", expected: "2026-01-12" },
    { name: "same instant in UTC is Saturday: + 1 → Tuesday", from: "2026-01-10T04:30:00Z", days: 1, tz: "UTC", expected: "2026-01-13" },
    { name: "Saturday + 0 → Monday", from: "2026-01-10T17:00:00Z", days: 0, tz: NY, expected: "2026-01-12" },
    { name: "Sunday + 0 → Monday", from: "2026-01-11T17:00:00Z", days: 0, tz: NY, expected: "2026-01-12" },
    { name: "Saturday + 1 → Tuesday", from: "2026-01-10T17:00:00Z", days: 1, tz: NY, expected: "2026-01-13" },
    { name: "Wednesday + 3 → Monday", from: "2026-01-07T17:00:00Z", days: 3, tz: NY, expected: "2026-01-12" },
    { name: "Friday + 5 → next Friday", from: "2026-01-09T17:00:00Z", days: 5, tz: NY, expected: "2026-01-16" },
    { name: "Friday + 10 → two weeks on", from: "2026-01-09T17:00:00Z", days: 10, tz: NY, expected: "2026-01-23" },
    // DST transitions (America/New_York)
    { name: "Friday before spring-forward, 23:30 EST + 1 → Monday", from: "2026-03-07T04:30:00Z", days: 1, tz: NY, expected: "2026-03-09" },
    { name: "Saturday 23:30 EST (Sunday UTC) + 0 → Monday", from: "2026-03-08T04:30:00Z", days: 0, tz: NY, expected: "2026-03-09" },
    { name: "Monday 00:30 EDT after spring-forward + 0 → Monday", from: "2026-03-09T04:30:00Z", days: 0, tz: NY, expected: "2026-03-09" },
    { name: "Sunday 23:30 EST after fall-back + 1 → Tuesday", from: "2026-11-02T04:30:00Z", days: 1, tz: NY, expected: "2026-11-03" },
    { name: "Friday 23:30 EDT before fall-back + 1 → Monday", from: "2026-10-31T03:30:00Z", days: 1, tz: NY, expected: "2026-11-02" },
    // Tokyo vs Honolulu near midnight: the same instant is Saturday in Tokyo and Friday in Honolulu
    { name: "Tokyo Saturday 00:30 + 1 → Tuesday", from: "2026-01-09T15:30:00Z", days: 1, tz: "Asia/Tokyo", expected: "2026-01-13" },
    { name: "Honolulu Friday 05:30 + 1 → Monday", from: "2026-01-09T15:30:00Z", days: 1, tz: "Pacific/Honolulu", expected: "2026-01-12" },
    { name: "Tokyo Friday 23:59 + 1 → Monday", from: "2026-01-09T14:59:00Z", days: 1, tz: "Asia/Tokyo", expected: "2026-01-12" },
    // leap day
    { name: "Monday 28 Feb 2028 + 1 → leap day", from: "2028-02-28T17:00:00Z", days: 1, tz: NY, expected: "2028-02-29" },
  ])("$name", ({ from, days, tz, expected }) => {
    expect(addBusinessDays({ from: at(from), days, timeZone: tz })).toBe(expected);
  });

  it.each([
    { name: "holiday on the target day pushes it to the next business day", from: "2026-11-25T17:00:00Z", days: 1, holidays: ["2026-11-26"], expected: "2026-11-27" },
    { name: "holiday in the middle is skipped", from: "2026-11-24T17:00:00Z", days: 3, holidays: ["2026-11-26"], expected: "2026-11-30" },
    { name: "holiday today with 0 days → next business day", from: "2026-11-26T17:00:00Z", days: 0, holidays: ["2026-11-26"], expected: "2026-11-27" },
    { name: "year end: Christmas and a weekend skipped", from: "2026-12-24T17:00:00Z", days: 2, holidays: ["2026-12-25", "2027-01-01"], expected: "2026-12-29" },
    { name: "year end: across New Year's Day into January", from: "2026-12-30T17:00:00Z", days: 2, holidays: ["2026-12-25", "2027-01-01"], expected: "2027-01-04" },
    { name: "holiday on a weekend changes nothing", from: "2026-01-09T17:00:00Z", days: 1, holidays: ["2026-01-10"], expected: "2026-01-12" },
  ])("$name", ({ from, days, holidays, expected }) => {
    expect(addBusinessDays({ from: at(from), days, timeZone: NY, holidays })).toBe(expected);
  });

  it("supports a Friday–Saturday weekend", () => {
    // Thursday 8 Jan 2026 + 1 → Sunday 11 Jan
    expect(addBusinessDays({ from: at("2026-01-08T12:00:00Z"), days: 1, timeZone: "Asia/Dubai", weekendDays: [5, 6] })).toBe(
      "2026-01-11",
    );
  });

  it("supports no weekend at all", () => {
    expect(addBusinessDays({ from: at("2026-01-09T17:00:00Z"), days: 1, timeZone: NY, weekendDays: [] })).toBe("2026-01-10");
  });

  it.each([
    { name: "negative days", args: { days: -1 }, message: "Days must be a whole number ≥ 0, got -1." },
    { name: "fractional days", args: { days: 1.5 }, message: "Days must be a whole number ≥ 0, got 1.5." },
    { name: "a week with no business day", args: { weekendDays: [0, 1, 2, 3, 4, 5, 6] }, message: "Weekend days cover the whole week: there is no business day." },
    { name: "a weekday out of range", args: { weekendDays: [7] }, message: "Weekend days must be 0 (Sunday) to 6 (Saturday), got 7." },
    { name: "a malformed holiday", args: { holidays: ["2026-13-01"] }, message: 'Holiday must be a date as YYYY-MM-DD, got "2026-13-01".' },
    { name: "an invalid time zone", args: { timeZone: "New York" }, message: 'Invalid time zone "New York"' },
  ])("throws on $name", ({ args, message }) => {
    expect(() => addBusinessDays({ from: at("2026-01-09T17:00:00Z"), days: 1, timeZone: NY, ...args })).toThrow(message);
  });

  it("gives up on a calendar closed for more than a year instead of looping forever", () => {
    const holidays = Array.from({ length: 400 }, (_, i) => addCalendarDays("2026-01-01", i));
    expect(() => addBusinessDays({ from: at("2026-01-01T17:00:00Z"), days: 0, timeZone: NY, holidays })).toThrow(
      /No business day within 366 days/,
    );
  });
});

describe("resolveEta", () => {
  const now = at("2026-01-10T04:30:00Z"); // Friday 23:30 in New York
  const base = { now, timeZone: NY, etaDate: null, leadTimeDays: null, businessDays: true };

  it("prefers a fixed date over a lead time", () => {
    expect(resolveEta({ ...base, etaDate: "2026-02-01", leadTimeDays: 3 })).toEqual({ date: "2026-02-01", source: "fixed" });
  });

  it("returns a fixed date even when it has passed", () => {
    expect(resolveEta({ ...base, etaDate: "2025-12-01" })).toEqual({ date: "2025-12-01", source: "fixed" });
  });

  it("computes a business-day lead time from now in the shop's zone", () => {
    expect(resolveEta({ ...base, leadTimeDays: 3 })).toEqual({ date: "2026-01-14", source: "lead_time" });
  });

  it("computes a calendar-day lead time from today in the shop's zone", () => {
    expect(resolveEta({ ...base, leadTimeDays: 3, businessDays: false })).toEqual({ date: "2026-01-12", source: "lead_time" });
  });

  it("calendar days cross the year end", () => {
    expect(resolveEta({ ...base, now: at("2026-12-30T17:00:00Z"), leadTimeDays: 5, businessDays: false })).toEqual({
      date: "2027-01-04",
      source: "lead_time",
    });
  });

  it("passes holidays through to business days", () => {
    expect(resolveEta({ ...base, now: at("2026-11-25T17:00:00Z"), leadTimeDays: 1, holidays: ["2026-11-26"] })).toEqual({
      date: "2026-11-27",
      source: "lead_time",
    });
  });

  it("lead time 0 is today when it's a business day", () => {
    expect(resolveEta({ ...base, leadTimeDays: 0 })).toEqual({ date: "2026-01-09", source: "lead_time" });
  });

  it("is null without a date or lead time", () => {
    expect(resolveEta(base)).toBeNull();
  });

  it("rejects a malformed fixed date", () => {
    expect(() => resolveEta({ ...base, etaDate: "2026-02-30" })).toThrow('ETA date must be a date as YYYY-MM-DD, got "2026-02-30".');
  });
});

describe("isEtaOverdue", () => {
  it.each([
    { name: "ETA today (NY) is not overdue", eta: "2026-01-09", tz: NY, expected: false },
    { name: "same instant, already Saturday in UTC → overdue", eta: "2026-01-09", tz: "UTC", expected: true },
    { name: "future ETA", eta: "2026-01-12", tz: NY, expected: false },
    { name: "past ETA", eta: "2026-01-08", tz: NY, expected: true },
  ])("$name", ({ eta, tz, expected }) => {
    expect(isEtaOverdue(eta, at("2026-01-10T04:30:00Z"), tz)).toBe(expected);
  });
});

describe("local dates", () => {
  it.each([
    { value: "2026-02-28", expected: true },
    { value: "2026-02-29", expected: false },
    { value: "2028-02-29", expected: true },
    { value: "1900-02-29", expected: false },
    { value: "2000-02-29", expected: true },
    { value: "2026-02-30", expected: false },
    { value: "2026-04-31", expected: false },
    { value: "2026-12-31", expected: true },
    { value: "2026-13-01", expected: false },
    { value: "2026-00-10", expected: false },
    { value: "2026-01-00", expected: false },
    { value: "2026-1-5", expected: false },
    { value: "2026-01-05T00:00", expected: false },
    { value: " 2026-01-05", expected: false },
    { value: "", expected: false },
    { value: 20260105, expected: false },
    { value: null, expected: false },
  ])("isValidLocalDate($value) = $expected", ({ value, expected }) => {
    expect(isValidLocalDate(value)).toBe(expected);
  });

  it("compares dates", () => {
    expect(compareLocalDates("2026-01-09", "2026-01-10")).toBe(-1);
    expect(compareLocalDates("2026-01-10", "2026-01-10")).toBe(0);
    expect(compareLocalDates("2027-01-01", "2026-12-31")).toBe(1);
    expect(() => compareLocalDates("2026-1-1", "2026-01-01")).toThrow(/YYYY-MM-DD/);
  });

  it("adds calendar days and tells weekdays", () => {
    expect(addCalendarDays("2026-02-28", 1)).toBe("2026-03-01");
    expect(addCalendarDays("2026-03-01", -1)).toBe("2026-02-28");
    expect(addCalendarDays("2026-03-07", 1)).toBe("2026-03-08"); // DST day is still one day
    expect(localWeekday("2026-01-09")).toBe(5);
    expect(localWeekday("2026-03-08")).toBe(0);
    expect(isBusinessDay("2026-01-09")).toBe(true);
    expect(isBusinessDay("2026-01-10")).toBe(false);
    expect(isBusinessDay("2026-01-09", { holidays: ["2026-01-09"] })).toBe(false);
  });
});
