// The pg-boss adapter of the job port, on the real PostgreSQL server (`postgres` project; JOB_QUEUE is unset, so
// PostgreSQL means pg-boss): the wake-up message commits or rolls back with the Job row, concurrent enqueues of one
// idempotency key make one job, workers run every job exactly once, a dead worker's job is taken over after its
// lease, and the committed migration is what the installed pg-boss builds.
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { jobQueueKind } from "#app/jobs/queue/job-queue.server";
import { findJobsWithoutWakeup, JOB_WAKEUP_QUEUE, pgBossMigrationSql, startPgBossConsumer } from "#app/jobs/queue/pg-boss.server";
import { startJobWorker, type JobHandlers, type RunningWorker } from "#app/jobs/worker.server";
import { claimJobById, enqueueJob, enqueueJobs, requestJobRun } from "#app/models/job.server";
import { POSTGRES_MIGRATIONS_DIR } from "../support/postgres";
import { waitFor } from "../support/demo-stack";

const shop = "pgboss-test.myshopify.com";

// start_after is on the database server's clock; `start_after` below is the same instant on this process's clock
// (the server's and ours differ by their skew, entirely so under faketime), which is what runAt is on.
type Message = { id: string; state: string; job_id: string; start_after: Date };
const messages = async (jobId?: string): Promise<Message[]> => {
  const rows = await prisma.$queryRawUnsafe<(Omit<Message, "start_after"> & { due_in_ms: number })[]>(
    `SELECT id::text, state::text, data->>'jobId' AS job_id, (EXTRACT(EPOCH FROM start_after - now()) * 1000)::float8 AS due_in_ms
       FROM pgboss.job WHERE name = $1 ${jobId ? "AND data->>'jobId' = $2" : ""} ORDER BY created_on`,
    ...(jobId ? [JOB_WAKEUP_QUEUE, jobId] : [JOB_WAKEUP_QUEUE]),
  );
  const readAt = Date.now();
  return rows.map(({ due_in_ms, ...row }) => ({ ...row, start_after: new Date(readAt + due_in_ms) }));
};

const workers: RunningWorker[] = [];
beforeEach(async () => {
  await prisma.job.deleteMany();
  await prisma.$executeRawUnsafe(`DELETE FROM pgboss.job WHERE name = $1`, JOB_WAKEUP_QUEUE);
});
afterEach(async () => {
  for (const worker of workers.splice(0)) await worker.stop();
});

