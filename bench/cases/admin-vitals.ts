// Admin web vitals: LCP, CLS and INP of the embedded app's home (dashboard), variants, forecast and waitlist pages, measured
// in Chromium (playwright-core) through the simulator's embedded admin — the app in its iframe, as a merchant opens
// it — with the simulated shop holding N variants (seedBigCatalog) that the app synced through the real install
// flow (token exchange → bulk catalog sync), and a waitlist of subscriptions over them and a stored forecast per variant (bench/fixtures/forecast-rows.ts). Pages are measured with the
// web process alone (JOB_WORKER=off after the install, as in a deployment with separate `npm run worker` processes).
// In the app's frame: PerformanceObserver for largest-contentful-paint (LCP, from the frame's navigation start),
// layout-shift (CLS: sum of shifts without recent input) and event timing (INP: the longest interaction's duration)
// after one interaction per page — variants: open the "State" filter; waitlist: type in the "High demand at" field;
// home and forecast: click the page heading. One warm-up load per page (server JIT, HTTP cache), then `runs` loads, each in a
// fresh page; LCP and INP are medians, CLS the worst. Desktop viewport, no CPU or network throttling.
import type { Frame, Page } from "playwright-core";
import { startSimulator } from "../../simulator/server";
import { seedBigCatalog } from "../../simulator/seed";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP, demoAppEnv } from "../../scripts/demo-env";
import { buildAppIfStale, startApp } from "../../scripts/app-process";
import { installAndSync } from "../../scripts/install-demo-shop";
import { DESKTOP_USER_AGENT, launchChromium } from "../../test/support/browser";
import { freePort } from "../../test/support/ports";
import { stopChild } from "../support/processes";
import { sized } from "../support/scale";
import { quantileOf } from "../support/stats";
import { seedForecastRows } from "../fixtures/forecast-rows";
import type { Figure, MeasureCase } from "../types";
import type { DatabaseKind } from "../support/databases";

type LayoutShift = { at: number; value: number; sources: string[] };
type Vitals = { lcp: number; cls: number; inp: number; interactions: number; shifts: LayoutShift[]; interactAt?: number };

const OBSERVERS = `(() => {
  const v = (window.__benchVitals = { lcp: 0, cls: 0, inp: 0, interactions: 0 });
  const observe = (type, onEntry, extra) => {
    try { new PerformanceObserver((list) => list.getEntries().forEach(onEntry)).observe({ type, buffered: true, ...extra }); } catch {}
  };
  observe("largest-contentful-paint", (e) => { v.lcp = e.renderTime || e.loadTime || e.startTime; });
  const describe = (node) => !node || !node.tagName ? String(node && node.nodeName) : node.tagName.toLowerCase() + (node.className && typeof node.className === "string" ? "." + node.className.trim().split(/\\s+/).slice(0, 2).join(".") : "") + (node.textContent ? " '" + node.textContent.trim().slice(0, 40) + "'" : "");
  v.shifts = [];
  observe("layout-shift", (e) => {
    if (e.hadRecentInput) return;
    v.cls += e.value;
    v.shifts.push({ at: Math.round(e.startTime), value: Number(e.value.toFixed(3)), sources: (e.sources || []).map((s) => describe(s.node) + " " + JSON.stringify([s.previousRect.x, s.previousRect.y, s.previousRect.width, s.previousRect.height, s.currentRect.x, s.currentRect.y, s.currentRect.width, s.currentRect.height])) });
  });
  observe("event", (e) => { if (e.interactionId) { v.interactions++; v.inp = Math.max(v.inp, e.duration); } }, { durationThreshold: 16 });
  observe("first-input", (e) => { v.inp = Math.max(v.inp, e.duration); });
})();`;

type AdminPage = { name: string; path: string; ready: (frame: Frame) => Promise<void>; interact: (frame: Frame, page: Page) => Promise<void> };

