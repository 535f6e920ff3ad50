// Restock detection and batched back-in-stock alerts through the real pipeline: webhook intake (acceptWebhook, the
// receipt dedupe) → the real webhook job handlers (mirror update, restock detection) → `restock.batch` /
// `restock.reconcile` jobs, run by the real worker loop with the time passed in. Shopify is a fake Admin GraphQL
// client (storefront metafields after a pause created a backorder row). Email delivery is out of scope here: the
// tests read the EmailMessage outbox rows (email.send jobs are left alone).
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

const fake = vi.hoisted(() => {
  const graphql = async (query: string, opts?: { variables?: Record<string, any> }) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unknown";
    const variables = opts?.variables ?? {};
    let data: unknown;
    if (operation === "BackordersSetMetafields") data = { metafieldsSet: { metafields: [], userErrors: [] } };
    else if (operation === "BackordersDeleteMetafields") data = { metafieldsDelete: { deletedMetafields: variables.metafields, userErrors: [] } };
    else if (operation === "BackordersSetVariantsInventoryPolicy") {
      data = { productVariantsBulkUpdate: { productVariants: variables.variants.map((v: any) => ({ id: v.id, inventoryPolicy: v.inventoryPolicy })), userErrors: [] } };
    } else throw new Error(`unexpected ${operation}`);
    return new Response(JSON.stringify({ data }));
  };
  return { graphql };
});

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({ graphql: fake.graphql }));

import prisma from "#app/db.server";
import { jobHandlers } from "#app/jobs/handlers.server";
import { runDueJobs, type JobHandlers } from "#app/jobs/worker.server";
import type { ClaimedJob } from "#app/models/job.server";
import { listBackorderHistory } from "#app/models/variant-backorder.server";
import { RESTOCK_RECONCILE_JOB, restockReconcileJobKey } from "#app/services/restock-detection.server";
import { RESTOCK_BATCH_JOB, sendRestockAlertsNow, setRestockAlertsPaused } from "#app/services/restock-fanout.server";
import { acceptWebhook, webhookJobType } from "#app/services/webhook-intake.server";

