// Restock fan-out end to end: N confirmed subscribers of one sold-out variant; an inventory_levels/update webhook
// (accepted as the webhook route does) brings 100 units; `npm run worker` processes run the real handlers —
// webhook → restock detection → restock.batch (ShopSettings.alertMultiplier high enough that ONE batch covers
// everybody, sent in chunks of RESTOCK_CHUNK_SIZE) → N email.send jobs — against a local SMTP server
// (simulator/mailbox.ts, counting only). Measured: time from the webhook to the first and the last email accepted
// by SMTP, to the whole batch written to the outbox (the event's batchCount reaching 1), emails/s, and the workers'
// peak RSS. The label carries N ("restock fan-out, 10,000 subscribers"). The case has a fresh database of its own:
// its workers run every due job, and the jobs and subscribers other cases leave in the run's shared database (the
// ingest case's unprocessed webhooks, the admin case's demo shop) would otherwise be sent along and counted.
// N defaults to 10,000 so `npm run bench` (both databases) stays under 10 minutes on 2 cores: delivery, not the
// fan-out, is the bound (≈ 100 emails/s through 2 worker processes on that machine, so 100,000 alone would take
// ≈ 17 minutes per database). The 100,000 is its own run:
// `BENCH_FANOUT_SUBSCRIBERS=100000 BENCH_FANOUT_TIMEOUT_MS=3600000 npm run bench -- fan-out` (see the README).
import { performance } from "node:perf_hooks";
import { startMailbox } from "../../simulator/mailbox";
import { createBenchDatabase } from "../support/databases";
import { appProcessEnv, mib, peakRssBytes, spawnTsScript, stopChild } from "../support/processes";
import { sized } from "../support/scale";
import type { PrismaClient } from "@prisma/client";
import type { BenchScale } from "../support/scale";
import type { Measurement, MeasureCase } from "../types";

const UNITS = 100;

export const restockFanout: MeasureCase = {
  kind: "measure",
  database: true,
  name: "restock fan-out",
  description:
    "N subscribers of one variant → inventory webhook (+100 units) → worker processes (npm run worker) run detection, " +
    "one restock.batch and N email.send jobs → time until the last email is accepted by the local SMTP server; peak RSS per worker",
  async measure({ shopFor, database: shared, scale, log }) {
    // Imported here, not at the top: the app's db module binds its client to DATABASE_URL when first loaded, which
    // the harness sets just before the cases run.
    const { createPrismaClient } = await import("../../app/db.server");
    const database = await createBenchDatabase(shared.kind);
    const prisma = createPrismaClient(database.url);
    try {
      return await fanout({ prisma, shop: shopFor("fanout"), databaseUrl: database.url, scale, log });
    } finally {
      await prisma.$disconnect();
      await database.drop();
    }
  },
};

