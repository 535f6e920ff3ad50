// The dashboard (the app's home page) in Chromium against the built app and the simulator: seeded ledger and
// waitlist rows show up as numbers and Polaris Viz charts, a number opens the filtered orders list behind it,
// and screenshots of both pages are kept in test-results/.
// @sqlite-only: Chromium end to end against the built app, kept to one browser pass for `npm test` time; the dashboard's queries run on PostgreSQL in dashboard and home-summary (and postgres-sql checks their plans)
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import prisma from "../../app/db.server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import { launchChromium } from "../support/browser";
import { adminAppPath, openAdminPage, saveScreenshot, startInstalledDemoStack, type DemoStack } from "../support/demo-stack";

const DAY = 86_400_000;

let stack: DemoStack;
let browser: Browser;
let page: Page;
let app: FrameLocator;

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  browser = await launchChromium();
  ({ page, app } = await openAdminPage(browser, 1600));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

type Seeded = { orderId: string; orderedAt: Date; resolvedAt?: Date; units: number; status: "open" | "fulfilled"; etaCurrent: string };

/** Ledger rows for real mirror variants: open orders in every aging bucket (some overdue) and weeks of fulfilments. */
async function seedLedger(): Promise<Seeded[]> {
  const variants = await prisma.variant.findMany({ where: { shop: DEMO_SHOP }, take: 3, orderBy: { id: "asc" } });
  expect(variants.length).toBe(3);
  const now = Date.now();
  const isoDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  const ages = [1, 2, 3, 5, 6, 9, 10, 12, 16, 20, 25, 29, 35, 45, 60]; // days ago, across 0–7 / 8–14 / 15–30 / 30+
  const seeded: Seeded[] = [];
  let n = 0;
  for (const [i, days] of ages.entries()) {
    const orderedAt = new Date(now - days * DAY - 3_600_000);
    const units = (i % 3) + 1;
    seeded.push({ orderId: `gid://shopify/Order/88${String(++n).padStart(4, "0")}`, orderedAt, units, status: "open", etaCurrent: isoDate(now + (i % 4 === 0 ? -3 : 5) * DAY) });
  }
  for (let week = 0; week < 8; week++) {
    for (let k = 0; k < 2; k++) {
      const resolvedAt = now - week * 7 * DAY - k * DAY;
      const daysToFulfil = 3 + ((week * 5 + k * 7) % 11); // a wavy series, so the line chart has a shape
      seeded.push({
        orderId: `gid://shopify/Order/88${String(++n).padStart(4, "0")}`,
        orderedAt: new Date(resolvedAt - daysToFulfil * DAY),
        resolvedAt: new Date(resolvedAt),
        units: 1,
        status: "fulfilled",
        etaCurrent: isoDate(resolvedAt),
      });
    }
  }
  await prisma.backorderOrder.createMany({
    data: seeded.map((s) => ({ shop: DEMO_SHOP, orderId: s.orderId, orderName: `#${s.orderId.split("/").pop()}`, orderedAt: s.orderedAt, status: s.status === "open" ? "open" : "closed" })),
  });
  await prisma.backorderLine.createMany({
    data: seeded.map((s, i) => {
      const variant = variants[i % variants.length];
      return {
        shop: DEMO_SHOP,
        orderId: s.orderId,
        orderName: `#${s.orderId.split("/").pop()}`,
        lineItemId: `gid://shopify/LineItem/e2e-dashboard-${i}`,
        variantId: variant.id,
        quantityOrdered: s.units,
        quantityBackordered: s.units,
        quantityResolved: s.status === "fulfilled" ? s.units : 0,
        unitPrice: "24.50",
        currencyCode: "USD",
        etaPromised: s.etaCurrent,
        etaCurrent: s.etaCurrent,
        status: s.status,
        orderedAt: s.orderedAt,
        resolvedAt: s.resolvedAt ?? null,
        productTitle: "Seeded product",
        variantTitle: variant.title,
      };
    }),
  });
  let subscriber = 0;
  for (const [i, variant] of variants.entries()) {
    for (let k = 0; k < 3 - i; k++) {
      const notified = k === 0;
      await prisma.restockSubscription.create({
        data: {
          shop: DEMO_SHOP, variantId: variant.id, productId: variant.productId, email: `dash${++subscriber}@example.com`, emailNormalized: `dash${subscriber}@example.com`,
          unsubscribeToken: `e2e-dashboard-${subscriber}`, status: notified ? "notified" : "active",
          notifiedAt: notified ? new Date(now - 5 * DAY) : null,
          convertedOrderId: notified && i === 0 ? "gid://shopify/Order/889999" : null, convertedAt: notified && i === 0 ? new Date(now - 4 * DAY) : null,
        },
      });
    }
  }
  return seeded;
}

