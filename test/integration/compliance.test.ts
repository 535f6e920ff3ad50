// Privacy webhooks end to end: the signed request through the real webhook routes (HMAC, receipt dedupe), then
// the queued job through the compliance handlers, on a throw-away SQLite database.
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import { action as complianceAction } from "#app/routes/webhooks.compliance";
import { action as uninstalledAction } from "#app/routes/webhooks.app.uninstalled";
import { complianceJobHandlers } from "#app/jobs/compliance-jobs.server";
import { jobHandlers } from "#app/jobs/handlers.server";
import { runDueJobs } from "#app/jobs/worker.server";
import { enqueueEmail } from "#app/models/email-outbox.server";
import { webhookJobType } from "#app/services/webhook-intake.server";
import { CUSTOMER_DATA_COLUMNS, REDACTED_JOB_PAYLOAD, REDACTION_MAX_WAIT_MS, REDACTION_RECHECK_MS, listComplianceExports } from "#app/services/compliance.server";
import { Prisma } from "@prisma/client";
import { shopifyWebhookRequest } from "../support/webhook-request";

const SHOP = "privacy-a.myshopify.com";
const OTHER = "privacy-b.myshopify.com";
const secret = process.env.SHOPIFY_API_SECRET!;
const args = (request: Request) => ({ request, params: {}, context: {} }) as any;
const VARIANT = "gid://shopify/ProductVariant/501";

