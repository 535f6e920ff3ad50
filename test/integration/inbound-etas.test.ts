// ETAs that follow inbound shipments (issue 17) through the real job handlers against the simulator: inbound
// transfers and shipments are created, delayed, received and cancelled with the simulator's merchant commands; the
// webhook bodies it emits are handed to the webhook job handlers (duplicates included); the jobs the app queues
// (delay scans) are run from the job table. Owed order lines are seeded in the ledger directly.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const sim = vi.hoisted(() => ({ graphql: null as null | ((query: string, opts?: { variables?: Record<string, unknown> }) => Promise<Response>) }));

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({ graphql: (query, opts) => sim.graphql!(query, opts) }),
);

import prisma from "#app/db.server";
import { jobHandlers } from "#app/jobs/handlers.server";
import { DELAY_NOTICE_SCAN_JOB, INBOUND_ETA_JOB, INBOUND_SYNC_JOB, isWebhookTopic, type JobType } from "#app/jobs/job-types";
import type { ClaimedJob } from "#app/models/job.server";
import { applyBackorderChanges } from "#app/services/backorder-changes.server";
import { getInboundEtaSuggestion } from "#app/services/inbound-eta.server";
import { saveShopSettings, ShopSettingsValidationError } from "#app/services/shop-settings.server";
import { getVariantDetail } from "#app/services/variant-detail.server";
import { parseShopSettingsForm } from "#app/schemas/shop-settings";
import { createAdminGateway } from "#app/shopify/admin-gateway.server";
import { webhookJobType } from "#app/services/webhook-intake.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import type { SimEvent } from "../../simulator/store";
import { APP_CONFIG } from "../support/simulator-app";
import { exchangeOfflineToken } from "../support/simulator-token";

const KEY = "inbound-key";
const SECRET = "inbound-secret";
const ZONE = "America/New_York";
// Monday 2026-12-07, 10:00 in New York. Calendar: Dec 14 Mon, Dec 16 Wed, Dec 17 Thu, Dec 21 Mon.
let clock = new Date("2026-12-07T15:00:00Z");
const tick = (minutes = 1) => (clock = new Date(clock.getTime() + minutes * 60_000));

let server: RunningSimulator;
const captured: SimEvent[] = [];

beforeAll(async () => {
  server = await startSimulator({ port: 0, appUrl: "http://127.0.0.1:9", apiKey: KEY, apiSecret: SECRET, appConfigPath: APP_CONFIG, seed: "empty", shops: [], now: () => clock, webhookRetry: { attempts: 1, baseDelayMs: 1 } });
  server.store.onEvent((event) => captured.push(event));
});
afterAll(async () => {
  await server?.close();
});

let jobSeq = 0;
function claimed(shop: string, type: string, payload: unknown): ClaimedJob {
  return { id: `job-${++jobSeq}`, shop, type, payload, attempts: 1, maxAttempts: 8 } as ClaimedJob;
}
const libraryTopic = (topic: string) => topic.replace("/", "_").toUpperCase();
// The inbound topics the app subscribes to (the simulator's event feed has every topic).
const isInbound = (topic: string) => (topic.startsWith("inventory_transfers/") || topic.startsWith("inventory_shipments/")) && isWebhookTopic(libraryTopic(topic));

/** Hands every inbound webhook the simulator emitted since the last call to its job handler (each `times` times). */
async function deliverInbound(shop: string, times = 1): Promise<string[]> {
  const mine = captured.filter((e) => e.shop === shop && isInbound(e.topic));
  for (let i = captured.length - 1; i >= 0; i--) if (captured[i].shop === shop) captured.splice(i, 1);
  for (let n = 0; n < times; n++) {
    for (const event of mine) {
      const type = webhookJobType(libraryTopic(event.topic));
      expect(jobHandlers[type], type).toBeDefined();
      await jobHandlers[type](claimed(shop, type, { webhookId: `wh-${++jobSeq}`, triggeredAt: null, body: event.payload }), clock);
    }
  }
  return mine.map((e) => e.topic);
}

async function runJob(shop: string, type: JobType, payload: unknown = {}) {
  return jobHandlers[type](claimed(shop, type, payload), clock);
}

/** Runs the queued jobs of `type` the app asked for (e.g. the delay scans an ETA change requests). */
async function runQueued(shop: string, type: JobType): Promise<number> {
  const jobs = await prisma.job.findMany({ where: { shop, type, status: "queued" }, orderBy: { createdAt: "asc" } });
  for (const job of jobs) {
    await jobHandlers[type](claimed(shop, type, JSON.parse(job.payload)), clock);
    await prisma.job.update({ where: { id: job.id }, data: { status: "done" } });
  }
  return jobs.length;
}

