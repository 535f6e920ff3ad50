// Automation rules on webhook sequences, through the real job handlers (inventory_levels/update, products/update,
// automation.reconcile) on a throw-away SQLite database; Shopify is a fake Admin GraphQL client handed out by a
// mocked `unauthenticated.admin`.
import { beforeEach, describe, expect, it, vi } from "vitest";

const fake = vi.hoisted(() => {
  type Call = { operation: string; variables: Record<string, any> };
  const state = {
    calls: [] as Call[],
    policies: new Map<string, string>(),
    metafields: new Map<string, Map<string, string>>(),
    sessions: 0,
  };
  const graphql = async (query: string, opts?: { variables?: Record<string, unknown> }) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unknown";
    const variables = (opts?.variables ?? {}) as Record<string, any>;
    state.calls.push({ operation, variables });
    let data: unknown;
    if (operation === "BackordersSetVariantsInventoryPolicy") {
      for (const v of variables.variants) state.policies.set(v.id, v.inventoryPolicy);
      data = { productVariantsBulkUpdate: { productVariants: variables.variants.map((v: any) => ({ id: v.id, inventoryPolicy: v.inventoryPolicy })), userErrors: [] } };
    } else if (operation === "BackordersSetMetafields") {
      for (const m of variables.metafields) {
        const owner = state.metafields.get(m.ownerId) ?? new Map();
        owner.set(m.key, m.value);
        state.metafields.set(m.ownerId, owner);
      }
      data = { metafieldsSet: { metafields: [], userErrors: [] } };
    } else if (operation === "BackordersDeleteMetafields") {
      for (const m of variables.metafields) state.metafields.get(m.ownerId)?.delete(m.key);
      data = { metafieldsDelete: { deletedMetafields: variables.metafields, userErrors: [] } };
    } else throw new Error(`unexpected ${operation}`);
    return new Response(JSON.stringify({ data }));
  };
  return { state, graphql };
});

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({ graphql: fake.graphql, onUnauthenticatedAdmin: () => void fake.state.sessions++ }),
);

import prisma from "#app/db.server";
import { jobHandlers } from "#app/jobs/handlers.server";
import type { ClaimedJob } from "#app/models/job.server";
import { createRule } from "#app/models/automation-rule.server";
import { listBackorderHistory } from "#app/models/variant-backorder.server";
import { applyBackorderChanges } from "#app/services/backorder-changes.server";
import { AUTOMATION_RECONCILE_JOB, reconcileJobKey, nextReconcileAt, runAutomationForVariants } from "#app/services/automation.server";
import { webhookJobType } from "#app/services/webhook-intake.server";
import { createAdminGateway } from "#app/shopify/admin-gateway.server";

const NOW = new Date("2026-03-06T15:00:00Z");
const at = (minutes: number) => new Date(Date.parse("2026-03-06T14:00:00Z") + minutes * 60_000).toISOString();

let jobSeq = 0;
async function deliver(shop: string, topic: "INVENTORY_LEVELS_UPDATE" | "PRODUCTS_UPDATE", body: unknown, now = NOW) {
  const job: ClaimedJob = { id: `job-${++jobSeq}`, shop, type: webhookJobType(topic), payload: { webhookId: `wh-${jobSeq}`, triggeredAt: null, body }, attempts: 1, maxAttempts: 8 };
  const outcome = await jobHandlers[job.type](job, now);
  expect(outcome).toBeUndefined();
}

const inventoryEvent = (item: number, location: number, available: number, minute: number) => ({
  inventory_item_id: item,
  location_id: location,
  available,
  updated_at: at(minute),
});

type Seeded = { variant: string; product: string; item: number };