// Later than the wall clock, so jobs the intake enqueues "now" (real time) are due at the test's times.
const T0 = Date.parse("2030-03-02T10:00:00Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const HOUR = 60;

// Only the jobs under test run; email.send, automation.reconcile, storefront sync stay out of the way.
const handlers: JobHandlers = Object.fromEntries(
  Object.entries(jobHandlers).filter(([type]) => type.startsWith("webhook:") || type.startsWith("restock.")),
);

async function runJobs(now: Date): Promise<void> {
  const log = (message: string) => {
    if (!message.includes("No handler")) console.error(message);
  };
  for (let i = 0; i < 20; i++) {
    const ran = await runDueJobs({ handlers, workerId: "test-worker", now: () => now, log });
    if (ran === 0) return;
  }
  throw new Error("jobs kept running");
}

let webhookSeq = 0;
async function deliverInventory(shop: string, item: number, available: number, minute: number, webhookId = `wh-${++webhookSeq}`) {
  return acceptWebhook({
    shop,
    topic: "INVENTORY_LEVELS_UPDATE",
    webhookId,
    triggeredAt: at(minute).toISOString(),
    receivedAt: at(minute),
    payload: { inventory_item_id: item, location_id: 1, available, updated_at: at(minute).toISOString() },
  });
}

type Seeded = { variant: string; product: string; item: number };

/** Shopify's products/update for a seeded variant's product (n = the number it was seeded with). */
async function deliverProduct(shop: string, v: Seeded, input: { status?: string; title?: string; minute: number; webhookId?: string }) {
  const n = Number(v.product.split("/").pop());
  const updatedAt = at(input.minute).toISOString();
  return acceptWebhook({
    shop,
    topic: "PRODUCTS_UPDATE",
    webhookId: input.webhookId ?? `product-${++webhookSeq}`,
    receivedAt: at(input.minute),
    payload: {
      id: n, admin_graphql_api_id: v.product, title: input.title ?? `P${n}`, status: input.status ?? "active", updated_at: updatedAt,
      variants: [{ id: n, admin_graphql_api_id: v.variant, title: "Default", inventory_policy: "deny", inventory_item_id: v.item, inventory_management: "shopify", updated_at: updatedAt }],
    },
  });
}

let shopSeq = 0;
async function seedShop(settings: { alertMultiplier?: number; alertBatchIntervalMins?: number; alertsAutoSend?: boolean } = {}) {
  const shop = `restock-${++shopSeq}.myshopify.com`;
  await prisma.shop.create({ data: { shop, ianaTimezone: "UTC" } });
  await prisma.shopSettings.create({ data: { shop, ...settings } });
  return shop;
}

async function seedVariant(shop: string, n: number, input: { available: number; policy?: "DENY" | "CONTINUE" }): Promise<Seeded> {
  const product = `gid://shopify/Product/${n}`;
  const variant = `gid://shopify/ProductVariant/${n}`;
  const item = 7000 + n;
  const old = new Date(T0 - 24 * 3600_000);
  await prisma.product.create({ data: { shop, id: product, title: `P${n}`, handle: `p${n}`, shopifyUpdatedAt: old } });
  await prisma.variant.create({
    data: {
      shop, id: variant, productId: product, title: "Default", inventoryItemId: `gid://shopify/InventoryItem/${item}`,
      availableTotal: input.available, inventoryPolicy: input.policy ?? "DENY", shopifyUpdatedAt: old,
      backorderState: input.available > 0 ? "in_stock" : input.policy === "CONTINUE" ? "backorder" : "sold_out",
    },
  });
  await prisma.inventoryLevel.create({
    data: { shop, inventoryItemId: `gid://shopify/InventoryItem/${item}`, locationId: "gid://shopify/Location/1", available: input.available, shopifyUpdatedAt: old },
  });
  return { variant, product, item };
}

/** Subscribers in signup order (subscriber 0 waited longest); `status` per index, default active. */
async function subscribe(shop: string, v: Seeded, count: number, statusOf: (i: number) => string = () => "active") {
  const ids: string[] = [];
  for (let i = 0; i < count; i++) {
    const email = `shopper${i}@example.com`;
    const row = await prisma.restockSubscription.create({
      data: {
        shop, variantId: v.variant, productId: v.product, email, emailNormalized: email, status: statusOf(i),
        unsubscribeToken: `${shop}-${v.variant}-${i}`, createdAt: new Date(T0 - (count - i) * 3600_000),
        confirmedAt: statusOf(i) === "active" ? new Date(T0 - (count - i) * 3600_000) : null,
      },
    });
    ids.push(row.id);
  }
  return ids;
}

/**
 * A sold-out variant with `subscribers` waiting, restocked to `units` by a webhook whose job handler ran at 10:00:30:
 * the restock event exists and its first `restock.batch` job is queued, not run.
 */
async function restockWithBatchQueued(shop: string, n: number, input: { subscribers: number; units: number }): Promise<Seeded> {
  const v = await seedVariant(shop, n, { available: 0 });
  await subscribe(shop, v, input.subscribers);
  await deliverInventory(shop, v.item, input.units, 0);
  const webhookJob = await prisma.job.findFirstOrThrow({ where: { shop, type: webhookJobType("INVENTORY_LEVELS_UPDATE") } });
  await jobHandlers[webhookJob.type]({ ...webhookJob, payload: JSON.parse(webhookJob.payload) }, at(0.5));
  return v;
}

const emails = (shop: string) =>
  prisma.emailMessage.findMany({ where: { shop, kind: "back_in_stock" }, orderBy: { toEmail: "asc" } });
const emailedTo = async (shop: string) => (await emails(shop)).map((e) => e.toEmail).sort();
const events = (shop: string) => prisma.restockEvent.findMany({ where: { shop }, orderBy: { detectedAt: "asc" } });
const batchJobs = (shop: string) => prisma.job.findMany({ where: { shop, type: RESTOCK_BATCH_JOB }, orderBy: { runAt: "asc" } });
const addresses = (indexes: number[]) => indexes.map((i) => `shopper${i}@example.com`).sort();

beforeEach(() => {
  webhookSeq += 100;
});

describe("restock detection and batched alerts", () => {
  it("GIVEN 10 waiting WHEN 3 units arrive THEN the 3 oldest are emailed, more at the next batch while stock lasts, none once sold out", async () => {
    const shop = await seedShop({ alertBatchIntervalMins: 60 });
    const v = await seedVariant(shop, 1, { available: 0 });
    // subscriber 0 is pending, 1 unsubscribed: never notified, even though they signed up first
    await subscribe(shop, v, 12, (i) => (i === 0 ? "pending" : i === 1 ? "unsubscribed" : "active"));

    await deliverInventory(shop, v.item, 3, 0);
    await runJobs(at(1));

    expect(await emailedTo(shop)).toEqual(addresses([2, 3, 4]));
    const [message] = await emails(shop);
    expect(message.reason).toBe("3 units restocked on 2 Mar 10:00; batch 1 (3 of 10 waiting)");
    const [event] = await events(shop);
    expect(event).toMatchObject({ variantId: v.variant, unitsRestocked: 3, availableAfter: 3, notifiedCount: 3, batchCount: 1, status: "open", trigger: "auto", sourceEvent: `wh-${webhookSeq}` });
    expect(event.nextBatchAt).toEqual(at(1 + HOUR));
    expect((await batchJobs(shop)).filter((j) => j.status === "queued").map((j) => j.runAt)).toEqual([at(1 + HOUR)]);
    const notified = await prisma.restockSubscription.findMany({ where: { shop, status: "notified" } });
    expect(notified.every((s) => s.restockEventId === event.id && s.notifiedAt?.getTime() === at(1).getTime())).toBe(true);

    // Not due before the interval.
    await runJobs(at(30));
    expect(await emails(shop)).toHaveLength(3);

    // Next batch: the 3 units are still there (nobody bought) → 3 more.
    await runJobs(at(1 + HOUR));
    expect(await emailedTo(shop)).toEqual(addresses([2, 3, 4, 5, 6, 7]));
    expect(await events(shop).then((e) => e[0])).toMatchObject({ notifiedCount: 6, batchCount: 2, status: "open" });

    // Sold out before the third batch: nothing more, the event ends.
    await deliverInventory(shop, v.item, 0, 90);
    await runJobs(at(1 + 2 * HOUR));
    expect(await emails(shop)).toHaveLength(6);
    expect(await events(shop).then((e) => e[0])).toMatchObject({ status: "cancelled", nextBatchAt: null });
    expect(await prisma.restockSubscription.count({ where: { shop, status: "active" } })).toBe(4);
    expect(await prisma.restockSubscription.findMany({ where: { shop, status: { in: ["pending", "unsubscribed"] } }, select: { notifiedAt: true } }))
      .toEqual([{ notifiedAt: null }, { notifiedAt: null }]);
  });

  it("GIVEN the batch is due WHEN the mirror says sold out again (catalog sync, no webhook) THEN the re-check sends nothing", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 2, { available: 0 });
    await subscribe(shop, v, 5);
    await deliverInventory(shop, v.item, 2, 0);
    await runJobs(at(1));
    expect(await emails(shop)).toHaveLength(2);

    await prisma.variant.update({ where: { shop_id: { shop, id: v.variant } }, data: { availableTotal: 0 } });
    await runJobs(at(1 + HOUR));
    expect(await emails(shop)).toHaveLength(2);
    expect(await events(shop).then((e) => e[0])).toMatchObject({ status: "cancelled", batchCount: 1 });
  });

  it("GIVEN the same webhook delivered twice (intake and handler) THEN one event and one email per subscriber", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 3, { available: 0 });
    await subscribe(shop, v, 2);

    expect(await deliverInventory(shop, v.item, 5, 0, "dup-1")).toEqual({ duplicate: false });
    expect(await deliverInventory(shop, v.item, 5, 0, "dup-1")).toEqual({ duplicate: true });
    await runJobs(at(1));
    // The same job run again by hand (as a redelivery that slipped past the receipt would be).
    const job: ClaimedJob = {
      id: "manual-rerun", shop, type: webhookJobType("INVENTORY_LEVELS_UPDATE"), attempts: 1, maxAttempts: 8,
      payload: { webhookId: "dup-1", triggeredAt: at(0).toISOString(), body: { inventory_item_id: v.item, location_id: 1, available: 5, updated_at: at(0).toISOString() } },
    };
    await jobHandlers[job.type](job, at(2));
    await runJobs(at(2));

    expect(await events(shop)).toHaveLength(1);
    expect(await emails(shop)).toHaveLength(2);
  });

  it("GIVEN an older restock arriving after a newer sale THEN it is ignored", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 4, { available: 0 });
    await subscribe(shop, v, 3);

    await deliverInventory(shop, v.item, 0, 20); // newer: still 0
    await runJobs(at(21));
    await deliverInventory(shop, v.item, 6, 10); // older: 6 — superseded by the 0 at 10:20
    await runJobs(at(22));

    expect(await events(shop)).toHaveLength(0);
    expect(await emails(shop)).toHaveLength(0);
    expect(await prisma.variantStockSignal.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: v.variant } } }))
      .toMatchObject({ purchasable: false, available: 0, eventAt: at(20) });
  });

  it("GIVEN Shopify's products/update for the restock is processed before its inventory_levels/update THEN the restock is still detected", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 12, { available: 0 });
    await subscribe(shop, v, 2);
    await deliverInventory(shop, v.item, 0, 0); // the signal: sold out at 10:00

    await deliverProduct(shop, v, { minute: 11 });
    await runJobs(at(11));
    expect(await events(shop)).toHaveLength(0); // the mirror doesn't know about the stock yet
    await deliverInventory(shop, v.item, 2, 10);
    await runJobs(at(12));

    expect(await events(shop).then((e) => e.map((x) => x.unitsRestocked))).toEqual([2]);
    expect(await emails(shop)).toHaveLength(2);
  });

  it("GIVEN no signal yet WHEN a later product edit's products/update is processed before the restock's inventory_levels/update THEN the restock is still detected", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 14, { available: 0 });
    await subscribe(shop, v, 2);

    await deliverProduct(shop, v, { title: "Renamed at 10:30", minute: 30 }); // first to be processed: no signal yet
    await runJobs(at(31));
    await deliverInventory(shop, v.item, 3, 10); // the restock at 10:10, delivered late
    await runJobs(at(32));

    expect(await events(shop).then((e) => e.map((x) => x.unitsRestocked))).toEqual([3]);
    expect(await emailedTo(shop)).toEqual(addresses([0, 1]));
  });

  it("GIVEN a draft product with stock WHEN it is published (products/update) THEN waiting subscribers hear", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 13, { available: 5 });
    await prisma.product.update({ where: { shop_id: { shop, id: v.product } }, data: { status: "DRAFT" } });
    await subscribe(shop, v, 2);
    await deliverProduct(shop, v, { status: "draft", minute: 1, webhookId: `draft-${webhookSeq}` });
    await runJobs(at(2));
    expect(await events(shop)).toHaveLength(0);
    await deliverProduct(shop, v, { status: "active", minute: 5, webhookId: `active-${webhookSeq}` });
    await runJobs(at(6));

    expect(await events(shop).then((e) => e.map((x) => [x.unitsRestocked, x.sourceEvent]))).toEqual([[5, `active-${webhookSeq}`]]);
    expect(await emails(shop)).toHaveLength(2);
  });

  it("GIVEN 0 → 5 → 0 within seconds before the batch runs THEN nothing is sent", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 5, { available: 0 });
    await subscribe(shop, v, 4);

    await deliverInventory(shop, v.item, 5, 0);
    await deliverInventory(shop, v.item, 0, 0.1);
    await runJobs(at(1));

    expect(await emails(shop)).toHaveLength(0);
    const [event] = await events(shop);
    expect(event).toMatchObject({ status: "cancelled", notifiedCount: 0, batchCount: 0 });
    expect(await prisma.restockSubscription.count({ where: { shop, status: "active" } })).toBe(4);
  });

  it("GIVEN policy CONTINUE WHEN −12 becomes −2 THEN no restock; WHEN it reaches 3 THEN 3 alerts", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 6, { available: -12, policy: "CONTINUE" });
    await subscribe(shop, v, 5);

    await deliverInventory(shop, v.item, -2, 0);
    await runJobs(at(1));
    expect(await events(shop)).toHaveLength(0);

    await deliverInventory(shop, v.item, 3, 5);
    await runJobs(at(6));
    expect(await events(shop).then((e) => e.map((x) => x.unitsRestocked))).toEqual([3]);
    expect(await emails(shop)).toHaveLength(3);
  });

  it("GIVEN alerts paused THEN nothing is sent automatically, a manual send works, resuming continues the batches", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 7, { available: 0 });
    await subscribe(shop, v, 6);
    await setRestockAlertsPaused({ shop, variantId: v.variant, paused: true, actor: "staff@example.com", now: at(-5) });
    expect(await prisma.variantBackorder.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: v.variant } } }))
      .toMatchObject({ pauseAlerts: true, enabled: false, source: "rule", updatedBy: "staff@example.com" });
    const [history] = await listBackorderHistory(shop, v.variant);
    expect(history).toMatchObject({ actor: "staff@example.com", source: "manual", changes: { pauseAlerts: [false, true] } });

    await deliverInventory(shop, v.item, 4, 0);
    await runJobs(at(1));
    expect(await emails(shop)).toHaveLength(0);
    expect(await events(shop).then((e) => e[0])).toMatchObject({ status: "open", batchCount: 0, nextBatchAt: null }); // waiting for a manual send

    const sent = await sendRestockAlertsNow({ shop, variantId: v.variant, limit: 2, actor: "staff@example.com", now: at(10) });
    expect(sent).toEqual({ queued: 2 });
    expect(await emailedTo(shop)).toEqual(addresses([0, 1]));
    const manual = (await events(shop)).find((e) => e.trigger === "manual");
    expect(manual).toMatchObject({ triggeredBy: "staff@example.com", notifiedCount: 2, status: "done" });
    expect((await emails(shop)).find((e) => e.toEmail === "shopper0@example.com")?.reason).toBe("Sent by hand by staff@example.com on 2 Mar 10:10 (2 of 6 waiting)");

    await setRestockAlertsPaused({ shop, variantId: v.variant, paused: false, actor: "staff@example.com", now: at(20) });
    await runJobs(at(20));
    // The automatic event resumes with its first batch: 4 units restocked, 4 still waiting.
    expect(await emailedTo(shop)).toEqual(addresses([0, 1, 2, 3, 4, 5]));
  });

  it("GIVEN the variant is sold out WHEN the merchant sends by hand THEN it is refused with a reason", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 8, { available: 0 });
    await subscribe(shop, v, 2);
    const result = await sendRestockAlertsNow({ shop, variantId: v.variant, actor: "staff@example.com", now: at(0) });
    expect(result.queued).toBe(0);
    expect(result.reason).toMatch(/can't buy this variant from stock right now \(Sold out\)/);
    expect(await events(shop)).toHaveLength(0);
  });

  it("GIVEN a first restock notified some WHEN a second restock comes later THEN only those not yet notified hear", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 9, { available: 0 });
    await subscribe(shop, v, 5);

    await deliverInventory(shop, v.item, 2, 0);
    await runJobs(at(1));
    await deliverInventory(shop, v.item, 0, 10);
    await runJobs(at(11));
    await deliverInventory(shop, v.item, 10, 200);
    await runJobs(at(201));

    const all = await events(shop);
    expect(all.map((e) => [e.status, e.notifiedCount])).toEqual([["cancelled", 2], ["done", 3]]);
    expect(await emailedTo(shop)).toEqual(addresses([0, 1, 2, 3, 4]));
    expect(await prisma.emailMessage.count({ where: { shop, restockEventId: all[1].id } })).toBe(3);
  });

  it("GIVEN a restock webhook was lost WHEN the hourly reconciliation runs THEN it finds the restock and schedules the next run", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 10, { available: 3 });
    await subscribe(shop, v, 4);
    await deliverInventory(shop, v.item, 0, 0); // sold out: the signal says not purchasable
    await runJobs(at(1));
    expect(await prisma.job.findFirst({ where: { shop, type: RESTOCK_RECONCILE_JOB, idempotencyKey: restockReconcileJobKey(at(60)) } })).not.toBeNull();

    // The restock to 4 reached Shopify, but its webhook never arrived; a catalog sync refreshed the mirror.
    await prisma.inventoryLevel.updateMany({ where: { shop }, data: { available: 4, shopifyUpdatedAt: at(30) } });
    await prisma.variant.update({ where: { shop_id: { shop, id: v.variant } }, data: { availableTotal: 4 } });

    await runJobs(at(60));
    const [event] = await events(shop);
    expect(event).toMatchObject({ sourceEvent: "reconcile", unitsRestocked: 4, trigger: "auto" });
    expect(await emails(shop)).toHaveLength(4);
    expect(await prisma.job.findFirst({ where: { shop, type: RESTOCK_RECONCILE_JOB, idempotencyKey: restockReconcileJobKey(at(120)), status: "queued" } })).not.toBeNull();

    // A second pass finds nothing new.
    await runJobs(at(120));
    expect(await events(shop)).toHaveLength(1);
  });

  it("GIVEN the hourly reconciliation runs while a restock's webhook is still queued THEN the webhook, processed after it, still sends the alerts", async () => {
    const shop = await seedShop();
    const fresh = await seedVariant(shop, 15, { available: 0 }); // no signal yet
    const owed = await seedVariant(shop, 16, { available: -3, policy: "CONTINUE" });
    await subscribe(shop, fresh, 2);
    await subscribe(shop, owed, 2);
    await deliverInventory(shop, owed.item, -3, 0); // the signal: −3 at 10:00
    await runJobs(at(1));
    // A sale to −5 reached the mirror without a webhook (a catalog sync at 10:20).
    await prisma.inventoryLevel.updateMany({ where: { shop, inventoryItemId: `gid://shopify/InventoryItem/${owed.item}` }, data: { available: -5, shopifyUpdatedAt: at(20) } });
    await prisma.variant.update({ where: { shop_id: { shop, id: owed.variant } }, data: { availableTotal: -5 } });

    // Both restocks happen at 10:50; their webhooks are still queued when the 11:00 reconciliation runs.
    await runJobs(at(60));
    expect(await prisma.job.count({ where: { shop, type: RESTOCK_RECONCILE_JOB, status: "done" } })).toBe(1);
    expect(await events(shop)).toHaveLength(0);
    await deliverInventory(shop, fresh.item, 4, 50);
    await deliverInventory(shop, owed.item, 2, 50);
    await runJobs(at(61));

    expect(await events(shop).then((e) => e.map((x) => [x.variantId, x.unitsRestocked]).sort())).toEqual([[fresh.variant, 4], [owed.variant, 2]]);
    expect(await emails(shop)).toHaveLength(4);
  });

  it("GIVEN a batch ran but its job was not completed (crash) WHEN it runs again THEN nothing is sent twice", async () => {
    const shop = await seedShop();
    await restockWithBatchQueued(shop, 11, { subscribers: 5, units: 2 });
    const [batchJob] = await batchJobs(shop);
    expect(batchJob.status).toBe("queued");

    // The batch runs, then the worker "crashes" before completing the job: the job row stays as it was.
    const claimed: ClaimedJob = { id: batchJob.id, shop, type: RESTOCK_BATCH_JOB, payload: JSON.parse(batchJob.payload), attempts: 1, maxAttempts: 8 };
    await jobHandlers[RESTOCK_BATCH_JOB](claimed, at(1));
    expect(await emails(shop)).toHaveLength(2);
    // Its lease expires and the worker runs it again.
    await runJobs(at(1));
    expect(await prisma.job.findUniqueOrThrow({ where: { id: batchJob.id } })).toMatchObject({ status: "done" });

    expect(await emails(shop)).toHaveLength(2);
    expect(await prisma.job.count({ where: { shop, type: "email.send" } })).toBe(2);
    expect(await events(shop).then((e) => e[0])).toMatchObject({ notifiedCount: 2, batchCount: 1 });
    expect((await batchJobs(shop)).filter((j) => j.status === "queued")).toHaveLength(1); // batch 2, once
  });
});

