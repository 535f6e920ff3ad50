// Email delivery end to end against a real SMTP server (the simulator's mailbox): enqueueEmail → the `email.send`
// job run by the worker → nodemailer → smtp-server → mailparser. No mocks.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createSmtpTransport, type EmailTransport } from "../../app/email-transport.server";
import { createEmailJobHandlers, emailJobHandlers } from "../../app/jobs/email-jobs.server";
import { runDueJobs, type JobHandlers } from "../../app/jobs/worker.server";
import { enqueueEmail, type NewEmail } from "../../app/models/email-outbox.server";
import { verifyToken } from "../../app/domain/signed-token";
import { startMailbox, type Mailbox } from "../../simulator/mailbox";
import { freePort } from "../support/ports";

const SHOP = "mail-test.myshopify.com";
const APP_URL = process.env.SHOPIFY_APP_URL!;
const PRODUCT = "gid://shopify/Product/501";
const VARIANT = "gid://shopify/ProductVariant/7001";

let mailbox: Mailbox;
let transport: EmailTransport;
let handlers: JobHandlers;
const openTransports: EmailTransport[] = [];
let subscriptionCounter = 0;

async function subscription(overrides: { email?: string; locale?: string; status?: string; restockEventId?: string } = {}) {
  const n = ++subscriptionCounter;
  const email = overrides.email ?? `shopper${n}@example.com`;
  return prisma.restockSubscription.create({
    data: {
      shop: SHOP,
      variantId: VARIANT,
      productId: PRODUCT,
      email,
      emailNormalized: email.toLowerCase(),
      locale: overrides.locale ?? "en",
      status: overrides.status ?? "active",
      unsubscribeToken: `tok-${n}`,
      restockEventId: overrides.restockEventId,
    },
  });
}

function backInStock(sub: { id: string; email: string; locale: string }, extra: Partial<NewEmail> = {}): NewEmail {
  return {
    shop: SHOP,
    kind: "back_in_stock",
    idempotencyKey: `restock/${sub.id}/evt1`,
    toEmail: sub.email,
    locale: sub.locale,
    subscriptionId: sub.id,
    restockEventId: "evt1",
    runAt: new Date(), // due now for the worker below, which runs on the wall clock unless given `at`
    ...extra,
  };
}

const runWorker = (at = new Date(), using = handlers) => runDueJobs({ handlers: using, workerId: "test-worker", now: () => at });
const messagesTo = (email: string) => mailbox.messages().filter((m) => m.envelope.to.includes(email));
const jobFor = async (emailMessageId: string) =>
  prisma.job.findFirstOrThrow({ where: { shop: SHOP, idempotencyKey: `email:${emailMessageId}` } });

beforeAll(async () => {
  mailbox = await startMailbox({ port: 0 });
  transport = createSmtpTransport(mailbox.url);
  openTransports.push(transport);
  handlers = createEmailJobHandlers({ transport: () => transport });
  await prisma.shop.create({ data: { shop: SHOP, name: "Tom & Jerry's <Shop>", currencyCode: "EUR" } });
  await prisma.shopSettings.create({ data: { shop: SHOP, pendingExpiryDays: 5 } });
  await prisma.product.create({
    data: { shop: SHOP, id: PRODUCT, title: "Mug <Deluxe> & Co", handle: "mug-deluxe", imageUrl: "https://cdn.example.com/mug.png" },
  });
  await prisma.variant.create({ data: { shop: SHOP, id: VARIANT, productId: PRODUCT, title: "Blue", price: "1234.50" } });
});

afterAll(async () => {
  for (const t of openTransports) t.close();
  await mailbox.close();
});

