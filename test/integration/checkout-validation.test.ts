// The checkout validation against the simulator (real Admin GraphQL, its validations, scopes and uninstall):
// the Settings switch (on for new installs) registers exactly one validation of the app's function through
// validationCreate and removes it through validationDelete; repeated, stale and racing syncs never leave two;
// a missing permission is a status the merchant can act on; uninstall leaves none. And the figure the function
// reads, $app.backorder_sellable, follows an order within the orders/create job, not the hourly sync.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";

const sim = vi.hoisted(() => ({ graphql: null as null | ((query: string, opts?: { variables?: Record<string, unknown> }) => Promise<Response>) }));

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({ graphql: (query, opts) => sim.graphql!(query, opts) }),
);

import prisma from "#app/db.server";
import { jobHandlers } from "#app/jobs/handlers.server";
import { CHECKOUT_VALIDATION_SYNC_JOB } from "#app/jobs/job-types";
import type { ClaimedJob } from "#app/models/job.server";
import {
  CHECKOUT_VALIDATION_FUNCTION_HANDLE,
  CHECKOUT_VALIDATION_TITLE,
  MISSING_PERMISSION_MESSAGE,
  syncCheckoutValidation,
} from "#app/services/checkout-validation.server";
import { onShopAuthenticated } from "#app/services/shop-install.server";
import { ShopSettingsValidationError, getSettingsPage, saveSettingsPage, saveShopSettings } from "#app/services/shop-settings.server";
import { parseShopSettingsForm } from "#app/schemas/shop-settings";
import { toFormData } from "#app/schemas/form-helpers";
import { syncStorefrontMetafields } from "#app/services/storefront-metafields.server";
import { webhookJobType } from "#app/services/webhook-intake.server";
import { createAdminGateway, type AdminGraphql } from "#app/shopify/admin-gateway.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import type { SimEvent } from "../../simulator/store";
import { APP_CONFIG } from "../support/simulator-app";
import { exchangeOfflineToken } from "../support/simulator-token";

const KEY = "validation-key";
const SECRET = "validation-secret";
const NOW = new Date("2026-11-02T15:00:00Z");

let server: RunningSimulator;
const captured: SimEvent[] = [];

beforeAll(async () => {
  server = await startSimulator({ port: 0, appUrl: "http://127.0.0.1:9", apiKey: KEY, apiSecret: SECRET, appConfigPath: APP_CONFIG, seed: "empty", shops: [], now: () => NOW, webhookRetry: { attempts: 1, baseDelayMs: 1 } });
  server.store.onEvent((event) => captured.push(event));
});
afterAll(async () => {
  await server?.close();
});

