// What the checkout-cap tests and the bench share (issue 16): a capped backordered variant set up through the app's
// variant page, the figure the validation function reads ($app.backorder_sellable) as the simulator holds it, the
// simulator's checkout command and the shop's registered validations read with the app's own token.
import type { PrismaClient } from "@prisma/client";
import type { RunningSimulator } from "../../simulator/server";

export const SELLABLE_KEY = "backorder_sellable";

type Simulator = Pick<RunningSimulator, "url" | "store" | "mailbox" | "mintIdToken">;

/** The published `$app.backorder_sellable` of a variant in the simulated Shopify (null: none published). */
export function publishedSellable(simulator: Pick<RunningSimulator, "store">, shop: string, variantId: string): number | null {
  const data = simulator.store.getShopData(shop);
  const metafield = data.findMetafield(variantId, simulator.store.appNamespace(), SELLABLE_KEY);
  return metafield ? Number(metafield.value) : null;
}

/** Shopify's inventory policy of a variant, as the simulator holds it. */
export function shopifyPolicy(simulator: Pick<RunningSimulator, "store">, shop: string, variantId: string): string {
  const data = simulator.store.getShopData(shop);
  const variant = data.variants.get(Number(variantId.split("/").pop()))!;
  return variant.inventoryPolicy;
}

/**
 * `count` tracked variants Shopify shows as sold out with nothing at any location (available 0, DENY) on active
 * products, none sharing a product: each can be turned into a capped backorder with exactly its cap left.
 */
export function soldOutVariants(simulator: Pick<RunningSimulator, "store">, shop: string, count: number): string[] {
  const snapshot = simulator.store.snapshot(shop);
  const active = new Set((snapshot.products as Array<{ admin_graphql_api_id: string; status: string }>).filter((p) => p.status === "active").map((p) => p.admin_graphql_api_id));
  const picked: string[] = [];
  const products = new Set<string>();
  for (const v of snapshot.variants) {
    if (!v.tracked || v.inventoryPolicy !== "DENY" || !active.has(v.productId) || products.has(v.productId)) continue;
    if (Object.values(v.available).some((n) => n !== 0)) continue;
    picked.push(v.id);
    products.add(v.productId);
    if (picked.length === count) return picked;
  }
  throw new Error(`The shop has ${picked.length} sold-out variants with no stock anywhere; ${count} needed.`);
}

/**
 * The merchant sells a sold-out variant on backorder with a fixed ETA and a cap, on its page in the app (the save
 * action, signed session token). Resolves once Shopify sells it (CONTINUE) and the app has published `sellable`.
 */
export async function capBackorders(input: {
  appUrl: string;
  simulator: Simulator;
  shop: string;
  variantId: string;
  cap: number;
  eta: string;
  /** The sellable figure to wait for (default: the cap; the variant has no stock and nothing backordered). */
  expectSellable?: number;
}): Promise<void> {
  // Imported here, not above: the seed's modules open the app's database client, which the bench must create only
  // after it has chosen the run's database (bench/run.ts sets DATABASE_URL before the first app import).
  const { adminClient, etaByDate } = await import("../../scripts/seed-demo-data");
  await adminClient(input).saveVariant(input.variantId, { enabled: "on", ...etaByDate(input.eta), cap: String(input.cap) });
  const expected = input.expectSellable ?? input.cap;
  await waitUntil(
    () => shopifyPolicy(input.simulator, input.shop, input.variantId) === "CONTINUE" && publishedSellable(input.simulator, input.shop, input.variantId) === expected,
    30_000,
    () => `${input.variantId}: policy ${shopifyPolicy(input.simulator, input.shop, input.variantId)}, sellable ${publishedSellable(input.simulator, input.shop, input.variantId)} (want CONTINUE, ${expected})`,
  );
}

export type CheckoutAnswer = { status: number; body: Record<string, unknown> };

/** The simulator's checkout command (POST /_sim/<shop>/checkout), answered as it is: 201 with the order, or 422. */
export async function simulatorCheckout(
  simulatorUrl: string,
  shop: string,
  input: { lines: Array<{ variantId: string; quantity: number }>; email?: string; locale?: string },
): Promise<CheckoutAnswer> {
  const response = await fetch(`${simulatorUrl}/_sim/${shop}/checkout`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(input),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** The refusal's messages, whichever of the simulator's 422 shapes carries them. */
export function refusalMessages(answer: CheckoutAnswer): string[] {
  const body = answer.body as { errors?: Array<{ message: string }>; message?: string; error?: { message?: string; errors?: Array<{ message: string }> } };
  const errors = body.errors ?? body.error?.errors;
  if (errors?.length) return errors.map((e) => e.message);
  const message = body.message ?? body.error?.message;
  return message ? [message] : [];
}

/** The refusal's code (VALIDATION_FAILED, DENY_OUT_OF_STOCK, …). */
export function refusalCode(answer: CheckoutAnswer): string | undefined {
  const body = answer.body as { code?: string; error?: { code?: string } };
  return body.code ?? body.error?.code;
}

export type RegisteredValidation = { id: string; enabled: boolean; blockOnFailure: boolean };

/** The shop's validations as the app sees them (Admin GraphQL `validations`, with the app's offline token). */
export async function registeredValidations(simulatorUrl: string, shop: string, prisma: PrismaClient): Promise<RegisteredValidation[]> {
  const session = await prisma.session.findFirstOrThrow({ where: { shop, isOnline: false } });
  const response = await fetch(`${simulatorUrl}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": session.accessToken, "X-Shopify-Shop-Domain": shop },
    body: JSON.stringify({ query: "query e2eValidations { validations(first: 25) { nodes { id enabled blockOnFailure } } }" }),
  });
  const body = (await response.json()) as { data?: { validations: { nodes: RegisteredValidation[] } }; errors?: unknown };
  if (!body.data) throw new Error(`validations query failed: ${JSON.stringify(body.errors ?? body)}`);
  return body.data.validations.nodes;
}

/** Resolves once no job is due or running (the initial sync's follow-up work is done), so timings measure one order. */
export async function waitForIdleJobs(prisma: PrismaClient, timeoutMs = 120_000): Promise<void> {
  await waitUntilAsync(
    async () => (await prisma.job.count({ where: { OR: [{ status: "running" }, { status: "queued", runAt: { lte: new Date() } }] } })) === 0,
    timeoutMs,
    "the app's job queue to drain",
  );
}

export async function waitUntil(done: () => boolean, timeoutMs: number, describe: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`Timed out: ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

async function waitUntilAsync(done: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
