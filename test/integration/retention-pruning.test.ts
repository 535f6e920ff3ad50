// Retention of finished background work (app/domain/retention.ts, app/models/retention.server.ts) on the real
// database of each project: what is pruned, what never is, batching, and the worker doing it on its own.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { startJobWorker } from "#app/jobs/worker.server";
import { pruneFinishedRecords } from "#app/models/retention.server";
import { waitFor } from "../support/demo-stack";

const NOW = new Date("2026-11-24T09:00:00Z");
const daysAgo = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const SHOPS = ["retention-a.myshopify.com", "retention-b.myshopify.com"];

async function seedJob(shop: string, key: string, status: string, finishedDaysAgo: number | null, runDaysAgo = finishedDaysAgo ?? 0) {
  await prisma.job.create({
    data: { shop, type: "x", idempotencyKey: key, status, runAt: daysAgo(runDaysAgo), createdAt: daysAgo(runDaysAgo), finishedAt: finishedDaysAgo === null ? null : daysAgo(finishedDaysAgo) },
  });
}

async function seedReceipt(shop: string, webhookId: string, receivedDaysAgo: number) {
  await prisma.webhookReceipt.create({ data: { shop, webhookId, topic: "INVENTORY_LEVELS_UPDATE", receivedAt: daysAgo(receivedDaysAgo) } });
}

const remainingJobs = async () => (await prisma.job.findMany({ select: { shop: true, idempotencyKey: true } })).map((j) => `${j.shop.slice(10, 11)}:${j.idempotencyKey}`).sort();
const remainingReceipts = async () => (await prisma.webhookReceipt.findMany({ select: { shop: true, webhookId: true } })).map((r) => `${r.shop.slice(10, 11)}:${r.webhookId}`).sort();

beforeEach(async () => {
  await prisma.job.deleteMany();
  await prisma.webhookReceipt.deleteMany();
  for (const shop of SHOPS) {
    for (let i = 0; i < 3; i++) await seedJob(shop, `done-old-${i}`, "done", 15 + i);
    await seedJob(shop, "done-recent", "done", 13);
    await seedJob(shop, "dead-20d", "dead", 20);
    await seedJob(shop, "dead-31d", "dead", 31);
    await seedJob(shop, "queued-100d", "queued", null, 100);
    await seedJob(shop, "running-100d", "running", null, 100);
    for (let i = 0; i < 3; i++) await seedReceipt(shop, `receipt-old-${i}`, 15 + i);
    await seedReceipt(shop, "receipt-recent", 13);
  }
});

const KEPT_JOBS = SHOPS.flatMap((shop) => ["dead-20d", "done-recent", "queued-100d", "running-100d"].map((key) => `${shop.slice(10, 11)}:${key}`)).sort();
const KEPT_RECEIPTS = SHOPS.map((shop) => `${shop.slice(10, 11)}:receipt-recent`).sort();

describe("retention of finished jobs and webhook receipts", () => {
  it("GIVEN jobs and receipts of every age and status in two shops WHEN pruned in batches of 2 THEN only done > 14 d, dead > 30 d and receipts > 14 d go", async () => {
    expect(await pruneFinishedRecords({ now: NOW, batchSize: 2 })).toEqual({ jobs: 8, webhookReceipts: 6, salesDays: 0, orderSalesLines: 0 });
    expect(await remainingJobs()).toEqual(KEPT_JOBS);
    expect(await remainingReceipts()).toEqual(KEPT_RECEIPTS);
    // Nothing left to prune.
    expect(await pruneFinishedRecords({ now: NOW, batchSize: 2 })).toEqual({ jobs: 0, webhookReceipts: 0, salesDays: 0, orderSalesLines: 0 });
  });

  it("GIVEN more expired rows than one run may delete THEN a run stops at its bound and the next takes the rest", async () => {
    expect(await pruneFinishedRecords({ now: NOW, batchSize: 3, maxBatches: 1 })).toEqual({ jobs: 3, webhookReceipts: 3, salesDays: 0, orderSalesLines: 0 });
    expect(await pruneFinishedRecords({ now: NOW, batchSize: 3, maxBatches: 1 })).toEqual({ jobs: 3, webhookReceipts: 3, salesDays: 0, orderSalesLines: 0 });
    expect(await pruneFinishedRecords({ now: NOW, batchSize: 3, maxBatches: 1 })).toEqual({ jobs: 2, webhookReceipts: 0, salesDays: 0, orderSalesLines: 0 });
    expect(await remainingJobs()).toEqual(KEPT_JOBS);
    expect(await remainingReceipts()).toEqual(KEPT_RECEIPTS);
  });

  it("GIVEN a worker process starts THEN it prunes by the wall clock without being asked", async () => {
    // Only finished rows here (the worker would run the others), relative to the real clock: expired by a wide
    // margin, and one done yesterday that stays.
    await prisma.job.deleteMany({ where: { status: { in: ["queued", "running"] } } });
    await prisma.job.updateMany({ where: { status: "done" }, data: { finishedAt: new Date(Date.now() - 400 * 86_400_000) } });
    await prisma.job.update({ where: { shop_idempotencyKey: { shop: SHOPS[0], idempotencyKey: "done-recent" } }, data: { finishedAt: new Date(Date.now() - 86_400_000) } });
    const worker = startJobWorker({ handlers: {}, idleMs: 50 });
    try {
      await waitFor(() => prisma.job.count({ where: { status: "done" } }), (done) => done === 1, 15_000);
    } finally {
      await worker.stop();
    }
    expect(await prisma.job.findMany({ where: { status: "done" }, select: { idempotencyKey: true } })).toEqual([{ idempotencyKey: "done-recent" }]);
  });
});