async function fanout(input: { prisma: PrismaClient; shop: string; databaseUrl: string; scale: BenchScale; log: (message: string) => void }): Promise<Measurement> {
  const { prisma, shop, scale, log } = input;
  const subscribers = sized("BENCH_FANOUT_SUBSCRIBERS", { full: 10_000, small: 2_000, tiny: 200 }, scale);
  const workers = sized("BENCH_FANOUT_WORKERS", { full: 2, small: 2, tiny: 1 }, scale);
  const timeoutMs = sized("BENCH_FANOUT_TIMEOUT_MS", { full: 420_000, small: 120_000, tiny: 60_000 }, scale);
  const product = "gid://shopify/Product/9100";
  const variant = "gid://shopify/ProductVariant/9101";
  const item = 9102;
  const old = new Date(Date.now() - 7 * 24 * 3600_000);

  // Seed: installed shop, one-batch settings, a sold-out variant, N confirmed subscribers (oldest first).
  const seedStart = performance.now();
  await prisma.shop.create({ data: { shop, ianaTimezone: "UTC", name: "Bench shop" } });
  await prisma.shopSettings.create({ data: { shop, alertMultiplier: Math.ceil(subscribers / UNITS) + 1, alertsAutoSend: true } });
  await prisma.product.create({ data: { shop, id: product, title: "Bench jacket", handle: "bench-jacket", shopifyUpdatedAt: old } });
  await prisma.variant.create({
    data: {
      shop, id: variant, productId: product, title: "Default", inventoryItemId: `gid://shopify/InventoryItem/${item}`,
      availableTotal: 0, inventoryPolicy: "DENY", shopifyUpdatedAt: old, backorderState: "sold_out",
    },
  });
  await prisma.inventoryLevel.create({
    data: { shop, inventoryItemId: `gid://shopify/InventoryItem/${item}`, locationId: "gid://shopify/Location/1", available: 0, shopifyUpdatedAt: old },
  });
  const CHUNK = 5_000;
  for (let start = 0; start < subscribers; start += CHUNK) {
    const rows = [];
    for (let i = start; i < Math.min(subscribers, start + CHUNK); i++) {
      const email = `shopper${i}@example.com`;
      const at = new Date(old.getTime() + i * 1000);
      rows.push({
        shop, variantId: variant, productId: product, email, emailNormalized: email, status: "active",
        unsubscribeToken: `bench-${i}-${Math.random().toString(36).slice(2)}`, createdAt: at, confirmedAt: at,
      });
    }
    await prisma.restockSubscription.createMany({ data: rows });
  }
  const seedMs = performance.now() - seedStart;
  log(`seeded ${subscribers} subscribers in ${(seedMs / 1000).toFixed(1)} s`);

  const mailbox = await startMailbox({ keepMessages: false });
  const env = appProcessEnv({
    databaseUrl: input.databaseUrl,
    appUrl: "http://127.0.0.1:3999",
    smtpUrl: mailbox.url,
    extra: { JOB_IDLE_MS: "50" },
  });
  const children = Array.from({ length: workers }, () => spawnTsScript("scripts/worker.ts", env));
  const peaks = children.map(() => 0);
  const sample = () => children.forEach((c, i) => (peaks[i] = Math.max(peaks[i], peakRssBytes(c.pid!) || 0)));
  try {
    // Wait until every worker is up (they print a start line), so start-up is not part of the figure.
    const upBy = Date.now() + 30_000;
    while (!children.every((c) => c.output().includes("started"))) {
      const dead = children.find((c) => c.exitCode !== null);
      if (dead) throw new Error(`A worker exited during start-up:\n${dead.output()}`);
      if (Date.now() > upBy) throw new Error(`Workers did not start within 30 s:\n${children.map((c) => c.output()).join("\n")}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }

    const { acceptWebhook } = await import("../../app/services/webhook-intake.server");
    const started = performance.now();
    const now = new Date().toISOString();
    await acceptWebhook(
      {
        shop,
        topic: "INVENTORY_LEVELS_UPDATE",
        webhookId: `bench-restock-${Date.now()}`,
        triggeredAt: now,
        payload: { inventory_item_id: item, location_id: 1, available: UNITS, updated_at: now },
        receivedAt: new Date(now),
      },
      prisma,
    );
    let firstEmailMs = Number.NaN;
    let queuedMs = Number.NaN;
    let lastLogged = 0;
    let lastPolled = 0;
    while (mailbox.acceptedCount() < subscribers) {
      if (mailbox.acceptedCount() > 0 && Number.isNaN(firstEmailMs)) firstEmailMs = performance.now() - started;
      if (Number.isNaN(queuedMs) && performance.now() - lastPolled > 250) {
        lastPolled = performance.now();
        const event = await prisma.restockEvent.findFirst({ where: { shop, batchCount: { gte: 1 } }, select: { id: true } });
        if (event) queuedMs = performance.now() - started;
      }
      const dead = children.find((c) => c.exitCode !== null);
      if (dead) throw new Error(`A worker exited (code ${dead.exitCode}):\n${dead.output()}`);
      if (performance.now() - started > timeoutMs) {
        throw new Error(`Only ${mailbox.acceptedCount()} of ${subscribers} emails arrived within ${timeoutMs / 1000} s (BENCH_FANOUT_TIMEOUT_MS)`);
      }
      if (performance.now() - lastLogged > 15_000) {
        lastLogged = performance.now();
        log(`${mailbox.acceptedCount()} / ${subscribers} emails after ${((lastLogged - started) / 1000).toFixed(0)} s`);
      }
      sample();
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const totalMs = performance.now() - started;
    sample();
    const sent = await prisma.emailMessage.count({ where: { shop, kind: "back_in_stock", status: "sent" } });
    return {
      label: `restock fan-out, ${subscribers.toLocaleString("en-US")} subscribers`,
      figures: [
        { name: "time to last email", value: totalMs / 1000, unit: "s" },
        { name: "time to first email", value: firstEmailMs / 1000, unit: "s" },
        { name: "time to whole batch in outbox", value: (Number.isNaN(queuedMs) ? totalMs : queuedMs) / 1000, unit: "s" },
        { name: "emails/s", value: subscribers / (totalMs / 1000), unit: "emails/s" },
        { name: "peak RSS per worker (max)", value: mib(Math.max(...peaks)), unit: "MiB" },
      ],
      details: {
        subscribers,
        workers,
        chunk: process.env.RESTOCK_CHUNK_SIZE ?? 500,
        emailsAccepted: mailbox.acceptedCount(),
        duplicatesDropped: mailbox.duplicatesDropped(),
        rowsMarkedSentAtEnd: sent,
        seedS: Math.round(seedMs / 100) / 10,
      },
    };
  } finally {
    await Promise.all(children.map((c) => stopChild(c)));
    await mailbox.close();
  }
}
