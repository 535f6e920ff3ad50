import { describe, expect, it } from "vitest";
import { decideDelayNotice, effectiveLineEta, nextDailyScanAt, toldEta } from "./delay-notice";

const line = (etaCurrent: string | null, extra: { etaPromised?: string | null; delayNoticeCount?: number } = {}) => ({
  etaCurrent,
  etaPromised: extra.etaPromised ?? etaCurrent,
  delayNoticeCount: extra.delayNoticeCount ?? 0,
});

describe("decideDelayNotice", () => {
  it("GIVEN the ETA moved later THEN a notice with old → new date, keyed by the new date", () => {
    expect(decideDelayNotice({ line: line("2026-12-01"), effectiveEta: "2026-12-15", today: "2026-11-20" })).toEqual({
      notify: true, kind: "later", previousEta: "2026-12-01", newEta: "2026-12-15", missed: false, keySuffix: "2026-12-15", nextEtaCurrent: "2026-12-15",
    });
  });

  it("GIVEN the same or an earlier ETA THEN nothing (and the told date is kept)", () => {
    expect(decideDelayNotice({ line: line("2026-12-01"), effectiveEta: "2026-12-01", today: "2026-11-20" })).toEqual({ notify: false, reason: "on_track" });
    expect(decideDelayNotice({ line: line("2026-12-01"), effectiveEta: "2026-11-25", today: "2026-11-20" })).toEqual({ notify: false, reason: "earlier" });
  });

  it("GIVEN the told date passed without fulfilment THEN an overdue notice keyed by the missed date, with no new date when none is known", () => {
    const decision = decideDelayNotice({ line: line("2026-12-01"), effectiveEta: "2026-12-01", today: "2026-12-02" });
    expect(decision).toEqual({ notify: true, kind: "overdue", previousEta: "2026-12-01", newEta: null, missed: true, keySuffix: "overdue-2026-12-01", nextEtaCurrent: null });
    // On the ETA day itself it is not overdue.
    expect(decideDelayNotice({ line: line("2026-12-01"), effectiveEta: "2026-12-01", today: "2026-12-01" }).notify).toBe(false);
  });

  it("GIVEN the date passed and a later date is known THEN one 'later' notice that says the date was missed", () => {
    expect(decideDelayNotice({ line: line("2026-12-01"), effectiveEta: "2026-12-10", today: "2026-12-03" })).toMatchObject({
      notify: true, kind: "later", missed: true, newEta: "2026-12-10", keySuffix: "2026-12-10",
    });
  });

  it("GIVEN an overdue notice was sent (told = null) THEN nothing until a future date is known, then a 'new date' notice", () => {
    const afterOverdue = line(null, { etaPromised: "2026-12-01", delayNoticeCount: 1 });
    expect(toldEta(afterOverdue)).toBeNull();
    expect(decideDelayNotice({ line: afterOverdue, effectiveEta: "2026-12-01", today: "2026-12-05" })).toEqual({ notify: false, reason: "awaiting_new_date" });
    expect(decideDelayNotice({ line: afterOverdue, effectiveEta: "2026-12-20", today: "2026-12-05" })).toMatchObject({
      notify: true, kind: "new_date", previousEta: null, newEta: "2026-12-20", keySuffix: "2026-12-20",
    });
  });

  it("GIVEN no date was ever promised THEN setting one is no delay", () => {
    expect(decideDelayNotice({ line: line(null), effectiveEta: "2026-12-20", today: "2026-12-05" })).toEqual({ notify: false, reason: "no_date_promised" });
  });

  it("GIVEN no notice yet and etaCurrent unset THEN the checkout promise counts as told", () => {
    expect(decideDelayNotice({ line: line(null, { etaPromised: "2026-12-01" }), effectiveEta: "2026-12-08", today: "2026-11-20" })).toMatchObject({
      notify: true, previousEta: "2026-12-01", newEta: "2026-12-08",
    });
  });
});

describe("effectiveLineEta", () => {
  const calendar = { timeZone: "America/New_York", weekendDays: [0, 6], holidays: [] };
  it("a fixed date wins; a lead time counts from the order date (not today), in the shop's time zone", () => {
    const orderedAt = new Date("2026-11-06T15:00:00Z"); // Friday in New York
    expect(effectiveLineEta({ orderedAt, settings: { etaDate: "2026-12-24", leadTimeDays: 5, businessDays: true }, calendar })).toBe("2026-12-24");
    expect(effectiveLineEta({ orderedAt, settings: { etaDate: null, leadTimeDays: 1, businessDays: true }, calendar })).toBe("2026-11-09");
    expect(effectiveLineEta({ orderedAt, settings: { etaDate: null, leadTimeDays: 3, businessDays: false }, calendar })).toBe("2026-11-09");
    expect(effectiveLineEta({ orderedAt, settings: { etaDate: null, leadTimeDays: null, businessDays: true }, calendar })).toBeNull();
    expect(effectiveLineEta({ orderedAt, settings: null, calendar })).toBeNull();
  });
});

describe("nextDailyScanAt", () => {
  it("is the first whole hour of the next local day", () => {
    // 2026-11-24 10:17 UTC = 05:17 in New York (UTC−5): the next New York midnight is 05:00 UTC on the 25th.
    expect(nextDailyScanAt(new Date("2026-11-24T10:17:00Z"), "America/New_York").toISOString()).toBe("2026-11-25T05:00:00.000Z");
    expect(nextDailyScanAt(new Date("2026-11-24T23:59:00Z"), "UTC").toISOString()).toBe("2026-11-25T00:00:00.000Z");
    // Half-hour zone: Kolkata midnight is 18:30 UTC; the first whole hour after it is 19:00.
    expect(nextDailyScanAt(new Date("2026-11-24T12:00:00Z"), "Asia/Kolkata").toISOString()).toBe("2026-11-24T19:00:00.000Z");
  });
});
