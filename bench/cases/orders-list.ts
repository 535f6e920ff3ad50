// /app/orders behind the dashboard's numbers: the unfiltered open list (page 1) and an aging-bucket filter, on the
// same 10,000-order ledger as the dashboard case.
import { buildDashboardDataset, insertDashboardDataset } from "../fixtures/dashboard-dataset";
import type { BenchCase } from "../types";

const ORDERS = 10_000;

export const ordersList: BenchCase = {
  database: true,
  name: "orders list (10,000 orders)",
  description: "listBackorderLines: open lines page 1, then ?aging=15-30, per run",
  warmup: 5,
  runs: 30,
  async prepare({ prisma, shopFor }) {
    const { listBackorderLines, parseOrderListQuery } = await import("../../app/services/order-list.server");
    const shop = shopFor("orders-list");
    const now = new Date();
    const dataset = buildDashboardDataset({ shop, now, orders: ORDERS, seed: 2 });
    await insertDashboardDataset(prisma, dataset);
    const open = parseOrderListQuery(new URLSearchParams(""));
    const aged = parseOrderListQuery(new URLSearchParams("aging=15-30"));
    return {
      run: async () => {
        await listBackorderLines(shop, open, now);
        await listBackorderLines(shop, aged, now);
      },
      details: { orders: ORDERS, ledgerLines: dataset.lines.length },
    };
  },
};
