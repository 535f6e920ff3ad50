// Checkout cap refresh latency (issue 16): how long after an order the checkout validation function sees the new
// figure. The validation function reads `$app.backorder_sellable`, which only the app can move, so every checkout
// that completes between an order and the app's refresh is judged on the old figure: this latency IS the race
// window of the checkout-enforced cap (test/e2e/checkout-cap-race.test.ts counts the checkouts inside it).
// Set-up as in `npm run demo`: the built app (scripts/serve.ts, in-process job worker) against the simulator's demo
// shop, installed by token exchange and synced; a sold-out variant is put on backorder with a cap through the
// variant page. Then N orders of one unit each, one at a time, through the simulator's checkout (in this process,
// so the order's creation is timed exactly); after each, the simulated Shopify is read every millisecond until
// the variant's metafield holds the new value (orders/create webhook → the app's job → metafieldsSet).
// The next order waits for the refresh and a short pause, so each sample is one order's path, not a queue.
import { performance } from "node:perf_hooks";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP, demoAppEnv } from "../../scripts/demo-env";
import { buildAppIfStale, startApp } from "../../scripts/app-process";
import { installAndSync } from "../../scripts/install-demo-shop";
import { startSimulator } from "../../simulator/server";
import { capBackorders, publishedSellable, soldOutVariants, waitForIdleJobs } from "../../test/support/checkout-cap";
import { freePort } from "../../test/support/ports";
import { stopChild } from "../support/processes";
import { sized } from "../support/scale";
import { quantileOf } from "../support/stats";
import type { MeasureCase } from "../types";

const PAUSE_BETWEEN_ORDERS_MS = 100;
const REFRESH_TIMEOUT_MS = 30_000;

export const checkoutCapRefresh: MeasureCase = {
  kind: "measure",
  database: true,
  name: "checkout cap refresh",
  description:
    "order created in the simulator's checkout → the variant's $app.backorder_sellable holds the new value in the simulated Shopify " +
    "(orders/create webhook, the app's job, metafieldsSet), one order at a time; p50/p95/max over N orders",
  async measure({ prisma, database, scale, log }) {
    const orders = sized("BENCH_CAP_ORDERS", { full: 20, small: 10, tiny: 4 }, scale);
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
      smtpPort: 0, // the backorder confirmations the orders send land in the simulator's mailbox
    });
    const app = await startApp(demoAppEnv({ appUrl, simulatorUrl: simulator.url, databaseUrl: database.url, port: appPort, smtpUrl: simulator.smtpUrl }), appUrl);
    try {
      await installAndSync({ appUrl, shop: DEMO_SHOP, mintIdToken: (shop) => simulator.mintIdToken(shop), prisma, timeoutMs: 120_000 });
      await waitForIdleJobs(prisma);
      const [variantId] = soldOutVariants(simulator, DEMO_SHOP, 1);
      const cap = orders + 5; // never reached: every order moves the figure, none flips the variant to DENY
      await capBackorders({ appUrl, simulator, shop: DEMO_SHOP, variantId, cap, eta: "2099-01-15" });
      await waitForIdleJobs(prisma);
      log(`variant ${variantId} on backorder, cap ${cap}, sellable published`);

      const samples: number[] = [];
      for (let i = 0; i < orders; i++) {
        const expected = cap - i - 1;
        simulator.store.checkout(DEMO_SHOP, { lines: [{ variantId, quantity: 1 }], email: `bench-cap-${i}@example.com` });
        const created = performance.now();
        while (publishedSellable(simulator, DEMO_SHOP, variantId) !== expected) {
          if (performance.now() - created > REFRESH_TIMEOUT_MS) {
            throw new Error(`order ${i + 1}: sellable still ${publishedSellable(simulator, DEMO_SHOP, variantId)} after ${REFRESH_TIMEOUT_MS} ms (want ${expected})`);
          }
          await new Promise((resolve) => setTimeout(resolve, 1));
        }
        samples.push(performance.now() - created);
        await new Promise((resolve) => setTimeout(resolve, PAUSE_BETWEEN_ORDERS_MS));
      }
      samples.sort((a, b) => a - b);
      log(`refresh latencies (ms): ${samples.map((s) => Math.round(s)).join(", ")}`);
      return {
        label: `checkout cap refresh, ${orders} orders`,
        figures: [
          { name: "order → sellable refreshed p50", value: quantileOf(samples, 0.5), unit: "ms" },
          { name: "order → sellable refreshed p95", value: quantileOf(samples, 0.95), unit: "ms" },
          { name: "order → sellable refreshed max", value: samples[samples.length - 1], unit: "ms" },
        ],
        details: { orders, pauseMs: PAUSE_BETWEEN_ORDERS_MS, worker: "in-process (JOB_WORKER=inline)" },
      };
    } finally {
      await stopChild(app);
      await simulator.close();
    }
  },
};
