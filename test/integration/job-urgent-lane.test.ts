// The urgent lane of the job queue (issue 16): the jobs that refresh the sellable figure the checkout validation
// reads (URGENT_JOB_TYPES) are claimed before older jobs of other types, each lane oldest first; on PostgreSQL their
// pg-boss wake-ups are fetched first too. And a job queued by this process wakes its idle worker at once: the worker
// here pauses 60 s when idle, so a job that runs within seconds was run because of the wake, not by polling.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { enqueue } from "#app/jobs/enqueue.server";
import { EMAIL_SEND_JOB, ORDER_SYNC_ACTIONS_JOB, STOREFRONT_SYNC_JOB, URGENT_JOB_TYPES, webhookJobType } from "#app/jobs/job-types";
import { jobQueueKind } from "#app/jobs/queue/job-queue.server";
import { JOB_WAKEUP_QUEUE, startPgBossConsumer } from "#app/jobs/queue/pg-boss.server";
import { runDueJobs, startJobWorker, type JobHandlers, type RunningWorker } from "#app/jobs/worker.server";
import { databaseUrl } from "#app/db.server";
import { claimDueJobs, enqueueJob } from "#app/models/job.server";
import { acceptWebhook } from "#app/services/webhook-intake.server";
import { waitFor } from "../support/demo-stack";