/** One product (vendor, tags) with one tracked variant stocked at location 1. */
async function seedVariant(shop: string, n: number, input: { vendor?: string; tags?: string; available: number; policy?: string }): Promise<Seeded> {
  const product = `gid://shopify/Product/${n}`;
  const variant = `gid://shopify/ProductVariant/${n}`;
  const item = 9000 + n;
  await prisma.product.create({ data: { shop, id: product, title: `P${n}`, handle: `p${n}`, vendor: input.vendor ?? "Acme", tags: input.tags ?? "", shopifyUpdatedAt: new Date(at(0)) } });
  await prisma.variant.create({
    data: {
      shop, id: variant, productId: product, title: "Default", inventoryItemId: `gid://shopify/InventoryItem/${item}`,
      availableTotal: input.available, inventoryPolicy: input.policy ?? "DENY", shopifyUpdatedAt: new Date(at(0)),
    },
  });
  await prisma.inventoryLevel.create({ data: { shop, inventoryItemId: `gid://shopify/InventoryItem/${item}`, locationId: "gid://shopify/Location/1", available: input.available, shopifyUpdatedAt: new Date(at(0)) } });
  return { variant, product, item };
}

async function seedShop(shop: string) {
  await prisma.shop.create({ data: { shop, ianaTimezone: "America/New_York" } });
}

const policyCalls = () => fake.state.calls.filter((c) => c.operation === "BackordersSetVariantsInventoryPolicy");
const row = (shop: string, variantId: string) => prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop, variantId } } });
const variantRow = (shop: string, id: string) => prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop, id } } });

beforeEach(() => {
  fake.state.calls.length = 0;
  fake.state.policies.clear();
  fake.state.metafields.clear();
  fake.state.sessions = 0;
});

