// The home page loader's work (catalog summary + dashboard analytics, one service call) on a ledger of 10,000
// orders with restock subscriptions; the same seeded data set test/integration/dashboard-on-10k-orders.test.ts checks for correctness.
import { buildDashboardDataset, insertDashboardDataset } from "../fixtures/dashboard-dataset";
import type { BenchCase } from "../types";

const ORDERS = 10_000;

export const dashboardLoader: BenchCase = {
  database: true,
  name: "dashboard loader (10,000 orders)",
  description: "loadHomeSummary: catalog counts + every dashboard aggregate, as the home page loader runs it",
  warmup: 5,
  runs: 50,
  async prepare({ prisma, shopFor }) {
    const { loadHomeSummary } = await import("../../app/services/home-summary.server");
    const shop = shopFor("dashboard");
    const now = new Date();
    const dataset = buildDashboardDataset({ shop, now, orders: ORDERS, seed: 1, otherShop: shopFor("dashboard-noise") });
    await insertDashboardDataset(prisma, dataset, [shop, shopFor("dashboard-noise")]);
    return {
      run: () => loadHomeSummary(shop, now),
      details: { orders: ORDERS, ledgerLines: dataset.lines.length, subscriptions: dataset.subscriptions.length },
    };
  },
};
