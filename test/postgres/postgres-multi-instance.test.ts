// The scaled-out deployment under a webhook storm: 3 web processes (JOB_WORKER=off) and 2 worker processes on one
// PostgreSQL database, installed on a simulated shop. The store goes through real changes — restocks of variants
// with waiting subscribers, orders that take backordered variants further below zero (some cancelled later),
// product edits and stock churn — and the ≈10,000 webhooks they produce are sent round-robin to the 3 instances with
// 20% duplicates (same X-Shopify-Webhook-Id), 10% out of order and 5% forged (bad HMAC, same webhook id), while the
// hourly reconciliations become due every few seconds, ahead of the queued webhooks (as at an hour boundary).
// Afterwards: every forged request got 401 and every other one 200; each webhook was processed once; every restock
// subscriber got exactly one back-in-stock email; the order ledger and the catalog mirror equal the store.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { DEMO_API_SECRET } from "../../scripts/demo-env";
import { installAndSync } from "../../scripts/install-demo-shop";
import { enqueueJob } from "../../app/models/job.server";
import { AUTOMATION_RECONCILE_JOB } from "../../app/services/automation.server";
import { ORDER_RECONCILE_JOB } from "../../app/services/order-ledger.server";
import { RESTOCK_RECONCILE_JOB } from "../../app/services/restock-detection.server";
import { captureWebhooks, runWebhookStorm, seededRandom, type StormResult } from "../../simulator/webhook-storm";
import type { SimulatorStore } from "../../simulator/store";
import { startCluster, type Cluster } from "../support/cluster";

const SHOP = "storm-test.myshopify.com";
const PRODUCTS = 600; // × 2 variants, 2 locations
const RESTOCK_PRODUCTS = 30; // products 0..29: variant 1 sold out (DENY), restocked during the storm
const ORDER_PRODUCTS = 40; // products 30..69: variant 1 on backorder (CONTINUE, ≤ 0), ordered during the storm
const SUBSCRIBERS_PER_VARIANT = 10;
const GENUINE_WEBHOOKS = 7_500; // + 20% duplicates + 5% forged of the total = 10,000 requests
const REQUESTS = Math.round(GENUINE_WEBHOOKS / 0.75);
const numericId = (gid: string) => Number(gid.split("/").pop());

let cluster: Cluster | undefined;

type SnapshotProduct = { admin_graphql_api_id: string; title: string; vendor: string; tags: string; status: string };
type SnapshotOrder = {
  admin_graphql_api_id: string;
  cancelled_at: string | null;
  line_items: Array<{ admin_graphql_api_id: string; variant_id: number; quantity: number }>;
};

function log(message: string) {
  console.log(`[multi-instance ${new Date().toISOString().slice(11, 19)}] ${message}`);
}

afterAll(async () => {
  await cluster?.stop();
});

/** Waits until the wall clock is in a new second: Shopify's updated_at has second resolution, so an entity changed
 * twice within one second would make its two webhooks indistinguishable in age (the app rightly keeps the first). */
async function nextSecond() {
  await new Promise((resolve) => setTimeout(resolve, 1_020 - (Date.now() % 1_000)));
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;
}

/**
 * Waits until the shop has no job due, running or waiting to be retried (a failed attempt rescheduled for later),
 * twice in a row half a second apart.
 */
