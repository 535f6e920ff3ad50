// Shopper emails after a backorder purchase, end to end against a real SMTP server (the simulator's mailbox):
// ledger rows seeded directly → enqueueEmail / the delay scan → `email.send` jobs run by the worker → nodemailer →
// smtp-server → mailparser. Plus the delay-notice fan-out (once per line), overdue detection with time passed in,
// and a merchant ETA edit through the real backorder-changes service requesting the scan.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { verifyToken } from "../../app/domain/signed-token";
import { createSmtpTransport, type EmailTransport } from "../../app/email-transport.server";
import { createEmailJobHandlers } from "../../app/jobs/email-jobs.server";
import { orderEmailJobHandlers } from "../../app/jobs/order-email-jobs.server";
import { runDueJobs, type JobHandlers } from "../../app/jobs/worker.server";
import { enqueueEmail } from "../../app/models/email-outbox.server";
import { DELAY_NOTICE_SCAN_JOB } from "../../app/models/order-jobs.server";
import { applyBackorderChangesWithOptions } from "../../app/services/backorder-changes.server";
import { runDelayNoticeScan } from "../../app/services/delay-notices.server";
import { startMailbox, type Mailbox } from "../../simulator/mailbox";

const SHOP = "order-mail.myshopify.com";
const FANOUT_SHOP = "fanout.myshopify.com";
const APP_URL = process.env.SHOPIFY_APP_URL!;
const SECRET = process.env.SHOPIFY_API_SECRET!;
const PRODUCT = "gid://shopify/Product/801";
const VARIANT = "gid://shopify/ProductVariant/9001";
const VARIANT_NO_ETA = "gid://shopify/ProductVariant/9002";
const ORDER = "gid://shopify/Order/5001";

let mailbox: Mailbox;
let transport: EmailTransport;
let handlers: JobHandlers;
let lineCounter = 0;

const runWorker = async (at = new Date()) => {
  let total = 0;
  for (let ran = -1; ran !== 0; total += ran) ran = await runDueJobs({ handlers, workerId: "test-worker", now: () => at, limit: 50 });
  return total;
};
const messagesTo = (email: string) => mailbox.messages().filter((m) => m.envelope.to.includes(email.toLowerCase()) || m.envelope.to.includes(email));

async function seedLine(overrides: Partial<{
  shop: string; orderId: string; orderName: string; variantId: string; customerEmail: string; customerLocale: string;
  etaPromised: string | null; etaCurrent: string | null; status: string; productTitle: string | null; variantTitle: string | null;
  quantityBackordered: number; orderedAt: Date; delayNoticeCount: number;
}> = {}) {
  const n = ++lineCounter;
  return prisma.backorderLine.create({
    data: {
      shop: overrides.shop ?? SHOP,
      orderId: overrides.orderId ?? `gid://shopify/Order/${6000 + n}`,
      orderName: overrides.orderName ?? `#${1000 + n}`,
      lineItemId: `gid://shopify/LineItem/${n}`,
      variantId: overrides.variantId ?? VARIANT,
      customerEmail: overrides.customerEmail ?? `buyer${n}@example.com`,
      customerLocale: overrides.customerLocale ?? "en",
      quantityOrdered: overrides.quantityBackordered ?? 2,
      quantityBackordered: overrides.quantityBackordered ?? 2,
      etaPromised: overrides.etaPromised === undefined ? "2026-12-01" : overrides.etaPromised,
      etaCurrent: overrides.etaCurrent === undefined ? "2026-12-01" : overrides.etaCurrent,
      status: overrides.status ?? "open",
      orderedAt: overrides.orderedAt ?? new Date("2026-11-10T10:00:00Z"),
      productTitle: overrides.productTitle === undefined ? "Mug <Deluxe> & Co" : overrides.productTitle,
      variantTitle: overrides.variantTitle === undefined ? "Blue" : overrides.variantTitle,
      delayNoticeCount: overrides.delayNoticeCount ?? 0,
    },
  });
}

