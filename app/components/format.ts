// Display formatting shared by the admin pages. Deterministic on server and client (fixed locale, UTC for
// calendar dates) so server-rendered HTML hydrates without mismatches.

const dateFormat = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", year: "numeric", month: "short", day: "numeric" });

/** "2026-12-01" → "Dec 1, 2026" (a calendar date, no time zone shift). */
export function formatLocalDate(date: string | null | undefined): string {
  if (!date || !/^\d{4}-\d{2}-\d{2}$/.test(date)) return date ?? "";
  const value = new Date(`${date}T00:00:00Z`);
  return Number.isNaN(value.getTime()) ? date : dateFormat.format(value);
}

/** An instant in the shop's time zone, e.g. "Dec 1, 2026, 3:04 PM". */
export function formatDateTime(iso: string, timeZone: string): string {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(iso));
  } catch {
    return new Date(iso).toISOString().replace("T", " ").slice(0, 16) + " UTC";
  }
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count.toLocaleString("en-US")} ${count === 1 ? singular : pluralForm}`;
}

/** "Dec 1, 2026" (fixed date), "5 business days" (lead time), or null when neither is set. */
export function formatEta(eta: { etaDate: string | null; leadTimeDays: number | null; businessDays?: boolean }): string | null {
  if (eta.etaDate) return formatLocalDate(eta.etaDate);
  if (eta.leadTimeDays !== null) {
    const unit = eta.businessDays === false ? "day" : "business day";
    return plural(eta.leadTimeDays, unit);
  }
  return null;
}

/** The numeric tail of a Shopify GID ("gid://shopify/ProductVariant/42" → "42"). */
export function legacyId(gid: string): string {
  return gid.split("/").pop() ?? gid;
}