async function status(run: () => Promise<Response>): Promise<number> {
  try {
    return (await run()).status;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

function deliver(topic: string, shop: string, body: unknown, opts: { webhookId?: string; tamper?: boolean } = {}) {
  const route = topic === "app/uninstalled" ? uninstalledAction : complianceAction;
  const url = topic === "app/uninstalled" ? "http://app/webhooks/app/uninstalled" : "http://app/webhooks/compliance";
  return status(() => route(args(shopifyWebhookRequest({ url, topic, shop, body, secret, ...opts }))));
}

// Webhook jobs are due at once (real clock); the seeded email sends are due later, so they stay queued.
const runJobs = () => runDueJobs({ handlers: complianceJobHandlers, workerId: "t", now: () => new Date(), limit: 50 });
const LATER = new Date(Date.now() + 86_400_000);

let seq = 0;
async function subscribe(shop: string, email: string, extra: Record<string, unknown> = {}) {
  seq++;
  const sub = await prisma.restockSubscription.create({
    data: {
      shop, variantId: VARIANT, productId: "gid://shopify/Product/50", email, emailNormalized: email.trim().toLowerCase(),
      status: "active", unsubscribeToken: `tok-${seq}`, consentAt: new Date("2026-11-01T08:00:00Z"), consentTextVersion: "v2",
      consentIp: "203.0.113.7", consentUserAgent: "Mozilla/5.0 test", confirmedAt: new Date("2026-11-01T08:05:00Z"), ...extra,
    },
  });
  const email1 = await enqueueEmail(prisma, { shop, kind: "subscription_confirmation", idempotencyKey: `confirm/${sub.id}/0`, toEmail: email, locale: "en", subscriptionId: sub.id, reason: "Shopper signed up", runAt: LATER });
  await prisma.emailMessage.update({ where: { id: email1.id }, data: { status: "sent", sentAt: new Date("2026-11-01T08:01:00Z") } });
  return sub;
}

async function seed() {
  await prisma.shop.createMany({ data: [{ shop: SHOP }, { shop: OTHER }] });
  await prisma.product.create({ data: { shop: SHOP, id: "gid://shopify/Product/50", title: "Wool Hat", handle: "wool-hat" } });
  await prisma.variant.create({ data: { shop: SHOP, id: VARIANT, productId: "gid://shopify/Product/50", title: "Blue" } });
  const mine = await subscribe(SHOP, "Ana@Example.com ");
  const byCustomerId = await prisma.restockSubscription.create({
    data: { shop: SHOP, variantId: "gid://shopify/ProductVariant/502", productId: "gid://shopify/Product/50", email: "ana.work@example.com", emailNormalized: "ana.work@example.com", customerId: "9007199254740993", unsubscribeToken: "tok-cid" },
  });
  const stranger = await subscribe(SHOP, "bob@example.com");
  const otherShop = await subscribe(OTHER, "ana@example.com");
  await prisma.backorderLine.createMany({
    data: [
      { shop: SHOP, orderId: "gid://shopify/Order/1", orderName: "#1001", lineItemId: "li-1", variantId: VARIANT, customerEmail: "ana@example.com", quantityOrdered: 2, quantityBackordered: 1, orderedAt: new Date("2026-11-02T00:00:00Z") },
      { shop: OTHER, orderId: "gid://shopify/Order/2", lineItemId: "li-2", variantId: VARIANT, customerEmail: "ana@example.com", quantityOrdered: 1, quantityBackordered: 1, orderedAt: new Date("2026-11-02T00:00:00Z") },
    ],
  });
  return { mine, byCustomerId, stranger, otherShop };
}

// customers/* payloads carry the customer id as a JSON number; a big one must come in as a string to survive.
const customerBody = (shop: string, extra: Record<string, unknown> = {}) => ({
  shop_id: 1, shop_domain: shop, customer: { id: 4242, email: "ana@example.com", phone: null }, ...extra,
});

beforeEach(async () => {
  for (const model of ["job", "webhookReceipt", "cancellationRequest", "backorderOrder", "emailMessage", "restockSubscription", "backorderLine", "complianceExport", "variant", "product", "shop", "session"] as const) {
    await (prisma[model] as any).deleteMany();
  }
});

describe("privacy webhooks", () => {
  it("wires every compliance handler into the worker's handler map", () => {
    for (const topic of ["APP_UNINSTALLED", "SHOP_REDACT", "CUSTOMERS_REDACT", "CUSTOMERS_DATA_REQUEST"]) {
      expect(jobHandlers[webhookJobType(topic)]).toBe(complianceJobHandlers[webhookJobType(topic)]);
    }
  });

  it("GIVEN customers/data_request THEN an export of that shop's data for that customer (consent, emails, order lines) is stored", async () => {
    const { mine, byCustomerId } = await seed();
    const body = { ...customerBody(SHOP), customer: { id: "9007199254740993", email: " ANA@example.com" }, orders_requested: [1] };
    expect(await deliver("customers/data_request", SHOP, body, { webhookId: "dr-1" })).toBe(200);
    await runJobs();

    const rows = await prisma.complianceExport.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ shop: SHOP, customerEmail: "ana@example.com", customerId: "9007199254740993" });
    const data = JSON.parse(rows[0].export);
    expect(data.restockSubscriptions.map((s: any) => s.email).sort()).toEqual(["Ana@Example.com ", "ana.work@example.com"]);
    const evidence = data.restockSubscriptions.find((s: any) => s.variantId === mine.variantId);
    expect(evidence).toMatchObject({
      product: "Wool Hat — Blue", status: "active", consentAt: "2026-11-01T08:00:00.000Z", consentTextVersion: "v2",
      consentIp: "203.0.113.7", consentUserAgent: "Mozilla/5.0 test", confirmedAt: "2026-11-01T08:05:00.000Z",
      notifiedAt: null, unsubscribedAt: null,
    });
    expect(data.restockSubscriptions.find((s: any) => s.customerId)).toMatchObject({ variantId: byCustomerId.variantId });
    expect(data.emailsSent).toEqual([
      expect.objectContaining({ kind: "subscription_confirmation", status: "sent", sentAt: "2026-11-01T08:01:00.000Z", reason: "Shopper signed up" }),
    ]);
    expect(data.backorderedOrderLines).toEqual([expect.objectContaining({ orderName: "#1001", customerEmail: "ana@example.com", quantityBackordered: 1 })]);
    // Nothing of bob, nothing of the other shop's ana.
    expect(JSON.stringify(data)).not.toContain("bob@example.com");
    expect(data.backorderedOrderLines.every((l: any) => l.orderId === "gid://shopify/Order/1")).toBe(true);

    const listed = await listComplianceExports(SHOP);
    expect(listed).toEqual([expect.objectContaining({ customerEmail: "ana@example.com", counts: { subscriptions: 2, emails: 1, orderLines: 1 } })]);
    expect(await listComplianceExports(OTHER)).toEqual([]);
  });

  it("GIVEN the same data request delivered twice THEN 200 both times and one export", async () => {
    await seed();
    expect(await deliver("customers/data_request", SHOP, customerBody(SHOP), { webhookId: "dr-dup" })).toBe(200);
    expect(await deliver("customers/data_request", SHOP, customerBody(SHOP), { webhookId: "dr-dup" })).toBe(200);
    await runJobs();
    expect(await prisma.complianceExport.count()).toBe(1);
    expect(await prisma.job.count({ where: { status: "dead" } })).toBe(0);
  });

  it("GIVEN customers/redact THEN that customer's subscriptions, consent and emails go in that shop only; order lines lose the email", async () => {
    const { stranger, otherShop, byCustomerId } = await seed();
    await prisma.complianceExport.create({ data: { shop: SHOP, customerEmail: "ana@example.com", export: "{}" } });
    const body = { ...customerBody(SHOP), customer: { id: "9007199254740993", email: "ana@example.com" } };
    expect(await deliver("customers/redact", SHOP, body, { webhookId: "rd-1" })).toBe(200);
    await runJobs();

    const left = await prisma.restockSubscription.findMany({ orderBy: { email: "asc" } });
    expect(left.map((s) => s.id).sort()).toEqual([stranger.id, otherShop.id].sort());
    expect(left.some((s) => s.id === byCustomerId.id)).toBe(false);
    const emails = await prisma.emailMessage.findMany();
    expect(emails.map((e) => e.subscriptionId).sort()).toEqual([stranger.id, otherShop.id].sort());
    // Their queued sends are gone too; the other subscribers' stay.
    expect(await prisma.job.count({ where: { type: "email.send" } })).toBe(2);
    expect(await prisma.complianceExport.count({ where: { shop: SHOP } })).toBe(0);
    const lines = await prisma.backorderLine.findMany({ orderBy: { shop: "asc" } });
    expect(lines.map((l) => [l.shop, l.customerEmail])).toEqual([[SHOP, null], [OTHER, "ana@example.com"]]);
    expect(await prisma.backorderLine.count()).toBe(2); // the order ledger stays
  });

  it("GIVEN a redact delivered again, or for a customer with no data THEN 200 and no failed job", async () => {
    await seed();
    for (let i = 0; i < 2; i++) expect(await deliver("customers/redact", SHOP, customerBody(SHOP), { webhookId: "rd-dup" })).toBe(200);
    expect(await deliver("customers/redact", SHOP, { shop_domain: SHOP, customer: { id: 1, email: "nobody@example.com" } })).toBe(200);
    await runJobs();
    expect(await prisma.job.count({ where: { status: { not: "done" } }, })).toBe(2); // the two email sends of the others
    expect(await prisma.job.count({ where: { status: "dead" } })).toBe(0);
  });

  it("GIVEN shop/redact THEN every row of that shop goes, the other shop keeps its subscribers", async () => {
    await seed();
    expect(await deliver("shop/redact", SHOP, { shop_id: 1, shop_domain: SHOP }, { webhookId: "sr-1" })).toBe(200);
    await runJobs();
    expect(await prisma.restockSubscription.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.emailMessage.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.backorderLine.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.shop.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.restockSubscription.count({ where: { shop: OTHER } })).toBe(1);
    expect(await prisma.job.count({ where: { shop: OTHER, type: "email.send", status: "queued" } })).toBe(1);
  });

  it("GIVEN app/uninstalled THEN sending stops at once (queued email sends deleted) and a repeat after deletion is harmless", async () => {
    await seed();
    expect(await prisma.job.count({ where: { shop: SHOP, type: "email.send" } })).toBe(2);
    expect(await deliver("app/uninstalled", SHOP, { id: 1, domain: SHOP }, { webhookId: "un-1" })).toBe(200);
    await runJobs();
    expect(await prisma.job.count({ where: { shop: SHOP } })).toBe(0);
    expect(await prisma.emailMessage.count({ where: { shop: SHOP } })).toBe(0);
    // Shopify retries the same delivery after the data (and its receipt) is gone; a shop/redact 48 h later.
    expect(await deliver("app/uninstalled", SHOP, { id: 1, domain: SHOP }, { webhookId: "un-1" })).toBe(200);
    expect(await deliver("shop/redact", SHOP, { shop_domain: SHOP }, { webhookId: "sr-late" })).toBe(200);
    expect(await deliver("customers/redact", SHOP, customerBody(SHOP), { webhookId: "rd-late" })).toBe(200);
    expect(await deliver("customers/data_request", SHOP, customerBody(SHOP), { webhookId: "dr-late" })).toBe(200);
    await runJobs();
    expect(await prisma.job.count({ where: { shop: SHOP, status: { in: ["dead", "queued"] } } })).toBe(0);
    // The late data request still gets an (empty) export the merchant could hand over.
    const late = await prisma.complianceExport.findFirstOrThrow({ where: { shop: SHOP } });
    expect(JSON.parse(late.export)).toMatchObject({ restockSubscriptions: [], emailsSent: [], backorderedOrderLines: [] });
    expect(await prisma.restockSubscription.count({ where: { shop: OTHER } })).toBe(1);
  });

  it("GIVEN an invalid HMAC on any compliance topic THEN 401 and nothing is queued", async () => {
    for (const topic of ["customers/data_request", "customers/redact", "shop/redact", "app/uninstalled"]) {
      expect(await deliver(topic, SHOP, customerBody(SHOP), { webhookId: `bad-${topic}`, tamper: true })).toBe(401);
    }
    expect(await prisma.job.count()).toBe(0);
    expect(await prisma.webhookReceipt.count()).toBe(0);
  });

  it("GIVEN the customer in every table that can hold them (addresses as typed, an order only by id) WHEN customers/redact THEN no row of the shop still names them", async () => {
    await seedEverywhere();
    const body = { ...customerBody(SHOP), customer: { id: 4242, email: "ana@example.com" }, orders_to_redact: [7] };
    expect(await deliver("customers/redact", SHOP, body, { webhookId: "rd-all" })).toBe(200);
    await runJobs();

    const leftovers = await rowsNaming(SHOP, CUSTOMER_TRACES);
    expect(leftovers).toEqual([]);
    // The merchant's records stay, anonymised; the other customer's queued order is untouched.
    expect(await prisma.backorderLine.count({ where: { shop: SHOP } })).toBe(3);
    expect(await prisma.backorderOrder.count({ where: { shop: SHOP, customerEmail: null } })).toBe(2);
    expect(await prisma.cancellationRequest.findFirstOrThrow({ where: { shop: SHOP, orderId: "gid://shopify/Order/7" } })).toMatchObject({ customerEmail: null, reason: null, status: "requested" });
    expect((await prisma.job.findFirstOrThrow({ where: { shop: SHOP, idempotencyKey: "webhook:orders-7" } })).payload).toBe(REDACTED_JOB_PAYLOAD);
    expect((await prisma.job.findFirstOrThrow({ where: { shop: SHOP, idempotencyKey: "webhook:orders-other" } })).payload).toContain("carl@example.com");
    // The other shop's ana is another shop's data.
    expect(await rowsNaming(OTHER, ["ana@example.com"])).not.toEqual([]);
  });

  it("GIVEN an orders/* job naming the customer still queued WHEN customers/redact THEN the rest is redacted now, the redaction waits for that job (which would write them back) and scrubs it once it ran", async () => {
    await seedEverywhere();
    const queuedOrder = await prisma.job.create({
      data: { shop: SHOP, type: webhookJobType("ORDERS_UPDATED"), status: "queued", runAt: LATER, idempotencyKey: "webhook:orders-ana-queued", payload: JSON.stringify({ webhookId: "wq", body: { id: 7, email: "Ana@Example.com" } }) },
    });
    const body = { ...customerBody(SHOP), customer: { id: 4242, email: "ana@example.com" }, orders_to_redact: [7] };
    expect(await deliver("customers/redact", SHOP, body, { webhookId: "rd-wait" })).toBe(200);
    await runJobs();

    const redaction = await prisma.job.findFirstOrThrow({ where: { shop: SHOP, type: webhookJobType("CUSTOMERS_REDACT") } });
    expect(redaction).toMatchObject({ status: "queued" });
    expect(redaction.runAt.getTime()).toBeGreaterThan(Date.now() + REDACTION_RECHECK_MS - 60_000);
    // Everything but the queued delivery and the redaction's own request is gone already.
    const waiting = await rowsNaming(SHOP, CUSTOMER_TRACES);
    expect(waiting.every((row) => row.startsWith("Job."))).toBe(true);
    expect(await prisma.restockSubscription.count({ where: { shop: SHOP, emailNormalized: "ana@example.com" } })).toBe(0);
    expect((await prisma.job.findUniqueOrThrow({ where: { id: queuedOrder.id } })).payload).toContain("Ana@Example.com");

    // The delivery runs (and may have written the address back onto a line); the redaction's next look finishes.
    await prisma.job.update({ where: { id: queuedOrder.id }, data: { status: "done", finishedAt: new Date() } });
    await prisma.backorderLine.updateMany({ where: { shop: SHOP, orderId: "gid://shopify/Order/7" }, data: { customerEmail: "Ana@Example.com" } });
    await prisma.job.update({ where: { id: redaction.id }, data: { runAt: new Date(Date.now() - 1_000) } });
    await runJobs();
    expect(await prisma.job.findUniqueOrThrow({ where: { id: redaction.id } })).toMatchObject({ status: "done", payload: REDACTED_JOB_PAYLOAD });
    expect(await rowsNaming(SHOP, CUSTOMER_TRACES)).toEqual([]);
  });

  it("GIVEN a queued job naming the customer that never runs (a parked shop) THEN after the longest wait its payload is scrubbed too, and the worker completes it without running it", async () => {
    await seedEverywhere();
    const stuck = await prisma.job.create({
      data: { shop: SHOP, type: webhookJobType("ORDERS_CREATE"), status: "queued", runAt: LATER, idempotencyKey: "webhook:orders-ana-stuck", payload: JSON.stringify({ webhookId: "ws", body: { id: 99, email: "ana@example.com" } }) },
    });
    const body = { ...customerBody(SHOP), customer: { id: 4242, email: "ana@example.com" }, orders_to_redact: [7] };
    expect(await deliver("customers/redact", SHOP, body, { webhookId: "rd-stuck" })).toBe(200);
    await runJobs();
    const redaction = await prisma.job.findFirstOrThrow({ where: { shop: SHOP, type: webhookJobType("CUSTOMERS_REDACT") } });
    expect(redaction.status).toBe("queued");

    await prisma.job.update({ where: { id: redaction.id }, data: { runAt: new Date(Date.now() - 1_000), createdAt: new Date(Date.now() - REDACTION_MAX_WAIT_MS - 1_000) } });
    await runJobs();
    expect((await prisma.job.findUniqueOrThrow({ where: { id: redaction.id } })).status).toBe("done");
    expect(await rowsNaming(SHOP, CUSTOMER_TRACES)).toEqual([]);

    // When the stuck job finally comes up, there is nothing to run: done, not dead, and no handler was needed.
    await prisma.job.update({ where: { id: stuck.id }, data: { runAt: new Date(Date.now() - 1_000) } });
    await runJobs();
    expect(await prisma.job.findUniqueOrThrow({ where: { id: stuck.id } })).toMatchObject({ status: "done", payload: REDACTED_JOB_PAYLOAD, lastError: null });
  });

  it("GIVEN the customer in every table WHEN customers/data_request THEN the export holds all of it: addresses in any case, orders by id, cancellation requests", async () => {
    await seedEverywhere();
    const body = { ...customerBody(SHOP), customer: { id: 4242, email: "ana@example.com" }, orders_requested: [7] };
    expect(await deliver("customers/data_request", SHOP, body, { webhookId: "dr-all" })).toBe(200);
    await runJobs();
    const data = JSON.parse((await prisma.complianceExport.findFirstOrThrow({ where: { shop: SHOP, webhookId: "dr-all" } })).export);
    expect(data.backorderedOrderLines.map((l: any) => l.orderId).sort()).toEqual(["gid://shopify/Order/1", "gid://shopify/Order/7"]);
    expect(data.emailsSent.map((e: any) => e.to).sort()).toEqual(["ANA@Example.COM", "Ana@Example.com ", "ana.orders@example.com"].sort());
    expect(data.cancellationRequests).toEqual([expect.objectContaining({ orderName: "#1007", reason: PRIVATE_REASON, customerEmail: "Ana.Orders@Example.com" })]);
    expect(JSON.stringify(data)).not.toContain("carl@example.com");
  });

  it("GIVEN every model's columns THEN each that can hold customer data is covered by the redaction (a new one fails here until it is)", () => {
    // Columns whose name says "customer data" but that hold none, and why.
    const HARMLESS: Record<string, string> = {
      "BackorderLine.customerLocale": "a language code",
      "CancellationRequest.resolvedBy": "the merchant's staff member",
      "ShopSettings.requireConsent": "a setting",
      "ShopSettings.delayApologyText": "the merchant's wording",
      "ComplianceExport.webhookId": "Shopify's delivery id",
      "RestockSubscription.consentTextVersion": "which wording was shown",
      "VariantBackorder.internalNote": "the merchant's note",
      "Session.email": "the merchant's staff login, deleted with the shop",
      "Session.firstName": "the merchant's staff login, deleted with the shop",
      "Session.lastName": "the merchant's staff login, deleted with the shop",
      "Session.accountOwner": "a flag",
      "Session.emailVerified": "a flag",
      "Job.lastError": "the worker's error text (ids only)",
      "Shop.email": "the merchant's shop contact address",
      "Shop.parkedReason": "why the app paused the shop",
      "ShopSettings.noteEtaOnOrders": "a setting",
      "CsvImport.failureReason": "the import's error",
      "BackorderOrder.customerLocale": "a language code",
      "BackorderOrder.noteSynced": "the ETA note the app wrote (dates, no names)",
      "VariantForecast.maseReason": "why a variant's forecast accuracy cannot be measured (a fixed code)",
    };
    const looksPersonal = /email|customer|consent|reason|payload|phone|address|userAgent|firstName|lastName|export|note|^data$/i;
    const uncovered: string[] = [];
    for (const model of Prisma.dmmf.datamodel.models) {
      const covered = (CUSTOMER_DATA_COLUMNS as Record<string, { columns: readonly string[] }>)[model.name]?.columns ?? [];
      for (const field of model.fields) {
        const name = `${model.name}.${field.name}`;
        if (field.kind !== "scalar" || !looksPersonal.test(field.name)) continue;
        if (!covered.includes(field.name) && !(name in HARMLESS)) uncovered.push(name);
      }
      for (const column of covered) expect(model.fields.map((f) => f.name), `${model.name}.${column}`).toContain(column);
    }
    expect(uncovered).toEqual([]);
  });
});

