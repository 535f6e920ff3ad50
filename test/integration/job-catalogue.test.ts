// The job catalogue (app/jobs/job-types.ts) is the one list of job types: every type has a handler, every handler
// a type, and a payload that does not match its type's schema fails the job at once without running the handler.
import { describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { defineJobHandlers } from "#app/jobs/define-job-handlers";
import { jobHandlers } from "#app/jobs/handlers.server";
import { JOB_PAYLOAD_SCHEMAS, ORDER_SYNC_ACTIONS_JOB, RESTOCK_BATCH_JOB, checkJobPayload } from "#app/jobs/job-types";
import { runDueJobs } from "#app/jobs/worker.server";
import { enqueueJob } from "#app/models/job.server";

const shop = "catalogue-test.myshopify.com";
const t0 = new Date("2026-03-02T10:00:00Z");

describe("job catalogue", () => {
  it("GIVEN the worker's handler table THEN it handles exactly the catalogue's types", () => {
    expect(Object.keys(jobHandlers).sort()).toEqual(Object.keys(JOB_PAYLOAD_SCHEMAS).sort());
  });

  it("GIVEN a handler for a type outside the catalogue THEN registering it fails, naming the type", () => {
    expect(() => defineJobHandlers({ "orders.recon": async () => undefined } as never)).toThrow(/"orders.recon" is not in the catalogue/);
  });

  it("GIVEN payloads THEN the schema accepts the real shape and names the field of a wrong one", () => {
    expect(checkJobPayload(RESTOCK_BATCH_JOB, { eventId: "e1", batch: 2, notified: 40 })).toEqual({ ok: true, payload: { eventId: "e1", batch: 2, notified: 40 } });
    const wrong = checkJobPayload(RESTOCK_BATCH_JOB, { eventId: "e1", batch: "2" });
    expect(wrong.ok).toBe(false);
    expect(!wrong.ok && wrong.message).toMatch(/restock\.batch job payload is not valid \(batch: /);
    const notAnOrder = checkJobPayload(ORDER_SYNC_ACTIONS_JOB, { orderId: "gid://shopify/Product/1" });
    expect(!notAnOrder.ok && notAnOrder.message).toMatch(/orderId: must be a Order GID/);
  });

  it("GIVEN a queued job whose payload does not match WHEN the worker runs it THEN it is dead after one attempt, the handler never ran", async () => {
    let ran = 0;
    const handlers = defineJobHandlers({ [ORDER_SYNC_ACTIONS_JOB]: async () => void ran++ });
    const { id } = await enqueueJob(prisma, { shop, type: ORDER_SYNC_ACTIONS_JOB, payload: { orderId: 42 }, runAt: t0, maxAttempts: 5 });
    await runDueJobs({ handlers, workerId: "w1", now: () => t0 });
    const row = await prisma.job.findUniqueOrThrow({ where: { id } });
    expect(ran).toBe(0);
    expect(row.status).toBe("dead");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/order\.sync-actions job payload is not valid \(orderId: /);
  });

  it("GIVEN a valid payload THEN the handler gets it parsed", async () => {
    const seen: string[] = [];
    const handlers = defineJobHandlers({ [ORDER_SYNC_ACTIONS_JOB]: async (job) => void seen.push(job.payload.orderId) });
    await enqueueJob(prisma, { shop, type: ORDER_SYNC_ACTIONS_JOB, payload: { orderId: "gid://shopify/Order/7" }, runAt: t0 });
    await runDueJobs({ handlers, workerId: "w1", now: () => t0 });
    expect(seen).toEqual(["gid://shopify/Order/7"]);
  });
});