const delayNotices = (shop: string) =>
  prisma.emailMessage.findMany({ where: { shop, kind: "delay_notice" } }).then((rows) =>
    rows
      .map((r) => ({ to: r.toEmail, data: JSON.parse(r.data) as { previousEta: string | null; newEta: string | null } }))
      .sort((a, b) => (a.data.newEta ?? "").localeCompare(b.data.newEta ?? "") || a.to.localeCompare(b.to)),
  );
const backorderRow = (shop: string, variantId: string) => prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop, variantId } } });
const numericId = (gid: string) => Number(gid.split("/").pop());
/** The variant's `$app.backorder_eta` metafield as Shopify (the simulator) holds it. */
async function storefrontEta(variantId: string): Promise<string | null> {
  const response = await sim.graphql!(`query { productVariant(id: "${variantId}") { metafield(namespace: "$app", key: "backorder_eta") { value } } }`);
  const body = (await response.json()) as { data: { productVariant: { metafield: { value: string } | null } } };
  return body.data.productVariant.metafield?.value ?? null;
}

/**
 * A simulator shop with one backordered variant (-3 available: two owed lines, 2 units ordered Dec 1 and 1 unit
 * Dec 2, both told "2026-12-10"), mirrored into the app's tables, with the inbound mode given.
 */
async function setUpShop(shop: string, mode: "off" | "suggest" | "automatic") {
  clock = new Date("2026-12-07T15:00:00Z");
  server.store.createShop(shop, { seed: "empty" });
  const [location] = server.store.snapshot(shop).locations.map((l) => l.id);
  const product = server.store.createProduct(shop, {
    title: "Kettle",
    variants: [{ title: "Steel", sku: "K1", price: "40.00", inventoryPolicy: "CONTINUE", available: { [location]: -3 } }],
  }) as any;
  const variantId = product.variants[0].admin_graphql_api_id as string;
  const accessToken = await exchangeOfflineToken({ simulatorUrl: server.url, shop, sessionToken: server.mintIdToken(shop), apiKey: KEY, apiSecret: SECRET });
  sim.graphql = (query, opts) =>
    fetch(`${server.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": shop },
      body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
    });
  await prisma.shop.create({ data: { shop, ianaTimezone: ZONE } });
  await prisma.shopSettings.create({ data: { shop, inboundEtaMode: mode } });
  for (const l of server.store.snapshot(shop).locations) await prisma.location.create({ data: { shop, id: l.id, name: l.name } });
  const v = server.store.snapshot(shop).variants[0];
  await prisma.product.create({ data: { shop, id: v.productId, title: "Kettle", handle: "kettle" } });
  await prisma.variant.create({ data: { shop, id: v.id, productId: v.productId, inventoryItemId: v.inventoryItemId, title: "Steel", tracked: true, inventoryPolicy: "CONTINUE", availableTotal: -3 } });
  await prisma.variantBackorder.create({ data: { shop, variantId, enabled: true, leadTimeDays: 3 } });
  for (const [n, owed, day] of [[1, 2, 1], [2, 1, 2]] as const) {
    await prisma.backorderLine.create({
      data: {
        shop, orderId: `gid://shopify/Order/${n}`, orderName: `#100${n}`, lineItemId: `gid://shopify/LineItem/${shop}-${n}`, variantId,
        customerEmail: `buyer${n}@example.com`, quantityOrdered: owed, quantityBackordered: owed, etaPromised: "2026-12-10", etaCurrent: "2026-12-10",
        orderedAt: new Date(Date.UTC(2026, 11, day, 15)), locationId: location,
      },
    });
  }
  captured.splice(0, captured.length);
  return { variantId, location };
}

