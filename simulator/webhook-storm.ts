// A webhook storm: the deliveries a store produced, sent the way a bad day at Shopify delivers them to a scaled-out
// app — spread round-robin over several app instances, some re-sent with the same X-Shopify-Webhook-Id
// (duplicates), some delayed behind newer ones (out of order), and some forged copies with a wrong HMAC signature
// (same webhook id, so an app that records a receipt before checking the signature would drop the genuine one).
// Every request is sent once (no retries) and its status code recorded, so a test can check each answer.
//
//   const deliveries = await captureWebhooks(simulator, () => { …store mutations… });
//   const results = await runWebhookStorm({ deliveries, targets: appUrls, apiSecret, seed: 7 });
import { randomUUID } from "node:crypto";
import { findSubscriptionUri, type AppConfig } from "./app-config";
import type { SimEvent, SimulatorStore } from "./store";
import { buildWebhookHeaders } from "./webhooks";
import { seededRandom } from "./seeded-random";

/** One genuine webhook as Shopify would send it (its path is the app's subscribed endpoint for the topic). */
export type StormDelivery = {
  topic: string;
  shop: string;
  path: string;
  webhookId: string;
  eventId: string;
  triggeredAt: string;
  apiVersion: string;
  payload: unknown;
};

export type StormRequestKind = "original" | "duplicate" | "bad-hmac";

export type StormResult = {
  /** Index into `deliveries` of the webhook this request carries. */
  delivery: number;
  webhookId: string;
  topic: string;
  kind: StormRequestKind;
  /** An original sent after newer deliveries (out of order). */
  delayed: boolean;
  target: string;
  status: number | null;
  error?: string;
  durationMs: number;
};

export type WebhookStormOptions = {
  deliveries: readonly StormDelivery[];
  /** Base URLs of the app instances; request i goes to targets[i % targets.length]. */
  targets: readonly string[];
  apiSecret: string;
  /** Shares of ALL requests sent: re-sent genuine deliveries, and forged ones. Defaults 0.2 and 0.05. */
  duplicateRatio?: number;
  badHmacRatio?: number;
  /** Share of the genuine deliveries sent after newer ones (default 0.1). */
  outOfOrderRatio?: number;
  /** How far (in requests) a delayed delivery or a duplicate may move behind its place (default 400). */
  maxDisplacement?: number;
  seed?: number;
  /** Requests in flight at once (default 32). */
  concurrency?: number;
  timeoutMs?: number;
  fetch?: typeof fetch;
};

export { seededRandom };

/**
 * Runs `mutate` (store changes) with the simulator's own webhook delivery suspended and returns the webhooks those
 * changes produced, in the order Shopify emitted them, ready for runWebhookStorm. Events the app's own Admin API
 * calls cause meanwhile are captured too. Delivery resumes afterwards.
 */
export async function captureWebhooks(
  simulator: { store: SimulatorStore; config: AppConfig },
  mutate: (captured: readonly StormDelivery[]) => void | Promise<void>,
): Promise<StormDelivery[]> {
  const { config, store } = simulator;
  const subscriptions = config.subscriptions;
  const captured: StormDelivery[] = [];
  const unsubscribe = store.onEvent((event: SimEvent) => {
    const uri = findSubscriptionUri({ ...config, subscriptions }, event.topic);
    if (!uri) return;
    captured.push({
      topic: event.topic,
      shop: event.shop,
      path: new URL(uri).pathname,
      webhookId: randomUUID(),
      eventId: event.eventId,
      triggeredAt: event.triggeredAt.toISOString(),
      apiVersion: config.webhookApiVersion,
      payload: event.payload,
    });
  });
  // The simulator's dispatcher looks the subscription up on every event: with none, it delivers nothing.
  config.subscriptions = [];
  try {
    await mutate(captured);
  } finally {
    config.subscriptions = subscriptions;
    unsubscribe();
  }
  return captured;
}

type PlannedRequest = { key: number; delivery: number; kind: StormRequestKind; delayed: boolean };

