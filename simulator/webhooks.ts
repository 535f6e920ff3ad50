import { createHmac, randomUUID } from "node:crypto";

// Delivers webhooks the way Shopify's HTTPS delivery does: a JSON POST signed with the app's client secret
// (X-Shopify-Hmac-Sha256 = base64 HMAC-SHA256 of the raw body), the X-Shopify-* headers shopify-api's
// webhooks.validate requires, and retries with backoff on non-2xx or network errors keeping the same
// X-Shopify-Webhook-Id, so the app's dedupe-by-id logic is exercised. Shopify retries 8 times over 4 hours;
// locally the attempts and delays are configurable and short.

export type WebhookAttempt = { at: string; status: number | null; error?: string; durationMs: number };

export type WebhookDelivery = {
  webhookId: string;
  topic: string;
  shop: string;
  uri: string;
  eventId: string;
  triggeredAt: string;
  apiVersion: string;
  status: "pending" | "delivered" | "failed";
  attempts: number;
  history: WebhookAttempt[];
  lastStatus: number | null;
  deliveredAt: string | null;
  /** Set on a replay: the delivery (same webhookId) this one re-sends. */
  replay: boolean;
  hmacTampered: boolean;
  payload: unknown;
};

export type DeliverWebhookOptions = {
  webhookId?: string;
  eventId?: string;
  triggeredAt?: Date | string;
  /** Sign with a wrong key so the app's HMAC check must reject the request. */
  tamperHmac?: boolean;
};

export type WebhookRetryOptions = { attempts?: number; baseDelayMs?: number };

export type WebhookDispatcherOptions = {
  apiSecret: string;
  apiVersion: string;
  /** The subscribed endpoint for a topic, or null when the app did not subscribe. */
  resolveUri: (topic: string) => string | null;
  retry?: WebhookRetryOptions;
  timeoutMs?: number;
  fetch?: typeof fetch;
  now?: () => Date;
};

export const DEFAULT_WEBHOOK_RETRY = { attempts: 4, baseDelayMs: 250 };
const DEFAULT_TIMEOUT_MS = 5000;

export class NoSubscriptionError extends Error {
  constructor(readonly topic: string) {
    super(`The app has no webhook subscription for topic ${topic} in shopify.app.toml`);
  }
}

export function signWebhookBody(rawBody: string, secret: string): string {
  return createHmac("sha256", secret).update(rawBody, "utf8").digest("base64");
}

/** The headers of one Shopify webhook request (what WebhookDispatcher sends), signed with `secret`. */
export function buildWebhookHeaders(
  delivery: Pick<WebhookDelivery, "topic" | "shop" | "webhookId" | "eventId" | "triggeredAt" | "apiVersion">,
  rawBody: string,
  secret: string,
): Record<string, string> {
  return {
    "Content-Type": "application/json",
    "User-Agent": "Shopify-Captain-Hook",
    "X-Shopify-Topic": delivery.topic,
    "X-Shopify-Hmac-Sha256": signWebhookBody(rawBody, secret),
    "X-Shopify-Shop-Domain": delivery.shop,
    "X-Shopify-Webhook-Id": delivery.webhookId,
    "X-Shopify-Event-Id": delivery.eventId,
    "X-Shopify-Triggered-At": delivery.triggeredAt,
    "X-Shopify-API-Version": delivery.apiVersion,
  };
}

export class WebhookDispatcher {
  readonly log: WebhookDelivery[] = [];
  private readonly rawBodies = new Map<string, string>();
  private readonly inFlight = new Set<Promise<WebhookDelivery>>();
  private readonly timers = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  private closed = false;

  constructor(private readonly opts: WebhookDispatcherOptions) {}

  hasSubscription(topic: string): boolean {
    return this.opts.resolveUri(topic) !== null;
  }

  /** Sends one webhook (with retries). Resolves with the delivery record once it succeeded or gave up. */
  deliver(topic: string, shop: string, payload: unknown, options: DeliverWebhookOptions = {}): Promise<WebhookDelivery> {
    const uri = this.opts.resolveUri(topic);
    if (!uri) return Promise.reject(new NoSubscriptionError(topic));
    const triggeredAt = options.triggeredAt ?? this.opts.now?.() ?? new Date();
    const delivery: WebhookDelivery = {
      webhookId: options.webhookId ?? randomUUID(),
      topic,
      shop,
      uri,
      eventId: options.eventId ?? randomUUID(),
      triggeredAt: typeof triggeredAt === "string" ? triggeredAt : triggeredAt.toISOString(),
      apiVersion: this.opts.apiVersion,
      status: "pending",
      attempts: 0,
      history: [],
      lastStatus: null,
      deliveredAt: null,
      replay: false,
      hmacTampered: Boolean(options.tamperHmac),
      payload,
    };
    const rawBody = JSON.stringify(payload ?? {});
    return this.track(delivery, rawBody);
  }

