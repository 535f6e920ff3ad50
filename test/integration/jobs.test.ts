import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { claimDueJobs, enqueueJob, enqueueJobs } from "../../app/models/job.server";
import { runDueJobs, type JobHandlers } from "../../app/jobs/worker.server";

const shop = "jobs-test.myshopify.com";
const t0 = new Date("2026-11-23T12:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);

beforeEach(async () => {
  await prisma.job.deleteMany();
});

describe("durable job queue", () => {
  it("GIVEN the same idempotency key twice THEN one job exists", async () => {
    const first = await enqueueJob(prisma, { shop, type: "x", idempotencyKey: "k1", runAt: t0 });
    const second = await enqueueJob(prisma, { shop, type: "x", idempotencyKey: "k1", runAt: t0 });
    expect(second).toEqual({ id: first.id, created: false });
    expect(await prisma.job.count()).toBe(1);
  });

  it("GIVEN many jobs enqueued at once THEN each is a due row with its own key and payload", async () => {
    const created = await enqueueJobs(prisma, [
      { shop, type: "bulk", idempotencyKey: "b1", payload: { n: 1 }, runAt: t0 },
      { shop, type: "bulk", idempotencyKey: "b2", payload: { n: 2 }, runAt: t0, maxAttempts: 16 },
    ]);
    expect(created).toHaveLength(2);
    const rows = await prisma.job.findMany({ orderBy: { idempotencyKey: "asc" } });
    expect(rows.map((r) => [r.idempotencyKey, JSON.parse(r.payload).n, r.maxAttempts, r.status])).toEqual([
      ["b1", 1, 8, "queued"],
      ["b2", 2, 16, "queued"],
    ]);
    expect(await enqueueJobs(prisma, [])).toEqual([]);
  });

  it("GIVEN a handler succeeds THEN the job is done and runs only once", async () => {
    await enqueueJob(prisma, { shop, type: "count", runAt: t0 });
    let runs = 0;
    const handlers: JobHandlers = { count: async () => void runs++ };
    expect(await runDueJobs({ handlers, workerId: "w1", now: () => at(1) })).toBe(1);
    expect(await runDueJobs({ handlers, workerId: "w1", now: () => at(2) })).toBe(0);
    expect(runs).toBe(1);
    expect((await prisma.job.findFirstOrThrow()).status).toBe("done");
  });

  it("GIVEN a job not yet due THEN it is not run", async () => {
    await enqueueJob(prisma, { shop, type: "later", runAt: at(60_000) });
    const ran = await runDueJobs({ handlers: { later: async () => {} }, workerId: "w1", now: () => at(1) });
    expect(ran).toBe(0);
  });

  it("GIVEN a handler fails THEN it is retried with backoff and finally marked dead with the error", async () => {
    await enqueueJob(prisma, { shop, type: "boom", runAt: t0, maxAttempts: 2 });
    const handlers: JobHandlers = {
      boom: async () => {
        throw new Error("SMTP down");
      },
    };
    await runDueJobs({ handlers, workerId: "w1", now: () => at(0) });
    let job = await prisma.job.findFirstOrThrow();
    expect(job).toMatchObject({ status: "queued", attempts: 1, lastError: "Error: SMTP down" });
    expect(job.runAt.getTime()).toBeGreaterThanOrEqual(at(4_000).getTime()); // 5 s ± 20 %

    await runDueJobs({ handlers, workerId: "w1", now: () => at(60_000) });
    job = await prisma.job.findFirstOrThrow();
    expect(job).toMatchObject({ status: "dead", attempts: 2, lastError: "Error: SMTP down" });
  });

  it("GIVEN a handler asks to be rescheduled THEN it runs again later without using up an attempt", async () => {
    await enqueueJob(prisma, { shop, type: "poll", runAt: t0 });
    let polls = 0;
    const handlers: JobHandlers = { poll: async (_job, now) => (++polls < 3 ? { rescheduleAt: new Date(now.getTime() + 1000) } : undefined) };
    for (let i = 0; i < 5; i++) await runDueJobs({ handlers, workerId: "w1", now: () => at(i * 2000) });
    expect(polls).toBe(3);
    expect(await prisma.job.findFirstOrThrow()).toMatchObject({ status: "done", attempts: 1 });
  });

  it("GIVEN two workers claim at once THEN each job goes to exactly one of them", async () => {
    for (let i = 0; i < 20; i++) await enqueueJob(prisma, { shop, type: "x", runAt: t0 });
    const [a, b] = await Promise.all([
      claimDueJobs({ workerId: "a", now: at(1), limit: 20, leaseMs: 60_000 }),
      claimDueJobs({ workerId: "b", now: at(1), limit: 20, leaseMs: 60_000 }),
    ]);
    const ids = [...a, ...b].map((job) => job.id);
    expect(ids).toHaveLength(20);
    expect(new Set(ids).size).toBe(20);
  });

  it("GIVEN a worker died holding a job THEN another worker takes it over after the lease expires", async () => {
    await enqueueJob(prisma, { shop, type: "x", runAt: t0 });
    const [claimed] = await claimDueJobs({ workerId: "dead-worker", now: at(0), limit: 1, leaseMs: 10_000 });
    expect(claimed).toBeDefined();
    expect(await claimDueJobs({ workerId: "w2", now: at(5_000), limit: 1, leaseMs: 10_000 })).toHaveLength(0);
    const retaken = await claimDueJobs({ workerId: "w2", now: at(11_000), limit: 1, leaseMs: 10_000 });
    expect(retaken.map((job) => [job.id, job.attempts])).toEqual([[claimed.id, 2]]);
  });

  it("GIVEN a job type without a handler THEN it is marked dead, not retried forever", async () => {
    await enqueueJob(prisma, { shop, type: "unknown", runAt: t0 });
    await runDueJobs({ handlers: {}, workerId: "w1", now: () => at(1) });
    expect(await prisma.job.findFirstOrThrow()).toMatchObject({ status: "dead", lastError: 'Error: No handler for job type "unknown"' });
  });
});
