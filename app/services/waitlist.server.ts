// The merchant's Waitlist: restock-alert demand per variant, each variant's subscribers with the history of the
// emails sent to them ("why was this sent"), and the subscriber CSV export. Reads only the local tables (never
// Shopify). Sending and pausing are the restock fan-out's (app/services/restock-fanout.server.ts).

import { loadWaitlistVariants } from "#app/models/alert-catalog.server";
import { listSubscriptionEmails } from "#app/models/email-outbox.server";
import { listRecentRestockEvents } from "#app/models/restock-event.server";
import { countSubscriptionsByVariant, listSubscriptionsPage, listVariantSubscriptions } from "#app/models/restock-subscription.server";
import { WAITLIST_PAGE_SIZE } from "#app/schemas/waitlist";
import { getShopSettings } from "./shop-settings.server";

/** Statuses that still wait for an alert: confirmed (active) and not-yet-confirmed (pending). */
const WAITING_STATUSES = ["active", "pending"] as const;
export const SUBSCRIBERS_MAX_ROWS = 1_000;

export type WaitlistRow = {
  variantId: string;
  productId: string;
  productTitle: string;
  variantTitle: string;
  sku: string | null;
  imageUrl: string | null;
  /** null when the variant is no longer in the catalog mirror. */
  state: string | null;
  available: number | null;
  /** Confirmed subscribers still waiting (status active). */
  waiting: number;
  /** Signed up, not confirmed yet (double opt-in). */
  pending: number;
  /** Oldest signup among the waiting and pending ones (ISO). */
  oldestSignupAt: string | null;
  notified: number;
  converted: number;
  highDemand: boolean;
  alertsPaused: boolean;
};

export type WaitlistOverview = {
  rows: WaitlistRow[];
  totals: { variants: number; waiting: number; pending: number; notified: number; converted: number };
  highDemandThreshold: number;
  alertsAutoSend: boolean;
  timeZone: string;
  /** Which slice of the ranking `rows` is: 1-based page of `pageCount`, ranks `firstRank`..`lastRank` of totals.variants. */
  page: { number: number; pageCount: number; firstRank: number; lastRank: number };
};

type Counts = { waiting: number; pending: number; notified: number; converted: number; oldest: Date | null };

async function countsByVariant(shop: string, variantIds?: string[]): Promise<Map<string, Counts>> {
  const { byStatus, oldestOpen, converted } = await countSubscriptionsByVariant(shop, { variantIds, openStatuses: WAITING_STATUSES });
  const counts = new Map<string, Counts>();
  const entry = (variantId: string) => {
    let value = counts.get(variantId);
    if (!value) counts.set(variantId, (value = { waiting: 0, pending: 0, notified: 0, converted: 0, oldest: null }));
    return value;
  };
  for (const row of byStatus) {
    const value = entry(row.variantId);
    if (row.status === "active") value.waiting += row.count;
    else if (row.status === "pending") value.pending += row.count;
    else if (row.status === "notified") value.notified += row.count;
  }
  for (const row of oldestOpen) entry(row.variantId).oldest = row.oldest;
  for (const row of converted) entry(row.variantId).converted = row.count;
  return counts;
}

function waitlistRow(
  variantId: string,
  c: Counts,
  described: Awaited<ReturnType<typeof loadWaitlistVariants>>,
  highDemandThreshold: number,
): WaitlistRow {
  const variant = described.variants.get(variantId);
  return {
    variantId,
    productId: variant?.productId ?? "",
    productTitle: variant?.product?.title ?? "Deleted product",
    variantTitle: variant?.title ?? "",
    sku: variant?.sku ?? null,
    imageUrl: variant?.imageUrl ?? variant?.product?.imageUrl ?? null,
    state: variant?.backorderState ?? null,
    available: variant?.availableTotal ?? null,
    waiting: c.waiting,
    pending: c.pending,
    oldestSignupAt: c.oldest?.toISOString() ?? null,
    notified: c.notified,
    converted: c.converted,
    highDemand: c.waiting >= highDemandThreshold,
    alertsPaused: described.paused.has(variantId),
  };
}

