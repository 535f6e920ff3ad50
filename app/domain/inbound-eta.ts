// ETAs from inbound shipments. Pure: today's date, the calendar and the handling time are passed in.
//
// A backordered variant's owed units are covered oldest order first, as the ledger allocates them
// (allocateArrivedStock): first by the stock already there, then by the inbound shipments in the order they
// arrive. A line covered by a shipment ships `handlingDays` business days after that shipment's arrival day
// (the day its last needed unit arrives). A shipment whose arrival day has passed without being received is late:
// it counts as arriving today. A shipment without an arrival date covers nothing with a date (its line and every
// newer one stay uncovered: their units cannot come earlier than units the older line is still waiting for).
//
// The variant's ETA is the ETA of its last owed line, when every owed line is covered; one uncovered line makes it
// null (no date can be promised to that shopper, so none is set for the variant). A variant that sells on backorder
// and owes nothing yet (`orderable`) gets the ETA of the next order's unit: the first shipment to arrive.
import { allocateArrivedStock } from "./ledger";
import { addBusinessDays, compareLocalDates, type BusinessCalendar } from "./eta";
import type { LocalDate } from "./types";

export const INBOUND_ETA_MODES = ["off", "suggest", "automatic"] as const;
export type InboundEtaMode = (typeof INBOUND_ETA_MODES)[number];
export const DEFAULT_INBOUND_HANDLING_DAYS = 2;
export const INBOUND_HANDLING_DAYS_MAX = 60;

export function isInboundEtaMode(value: unknown): value is InboundEtaMode {
  return typeof value === "string" && (INBOUND_ETA_MODES as readonly string[]).includes(value);
}

/** A backordered order line of the variant with the units it still owes. */
export type OwedLine = { id: string; orderedAt: Date; owed: number };

/** Units of the variant on one inbound shipment, with its expected arrival day (shop time zone). */
export type InboundArrival = { shipmentId: string; shipmentName: string; units: number; arrivesOn: LocalDate | null };

export type LineCoverage = {
  lineId: string;
  owed: number;
  /** "stock": already there (waits to ship); "inbound": a shipment covers the rest; null: not covered. */
  coveredBy: "stock" | "inbound" | null;
  /** The shipment that brings the line's last needed unit. */
  arrival: InboundArrival | null;
  /** The arrival day used (today when the shipment is late). */
  arrivesOn: LocalDate | null;
  eta: LocalDate | null;
};

export type InboundEtaPlan = {
  lines: LineCoverage[];
  /**
   * "nothing_owed": no owed units; "stock": stock on hand covers them all (no inbound date needed);
   * "inbound": every line is covered, some by shipments; "uncovered": at least one line is not.
   */
  status: "nothing_owed" | "stock" | "inbound" | "uncovered";
  /** The ETA of the last owed line when status is "inbound", else null. */
  eta: LocalDate | null;
  /** The shipment behind `eta`. */
  arrival: InboundArrival | null;
  arrivesOn: LocalDate | null;
};

/** The local date `days` business days after the day `date` (rolled forward to a business day first). */
export function addBusinessDaysToDate(date: LocalDate, days: number, calendar: BusinessCalendar = {}): LocalDate {
  // Noon UTC of the date, read in UTC, is that date: the civil-date arithmetic of addBusinessDays does the rest.
  return addBusinessDays({
    from: new Date(`${date}T12:00:00Z`),
    days,
    timeZone: "UTC",
    weekendDays: calendar.weekendDays ? [...calendar.weekendDays] : undefined,
    holidays: calendar.holidays ? [...calendar.holidays] : undefined,
  });
}

function byArrival(a: InboundArrival, b: InboundArrival): number {
  if (a.arrivesOn === null || b.arrivesOn === null) return a.arrivesOn === b.arrivesOn ? a.shipmentId.localeCompare(b.shipmentId) : a.arrivesOn === null ? 1 : -1;
  return compareLocalDates(a.arrivesOn, b.arrivesOn) || a.shipmentId.localeCompare(b.shipmentId);
}

/**
 * Per owed line, what covers it and its ETA; and the variant's ETA. `available` is the variant's stock level now
 * (below zero while owed units are still missing), as the ledger's allocation reads it.
 */
export function planInboundEtas(input: {
  lines: readonly OwedLine[];
  available: number;
  arrivals: readonly InboundArrival[];
  today: LocalDate;
  handlingDays: number;
  calendar?: BusinessCalendar;
  /** The variant sells on backorder: with nothing owed, the next order's unit is what the ETA is for. */
  orderable?: boolean;
}): InboundEtaPlan {
  if (!Number.isInteger(input.handlingDays) || input.handlingDays < 0) {
    throw new RangeError(`Handling time must be a whole number of days ≥ 0, got ${input.handlingDays}.`);
  }
  const owedLines = input.lines.filter((line) => line.owed > 0);
  const sorted = [...owedLines].sort((a, b) => a.orderedAt.getTime() - b.orderedAt.getTime() || a.id.localeCompare(b.id));
  const fromStock = allocateArrivedStock({ lines: sorted.map((l) => ({ ...l, quantityAllocated: 0 })), available: input.available });
  const queue = input.arrivals.filter((a) => a.units > 0).sort(byArrival).map((a) => ({ arrival: a, left: a.units }));

  let next = 0;
  const lines: LineCoverage[] = sorted.map((line) => {
    let missing = line.owed - (fromStock.get(line.id) ?? 0);
    const base = { lineId: line.id, owed: line.owed };
    if (missing <= 0) return { ...base, coveredBy: "stock" as const, arrival: null, arrivesOn: null, eta: null };
    let last: InboundArrival | null = null;
    while (missing > 0 && next < queue.length && queue[next].arrival.arrivesOn !== null) {
      const take = Math.min(missing, queue[next].left);
      queue[next].left -= take;
      missing -= take;
      last = queue[next].arrival;
      if (queue[next].left === 0) next++;
    }
    if (missing > 0 || !last?.arrivesOn) return { ...base, coveredBy: null, arrival: null, arrivesOn: null, eta: null };
    const arrivesOn = compareLocalDates(last.arrivesOn, input.today) < 0 ? input.today : last.arrivesOn;
    return { ...base, coveredBy: "inbound" as const, arrival: last, arrivesOn, eta: addBusinessDaysToDate(arrivesOn, input.handlingDays, input.calendar) };
  });

  if (!lines.length) {
    const nothing = { lines, eta: null, arrival: null, arrivesOn: null };
    if (!input.orderable) return { ...nothing, status: "nothing_owed" };
    if (input.available > 0) return { ...nothing, status: "stock" };
    const first = queue[0]?.arrival;
    if (!first?.arrivesOn) return { ...nothing, status: "uncovered" };
    const arrivesOn = compareLocalDates(first.arrivesOn, input.today) < 0 ? input.today : first.arrivesOn;
    return { lines, status: "inbound", eta: addBusinessDaysToDate(arrivesOn, input.handlingDays, input.calendar), arrival: first, arrivesOn };
  }
  if (lines.some((l) => l.coveredBy === null)) return { lines, status: "uncovered", eta: null, arrival: null, arrivesOn: null };
  const byInbound = lines.filter((l) => l.coveredBy === "inbound");
  if (!byInbound.length) return { lines, status: "stock", eta: null, arrival: null, arrivesOn: null };
  // Lines are covered in order, so the newest covered line has the latest ETA.
  const last = byInbound[byInbound.length - 1];
  return { lines, status: "inbound", eta: last.eta, arrival: last.arrival, arrivesOn: last.arrivesOn };
}