beforeAll(async () => {
  mailbox = await startMailbox({ port: 0 });
  transport = createSmtpTransport(mailbox.url);
  handlers = { ...createEmailJobHandlers({ transport: () => transport }), ...orderEmailJobHandlers };
  for (const shop of [SHOP, FANOUT_SHOP]) {
    await prisma.shop.create({ data: { shop, name: "Tom & Jerry's <Shop>", ianaTimezone: "Europe/Berlin", currencyCode: "EUR" } });
    await prisma.shopSettings.create({
      data: { shop, delayApologyText: shop === SHOP ? "Sorry <b>really</b> & truly.\nOur supplier was late." : null },
    });
    await prisma.product.create({ data: { shop, id: PRODUCT, title: "Mug <Deluxe> & Co", handle: "mug" } });
    await prisma.variant.createMany({
      data: [
        { shop, id: VARIANT, productId: PRODUCT, title: "Blue", inventoryPolicy: "CONTINUE", availableTotal: -3 },
        { shop, id: VARIANT_NO_ETA, productId: PRODUCT, title: "Red", inventoryPolicy: "CONTINUE", availableTotal: -1 },
      ],
    });
    await prisma.variantBackorder.create({ data: { shop, variantId: VARIANT, enabled: true, etaDate: "2026-12-01" } });
  }
});

afterAll(async () => {
  transport.close();
  await mailbox.close();
});

describe("backorder confirmation", () => {
  it("GIVEN an order with a dated and an undated backordered line THEN one email per locale lists both, dates in the customer's locale, escaped, no unsubscribe", async () => {
    for (const [locale, email] of [["en", "Ann@example.com"], ["de", "bernd@example.com"]] as const) {
      const orderId = `${ORDER}-${locale}`;
      await prisma.backorderOrder.create({ data: { shop: SHOP, orderId, orderName: `#1001-${locale}`, orderedAt: new Date(), customerEmail: email, customerLocale: locale } });
      await seedLine({ orderId, orderName: `#1001-${locale}`, customerEmail: email, customerLocale: locale });
      await seedLine({ orderId, orderName: `#1001-${locale}`, customerEmail: email, customerLocale: locale, variantId: VARIANT_NO_ETA, variantTitle: "Red", etaPromised: null, etaCurrent: null, quantityBackordered: 1 });
      // A line of the order that is no longer owed is not listed.
      await seedLine({ orderId, orderName: `#1001-${locale}`, customerEmail: email, customerLocale: locale, status: "cancelled", productTitle: "Gone Teapot" });
      await prisma.$transaction((tx) =>
        enqueueEmail(tx, { shop: SHOP, kind: "backorder_confirmation", idempotencyKey: `order-confirm/${orderId}`, toEmail: email, locale, data: { orderId }, runAt: new Date() }),
      );
    }
    await runWorker();

    const [en] = messagesTo("Ann@example.com");
    expect(en.subject).toBe("Your order #1001-en: backordered items and ship dates");
    expect(en.from).toContain("Tom & Jerry's <Shop>");
    expect(en.html).toContain("Mug &lt;Deluxe&gt; &amp; Co");
    expect(en.html).not.toContain("<Deluxe>");
    expect(en.html).toContain("Ships by December 1, 2026");
    expect(en.html).toContain("Ship date not known yet");
    expect(en.html).not.toContain("Gone Teapot");
    expect(en.text).toContain("- Mug <Deluxe> & Co – Blue × 2: Ships by December 1, 2026");
    expect(en.text).toContain("- Mug <Deluxe> & Co – Red × 1: Ship date not known yet");
    expect(en.text).toContain("Sent by Tom & Jerry's <Shop> about your order #1001-en.");
    expect(en.headers["list-unsubscribe"]).toBeUndefined();
    expect(en.headers["x-backorders-idempotency-key"]).toBe(`order-confirm/${ORDER}-en`);

    const [de] = messagesTo("bernd@example.com");
    expect(de.subject).toBe("Deine Bestellung #1001-de: nachbestellte Artikel und Versanddaten");
    expect(de.html).toContain("Versand bis 1. Dezember 2026");
    expect(de.html).toContain("Versanddatum noch unbekannt");
    expect(de.html).toContain('lang="de"');
    expect(de.text).toContain("- Mug <Deluxe> & Co – Blue × 2: Versand bis 1. Dezember 2026");
  });

  it("GIVEN the order was cancelled before sending THEN the confirmation is cancelled, not sent", async () => {
    const orderId = `${ORDER}-cancelled`;
    await prisma.backorderOrder.create({ data: { shop: SHOP, orderId, orderName: "#1999", orderedAt: new Date(), cancelledAt: new Date() } });
    await seedLine({ orderId, customerEmail: "late@example.com" });
    const { id } = await prisma.$transaction((tx) =>
      enqueueEmail(tx, { shop: SHOP, kind: "backorder_confirmation", idempotencyKey: `order-confirm/${orderId}`, toEmail: "late@example.com", locale: "en", data: { orderId }, runAt: new Date() }),
    );
    await runWorker();
    expect(messagesTo("late@example.com")).toHaveLength(0);
    expect(await prisma.emailMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: "cancelled", lastError: "Cancelled: the order was cancelled" });
  });
});