describe("email.send delivers the outbox row through SMTP", () => {
  it("GIVEN a back-in-stock email THEN exactly one localized message with escaped HTML, text, links and one-click unsubscribe headers arrives", async () => {
    const sub = await subscription({ email: "Anna@example.com", locale: "de" });
    const { id } = await prisma.$transaction((tx) => enqueueEmail(tx, backInStock(sub)));
    expect(await runWorker()).toBe(1);

    const received = messagesTo("Anna@example.com");
    expect(received).toHaveLength(1);
    const [mail] = received;
    expect(mail.subject).toBe("Mug <Deluxe> & Co – Blue ist wieder verfügbar");
    expect(mail.from).toContain("Tom & Jerry's <Shop>");
    // HTML: merchant strings escaped, buy-now cart permalink, product link, price in the shop's currency, German
    expect(mail.html).toContain("Mug &lt;Deluxe&gt; &amp; Co");
    expect(mail.html).not.toContain("<Deluxe>");
    expect(mail.html).toContain('href="https://mail-test.myshopify.com/cart/7001:1"');
    expect(mail.html).toContain('href="https://mail-test.myshopify.com/products/mug-deluxe?variant=7001"');
    expect(mail.html).toContain("Jetzt kaufen");
    expect(mail.html).toMatch(/1\.234,50\s€/);
    expect(mail.html).toContain('src="https://cdn.example.com/mug.png"');
    // Text part: raw strings, same links
    expect(mail.text).toContain("Mug <Deluxe> & Co – Blue");
    expect(mail.text).toContain("Jetzt kaufen: https://mail-test.myshopify.com/cart/7001:1");

    // RFC 8058 one-click unsubscribe, pointing at a token signed for this subscription
    const listUnsubscribe = mail.headers["list-unsubscribe"];
    expect(listUnsubscribe).toMatch(new RegExp(`^<${APP_URL}/alerts/unsubscribe/[A-Za-z0-9_-]{8}\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]{43}>$`));
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const token = listUnsubscribe.slice(listUnsubscribe.lastIndexOf("/") + 1, -1);
    expect(verifyToken({ purpose: "unsubscribe", token, secret: process.env.SHOPIFY_API_SECRET! })).toBe(sub.id);
    expect(mail.html).toContain(`${APP_URL}/alerts/unsubscribe/${token}`);
    expect(mail.text).toContain(`Abmelden: ${APP_URL}/alerts/unsubscribe/${token}`);
    expect(mail.headers["x-backorders-idempotency-key"]).toBe(`restock/${sub.id}/evt1`);

    const row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: null, messageId: mail.messageId });
    expect(row.sentAt).toBeInstanceOf(Date);
    expect((await jobFor(id)).status).toBe("done");

    // The job ran once; running the worker again sends nothing more.
    expect(await runWorker()).toBe(0);
    expect(messagesTo("Anna@example.com")).toHaveLength(1);
  });

  it("GIVEN a confirmation email THEN it carries the confirm link, the expiry and the unsubscribe headers", async () => {
    const sub = await subscription({ email: "luc@example.com", locale: "fr", status: "pending" });
    await enqueueEmail(prisma, {
      shop: SHOP,
      kind: "subscription_confirmation",
      idempotencyKey: `confirm/${sub.id}/0`,
      toEmail: sub.email,
      locale: "fr",
      subscriptionId: sub.id,
      data: { confirmToken: "raw-confirm-token" },
      runAt: new Date(),
    });
    await runWorker();
    const [mail] = messagesTo("luc@example.com");
    expect(mail.subject).toBe("Confirmez votre alerte de retour en stock – Tom & Jerry's <Shop>");
    expect(mail.html).toContain(`href="${APP_URL}/alerts/confirm/raw-confirm-token"`);
    expect(mail.text).toContain(`Confirmer mon alerte: ${APP_URL}/alerts/confirm/raw-confirm-token`);
    expect(mail.text).toContain("Ce lien expire dans 5 jours.");
    expect(mail.text).toContain("ignorez cet e-mail");
    expect(mail.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    expect(mail.headers["list-unsubscribe"]).toContain(`${APP_URL}/alerts/unsubscribe/`);
  });

  it("GIVEN the same idempotency key enqueued twice THEN one email is sent", async () => {
    const sub = await subscription({ email: "twice@example.com" });
    const first = await enqueueEmail(prisma, backInStock(sub));
    const second = await enqueueEmail(prisma, backInStock(sub));
    expect(second).toEqual({ id: first.id, created: false });
    await runWorker();
    await runWorker();
    expect(messagesTo("twice@example.com")).toHaveLength(1);
  });

  it("GIVEN a crash after SMTP accepted but before the row was marked sent THEN the retry carries the same Message-ID and the mailbox drops it", async () => {
    const sub = await subscription({ email: "crash@example.com" });
    const { id } = await enqueueEmail(prisma, backInStock(sub));
    await runWorker();
    const [delivered] = messagesTo("crash@example.com");
    // What the database looks like when the process died right after "250 OK": row and job still in flight.
    await prisma.emailMessage.update({ where: { id }, data: { status: "queued", sentAt: null, messageId: null } });
    await prisma.job.updateMany({ where: { idempotencyKey: `email:${id}` }, data: { status: "queued", finishedAt: null } });
    const droppedBefore = mailbox.duplicatesDropped();

    await runWorker();
    expect(messagesTo("crash@example.com")).toHaveLength(1);
    expect(mailbox.duplicatesDropped()).toBe(droppedBefore + 1);
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "sent", messageId: delivered.messageId });
    // Every email has its own Message-ID.
    const ids = mailbox.messages().map((m) => m.messageId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("GIVEN the shopper unsubscribed before the send THEN nothing is sent and the email is cancelled", async () => {
    const sub = await subscription({ email: "gone@example.com" });
    const { id } = await enqueueEmail(prisma, backInStock(sub));
    await prisma.restockSubscription.update({ where: { id: sub.id }, data: { status: "unsubscribed", unsubscribedAt: new Date() } });
    await runWorker();
    expect(messagesTo("gone@example.com")).toHaveLength(0);
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "cancelled", lastError: "Cancelled: the shopper unsubscribed" });
    expect((await jobFor(id)).status).toBe("done");
  });

  it("GIVEN the subscription was deleted or is no longer waiting THEN the back-in-stock email is cancelled", async () => {
    const deleted = await subscription({ email: "deleted@example.com" });
    const expired = await subscription({ email: "expired@example.com", status: "expired" });
    const notifiedBefore = await subscription({ email: "old@example.com", status: "notified", restockEventId: "evt0" });
    const notifiedNow = await subscription({ email: "now@example.com", status: "notified", restockEventId: "evt1" });
    const rows = await Promise.all([deleted, expired, notifiedBefore, notifiedNow].map((s) => enqueueEmail(prisma, backInStock(s))));
    await prisma.restockSubscription.delete({ where: { id: deleted.id } });
    await runWorker();
    const statuses = await Promise.all(rows.map(async (r) => (await prisma.emailMessage.findUniqueOrThrow({ where: { id: r.id } })).status));
    // Marked notified by this very restock (the fan-out may do that when it enqueues) still goes out.
    expect(statuses).toEqual(["cancelled", "cancelled", "cancelled", "sent"]);
    expect(mailbox.messages().filter((m) => /deleted@|expired@|old@/.test(m.envelope.to.join()))).toHaveLength(0);
  });

  it("GIVEN the SMTP server is down THEN the job retries with backoff, the row shows failed, then sent once it is back", async () => {
    const port = await freePort();
    const downTransport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
    openTransports.push(downTransport);
    const downHandlers = createEmailJobHandlers({ transport: () => downTransport });
    const sub = await subscription({ email: "later@example.com" });
    const { id } = await enqueueEmail(prisma, backInStock(sub));
    const t0 = new Date();

    await runWorker(t0, downHandlers);
    let row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("failed");
    expect(row.attempts).toBe(1);
    expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
    let job = await jobFor(id);
    expect(job).toMatchObject({ status: "queued", attempts: 1 });
    expect(job.runAt.getTime() - t0.getTime()).toBeGreaterThanOrEqual(4_000); // 5 s ± 20 %

    // Not due yet: nothing runs.
    expect(await runWorker(new Date(t0.getTime() + 1_000), downHandlers)).toBe(0);

    const revived = await startMailbox({ port });
    try {
      await runWorker(new Date(job.runAt.getTime() + 1), downHandlers);
      row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
      expect(revived.messages().filter((m) => m.envelope.to.includes("later@example.com"))).toHaveLength(1);
      job = await jobFor(id);
      expect(job.status).toBe("done");
    } finally {
      await revived.close();
    }
  });

  it("GIVEN the last attempt fails THEN the job and the email are dead", async () => {
    const port = await freePort();
    const downTransport = createSmtpTransport(`smtp://127.0.0.1:${port}`);
    openTransports.push(downTransport);
    const sub = await subscription({ email: "never@example.com" });
    const { id } = await enqueueEmail(prisma, backInStock(sub));
    await prisma.job.updateMany({ where: { idempotencyKey: `email:${id}` }, data: { maxAttempts: 2, attempts: 1 } });
    await runWorker(new Date(), createEmailJobHandlers({ transport: () => downTransport }));
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "dead", attempts: 2 });
    expect((await jobFor(id)).status).toBe("dead");
  });

  it("GIVEN the SMTP server rejects the recipient permanently (550) THEN the email is dead at once, not retried", async () => {
    mailbox.rejectRecipients((address) => address === "bounce@example.com");
    try {
      const sub = await subscription({ email: "bounce@example.com" });
      const { id } = await enqueueEmail(prisma, backInStock(sub));
      await runWorker();
      const row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
      expect(row.status).toBe("dead");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toMatch(/550/);
      const job = await jobFor(id);
      expect(job).toMatchObject({ status: "dead", attempts: 1 });
      expect(job.lastError).toMatch(/550/);
      expect(await runWorker(new Date(Date.now() + 24 * 3600_000))).toBe(0);
      expect(messagesTo("bounce@example.com")).toHaveLength(0);
    } finally {
      mailbox.rejectRecipients(null);
    }
  });

  it("GIVEN SMTP_URL is not configured THEN the email stays retryable and says so", async () => {
    expect(process.env.SMTP_URL).toBeUndefined();
    const sub = await subscription({ email: "nosmtp@example.com" });
    const { id } = await enqueueEmail(prisma, backInStock(sub));
    await runWorker(new Date(), emailJobHandlers);
    const row = await prisma.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("failed");
    expect(row.lastError).toContain("SMTP_URL not configured");
    expect(await jobFor(id)).toMatchObject({ status: "queued", attempts: 1 });
  });
});
