// The merchant's main flow through the real UI in Chromium, against the simulator: filter the variants list,
// bulk-enable backorders, set an ETA — then check Shopify's side (the simulator) agrees with what the admin shows.
// @sqlite-only: Chromium end to end against the built app, kept to one browser pass for `npm test` time; the variants list, bulk enable and ETA paths run on PostgreSQL in variant-list, backorder-changes and admin-pages
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import prisma from "../../app/db.server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import { DESKTOP_USER_AGENT, launchChromium } from "../support/browser";
import { adminAppPath, openAdminPage, saveScreenshot, startInstalledDemoStack, type DemoStack } from "../support/demo-stack";

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
  it("GIVEN the variants page WHEN it loads and hydrates THEN nothing on it moves (CLS < 0.001)", async () => {
    const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, userAgent: DESKTOP_USER_AGENT });
    await context.addInitScript(`window.__layoutShifts = [];
      const describe = (node) => (node && node.outerHTML ? node.outerHTML.slice(0, 120) : String(node));
      new PerformanceObserver((list) => list.getEntries().forEach((e) => {
        if (!e.hadRecentInput && e.value > 0) window.__layoutShifts.push({ value: e.value, moved: (e.sources || []).map((s) => describe(s.node)) });
      })).observe({ type: "layout-shift", buffered: true });`);
    // The app's scripts arrive late, so the server-rendered page is painted before React hydrates it, as on a slow
    // connection: whatever hydration changes in the layout is then a visible shift.
    await context.route(/\/assets\/.*\.js$/, async (route) => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      await route.continue();
    });
    const fresh = await context.newPage();
    try {
      await fresh.goto(adminAppPath(stack.simulator.url, "/variants"));
      // Hydrated: Polaris adds the search field's icon on the client only (the shift this guards against).
      await fresh.frameLocator("iframe").first().locator(".Polaris-Filters__SearchField .Polaris-TextField__Prefix").waitFor({ timeout: 20_000 });
      await fresh.waitForTimeout(500); // layout-shift entries arrive after the next frame
      const appFrame = fresh.frames().find((frame) => new URL(frame.url()).pathname === "/app/variants");
      const shifts = (await appFrame!.evaluate("window.__layoutShifts")) as Array<{ value: number; moved: string[] }>;
      // Below 0.001 nothing visibly moves (Polaris' tab underline appearing scores ≈ 0.0001); the search field's
      // icon arriving with hydration scored 0.028, a table painted while its rows streamed in up to 0.34.
      const cls = shifts.reduce((sum, shift) => sum + shift.value, 0);
      expect(cls, JSON.stringify(shifts)).toBeLessThan(0.001);
    } finally {
      await context.close();
    }
  });

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