describe("automation rules on inventory webhooks", () => {
  it("GIVEN a vendor rule WHEN stock hits 0, the event is duplicated, stock returns, then a stale 0 arrives THEN enable once, disable once, ignore the stale event", async () => {
    const shop = "rule-sequence.myshopify.com";
    await seedShop(shop);
    const v = await seedVariant(shop, 101, { available: 4 });
    const rule = await createRule(shop, { name: "Acme made to order", scopeType: "vendor", scopeValue: "acme", defaultLeadTimeDays: 7, defaultCap: 3 });

    // WHEN 0 at 10:10
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 0, 10));

    // THEN backorders are on: Shopify first, then the mirror, the history names the rule
    expect(policyCalls()).toHaveLength(1);
    expect(fake.state.policies.get(v.variant)).toBe("CONTINUE");
    expect(await row(shop, v.variant)).toMatchObject({ enabled: true, leadTimeDays: 7, cap: 3, source: "rule", ruleId: rule.id, updatedBy: `rule:${rule.id}` });
    expect(await variantRow(shop, v.variant)).toMatchObject({ inventoryPolicy: "CONTINUE", backorderState: "backorder" });
    const [enabled] = await listBackorderHistory(shop, v.variant);
    expect(enabled).toMatchObject({ actor: `rule:${rule.id}`, source: "rule", changes: { enabled: [false, true], inventoryPolicy: ["DENY", "CONTINUE"] } });
    expect(Object.fromEntries(fake.state.metafields.get(v.variant)!)).toMatchObject({ backorder_state: "backorder", backorder_cap: "3", backorder_remaining: "3", backorder_lead_days: "7" });

    // WHEN the same event is delivered again (another delivery of the same change)
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 0, 10));
    // THEN nothing happens
    expect(policyCalls()).toHaveLength(1);
    expect(await prisma.backorderChange.count({ where: { shop } })).toBe(1);

    // WHEN 8 are back in stock at 10:30
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 8, 30));
    // THEN the rule turns backorders off again
    expect(policyCalls()).toHaveLength(2);
    expect(fake.state.policies.get(v.variant)).toBe("DENY");
    expect(await row(shop, v.variant)).toMatchObject({ enabled: false, source: "rule" });
    expect(await variantRow(shop, v.variant)).toMatchObject({ inventoryPolicy: "DENY", backorderState: "in_stock", availableTotal: 8 });

    // WHEN a stale 0 from 10:20 arrives late
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 0, 20));
    // THEN it is ignored: still off, still in stock
    expect(policyCalls()).toHaveLength(2);
    expect(await variantRow(shop, v.variant)).toMatchObject({ inventoryPolicy: "DENY", availableTotal: 8 });
    const history = await listBackorderHistory(shop, v.variant);
    expect(history.map((h) => h.changes.enabled)).toEqual([[true, false], [false, true]]);
  });

  it("GIVEN 0 then 8 delivered as 8 then stale 0 THEN backorders stay off", async () => {
    const shop = "out-of-order.myshopify.com";
    await seedShop(shop);
    const v = await seedVariant(shop, 201, { available: 2 });
    await createRule(shop, { name: "All", scopeType: "all" });

    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 8, 20)); // the newer event first
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 0, 10)); // the older one, late

    expect(policyCalls()).toHaveLength(0);
    expect(await row(shop, v.variant)).toBeNull();
    expect(await variantRow(shop, v.variant)).toMatchObject({ inventoryPolicy: "DENY", availableTotal: 8, backorderState: "in_stock" });
  });

  it("GIVEN Shopify's products/update for a stock change is processed before its inventory_levels/update THEN the rule still acts", async () => {
    const shop = "product-first.myshopify.com";
    await seedShop(shop);
    const v = await seedVariant(shop, 231, { available: 2 });
    await createRule(shop, { name: "All", scopeType: "all" });

    // the products/update Shopify sends for the sale carries a slightly later updated_at than the level change
    await deliver(shop, "PRODUCTS_UPDATE", {
      id: 231,
      admin_graphql_api_id: v.product,
      title: "P231",
      updated_at: at(11),
      variants: [{ id: 231, admin_graphql_api_id: v.variant, title: "Default", inventory_policy: "deny", inventory_item_id: v.item, inventory_management: "shopify", updated_at: at(11) }],
    });
    expect(policyCalls()).toHaveLength(0); // the mirror does not know about the sale yet
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 0, 10));

    expect(fake.state.policies.get(v.variant)).toBe("CONTINUE");
    expect(await row(shop, v.variant)).toMatchObject({ enabled: true, source: "rule" });
  });

  it("GIVEN an event older than the change a rule last applied WHEN automation runs THEN it is ignored as stale", async () => {
    const shop = "stale-decision.myshopify.com";
    await seedShop(shop);
    const v = await seedVariant(shop, 251, { available: 0 });
    const rule = await createRule(shop, { name: "All", scopeType: "all" });
    await prisma.variantBackorder.create({ data: { shop, variantId: v.variant, enabled: false, source: "rule", ruleId: rule.id, updatedAt: new Date(at(40)) } });

    const result = await runAutomationForVariants({ shop, variantIds: [v.variant], eventAt: new Date(at(30)), gateway: createAdminGateway(fake.graphql), now: NOW });

    expect(result.ignoredStale).toEqual([v.variant]);
    expect(result.enabled).toEqual([]);
    expect(policyCalls()).toHaveLength(0);
  });

  it("GIVEN merchant settings WHEN stock hits 0 or returns THEN the rule respects them", async () => {
    const shop = "manual-override.myshopify.com";
    await seedShop(shop);
    const off = await seedVariant(shop, 301, { available: 3 });
    const on = await seedVariant(shop, 302, { available: 0, policy: "DENY" });
    await createRule(shop, { name: "All", scopeType: "all", defaultLeadTimeDays: 5 });
    const gateway = createAdminGateway(fake.graphql);
    // the merchant turned one off and the other on by hand
    await applyBackorderChanges({ shop, variantIds: [off.variant], changes: { enabled: false }, actor: "owner@example.com", source: "manual", gateway, now: NOW });
    await applyBackorderChanges({ shop, variantIds: [on.variant], changes: { enabled: true, etaDate: "2026-04-01" }, actor: "owner@example.com", source: "manual", gateway, now: NOW });
    fake.state.calls.length = 0;

    // WHEN the first sells out and the second is restocked
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(off.item, 1, 0, 70));
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(on.item, 1, 8, 75));

    // THEN neither is touched by the rule
    expect(policyCalls()).toHaveLength(0);
    expect(await row(shop, off.variant)).toMatchObject({ enabled: false, source: "manual" });
    expect(await row(shop, on.variant)).toMatchObject({ enabled: true, etaDate: "2026-04-01", source: "manual" });
    expect(await variantRow(shop, off.variant)).toMatchObject({ inventoryPolicy: "DENY", backorderState: "sold_out" });
    expect(await variantRow(shop, on.variant)).toMatchObject({ inventoryPolicy: "CONTINUE", backorderState: "in_stock" });
  });

  it("GIVEN backorders with a cap WHEN the cap is reached THEN a rule-owned variant is disabled by the rule and a merchant's is switched to DENY, keeping its settings", async () => {
    const shop = "cap-reached.myshopify.com";
    await seedShop(shop);
    const ruled = await seedVariant(shop, 401, { available: 1, vendor: "Acme" });
    const manual = await seedVariant(shop, 402, { available: 0, vendor: "Other" });
    const rule = await createRule(shop, { name: "Acme", scopeType: "vendor", scopeValue: "Acme", defaultCap: 3, defaultLeadTimeDays: 2 });
    const gateway = createAdminGateway(fake.graphql);
    await applyBackorderChanges({ shop, variantIds: [manual.variant], changes: { enabled: true, cap: 2 }, actor: "owner@example.com", source: "manual", gateway, now: NOW });

    // the rule enables at 0, then 3 units are sold past stock (available −3 = the cap)
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(ruled.item, 1, 0, 80));
    expect(fake.state.policies.get(ruled.variant)).toBe("CONTINUE");
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(ruled.item, 1, -3, 90));

    // THEN the rule disables it at cap
    expect(fake.state.policies.get(ruled.variant)).toBe("DENY");
    expect(await row(shop, ruled.variant)).toMatchObject({ enabled: false, source: "rule", ruleId: rule.id });
    const [capped] = await listBackorderHistory(shop, ruled.variant);
    expect(capped).toMatchObject({ actor: `rule:${rule.id}`, changes: { enabled: [true, false], inventoryPolicy: ["CONTINUE", "DENY"] } });

    // WHEN the merchant's variant (no rule matches "Other") sells 2 past stock, its cap
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(manual.item, 1, -2, 95));

    // THEN the app holds DENY (the cap is enforced) but the merchant's settings stay as they are
    expect(fake.state.policies.get(manual.variant)).toBe("DENY");
    expect(await row(shop, manual.variant)).toMatchObject({ enabled: true, cap: 2, source: "manual" });
    expect(await variantRow(shop, manual.variant)).toMatchObject({ inventoryPolicy: "DENY", backorderState: "backorder_cap_reached" });
    const [enforced] = await listBackorderHistory(shop, manual.variant);
    expect(enforced).toMatchObject({ actor: "system", source: "system", changes: { inventoryPolicy: ["CONTINUE", "DENY"] } });
    expect(Object.fromEntries(fake.state.metafields.get(manual.variant)!)).toMatchObject({ backorder_state: "backorder_cap_reached", backorder_remaining: "0" });

    // WHEN restocked stock covers the owed units again THEN CONTINUE comes back (set ahead of the next stock-out)
    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(manual.item, 1, 4, 100));
    expect(fake.state.policies.get(manual.variant)).toBe("CONTINUE");
  });
});