/** A simulator shop (granted `scopes`, default: the app's toml) with the app's offline token behind `sim.graphql`. */
async function simulatorShop(shop: string, scopes: string[] | null = null): Promise<AdminGraphql> {
  server.store.createShop(shop, { seed: "empty" });
  const token = await exchangeOfflineToken({ simulatorUrl: server.url, shop, sessionToken: server.mintIdToken(shop), apiKey: KEY, apiSecret: SECRET });
  // An installation from before the app asked for a scope keeps what was granted then.
  if (scopes) server.store.setGrantedScopes(shop, scopes);
  const graphql: AdminGraphql = (query, opts) =>
    fetch(`${server.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": token, "X-Shopify-Shop-Domain": shop },
      body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
    });
  sim.graphql = graphql;
  return graphql;
}

/** The simulator's validations of the shop (what Shopify would run in checkout). */
function validationsInShopify(shop: string) {
  return [...server.store.getShopData(shop).validations.values()].map((v) => ({ id: `gid://shopify/Validation/${v.id}`, title: v.title, enabled: v.enabled, blockOnFailure: v.blockOnFailure }));
}

let jobSeq = 0;
async function runJob(shop: string, type: string, payload: unknown = {}) {
  const job: ClaimedJob = { id: `cv-job-${++jobSeq}`, shop, type, payload, attempts: 1, maxAttempts: 8 };
  return jobHandlers[type](job, NOW);
}

/** Runs the queued sync jobs of the shop (as the worker would) and marks them done. */
async function runQueuedSyncs(shop: string): Promise<number> {
  const queued = await prisma.job.findMany({ where: { shop, type: CHECKOUT_VALIDATION_SYNC_JOB, status: "queued" } });
  for (const job of queued) {
    await runJob(shop, CHECKOUT_VALIDATION_SYNC_JOB, JSON.parse(job.payload));
    await prisma.job.update({ where: { id: job.id }, data: { status: "done" } });
  }
  return queued.length;
}

describe("Enforce caps at checkout: registration of the validation", () => {
  it("GIVEN a new install THEN the switch is on, a sync is queued and registers exactly one enabled validation of our function with blockOnFailure off; a second sync changes nothing", async () => {
    const shop = "cv-install.myshopify.com";
    const graphql = await simulatorShop(shop);

    // WHEN the app is installed (the token exchange's afterAuth)
    await onShopAuthenticated({ shop, graphql, now: NOW });

    // THEN
    const page = await getSettingsPage(shop);
    expect(page.settings.enforceCapsAtCheckout).toBe(true);
    expect(page.checkoutValidation.status).toBe("never");
    expect(await runQueuedSyncs(shop)).toBe(1);
    const [validation] = validationsInShopify(shop);
    expect(validationsInShopify(shop)).toEqual([{ id: validation.id, title: CHECKOUT_VALIDATION_TITLE, enabled: true, blockOnFailure: false }]);
    const listed = await createAdminGateway(graphql).listCheckoutValidations();
    expect(listed).toEqual([expect.objectContaining({ id: validation.id, functionHandle: CHECKOUT_VALIDATION_FUNCTION_HANDLE })]);
    expect((await getSettingsPage(shop)).checkoutValidation).toMatchObject({ status: "active", validationId: validation.id, error: null });

    // WHEN the hourly check finds it deleted in Shopify THEN it is registered again
    await createAdminGateway(graphql).deleteCheckoutValidation(validation.id);
    expect(await runJob(shop, CHECKOUT_VALIDATION_SYNC_JOB)).toEqual({ rescheduleAt: new Date(NOW.getTime() + 3_600_000) });
    expect(validationsInShopify(shop)).toHaveLength(1);
    const [renewed] = validationsInShopify(shop);
    expect((await getSettingsPage(shop)).checkoutValidation).toMatchObject({ status: "active", validationId: renewed.id });

    // WHEN synced again, and the shop authenticates again THEN nothing new (an in-step shop queues no job)
    const again = await syncCheckoutValidation({ shop, gateway: createAdminGateway(graphql), now: NOW });
    expect(again).toMatchObject({ status: "active", validationId: renewed.id, created: false, deleted: 0 });
    await onShopAuthenticated({ shop, graphql, now: NOW });
    expect(await runQueuedSyncs(shop)).toBe(0);
    expect(validationsInShopify(shop).map((v) => v.id)).toEqual([renewed.id]);
  });

  it("GIVEN it registered WHEN the merchant turns the switch off on Settings THEN the validation is deleted at once; on again THEN exactly one new one", async () => {
    const shop = "cv-switch.myshopify.com";
    const graphql = await simulatorShop(shop);
    await onShopAuthenticated({ shop, graphql, now: NOW });
    await runQueuedSyncs(shop);
    expect(validationsInShopify(shop)).toHaveLength(1);

    // WHEN off (the page's save: one service call with the request's gateway)
    const off = await saveSettingsPage({ shop, settings: { enforceCapsAtCheckout: false }, gateway: createAdminGateway(graphql), now: NOW });

    // THEN
    expect(off.settings.enforceCapsAtCheckout).toBe(false);
    expect(off.checkoutValidation).toMatchObject({ status: "inactive", validationId: null, error: null });
    expect(validationsInShopify(shop)).toEqual([]);

    // WHEN saved again off (nothing changed) THEN no Shopify call at all
    const calls: string[] = [];
    const counting: AdminGraphql = (query, opts) => (calls.push(query), graphql(query, opts));
    await saveSettingsPage({ shop, settings: { enforceCapsAtCheckout: false }, gateway: createAdminGateway(counting), now: NOW });
    expect(calls).toEqual([]);

    // WHEN on again
    const on = await saveSettingsPage({ shop, settings: { enforceCapsAtCheckout: true }, gateway: createAdminGateway(graphql), now: NOW });
    expect(validationsInShopify(shop)).toHaveLength(1);
    expect(on.checkoutValidation).toMatchObject({ status: "active", validationId: validationsInShopify(shop)[0].id });
  });

  it("GIVEN a save without a gateway (another caller) WHEN the switch changes THEN the sync runs as a background job", async () => {
    const shop = "cv-background.myshopify.com";
    await simulatorShop(shop);
    await prisma.shop.create({ data: { shop } });
    await saveShopSettings(shop, { enforceCapsAtCheckout: false }, NOW);
    await saveShopSettings(shop, { enforceCapsAtCheckout: true }, NOW);
    // two requests coalesce into one queued run
    expect(await runQueuedSyncs(shop)).toBe(1);
    expect(validationsInShopify(shop)).toHaveLength(1);
  });

  it("GIVEN a stored id Shopify no longer has, and duplicates left by a run that died after creating THEN one sync leaves exactly one, the oldest", async () => {
    const shop = "cv-stale.myshopify.com";
    const graphql = await simulatorShop(shop);
    await onShopAuthenticated({ shop, graphql, now: NOW });
    const gateway = createAdminGateway(graphql);
    await syncCheckoutValidation({ shop, gateway, now: NOW });
    const [first] = validationsInShopify(shop);

    // GIVEN the registration deleted in Shopify (e.g. by the merchant) while the app still stores its id
    await gateway.deleteCheckoutValidation(first.id);
    expect((await prisma.shop.findUniqueOrThrow({ where: { shop } })).checkoutValidationId).toBe(first.id);
    // WHEN synced THEN recreated once, the new id stored
    const recreated = await syncCheckoutValidation({ shop, gateway, now: NOW });
    expect(recreated).toMatchObject({ created: true, status: "active" });
    const [second] = validationsInShopify(shop);
    expect(second.id).not.toBe(first.id);
    expect(recreated.validationId).toBe(second.id);

    // GIVEN two more of ours (racing runs, or a run that died before storing its id) and the stored id cleared
    const spare = { functionHandle: CHECKOUT_VALIDATION_FUNCTION_HANDLE, title: CHECKOUT_VALIDATION_TITLE, enable: true, blockOnFailure: false };
    await gateway.createCheckoutValidation(spare);
    await gateway.createCheckoutValidation(spare);
    await prisma.shop.update({ where: { shop }, data: { checkoutValidationId: null } });
    expect(validationsInShopify(shop)).toHaveLength(3);
    // WHEN synced THEN the oldest is kept, the rest deleted, nothing created
    const cleaned = await syncCheckoutValidation({ shop, gateway, now: NOW });
    expect(cleaned).toMatchObject({ created: false, deleted: 2, validationId: second.id, status: "active" });
    expect(validationsInShopify(shop).map((v) => v.id)).toEqual([second.id]);
  });

  it("GIVEN two syncs racing on a shop without one THEN they agree on the one to keep and a single validation remains", async () => {
    const shop = "cv-race.myshopify.com";
    const graphql = await simulatorShop(shop);
    await onShopAuthenticated({ shop, graphql, now: NOW });
    const results = await Promise.all([
      syncCheckoutValidation({ shop, gateway: createAdminGateway(graphql), now: NOW }),
      syncCheckoutValidation({ shop, gateway: createAdminGateway(graphql), now: NOW }),
    ]);
    expect(validationsInShopify(shop)).toHaveLength(1);
    expect(results.every((r) => r.status === "active")).toBe(true);
    expect(results.every((r) => r.validationId === validationsInShopify(shop)[0].id)).toBe(true);
  });

  it("GIVEN a shop that has not granted write_validations THEN the status says what to do, nothing is retried in a loop, and after the grant the next authentication registers it", async () => {
    const shop = "cv-scope.myshopify.com";
    const scopes = ["read_products", "write_products", "read_inventory", "write_inventory", "read_locations", "read_orders", "write_orders"];
    const graphql = await simulatorShop(shop, scopes);
    await onShopAuthenticated({ shop, graphql, now: NOW });

    // WHEN the install's sync runs
    const outcome = await runJob(shop, CHECKOUT_VALIDATION_SYNC_JOB);
    // not thrown (retrying at once cannot grant a permission): checked again in an hour
    expect(outcome).toEqual({ rescheduleAt: new Date(NOW.getTime() + 3_600_000) });

    // THEN
    expect((await getSettingsPage(shop)).checkoutValidation).toMatchObject({ status: "failed", error: MISSING_PERMISSION_MESSAGE });
    expect(MISSING_PERMISSION_MESSAGE).toMatch(/approve it, or reinstall/);
    expect(validationsInShopify(shop)).toEqual([]);

    // WHEN the merchant approves the new permission (Shopify grants the toml's scopes) and the app is opened again
    server.store.setGrantedScopes(shop, [...scopes, "write_validations"]);
    await prisma.job.updateMany({ where: { shop }, data: { status: "done" } });
    await onShopAuthenticated({ shop, graphql, now: NOW });
    expect(await runQueuedSyncs(shop)).toBe(1);
    expect(validationsInShopify(shop)).toHaveLength(1);
    expect((await getSettingsPage(shop)).checkoutValidation).toMatchObject({ status: "active", error: null });
  });

  it("GIVEN a registered validation WHEN the app is uninstalled THEN Shopify (the simulator) has none and the app's stored state is gone with the shop", async () => {
    const shop = "cv-uninstall.myshopify.com";
    const graphql = await simulatorShop(shop);
    await onShopAuthenticated({ shop, graphql, now: NOW });
    await runQueuedSyncs(shop);
    expect(validationsInShopify(shop)).toHaveLength(1);

    // WHEN uninstalled: the simulator removes the app's validations and sends app/uninstalled
    server.store.uninstall(shop);
    const uninstalled = captured.find((e) => e.shop === shop && e.topic === "app/uninstalled")!;
    expect(uninstalled).toBeDefined();
    await runJob(shop, webhookJobType("APP_UNINSTALLED"), { webhookId: "wh-uninstall", triggeredAt: null, body: uninstalled.payload });

    // THEN
    expect(validationsInShopify(shop)).toEqual([]);
    expect(await prisma.shopSettings.findUnique({ where: { shop } })).toBeNull();
    expect(await prisma.shop.findUnique({ where: { shop } })).toBeNull();
    // AND a sync still queued somewhere does nothing for an uninstalled shop
    await expect(runJob(shop, CHECKOUT_VALIDATION_SYNC_JOB)).resolves.toBeUndefined();
  });
});

describe("the switch in the settings form and service", () => {
  const base = { lowStockThreshold: "5", timeZone: "America/New_York", weekendDays: ["0", "6"] };

  it("GIVEN the form sends the checkbox THEN true/false reach the save; absent leaves it unchanged; anything else is refused", async () => {
    const parse = (extra: Record<string, string>) => parseShopSettingsForm(toFormData({ ...base, ...extra }));
    expect(parse({ enforceCapsAtCheckout: "false" })).toMatchObject({ success: true, data: { enforceCapsAtCheckout: false } });
    expect(parse({ enforceCapsAtCheckout: "true" })).toMatchObject({ success: true, data: { enforceCapsAtCheckout: true } });
    const absent = parse({});
    expect(absent.success && "enforceCapsAtCheckout" in absent.data).toBe(false);
    expect(parse({ enforceCapsAtCheckout: "maybe" })).toMatchObject({ success: false, errors: { enforceCapsAtCheckout: "Choose on or off." } });
    await expect(saveShopSettings("cv-form.myshopify.com", { enforceCapsAtCheckout: "yes" as unknown as boolean }, NOW)).rejects.toThrow(ShopSettingsValidationError);
  });
});

describe("backorder_sellable follows orders within the order's own job", () => {
  async function variantMetafields(graphql: AdminGraphql, id: string): Promise<Record<string, string>> {
    const response = await graphql(`query checkoutValidationTestRead($id: ID!) { node(id: $id) { ... on ProductVariant { metafields(first: 20, namespace: "$app") { nodes { key value } } } } }`, { variables: { id } });
    const body = (await response.json()) as { data: { node: { metafields: { nodes: Array<{ key: string; value: string }> } } } };
    return Object.fromEntries(body.data.node.metafields.nodes.map((m) => [m.key, m.value]));
  }

  it("GIVEN a capped variant out of stock WHEN an order backorders 2 and is then cancelled THEN sellable and remaining drop and come back with the orders/* jobs, before any inventory webhook or hourly sync", async () => {
    const shop = "cv-order-refresh.myshopify.com";
    const graphql = await simulatorShop(shop);
    const location = server.store.snapshot(shop).locations[0].id;
    const product = server.store.createProduct(shop, {
      title: "Kettle",
      variants: [{ title: "Steel", sku: "K-1", price: "40.00", inventoryPolicy: "CONTINUE", available: { [location]: 0 } }],
    }) as { variants: Array<{ admin_graphql_api_id: string }> };
    const variantId = product.variants[0].admin_graphql_api_id;
    // the mirror, as a catalog sync leaves it
    const v = server.store.snapshot(shop).variants[0];
    await prisma.shop.create({ data: { shop, ianaTimezone: "America/New_York" } });
    await prisma.shopSettings.create({ data: { shop } });
    await prisma.location.create({ data: { shop, id: location, name: "Main" } });
    const mirroredAt = new Date(NOW.getTime() - 3_600_000);
    await prisma.variant.create({ data: { shop, id: v.id, productId: v.productId, inventoryItemId: v.inventoryItemId, title: "K-1", tracked: true, inventoryPolicy: "CONTINUE", availableTotal: 0, shopifyUpdatedAt: mirroredAt } });
    await prisma.inventoryLevel.create({ data: { shop, inventoryItemId: v.inventoryItemId, locationId: location, available: 0, shopifyUpdatedAt: mirroredAt } });
    await prisma.variantBackorder.create({ data: { shop, variantId, enabled: true, cap: 5, leadTimeDays: 3 } });
    await syncStorefrontMetafields({ shop, gateway: createAdminGateway(graphql), now: NOW });
    expect(await variantMetafields(graphql, variantId)).toMatchObject({ backorder_sellable: "5", backorder_remaining: "5" });

    // WHEN a shopper orders 2; only orders/create is processed (the inventory webhook is still on its way)
    captured.length = 0;
    const order = server.store.checkout(shop, { lines: [{ variantId, quantity: 2 }], email: "shopper@example.com" }) as { admin_graphql_api_id: string; id: number };
    const created = captured.find((e) => e.shop === shop && e.topic === "orders/create")!;
    await runJob(shop, webhookJobType("ORDERS_CREATE"), { webhookId: "wh-create", triggeredAt: null, body: created.payload });

    // THEN the figure the checkout function reads dropped already
    expect(await variantMetafields(graphql, variantId)).toMatchObject({ backorder_sellable: "3", backorder_remaining: "3" });

    // WHEN the order is cancelled (orders/cancelled only; the restock's inventory webhook not processed)
    captured.length = 0;
    server.store.cancelOrder(shop, order.id);
    const cancelled = captured.find((e) => e.shop === shop && e.topic === "orders/cancelled")!;
    await runJob(shop, webhookJobType("ORDERS_CANCELLED"), { webhookId: "wh-cancel", triggeredAt: null, body: cancelled.payload });

    // THEN the allowance is back
    expect(await variantMetafields(graphql, variantId)).toMatchObject({ backorder_sellable: "5", backorder_remaining: "5" });
  });
});