  /** Re-sends an earlier delivery byte-for-byte with the same webhook id, like Shopify's retry of a "lost" ack. */
  replay(webhookId: string): Promise<WebhookDelivery> | null {
    const original = [...this.log].reverse().find((delivery) => delivery.webhookId === webhookId);
    const rawBody = this.rawBodies.get(webhookId);
    if (!original || rawBody === undefined) return null;
    const delivery: WebhookDelivery = {
      ...original,
      status: "pending",
      attempts: 0,
      history: [],
      lastStatus: null,
      deliveredAt: null,
      replay: true,
    };
    return this.track(delivery, rawBody);
  }

  /** Resolves when every delivery started so far (including retries) has finished. */
  async idle(): Promise<void> {
    while (this.inFlight.size) await Promise.allSettled([...this.inFlight]);
  }

  /** Cancels pending retry waits; deliveries still waiting end as failed. */
  close(): void {
    this.closed = true;
    for (const pending of this.timers) {
      clearTimeout(pending.timer);
      pending.resolve();
    }
    this.timers.clear();
  }

  private track(delivery: WebhookDelivery, rawBody: string): Promise<WebhookDelivery> {
    this.log.push(delivery);
    if (!this.rawBodies.has(delivery.webhookId)) this.rawBodies.set(delivery.webhookId, rawBody);
    const run = this.run(delivery, rawBody).finally(() => this.inFlight.delete(run));
    this.inFlight.add(run);
    return run;
  }

  private async run(delivery: WebhookDelivery, rawBody: string): Promise<WebhookDelivery> {
    const maxAttempts = Math.max(1, this.opts.retry?.attempts ?? DEFAULT_WEBHOOK_RETRY.attempts);
    const baseDelayMs = this.opts.retry?.baseDelayMs ?? DEFAULT_WEBHOOK_RETRY.baseDelayMs;
    const secret = delivery.hmacTampered ? `${this.opts.apiSecret}-tampered` : this.opts.apiSecret;
    const headers = buildWebhookHeaders(delivery, rawBody, secret);
    const doFetch = this.opts.fetch ?? globalThis.fetch;

    for (let attempt = 1; attempt <= maxAttempts && !this.closed; attempt++) {
      const startedAt = Date.now();
      const record: WebhookAttempt = { at: new Date().toISOString(), status: null, durationMs: 0 };
      try {
        const response = await doFetch(delivery.uri, {
          method: "POST",
          headers,
          body: rawBody,
          signal: AbortSignal.timeout(this.opts.timeoutMs ?? DEFAULT_TIMEOUT_MS),
        });
        // Drain the body so keep-alive sockets are released.
        await response.arrayBuffer().catch(() => undefined);
        record.status = response.status;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      record.durationMs = Date.now() - startedAt;
      delivery.history.push(record);
      delivery.attempts = attempt;
      delivery.lastStatus = record.status;
      if (record.status !== null && record.status >= 200 && record.status < 300) {
        delivery.status = "delivered";
        delivery.deliveredAt = new Date().toISOString();
        return delivery;
      }
      if (attempt < maxAttempts) await this.sleep(baseDelayMs * 2 ** (attempt - 1));
    }
    delivery.status = "failed";
    return delivery;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const pending = {
        timer: setTimeout(() => {
          this.timers.delete(pending);
          resolve();
        }, ms),
        resolve,
      };
      this.timers.add(pending);
    });
  }
}

// ---- Compliance (GDPR) webhooks: Shopify sends these on the merchant's / customer's request; here, on command.

export const COMPLIANCE_TOPICS = ["customers/data_request", "customers/redact", "shop/redact"] as const;
export type ComplianceTopic = (typeof COMPLIANCE_TOPICS)[number];

export function isComplianceTopic(topic: string): topic is ComplianceTopic {
  return (COMPLIANCE_TOPICS as readonly string[]).includes(topic);
}

export type ComplianceCustomer = { id: number; email: string | null; phone: string | null };

export type ComplianceInput = {
  shopId: number;
  shop: string;
  customer?: ComplianceCustomer;
  orderIds?: number[];
  dataRequestId?: number;
};

/** Payloads shaped like Shopify's documented compliance webhook bodies. */
export function buildCompliancePayload(topic: ComplianceTopic, input: ComplianceInput): Record<string, unknown> {
  const base = { shop_id: input.shopId, shop_domain: input.shop };
  if (topic === "shop/redact") return base;
  const customer = input.customer ?? { id: 0, email: null, phone: null };
  if (topic === "customers/redact") return { ...base, customer, orders_to_redact: input.orderIds ?? [] };
  return {
    ...base,
    customer,
    orders_requested: input.orderIds ?? [],
    data_request: { id: input.dataRequestId ?? Math.floor(Math.random() * 1_000_000_000) },
  };
}

/** A stable positive integer derived from a string, for payload ids the store has no record of (guest customers). */
export function stableNumericId(value: string): number {
  const digest = createHmac("sha256", "simulator-id").update(value).digest();
  return digest.readUInt32BE(0) + 1;
}