describe("dashboard in the browser", () => {
  it("GIVEN backordered orders and waitlist signups THEN the home page charts them and each number opens its list", async () => {
    // React's production build reports hydration mismatches as minified errors 418/423/425.
    const hydrationErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /#41[89]|#42[35]|hydrat/i.test(message.text())) hydrationErrors.push(message.text());
    });
    // Before any ledger rows: the first-steps state tells a new merchant what to do.
    await page.goto(adminAppPath(stack.simulator.url));
    await app.getByText("No backordered orders yet").waitFor({ timeout: 30_000 });
    await app.getByText("Synced", { exact: true }).waitFor();

    const seeded = await seedLedger();
    const open = seeded.filter((s) => s.status === "open");
    const inBucket = (min: number, max: number) => open.filter((s) => (Date.now() - s.orderedAt.getTime()) / DAY >= min && (Date.now() - s.orderedAt.getTime()) / DAY < max + 1);

    await page.reload();
    await app.getByRole("heading", { name: "Backordered orders" }).waitFor({ timeout: 30_000 });
    await app.getByRole("link", { name: `Open orders: ${open.length}` }).waitFor({ timeout: 10_000 });
    await app.getByRole("link", { name: `Units owed: ${open.reduce((sum, s) => sum + s.units, 0)}` }).waitFor();
    await app.getByRole("link", { name: `Value owed: $${(open.reduce((sum, s) => sum + s.units, 0) * 24.5).toLocaleString("en-US", { minimumFractionDigits: 2 })}` }).waitFor();
    // Three shoppers alerted 5 days ago, one ordered a day later; three more still waiting.
    await app.getByText("1 of 3 shoppers alerted in the last 30 days ordered within 7 days.").waitFor();
    await app.getByRole("link", { name: "33.3%" }).waitFor();
    // Polaris Viz renders in the browser (client-only): wait for the SVGs inside the fixed-height chart boxes.
    await app.locator('[data-chart="Open orders by age"] svg').first().waitFor({ timeout: 20_000 });
    await app.locator('[data-chart="Average days from order to fulfilment by week"] svg').first().waitFor({ timeout: 20_000 });
    expect(await app.locator('[data-chart="Open orders by age"]').evaluate((el) => el.getBoundingClientRect().height)).toBe(240);
    await page.waitForTimeout(1_000); // let the chart animations settle before the screenshot
    await saveScreenshot(page, "dashboard.png");

    const bucket = inBucket(8, 14);
    expect(bucket.length).toBeGreaterThan(0);
    await app.getByRole("link", { name: `8–14 days: ${bucket.length} orders` }).click();
    await app.getByText(`Open backordered lines, waiting 8–14 days: ${bucket.length} lines in ${bucket.length} orders`).waitFor({ timeout: 20_000 });
    await expect.poll(() => app.locator("tbody tr").count(), { timeout: 10_000 }).toBe(bucket.length);
    await saveScreenshot(page, "orders-aging.png");

    await app.getByRole("link", { name: "Show all open lines" }).click();
    await expect.poll(() => app.locator("tbody tr").count(), { timeout: 20_000 }).toBe(open.length);
    expect(hydrationErrors).toEqual([]);
  });
});
