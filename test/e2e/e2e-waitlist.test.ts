// The Waitlist pages in Chromium against the built app and the simulator: the nav link, the demand ranking with a
// high-demand badge, a variant's subscribers with "why was this sent", and screenshots of both pages.
// @sqlite-only: Chromium end to end against the built app, kept to one browser pass for `npm test` time; the waitlist queries run on PostgreSQL in waitlist
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import prisma from "../../app/db.server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import { launchChromium } from "../support/browser";
import { adminAppPath, openAdminPage, saveScreenshot, startInstalledDemoStack, type DemoStack } from "../support/demo-stack";

let stack: DemoStack;
let browser: Browser;
let page: Page;
let app: FrameLocator;

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  browser = await launchChromium();
  ({ page, app } = await openAdminPage(browser, 1000));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("waitlist admin in the browser", () => {
  it("GIVEN shoppers waiting on sold-out variants THEN the merchant sees the ranking and each subscriber's email history", async () => {
    const variants = await prisma.variant.findMany({ where: { shop: DEMO_SHOP }, take: 2, orderBy: { id: "asc" } });
    expect(variants.length).toBe(2);
    await prisma.shopSettings.update({ where: { shop: DEMO_SHOP }, data: { highDemandThreshold: 3 } });
    const [hot, cold] = variants;
    let n = 0;
    const subscribe = (variant: (typeof variants)[number], status: string, daysAgo: number) =>
      prisma.restockSubscription.create({
        data: {
          shop: DEMO_SHOP, variantId: variant.id, productId: variant.productId, email: `shopper${++n}@example.com`,
          emailNormalized: `shopper${n}@example.com`, status, unsubscribeToken: `e2e-${n}`,
          createdAt: new Date(Date.now() - daysAgo * 86_400_000), confirmedAt: status === "pending" ? null : new Date(Date.now() - daysAgo * 86_400_000),
        },
      });
    for (let i = 0; i < 4; i++) await subscribe(hot, "active", 10 - i);
    await subscribe(hot, "pending", 1);
    const notified = await subscribe(hot, "notified", 20);
    await prisma.emailMessage.create({
      data: {
        shop: DEMO_SHOP, kind: "back_in_stock", idempotencyKey: `restock/${notified.id}/e2e`, toEmail: notified.email, subscriptionId: notified.id,
        status: "sent", sentAt: new Date(), reason: "4 units restocked; batch 1 of 1 (oldest subscribers first)",
      },
    });
    await subscribe(cold, "active", 2);

    await page.goto(adminAppPath(stack.simulator.url));
    await page.getByRole("link", { name: "Waitlist" }).click();
    await app.getByText("Demand by variant").waitFor({ timeout: 20_000 });
    await expect.poll(() => app.locator("tbody tr").count(), { timeout: 10_000 }).toBe(2);
    expect(await app.locator("tbody tr").first().getByText("High demand").count()).toBe(1);
    expect(await app.locator("tbody tr").nth(1).getByText("High demand").count()).toBe(0);
    await saveScreenshot(page, "waitlist-overview.png");

    await app.locator("tbody tr").first().getByRole("link").click();
    await app.getByText("shopper6@example.com").waitFor({ timeout: 20_000 });
    await app.getByRole("row", { name: /shopper6@example.com/ }).getByRole("button", { name: /Why was this sent/ }).click();
    await app.getByText("Why: 4 units restocked; batch 1 of 1 (oldest subscribers first)").waitFor({ timeout: 10_000 });
    await saveScreenshot(page, "waitlist-variant.png");

    // "Send alerts now" goes through the restock fan-out: the 4 confirmed subscribers (in stock) get an alert queued.
    await app.getByRole("button", { name: "Send alerts now" }).click();
    await app.getByRole("button", { name: "Send alerts", exact: true }).click();
    await app.getByText("4 back-in-stock alerts queued, oldest subscribers first.").waitFor({ timeout: 20_000 });
    expect(await prisma.emailMessage.count({ where: { shop: DEMO_SHOP, kind: "back_in_stock", subscriptionId: { not: notified.id } } })).toBe(4);

    // The alert settings are editable on the Settings page.
    await page.getByRole("link", { name: "Settings" }).click();
    await app.getByLabel("Sender name").waitFor({ timeout: 20_000 });
    // The page is server-rendered: what is typed before React hydrates it is reset by hydration, leaving the form
    // clean (Save disabled) on a loaded machine. Type again until the form registers the edit.
    const save = app.getByRole("button", { name: "Save" });
    const deadline = Date.now() + 20_000;
    do {
      await app.getByLabel("Sender name").fill("Northwind Outfitters");
      await app.getByLabel("Time between batches").fill("30");
      await app.getByLabel("Send alerts automatically when stock arrives").uncheck({ force: true });
      await page.waitForTimeout(250);
    } while (!(await save.isEnabled()) && Date.now() < deadline);
    await save.click();
    await expect
      .poll(() => prisma.shopSettings.findUniqueOrThrow({ where: { shop: DEMO_SHOP } }).then((r) => [r.senderName, r.alertBatchIntervalMins, r.alertsAutoSend]), { timeout: 15_000 })
      .toEqual(["Northwind Outfitters", 30, false]);
    await app.getByLabel("Sender name").scrollIntoViewIfNeeded();
    await page.waitForTimeout(500); // let the scrolled frame repaint before the screenshot
    await saveScreenshot(page, "settings-restock-alerts.png");
  });
});