/**
 * Demand ranking: variants with someone waiting (confirmed or pending), most confirmed waiting first, one page of
 * WAITLIST_PAGE_SIZE at a time (a page past the end shows the last page). The totals cover the whole shop.
 */
export async function getWaitlistOverview(shop: string, options: { page?: number } = {}): Promise<WaitlistOverview> {
  const [settings, counts] = await Promise.all([getShopSettings(shop), countsByVariant(shop)]);
  const ranked = [...counts.entries()]
    .filter(([, c]) => c.waiting + c.pending > 0)
    .sort(([aId, a], [bId, b]) =>
      b.waiting - a.waiting ||
      b.pending - a.pending ||
      (a.oldest?.getTime() ?? Infinity) - (b.oldest?.getTime() ?? Infinity) ||
      aId.localeCompare(bId),
    );
  const pageCount = Math.max(1, Math.ceil(ranked.length / WAITLIST_PAGE_SIZE));
  const pageNumber = Math.min(Math.max(1, Math.floor(options.page ?? 1)), pageCount);
  const offset = (pageNumber - 1) * WAITLIST_PAGE_SIZE;
  const shown = ranked.slice(offset, offset + WAITLIST_PAGE_SIZE);
  const described = await loadWaitlistVariants(shop, shown.map(([id]) => id));
  const rows = shown.map(([variantId, c]) => waitlistRow(variantId, c, described, settings.highDemandThreshold));
  const all = [...counts.values()];
  const sum = (pick: (c: Counts) => number) => all.reduce((total, c) => total + pick(c), 0);
  return {
    rows,
    totals: {
      variants: ranked.length,
      waiting: sum((c) => c.waiting),
      pending: sum((c) => c.pending),
      notified: sum((c) => c.notified),
      converted: sum((c) => c.converted),
    },
    highDemandThreshold: settings.highDemandThreshold,
    alertsAutoSend: settings.alertsAutoSend,
    timeZone: settings.timeZone,
    page: { number: pageNumber, pageCount, firstRank: shown.length ? offset + 1 : 0, lastRank: offset + shown.length },
  };
}

export type SubscriberEmail = {
  kind: string;
  status: string;
  reason: string | null;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
};

export type WaitlistSubscriber = {
  id: string;
  email: string;
  locale: string;
  status: string;
  signedUpAt: string;
  confirmedAt: string | null;
  notifiedAt: string | null;
  convertedAt: string | null;
  convertedOrderId: string | null;
  unsubscribedAt: string | null;
  emails: SubscriberEmail[];
};

export type WaitlistVariantDetail = {
  row: WaitlistRow;
  subscribers: WaitlistSubscriber[];
  truncated: boolean;
  alertsAutoSend: boolean;
  timeZone: string;
  recentEvents: Array<{ id: string; detectedAt: string; trigger: string; triggeredBy: string | null; notifiedCount: number; status: string }>;
};

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** One variant's waitlist: its numbers, subscribers (newest first) with their email history. Null if unknown. */
export async function getWaitlistVariant(shop: string, variantId: string): Promise<WaitlistVariantDetail | null> {
  const [settings, counts, described, subscriptions, events] = await Promise.all([
    getShopSettings(shop),
    countsByVariant(shop, [variantId]),
    loadWaitlistVariants(shop, [variantId]),
    listVariantSubscriptions(shop, variantId, SUBSCRIBERS_MAX_ROWS + 1),
    listRecentRestockEvents(shop, variantId, 10),
  ]);
  const variant = described.variants.get(variantId);
  if (!variant && subscriptions.length === 0) return null;
  const shown = subscriptions.slice(0, SUBSCRIBERS_MAX_ROWS);
  const messages = shown.length
    ? await listSubscriptionEmails(shop, shown.map((s) => s.id))
    : [];
  const emailsBySubscription = new Map<string, SubscriberEmail[]>();
  for (const m of messages) {
    const list = emailsBySubscription.get(m.subscriptionId!) ?? [];
    list.push({ kind: m.kind, status: m.status, reason: m.reason, createdAt: m.createdAt.toISOString(), sentAt: iso(m.sentAt), lastError: m.lastError });
    emailsBySubscription.set(m.subscriptionId!, list);
  }
  const c = counts.get(variantId) ?? { waiting: 0, pending: 0, notified: 0, converted: 0, oldest: null };
  return {
    row: waitlistRow(variantId, c, described, settings.highDemandThreshold),
    subscribers: shown.map((s) => ({
      id: s.id,
      email: s.email,
      locale: s.locale,
      status: s.status,
      signedUpAt: s.createdAt.toISOString(),
      confirmedAt: iso(s.confirmedAt),
      notifiedAt: iso(s.notifiedAt),
      convertedAt: iso(s.convertedAt),
      convertedOrderId: s.convertedOrderId,
      unsubscribedAt: iso(s.unsubscribedAt),
      emails: emailsBySubscription.get(s.id) ?? [],
    })),
    truncated: subscriptions.length > shown.length,
    alertsAutoSend: settings.alertsAutoSend,
    timeZone: settings.timeZone,
    recentEvents: events.map((e) => ({
      id: e.id,
      detectedAt: e.detectedAt.toISOString(),
      trigger: e.trigger,
      triggeredBy: e.triggeredBy,
      notifiedCount: e.notifiedCount,
      status: e.status,
    })),
  };
}

