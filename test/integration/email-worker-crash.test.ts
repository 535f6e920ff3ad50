// Crash safety of email sending: a separate worker process (`tsx scripts/worker.ts`, what `npm run worker` runs)
// is SIGKILLed in the middle of 200 emails, then started again. Every recipient must end up with exactly one
// email and nothing may stay queued or running (the killed worker's leases expire; JOB_LEASE_MS shortens them).
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { enqueueEmail } from "../../app/models/email-outbox.server";
import { startMailbox, type Mailbox } from "../../simulator/mailbox";
import { stopProcess, waitFor } from "../support/demo-stack";

const SHOP = "crash-test.myshopify.com";
const PRODUCT = "gid://shopify/Product/9";
const VARIANT = "gid://shopify/ProductVariant/99";
const COUNT = 200;
const root = path.resolve(import.meta.dirname, "../..");
// The workers' short lease, also this process's: on PostgreSQL the emails enqueued here send pg-boss wake-ups whose
// expiry is the lease (app/jobs/queue/pg-boss.server.ts), and a killed worker's held wake-ups only come back once
// they expire. Web and worker share JOB_LEASE_MS in production too.
const JOB_LEASE_MS = "1500";
process.env.JOB_LEASE_MS = JOB_LEASE_MS;

let mailbox: Mailbox;
const workers: ChildProcess[] = [];

function startWorker(): { child: ChildProcess; output: () => string } {
  // `node --import tsx` is `tsx scripts/worker.ts` in one process: the tsx CLI would run the worker in a child
  // process of its own, which a SIGKILL of the CLI leaves running.
  const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: process.env.DATABASE_URL,
      SMTP_URL: mailbox.url,
      JOB_LEASE_MS,
      JOB_IDLE_MS: "100",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  workers.push(child);
  let output = "";
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  return { child, output: () => output };
}

const recipients = Array.from({ length: COUNT }, (_, i) => `crash${i}@example.com`);

beforeAll(async () => {
  // A slightly slow SMTP server: each message is stored 25 ms before the client hears "250 OK".
  mailbox = await startMailbox({ port: 0, acceptDelayMs: 25 });
  await prisma.shop.create({ data: { shop: SHOP, name: "Crash Test", currencyCode: "USD" } });
  await prisma.product.create({ data: { shop: SHOP, id: PRODUCT, title: "Lamp", handle: "lamp" } });
  await prisma.variant.create({ data: { shop: SHOP, id: VARIANT, productId: PRODUCT, title: "Default Title", price: "49.00" } });
  for (const email of recipients) {
    await prisma.$transaction(async (tx) => {
      const sub = await tx.restockSubscription.create({
        data: { shop: SHOP, variantId: VARIANT, productId: PRODUCT, email, emailNormalized: email, status: "active", unsubscribeToken: email },
      });
      await enqueueEmail(tx, {
        shop: SHOP,
        kind: "back_in_stock",
        idempotencyKey: `restock/${sub.id}/evt`,
        toEmail: email,
        locale: "en",
        subscriptionId: sub.id,
        runAt: new Date(), // the spawned workers run on the wall clock
      });
    });
  }
});

afterAll(async () => {
  for (const child of workers) await stopProcess(child);
  await mailbox.close();
});

describe("a worker process killed mid-batch", () => {
  it("GIVEN SIGKILL after some emails went out THEN a restarted worker delivers the rest, each recipient exactly once", async () => {
    const first = startWorker();
    // Killed the moment the 20th email is stored, while the worker still waits for the server's 250: the crash
    // window between "accepted by SMTP" and "marked sent" that only the deterministic Message-ID covers.
    const exited = new Promise((resolve) => first.child.once("exit", resolve));
    const twentieth = mailbox.waitFor(() => mailbox.messages().length >= 20, 60_000);
    twentieth.catch(() => undefined); // a worker that exits early fails the assertions below instead
    await Promise.race([twentieth, exited]);
    first.child.kill("SIGKILL");
    await exited;
    const deliveredBeforeCrash = mailbox.messages().length;
    expect(deliveredBeforeCrash, first.output()).toBeGreaterThanOrEqual(20);
    expect(deliveredBeforeCrash).toBeLessThan(COUNT);
    // The crash left work behind: emails not sent, jobs held by the dead worker.
    expect(await prisma.emailMessage.count({ where: { shop: SHOP, status: "sent" } })).toBeLessThan(COUNT);
    expect(await prisma.job.count({ where: { shop: SHOP, status: "running" } })).toBeGreaterThan(0);

    const second = startWorker();
    await waitFor(
      async () => ({
        pending: await prisma.emailMessage.count({ where: { shop: SHOP, status: { not: "sent" } } }),
        jobs: await prisma.job.count({ where: { shop: SHOP, status: { not: "done" } } }),
      }),
      (state) => state.pending === 0 && state.jobs === 0,
      90_000,
    );

    // Graceful stop: SIGTERM → exit code 0.
    second.child.kill("SIGTERM");
    const code = await new Promise<number | null>((resolve) => second.child.once("exit", (c) => resolve(c)));
    expect(code, second.output()).toBe(0);

    const perRecipient = new Map<string, number>();
    for (const message of mailbox.messages()) {
      for (const to of message.envelope.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    }
    expect(mailbox.messages()).toHaveLength(COUNT);
    // The email in flight at the kill was sent again on retry with the same Message-ID, and dropped.
    expect(mailbox.duplicatesDropped()).toBeGreaterThanOrEqual(1);
    expect(recipients.filter((email) => perRecipient.get(email) !== 1)).toEqual([]);
    expect(await prisma.emailMessage.groupBy({ by: ["status"], where: { shop: SHOP }, _count: { _all: true } })).toEqual([
      { status: "sent", _count: { _all: COUNT } },
    ]);
    expect(await prisma.job.count({ where: { shop: SHOP, status: { in: ["queued", "running"] } } })).toBe(0);
  });
});