const PRIVATE_REASON = "My address changed to 1 Privacy Lane, please cancel";
const CUSTOMER_TRACES = ["ana@example.com", "ana.orders@example.com", "1 privacy lane", "ana lopez"];

/** The customer seeded into every table that can hold them, with addresses as shoppers typed them. */
async function seedEverywhere() {
  await seed();
  const order7 = { shop: SHOP, orderId: "gid://shopify/Order/7", orderName: "#1007", variantId: VARIANT, quantityOrdered: 1, quantityBackordered: 1, orderedAt: new Date("2026-11-03T00:00:00Z") };
  await prisma.backorderLine.createMany({
    data: [
      // Placed with another address: found only through orders_to_redact / orders_requested.
      { ...order7, lineItemId: "li-7", customerEmail: "Ana.Orders@Example.com" },
      { shop: SHOP, orderId: "gid://shopify/Order/8", lineItemId: "li-8", variantId: VARIANT, customerEmail: "carl@example.com", quantityOrdered: 1, quantityBackordered: 1, orderedAt: new Date("2026-11-03T00:00:00Z") },
    ],
  });
  await prisma.backorderLine.updateMany({ where: { shop: SHOP, orderId: "gid://shopify/Order/1" }, data: { customerEmail: "ANA@example.com" } });
  await prisma.backorderOrder.createMany({
    data: [
      { shop: SHOP, orderId: "gid://shopify/Order/1", orderName: "#1001", customerEmail: "Ana@Example.com", orderedAt: new Date("2026-11-02T00:00:00Z") },
      { shop: SHOP, orderId: order7.orderId, orderName: "#1007", customerEmail: "Ana.Orders@Example.com", orderedAt: order7.orderedAt },
      { shop: SHOP, orderId: "gid://shopify/Order/8", orderName: "#1008", customerEmail: "carl@example.com", orderedAt: order7.orderedAt },
    ],
  });
  const line7 = await prisma.backorderLine.findFirstOrThrow({ where: { shop: SHOP, lineItemId: "li-7" } });
  await prisma.cancellationRequest.create({ data: { shop: SHOP, backorderLineId: line7.id, orderId: order7.orderId, orderName: "#1007", customerEmail: "Ana.Orders@Example.com", reason: PRIVATE_REASON } });
  for (const [key, to] of [["delay/typed", "ANA@Example.COM"], ["delay/order7", "ana.orders@example.com"]] as const) {
    await enqueueEmail(prisma, { shop: SHOP, kind: "delay_notice", idempotencyKey: key, toEmail: to, locale: "en", reason: "ETA moved", runAt: LATER });
  }
  await prisma.complianceExport.create({ data: { shop: SHOP, customerEmail: "ana@example.com", export: JSON.stringify({ email: "ana@example.com" }) } });
  const orderBody = (id: number, email: string, [first, last, address1] = ["Ana", "Lopez", "1 Privacy Lane"]) => ({
    id, email, contact_email: email, customer: { first_name: first, last_name: last, email }, shipping_address: { name: `${first} ${last}`, address1 },
  });
  await prisma.job.createMany({
    data: [
      { shop: SHOP, type: webhookJobType("ORDERS_CREATE"), status: "done", idempotencyKey: "webhook:orders-7", payload: JSON.stringify({ webhookId: "w7", body: { ...orderBody(7, "x@example.net"), customer: { first_name: "Ana", last_name: "Lopez" } } }) },
      { shop: SHOP, type: webhookJobType("ORDERS_UPDATED"), status: "dead", idempotencyKey: "webhook:orders-1", payload: JSON.stringify({ webhookId: "w1", body: orderBody(1, "Ana@Example.com") }) },
      { shop: SHOP, type: webhookJobType("ORDERS_CREATE"), status: "queued", runAt: LATER, idempotencyKey: "webhook:orders-other", payload: JSON.stringify({ webhookId: "w8", body: orderBody(8, "carl@example.com", ["Carl", "Berg", "9 Other Road"]) }) },
    ],
  });
}

/** "Model.column" for every string value in the shop's rows that contains one of `needles` (case-insensitive). */
async function rowsNaming(shop: string, needles: string[]): Promise<string[]> {
  const found: string[] = [];
  for (const model of Prisma.dmmf.datamodel.models) {
    if (!model.fields.some((f) => f.name === "shop")) continue;
    const delegate = (prisma as any)[model.name[0].toLowerCase() + model.name.slice(1)];
    for (const row of await delegate.findMany({ where: { shop } })) {
      for (const [column, value] of Object.entries(row)) {
        if (typeof value === "string" && needles.some((needle) => value.toLowerCase().includes(needle))) found.push(`${model.name}.${column}`);
      }
    }
  }
  return [...new Set(found)].sort();
}
