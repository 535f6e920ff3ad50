// Persistence of delay notices (app/services/delay-notices.server.ts decides when a shopper is told): the open
// lines a scan reads page by page, the ETA settings of their variants, the compare-and-set of the date a shopper
// was told (BackorderLine.etaCurrent), the notice count, and the daily scan's job. etaCurrent and
// delayNoticeCount are not inputs of Variant.backorderState, so no state is re-derived.
import type { BackorderLine } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

import { DELAY_NOTICE_SCAN_JOB } from "./order-jobs.server";
import { enqueue } from "../jobs/enqueue.server";

/** One page of a shop's open lines with a customer email (of one variant, when given), by id after `after`. */
export function listDelayScanLines(
  shop: string,
  page: { variantId: string | null; after: string | null; take: number },
  db: Db = prisma,
): Promise<BackorderLine[]> {
  return db.backorderLine.findMany({
    where: {
      shop,
      status: "open",
      customerEmail: { not: null },
      ...(page.variantId ? { variantId: page.variantId } : {}),
      ...(page.after ? { id: { gt: page.after } } : {}),
    },
    orderBy: { id: "asc" },
    take: page.take,
  });
}

export type VariantEtaSettings = { variantId: string; etaDate: string | null; leadTimeDays: number | null; businessDays: boolean };

/** The ETA settings (date or lead time) of the variants that have a backorder row. */
export function listVariantEtaSettings(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<VariantEtaSettings[]> {
  return db.variantBackorder.findMany({
    where: { shop, variantId: { in: [...variantIds] } },
    select: { variantId: true, etaDate: true, leadTimeDays: true, businessDays: true },
  });
}

/**
 * Sets the date the shopper is told, only if the open line still has the etaCurrent and notice count the scan read
 * (so two scans never tell the same change twice). True when this call set it.
 */
export async function setToldEtaIfUnchanged(
  line: { id: string; shop: string; etaCurrent: string | null; delayNoticeCount: number },
  etaCurrent: string | null,
  db: Db = prisma,
): Promise<boolean> {
  const { count } = await db.backorderLine.updateMany({
    where: { id: line.id, shop: line.shop, status: "open", etaCurrent: line.etaCurrent, delayNoticeCount: line.delayNoticeCount },
    data: { etaCurrent },
  });
  return count === 1;
}

export async function countDelayNotice(lineId: string, db: Db = prisma): Promise<void> {
  await db.backorderLine.update({ where: { id: lineId }, data: { delayNoticeCount: { increment: 1 } } });
}

/** Queues a daily scan at `runAt` (a no-op when the key is queued already). */
export async function enqueueDailyDelayScan(job: { shop: string; idempotencyKey: string; runAt: Date }, db: Db = prisma): Promise<void> {
  await enqueue({ ...job, type: DELAY_NOTICE_SCAN_JOB, payload: { daily: true } }, db);
}
