// Webhook ingest: 50 concurrent senders post correctly signed inventory_levels/update webhooks (real HMAC-SHA256
// with the app secret, a unique X-Shopify-Webhook-Id each) to the built app (scripts/serve.ts), each sender posting its
// next request as soon as the previous one was answered, for a fixed duration. The worker is off (JOB_WORKER=off):
// this measures ingest alone — HMAC check, dedupe receipt and job row in one transaction, 200 — not processing.
// Senders and app share the machine's cores.
import { createHmac, randomUUID } from "node:crypto";
import http from "node:http";
import { performance } from "node:perf_hooks";
import { quantileOf } from "../support/stats";
import { startBuiltApp } from "../support/app";
import { sized } from "../support/scale";
import type { MeasureCase } from "../types";

type SenderStats = { latencies: number[]; ok: number; failed: number; statuses: Map<number, number> };

function post(agent: http.Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "POST", agent, headers: { ...headers, "Content-Length": String(Buffer.byteLength(body)) } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.statusCode ?? 0));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

export const webhookIngest: MeasureCase = {
  kind: "measure",
  database: true,
  name: "webhook ingest",
  description:
    "50 concurrent senders → signed inventory_levels/update webhooks (unique ids) → built app (scripts/serve.ts, JOB_WORKER=off: ingest only) " +
    "for a fixed time; acknowledged (200) requests/s and latency percentiles",
  async measure({ database, scale, log }) {
    const concurrency = sized("BENCH_INGEST_CONCURRENCY", { full: 50, small: 50, tiny: 5 }, scale);
    const durationMs = sized("BENCH_INGEST_SECONDS", { full: 12, small: 5, tiny: 1 }, scale) * 1000;
    const warmupMs = Math.min(3000, durationMs / 2);
    const secret = "bench-webhook-secret";
    const app = await startBuiltApp({ databaseUrl: database.url, extra: { JOB_WORKER: "off", SHOPIFY_API_SECRET: secret, SHOPIFY_API_KEY: "bench-api-key" } });
    log(`app up at ${app.url} (build ${(app.buildMs / 1000).toFixed(1)} s)`);
    const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
    const target = new URL(`${app.url}/webhooks/inventory_levels/update`);
    const shop = "bench-ingest.myshopify.com";
    let item = 0;

    const signed = () => {
      const now = new Date().toISOString();
      const body = JSON.stringify({ inventory_item_id: 40_000_000 + (item++ % 5000), location_id: 1, available: item % 17, updated_at: now });
      return {
        body,
        headers: {
          "Content-Type": "application/json",
          "X-Shopify-Topic": "inventory_levels/update",
          "X-Shopify-Hmac-Sha256": createHmac("sha256", secret).update(body, "utf8").digest("base64"),
          "X-Shopify-Shop-Domain": shop,
          "X-Shopify-Webhook-Id": randomUUID(),
          "X-Shopify-Event-Id": randomUUID(),
          "X-Shopify-Triggered-At": now,
          "X-Shopify-API-Version": "2026-10",
        },
      };
    };

    async function sender(until: number, stats: SenderStats | null) {
      while (performance.now() < until) {
        const { body, headers } = signed();
        const start = performance.now();
        let status = 0;
        try {
          status = await post(agent, target, headers, body);
        } catch {
          status = 0;
        }
        if (!stats) continue;
        stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1);
        if (status === 200) {
          stats.ok++;
          stats.latencies.push(performance.now() - start);
        } else stats.failed++;
      }
    }

    try {
      // Warm-up (JIT, connection pool, SQLite page cache), not counted.
      await Promise.all(Array.from({ length: concurrency }, () => sender(performance.now() + warmupMs, null)));
      const stats: SenderStats = { latencies: [], ok: 0, failed: 0, statuses: new Map() };
      const started = performance.now();
      await Promise.all(Array.from({ length: concurrency }, () => sender(started + durationMs, stats)));
      const elapsedS = (performance.now() - started) / 1000;
      const sorted = stats.latencies.sort((a, b) => a - b);
      return {
        figures: [
          { name: "acknowledged requests/s", value: stats.ok / elapsedS, unit: "req/s" },
          { name: "p50 latency", value: quantileOf(sorted, 0.5), unit: "ms" },
          { name: "p99 latency", value: quantileOf(sorted, 0.99), unit: "ms" },
          { name: "max latency", value: sorted[sorted.length - 1] ?? Number.NaN, unit: "ms" },
          { name: "non-200 answers", value: stats.failed, unit: "requests" },
        ],
        details: {
          concurrency,
          seconds: durationMs / 1000,
          acknowledged: stats.ok,
          statuses: [...stats.statuses].map(([s, n]) => `${s}:${n}`).join(","),
        },
      };
    } finally {
      agent.destroy();
      await app.stop();
    }
  },
};