describe("automation on products/update and the reconciliation pass", () => {
  it("GIVEN a tag rule WHEN a products/update adds the tag to a sold-out product THEN backorders turn on", async () => {
    const shop = "product-tag.myshopify.com";
    await seedShop(shop);
    const v = await seedVariant(shop, 501, { available: 0, tags: "" });
    const rule = await createRule(shop, { name: "Made to order", scopeType: "tag", scopeValue: "made-to-order", defaultLeadTimeDays: 10 });

    await deliver(shop, "PRODUCTS_UPDATE", {
      id: 501,
      admin_graphql_api_id: v.product,
      title: "P501",
      tags: "Made-To-Order, linen",
      updated_at: at(50),
      variants: [{ id: 501, admin_graphql_api_id: v.variant, title: "Default", inventory_policy: "deny", inventory_item_id: v.item, inventory_management: "shopify", updated_at: at(50) }],
    });

    expect(fake.state.policies.get(v.variant)).toBe("CONTINUE");
    expect(await row(shop, v.variant)).toMatchObject({ enabled: true, leadTimeDays: 10, ruleId: rule.id });
  });

  it("GIVEN a missed webhook WHEN the hourly reconciliation runs THEN the rule catches up and the next run is scheduled once per hour", async () => {
    const shop = "reconcile.myshopify.com";
    await seedShop(shop);
    const v = await seedVariant(shop, 601, { available: 6 });
    const untouched = await seedVariant(shop, 602, { available: 9 });
    await createRule(shop, { name: "All", scopeType: "all" });
    // the mirror learned about the stock-out without the automation running (e.g. a catalog re-sync)
    await prisma.inventoryLevel.updateMany({ where: { shop, inventoryItemId: `gid://shopify/InventoryItem/${v.item}` }, data: { available: 0 } });
    await prisma.variant.update({ where: { shop_id: { shop, id: v.variant } }, data: { availableTotal: 0 } });

    const job: ClaimedJob = { id: "reconcile-1", shop, type: AUTOMATION_RECONCILE_JOB, payload: {}, attempts: 1, maxAttempts: 8 };
    await jobHandlers[AUTOMATION_RECONCILE_JOB](job, NOW);

    expect(fake.state.policies.get(v.variant)).toBe("CONTINUE");
    expect(fake.state.policies.has(untouched.variant)).toBe(false);
    expect(await variantRow(shop, untouched.variant)).toMatchObject({ backorderState: "in_stock" });
    const next = await prisma.job.findMany({ where: { shop, type: AUTOMATION_RECONCILE_JOB } });
    expect(next).toHaveLength(1);
    expect(next[0]).toMatchObject({ idempotencyKey: reconcileJobKey(nextReconcileAt(NOW)), runAt: new Date("2026-03-06T16:00:00Z") });

    // a second run in the same hour changes nothing and schedules nothing new
    fake.state.calls.length = 0;
    await jobHandlers[AUTOMATION_RECONCILE_JOB]({ ...job, id: "reconcile-2" }, new Date(NOW.getTime() + 60_000));
    expect(policyCalls()).toHaveLength(0);
    expect(await prisma.job.count({ where: { shop, type: AUTOMATION_RECONCILE_JOB } })).toBe(1);
  });

  it("GIVEN the hourly reconciliation acts while a restock's webhook is still queued WHEN that webhook is processed THEN the rule acts on it too", async () => {
    const shop = "reconcile-before-queued.myshopify.com";
    await seedShop(shop);
    const v = await seedVariant(shop, 701, { available: 6 });
    await createRule(shop, { name: "All", scopeType: "all" });
    // A catalog sync brought the stock-out of 14:20 into the mirror, without the automation.
    await prisma.inventoryLevel.updateMany({ where: { shop, inventoryItemId: `gid://shopify/InventoryItem/${v.item}` }, data: { available: 0, shopifyUpdatedAt: new Date(at(20)) } });
    await prisma.variant.update({ where: { shop_id: { shop, id: v.variant } }, data: { availableTotal: 0 } });

    // The 15:00 reconciliation turns backorders on; the restock of 14:50 is still queued.
    const job: ClaimedJob = { id: "reconcile-queued", shop, type: AUTOMATION_RECONCILE_JOB, payload: {}, attempts: 1, maxAttempts: 8 };
    await jobHandlers[AUTOMATION_RECONCILE_JOB](job, NOW);
    expect(await row(shop, v.variant)).toMatchObject({ enabled: true });

    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 8, 50), new Date(NOW.getTime() + 60_000));
    expect(await row(shop, v.variant)).toMatchObject({ enabled: false });
    expect(fake.state.policies.get(v.variant)).toBe("DENY");
    expect(await variantRow(shop, v.variant)).toMatchObject({ inventoryPolicy: "DENY", availableTotal: 8, backorderState: "in_stock" });
  });

  it("GIVEN a shop without rules or configured variants WHEN stock changes THEN no Shopify session is needed", async () => {
    const shop = "no-rules.myshopify.com";
    await seedShop(shop);
    const v = await seedVariant(shop, 701, { available: 3 });

    await deliver(shop, "INVENTORY_LEVELS_UPDATE", inventoryEvent(v.item, 1, 0, 10));

    expect(fake.state.sessions).toBe(0);
    expect(fake.state.calls).toHaveLength(0);
    expect(await variantRow(shop, v.variant)).toMatchObject({ availableTotal: 0, backorderState: "sold_out" });
  });
});
