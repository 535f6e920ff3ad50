// End to end, the way `npm run demo` runs: the built app (scripts/serve.ts) against the simulator, installed through
// the real token-exchange path, catalog synced by bulk operation, kept current by webhooks, shown in Chromium.
// @sqlite-only: Chromium end to end against the built app, kept to one browser pass for `npm test` time; install, bulk sync and webhooks on PostgreSQL are covered by postgres-multi-instance, demo-seed and catalog-sync
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import type { RunningSimulator } from "../../simulator/server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import { installAndSync } from "../../scripts/install-demo-shop";
import { DESKTOP_USER_AGENT, launchChromium } from "../support/browser";
import { adminAppPath, saveScreenshot, startDemoStack, waitFor, type DemoStack } from "../support/demo-stack";

let stack: DemoStack;
let simulator: RunningSimulator;
let appUrl: string;
const grants: string[] = [];

beforeAll(async () => {
  // Access tokens inside the library's 5-minute refresh window: every background use must refresh.
  stack = await startDemoStack({ accessTokenTtlSeconds: 120 });
  ({ simulator, appUrl } = stack);
  const handleTokenRequest = simulator.oauth.handleTokenRequest.bind(simulator.oauth);
  simulator.oauth.handleTokenRequest = (shop, body) => {
    grants.push(String(body.grant_type));
    return handleTokenRequest(shop, body);
  };
});

afterAll(async () => {
  await stack?.stop();
});

describe("demo: app ↔ simulator end to end", () => {
  it("GIVEN a fresh shop WHEN the merchant opens the app THEN it installs by token exchange and mirrors the whole catalog", async () => {
    const synced = await installAndSync({ appUrl, shop: DEMO_SHOP, mintIdToken: (shop) => simulator.mintIdToken(shop), prisma });
    const store = simulator.store.snapshot(DEMO_SHOP);
    expect(synced.variants).toBe(store.variants.length);
    expect(synced.variants).toBeGreaterThanOrEqual(100);
    expect(synced.products).toBe(store.products.length);

    const mirror = await prisma.variant.findMany({ where: { shop: DEMO_SHOP } });
    const byId = new Map(mirror.map((variant) => [variant.id, variant]));
    for (const variant of store.variants) {
      expect(byId.get(variant.id), variant.id).toMatchObject({
        availableTotal: variant.availableTotal,
        inventoryPolicy: variant.inventoryPolicy,
        tracked: variant.tracked,
        inventoryItemId: variant.inventoryItemId,
      });
    }
    // The seed has every kind of variant the product cares about.
    expect(mirror.some((v) => v.tracked && v.availableTotal < 0 && v.inventoryPolicy === "CONTINUE")).toBe(true);
    expect(mirror.some((v) => v.tracked && v.availableTotal <= 0 && v.inventoryPolicy === "DENY")).toBe(true);
  });

  it("GIVEN expiring offline tokens THEN the stored session can be refreshed and background jobs refreshed it", async () => {
    const session = await prisma.session.findFirstOrThrow({ where: { shop: DEMO_SHOP, isOnline: false } });
    expect(session.refreshToken).toBeTruthy();
    expect(session.expires).not.toBeNull();
    expect(grants[0]).toBe("urn:ietf:params:oauth:grant-type:token-exchange");
    expect(grants).toContain("refresh_token");
    expect(simulator.oauth.findAccessToken(session.accessToken)).not.toBeNull(); // the latest token is live
  });

  it("GIVEN stock changes in Shopify THEN the inventory_levels/update webhook updates the mirror", async () => {
    const soldOut = simulator.store.snapshot(DEMO_SHOP).variants.find((v) => v.tracked && v.availableTotal === 0 && v.inventoryPolicy === "DENY");
    expect(soldOut).toBeDefined();
    simulator.store.setAvailable(DEMO_SHOP, { variantId: soldOut!.id, available: 7 });
    await simulator.waitForWebhooks();
    const variant = await waitFor(
      () => prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop: DEMO_SHOP, id: soldOut!.id } } }),
      (row) => row.availableTotal === 7,
    );
    expect(variant.availableTotal).toBe(7);
    const delivery = simulator.webhookLog.find((d) => d.topic === "inventory_levels/update");
    expect(delivery).toMatchObject({ status: "delivered", lastStatus: 200 });
  });

  it("GIVEN a desktop browser THEN the simulated admin shows the embedded app home with the synced catalog", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, userAgent: DESKTOP_USER_AGENT });
      await page.goto(adminAppPath(simulator.url));
      const frame = page.frameLocator("iframe").first();
      const variantCount = await prisma.variant.count({ where: { shop: DEMO_SHOP } });
      await frame.getByText(`${variantCount} variants across`).waitFor({ timeout: 20_000 });
      await frame.getByText("Backordered", { exact: true }).waitFor();
      await frame.getByText("Synced", { exact: true }).waitFor();
      await saveScreenshot(page, "demo-admin-home.png");
    } finally {
      await browser.close();
    }
  });
});