const PAGES: AdminPage[] = [
  {
    name: "home",
    path: "",
    ready: (f) => f.getByText("Backordered", { exact: true }).first().waitFor({ timeout: 30_000 }),
    interact: (f) => f.locator("h1").first().click(),
  },
  {
    name: "variants",
    path: "/variants",
    ready: (f) => f.locator("tbody tr").first().waitFor({ timeout: 30_000 }),
    interact: async (f) => {
      await f.getByRole("button", { name: "State" }).first().click();
      await f.getByLabel("Sold out").first().waitFor({ timeout: 10_000 });
    },
  },
  {
    name: "forecast",
    path: "/forecast",
    ready: (f) => f.locator("tbody tr").first().waitFor({ timeout: 30_000 }),
    interact: (f) => f.locator("h1").first().click(),
  },
  {
    name: "waitlist",
    path: "/waitlist",
    ready: (f) => f.getByText("Demand by variant").first().waitFor({ timeout: 30_000 }),
    interact: async (f, page) => {
      await f.getByLabel("High demand at").first().click();
      await page.keyboard.press("5");
    },
  },
];

export const adminVitals: MeasureCase = {
  kind: "measure",
  database: true,
  // The browser-side figures barely depend on the database (the loader cases compare those), and the 50,000-variant
  // set-up is the bench's longest: once, on SQLite, keeps the default run inside 10 minutes.
  // BENCH_VITALS_DATABASES=sqlite,postgresql measures both.
  onlyDatabases: (process.env.BENCH_VITALS_DATABASES ?? "sqlite").split(",").map((kind) => kind.trim()) as DatabaseKind[],
  name: "admin web vitals",
  description:
    "LCP / CLS / INP of the embedded home, variants, forecast and waitlist pages in Chromium via the simulator's admin, shop with N variants " +
    "synced by the app and a waitlist; median LCP and INP of the runs, worst CLS (Built for Shopify: LCP ≤ 2.5 s, CLS ≤ 0.1, INP ≤ 200 ms; our bar LCP ≤ 1 s)",
  async measure({ prisma, database, scale, log }) {
    const variants = sized("BENCH_VARIANTS", { full: 50_000, small: 10_000, tiny: 500 }, scale);
    const runs = sized("BENCH_VITALS_RUNS", { full: 2, small: 1, tiny: 1 }, scale);
    const subscribers = sized("BENCH_WAITLIST_SUBSCRIBERS", { full: 5_000, small: 1_000, tiny: 50 }, scale);
    if (process.env.BENCH_SKIP_BUILD !== "1") buildAppIfStale();
    const appPort = await freePort();
    const appUrl = `http://127.0.0.1:${appPort}`;
    const simulator = await startSimulator({
      port: 0,
      host: "127.0.0.1",
      appUrl,
      apiKey: DEMO_API_KEY,
      apiSecret: DEMO_API_SECRET,
      seed: "demo",
      shops: [DEMO_SHOP],
      throttle: { restoreRate: 10_000, maximumAvailable: 1_000_000 }, // set-up speed; throttling is measured elsewhere
    });
    seedBigCatalog(simulator.store, simulator.store.getShopData(DEMO_SHOP), { products: Math.ceil(variants / 5), variantsPerProduct: 5 });
    let app = await startApp(demoAppEnv({ appUrl, simulatorUrl: simulator.url, databaseUrl: database.url, port: appPort }), appUrl);
    const browser = await launchChromium();
    try {
      const syncStart = Date.now();
      const synced = await installAndSync({ appUrl, shop: DEMO_SHOP, mintIdToken: (shop) => simulator.mintIdToken(shop), prisma, timeoutMs: 300_000 });
      log(`installed and synced ${synced.variants} variants in ${((Date.now() - syncStart) / 1000).toFixed(1)} s`);
      await seedWaitlist(prisma, subscribers);
      // The forecast page reads stored forecasts (a recompute's output): one row per synced variant.
      await seedForecastRows(prisma, DEMO_SHOP, new Date());
      // The install queues follow-up work (storefront metafields for every variant, rules…) that would keep the
      // in-process worker busy for minutes: measure the pages with the web process alone (JOB_WORKER=off, the
      // multi-process deployment's web role), the queued jobs left for a worker.
      const queued = await prisma.job.count({ where: { status: { in: ["queued", "running"] } } });
      await stopChild(app);
      app = await startApp({ ...demoAppEnv({ appUrl, simulatorUrl: simulator.url, databaseUrl: database.url, port: appPort }), JOB_WORKER: "off" }, appUrl);

      const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, userAgent: DESKTOP_USER_AGENT });
      await context.addInitScript(OBSERVERS);
      const figures: Figure[] = [];
      for (const adminPage of PAGES) {
        const samples: Vitals[] = [];
        for (let run = 0; run <= runs; run++) {
          const page = await context.newPage();
          try {
            const url = `${simulator.url}/store/${DEMO_SHOP.replace(".myshopify.com", "")}/apps/backorders${adminPage.path}`;
            await page.goto(url, { waitUntil: "commit" });
            const frame = await appFrame(page, appUrl);
            await adminPage.ready(frame);
            await page.waitForTimeout(500); // let the last paints land before input (input ends LCP)
            await frame.evaluate("window.__benchVitals.interactAt = Math.round(performance.now())");
            await adminPage.interact(frame, page);
            await page.waitForTimeout(500); // event timing entries are delivered after the next paint
            const vitals = (await frame.evaluate("window.__benchVitals")) as Vitals;
            if (run > 0) samples.push(vitals); // run 0 is the warm-up
          } finally {
            await page.close();
          }
        }
        const median = (pick: (v: Vitals) => number) => quantileOf(samples.map(pick).sort((a, b) => a - b), 0.5);
        figures.push(
          { name: `${adminPage.name} LCP`, value: median((v) => v.lcp), unit: "ms" },
          { name: `${adminPage.name} CLS`, value: Math.max(...samples.map((v) => v.cls)), unit: "" },
          { name: `${adminPage.name} INP`, value: median((v) => v.inp), unit: "ms" },
        );
        log(`${adminPage.name}: ${JSON.stringify(samples.map(({ lcp, cls, inp, interactions }) => ({ lcp, cls, inp, interactions })))}`);
        // BENCH_VITALS_DEBUG=1: each layout shift with the elements that moved (tag.class 'text' [x, y, w, h before, after]).
        if (process.env.BENCH_VITALS_DEBUG) for (const sample of samples) log(`${adminPage.name} shifts (input at ${sample.interactAt} ms): ${JSON.stringify(sample.shifts)}`);
      }
      await context.close();
      return { figures, details: { variants: synced.variants, waitlist: subscribers, jobsLeftQueued: queued, runs, viewport: "1400x1000", throttling: "none" } };
    } finally {
      await browser.close();
      await stopChild(app);
      await simulator.close();
    }
  },
};