describe("delay notice", () => {
  it("GIVEN the ETA moved later THEN en and fr notices show old → new date per locale, the escaped apology and a signed cancellation link", async () => {
    const en = await seedLine({ customerEmail: "delay-en@example.com", customerLocale: "en", orderName: "#2001" });
    const fr = await seedLine({ customerEmail: "delay-fr@example.com", customerLocale: "fr-CA", orderName: "#2002" });
    await prisma.variantBackorder.update({ where: { shop_variantId: { shop: SHOP, variantId: VARIANT } }, data: { etaDate: "2026-12-15" } });
    const result = await runDelayNoticeScan({ shop: SHOP, variantId: VARIANT, now: new Date("2026-11-24T10:00:00Z") });
    expect(result.noticesQueued).toBeGreaterThanOrEqual(2);
    await runWorker(new Date("2026-11-24T10:00:00Z"));

    const [mail] = messagesTo("delay-en@example.com");
    expect(mail.subject).toBe("Your order #2001 is delayed");
    expect(mail.html).toContain("It was expected to ship by December 1, 2026. The new estimated ship date is December 15, 2026.");
    expect(mail.html).toContain("Sorry &lt;b&gt;really&lt;/b&gt; &amp; truly.<br>Our supplier was late.");
    expect(mail.html).not.toContain("<b>really</b>");
    expect(mail.text).toContain("Sorry <b>really</b> & truly.\nOur supplier was late.");
    const link = /Request cancellation of this item: (\S+)/.exec(mail.text)?.[1] ?? "";
    expect(link.startsWith(`${APP_URL}/orders/cancel-request/`)).toBe(true);
    expect(verifyToken({ purpose: "cancel-request", token: link.split("/").pop()!, secret: SECRET })).toBe(en.id);
    expect(mail.html).toContain(`href="${link}"`);
    expect(mail.headers["x-backorders-idempotency-key"]).toBe(`delay/${en.id}/2026-12-15`);
    expect(mail.headers["list-unsubscribe"]).toBeUndefined();

    const [french] = messagesTo("delay-fr@example.com");
    expect(french.subject).toBe("Votre commande #2002 est retardée");
    expect(french.html).toContain("1 décembre 2026");
    expect(french.html).toContain("15 décembre 2026");
    expect(french.text).toContain("Demander l'annulation de cet article: ");

    expect(await prisma.backorderLine.findUniqueOrThrow({ where: { id: fr.id } })).toMatchObject({ etaCurrent: "2026-12-15", delayNoticeCount: 1 });
  });

  it("GIVEN no apology text THEN the default apology; GIVEN the line resolved before sending THEN the notice is cancelled", async () => {
    const line = await seedLine({ shop: FANOUT_SHOP, customerEmail: "default-apology@example.com", customerLocale: "es", etaCurrent: "2026-12-01" });
    const gone = await seedLine({ shop: FANOUT_SHOP, customerEmail: "shipped@example.com", etaCurrent: "2026-12-01" });
    await prisma.variantBackorder.update({ where: { shop_variantId: { shop: FANOUT_SHOP, variantId: VARIANT } }, data: { etaDate: "2026-12-09" } });
    await runDelayNoticeScan({ shop: FANOUT_SHOP, now: new Date("2026-11-24T10:00:00Z") });
    await prisma.backorderLine.update({ where: { id: gone.id }, data: { status: "fulfilled" } });
    await runWorker(new Date("2026-11-24T10:00:00Z"));
    const [mail] = messagesTo("default-apology@example.com");
    expect(mail.subject).toContain("se retrasa");
    expect(mail.text).toContain("Sentimos la espera y te agradecemos tu paciencia.");
    expect(mail.text).toContain("9 de diciembre de 2026");
    expect(messagesTo("shipped@example.com")).toHaveLength(0);
    const cancelled = await prisma.emailMessage.findFirstOrThrow({ where: { shop: FANOUT_SHOP, idempotencyKey: `delay/${gone.id}/2026-12-09` } });
    expect(cancelled).toMatchObject({ status: "cancelled", lastError: "Cancelled: the order line is fulfilled, nothing is owed any more" });
    await prisma.backorderLine.deleteMany({ where: { id: { in: [line.id, gone.id] } } });
    await prisma.variantBackorder.update({ where: { shop_variantId: { shop: FANOUT_SHOP, variantId: VARIANT } }, data: { etaDate: "2026-12-01" } });
  });
});

