import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Frame, Page } from "playwright-core";
import { launchChromium } from "../support/browser";
import { APP_CONFIG, appShopifyApi } from "../support/simulator-app";
import { startSimulator, type RunningSimulator } from "../../simulator/server";

// Drives the admin page + App Bridge stand-in in a real browser against a tiny fake app on another origin, so
// the postMessage handshake, fetch patching and bounce page are exercised as the Remix app will use them.
// Needs Debian's Chromium (`apt-get install -y chromium`, or CHROMIUM_PATH); fails loudly without it.

const API_KEY = "sim-bridge-key";
const API_SECRET = "sim-bridge-secret";
const SHOP = "backorders-demo.myshopify.com";

const shopify = appShopifyApi({ apiKey: API_KEY, apiSecretKey: API_SECRET });

describe("App Bridge stand-in in a browser", () => {
  let app: Server;
  let appUrl: string;
  let sim: RunningSimulator;
  let browser: Browser;
  let page: Page;
  const authorizations: string[] = [];
  let retryCalls = 0;

  beforeAll(async () => {
    // The fake app: pages shaped like what shopify-app-remix renders, and an API that echoes its auth header.
    app = createServer((req, res) => {
      const url = new URL(req.url ?? "/", "http://app");
      const appBridgeTag = `<script data-api-key="${API_KEY}" src="${sim.url}/app-bridge.js"></script>`;
      const html = (body: string) => {
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(`<!doctype html><html><head><meta name="shopify-api-key" content="${API_KEY}">${appBridgeTag}</head><body>${body}</body></html>`);
      };
      if (url.pathname === "/auth/session-token") {
        // shopify-app-remix's bounce page is exactly this script tag.
        res.writeHead(200, { "Content-Type": "text/html" });
        res.end(appBridgeTag);
      } else if (url.pathname === "/api/whoami") {
        authorizations.push(req.headers.authorization ?? "");
        res.writeHead(200, { "Content-Type": "application/json" }).end(JSON.stringify({ authorization: req.headers.authorization ?? null }));
      } else if (url.pathname === "/api/retry") {
        retryCalls += 1;
        if (retryCalls === 1) res.writeHead(401, { "X-Shopify-Retry-Invalid-Session-Request": "1" }).end();
        else res.writeHead(200, { "Content-Type": "application/json" }).end("{}");
      } else if (url.pathname.startsWith("/app")) {
        html(`<ui-nav-menu><a href="/app" rel="home">Home</a><a href="/app/settings">Settings</a></ui-nav-menu>
<ui-title-bar title="Backorders ${url.pathname}"></ui-title-bar><p id="path">${url.pathname}</p>`);
      } else {
        res.writeHead(404).end();
      }
    });
    await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
    appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
    sim = await startSimulator({ port: 0, appUrl, apiKey: API_KEY, apiSecret: API_SECRET, appConfigPath: APP_CONFIG, seed: "empty" });
    browser = await launchChromium();
    page = await browser.newPage();
  }, 30_000);

  afterAll(async () => {
    await browser?.close();
    await sim?.close();
    await new Promise((resolve) => app?.close(resolve));
  });

  async function appFrame(): Promise<Frame> {
    const handle = await page.waitForSelector("#app-frame");
    const frame = await handle.contentFrame();
    if (!frame) throw new Error("app iframe has no frame");
    await frame.waitForSelector("#path");
    return frame;
  }

  it("shows the app's nav menu and title in the admin chrome and authenticates same-origin fetches", async () => {
    await page.goto(`${sim.url}/store/backorders-demo/apps/backorders`);
    const frame = await appFrame();

    await page.waitForSelector("#app-nav a");
    expect(await page.locator("#app-nav a").allTextContents()).toEqual(["Settings"]);
    await page.waitForFunction(() => document.getElementById("app-title")?.textContent === "Backorders /app");

    const body = await frame.evaluate(() => fetch("/api/whoami").then((response) => response.json()));
    const token = String(body.authorization).replace(/^Bearer /, "");
    expect((await shopify.session.decodeSessionToken(token)).dest).toBe(`https://${SHOP}`);
  });

  it("gets fresh session tokens from the admin page when the URL has none", async () => {
    const frame = await appFrame();
    await frame.goto(`${appUrl}/app/plain`);
    await frame.waitForSelector("#path");

    const token = await frame.evaluate(() => (window as any).shopify.idToken());

    expect((await shopify.session.decodeSessionToken(token)).dest).toBe(`https://${SHOP}`);
  });

  it("retries once with a new token when the app asks for it", async () => {
    const frame = await appFrame();

    const status = await frame.evaluate(() => fetch("/api/retry").then((response) => response.status));

    expect(status).toBe(200);
    expect(retryCalls).toBe(2);
  });

  it("bounce page reloads the shopify-reload URL with a fresh id_token", async () => {
    const frame = await appFrame();
    const reload = `${appUrl}/app/settings?shop=${SHOP}&embedded=1`;

    await frame.goto(`${appUrl}/auth/session-token?shop=${SHOP}&embedded=1&shopify-reload=${encodeURIComponent(reload)}`);
    await frame.waitForURL(/\/app\/settings\?.*id_token=/);

    const idToken = new URL(frame.url()).searchParams.get("id_token")!;
    expect((await shopify.session.decodeSessionToken(idToken)).dest).toBe(`https://${SHOP}`);
  });

  it("renders toasts and follows admin nav clicks into the app", async () => {
    await page.goto(`${sim.url}/store/backorders-demo/apps/backorders`);
    const frame = await appFrame();
    await frame.evaluate(() => (window as any).shopify.toast.show("Saved"));
    expect(await frame.locator(".sim-ab-toast").textContent()).toBe("Saved");

    await page.click("#app-nav a:text('Settings')");
    await page.waitForURL(/\/apps\/backorders\/app\/settings$/);
    const settingsFrame = await appFrame();

    expect(await settingsFrame.locator("#path").textContent()).toBe("/app/settings");
  });
});
