// Backorder changes (row/bulk actions) on a throw-away SQLite database: Shopify first through the real gateway on a
// fake Admin GraphQL client, then the mirror, history, states and storefront metafields; plus one run against the
// simulator (real GraphQL executor) checking that Shopify's state matches the mirror afterwards.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "#app/db.server";
import {
  applyBackorderChanges,
  BackorderChangeValidationError,
  enqueueBackorderChanges,
  getBackorderChangesProgress,
  runBackorderChangesJobStep,
} from "#app/services/backorder-changes.server";
import { importCatalogBulkResult, startCatalogSync } from "#app/services/catalog-sync.server";
import { listBackorderHistory } from "#app/models/variant-backorder.server";
import { createAdminGateway, type AdminGraphql } from "#app/shopify/admin-gateway.server";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { exchangeOfflineToken } from "../support/simulator-token";

// Friday 2026-03-06, 10:00 in New York.
const NOW = new Date("2026-03-06T15:00:00Z");
const NY = "America/New_York";

const productGid = (shop: string, p: number) => `gid://shopify/Product/${shop.length * 1000 + p}`;
const variantGid = (shop: string, i: number) => `gid://shopify/ProductVariant/${shop.length * 100000 + i}`;

type Call = { operation: string; variables: Record<string, any> };