describe("shipping soon", () => {
  it("GIVEN stock arrived for a line THEN en and es emails say it is on its way soon; a cancelled line gets none", async () => {
    const en = await seedLine({ customerEmail: "ship-en@example.com", customerLocale: "en", orderName: "#3001", variantTitle: "Default Title" });
    const es = await seedLine({ customerEmail: "ship-es@example.com", customerLocale: "es", orderName: "#3002" });
    const cancelled = await seedLine({ customerEmail: "ship-cancelled@example.com", status: "cancelled" });
    for (const line of [en, es, cancelled]) {
      await prisma.$transaction((tx) =>
        enqueueEmail(tx, { shop: SHOP, kind: "shipping_soon", idempotencyKey: `ship/${line.id}`, toEmail: line.customerEmail!, locale: line.customerLocale!, data: { backorderLineId: line.id }, runAt: new Date() }),
      );
    }
    await runWorker();
    const [english] = messagesTo("ship-en@example.com");
    expect(english.subject).toBe("Mug <Deluxe> & Co is on its way soon");
    expect(english.html).toContain("Good news: it&#39;s on its way soon");
    expect(english.html).toContain("Mug &lt;Deluxe&gt; &amp; Co from your order #3001 has arrived and will ship soon.");
    expect(english.html).not.toContain("Default Title");
    const [spanish] = messagesTo("ship-es@example.com");
    expect(spanish.subject).toBe("Mug <Deluxe> & Co – Blue saldrá pronto");
    expect(spanish.text).toContain("de tu pedido #3002 ha llegado y se enviará pronto.");
    expect(messagesTo("ship-cancelled@example.com")).toHaveLength(0);
  });
});

