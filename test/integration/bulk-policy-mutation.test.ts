// The bulk-mutation path for large inventory-policy changes, against the real simulator: staged upload
// (stagedUploadsCreate + multipart POST), bulkOperationRunMutation executing productVariantsBulkUpdate once per
// JSONL line through the simulator's resolvers, and the result JSONL mapped back to variants.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  BULK_MUTATION_THRESHOLD,
  BULK_POLICY_VARIANTS_PER_LINE,
  planBulkPolicyLines,
  readBulkPolicyMutationResult,
  startBulkPolicyMutation,
  type BulkPolicyMutationResult,
  type BulkPolicyUpdate,
} from "#app/services/bulk-policy-mutation.server";
import { createAdminGateway, type AdminGraphql } from "#app/shopify/admin-gateway.server";
import { AdminUserError } from "#app/shopify/graphql-errors";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../../simulator/oauth";
import type { SimEvent } from "../../simulator/store";
import prisma from "#app/db.server";
import { enqueueBackorderChanges, getBackorderChangesProgress, runBackorderChangesJobStep } from "#app/services/backorder-changes.server";
import { importCatalogBulkResult, startCatalogSync } from "#app/services/catalog-sync.server";
import { exchangeOfflineToken } from "../support/simulator-token";

const SHOP = "bulk-policy.myshopify.com";
const KEY = "bulk-policy-key";
const SECRET = "bulk-policy-secret";

describe("planBulkPolicyLines", () => {
  it("groups by product in order, splits every 250 variants and keeps a repeated variant's last policy", () => {
    const updates: BulkPolicyUpdate[] = [
      ...Array.from({ length: 600 }, (_, i) => ({ productId: "gid://shopify/Product/1", variantId: `gid://shopify/ProductVariant/${i}`, policy: "CONTINUE" as const })),
      { productId: "gid://shopify/Product/2", variantId: "gid://shopify/ProductVariant/x", policy: "DENY" },
      { productId: "gid://shopify/Product/1", variantId: "gid://shopify/ProductVariant/0", policy: "DENY" },
    ];
    const lines = planBulkPolicyLines(updates);
    expect(BULK_POLICY_VARIANTS_PER_LINE).toBe(250);
    expect(lines.map((l) => [l.productId, l.variants.length])).toEqual([
      ["gid://shopify/Product/1", 250],
      ["gid://shopify/Product/1", 250],
      ["gid://shopify/Product/1", 100],
      ["gid://shopify/Product/2", 1],
    ]);
    expect(lines[0].variants[0]).toEqual({ variantId: "gid://shopify/ProductVariant/0", policy: "DENY" });
    expect(BULK_MUTATION_THRESHOLD).toBeGreaterThan(0);
  });
});