/** A fake Admin GraphQL endpoint: the three mutations the change path sends, with optional per-variant rejections. */
function createFakeShopify(options: { reject?: Map<string, string> } = {}) {
  const calls: Call[] = [];
  const policies = new Map<string, string>();
  const metafields = new Map<string, Map<string, { type: string; value: string }>>();
  const graphql: AdminGraphql = async (query, opts) => {
    const operation = /(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "unknown";
    const variables = (opts?.variables ?? {}) as Record<string, any>;
    calls.push({ operation, variables });
    let data: unknown;
    if (operation === "BackordersSetVariantsInventoryPolicy") {
      const userErrors: unknown[] = [];
      const productVariants: unknown[] = [];
      (variables.variants as Array<{ id: string; inventoryPolicy: string }>).forEach((v, i) => {
        const message = options.reject?.get(v.id);
        if (message) userErrors.push({ field: ["variants", String(i), "inventoryPolicy"], message, code: "INVALID" });
        else {
          policies.set(v.id, v.inventoryPolicy);
          productVariants.push({ id: v.id, inventoryPolicy: v.inventoryPolicy });
        }
      });
      data = { productVariantsBulkUpdate: { productVariants, userErrors } };
    } else if (operation === "BackordersSetMetafields") {
      const inputs = variables.metafields as Array<{ ownerId: string; key: string; type: string; value: string }>;
      if (inputs.length > 25) throw new Error("more than 25 metafields in one metafieldsSet");
      for (const m of inputs) {
        const owner = metafields.get(m.ownerId) ?? new Map();
        owner.set(m.key, { type: m.type, value: m.value });
        metafields.set(m.ownerId, owner);
      }
      data = { metafieldsSet: { metafields: inputs.map((m) => ({ id: "gid://shopify/Metafield/1", namespace: "app--1", key: m.key })), userErrors: [] } };
    } else if (operation === "BackordersDeleteMetafields") {
      const inputs = variables.metafields as Array<{ ownerId: string; namespace: string; key: string }>;
      for (const m of inputs) metafields.get(m.ownerId)?.delete(m.key);
      data = { metafieldsDelete: { deletedMetafields: inputs, userErrors: [] } };
    } else {
      throw new Error(`unexpected operation ${operation}`);
    }
    return new Response(JSON.stringify({ data }));
  };
  const count = (operation: string) => calls.filter((c) => c.operation === operation).length;
  return { graphql, gateway: createAdminGateway(graphql), calls, policies, metafields, count };
}

async function seedShop(shop: string, input: { products: number; variants: number; available?: (i: number) => number; policy?: (i: number) => string }) {
  await prisma.shop.create({ data: { shop, ianaTimezone: NY } });
  await prisma.product.createMany({
    data: Array.from({ length: input.products }, (_, p) => ({ shop, id: productGid(shop, p), title: `Product ${p}`, handle: `product-${p}` })),
  });
  await prisma.variant.createMany({
    data: Array.from({ length: input.variants }, (_, i) => ({
      shop,
      id: variantGid(shop, i),
      productId: productGid(shop, i % input.products),
      title: `Variant ${i}`,
      sku: `SKU-${i}`,
      inventoryItemId: `gid://shopify/InventoryItem/${shop.length * 100000 + i}`,
      availableTotal: input.available?.(i) ?? 0,
      inventoryPolicy: input.policy?.(i) ?? "DENY",
      backorderState: "sold_out",
    })),
  });
  return Array.from({ length: input.variants }, (_, i) => variantGid(shop, i));
}

describe("applyBackorderChanges", () => {
  it("GIVEN 500 variants across 120 products WHEN bulk-enabled THEN ≤ 120 productVariantsBulkUpdate calls, the one rejected variant is reported and untouched, the rest CONTINUE with history", async () => {
    // GIVEN
    const shop = "bulk-enable.myshopify.com";
    const ids = await seedShop(shop, { products: 120, variants: 500 });
    const rejected = ids[137];
    const shopify = createFakeShopify({ reject: new Map([[rejected, "Inventory policy can't be changed on this variant (simulated)"]]) });

    // WHEN
    const result = await applyBackorderChanges({
      shop,
      variantIds: ids,
      changes: { enabled: true, leadTimeDays: 3 },
      actor: "staff@example.com",
      source: "manual",
      gateway: shopify.gateway,
      now: NOW,
    });

    // THEN: one call per product at most
    expect(shopify.count("BackordersSetVariantsInventoryPolicy")).toBeLessThanOrEqual(120);
    expect(shopify.count("BackordersSetVariantsInventoryPolicy")).toBe(120);
    expect(new Set(shopify.calls.filter((c) => c.operation === "BackordersSetVariantsInventoryPolicy").map((c) => c.variables.productId)).size).toBe(120);
    // the rejected variant is reported with Shopify's message, the rest succeeded
    expect(result.failed).toEqual([{ variantId: rejected, message: "Inventory policy can't be changed on this variant (simulated)" }]);
    expect(result.succeeded).toHaveLength(499);
    expect(result.succeeded).not.toContain(rejected);

    // the rejected variant is unchanged locally
    const rejectedRow = await prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop, id: rejected } } });
    expect(rejectedRow.inventoryPolicy).toBe("DENY");
    expect(rejectedRow.backorderState).toBe("sold_out");
    expect(await prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop, variantId: rejected } } })).toBeNull();
    expect(await prisma.backorderChange.count({ where: { shop, variantId: rejected } })).toBe(0);
    expect(shopify.metafields.has(rejected)).toBe(false);

    // the others are CONTINUE, configured, in the backorder state, with one history row each
    const variants = await prisma.variant.findMany({ where: { shop, id: { not: rejected } } });
    expect(variants.every((v) => v.inventoryPolicy === "CONTINUE" && v.backorderState === "backorder")).toBe(true);
    const rows = await prisma.variantBackorder.findMany({ where: { shop } });
    expect(rows).toHaveLength(499);
    expect(rows.every((r) => r.enabled && r.leadTimeDays === 3 && r.source === "manual" && r.updatedBy === "staff@example.com")).toBe(true);
    expect(await prisma.backorderChange.count({ where: { shop } })).toBe(499);
    const [entry] = await listBackorderHistory(shop, ids[0]);
    expect(entry).toMatchObject({
      actor: "staff@example.com",
      source: "manual",
      changes: { enabled: [false, true], leadTimeDays: [null, 3], inventoryPolicy: ["DENY", "CONTINUE"] },
    });

    // storefront metafields were written for the succeeded variants, ≤ 25 per call: 3 business days after a
    // Friday morning in New York is Wednesday
    const setCalls = shopify.calls.filter((c) => c.operation === "BackordersSetMetafields");
    expect(setCalls.every((c) => c.variables.metafields.length <= 25)).toBe(true);
    expect(shopify.metafields.size).toBe(499);
    expect(Object.fromEntries([...shopify.metafields.get(ids[0])!].map(([k, v]) => [k, v.value]))).toEqual({
      backorder_state: "backorder",
      backorder_eta: "2026-03-11",
      backorder_lead_days: "3",
    });
  });

  it("GIVEN invalid changes WHEN applied THEN a validation error lists every problem and nothing is written anywhere", async () => {
    // GIVEN
    const shop = "invalid-changes.myshopify.com";
    const ids = await seedShop(shop, { products: 2, variants: 4 });
    const shopify = createFakeShopify();

    // WHEN
    const error = await applyBackorderChanges({
      shop,
      variantIds: ids,
      changes: { enabled: true, etaDate: "2026-03-05", cap: -1, message: "x".repeat(501) },
      actor: "staff@example.com",
      source: "manual",
      gateway: shopify.gateway,
      now: NOW,
    }).catch((e: unknown) => e);

    // THEN
    expect(error).toBeInstanceOf(BackorderChangeValidationError);
    expect((error as BackorderChangeValidationError).issues.map((i) => i.field).sort()).toEqual(["cap", "etaDate", "message"]);
    expect((error as BackorderChangeValidationError).issues.find((i) => i.field === "etaDate")?.message).toMatch(/in the past/);
    expect(shopify.calls).toHaveLength(0);
    expect(await prisma.variantBackorder.count({ where: { shop } })).toBe(0);
    expect(await prisma.backorderChange.count({ where: { shop } })).toBe(0);
    expect(await prisma.variant.count({ where: { shop, inventoryPolicy: "CONTINUE" } })).toBe(0);

    const badDate = await applyBackorderChanges({
      shop, variantIds: ids, changes: { etaDate: "2026-02-30" }, actor: "a", source: "manual", gateway: shopify.gateway, now: NOW,
    }).catch((e: unknown) => e);
    expect((badDate as BackorderChangeValidationError).issues).toEqual([{ field: "etaDate", message: "ETA must be a real date as YYYY-MM-DD." }]);
  });

  it("GIVEN late evening in New York WHEN the ETA is today's local date THEN it is accepted (past/future is judged in the shop's time zone)", async () => {
    const shop = "eta-today.myshopify.com";
    const ids = await seedShop(shop, { products: 1, variants: 1 });
    const shopify = createFakeShopify();
    const lateFriday = new Date("2026-03-07T03:00:00Z"); // Friday 22:00 in New York, already Saturday in UTC

    const result = await applyBackorderChanges({
      shop, variantIds: ids, changes: { enabled: true, etaDate: "2026-03-06" }, actor: "a", source: "manual", gateway: shopify.gateway, now: lateFriday,
    });

    expect(result).toEqual({ succeeded: ids, failed: [] });
    expect(await prisma.variantBackorder.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: ids[0] } } })).toMatchObject({ etaDate: "2026-03-06" });
  });

  it("GIVEN unknown ids, a message on a CONTINUE variant and a disable WHEN applied THEN unknown ids fail, Shopify's policy is adopted, disable sets DENY with history", async () => {
    // GIVEN variant 0 is DENY, variant 1 sells out of stock in Shopify already (CONTINUE, −2 available)
    const shop = "mixed-changes.myshopify.com";
    const ids = await seedShop(shop, { products: 1, variants: 2, available: (i) => (i === 1 ? -2 : 0), policy: (i) => (i === 1 ? "CONTINUE" : "DENY") });
    const shopify = createFakeShopify();
    await prisma.shopSettings.create({ data: { shop, defaultLeadTimeDays: 10, defaultCap: 7 } });

    // WHEN a message is set on both, plus an unknown id
    const unknown = "gid://shopify/ProductVariant/999999999";
    const first = await applyBackorderChanges({
      shop, variantIds: [...ids, unknown], changes: { message: "Made to order" }, actor: "staff@example.com", source: "manual", gateway: shopify.gateway, now: NOW,
    });

    // THEN the unknown id fails, nothing needed a policy change (the CONTINUE variant is adopted as enabled)
    expect(first.failed).toEqual([{ variantId: unknown, message: "Variant not found" }]);
    expect(first.succeeded).toEqual(ids);
    expect(shopify.count("BackordersSetVariantsInventoryPolicy")).toBe(0);
    const adopted = await prisma.variantBackorder.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: ids[1] } } });
    expect(adopted).toMatchObject({ enabled: true, message: "Made to order", leadTimeDays: null, cap: null });
    expect(await prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop, id: ids[1] } } })).toMatchObject({ inventoryPolicy: "CONTINUE", backorderState: "backorder" });

    // WHEN the CONTINUE variant is disabled
    const second = await applyBackorderChanges({
      shop, variantIds: [ids[1]], changes: { enabled: false }, actor: "owner@example.com", source: "manual", gateway: shopify.gateway, now: NOW,
    });

    // THEN Shopify gets DENY first, then the mirror and history follow
    expect(second).toEqual({ succeeded: [ids[1]], failed: [] });
    expect(shopify.policies.get(ids[1])).toBe("DENY");
    expect(await prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop, id: ids[1] } } })).toMatchObject({ inventoryPolicy: "DENY", backorderState: "sold_out" });
    const [latest] = await listBackorderHistory(shop, ids[1]);
    expect(latest).toMatchObject({ actor: "owner@example.com", changes: { enabled: [true, false], inventoryPolicy: ["CONTINUE", "DENY"] } });
    // the storefront keeps the state and the message; ETA-related keys are not written while off
    expect(Object.fromEntries([...shopify.metafields.get(ids[1])!].map(([k, v]) => [k, v.value]))).toEqual({
      backorder_state: "sold_out",
      backorder_message: "Made to order",
    });

    // WHEN the DENY variant (configured by the message change) is enabled
    await applyBackorderChanges({ shop, variantIds: [ids[0]], changes: { enabled: true }, actor: "a", source: "manual", gateway: shopify.gateway, now: NOW });
    // THEN its row keeps its values: the shop defaults only fill a variant's first configuration
    expect(await prisma.variantBackorder.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: ids[0] } } })).toMatchObject({
      enabled: true,
      message: "Made to order",
      leadTimeDays: null,
      cap: null,
    });
  });

  it("GIVEN a variant configured for the first time WHEN enabled without ETA or cap THEN the shop's default lead time and cap are used", async () => {
    const shop = "defaults.myshopify.com";
    const ids = await seedShop(shop, { products: 1, variants: 2 });
    await prisma.shopSettings.create({ data: { shop, defaultLeadTimeDays: 10, defaultCap: 7 } });
    const shopify = createFakeShopify();

    await applyBackorderChanges({ shop, variantIds: [ids[0]], changes: { enabled: true }, actor: "a", source: "manual", gateway: shopify.gateway, now: NOW });
    await applyBackorderChanges({ shop, variantIds: [ids[1]], changes: { enabled: true, cap: null, etaDate: "2026-04-01" }, actor: "a", source: "manual", gateway: shopify.gateway, now: NOW });

    expect(await prisma.variantBackorder.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: ids[0] } } })).toMatchObject({ leadTimeDays: 10, cap: 7 });
    expect(await prisma.variantBackorder.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: ids[1] } } })).toMatchObject({ leadTimeDays: null, cap: null, etaDate: "2026-04-01" });
  });
});