describe("delay-notice fan-out: once per affected line", () => {
  const V = "gid://shopify/ProductVariant/9100";
  const now = new Date("2026-11-24T10:00:00Z");
  const setEta = (etaDate: string) => prisma.variantBackorder.update({ where: { shop_variantId: { shop: FANOUT_SHOP, variantId: V } }, data: { etaDate } });

  it("GIVEN 500 open lines THEN later → 500, again → 500, later again → 500 more, earlier → none", async () => {
    await prisma.variant.create({ data: { shop: FANOUT_SHOP, id: V, productId: PRODUCT, title: "Green", inventoryPolicy: "CONTINUE", availableTotal: -500 } });
    await prisma.variantBackorder.create({ data: { shop: FANOUT_SHOP, variantId: V, enabled: true, etaDate: "2026-12-10" } });
    await prisma.backorderLine.createMany({
      data: Array.from({ length: 500 }, (_, i) => ({
        shop: FANOUT_SHOP, orderId: `gid://shopify/Order/${90000 + i}`, orderName: `#${90000 + i}`, lineItemId: `gid://shopify/LineItem/fan-${i}`,
        variantId: V, customerEmail: `fan${i}@example.com`, customerLocale: i % 2 ? "de" : "en", quantityOrdered: 1, quantityBackordered: 1,
        etaPromised: "2026-12-10", etaCurrent: "2026-12-10", orderedAt: new Date("2026-11-01T10:00:00Z"),
      })),
    });
    const lineIds = (await prisma.backorderLine.findMany({ where: { shop: FANOUT_SHOP, variantId: V }, select: { id: true } })).map((l) => l.id);
    const notices = () =>
      prisma.emailMessage.count({ where: { shop: FANOUT_SHOP, kind: "delay_notice", OR: [{ idempotencyKey: { endsWith: "/2026-12-20" } }, { idempotencyKey: { endsWith: "/2027-01-05" } }] } });
    const allNotices = () => prisma.emailMessage.count({ where: { shop: FANOUT_SHOP, kind: "delay_notice" } });
    const before = await allNotices();

    await setEta("2026-12-20");
    expect((await runDelayNoticeScan({ shop: FANOUT_SHOP, variantId: V, now })).noticesQueued).toBe(500);
    expect(await notices()).toBe(500);
    // The scan again, and the ETA set again to the same date: nothing more.
    expect((await runDelayNoticeScan({ shop: FANOUT_SHOP, variantId: V, now })).noticesQueued).toBe(0);
    await setEta("2026-12-20");
    expect((await runDelayNoticeScan({ shop: FANOUT_SHOP, now })).noticesQueued).toBe(0);
    expect(await notices()).toBe(500);
    expect(await prisma.job.count({ where: { shop: FANOUT_SHOP, type: "email.send" } })).toBe(before + 500);

    await setEta("2027-01-05");
    expect((await runDelayNoticeScan({ shop: FANOUT_SHOP, variantId: V, now })).noticesQueued).toBe(500);
    expect(await notices()).toBe(1000);

    await setEta("2026-12-15");
    expect((await runDelayNoticeScan({ shop: FANOUT_SHOP, variantId: V, now })).noticesQueued).toBe(0);
    expect(await allNotices()).toBe(before + 1000);
    const sample = await prisma.backorderLine.findUniqueOrThrow({ where: { id: lineIds[0] } });
    expect(sample).toMatchObject({ etaCurrent: "2027-01-05", delayNoticeCount: 2 }); // the earlier date was never announced
    // Keep the rest of this file fast: these 1,000 emails are not delivered here (delivery is covered above).
    await prisma.job.deleteMany({ where: { shop: FANOUT_SHOP, type: "email.send" } });
    await prisma.backorderLine.updateMany({ where: { shop: FANOUT_SHOP, variantId: V }, data: { status: "fulfilled" } });
  });
});

