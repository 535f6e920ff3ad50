// How long finished background work is kept. Pure: the caller passes now.
//
// Every webhook leaves a WebhookReceipt (the X-Shopify-Webhook-Id dedupe) and a Job row, and every email, batch and
// reconciliation a Job row; a busy shop writes tens of thousands a day. Kept forever they grow the tables and every
// index the queue reads. What the rows are still needed for:
//   - receipts: deduping Shopify's retries, which end 4 hours after the event (8 retries; 48 h under the policy
//     before 2024-09) — 14 days is far past both;
//   - finished jobs: a merchant polling a bulk change or CSV import's progress (minutes), support looking at what
//     ran (days). Done jobs go after 14 days; dead ones (every attempt failed) stay 30 days for diagnosis;
//   - queued and running jobs are never pruned, whatever their age;
//   - sales history (VariantSalesDay, OrderSalesLine): the forecast reads up to a year with a weekly season, and a
//     year-on-year comparison needs the year before — 2 years (730 days), by the row's day.

const DAY_MS = 24 * 60 * 60 * 1000;

export type RetentionPolicy = { doneJobDays: number; deadJobDays: number; webhookReceiptDays: number; salesHistoryDays: number };

export const RETENTION: RetentionPolicy = { doneJobDays: 14, deadJobDays: 30, webhookReceiptDays: 14, salesHistoryDays: 730 };

export type RetentionCutoffs = {
  doneJobsBefore: Date;
  deadJobsBefore: Date;
  webhookReceiptsBefore: Date;
  /** Sales-history rows of days before this one (YYYY-MM-DD, UTC: within a day of every shop's own date) may go. */
  salesHistoryBefore: string;
};

/** Rows finished (jobs) or received (receipts) before these times may be deleted. */
export function retentionCutoffs(now: Date, policy: RetentionPolicy = RETENTION): RetentionCutoffs {
  for (const [name, days] of Object.entries(policy)) {
    if (!Number.isFinite(days) || days < 1) throw new Error(`Retention ${name} must be at least 1 day (got ${days}).`);
  }
  const before = (days: number) => new Date(now.getTime() - days * DAY_MS);
  return {
    doneJobsBefore: before(policy.doneJobDays),
    deadJobsBefore: before(policy.deadJobDays),
    webhookReceiptsBefore: before(policy.webhookReceiptDays),
    salesHistoryBefore: before(policy.salesHistoryDays).toISOString().slice(0, 10),
  };
}