describe("enqueueBackorderChanges (background bulk changes)", () => {
  it("GIVEN 600 variants WHEN queued and run THEN the job applies them in chunks and reports progress the UI can poll", async () => {
    // GIVEN
    const shop = "bulk-job.myshopify.com";
    const ids = await seedShop(shop, { products: 30, variants: 600 });
    const shopify = createFakeShopify({ reject: new Map([[ids[5], "Locked (simulated)"]]) });

    // WHEN
    const { jobId, total } = await enqueueBackorderChanges({ shop, variantIds: ids, changes: { enabled: true, cap: 10 }, actor: "staff@example.com", source: "manual", now: NOW });
    expect(total).toBe(600);
    expect(await getBackorderChangesProgress(shop, jobId)).toMatchObject({ status: "queued", total: 600, processed: 0 });
    const steps: number[] = [];
    for (;;) {
      const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
      const { done } = await runBackorderChangesJobStep({ shop, jobId, payload: JSON.parse(job.payload), gateway: shopify.gateway, now: NOW });
      steps.push((await getBackorderChangesProgress(shop, jobId))!.processed);
      if (done) break;
    }

    // THEN
    expect(steps).toEqual([250, 500, 600]);
    expect(await getBackorderChangesProgress(shop, jobId)).toMatchObject({
      total: 600,
      processed: 600,
      succeeded: 599,
      failedCount: 1,
      failed: [{ variantId: ids[5], message: "Locked (simulated)" }],
    });
    expect(await prisma.variant.count({ where: { shop, inventoryPolicy: "CONTINUE" } })).toBe(599);
    expect(await getBackorderChangesProgress("other-shop.myshopify.com", jobId)).toBeNull();
  });

  it("GIVEN an invalid change WHEN queued THEN it is refused before any job exists", async () => {
    const shop = "bulk-job-invalid.myshopify.com";
    const ids = await seedShop(shop, { products: 1, variants: 3 });
    await expect(enqueueBackorderChanges({ shop, variantIds: ids, changes: { cap: -5 }, actor: "a", source: "manual", now: NOW })).rejects.toBeInstanceOf(
      BackorderChangeValidationError,
    );
    expect(await prisma.job.count({ where: { shop } })).toBe(0);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Against the simulator

const SIM_SHOP = "backorders-demo.myshopify.com";
const SIM_KEY = "backorder-changes-key";
const SIM_SECRET = "backorder-changes-secret";

describe("applyBackorderChanges against the simulator", () => {
  let sim: RunningSimulator;
  let graphql: AdminGraphql;

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      appUrl: "http://127.0.0.1:9", // webhooks (products/update after the policy change) go nowhere
      apiKey: SIM_KEY,
      apiSecret: SIM_SECRET,
      appConfigPath: fileURLToPath(new URL("../../shopify.app.toml", import.meta.url)),
      seed: "demo",
      shops: [SIM_SHOP],
      webhookRetry: { attempts: 1, baseDelayMs: 1 },
    });
    const accessToken = await exchangeOfflineToken({ simulatorUrl: sim.url, shop: SIM_SHOP, sessionToken: sim.mintIdToken(SIM_SHOP), apiKey: SIM_KEY, apiSecret: SIM_SECRET });
    graphql = (query, opts) =>
      fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": SIM_SHOP },
        body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
      });
  });

  afterAll(async () => {
    await sim?.close();
  });

  async function readVariants(ids: string[]) {
    const response = await graphql(
      `query backorderChangesTestRead($ids: [ID!]!) {
        nodes(ids: $ids) { ... on ProductVariant { id inventoryPolicy metafields(first: 20, namespace: "$app") { nodes { key type value } } } }
      }`,
      { variables: { ids } },
    );
    const body = (await response.json()) as { data: { nodes: Array<{ id: string; inventoryPolicy: string; metafields: { nodes: Array<{ key: string; type: string; value: string }> } }> } };
    return new Map(body.data.nodes.map((n) => [n.id, { policy: n.inventoryPolicy, metafields: Object.fromEntries(n.metafields.nodes.map((m) => [m.key, m.value])) }]));
  }

  it("GIVEN the demo catalog imported WHEN backorders are enabled with ETA, cap and message THEN the simulator's policies and $app metafields match the mirror", async () => {
    // GIVEN the catalog mirrored through the real bulk export
    const now = new Date();
    const gateway = createAdminGateway(graphql);
    const { bulkOperationId } = await startCatalogSync({ shop: SIM_SHOP, gateway, now });
    for (let i = 0; ; i++) {
      const result = await importCatalogBulkResult({ shop: SIM_SHOP, gateway, bulkOperationId, now });
      if (result.status === "completed") break;
      expect(result.status, JSON.stringify(result)).toBe("pending");
      if (i > 200) throw new Error("bulk export never finished");
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const mirror = await prisma.variant.findMany({ where: { shop: SIM_SHOP, tracked: true, inventoryPolicy: "DENY" }, orderBy: { id: "asc" } });
    const soldOut = mirror.filter((v) => v.availableTotal <= 0);
    const byProduct = new Map<string, string>();
    for (const v of soldOut) if (!byProduct.has(v.productId)) byProduct.set(v.productId, v.id);
    const targets = [...byProduct.values()].slice(0, 5);
    expect(targets.length).toBeGreaterThanOrEqual(3);
    const eta = new Date(now.getTime() + 40 * 86_400_000).toISOString().slice(0, 10);

    // WHEN
    const result = await applyBackorderChanges({
      shop: SIM_SHOP,
      variantIds: targets,
      changes: { enabled: true, etaDate: eta, cap: 5, message: "Ships from our partner warehouse" },
      actor: "staff@example.com",
      source: "manual",
      gateway,
      now,
    });

    // THEN Shopify (the simulator) and the mirror agree
    expect(result).toEqual({ succeeded: targets, failed: [] });
    const snapshot = new Map(sim.store.snapshot(SIM_SHOP).variants.map((v) => [v.id, v]));
    const live = await readVariants(targets);
    for (const id of targets) {
      const row = await prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop: SIM_SHOP, id } } });
      expect(row.inventoryPolicy).toBe("CONTINUE");
      expect(snapshot.get(id)?.inventoryPolicy).toBe("CONTINUE");
      expect(live.get(id)?.policy).toBe("CONTINUE");
      const owed = Math.max(0, -row.availableTotal);
      expect(live.get(id)?.metafields).toEqual({
        backorder_state: row.backorderState,
        backorder_eta: eta,
        backorder_cap: "5",
        backorder_remaining: String(Math.max(0, 5 - owed)),
        backorder_message: "Ships from our partner warehouse",
        backorder_sellable: String(Math.max(0, row.availableTotal) + Math.max(0, 5 - owed)),
      });
      expect(row.backorderState).toBe(owed >= 5 ? "backorder_cap_reached" : "backorder");
    }

    // WHEN one of them is disabled again
    await applyBackorderChanges({ shop: SIM_SHOP, variantIds: [targets[0]], changes: { enabled: false }, actor: "staff@example.com", source: "manual", gateway, now });

    // THEN its policy is DENY everywhere and the ETA/cap metafields are gone (deleted, not blanked)
    const after = await readVariants([targets[0]]);
    expect(after.get(targets[0])).toEqual({
      policy: "DENY",
      metafields: { backorder_state: "sold_out", backorder_message: "Ships from our partner warehouse" },
    });
    expect(sim.store.snapshot(SIM_SHOP).variants.find((v) => v.id === targets[0])?.inventoryPolicy).toBe("DENY");
    expect((await prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop: SIM_SHOP, id: targets[0] } } })).inventoryPolicy).toBe("DENY");
  });
});