describe("bulk policy mutation against the simulator", () => {
  let sim: RunningSimulator;
  let graphql: AdminGraphql;
  const operations: string[] = [];
  const events: SimEvent[] = [];

  beforeAll(async () => {
    sim = await startSimulator({
      port: 0,
      appUrl: "http://127.0.0.1:9", // webhooks go nowhere
      apiKey: KEY,
      apiSecret: SECRET,
      appConfigPath: fileURLToPath(new URL("../../shopify.app.toml", import.meta.url)),
      seed: "empty",
      shops: [],
      webhookRetry: { attempts: 1, baseDelayMs: 1 },
    });
    // 10 products × 300 variants = 3,000 variants (each product spans two JSONL lines: 250 + 50).
    sim.store.createShop(SHOP, { seed: { products: 10, variantsPerProduct: 300 } });
    sim.store.onEvent((event) => {
      if (event.topic === "bulk_operations/finish") events.push(event);
    });
    const accessToken = await exchangeOfflineToken({ simulatorUrl: sim.url, shop: SHOP, sessionToken: sim.mintIdToken(SHOP), apiKey: KEY, apiSecret: SECRET });
    graphql = (query, opts) => {
      operations.push(/(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous");
      return fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": SHOP },
        body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
      });
    };
  });

  afterAll(async () => {
    await sim?.close();
  });

  const allUpdates = (policy: "CONTINUE" | "DENY"): BulkPolicyUpdate[] =>
    sim.store.snapshot(SHOP).variants.map((v) => ({ productId: v.productId, variantId: v.id, policy }));

  async function waitForResult(gateway: ReturnType<typeof createAdminGateway>, bulkOperationId: string, updates: BulkPolicyUpdate[]) {
    for (let poll = 0; poll < 200; poll++) {
      const result: BulkPolicyMutationResult = await readBulkPolicyMutationResult({ gateway, bulkOperationId, updates });
      if (result.status !== "pending") return result;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    throw new Error("bulk mutation did not finish");
  }

  it("GIVEN 3,000 variants WHEN flipped to CONTINUE through the bulk path THEN every variant is CONTINUE, with a handful of GraphQL calls", async () => {
    const gateway = createAdminGateway(graphql);
    const updates = allUpdates("CONTINUE");
    expect(updates).toHaveLength(3000);
    expect(sim.store.snapshot(SHOP).variants.filter((v) => v.inventoryPolicy === "DENY").length).toBeGreaterThan(2000);
    operations.length = 0;

    const started = await startBulkPolicyMutation({ shop: SHOP, now: new Date("2026-11-24T10:00:00Z"), gateway, updates });
    expect(started).toMatchObject({ lines: 20, variants: 3000 });
    expect(started.bulkOperationId).toMatch(/^gid:\/\/shopify\/BulkOperation\/\d+$/);
    expect(started.stagedUploadPath).toMatch(/^tmp\/\d+\/bulk\/[\w-]+\//);

    const result = await waitForResult(gateway, started.bulkOperationId, updates);
    expect(result.status).toBe("completed");
    if (result.status !== "completed") return;
    expect(result.failed).toEqual([]);
    expect(new Set(result.succeeded)).toEqual(new Set(updates.map((u) => u.variantId)));

    const snapshot = sim.store.snapshot(SHOP);
    expect(snapshot.variants.every((v) => v.inventoryPolicy === "CONTINUE")).toBe(true);

    // Staged upload + run + polling only: no per-product productVariantsBulkUpdate calls.
    expect(operations.slice(0, 2)).toEqual(["BackordersStageBulkMutationUpload", "BackordersRunBulkPolicyMutation"]);
    expect(operations.slice(2).every((name) => name === "BackordersBulkOperation")).toBe(true);
    expect(operations).not.toContain("BackordersSetVariantsInventoryPolicy");

    // bulk_operations/finish with type mutation, like Shopify's webhook.
    const numericId = started.bulkOperationId.split("/").pop();
    const finish = events.find((e) => (e.payload as { admin_graphql_api_id: string }).admin_graphql_api_id.endsWith(`/${numericId}`));
    expect(finish?.payload).toMatchObject({ status: "completed", type: "mutation", error_code: null });

    // The operation is a MUTATION as seen through GraphQL.
    const response = await graphql(`query bulkPolicyTestOp($id: ID!) { bulkOperation(id: $id) { type status objectCount query } }`, { variables: { id: started.bulkOperationId } });
    const body = (await response.json()) as { data: { bulkOperation: { type: string; status: string; objectCount: string; query: string } } };
    expect(body.data.bulkOperation).toMatchObject({ type: "MUTATION", status: "COMPLETED", objectCount: "20" });
    expect(body.data.bulkOperation.query).toContain("BackordersBulkSetVariantsInventoryPolicy");

    // Shopify's result shape: one line per input line, the mutation's data and a 0-based __lineNumber.
    const info = await gateway.getBulkOperation(started.bulkOperationId);
    const lines = (await (await fetch(info.url!)).text()).trim().split("\n").map((l) => JSON.parse(l));
    expect(lines).toHaveLength(20);
    expect(lines.map((l) => l.__lineNumber)).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(lines[0].data.productVariantsBulkUpdate).toMatchObject({ product: { id: updates[0].productId }, userErrors: [] });
    expect(lines[0].data.productVariantsBulkUpdate.productVariants).toHaveLength(250);
  });

  it("GIVEN one line with an unknown variant and one with an unknown product WHEN run in bulk THEN those are failed with Shopify's messages and the rest succeed", async () => {
    const gateway = createAdminGateway(graphql);
    const base = allUpdates("DENY");
    const [firstProduct, secondProduct] = [...new Set(base.map((u) => u.productId))];
    const bogusVariant = "gid://shopify/ProductVariant/1";
    const bogusProduct = "gid://shopify/Product/2";
    const updates: BulkPolicyUpdate[] = [
      ...base.filter((u) => u.productId === firstProduct).slice(0, 10),
      { productId: secondProduct, variantId: bogusVariant, policy: "DENY" },
      ...base.filter((u) => u.productId === secondProduct).slice(0, 5),
      { productId: bogusProduct, variantId: "gid://shopify/ProductVariant/3", policy: "DENY" },
    ];
    const started = await startBulkPolicyMutation({ shop: SHOP, now: new Date("2026-11-24T10:00:00Z"), gateway, updates });
    const result = await waitForResult(gateway, started.bulkOperationId, updates);
    expect(result.status).toBe("completed");
    if (result.status !== "completed") return;
    expect(result.failed).toEqual([
      { variantId: bogusVariant, message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" },
      { variantId: "gid://shopify/ProductVariant/3", message: "Not updated: Product does not exist", code: null },
    ]);
    expect(result.succeeded).toHaveLength(15);
    const policies = new Map(sim.store.snapshot(SHOP).variants.map((v) => [v.id, v.inventoryPolicy]));
    for (const id of result.succeeded) expect(policies.get(id)).toBe("DENY");
    // Untouched variants keep CONTINUE from the previous test.
    expect([...policies.values()].filter((p) => p === "DENY")).toHaveLength(15);
  });

  it("rejects a run whose staged file was never uploaded (NO_SUCH_FILE) and staged uploads with a bad signature", async () => {
    const gateway = createAdminGateway(graphql);
    await expect(gateway.runBulkPolicyMutation("tmp/1/bulk/none/vars.jsonl")).rejects.toThrow(AdminUserError);
    await expect(gateway.runBulkPolicyMutation("tmp/1/bulk/none/vars.jsonl")).rejects.toThrow(/JSONL file could not be found/);

    const target = await gateway.stagedUploadForBulkMutation("vars.jsonl");
    expect(target.url).toBe(`${sim.url}/staged-uploads`);
    expect(target.parameters.map((p) => p.name)).toEqual(expect.arrayContaining(["key", "Content-Type", "policy", "x-goog-signature"]));
    const form = new FormData();
    for (const p of target.parameters) form.append(p.name, p.name === "x-goog-signature" ? "bogus" : p.value);
    form.append("file", new Blob(['{"productId":"x","variants":[]}\n']), "vars.jsonl");
    const response = await fetch(target.url, { method: "POST", body: form });
    expect(response.status).toBe(403);
    await expect(gateway.runBulkPolicyMutation(target.stagedUploadPath)).rejects.toThrow(/could not be found/);
  });

  it("GIVEN a background change of 2,500 variants WHEN the backorder.apply job runs THEN policies go in one bulk mutation, never per product, and the app's side follows", async () => {
    const jobShop = "bulk-job.myshopify.com";
    sim.store.createShop(jobShop, { seed: { products: 10, variantsPerProduct: 250 } });
    const token = await fetch(`${sim.url}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Shop-Domain": jobShop },
      body: JSON.stringify({
        client_id: KEY,
        client_secret: SECRET,
        grant_type: TOKEN_EXCHANGE_GRANT,
        subject_token: sim.mintIdToken(jobShop),
        subject_token_type: ID_TOKEN_TYPE,
        requested_token_type: OFFLINE_TOKEN_TYPE,
      }),
    });
    const accessToken = String(((await token.json()) as Record<string, unknown>).access_token);
    const jobOperations: string[] = [];
    const gateway = createAdminGateway((query, opts) => {
      jobOperations.push(/(?:query|mutation)\s+(\w+)/.exec(query)?.[1] ?? "anonymous");
      return fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": jobShop },
        body: JSON.stringify({ query, variables: opts?.variables ?? {} }),
      });
    });

    // GIVEN the shop's catalog in the mirror (imported the way the app does it)
    const now = new Date();
    await prisma.shop.create({ data: { shop: jobShop, name: "Bulk job" } });
    const { bulkOperationId } = await startCatalogSync({ shop: jobShop, gateway, now });
    for (let poll = 0; ; poll++) {
      const result = await importCatalogBulkResult({ shop: jobShop, gateway, bulkOperationId, now });
      if (result.status !== "pending") {
        expect(result.status).toBe("completed");
        break;
      }
      if (poll > 200) throw new Error("catalog import did not finish");
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const variantIds = (await prisma.variant.findMany({ where: { shop: jobShop }, select: { id: true } })).map((v) => v.id);
    expect(variantIds).toHaveLength(2500);
    // Untracked variants are always purchasable: enabling backorders leaves their policy alone.
    const tracked = sim.store.snapshot(jobShop).variants.filter((v) => v.tracked);
    const denied = tracked.filter((v) => v.inventoryPolicy === "DENY").length;
    expect(variantIds.length).toBeGreaterThan(BULK_MUTATION_THRESHOLD);
    expect(denied).toBeGreaterThan(1000);

    // WHEN backorders are enabled for all of them in the background
    jobOperations.length = 0;
    const { jobId } = await enqueueBackorderChanges({ shop: jobShop, variantIds, changes: { enabled: true }, actor: "staff@example.com", source: "manual", now });
    for (let run = 0; ; run++) {
      const job = await prisma.job.findUniqueOrThrow({ where: { id: jobId } });
      const { done, retryInMs } = await runBackorderChangesJobStep({ shop: jobShop, jobId, payload: JSON.parse(job.payload), gateway, now });
      if (done) break;
      if (run > 300) throw new Error("job did not finish");
      if (retryInMs) await new Promise((resolve) => setTimeout(resolve, 25));
    }

    // THEN Shopify got one bulk mutation and no per-product policy call
    expect(jobOperations.filter((name) => name === "BackordersRunBulkPolicyMutation")).toHaveLength(1);
    expect(jobOperations.filter((name) => name === "BackordersSetVariantsInventoryPolicy")).toHaveLength(0);
    const after = new Map(sim.store.snapshot(jobShop).variants.map((v) => [v.id, v.inventoryPolicy]));
    expect(tracked.filter((v) => after.get(v.id) !== "CONTINUE").map((v) => v.id)).toEqual([]);
    // AND the app recorded every variant: settings, mirror policy, history with the policy change, progress
    const progress = await getBackorderChangesProgress(jobShop, jobId);
    expect(progress).toMatchObject({ total: 2500, processed: 2500, succeeded: 2500, failedCount: 0 });
    expect(await prisma.variantBackorder.count({ where: { shop: jobShop, enabled: true } })).toBe(2500);
    expect(await prisma.variant.count({ where: { shop: jobShop, tracked: true, inventoryPolicy: "CONTINUE" } })).toBe(tracked.length);
    const history = await prisma.backorderChange.findMany({ where: { shop: jobShop } });
    expect(history.filter((h) => JSON.parse(h.changes).inventoryPolicy?.[1] === "CONTINUE")).toHaveLength(denied);
  }, 120_000);
});