describe("the inbound mirror", () => {
  it("GIVEN inbound shipments WHEN the sync runs THEN their unreceived lines are mirrored per variant; a webhook refresh converges (duplicates are no-ops); a receipt takes units off", async () => {
    const shop = "inbound-mirror.myshopify.com";
    const { variantId, location } = await setUpShop(shop, "off");
    const inbound = server.store.createInbound(shop, { lines: [{ variantId, quantity: 5 }], arrivesAt: "2026-12-14" });
    captured.splice(0, captured.length); // the sync reads them, not the webhooks
    tick();
    await runJob(shop, INBOUND_SYNC_JOB);
    const rows = await prisma.inboundShipmentLine.findMany({ where: { shop } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      transferId: inbound.transferId, shipmentId: inbound.shipmentId, shipmentStatus: "IN_TRANSIT", variantId, destinationLocationId: location,
      unreceivedQuantity: 5, arrivesAt: new Date("2026-12-14T12:00:00Z"),
    });

    tick();
    server.store.receiveInbound(shop, numericId(inbound.shipmentId!), { quantity: 2 });
    const topics = await deliverInbound(shop, 2);
    expect(topics).toContain("inventory_transfers/updated");
    expect(await prisma.inboundShipmentLine.findMany({ where: { shop } })).toMatchObject([{ shipmentStatus: "PARTIALLY_RECEIVED", unreceivedQuantity: 3 }]);

    tick();
    server.store.receiveInbound(shop, numericId(inbound.shipmentId!), {});
    await deliverInbound(shop);
    expect(await prisma.inboundShipmentLine.count({ where: { shop } })).toBe(0);
  });

  it("GIVEN a mirrored transfer that Shopify no longer has open WHEN the hourly sync runs THEN its rows go", async () => {
    const shop = "inbound-stale.myshopify.com";
    const { variantId } = await setUpShop(shop, "off");
    const draft = server.store.createInbound(shop, { lines: [{ variantId, quantity: 4 }], arrivesAt: "2026-12-14", inTransit: false });
    await runJob(shop, INBOUND_SYNC_JOB);
    expect(await prisma.inboundShipmentLine.count({ where: { shop } })).toBe(1);
    tick(60);
    server.store.cancelInbound(shop, { transferId: numericId(draft.transferId) });
    captured.splice(0, captured.length); // lost webhooks: only the reconciliation can notice
    await runJob(shop, INBOUND_SYNC_JOB);
    expect(await prisma.inboundShipmentLine.count({ where: { shop } })).toBe(0);
  });
});

describe("before the merchant granted the new scopes", () => {
  it("GIVEN a shop that has not granted read_inventory_transfers WHEN the sync or a webhook runs THEN it ends without an error (retried hourly) and the mirror is left as it is", async () => {
    const shop = "inbound-no-scope.myshopify.com";
    const { variantId } = await setUpShop(shop, "automatic");
    server.store.createInbound(shop, { lines: [{ variantId, quantity: 5 }], arrivesAt: "2026-12-14" });
    server.store.setGrantedScopes(shop, ["read_products", "write_products", "read_inventory", "write_inventory", "read_orders", "write_orders"]);
    await expect(runJob(shop, INBOUND_SYNC_JOB)).resolves.toBeUndefined();
    await deliverInbound(shop);
    expect(await prisma.inboundShipmentLine.count({ where: { shop } })).toBe(0);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: null });
  });
});