describe("a batch sent in chunks (RESTOCK_CHUNK_SIZE)", () => {
  beforeEach(() => {
    process.env.RESTOCK_CHUNK_SIZE = "3";
  });
  afterEach(() => {
    delete process.env.RESTOCK_CHUNK_SIZE;
  });

  const claim = (job: { id: string; payload: string }, shop: string): ClaimedJob => ({
    id: job.id, shop, type: RESTOCK_BATCH_JOB, payload: JSON.parse(job.payload), attempts: 1, maxAttempts: 8,
  });
  const queuedBatchJobs = async (shop: string) => (await batchJobs(shop)).filter((j) => j.status === "queued");

  it("GIVEN 10 waiting and 8 units WHEN the batch runs THEN chunks of 3, 3 and 2 send each of the 8 oldest one email, in one batch", async () => {
    const shop = await seedShop({ alertBatchIntervalMins: 60 });
    const v = await seedVariant(shop, 21, { available: 0 });
    await subscribe(shop, v, 10);
    await deliverInventory(shop, v.item, 8, 0);
    await runJobs(at(1));

    expect(await emailedTo(shop)).toEqual(addresses([0, 1, 2, 3, 4, 5, 6, 7]));
    // Every chunk's emails carry the batch's share, decided once before the first chunk.
    expect(new Set((await emails(shop)).map((e) => e.reason))).toEqual(new Set(["8 units restocked on 2 Mar 10:00; batch 1 (8 of 10 waiting)"]));
    expect(await prisma.job.count({ where: { shop, type: "email.send" } })).toBe(8);
    expect(await events(shop).then((e) => e[0])).toMatchObject({ notifiedCount: 8, batchCount: 1, status: "open", nextBatchAt: at(1 + HOUR) });
    const jobs = await batchJobs(shop);
    expect(jobs.filter((j) => j.status === "done")).toHaveLength(3); // batch 1's three chunks
    expect(jobs.filter((j) => j.status === "queued").map((j) => JSON.parse(j.payload))).toEqual([
      { eventId: (await events(shop))[0].id, batch: 2, notified: 8 },
    ]);

    // Batch 2: the 2 left (stock still there), then the event is done.
    await runJobs(at(1 + HOUR));
    expect(await emails(shop)).toHaveLength(10);
    expect(await events(shop).then((e) => e[0])).toMatchObject({ notifiedCount: 10, batchCount: 2, status: "done", nextBatchAt: null });
  });

  it("GIVEN a chunk committed WHEN its job runs again (crash before completing) or twice at once THEN no subscriber hears twice and the batch finishes", async () => {
    const shop = await seedShop();
    await restockWithBatchQueued(shop, 22, { subscribers: 7, units: 7 });

    // Chunk 1 runs, the worker dies before completing its job, and the job runs again after the lease.
    const [first] = await queuedBatchJobs(shop);
    await jobHandlers[RESTOCK_BATCH_JOB](claim(first, shop), at(1));
    expect(await emails(shop)).toHaveLength(3);
    await jobHandlers[RESTOCK_BATCH_JOB](claim(first, shop), at(6));
    expect(await emails(shop)).toHaveLength(3);

    // Chunk 2's job was committed with chunk 1: two workers run it at once; one wins, the loser sends nothing.
    const second = (await queuedBatchJobs(shop)).find((j) => j.id !== first.id)!;
    expect(JSON.parse(second.payload)).toMatchObject({ batch: 1, notified: 3, progress: { target: 7, waiting: 7, sent: 3 } });
    const outcomes = await Promise.allSettled([
      jobHandlers[RESTOCK_BATCH_JOB](claim(second, shop), at(7)),
      jobHandlers[RESTOCK_BATCH_JOB](claim(second, shop), at(7)),
    ]);
    expect(outcomes.some((o) => o.status === "fulfilled")).toBe(true);
    expect(await emails(shop)).toHaveLength(6);

    // The worker completes what is left: the last chunk, once.
    await runJobs(at(8));
    const sent = await emails(shop);
    expect(sent.map((e) => e.toEmail).sort()).toEqual(addresses([0, 1, 2, 3, 4, 5, 6]));
    expect(new Set(sent.map((e) => e.idempotencyKey)).size).toBe(7);
    expect(await prisma.job.count({ where: { shop, type: "email.send" } })).toBe(7);
    expect(await events(shop).then((e) => e[0])).toMatchObject({ notifiedCount: 7, batchCount: 1, status: "done" });
    expect(await prisma.job.count({ where: { shop, type: RESTOCK_BATCH_JOB, status: { in: ["queued", "running"] } } })).toBe(0);
  });

  it("GIVEN a batch between two chunks WHEN the variant sells out THEN the rest of the batch is not sent", async () => {
    const shop = await seedShop();
    const v = await restockWithBatchQueued(shop, 23, { subscribers: 9, units: 9 });
    const [first] = await queuedBatchJobs(shop);
    await jobHandlers[RESTOCK_BATCH_JOB](claim(first, shop), at(1));
    await prisma.job.update({ where: { id: first.id }, data: { status: "done" } });
    expect(await emails(shop)).toHaveLength(3);

    // The sell-out is processed before the next chunk runs (both are due at minute 1; run it by hand to fix the order).
    await deliverInventory(shop, v.item, 0, 1, "sold-out");
    const soldOut = await prisma.job.findFirstOrThrow({ where: { shop, idempotencyKey: "webhook:sold-out" } });
    await jobHandlers[soldOut.type]({ id: soldOut.id, shop, type: soldOut.type, payload: JSON.parse(soldOut.payload), attempts: 1, maxAttempts: 8 }, at(1));
    await prisma.job.update({ where: { id: soldOut.id }, data: { status: "done" } });
    await runJobs(at(2));
    expect(await emails(shop)).toHaveLength(3);
    expect(await events(shop).then((e) => e[0])).toMatchObject({ status: "cancelled", notifiedCount: 3, batchCount: 0 });
  });

  it("GIVEN 8 waiting WHEN the merchant sends to all by hand THEN the first chunk is written at once and the rest by jobs, once each", async () => {
    const shop = await seedShop();
    const v = await seedVariant(shop, 24, { available: 5 });
    await subscribe(shop, v, 8);
    expect(await sendRestockAlertsNow({ shop, variantId: v.variant, actor: "owner@example.com", now: at(0) })).toEqual({ queued: 8 });
    expect(await emails(shop)).toHaveLength(3);
    await runJobs(at(0));
    expect(await emailedTo(shop)).toEqual(addresses([0, 1, 2, 3, 4, 5, 6, 7]));
    expect(await events(shop).then((e) => e[0])).toMatchObject({ trigger: "manual", notifiedCount: 8, batchCount: 1, status: "done", nextBatchAt: null });
  });
});
