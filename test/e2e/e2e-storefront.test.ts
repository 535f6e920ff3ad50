// The shopper's notify-me signup end to end: the simulator's storefront renders the theme extension, the form
// posts through Shopify's signed app proxy to the real app, and the app stores a pending subscription.
// @sqlite-only: Chromium end to end against the built app, kept to one browser pass for `npm test` time; the app-proxy signup runs on PostgreSQL in app-proxy-routes and signup
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import prisma from "../../app/db.server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import { DESKTOP_USER_AGENT, launchChromium } from "../support/browser";
import { saveScreenshot, startInstalledDemoStack, stopProcess, waitFor, type DemoStack } from "../support/demo-stack";
import en from "../../extensions/backorders-theme/locales/en.default.json";

let stack: DemoStack;
let browser: Browser;

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  // Variant states are derived right after the import; wait until they are there.
  await waitFor(() => prisma.variant.count({ where: { shop: DEMO_SHOP, backorderState: "sold_out" } }), (n) => n > 0);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

async function openSoldOutProduct() {
  const variant = await prisma.variant.findFirstOrThrow({ where: { shop: DEMO_SHOP, backorderState: "sold_out" } });
  const product = await prisma.product.findUniqueOrThrow({ where: { shop_id: { shop: DEMO_SHOP, id: variant.productId } } });
  const page = await browser.newPage({ userAgent: DESKTOP_USER_AGENT });
  const numericId = variant.id.split("/").pop();
  await page.goto(`${stack.simulator.url}/storefront/backorders-demo/products/${product.handle}?variant=${numericId}`);
  await page.locator("backorder-notify").waitFor();
  return { page, variant };
}

describe("storefront notify-me against the real app", () => {
  it("GIVEN a sold-out variant WHEN a shopper signs up THEN the app stores one pending subscription with consent evidence", async () => {
    const { page, variant } = await openSoldOutProduct();
    await page.fill('backorder-notify [name="email"]', "Shopper@Example.com");
    const consent = page.locator('backorder-notify [name="consent"]');
    if (await consent.count()) await consent.check();
    await page.waitForTimeout(2100); // humans take longer than the 2 s minimum fill time
    await page.click("backorder-notify [type=submit]");
    await expect.poll(() => page.textContent("backorder-notify [data-bo-status]"), { timeout: 15_000 }).toBe(en.backorders.notify.success);
    await saveScreenshot(page, "storefront-notify-real-app.png");
    const rows = await prisma.restockSubscription.findMany({ where: { shop: DEMO_SHOP, variantId: variant.id } });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ emailNormalized: "shopper@example.com", status: "pending", locale: "en" });
    expect(rows[0].consentAt).not.toBeNull();
    await page.close();
  });

  it("GIVEN the app is down WHEN a shopper signs up THEN the form says something went wrong instead of pretending success", async () => {
    const { page } = await openSoldOutProduct();
    await stopProcess(stack.app);
    await page.fill('backorder-notify [name="email"]', "later@example.com");
    const consent = page.locator('backorder-notify [name="consent"]');
    if (await consent.count()) await consent.check();
    await page.waitForTimeout(2100);
    await page.click("backorder-notify [type=submit]");
    await expect.poll(() => page.textContent("backorder-notify [data-bo-status]"), { timeout: 15_000 }).toBe(en.backorders.notify.error);
    await page.close();
  });
});