describe("ETAs follow inbound shipments", () => {
  it("GIVEN automatic WHEN owed lines or stock change (order and inventory webhooks) THEN one coalesced recompute is queued; GIVEN off THEN none", async () => {
    const shop = "inbound-trigger.myshopify.com";
    const { location } = await setUpShop(shop, "automatic");
    const v = server.store.snapshot(shop).variants[0];
    const body = { inventory_item_id: Number(v.inventoryItemId.split("/").pop()), location_id: Number(location.split("/").pop()), available: -1, updated_at: clock.toISOString() };
    const type = webhookJobType("INVENTORY_LEVELS_UPDATE");
    for (let n = 0; n < 2; n++) await jobHandlers[type](claimed(shop, type, { webhookId: `wh-level-${n}`, triggeredAt: null, body }), clock);
    const queued = await prisma.job.findMany({ where: { shop, type: INBOUND_ETA_JOB, status: "queued" } });
    expect(queued.map((j) => JSON.parse(j.payload))).toEqual([{ variantIds: null }]);

    await prisma.shopSettings.update({ where: { shop }, data: { inboundEtaMode: "off" } });
    await prisma.job.deleteMany({ where: { shop, type: INBOUND_ETA_JOB } });
    await jobHandlers[type](claimed(shop, type, { webhookId: "wh-level-off", triggeredAt: null, body: { ...body, available: -2 } }), clock);
    expect(await prisma.job.count({ where: { shop, type: INBOUND_ETA_JOB } })).toBe(0);
  });

  it("GIVEN automatic WHEN a shipment covers the owed units THEN the ETA is its arrival + 2 business days, and moving it later moves the ETA with one delay notice per line and date", async () => {
    const shop = "inbound-auto.myshopify.com";
    const { variantId } = await setUpShop(shop, "automatic");
    const inbound = server.store.createInbound(shop, { lines: [{ variantId, quantity: 5 }], arrivesAt: "2026-12-14" });
    await deliverInbound(shop);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-16", etaSource: "inbound", leadTimeDays: 3 });
    expect(await prisma.backorderChange.findFirst({ where: { shop, variantId }, orderBy: { createdAt: "desc" } })).toMatchObject({ actor: "inbound-shipments", source: "system" });
    // The ETA change asked for the delay scan like a merchant's does: both lines were told Dec 10.
    expect(await runQueued(shop, DELAY_NOTICE_SCAN_JOB)).toBeGreaterThan(0);
    expect((await delayNotices(shop)).map((n) => [n.to, n.data.previousEta, n.data.newEta])).toEqual([
      ["buyer1@example.com", "2026-12-10", "2026-12-16"],
      ["buyer2@example.com", "2026-12-10", "2026-12-16"],
    ]);

    // Marked late by 3 days: Thursday Dec 17 + 2 business days = Monday Dec 21. Deliveries twice over.
    tick();
    server.store.delayInbound(shop, numericId(inbound.shipmentId!), 3);
    await deliverInbound(shop, 2);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-21", etaSource: "inbound" });
    await runQueued(shop, DELAY_NOTICE_SCAN_JOB);
    await runJob(shop, INBOUND_SYNC_JOB); // the hourly pass changes nothing more
    await runQueued(shop, DELAY_NOTICE_SCAN_JOB);
    const notices = await delayNotices(shop);
    expect(notices).toHaveLength(4);
    expect(notices.slice(2).map((n) => [n.to, n.data.previousEta, n.data.newEta])).toEqual([
      ["buyer1@example.com", "2026-12-16", "2026-12-21"],
      ["buyer2@example.com", "2026-12-16", "2026-12-21"],
    ]);
    // Storefront metafields were republished with the new date.
    expect(await storefrontEta(variantId)).toBe("2026-12-21");
  });

  it("GIVEN automatic WHEN the shipment cannot cover every owed line any more THEN the inbound ETA is cleared (the lead time applies again)", async () => {
    const shop = "inbound-uncovered.myshopify.com";
    const { variantId } = await setUpShop(shop, "automatic");
    const draft = server.store.createInbound(shop, { lines: [{ variantId, quantity: 3 }], arrivesAt: "2026-12-14", inTransit: false });
    await deliverInbound(shop);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-16", etaSource: "inbound" });
    tick();
    server.store.cancelInbound(shop, { transferId: numericId(draft.transferId) });
    await deliverInbound(shop);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: null, leadTimeDays: 3 });
  });

  it("GIVEN automatic and a variant selling on backorder that owes nothing yet WHEN a shipment is on its way THEN the next order's ETA is its arrival + 2 business days", async () => {
    const shop = "inbound-next-order.myshopify.com";
    const { variantId } = await setUpShop(shop, "automatic");
    await prisma.backorderLine.deleteMany({ where: { shop } });
    await prisma.variant.update({ where: { shop_id: { shop, id: variantId } }, data: { availableTotal: 0 } });
    server.store.createInbound(shop, { lines: [{ variantId, quantity: 1 }], arrivesAt: "2026-12-14" });
    await deliverInbound(shop);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-16", etaSource: "inbound" });
    expect(await storefrontEta(variantId)).toBe("2026-12-16");
  });

  it("GIVEN automatic WHEN a shipment is late (arrival passed, not received) THEN its ETA stands until it passes, then moves once, not a day every day", async () => {
    const shop = "inbound-late.myshopify.com";
    const { variantId } = await setUpShop(shop, "automatic");
    server.store.createInbound(shop, { lines: [{ variantId, quantity: 5 }], arrivesAt: "2026-12-08" });
    await deliverInbound(shop);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-10", etaSource: "inbound" });
    clock = new Date("2026-12-09T15:00:00Z"); // Wednesday: the shipment is a day late
    await runJob(shop, INBOUND_SYNC_JOB);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-10" });
    clock = new Date("2026-12-11T15:00:00Z"); // Friday: the date passed; from today + 2 business days
    await runJob(shop, INBOUND_SYNC_JOB);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-15" });
    clock = new Date("2026-12-14T15:00:00Z"); // Monday: still late, the new date still ahead
    await runJob(shop, INBOUND_SYNC_JOB);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-15" });
  });

  it("GIVEN automatic WHEN only some owed units are inbound THEN no inbound ETA is set", async () => {
    const shop = "inbound-partial.myshopify.com";
    const { variantId } = await setUpShop(shop, "automatic");
    server.store.createInbound(shop, { lines: [{ variantId, quantity: 2 }], arrivesAt: "2026-12-14" });
    await deliverInbound(shop);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: null, etaSource: "manual" });
  });

  it("GIVEN automatic WHEN the merchant enters an ETA THEN later shipment changes never override it", async () => {
    const shop = "inbound-merchant.myshopify.com";
    const { variantId } = await setUpShop(shop, "automatic");
    const inbound = server.store.createInbound(shop, { lines: [{ variantId, quantity: 5 }], arrivesAt: "2026-12-14" });
    await deliverInbound(shop);
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-16", etaSource: "inbound" });

    await applyBackorderChanges({ shop, variantIds: [variantId], changes: { etaDate: "2026-12-30" }, actor: "staff@example.com", source: "manual", gateway: createAdminGateway(sim.graphql!), now: clock });
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-30", etaSource: "manual" });
    tick();
    server.store.delayInbound(shop, numericId(inbound.shipmentId!), 5);
    await deliverInbound(shop);
    await runJob(shop, INBOUND_ETA_JOB, { variantIds: null });
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: "2026-12-30", etaSource: "manual" });
  });

  it("GIVEN suggest THEN the variant's suggestion names the shipment, its arrival and the ETA, and nothing is written; GIVEN off THEN there is none", async () => {
    const shop = "inbound-suggest.myshopify.com";
    const { variantId } = await setUpShop(shop, "suggest");
    const inbound = server.store.createInbound(shop, { lines: [{ variantId, quantity: 5 }], arrivesAt: "2026-12-14" });
    await deliverInbound(shop);
    expect(await getInboundEtaSuggestion(shop, variantId, clock)).toEqual({
      mode: "suggest", shipmentName: inbound.shipmentName, arrivesOn: "2026-12-14", eta: "2026-12-16", currentEta: null, followsInbound: false,
    });
    expect(await backorderRow(shop, variantId)).toMatchObject({ etaDate: null, etaSource: "manual" });
    expect(await prisma.job.count({ where: { shop, type: DELAY_NOTICE_SCAN_JOB } })).toBe(0);
    // The variant page carries it (its banner: "Inbound shipment … arrives … → suggested ETA …" with Apply).
    expect((await getVariantDetail(shop, variantId, clock))?.inboundEta).toMatchObject({ shipmentName: inbound.shipmentName, eta: "2026-12-16" });

    const off = "inbound-off.myshopify.com";
    const other = await setUpShop(off, "off");
    server.store.createInbound(off, { lines: [{ variantId: other.variantId, quantity: 5 }], arrivesAt: "2026-12-14" });
    await deliverInbound(off);
    expect(await prisma.inboundShipmentLine.count({ where: { shop: off } })).toBe(1); // mirrored all the same
    expect(await getInboundEtaSuggestion(off, other.variantId, clock)).toBeNull();
    expect(await backorderRow(off, other.variantId)).toMatchObject({ etaDate: null, etaSource: "manual" });
  });
});