/** The order of requests: originals (some delayed), duplicates after their original, forged copies anywhere. */
export function planWebhookStorm(options: Pick<WebhookStormOptions, "duplicateRatio" | "badHmacRatio" | "outOfOrderRatio" | "maxDisplacement" | "seed"> & { deliveries: number }): PlannedRequest[] {
  const random = seededRandom(options.seed ?? 1);
  const duplicateRatio = options.duplicateRatio ?? 0.2;
  const badHmacRatio = options.badHmacRatio ?? 0.05;
  const outOfOrderRatio = options.outOfOrderRatio ?? 0.1;
  const maxDisplacement = options.maxDisplacement ?? 400;
  const genuineShare = 1 - duplicateRatio - badHmacRatio;
  if (genuineShare <= 0) throw new Error("duplicateRatio + badHmacRatio must be below 1");
  const originals = options.deliveries;
  const total = Math.round(originals / genuineShare);
  const duplicates = Math.round(total * duplicateRatio);
  const forged = total - originals - duplicates;
  const pick = (count: number, from: number) => {
    const indexes = Array.from({ length: from }, (_, i) => i);
    for (let i = indexes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [indexes[i], indexes[j]] = [indexes[j], indexes[i]];
    }
    return indexes.slice(0, count);
  };

  const plan: PlannedRequest[] = [];
  const delayed = new Set(pick(Math.round(originals * outOfOrderRatio), originals));
  const keyOf: number[] = [];
  for (let i = 0; i < originals; i++) {
    // A delayed delivery goes out after at least one newer one (+1.5 … +maxDisplacement places).
    const key = delayed.has(i) ? i + 1.5 + random() * (maxDisplacement - 1.5) : i;
    keyOf.push(key);
    plan.push({ key, delivery: i, kind: "original", delayed: delayed.has(i) });
  }
  // Duplicates: a third right behind the original (concurrently, at another instance), the rest later on.
  for (let n = 0; n < duplicates; n++) {
    const delivery = Math.floor(random() * originals);
    const gap = random() < 1 / 3 ? random() * 0.9 : random() * maxDisplacement;
    plan.push({ key: keyOf[delivery] + 0.05 + gap, delivery, kind: "duplicate", delayed: false });
  }
  // Forged copies: before or after the genuine delivery they imitate.
  for (let n = 0; n < forged; n++) {
    const delivery = Math.floor(random() * originals);
    plan.push({ key: keyOf[delivery] + (random() * 2 - 1) * maxDisplacement, delivery, kind: "bad-hmac", delayed: false });
  }
  return plan.sort((a, b) => a.key - b.key);
}

/** Sends the storm and resolves with one result per request, in the order they were started. */
export async function runWebhookStorm(options: WebhookStormOptions): Promise<StormResult[]> {
  if (!options.targets.length) throw new Error("runWebhookStorm needs at least one target");
  const plan = planWebhookStorm({ ...options, deliveries: options.deliveries.length });
  const doFetch = options.fetch ?? globalThis.fetch;
  const bodies = options.deliveries.map((delivery) => JSON.stringify(delivery.payload ?? {}));
  const results: StormResult[] = new Array(plan.length);
  let next = 0;

  async function send(index: number): Promise<void> {
    const request = plan[index];
    const delivery = options.deliveries[request.delivery];
    const target = options.targets[index % options.targets.length].replace(/\/$/, "");
    const secret = request.kind === "bad-hmac" ? `${options.apiSecret}-forged` : options.apiSecret;
    const startedAt = Date.now();
    const result: StormResult = {
      delivery: request.delivery,
      webhookId: delivery.webhookId,
      topic: delivery.topic,
      kind: request.kind,
      delayed: request.delayed,
      target,
      status: null,
      durationMs: 0,
    };
    try {
      const response = await doFetch(`${target}${delivery.path}`, {
        method: "POST",
        headers: buildWebhookHeaders(delivery, bodies[request.delivery], secret),
        body: bodies[request.delivery],
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
      await response.arrayBuffer().catch(() => undefined);
      result.status = response.status;
    } catch (error) {
      result.error = error instanceof Error ? error.message : String(error);
    }
    result.durationMs = Date.now() - startedAt;
    results[index] = result;
  }

  const lanes = Array.from({ length: Math.max(1, options.concurrency ?? 32) }, async () => {
    while (next < plan.length) await send(next++);
  });
  await Promise.all(lanes);
  return results;
}
