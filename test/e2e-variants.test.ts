// The merchant's main flow through the real UI in Chromium, against the simulator: filter the variants list,
// bulk-enable backorders, set an ETA — then check Shopify's side (the simulator) agrees with what the admin shows.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import prisma from "../app/db.server";
import { DEMO_SHOP } from "../scripts/demo-env";
import { launchChromium } from "./support/browser";
import { adminAppPath, openAdminPage, saveScreenshot, startInstalledDemoStack, type DemoStack } from "./support/demo-stack";

let stack: DemoStack;
let browser: Browser;
let page: Page;
let app: FrameLocator;

/** Reads policies and $app metafields straight from the simulated Shopify, with the app's own offline token. */
async function readShopifyVariants(ids: string[]) {
  const session = await prisma.session.findFirstOrThrow({ where: { shop: DEMO_SHOP, isOnline: false } });
  const response = await fetch(`${stack.simulator.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": session.accessToken, "X-Shopify-Shop-Domain": DEMO_SHOP },
    body: JSON.stringify({
      query: `query e2eReadVariants($ids: [ID!]!) { nodes(ids: $ids) { ... on ProductVariant { id inventoryPolicy metafields(first: 20, namespace: "$app") { nodes { key value } } } } }`,
      variables: { ids },
    }),
  });
  const body = (await response.json()) as any;
  return new Map<string, { policy: string; metafields: Record<string, string> }>(
    body.data.nodes.map((n: any) => [n.id, { policy: n.inventoryPolicy, metafields: Object.fromEntries(n.metafields.nodes.map((m: any) => [m.key, m.value])) }]),
  );
}

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  browser = await launchChromium();
  ({ page, app } = await openAdminPage(browser, 1000));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("variants admin in the browser", () => {
  it("GIVEN sold-out variants WHEN the merchant filters, bulk-enables backorders and sets an ETA THEN Shopify and the admin agree", async () => {
    const soldOut = stack.simulator.store
      .snapshot(DEMO_SHOP)
      .variants.filter((v) => v.tracked && v.availableTotal <= 0 && v.inventoryPolicy === "DENY");
    expect(soldOut.length).toBeGreaterThan(1);
    const expectedIds = (await prisma.variant.findMany({ where: { shop: DEMO_SHOP, backorderState: "sold_out" }, select: { id: true } })).map((v) => v.id);
    expect(expectedIds.length).toBeGreaterThan(1);

    // GIVEN the variants page, filtered to sold-out variants through the filter UI
    await page.goto(adminAppPath(stack.simulator.url));
    await page.getByRole("link", { name: "Variants" }).click();
    await app.getByLabel("Search by product, variant or SKU").waitFor({ timeout: 20_000 });
    await app.getByRole("button", { name: "State" }).click();
    await app.getByLabel("Sold out").check();
    await app.getByText("State: Sold out").waitFor();
    await page.keyboard.press("Escape"); // close the filter popover
    await expect.poll(() => app.locator("tbody tr").count(), { timeout: 10_000 }).toBe(expectedIds.length);

    // WHEN every listed variant is selected and backorders are enabled in bulk
    // Polaris draws its own checkbox over a visually hidden input, so the input is checked directly.
    // A list still re-rendering from the filter change can swallow the first click; retry until it sticks.
    const selectAll = app.getByLabel("Select all variants").filter({ visible: true });
    await expect
      .poll(async () => {
        await selectAll.check({ force: true, timeout: 2_000 }).catch(() => undefined);
        return selectAll.isChecked();
      }, { timeout: 15_000 })
      .toBe(true);
    await app.getByRole("button", { name: "Enable backorder" }).click();
    await app.getByText(new RegExp(`Enable backorder: ${expectedIds.length} variants? updated`)).first().waitFor({ timeout: 30_000 });

    // AND one of them gets a fixed ETA, picked from the "Needs ETA" view
    const target = await prisma.variant.findFirstOrThrow({ where: { shop: DEMO_SHOP, id: { in: expectedIds } } });
    const product = await prisma.product.findUniqueOrThrow({ where: { shop_id: { shop: DEMO_SHOP, id: target.productId } } });
    await app.getByRole("tab", { name: "Needs ETA" }).click();
    const row = app.getByLabel(`Select ${product.title} – ${target.title}`);
    await row.waitFor({ state: "attached", timeout: 10_000 });
    await row.check({ force: true });
    await app.getByRole("button", { name: "Set ETA" }).click();
    await app.getByLabel("ETA date").fill("2027-03-15");
    await app.getByRole("button", { name: "Save ETA" }).click();
    await app.getByText(/Set ETA: 1 variant updated/).first().waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "variants-bulk-enable-and-eta.png");

    // THEN Shopify (the simulator) sells them on backorder and carries the storefront metafields
    const shopify = await readShopifyVariants(expectedIds);
    for (const id of expectedIds) expect(shopify.get(id)?.policy, id).toBe("CONTINUE");
    expect(shopify.get(target.id)?.metafields).toMatchObject({ backorder_state: "backorder", backorder_eta: "2027-03-15" });

    // AND the admin's mirror says the same
    const mirror = await prisma.variant.findMany({ where: { shop: DEMO_SHOP, id: { in: expectedIds } } });
    for (const variant of mirror) {
      expect(variant.inventoryPolicy).toBe("CONTINUE");
      expect(variant.backorderState).toBe("backorder");
    }
    expect(await prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop: DEMO_SHOP, variantId: target.id } } })).toMatchObject({
      enabled: true,
      etaDate: "2027-03-15",
    });
    const history = await prisma.backorderChange.count({ where: { shop: DEMO_SHOP, variantId: target.id } });
    expect(history).toBeGreaterThanOrEqual(2); // enable, then ETA
  });
});
