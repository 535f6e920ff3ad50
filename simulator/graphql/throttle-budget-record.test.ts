// The simulator's budget record (createAdminGraphqlExecutor(...).budget): what tests assert "no THROTTLED, no failed
// request, never below 0, never overspent" with.
import { describe, expect, it } from "vitest";
import { SimulatorStore } from "../store";
import { DEMO_SHOP_DOMAIN } from "../seed";
import { createAdminGraphqlExecutor } from "./execute";

const SHOP = DEMO_SHOP_DOMAIN;

function setUp(opts: { maximumAvailable?: number; restoreRate?: number } = {}) {
  let nowMs = Date.parse("2026-03-02T15:00:00Z");
  const store = new SimulatorStore({ now: () => new Date(nowMs) });
  store.createShop(SHOP);
  const execute = createAdminGraphqlExecutor(store, { ...opts, now: () => nowMs });
  const gql = (query: string, variables?: Record<string, unknown>) => execute(SHOP, { query, variables });
  return { execute, gql, advance: (ms: number) => (nowMs += ms) };
}

const TAGS_ADD = `mutation BudgetTagsAdd($id: ID!, $tags: [String!]!) { tagsAdd(id: $id, tags: $tags) { node { id } userErrors { field message } } }`;

describe("throttle budget record", () => {
  it("counts requests, points spent net of refunds and the lowest level after a charge", async () => {
    const { execute, gql } = setUp();
    expect(execute.budget(SHOP)).toMatchObject({ requests: 0, throttled: 0, failed: 0, lowestAvailable: null, pointsSpent: 0, maximumAvailable: 2000, restoreRate: 100 });
    // requested 2 + 10 × 1 = 12, actual: the shop has one page of products → refunded down to what was returned
    const first = await gql(`query BudgetProducts { products(first: 10) { nodes { id } } }`);
    const cost = (first.body as { extensions: { cost: { requestedQueryCost: number; actualQueryCost: number } } }).extensions.cost;
    const budget = execute.budget(SHOP);
    expect(budget).toMatchObject({ requests: 1, throttled: 0, failed: 0, failures: [] });
    expect(budget.pointsSpent).toBe(cost.actualQueryCost);
    expect(budget.lowestAvailable).toBe(2000 - cost.requestedQueryCost); // the level right after the charge
  });

  it("counts THROTTLED answers apart from failures, and the bucket never goes below 0", async () => {
    const { execute, gql, advance } = setUp({ maximumAvailable: 25, restoreRate: 5 });
    for (let i = 0; i < 3; i++) await gql(TAGS_ADD, { id: "gid://shopify/Product/1", tags: ["x"] }); // 10 each: 25 → 15 → 5 → THROTTLED
    let budget = execute.budget(SHOP);
    expect(budget).toMatchObject({ requests: 3, throttled: 1, lowestAvailable: 5, pointsSpent: 20 });
    advance(1_000); // +5
    await gql(TAGS_ADD, { id: "gid://shopify/Product/1", tags: ["x"] });
    budget = execute.budget(SHOP);
    expect(budget.lowestAvailable).toBe(0);
    expect(budget.throttled).toBe(1);
    expect(budget.firstRequestAt).toBeLessThan(budget.lastRequestAt!);
  });

  it("counts GraphQL errors, userErrors and rejected requests as failed, with the first few explained", async () => {
    const { execute, gql } = setUp();
    await gql(`query BudgetBroken { shop { notAField } }`);
    await gql(TAGS_ADD, { id: "gid://shopify/Product/999999999", tags: ["x"] }); // unknown resource → userErrors
    await gql(`query BudgetOk { shop { name } }`);
    execute.recordRejected(SHOP, 401, "[API] Invalid API key or access token");
    const budget = execute.budget(SHOP);
    expect(budget.requests).toBe(4);
    expect(budget.failed).toBe(3);
    expect(budget.failures.map((f) => [f.status, f.operation])).toEqual([
      [200, "BudgetBroken"],
      [200, "BudgetTagsAdd"],
      [401, null],
    ]);
    expect(budget.failures[1].message).toMatch(/^userErrors: /);
  });

  it("resets per shop without touching the bucket", async () => {
    const { execute, gql } = setUp();
    await gql(TAGS_ADD, { id: "gid://shopify/Product/1", tags: ["x"] });
    execute.resetBudget(SHOP);
    const budget = execute.budget(SHOP);
    expect(budget).toMatchObject({ requests: 0, pointsSpent: 0, lowestAvailable: null });
    expect(budget.currentlyAvailable).toBe(1990);
  });
});
