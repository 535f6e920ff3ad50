// When a backordered order line gets a delay notice. Pure: today's date and the variant's settings are passed in.
//
// `told` is the date the shopper was last told (BackorderLine.etaCurrent; before any notice, etaPromised). A line
// gets a notice when
//   - its effective ETA is now LATER than `told` ("later": new date), or
//   - `told` has passed without fulfilment ("overdue": we missed the date; a new date when one is known, else none).
// An earlier or unchanged ETA sends nothing and leaves `told` alone: the shopper still expects the date they were
// given, so moving it earlier and then back is no delay. After an "overdue, no new date yet" notice `told` becomes
// null, and the first real future date afterwards is announced ("new_date") — that notice promised it.
//
// Lead-time variants: a line's ETA is counted from the ORDER date (what the shopper was promised at checkout), never
// from today, otherwise the ETA of a lead-time variant would move later every day.
import { addBusinessDays, addCalendarDays, compareLocalDates, isValidLocalDate, todayIn } from "./eta";
import type { LocalDate } from "./types";

export type LineEtaSettings = {
  etaDate: LocalDate | null;
  leadTimeDays: number | null;
  businessDays: boolean;
};

export type ShopCalendar = { timeZone: string; weekendDays?: number[]; holidays?: string[] };

/** The ETA a line has under the variant's current settings (null: no date known). */
export function effectiveLineEta(input: { orderedAt: Date; settings: LineEtaSettings | null; calendar: ShopCalendar }): LocalDate | null {
  const { settings, calendar } = input;
  if (!settings) return null;
  if (settings.etaDate && isValidLocalDate(settings.etaDate)) return settings.etaDate;
  if (settings.leadTimeDays === null || settings.leadTimeDays < 0 || !Number.isInteger(settings.leadTimeDays)) return null;
  if (settings.businessDays) {
    return addBusinessDays({
      from: input.orderedAt,
      days: settings.leadTimeDays,
      timeZone: calendar.timeZone,
      weekendDays: calendar.weekendDays,
      holidays: calendar.holidays,
    });
  }
  return addCalendarDays(todayIn(calendar.timeZone, input.orderedAt), settings.leadTimeDays);
}

export type DelayLineState = {
  etaCurrent: LocalDate | null;
  etaPromised: LocalDate | null;
  delayNoticeCount: number;
};

/** What the shopper believes: the last notified date, or the checkout promise when no notice was sent yet. */
export function toldEta(line: DelayLineState): LocalDate | null {
  if (line.etaCurrent) return line.etaCurrent;
  return line.delayNoticeCount === 0 ? line.etaPromised : null;
}

export type DelayNoticeDecision =
  | { notify: false; reason: "no_date_promised" | "on_track" | "earlier" | "awaiting_new_date" }
  | {
      notify: true;
      kind: "later" | "overdue" | "new_date";
      /** The date the shopper was told (null after an "overdue, no new date" notice). */
      previousEta: LocalDate | null;
      /** The new date to announce, or null when it is not known yet. */
      newEta: LocalDate | null;
      /** The previous date has passed (the notice says the date was missed). */
      missed: boolean;
      /** Idempotency key part: the new date, or `overdue-<missed date>`. */
      keySuffix: string;
      /** What BackorderLine.etaCurrent becomes once the notice is queued. */
      nextEtaCurrent: LocalDate | null;
    };

export function decideDelayNotice(input: { line: DelayLineState; effectiveEta: LocalDate | null; today: LocalDate }): DelayNoticeDecision {
  const told = toldEta(input.line);
  const { today } = input;
  // A new date that has already passed is no date to announce (a stale fixed ETA, an elapsed lead time).
  const usable = input.effectiveEta && isValidLocalDate(input.effectiveEta) && compareLocalDates(input.effectiveEta, today) >= 0 ? input.effectiveEta : null;
  if (told && isValidLocalDate(told)) {
    const missed = compareLocalDates(today, told) > 0;
    if (usable && compareLocalDates(usable, told) > 0) {
      return { notify: true, kind: "later", previousEta: told, newEta: usable, missed, keySuffix: usable, nextEtaCurrent: usable };
    }
    if (missed) {
      return { notify: true, kind: "overdue", previousEta: told, newEta: null, missed: true, keySuffix: `overdue-${told}`, nextEtaCurrent: null };
    }
    return { notify: false, reason: usable && compareLocalDates(usable, told) < 0 ? "earlier" : "on_track" };
  }
  if (input.line.delayNoticeCount > 0) {
    if (usable) return { notify: true, kind: "new_date", previousEta: null, newEta: usable, missed: false, keySuffix: usable, nextEtaCurrent: usable };
    return { notify: false, reason: "awaiting_new_date" };
  }
  return { notify: false, reason: "no_date_promised" };
}

/**
 * When the daily overdue scan runs next: the first whole UTC hour after the shop's local midnight that follows
 * `now` (so "the date passed" is noticed within the first hour of the new local day).
 */
export function nextDailyScanAt(now: Date, timeZone: string): Date {
  const today = todayIn(timeZone, now);
  const hour = 3_600_000;
  const firstHour = Math.floor(now.getTime() / hour) + 1;
  for (let h = firstHour; h <= firstHour + 26; h++) {
    const at = new Date(h * hour);
    if (todayIn(timeZone, at) !== today) return at;
  }
  return new Date((firstHour + 23) * hour); // unreachable for real time zones
}
