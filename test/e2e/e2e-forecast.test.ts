// The Forecast page in Chromium against the built app and the simulator's demo shop with its 60 days of order
// history: the install imports the history (which queues a recompute), "Recompute now" asks for one in the
// background, and the page then lists at-risk variants with their stock-out intervals and the accuracy figure; a
// row opens the variant's chart (history bars, forecast band) and the suggestion's breakdown. Screenshots are kept
// in test-results/.
// @sqlite-only: Chromium end to end against the built app, kept to one browser pass for `npm test` time; the page's queries run on PostgreSQL in forecast-page
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import prisma from "../../app/db.server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import { launchChromium } from "../support/browser";
import { adminAppPath, openAdminPage, saveScreenshot, startInstalledDemoStack, waitFor, type DemoStack } from "../support/demo-stack";

let stack: DemoStack;
let browser: Browser;
let page: Page;
let app: FrameLocator;

beforeAll(async () => {
  stack = await startInstalledDemoStack({ demoHistory: true });
  browser = await launchChromium();
  ({ page, app } = await openAdminPage(browser, 1400));
  // The install queues the 60-day history import (a bulk query against the simulator); the app's worker runs it.
  await waitFor(
    () => prisma.salesHistoryBackfill.findUnique({ where: { shop: DEMO_SHOP } }),
    (row) => row?.status === "completed" || row?.status === "failed",
    120_000,
  );
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

describe("forecast in the browser", () => {
  it("GIVEN the demo's order history THEN Recompute now lists at-risk variants and a row opens its forecast chart", async () => {
    expect((await prisma.salesHistoryBackfill.findUnique({ where: { shop: DEMO_SHOP } }))?.status).toBe("completed");
    expect(await prisma.variantSalesDay.count({ where: { shop: DEMO_SHOP } })).toBeGreaterThan(0);
    const hydrationErrors: string[] = [];
    page.on("console", (message) => {
      if (message.type() === "error" && /#41[89]|#42[35]|hydrat/i.test(message.text())) hydrationErrors.push(message.text());
    });

    await page.goto(adminAppPath(stack.simulator.url, "/forecast"));
    await app.getByRole("heading", { name: "Forecast", exact: true }).waitFor({ timeout: 30_000 });
    // The finished backfill already queued a recompute; the button asks for another (or joins the queued one).
    await app.getByText(/^Forecast error \(MASE\)/).first().waitFor();
    await app.getByRole("button", { name: "Recompute now" }).click();
    await app.getByText(/^Recompute (started|already queued)$/).waitFor({ timeout: 20_000 });

    // The page polls until the run is done, then shows the at-risk rows.
    const firstRow = app.locator("a[data-forecast-row]").first();
    await firstRow.waitFor({ timeout: 120_000 });
    const run = await prisma.forecastRun.findUniqueOrThrow({ where: { shop: DEMO_SHOP } });
    expect(run.status).toBe("done");
    const atRisk = await prisma.variantForecast.findMany({ where: { shop: DEMO_SHOP, atRisk: true } });
    expect(atRisk.length).toBeGreaterThan(0);
    await expect.poll(() => app.locator("a[data-forecast-row]").count(), { timeout: 10_000 }).toBe(Math.min(50, atRisk.length));
    // The accuracy figure is stated next to the forecast: a number with what it rests on, or why there is none.
    const headline = run.meanMase === null ? "Forecast error (MASE): not measurable yet" : `Forecast error (MASE) ${run.meanMase.toFixed(2)} over`;
    await app.getByText(headline).first().waitFor();
    // Stock-out intervals as dates ("Dec 12 – Dec 20 (likely Dec 15)"), or "Now" when nothing is left for new orders.
    const rowTexts = await app.locator("tr:has(a[data-forecast-row])").allInnerTexts();
    expect(rowTexts.every((text) => /[A-Z][a-z]{2} \d{1,2}|Now \(no stock left for new orders\)/.test(text))).toBe(true);
    expect(rowTexts.some((text) => /[A-Z][a-z]{2} \d{1,2} – [A-Z][a-z]{2} \d{1,2} \(likely [A-Z][a-z]{2} \d{1,2}\)/.test(text))).toBe(true);
    // Ranked by revenue at risk: the first row is the at-risk variant with the most.
    const top = [...atRisk].sort((a, b) => (b.revenueAtRiskCents ?? -1) - (a.revenueAtRiskCents ?? -1) || b.unitsAtRisk - a.unitsAtRisk || (a.variantId < b.variantId ? -1 : 1))[0];
    expect(await firstRow.getAttribute("data-forecast-row")).toBe(top.variantId.split("/").pop());
    await app.getByRole("heading", { name: "Suggested reorders by vendor" }).waitFor();
    await saveScreenshot(page, "forecast.png");

    await firstRow.click();
    const chart = app.locator('svg[data-chart="forecast"]');
    await chart.waitFor({ timeout: 20_000 });
    expect(await chart.locator('[data-series="sold"]').count()).toBeGreaterThan(0);
    expect(await chart.locator('[data-series="band"]').count()).toBe(1);
    expect(await chart.locator('[data-series="mean"]').count()).toBe(1);
    expect(await chart.evaluate((el) => el.getBoundingClientRect().height)).toBeGreaterThan(150);
    await app.getByRole("heading", { name: "How the suggestion is made" }).waitFor();
    await app.getByText("Suggested order", { exact: true }).first().waitFor();
    await app.getByRole("heading", { name: "How accurate is this forecast?" }).waitFor();
    await saveScreenshot(page, "forecast-variant.png");

    // A hand-edited link says what is wrong and leads back.
    await page.goto(adminAppPath(stack.simulator.url, "/forecast?filter=soon"));
    await app.getByText("This forecast link is not valid").waitFor({ timeout: 30_000 });
    await app.getByText("filter must be one of at_risk, backordered, all.").waitFor();
    expect(hydrationErrors).toEqual([]);
  });
});
