// How the Forecast pages write dates, intervals, quantities and money. Deterministic on server and client (fixed
// locale, calendar dates read as UTC) so server-rendered HTML hydrates without mismatches.
import { centsToDecimal } from "../../domain/dashboard";

const shortDate = new Intl.DateTimeFormat("en-US", { timeZone: "UTC", month: "short", day: "numeric" });

/** "2026-12-15" → "Dec 15". */
export function formatShortDate(day: string | null | undefined): string {
  if (!day || !/^\d{4}-\d{2}-\d{2}$/.test(day)) return day ?? "";
  const value = new Date(`${day}T00:00:00Z`);
  return Number.isNaN(value.getTime()) ? day : shortDate.format(value);
}

/**
 * The 80% stock-out interval as the page states it: "Dec 12 – Dec 20 (likely Dec 15)"; an open end when the late
 * bound is past the forecast horizon; null when no stock-out is predicted.
 */
export function formatStockOutInterval(
  interval: { earliest: string | null; likely: string | null; latest: string | null },
  today?: string,
): string | null {
  const { earliest, likely, latest } = interval;
  if (!earliest) return null;
  // Nothing left for new orders today: the interval is one day, and that day is now.
  if (today && earliest <= today && latest !== null && latest <= today) return "Now (no stock left for new orders)";
  if (earliest === latest && (likely === null || likely === earliest)) return formatShortDate(earliest);
  const range = latest ? `${formatShortDate(earliest)} – ${formatShortDate(latest)}` : `${formatShortDate(earliest)} or later`;
  return likely ? `${range} (likely ${formatShortDate(likely)})` : range;
}

export const units = (value: number) => value.toLocaleString("en-US", { maximumFractionDigits: 0 });

/** Days of cover: "2.5 days", "Out of stock" at 0, "More than a year" when it does not run out within the horizon. */
export function formatDaysOfCover(days: number | null): string {
  if (days === null) return "More than a year";
  if (days <= 0) return "Out of stock";
  const rounded = days < 10 ? Math.round(days * 10) / 10 : Math.round(days);
  return `${rounded.toLocaleString("en-US")} ${rounded === 1 ? "day" : "days"}`;
}

export function formatRate(perDay: number): string {
  if (perDay <= 0) return "0 per day";
  if (perDay < 1) return `${(perDay * 7).toLocaleString("en-US", { maximumFractionDigits: 1 })} per week`;
  return `${perDay.toLocaleString("en-US", { maximumFractionDigits: 1 })} per day`;
}

export function formatMoney(cents: number | null, currencyCode: string): string {
  if (cents === null) return "—";
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).format(Number(centsToDecimal(cents)));
  } catch {
    return `${centsToDecimal(cents)} ${currencyCode}`;
  }
}

export function formatMase(mase: number): string {
  return mase.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function variantName(row: { productTitle: string; variantTitle: string }): string {
  return row.variantTitle && row.variantTitle !== "Default Title" ? `${row.productTitle} – ${row.variantTitle}` : row.productTitle;
}