async function appFrame(page: Page, appUrl: string): Promise<Frame> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const frame = page.frames().find((f) => f.url().startsWith(appUrl));
    if (frame) return frame;
    await page.waitForTimeout(50);
  }
  throw new Error(`The embedded app frame (${appUrl}) did not appear within 30 s`);
}

/** Confirmed subscriptions over the first variants of the mirror, so the waitlist page has demand to show. */
async function seedWaitlist(prisma: Parameters<MeasureCase["measure"]>[0]["prisma"], subscribers: number): Promise<void> {
  const variants = await prisma.variant.findMany({ where: { shop: DEMO_SHOP }, select: { id: true, productId: true }, orderBy: { id: "asc" }, take: 500 });
  const now = Date.now();
  for (let start = 0; start < subscribers; start += 5_000) {
    const rows = [];
    for (let i = start; i < Math.min(subscribers, start + 5_000); i++) {
      const variant = variants[i % variants.length];
      const email = `waiting${i}@example.com`;
      const at = new Date(now - (i + 1) * 60_000);
      rows.push({
        shop: DEMO_SHOP, variantId: variant.id, productId: variant.productId, email, emailNormalized: email, status: "active",
        unsubscribeToken: `bench-wait-${i}-${Math.random().toString(36).slice(2)}`, createdAt: at, confirmedAt: at,
      });
    }
    await prisma.restockSubscription.createMany({ data: rows });
  }
}