// ---------------------------------------------------------------------------------------------------------
// CSV export

export const WAITLIST_CSV_HEADER = [
  "product_title", "variant_title", "sku", "variant_id", "email", "status", "locale",
  "signed_up_at", "confirmed_at", "notified_at", "converted_at", "converted_order_id", "unsubscribed_at",
] as const;

/**
 * A CSV cell that is safe to open in a spreadsheet: quoted when needed, and a leading =, +, -, @, tab or CR (a
 * formula to Excel/Sheets — shopper-typed emails and merchant-typed titles reach here) is neutralised with a '.
 */
export function safeCsvCell(value: string | number | null | undefined): string {
  let cell = value === null || value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(cell)) cell = `'${cell}`;
  return /[",\r\n]/.test(cell) || cell !== cell.trim() ? `"${cell.replace(/"/g, '""')}"` : cell;
}

const csvLine = (cells: ReadonlyArray<string | number | null | undefined>) => `${cells.map(safeCsvCell).join(",")}\r\n`;

export function waitlistCsvFileName(shop: string, now: Date, variantId?: string): string {
  const store = shop.replace(/\.myshopify\.com$/, "");
  const suffix = variantId ? `-variant-${variantId.split("/").pop()}` : "";
  return `waitlist-${store}${suffix}-${now.toISOString().slice(0, 10)}.csv`;
}

/** Every subscriber of the shop (or of one variant), in pages, as CSV text chunks (header first, UTF-8 BOM). */
export async function* streamWaitlistCsv(shop: string, options: { variantId?: string; pageSize?: number } = {}): AsyncGenerator<string> {
  const pageSize = options.pageSize ?? 500;
  yield `\uFEFF${csvLine(WAITLIST_CSV_HEADER)}`;
  let cursor: string | undefined;
  for (;;) {
    const page = await listSubscriptionsPage(shop, { variantId: options.variantId, cursor, take: pageSize });
    if (page.length === 0) return;
    const { variants } = await loadWaitlistVariants(shop, [...new Set(page.map((s) => s.variantId))]);
    let chunk = "";
    for (const s of page) {
      const variant = variants.get(s.variantId);
      chunk += csvLine([
        variant?.product?.title ?? "", variant?.title ?? "", variant?.sku ?? "", s.variantId, s.email, s.status, s.locale,
        s.createdAt.toISOString(), iso(s.confirmedAt), iso(s.notifiedAt), iso(s.convertedAt), s.convertedOrderId, iso(s.unsubscribedAt),
      ]);
    }
    yield chunk;
    if (page.length < pageSize) return;
    cursor = page[page.length - 1].id;
  }
}