async function waitForQuiet(shop: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let quietPolls = 0;
  while (quietPolls < 2) {
    const busy = await prisma.job.count({
      where: { shop, OR: [{ status: "running" }, { status: "queued", runAt: { lte: new Date() } }, { status: "queued", attempts: { gt: 0 } }] },
    });
    quietPolls = busy === 0 ? quietPolls + 1 : 0;
    if (Date.now() > deadline) {
      const groups = await prisma.job.groupBy({ by: ["type", "status"], where: { shop, status: { in: ["queued", "running"] } }, _count: { _all: true } });
      throw new Error(`Jobs still busy after ${timeoutMs / 1000} s: ${JSON.stringify(groups)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

const RECONCILE_JOBS = [RESTOCK_RECONCILE_JOB, AUTOMATION_RECONCILE_JOB, ORDER_RECONCILE_JOB];

/**
 * The hourly reconciliations (restock, automation, orders), queued now but due every `intervalMs` from `start`: in
 * production an hour boundary can fall in the middle of a storm, and the hour's jobs, queued an hour before, are
 * then first in line ahead of the webhooks queued since. What they decide must agree with what the webhooks queued
 * behind them decide after them.
 */
async function scheduleReconciliations(shop: string, input: { start: number; intervalMs: number; rounds: number }): Promise<void> {
  for (let round = 0; round < input.rounds; round++) {
    const runAt = new Date(input.start + round * input.intervalMs);
    for (const type of RECONCILE_JOBS) {
      await enqueueJob(prisma, { shop, type, idempotencyKey: `${type}:storm:${round}`, runAt, payload: {} });
    }
  }
}

describe("3 web + 2 worker processes on PostgreSQL under a webhook storm", () => {
  let store: SimulatorStore;
  const restockVariants: string[] = [];
  const orderVariants: string[] = [];
  const subscribers: string[] = [];

  beforeAll(async () => {
    cluster = await startCluster({
      apps: 3,
      workers: 2,
      // The shop's orders/create re-reads (fulfillment orders of 2-location variants) and the catalog sync go through
      // the Admin API: a generous bucket keeps this test about concurrency, not about the 100 pts/s throttle (which
      // test/bulk-policy-mutation and the catalog sync tests cover).
      simulator: { shops: [], throttle: { restoreRate: 2_000, maximumAvailable: 20_000 }, webhookRetry: { attempts: 1 } },
      env: { JOB_LEASE_MS: "15000", JOB_IDLE_MS: "100" },
    });
    store = cluster.simulator!.store;
    store.createShop(SHOP, { seed: { products: PRODUCTS, variantsPerProduct: 2 } });
    const snapshot = store.snapshot(SHOP);
    const products = snapshot.products as SnapshotProduct[];
    const firstVariant = (productIndex: number) => snapshot.variants.find((v) => v.productId === products[productIndex].admin_graphql_api_id)!;
    for (let p = 0; p < RESTOCK_PRODUCTS + ORDER_PRODUCTS; p++) {
      const variant = firstVariant(p);
      const restock = p < RESTOCK_PRODUCTS;
      store.updateVariant(SHOP, variant.id, { inventoryPolicy: restock ? "DENY" : "CONTINUE", tracked: true });
      for (const location of snapshot.locations) store.setAvailable(SHOP, { variantId: variant.id, locationId: location.id, available: 0 });
      (restock ? restockVariants : orderVariants).push(variant.id);
    }

    const { variants } = await installAndSync({
      appUrl: cluster.appUrls[0],
      shop: SHOP,
      mintIdToken: (shop) => cluster!.simulator!.mintIdToken(shop),
      prisma,
      timeoutMs: 90_000,
    });
    expect(variants).toBe(PRODUCTS * 2);
    // Order follow-ups that only talk to Shopify (tags, notes, holds) and customer emails are off: this test is about
    // webhook intake and processing across instances; test/order-actions covers those.
    const quiet = { tagBackorderedOrders: false, holdBackorderedLines: false, sendBackorderConfirm: false, sendDelayNotices: false, sendShippingSoon: false, noteEtaOnOrders: false, flagUnseenBackorders: false };
    await prisma.shopSettings.upsert({ where: { shop: SHOP }, create: { shop: SHOP, ...quiet }, update: quiet });
    const confirmedAt = new Date(Date.now() - 86_400_000);
    for (const [v, variantId] of restockVariants.entries()) {
      const productId = snapshot.variants.find((row) => row.id === variantId)!.productId;
      await prisma.restockSubscription.createMany({
        data: Array.from({ length: SUBSCRIBERS_PER_VARIANT }, (_, s) => {
          const email = `waiting-${v}-${s}@example.com`;
          subscribers.push(email);
          return { shop: SHOP, variantId, productId, email, emailNormalized: email, status: "active", unsubscribeToken: `storm-${v}-${s}`, consentAt: confirmedAt, confirmedAt };
        }),
      });
    }
    // Subscribers wait on these variants, but half of them have no stock signal yet (nothing since their signups
    // moved them: the signal is first written by a stock event or a reconciliation).
    await waitForQuiet(SHOP, 60_000);
    await prisma.variantStockSignal.deleteMany({ where: { shop: SHOP, variantId: { in: restockVariants.filter((_, i) => i % 2 === 0) } } });
  }, 240_000);

  it("GIVEN 10,000 webhooks with duplicates, reordering and forgeries THEN 401 for forgeries only, each processed once, one alert per subscriber, ledger and mirror equal the store", async () => {
    const simulator = cluster!.simulator!;
    const random = seededRandom(20261124);
    const products = store.snapshot(SHOP).products as SnapshotProduct[];
    const restockProducts = new Set(products.slice(0, RESTOCK_PRODUCTS).map((p) => p.admin_graphql_api_id));
    const orderProducts = products.slice(RESTOCK_PRODUCTS, RESTOCK_PRODUCTS + ORDER_PRODUCTS).map((p) => p.admin_graphql_api_id);
    const otherProducts = products.slice(RESTOCK_PRODUCTS + ORDER_PRODUCTS);
    const variantsOf = new Map<string, string[]>();
    for (const v of store.snapshot(SHOP).variants) variantsOf.set(v.productId, [...(variantsOf.get(v.productId) ?? []), v.id]);
    const locations = store.snapshot(SHOP).locations.map((l) => l.id);
    const orders: string[] = [];
    const cancelled = new Set<string>();

    // 1. Real store changes, captured instead of delivered. Within a round each product is touched at most once, and
    //    rounds are a second apart (see nextSecond).
    const generationStart = Date.now();
    let rounds = 0;
    const deliveries = await captureWebhooks(simulator, async (captured) => {
      const room = () => GENUINE_WEBHOOKS - captured.length;
      while (room() > 0) {
        rounds++;
        if (rounds > 1) await nextSecond();
        // Restocks in round 2: 0 → 12..30 units at the main location, more than the waiting subscribers.
        if (rounds === 2) {
          for (const variantId of restockVariants) store.setAvailable(SHOP, { variantId, locationId: locations[0], available: 12 + Math.floor(random() * 19) });
        }
        // Later, some restocked products are edited (never sold out again: a 0 → n → 0 flap rightly sends nothing).
        if (rounds > 3) {
          for (const productId of restockProducts) {
            if (room() > 2 && random() < 0.2) store.updateProduct(SHOP, productId, { title: `Restocked ${rounds}-${numericId(productId)}` });
          }
        }
        // Orders on backordered variants (each order product once per round), and cancellations of earlier orders.
        const shuffled = [...orderProducts].sort(() => random() - 0.5);
        for (let i = 0; i + 1 < shuffled.length && i < 16 && room() > 10; i += 2) {
          const lines = [{ variantId: variantsOf.get(shuffled[i])![0], quantity: 1 + Math.floor(random() * 3) }];
          if (random() < 0.5) lines.push({ variantId: variantsOf.get(shuffled[i + 1])![0], quantity: 1 });
          const order = store.checkout(SHOP, { lines, email: `buyer-${orders.length}@example.com` }) as { admin_graphql_api_id: string };
          orders.push(order.admin_graphql_api_id);
        }
        if (rounds > 2) {
          for (const orderId of orders.slice(0, -16)) {
            if (!cancelled.has(orderId) && random() < 0.05 && room() > 10) {
              store.cancelOrder(SHOP, orderId, { restock: false });
              cancelled.add(orderId);
            }
          }
        }
        // Stock churn and product edits on the rest of the catalog.
        for (const product of otherProducts) {
          const productId = product.admin_graphql_api_id;
          const dice = random();
          if (dice < 0.45 && room() > 2) {
            const variantId = variantsOf.get(productId)![Math.floor(random() * 2)];
            store.adjustAvailable(SHOP, { variantId, locationId: locations[Math.floor(random() * 2)], delta: random() < 0.5 ? -1 - Math.floor(random() * 5) : 1 + Math.floor(random() * 9) });
          } else if (dice < 0.7 && room() > 0) {
            const patch = random() < 0.5 ? { title: `Product ${numericId(productId)} r${rounds}` } : { vendor: `Vendor ${Math.floor(random() * 9)}`, tags: [`round-${rounds}`, "storm"] };
            store.updateProduct(SHOP, productId, patch);
          }
        }
      }
    });
    log(`${deliveries.length} webhooks from ${rounds} rounds of store changes (${orders.length} orders, ${cancelled.size} cancelled) in ${Date.now() - generationStart} ms`);
    expect(deliveries.length).toBe(GENUINE_WEBHOOKS);

    // 2. The storm: round-robin over the 3 instances, 20% duplicates, 10% out of order, 5% forged; the hourly
    //    reconciliations run in the middle of it and of the processing that follows.
    const reconcileRounds = 20;
    await scheduleReconciliations(SHOP, { start: Date.now() + 3_000, intervalMs: 3_000, rounds: reconcileRounds });
    const stormStart = Date.now();
    const results = await runWebhookStorm({
      deliveries,
      targets: cluster!.appUrls,
      apiSecret: DEMO_API_SECRET,
      duplicateRatio: 0.2,
      outOfOrderRatio: 0.1,
      badHmacRatio: 0.05,
      seed: 7,
      concurrency: 24,
    });
    const stormMs = Date.now() - stormStart;
    const byKind = (kind: StormResult["kind"]) => results.filter((r) => r.kind === kind);
    log(`storm: ${results.length} requests in ${stormMs} ms (${Math.round(results.length / (stormMs / 1000))}/s); p99 ${percentile(results.map((r) => r.durationMs), 0.99)} ms`);
    expect(results).toHaveLength(REQUESTS);
    expect(byKind("duplicate")).toHaveLength(REQUESTS * 0.2);
    expect(byKind("bad-hmac")).toHaveLength(REQUESTS * 0.05);
    expect(results.filter((r) => r.delayed)).toHaveLength(GENUINE_WEBHOOKS * 0.1);
    expect(new Set(results.map((r) => r.target)).size).toBe(3);
    const unexpected = results.filter((r) => r.status !== (r.kind === "bad-hmac" ? 401 : 200));
    expect(unexpected.slice(0, 10), `${unexpected.length} requests answered unexpectedly`).toEqual([]);

    // 3. Processing settles: nothing due or running (the hourly reconciliations stay scheduled for later).
    const settleStart = Date.now();
    await waitForQuiet(SHOP, 900_000).catch((error) => {
      throw new Error(`${error.message}\n${cluster!.output()}`);
    });
    log(`processed ${Math.round((Date.now() - settleStart) / 1000)} s after the storm`);
    // The reconciliations ran, and in the middle of the webhook processing, not after it.
    const stormReconciliations = await prisma.job.findMany({ where: { shop: SHOP, idempotencyKey: { contains: ":storm:" } }, select: { status: true, finishedAt: true } });
    expect(stormReconciliations.filter((job) => job.status === "done")).toHaveLength(reconcileRounds * RECONCILE_JOBS.length);
    const lastWebhookDone = await prisma.job.aggregate({ where: { shop: SHOP, type: { startsWith: "webhook:" } }, _max: { finishedAt: true } });
    const amidWebhooks = stormReconciliations.filter((job) => job.finishedAt! < lastWebhookDone._max.finishedAt!).length;
    log(`${amidWebhooks} of ${stormReconciliations.length} reconciliation jobs finished while webhooks were still being processed`);
    expect(amidWebhooks).toBeGreaterThan(RECONCILE_JOBS.length * 3);

    // Each genuine webhook recorded and processed exactly once, whatever instance or copy got it first.
    expect(await prisma.webhookReceipt.count({ where: { shop: SHOP, webhookId: { in: deliveries.map((d) => d.webhookId) } } })).toBe(GENUINE_WEBHOOKS);
    const webhookJobs = await prisma.job.groupBy({ by: ["status"], where: { shop: SHOP, idempotencyKey: { in: deliveries.map((d) => `webhook:${d.webhookId}`) } }, _count: { _all: true } });
    expect(webhookJobs).toEqual([{ status: "done", _count: { _all: GENUINE_WEBHOOKS } }]);
    expect(await prisma.job.count({ where: { shop: SHOP, status: "dead" } })).toBe(0);

    // Every restock subscriber: exactly one back-in-stock email.
    const mailbox = simulator.mailbox!;
    await mailbox.waitFor(() => mailbox.messages().length >= subscribers.length, 60_000).catch(() => undefined);
    const perRecipient = new Map<string, number>();
    for (const message of mailbox.messages()) for (const to of message.envelope.to) perRecipient.set(to, (perRecipient.get(to) ?? 0) + 1);
    expect(subscribers.filter((email) => perRecipient.get(email) !== 1)).toEqual([]);
    expect(mailbox.messages()).toHaveLength(subscribers.length);
    expect(await prisma.restockSubscription.count({ where: { shop: SHOP, status: "notified" } })).toBe(subscribers.length);

    // The catalog mirror equals the store.
    const final = store.snapshot(SHOP);
    const mirrorVariants = await prisma.variant.findMany({ where: { shop: SHOP }, select: { id: true, availableTotal: true, inventoryPolicy: true, tracked: true }, orderBy: { id: "asc" } });
    expect(mirrorVariants).toEqual(
      final.variants.map((v) => ({ id: v.id, availableTotal: v.availableTotal, inventoryPolicy: v.inventoryPolicy, tracked: v.tracked })).sort((a, b) => (a.id < b.id ? -1 : 1)),
    );
    const itemOf = new Map(final.variants.map((v) => [v.inventoryItemId, v]));
    const mirrorLevels = await prisma.inventoryLevel.findMany({ where: { shop: SHOP }, select: { inventoryItemId: true, locationId: true, available: true } });
    expect(mirrorLevels.filter((l) => itemOf.get(l.inventoryItemId)?.available[l.locationId] !== l.available)).toEqual([]);
    expect(mirrorLevels).toHaveLength(final.variants.length * locations.length);
    const mirrorProducts = await prisma.product.findMany({ where: { shop: SHOP }, select: { id: true, title: true, vendor: true, tags: true }, orderBy: { id: "asc" } });
    expect(mirrorProducts.map((p) => ({ ...p, tags: (p.tags ?? "").split(",").map((t) => t.trim()).filter(Boolean).sort() }))).toEqual(
      (final.products as SnapshotProduct[])
        .map((p) => ({ id: p.admin_graphql_api_id, title: p.title, vendor: p.vendor, tags: p.tags.split(",").map((t) => t.trim()).filter(Boolean).sort() }))
        .sort((a, b) => (a.id < b.id ? -1 : 1)),
    );

    // The order ledger equals the store: every line of a backordered variant, all units owed unless cancelled.
    const orderVariantSet = new Set(orderVariants.map(numericId));
    const expectedLines = (final.orders as SnapshotOrder[]).flatMap((order) =>
      order.line_items
        .filter((line) => orderVariantSet.has(line.variant_id))
        .map((line) => ({
          orderId: order.admin_graphql_api_id,
          lineItemId: line.admin_graphql_api_id,
          variantId: `gid://shopify/ProductVariant/${line.variant_id}`,
          quantityBackordered: line.quantity, // the ordered quantity (a cancelled order's payload keeps it)
          status: order.cancelled_at ? "cancelled" : "open",
        })),
    );
    const ledger = await prisma.backorderLine.findMany({
      where: { shop: SHOP },
      select: { orderId: true, lineItemId: true, variantId: true, quantityBackordered: true, status: true },
      orderBy: { lineItemId: "asc" },
    });
    expect(ledger).toEqual(expectedLines.sort((a, b) => (a.lineItemId < b.lineItemId ? -1 : 1)));
    const ledgerOrders = await prisma.backorderOrder.findMany({ where: { shop: SHOP }, select: { orderId: true, status: true, cancelledAt: true } });
    expect(ledgerOrders).toHaveLength(orders.length);
    expect(ledgerOrders.filter((o) => (o.cancelledAt !== null) !== cancelled.has(o.orderId) || o.status !== (cancelled.has(o.orderId) ? "closed" : "open"))).toEqual([]);
  }, 1_500_000);
});