describe("overdue detection (time passed in)", () => {
  const OVERDUE_SHOP = SHOP;
  const V = "gid://shopify/ProductVariant/9200";

  it("GIVEN the promised date passes without fulfilment THEN one 'we missed the date' notice; a new future date later gets one more", async () => {
    await prisma.variant.create({ data: { shop: OVERDUE_SHOP, id: V, productId: PRODUCT, title: "Black", inventoryPolicy: "CONTINUE", availableTotal: -1 } });
    await prisma.variantBackorder.create({ data: { shop: OVERDUE_SHOP, variantId: V, enabled: true, etaDate: "2026-12-01" } });
    const line = await seedLine({ variantId: V, customerEmail: "overdue@example.com", customerLocale: "de", etaPromised: "2026-12-01", etaCurrent: "2026-12-01", variantTitle: "Black", orderName: "#4001" });

    // 2026-12-01 23:30 in Berlin is still the ETA day: not overdue.
    expect((await runDelayNoticeScan({ shop: OVERDUE_SHOP, variantId: V, now: new Date("2026-12-01T22:30:00Z") })).noticesQueued).toBe(0);
    // 00:30 on Dec 2 in Berlin (still Dec 1 in UTC): overdue.
    expect((await runDelayNoticeScan({ shop: OVERDUE_SHOP, variantId: V, now: new Date("2026-12-01T23:30:00Z") })).noticesQueued).toBe(1);
    expect(await prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).toMatchObject({ etaCurrent: null, delayNoticeCount: 1 });
    // The next days: no new date yet, nothing more.
    expect((await runDelayNoticeScan({ shop: OVERDUE_SHOP, variantId: V, now: new Date("2026-12-03T10:00:00Z") })).noticesQueued).toBe(0);
    await runWorker(new Date("2026-12-03T10:00:00Z"));
    const [missed] = messagesTo("overdue@example.com");
    expect(missed.headers["x-backorders-idempotency-key"]).toBe(`delay/${line.id}/overdue-2026-12-01`);
    expect(missed.text).toContain("Wir haben das geplante Versanddatum 1. Dezember 2026 nicht eingehalten und haben noch kein neues Datum.");

    await prisma.variantBackorder.update({ where: { shop_variantId: { shop: OVERDUE_SHOP, variantId: V } }, data: { etaDate: "2026-12-20" } });
    expect((await runDelayNoticeScan({ shop: OVERDUE_SHOP, variantId: V, now: new Date("2026-12-04T10:00:00Z") })).noticesQueued).toBe(1);
    await runWorker(new Date("2026-12-04T10:00:00Z"));
    const newDate = messagesTo("overdue@example.com")[1];
    expect(newDate.text).toContain("Wir erwarten den Versand jetzt bis 20. Dezember 2026.");
    expect(await prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).toMatchObject({ etaCurrent: "2026-12-20", delayNoticeCount: 2 });
  });

  it("GIVEN a lead-time variant THEN the ETA counts from the order date, so the scan on later days sends nothing until that date passes", async () => {
    const LEAD = "gid://shopify/ProductVariant/9201";
    await prisma.variant.create({ data: { shop: SHOP, id: LEAD, productId: PRODUCT, title: "Lead", inventoryPolicy: "CONTINUE", availableTotal: -1 } });
    await prisma.variantBackorder.create({ data: { shop: SHOP, variantId: LEAD, enabled: true, leadTimeDays: 5, businessDays: true } });
    // Ordered Tue 2026-11-10 (Berlin) + 5 business days = Tue 2026-11-17.
    const line = await seedLine({ variantId: LEAD, etaPromised: "2026-11-17", etaCurrent: "2026-11-17", orderedAt: new Date("2026-11-10T09:00:00Z") });
    expect((await runDelayNoticeScan({ shop: SHOP, variantId: LEAD, now: new Date("2026-11-12T09:00:00Z") })).noticesQueued).toBe(0);
    expect((await runDelayNoticeScan({ shop: SHOP, variantId: LEAD, now: new Date("2026-11-17T20:00:00Z") })).noticesQueued).toBe(0);
    // Lead time raised to 10 business days → 2026-11-24: later than told.
    await prisma.variantBackorder.update({ where: { shop_variantId: { shop: SHOP, variantId: LEAD } }, data: { leadTimeDays: 10 } });
    expect((await runDelayNoticeScan({ shop: SHOP, variantId: LEAD, now: new Date("2026-11-13T09:00:00Z") })).noticesQueued).toBe(1);
    expect((await prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).etaCurrent).toBe("2026-11-24");
  });

  it("GIVEN delay notices are switched off THEN nothing changes; switched on later, the still-true delay is announced", async () => {
    const V2 = "gid://shopify/ProductVariant/9202";
    await prisma.variant.create({ data: { shop: SHOP, id: V2, productId: PRODUCT, title: "Off", inventoryPolicy: "CONTINUE", availableTotal: -1 } });
    await prisma.variantBackorder.create({ data: { shop: SHOP, variantId: V2, enabled: true, etaDate: "2027-02-01" } });
    const line = await seedLine({ variantId: V2, etaCurrent: "2027-01-10", etaPromised: "2027-01-10" });
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { sendDelayNotices: false } });
    expect(await runDelayNoticeScan({ shop: SHOP, variantId: V2, now: new Date("2026-11-24T10:00:00Z") })).toMatchObject({ skipped: "disabled", noticesQueued: 0 });
    expect((await prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).etaCurrent).toBe("2027-01-10");
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { sendDelayNotices: true } });
    expect((await runDelayNoticeScan({ shop: SHOP, variantId: V2, now: new Date("2026-11-24T10:00:00Z") })).noticesQueued).toBe(1);
  });
});

