// Deletes finished background work past its retention (app/domain/retention.ts): done and dead Job rows and old
// WebhookReceipt rows, in batches so no statement holds the database for long (SQLite has one writer). Each run
// deletes at most maxBatches × batchSize rows of each kind; the next run takes the rest. Queued and running jobs are
// never touched. Run by every worker process now and then (app/jobs/worker.server.ts); two processes pruning at
// once only delete the same rows twice over.
//
// Sales history rows (VariantSalesDay, OrderSalesLine) go by their day, 2 years back (app/models/sales-history.server.ts).
//
// A pruned job's idempotency key can be used again: keys are per event, hour, message or batch, none of which
// recurs after 14 days.

import prisma from "#app/db.server";
import { groupBy } from "#app/domain/collections";
import { retentionCutoffs, type RetentionPolicy } from "#app/domain/retention";
import { pruneSalesHistory } from "./sales-history.server";

export type PruneResult = { jobs: number; webhookReceipts: number; salesDays: number; orderSalesLines: number };

export async function pruneFinishedRecords(input: {
  now: Date;
  policy?: RetentionPolicy;
  batchSize?: number;
  maxBatches?: number;
}): Promise<PruneResult> {
  const cutoffs = retentionCutoffs(input.now, input.policy);
  const batchSize = input.batchSize ?? 5_000;
  const maxBatches = input.maxBatches ?? 40;
  const result: PruneResult = { jobs: 0, webhookReceipts: 0, salesDays: 0, orderSalesLines: 0 };

  for (let batch = 0; batch < maxBatches; batch++) {
    const expired = await prisma.job.findMany({
      where: {
        OR: [
          { status: "done", finishedAt: { lt: cutoffs.doneJobsBefore } },
          { status: "dead", finishedAt: { lt: cutoffs.deadJobsBefore } },
        ],
      },
      select: { id: true },
      take: batchSize,
    });
    if (expired.length) {
      // The status guard again: a row cannot leave done/dead, but the delete states what it may remove.
      const { count } = await prisma.job.deleteMany({ where: { id: { in: expired.map((j) => j.id) }, status: { in: ["done", "dead"] } } });
      result.jobs += count;
    }
    if (expired.length < batchSize) break;
  }

  for (let batch = 0; batch < maxBatches; batch++) {
    const expired = await prisma.webhookReceipt.findMany({
      where: { receivedAt: { lt: cutoffs.webhookReceiptsBefore } },
      select: { shop: true, webhookId: true },
      take: batchSize,
    });
    for (const receipts of groupBy(expired, (receipt) => receipt.shop)) {
      const where = { shop: receipts[0].shop, webhookId: { in: receipts.map((receipt) => receipt.webhookId) } };
      const { count } = await prisma.webhookReceipt.deleteMany({ where });
      result.webhookReceipts += count;
    }
    if (expired.length < batchSize) break;
  }

  const sales = await pruneSalesHistory(cutoffs.salesHistoryBefore);
  result.salesDays = sales.salesDays;
  result.orderSalesLines = sales.orderSalesLines;
  return result;
}