describe("the setting", () => {
  it("GIVEN the Settings form THEN the mode and handling time are parsed and checked; saving automatic queues one recompute of every owed variant", async () => {
    const form = (entries: Record<string, string>) => {
      const data = new FormData();
      for (const [k, v] of Object.entries({ lowStockThreshold: "5", timeZone: "UTC", weekendDays: "0", ...entries })) data.append(k, v);
      return parseShopSettingsForm(data);
    };
    const parsed = form({ inboundEtaMode: "automatic", inboundHandlingDays: "3" });
    expect(parsed.success && parsed.data).toMatchObject({ inboundEtaMode: "automatic", inboundHandlingDays: 3 });
    const bad = form({ inboundEtaMode: "sometimes", inboundHandlingDays: "-1" });
    expect(!bad.success && Object.keys(bad.errors).sort()).toEqual(["inboundEtaMode", "inboundHandlingDays"]);

    const shop = "inbound-settings.myshopify.com";
    await prisma.shop.create({ data: { shop, ianaTimezone: ZONE } });
    await expect(saveShopSettings(shop, { inboundHandlingDays: 61 }, clock)).rejects.toBeInstanceOf(ShopSettingsValidationError);
    const saved = await saveShopSettings(shop, { inboundEtaMode: "automatic", inboundHandlingDays: 3 }, clock);
    expect(saved).toMatchObject({ inboundEtaMode: "automatic", inboundHandlingDays: 3 });
    await saveShopSettings(shop, { inboundEtaMode: "automatic" }, clock); // unchanged: nothing more to do
    const jobs = await prisma.job.findMany({ where: { shop, type: INBOUND_ETA_JOB } });
    expect(jobs.map((j) => JSON.parse(j.payload))).toEqual([{ variantIds: null }]);
  });
});
