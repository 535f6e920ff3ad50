import type { ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Browser, FrameLocator, Page } from "playwright-core";
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "../../simulator/server";
import { startApp, stopProcess } from "../../scripts/app-process";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP, demoAppEnv } from "../../scripts/demo-env";
import { freePort } from "./ports";
import { DESKTOP_USER_AGENT } from "./browser";
import { installAndSync } from "../../scripts/install-demo-shop";

export type DemoStack = { simulator: RunningSimulator; app: ChildProcess; appUrl: string; stop(): Promise<void> };

/**
 * The `npm run demo` stack for tests: the built app (scripts/serve.ts) pointed at an in-process simulator with the
 * seeded demo shop, on free ports, using the test file's own database.
 */
export async function startDemoStack(options: Partial<StartSimulatorOptions> = {}): Promise<DemoStack> {
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
    smtpPort: 0, // the simulator's mailbox receives the app's emails
    ...options,
  });
  const app = await startApp(
    demoAppEnv({ appUrl, simulatorUrl: simulator.url, databaseUrl: process.env.DATABASE_URL!, port: appPort, smtpUrl: simulator.smtpUrl }),
    appUrl,
  );
  return {
    simulator,
    app,
    appUrl,
    async stop() {
      await stopProcess(app);
      await simulator.close();
    },
  };
}

export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let value = await read();
  while (!done(value)) {
    if (Date.now() > deadline) throw new Error(`Timed out; last value: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    value = await read();
  }
  return value;
}

/** Saves a full-page screenshot under test-results/ (kept by CI as evidence of what a person sees). */
export async function saveScreenshot(page: Page, name: string): Promise<string> {
  const dir = path.resolve(import.meta.dirname, "../../test-results");
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, name);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

export const adminAppPath = (simulatorUrl: string, appPath = "") =>
  `${simulatorUrl}/store/${DEMO_SHOP.replace(".myshopify.com", "")}/apps/backorders${appPath}`;

export { stopProcess };

/** The demo stack with the app installed on the demo shop and its catalog synced (what most browser tests need). */
export async function startInstalledDemoStack(options: Partial<StartSimulatorOptions> = {}): Promise<DemoStack> {
  const stack = await startDemoStack(options);
  const { default: prisma } = await import("../../app/db.server");
  await installAndSync({ appUrl: stack.appUrl, shop: DEMO_SHOP, mintIdToken: (shop) => stack.simulator.mintIdToken(shop), prisma });
  return stack;
}

/** A desktop page for the simulated Shopify admin; `app` is the embedded app's frame inside it. */
export async function openAdminPage(browser: Browser, height = 1000): Promise<{ page: Page; app: FrameLocator }> {
  const page = await browser.newPage({ viewport: { width: 1400, height }, userAgent: DESKTOP_USER_AGENT });
  return { page, app: page.frameLocator("iframe").first() };
}