const shop = "urgent-lane.myshopify.com";
const t0 = new Date("2026-12-07T12:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const ORDERS_CREATE = webhookJobType("ORDERS_CREATE");
const ORDERS_UPDATED = webhookJobType("ORDERS_UPDATED");
const INVENTORY_UPDATE = webhookJobType("INVENTORY_LEVELS_UPDATE");
const PRODUCTS_UPDATE = webhookJobType("PRODUCTS_UPDATE");

const workers: RunningWorker[] = [];
beforeEach(async () => {
  await prisma.job.deleteMany();
  await prisma.webhookReceipt.deleteMany();
  if (jobQueueKind() === "pg-boss") await prisma.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = $1`, JOB_WAKEUP_QUEUE);
});
afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.stop();
});

/** A mixed backlog, oldest first: three non-urgent jobs older than every urgent one, and one between them. */
async function seedBacklog(): Promise<Record<string, string>> {
  const jobs = [
    { key: "email-1", type: EMAIL_SEND_JOB, ms: 0 },
    { key: "sync-actions-1", type: ORDER_SYNC_ACTIONS_JOB, ms: 1 },
    { key: "products-1", type: PRODUCTS_UPDATE, ms: 2 },
    { key: "orders-create", type: ORDERS_CREATE, ms: 3 },
    { key: "inventory", type: INVENTORY_UPDATE, ms: 4 },
    { key: "email-2", type: EMAIL_SEND_JOB, ms: 5 },
    { key: "orders-updated", type: ORDERS_UPDATED, ms: 6 },
    { key: "storefront", type: STOREFRONT_SYNC_JOB, ms: 7 },
  ];
  const ids: Record<string, string> = {};
  for (const job of jobs) ids[job.key] = (await enqueueJob(prisma, { shop, type: job.type, idempotencyKey: job.key, runAt: at(job.ms) })).id;
  return ids;
}

const keysOf = async (ids: string[]) => {
  const rows = await prisma.job.findMany({ where: { id: { in: ids } }, select: { id: true, idempotencyKey: true } });
  return ids.map((id) => rows.find((row) => row.id === id)!.idempotencyKey);
};

describe("the urgent lane", () => {
  it("lists the jobs that move the checkout figure, and nothing a burst queues besides them", () => {
    expect([...URGENT_JOB_TYPES].sort()).toEqual(
      [ORDERS_CREATE, webhookJobType("ORDERS_CANCELLED"), ORDERS_UPDATED, webhookJobType("REFUNDS_CREATE"), INVENTORY_UPDATE, STOREFRONT_SYNC_JOB].sort(),
    );
  });

  it("GIVEN older non-urgent jobs due WHEN a worker claims THEN the urgent ones come first, each lane oldest first", async () => {
    await seedBacklog();
    const claimed = await claimDueJobs({ workerId: "w1", now: at(10), limit: 10, leaseMs: 60_000 });
    expect(await keysOf(claimed.map((job) => job.id))).toEqual([
      "orders-create", "inventory", "orders-updated", "storefront",
      "email-1", "sync-actions-1", "products-1", "email-2",
    ]);
    // Claimed means claimed: a second worker gets none of them.
    expect(await claimDueJobs({ workerId: "w2", now: at(10), limit: 10, leaseMs: 60_000 })).toEqual([]);
  });

  it("GIVEN more urgent jobs due than a batch holds THEN the batch is all urgent and the older others wait", async () => {
    await seedBacklog();
    const first = await claimDueJobs({ workerId: "w1", now: at(10), limit: 3, leaseMs: 60_000 });
    expect(await keysOf(first.map((job) => job.id))).toEqual(["orders-create", "inventory", "orders-updated"]);
    const second = await claimDueJobs({ workerId: "w1", now: at(10), limit: 3, leaseMs: 60_000 });
    expect(await keysOf(second.map((job) => job.id))).toEqual(["storefront", "email-1", "sync-actions-1"]);
  });

  it("GIVEN an urgent job not yet due THEN the due non-urgent ones are not held back for it", async () => {
    await enqueueJob(prisma, { shop, type: EMAIL_SEND_JOB, idempotencyKey: "email", runAt: at(0) });
    await enqueueJob(prisma, { shop, type: ORDERS_CREATE, idempotencyKey: "later", runAt: at(60_000) });
    const claimed = await claimDueJobs({ workerId: "w1", now: at(10), limit: 10, leaseMs: 60_000 });
    expect(await keysOf(claimed.map((job) => job.id))).toEqual(["email"]);
  });

  it("GIVEN the backlog WHEN the worker drains it THEN it runs the urgent jobs first", async () => {
    await seedBacklog();
    const ran: string[] = [];
    const record = async (job: { type: string }) => void ran.push(job.type);
    const handlers: JobHandlers = Object.fromEntries(
      [EMAIL_SEND_JOB, ORDER_SYNC_ACTIONS_JOB, PRODUCTS_UPDATE, ORDERS_CREATE, INVENTORY_UPDATE, ORDERS_UPDATED, STOREFRONT_SYNC_JOB].map((type) => [type, record]),
    );
    expect(await runDueJobs({ handlers, workerId: "w1", now: () => at(10) })).toBe(8);
    expect(ran).toEqual([ORDERS_CREATE, INVENTORY_UPDATE, ORDERS_UPDATED, STOREFRONT_SYNC_JOB, EMAIL_SEND_JOB, ORDER_SYNC_ACTIONS_JOB, PRODUCTS_UPDATE, EMAIL_SEND_JOB]);
  });

  it.runIf(jobQueueKind() === "pg-boss")("GIVEN pg-boss WHEN a worker fetches wake-ups THEN the urgent jobs' come first, each lane oldest first", async () => {
    const ids = await seedBacklog();
    const consumer = await startPgBossConsumer({ databaseUrl: databaseUrl(), leaseMs: 60_000 });
    try {
      const fetched = await consumer.fetch(10);
      const byId = Object.fromEntries(Object.entries(ids).map(([key, id]) => [id, key]));
      expect(fetched.map((message) => byId[message.jobId])).toEqual([
        "orders-create", "inventory", "orders-updated", "storefront",
        "email-1", "sync-actions-1", "products-1", "email-2",
      ]);
      await consumer.complete(fetched.map((message) => message.messageId));
    } finally {
      await consumer.stop();
    }
  });
});

describe("waking the idle worker", () => {
  const IDLE_MS = 60_000;
  const ranAt = new Map<string, number>();
  let active = 0;
  let mostActive = 0;
  let blockNextEmail = false;
  let release: (() => void) | undefined;
  const handlers: JobHandlers = {
    [ORDERS_CREATE]: async (job) => void ranAt.set(job.id, Date.now()),
    [EMAIL_SEND_JOB]: async (job) => {
      active++;
      mostActive = Math.max(mostActive, active);
      // An email can hold its step open until the test releases it.
      if (blockNextEmail) {
        blockNextEmail = false;
        await new Promise<void>((resolve) => (release = resolve));
      }
      ranAt.set(job.id, Date.now());
      active--;
    },
  };
  const ran = (id: string) => waitFor(async () => ranAt.has(id), Boolean, 10_000);

  /** A worker that has run one job and gone idle: its next look, unless woken, is a minute away. */
  async function idleWorker(): Promise<void> {
    ranAt.clear();
    active = mostActive = 0;
    release = undefined;
    workers.push(startJobWorker({ handlers, idleMs: IDLE_MS }));
    const first = await enqueue({ shop, type: ORDERS_CREATE, payload: { webhookId: "w0", triggeredAt: null, body: {} }, runAt: new Date() });
    await ran(first.id);
    await new Promise((resolve) => setTimeout(resolve, 300)); // the step after it found nothing: the worker sleeps
  }

  it("GIVEN an idle worker WHEN a job is queued without the signal THEN it waits for the idle pause (the control)", async () => {
    await idleWorker();
    const { id } = await enqueueJob(prisma, { shop, type: ORDERS_CREATE, runAt: new Date() });
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(ranAt.has(id)).toBe(false);
  });

  it("GIVEN an idle worker WHEN a webhook's delivery commits THEN its job runs at once, not after the 60 s pause", async () => {
    await idleWorker();
    const queuedAt = Date.now();
    await acceptWebhook({ shop, topic: "ORDERS_CREATE", webhookId: "wake-1", payload: { id: 1 }, receivedAt: new Date() });
    const { id } = await prisma.job.findFirstOrThrow({ where: { idempotencyKey: "webhook:wake-1" } });
    await ran(id);
    expect(ranAt.get(id)! - queuedAt).toBeLessThan(5_000);
  });

  it("GIVEN a step running WHEN jobs are queued THEN they run after it, never in a second step beside it", async () => {
    await idleWorker();
    blockNextEmail = true;
    const blocking = await enqueue({ shop, type: EMAIL_SEND_JOB, payload: { emailMessageId: "m0" }, runAt: new Date() });
    await waitFor(async () => release, (r) => r !== undefined, 10_000);
    const during = [];
    for (let i = 1; i <= 3; i++) during.push((await enqueue({ shop, type: EMAIL_SEND_JOB, payload: { emailMessageId: `m${i}` }, runAt: new Date() })).id);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mostActive).toBe(1);
    expect(during.some((id) => ranAt.has(id))).toBe(false);
    release!();
    for (const id of [blocking.id, ...during]) await ran(id);
    expect(mostActive).toBe(1);
  });
});