describe("triggers", () => {
  it("GIVEN a merchant moves an ETA later through the backorder-changes service THEN a delay scan is requested, and running it emails the owed line", async () => {
    const V = "gid://shopify/ProductVariant/9300";
    await prisma.variant.create({ data: { shop: SHOP, id: V, productId: PRODUCT, title: "Edited", inventoryPolicy: "CONTINUE", availableTotal: -1, tracked: true } });
    await prisma.variantBackorder.create({ data: { shop: SHOP, variantId: V, enabled: true, etaDate: "2026-12-05" } });
    const line = await seedLine({ variantId: V, customerEmail: "edited@example.com", etaPromised: "2026-12-05", etaCurrent: "2026-12-05", variantTitle: "Edited" });
    const now = new Date("2026-11-24T10:00:00Z");
    const result = await applyBackorderChangesWithOptions({
      shop: SHOP,
      variantIds: [V],
      changes: { etaDate: "2026-12-19" },
      actor: "staff@example.com",
      source: "manual",
      gateway: async () => {
        throw new Error("no Shopify call expected for an ETA-only change");
      },
      afterEffects: false,
      now,
    });
    expect(result).toEqual({ succeeded: [V], failed: [] });
    const scans = await prisma.job.findMany({ where: { shop: SHOP, type: DELAY_NOTICE_SCAN_JOB, status: "queued", payload: JSON.stringify({ variantId: V }) } });
    expect(scans).toHaveLength(1);

    await runWorker(now);
    expect(await prisma.job.findUniqueOrThrow({ where: { id: scans[0].id } })).toMatchObject({ status: "done" });
    const [mail] = messagesTo("edited@example.com");
    expect(mail.text).toContain("It was expected to ship by December 5, 2026. The new estimated ship date is December 19, 2026.");
    expect((await prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).etaCurrent).toBe("2026-12-19");
    // The run also queued the daily overdue scan: just after the next Berlin midnight.
    const daily = await prisma.job.findFirstOrThrow({ where: { shop: SHOP, type: DELAY_NOTICE_SCAN_JOB, idempotencyKey: { startsWith: "delay-scan-daily:" } } });
    expect(daily.runAt.toISOString()).toBe("2026-11-24T23:00:00.000Z");

    // A change that does not touch the ETA requests no scan.
    await prisma.job.deleteMany({ where: { shop: SHOP, type: DELAY_NOTICE_SCAN_JOB, idempotencyKey: null } });
    await applyBackorderChangesWithOptions({
      shop: SHOP, variantIds: [V], changes: { message: "Made to order" }, actor: "staff@example.com", source: "manual",
      gateway: async () => { throw new Error("unexpected"); }, afterEffects: false, now,
    });
    expect(await prisma.job.count({ where: { shop: SHOP, type: DELAY_NOTICE_SCAN_JOB, idempotencyKey: null } })).toBe(0);
  });

  it("GIVEN a bulk ETA change of many variants THEN one shop-wide scan is requested instead of one per variant", async () => {
    const ids = Array.from({ length: 25 }, (_, i) => `gid://shopify/ProductVariant/${9400 + i}`);
    await prisma.variant.createMany({ data: ids.map((id) => ({ shop: SHOP, id, productId: PRODUCT, title: id, inventoryPolicy: "CONTINUE", availableTotal: -1 })) });
    await prisma.variantBackorder.createMany({ data: ids.map((variantId) => ({ shop: SHOP, variantId, enabled: true, etaDate: "2026-12-05" })) });
    await prisma.job.deleteMany({ where: { shop: SHOP, type: DELAY_NOTICE_SCAN_JOB, idempotencyKey: null } });
    const result = await applyBackorderChangesWithOptions({
      shop: SHOP, variantIds: ids, changes: { etaDate: "2027-01-15" }, actor: "staff@example.com", source: "manual",
      gateway: async () => { throw new Error("unexpected"); }, afterEffects: false, now: new Date("2026-11-24T10:00:00Z"),
    });
    expect(result.succeeded).toHaveLength(25);
    const scans = await prisma.job.findMany({ where: { shop: SHOP, type: DELAY_NOTICE_SCAN_JOB, idempotencyKey: null } });
    expect(scans.map((job) => job.payload)).toEqual(["{}"]);
  });
});