describe("the job port on PostgreSQL", () => {
  it("GIVEN a PostgreSQL DATABASE_URL and no JOB_QUEUE THEN the pg-boss adapter is used; SQLite cannot use it", () => {
    expect(jobQueueKind()).toBe("pg-boss");
    expect(jobQueueKind({ DATABASE_URL: "file:./x.sqlite" })).toBe("table");
    expect(() => jobQueueKind({ DATABASE_URL: "file:./x.sqlite", JOB_QUEUE: "pg-boss" })).toThrow(/needs a PostgreSQL/);
    expect(() => jobQueueKind({ DATABASE_URL: "postgresql://h/db", JOB_QUEUE: "redis" })).toThrow(/"table" or "pg-boss"/);
  });

  it("GIVEN the committed pg-boss migration THEN it is exactly what the installed pg-boss builds", () => {
    const committed = readFileSync(path.join(POSTGRES_MIGRATIONS_DIR, "20261124120000_pg_boss/migration.sql"), "utf8");
    expect(committed).toBe(pgBossMigrationSql());
  });

  it("GIVEN an enqueue inside a transaction THEN the wake-up message commits with the row, and rolls back with it", async () => {
    const runAt = new Date(Date.now() + 60_000);
    const committed = await prisma.$transaction((tx) => enqueueJob(tx, { shop, type: "kept", runAt }));
    const [message] = await messages(committed.id);
    expect(message.state).toBe("created");
    expect(Math.abs(new Date(message.start_after).getTime() - runAt.getTime())).toBeLessThan(1_000);

    await expect(
      prisma.$transaction(async (tx) => {
        await enqueueJob(tx, { shop, type: "lost", runAt: new Date() });
        throw new Error("the state change failed");
      }),
    ).rejects.toThrow(/state change failed/);
    expect(await prisma.job.count({ where: { type: "lost" } })).toBe(0);
    expect(await messages()).toHaveLength(1);
  });

  it("GIVEN a fan-out of 500 jobs enqueued at once in a transaction THEN 500 rows with one message each; a repeated key is skipped", async () => {
    const jobs = Array.from({ length: 500 }, (_, i) => ({ shop, type: "email.send", idempotencyKey: `email:m${i}`, payload: { i }, runAt: new Date() }));
    const created = await prisma.$transaction((tx) => enqueueJobs(tx, jobs));
    expect(created).toHaveLength(500);
    const all = await messages();
    expect(all).toHaveLength(500);
    expect(new Set(all.map((m) => m.job_id))).toEqual(new Set(created.map((c) => c.id)));
    const again = await enqueueJobs(prisma, [jobs[0], { shop, type: "email.send", idempotencyKey: "email:new", runAt: new Date() }]);
    expect(again).toHaveLength(1);
    expect(await prisma.job.count()).toBe(501);
  });

  it("GIVEN 12 instances enqueueing one idempotency key at once THEN one job and one message, no error", async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, () => prisma.$transaction((tx) => enqueueJob(tx, { shop, type: "once", idempotencyKey: "same-key", runAt: new Date() }))),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(await prisma.job.count()).toBe(1);
    expect(await messages()).toHaveLength(1);
  });

  it("GIVEN 300 jobs and two pg-boss workers THEN every job runs exactly once and every message is completed", async () => {
    const runs = new Map<string, number>();
    const handlers: JobHandlers = {
      count: async (job) => {
        runs.set(job.id, (runs.get(job.id) ?? 0) + 1);
      },
    };
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) ids.push((await enqueueJob(prisma, { shop, type: "count", payload: { i }, runAt: new Date() })).id);
    workers.push(startJobWorker({ handlers, idleMs: 50 }), startJobWorker({ handlers, idleMs: 50 }));
    await waitFor(() => prisma.job.count({ where: { status: "done" } }), (done) => done === 300, 60_000);
    expect([...runs.values()].every((n) => n === 1)).toBe(true);
    expect(new Set(runs.keys())).toEqual(new Set(ids));
    await waitFor(() => messages(), (all) => all.every((m) => m.state === "completed"), 10_000);
  });

  it("GIVEN a handler that reschedules and one that fails once THEN each runs again at its new time through a new message", async () => {
    let rescheduled = 0;
    let failing = 0;
    const handlers: JobHandlers = {
      again: async (_job, now) => (rescheduled++ === 0 ? { rescheduleAt: new Date(now.getTime() + 300) } : undefined),
      flaky: async () => {
        if (failing++ === 0) throw new Error("SMTP timeout");
      },
    };
    const again = await enqueueJob(prisma, { shop, type: "again", runAt: new Date() });
    const flaky = await enqueueJob(prisma, { shop, type: "flaky", runAt: new Date() });
    workers.push(startJobWorker({ handlers, idleMs: 50 }));
    await waitFor(() => prisma.job.findUniqueOrThrow({ where: { id: again.id } }), (job) => job.status === "done", 20_000);
    expect(rescheduled).toBe(2);
    // The failed job waits for its back-off (decideRetry) with a message for that time.
    const failed = await waitFor(() => prisma.job.findUniqueOrThrow({ where: { id: flaky.id } }), (job) => job.lastError !== null, 20_000);
    expect(failed.status).toBe("queued");
    const pending = (await messages(flaky.id)).filter((m) => m.state === "created");
    expect(pending).toHaveLength(1);
    expect(Math.abs(new Date(pending[0].start_after).getTime() - failed.runAt.getTime())).toBeLessThan(1_000);
  });

  it("GIVEN a worker that died holding a message and a claim THEN, after the lease, another worker runs the job once", async () => {
    const leaseMs = 2_000;
    // A message's expiry is the lease of the process that sent it (all processes share JOB_LEASE_MS).
    process.env.JOB_LEASE_MS = String(leaseMs);
    const job = await enqueueJob(prisma, { shop, type: "orphaned", runAt: new Date() }).finally(() => delete process.env.JOB_LEASE_MS);
    // The dying worker: takes the message and claims the job, then never completes either.
    const dying = await startPgBossConsumer({ databaseUrl: process.env.DATABASE_URL!, leaseMs });
    const [held] = await dying.fetch(1);
    expect(held.jobId).toBe(job.id);
    expect((await claimJobById(job.id, { workerId: "dead-worker", now: new Date(), leaseMs })).kind).toBe("claimed");
    await dying.stop();

    let runs = 0;
    // Its replacement only sees the message again once pg-boss expires it (expireInSeconds = the lease).
    const rescuer = await startPgBossConsumer({ databaseUrl: process.env.DATABASE_URL!, leaseMs });
    try {
      const message = await waitFor(() => rescuer.fetch(1), (batch) => batch.length === 1, 30_000);
      const claim = await claimJobById(message[0].jobId, { workerId: "rescuer", now: new Date(), leaseMs });
      expect(claim.kind).toBe("claimed");
      if (claim.kind === "claimed") {
        runs++;
        expect(claim.job.attempts).toBe(2);
      }
      await rescuer.complete([message[0].messageId]);
      // The dead worker's claim can no longer win: the row is the rescuer's.
      expect((await claimJobById(job.id, { workerId: "dead-worker", now: new Date(), leaseMs })).kind).toBe("later");
    } finally {
      await rescuer.stop();
    }
    expect(runs).toBe(1);
  });

  it("GIVEN a parked shop (revoked access) THEN its wake-ups skip its jobs except the uninstall/privacy ones", async () => {
    await prisma.shop.upsert({ where: { shop }, create: { shop, parkedAt: new Date() }, update: { parkedAt: new Date() } });
    try {
      const sync = await enqueueJob(prisma, { shop, type: "catalog.sync", runAt: new Date() });
      const redact = await enqueueJob(prisma, { shop, type: "webhook:SHOP_REDACT", runAt: new Date() });
      const claim = (id: string) => claimJobById(id, { workerId: "w", now: new Date(), leaseMs: 60_000 });
      expect((await claim(sync.id)).kind).toBe("skipped");
      expect((await claim(redact.id)).kind).toBe("claimed");
      await prisma.shop.update({ where: { shop }, data: { parkedAt: null } });
      expect((await claim(sync.id)).kind).toBe("claimed");
    } finally {
      await prisma.shop.delete({ where: { shop } });
    }
  });

  it("GIVEN a due job without a message (a parked shop now back) THEN the sweep finds it; one with a message is left alone", async () => {
    const orphan = await prisma.job.create({ data: { shop, type: "orphan", runAt: new Date(Date.now() - 120_000) } });
    const tracked = await enqueueJob(prisma, { shop, type: "tracked", runAt: new Date(Date.now() - 120_000) });
    const found = await findJobsWithoutWakeup(prisma, { now: new Date(), graceMs: 30_000, limit: 100 });
    expect(found.map((w) => w.jobId)).toEqual([orphan.id]);
    expect(found.map((w) => w.jobId)).not.toContain(tracked.id);
  });

  it("GIVEN run requests for one order THEN they coalesce into one queued job with one message per earlier time", async () => {
    const later = new Date(Date.now() + 60_000);
    const sooner = new Date(Date.now() + 1_000);
    await requestJobRun(prisma, { shop, type: "order.sync", payload: { orderId: 1 }, runAt: later });
    await requestJobRun(prisma, { shop, type: "order.sync", payload: { orderId: 1 }, runAt: sooner });
    await requestJobRun(prisma, { shop, type: "order.sync", payload: { orderId: 1 }, runAt: later });
    const [job] = await prisma.job.findMany();
    expect(await prisma.job.count()).toBe(1);
    expect(job.runAt.getTime()).toBe(sooner.getTime());
    const wakeups = (await messages(job.id)).map((m) => m.start_after.getTime());
    expect(wakeups).toHaveLength(2);
    expect(Math.abs(wakeups[0] - later.getTime())).toBeLessThan(1_000);
    expect(Math.abs(wakeups[1] - sooner.getTime())).toBeLessThan(1_000);
  });
});
