// Delay notices: for open backordered order lines (of one variant, or all of a shop's), compare the line's current
// effective ETA with the date the shopper was last told (BackorderLine.etaCurrent) and queue a `delay_notice` email
// when it moved later or passed without fulfilment (the decision is app/domain/delay-notice.ts).
//
// Once per line, whatever happens twice: each line is handled in ONE transaction that compare-and-sets etaCurrent
// (only if it is still what this scan read), queues the email with the key `delay/<lineId>/<newEta>` (or
// `delay/<lineId>/overdue-<missed date>`), and counts the notice. A second scan, a concurrent scan, or the ETA set
// again to the same date finds etaCurrent already equal to the new date and sends nothing. An ETA change for a
// variant with 500 owed lines therefore sends 500 emails, one each.
//
// Triggers: `orders.delay-scan` jobs requested wherever an ETA is persisted (writeBackorderChanges: merchant edits,
// bulk actions, rules, CSV import), and a daily full scan just after the shop's local midnight for dates that
// passed (scheduleDailyDelayScan; each run schedules the next, keyed per hour so repeats are no-ops).
//
// ShopSettings.sendDelayNotices off: the scan changes nothing — etaCurrent keeps the date the shopper was really
// told, so turning notices on later tells shoppers about delays that are still true (never about ones that are not).
import { decideDelayNotice, effectiveLineEta, nextDailyScanAt } from "../domain/delay-notice";
import { todayIn } from "../domain/eta";
import {
  countDelayNotice,
  enqueueDailyDelayScan,
  listDelayScanLines,
  listVariantEtaSettings,
  setToldEtaIfUnchanged,
} from "../models/delay-notice.server";
import { enqueueEmail } from "../models/email-outbox.server";
import { loadOrderEmailSwitches } from "../models/notification-settings.server";
import { requestOrderActionsSync } from "../models/order-jobs.server";
import { isShopInstalled } from "../models/shop.server";
import { inTransaction } from "../models/transaction.server";
import { getShopSettings } from "./shop-settings.server";

/** Lines read per page of a scan. */
const SCAN_PAGE = 500;

export type DelayScanResult = {
  skipped: "uninstalled" | "disabled" | null;
  linesScanned: number;
  noticesQueued: number;
};

export async function runDelayNoticeScan(input: { shop: string; variantId?: string | null; now: Date }): Promise<DelayScanResult> {
  const { shop, now } = input;
  if (!(await isShopInstalled(shop))) return { skipped: "uninstalled", linesScanned: 0, noticesQueued: 0 };
  const sending = await loadOrderEmailSwitches(shop);
  if (sending && !sending.sendDelayNotices) return { skipped: "disabled", linesScanned: 0, noticesQueued: 0 };

  const settings = await getShopSettings(shop);
  const calendar = { timeZone: settings.timeZone, weekendDays: settings.weekendDays, holidays: settings.holidays };
  const today = todayIn(settings.timeZone, now);
  const result: DelayScanResult = { skipped: null, linesScanned: 0, noticesQueued: 0 };

  let after: string | null = null;
  for (;;) {
    const lines = await listDelayScanLines(shop, { variantId: input.variantId ?? null, after, take: SCAN_PAGE });
    if (!lines.length) break;
    after = lines[lines.length - 1].id;
    const variantIds = [...new Set(lines.map((line) => line.variantId))];
    const configs = await listVariantEtaSettings(shop, variantIds);
    const configByVariant = new Map(configs.map((c) => [c.variantId, c]));

    for (const line of lines) {
      result.linesScanned++;
      // Units that arrived and wait to ship (allocated) are not delayed; only what is still missing is.
      const waiting = line.quantityBackordered - line.quantityResolved - line.quantityAllocated;
      if (waiting <= 0 || !line.customerEmail) continue;
      const effectiveEta = effectiveLineEta({ orderedAt: line.orderedAt, settings: configByVariant.get(line.variantId) ?? null, calendar });
      const decision = decideDelayNotice({ line, effectiveEta, today });
      if (!decision.notify) continue;
      const queued = await inTransaction(async (tx) => {
        // Compare-and-set: only if no other scan told this shopper something since we read the line.
        if (!(await setToldEtaIfUnchanged(line, decision.nextEtaCurrent, tx))) return false;
        // The order's ETA note and metafield show etaCurrent: bring them to the date the shopper is told now.
        await requestOrderActionsSync(tx, { shop, orderId: line.orderId, now });
        const email = await enqueueEmail(tx, {
          shop,
          kind: "delay_notice",
          idempotencyKey: `delay/${line.id}/${decision.keySuffix}`,
          toEmail: line.customerEmail!,
          locale: line.customerLocale ?? "en",
          data: {
            backorderLineId: line.id,
            orderId: line.orderId,
            previousEta: decision.previousEta,
            newEta: decision.newEta,
            missed: decision.missed,
          },
          reason: delayReason(decision),
          runAt: now,
        });
        if (email.created) await countDelayNotice(line.id, tx);
        return email.created;
      });
      if (queued) result.noticesQueued++;
    }
    if (lines.length < SCAN_PAGE) break;
  }
  return result;
}

function delayReason(decision: { kind: string; previousEta: string | null; newEta: string | null }): string {
  if (decision.kind === "overdue") return `ETA ${decision.previousEta} passed without fulfilment; no new date yet`;
  if (decision.kind === "new_date") return `New ETA ${decision.newEta} after a missed date`;
  return `ETA moved from ${decision.previousEta} to ${decision.newEta}`;
}

/** Job key of the daily scan: one per shop and hour, so scheduling it again is a no-op. */
export function dailyDelayScanKey(runAt: Date): string {
  return `delay-scan-daily:${runAt.toISOString().slice(0, 13)}`;
}

/** Makes sure the shop's next daily overdue scan (just after its local midnight) is queued. */
export async function scheduleDailyDelayScan(shop: string, now: Date): Promise<void> {
  const { timeZone } = await getShopSettings(shop);
  const runAt = nextDailyScanAt(now, timeZone);
  await enqueueDailyDelayScan({ shop, idempotencyKey: dailyDelayScanKey(runAt), runAt });
}
