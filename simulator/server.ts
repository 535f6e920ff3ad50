import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve as resolvePath } from "node:path";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { CheckoutError, SimulatorError, SimulatorStore } from "./store";
import { parseArrival } from "./inventory-transfers";
import { createAdminGraphqlExecutor, type ThrottleBudget } from "./graphql/execute";
import { MAX_STAGED_UPLOAD_BYTES, signStagedPolicy } from "./graphql/bulk-mutation";
import { loadAppConfig, findSubscriptionUri, type AppConfig } from "./app-config";
import { forwardAppProxyRequest } from "./app-proxy";
import { INVALID_ACCESS_TOKEN_MESSAGE, OAuthServer, signAdminQuery } from "./oauth";
import { mintIdToken as mintSessionToken, type MintIdTokenOptions } from "./session-token";
import {
  COMPLIANCE_TOPICS,
  DEFAULT_WEBHOOK_RETRY,
  WebhookDispatcher,
  buildCompliancePayload,
  isComplianceTopic,
  stableNumericId,
  type ComplianceCustomer,
  type DeliverWebhookOptions,
  type WebhookDelivery,
} from "./webhooks";
import { encodeHostParam, renderAdminPage, toAppPath } from "./admin-ui/admin-page";
import { renderSimulatorPage } from "./admin-ui/simulator-page";
import { renderOrdersPage } from "./admin-ui/orders-page";
import { renderInboundPage } from "./admin-ui/inbound-page";
import { createStorefront } from "./storefront/storefront";
import { mailboxJson, renderMailboxMessagePage, renderMailboxPage, startMailbox, type Mailbox } from "./mailbox";

// A local stand-in for the parts of Shopify the Backorders app talks to, on one node:http port:
//   Shopify-facing (what the app calls, rewritten from https://<shop>.myshopify.com + X-Shopify-Shop-Domain):
//     POST /admin/api/2026-10/graphql.json, POST /admin/oauth/access_token, GET /admin/oauth/authorize,
//     GET /bulk/:id.jsonl, POST /staged-uploads (the multipart upload of a stagedUploadsCreate target)
//   Browser-facing: /store/:shop/apps/<handle>[/*] (admin page embedding the app), /app-bridge.js, /simulator,
//     /storefront/:shop/... (storefront preview, simulator/storefront/storefront.ts),
//     /apps/<subpath>/* (storefront app proxy)
//   Test/demo control: /_sim/* JSON commands.
// Webhooks for the store's events go to the subscriptions in shopify.app.toml, signed like Shopify's.

export type StartSimulatorOptions = {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  appUrl: string;
  apiKey: string;
  apiSecret: string;
  /** Path to shopify.app.toml (default: ./shopify.app.toml). */
  appConfigPath?: string;
  /** The app's extensions folder, whose function extensions count as deployed (default: next to the app toml). */
  extensionsDir?: string | null;
  seed?: "demo" | "empty";
  /** With the demo seed: 60 days of past orders and a few inbound shipments, some late (simulator/demo-history.ts). */
  demoHistory?: boolean;
  /** Shops created at start (default: backorders-demo.myshopify.com). */
  shops?: string[];
  accessTokenTtlSeconds?: number;
  refreshTokenTtlSeconds?: number;
  throttle?: { restoreRate?: number; maximumAvailable?: number };
  webhookRetry?: { attempts?: number; baseDelayMs?: number };
  /** Request/delivery log lines; silent when omitted. */
  log?: (line: string) => void;
  now?: () => Date;
  /** Starts the mailbox (a local SMTP server, simulator/mailbox.ts) on this port; 0 picks a free port. */
  smtpPort?: number;
};

export type RunningSimulator = {
  url: string;
  store: SimulatorStore;
  config: AppConfig;
  oauth: OAuthServer;
  webhookLog: WebhookDelivery[];
  mintIdToken(shop: string, opts?: MintIdTokenOptions): string;
  /** Sends a webhook now, bypassing the store (tests: dedupe, bad HMAC, topics the store does not emit). */
  deliverWebhook(topic: string, shop: string, payload: unknown, opts?: DeliverWebhookOptions): Promise<WebhookDelivery>;
  /**
   * The shop's Admin GraphQL budget record: requests, THROTTLED answers, failed answers, the lowest bucket level
   * seen and the points spent (also GET /_sim/<shop>/throttle; POST /_sim/<shop>/throttle/reset starts afresh).
   */
  throttleBudget(shop: string): ThrottleBudget;
  /** Resolves once every webhook delivery started so far, retries included, has finished. */
  waitForWebhooks(): Promise<void>;
  /** Present when started with `smtpPort`: the emails the app sent, browsable at /mailbox. */
  mailbox?: Mailbox;
  /** SMTP_URL for the app when the mailbox runs (smtp://127.0.0.1:<port>). */
  smtpUrl?: string;
  close(): Promise<void>;
};

export const DEFAULT_SHOP = "backorders-demo.myshopify.com";
export const SUPPORTED_API_VERSIONS = new Set(["2026-10"]);
const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 3600;
const DEFAULT_REFRESH_TOKEN_TTL_SECONDS = 90 * 24 * 3600;
const MAX_BODY_BYTES = 10 * 1024 * 1024;
const SHOP_DOMAIN = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/;

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
  }
}

/** Accepts "name", "name.myshopify.com" or a URL-encoded form of either; returns the shop domain. */
export function normalizeShopDomain(value: string): string {
  const domain = decodeURIComponent(value).trim().toLowerCase().replace(/^https?:\/\//, "").replace(/\/$/, "");
  const full = domain.includes(".") ? domain : `${domain}.myshopify.com`;
  if (!SHOP_DOMAIN.test(full)) throw new HttpError(400, `Invalid shop domain: ${value}`);
  return full;
}

/** Numeric ids become GIDs of the given type; GIDs (possibly URL-encoded) pass through. */
export function toGid(type: string, value: unknown): string {
  const raw = decodeURIComponent(String(value ?? "")).trim();
  if (/^\d+$/.test(raw)) return `gid://shopify/${type}/${raw}`;
  if (raw.startsWith("gid://shopify/")) return raw;
  throw new HttpError(400, `Invalid ${type} id: ${String(value)}`);
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", ...headers });
  res.end(payload);
}

function sendHtml(res: ServerResponse, html: string): void {
  res.writeHead(200, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" });
  res.end(html);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, "Request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readBody(req);
  if (!text.trim()) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new HttpError(400, "Request body is not valid JSON");
  }
  if (!value || typeof value !== "object" || Array.isArray(value)) {
    throw new HttpError(400, "Request body must be a JSON object");
  }
  return value as Record<string, unknown>;
}

/** The token endpoint accepts JSON (what shopify-api sends) and form posts (what curl users send). */
async function readTokenRequestBody(req: IncomingMessage): Promise<Record<string, unknown>> {
  if ((req.headers["content-type"] ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(await readBody(req)));
  }
  return readJsonObject(req);
}

function shopHeader(req: IncomingMessage): string | null {
  const value = req.headers["x-shopify-shop-domain"];
  return typeof value === "string" && value ? value.trim().toLowerCase() : null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Best-effort customer and order ids for compliance payloads, from the REST-shaped orders in a snapshot. */
function complianceDefaults(orders: unknown): { customer?: ComplianceCustomer; orderIds: number[] } {
  const list = Array.isArray(orders) ? (orders as Record<string, unknown>[]) : [];
  const withEmail = list.find((order) => typeof order.email === "string" && order.email) ?? list[0];
  if (!withEmail) return { orderIds: [] };
  const customerRecord = (withEmail.customer ?? {}) as Record<string, unknown>;
  const email = (withEmail.email ?? customerRecord.email ?? null) as string | null;
  const customer: ComplianceCustomer = {
    id: Number(customerRecord.id ?? stableNumericId(String(email))),
    email,
    phone: (customerRecord.phone ?? withEmail.phone ?? null) as string | null,
  };
  const orderIds = list
    .filter((order) => order.email === email)
    .map((order) => Number(String(order.id).replace(/\D+/g, "")))
    .filter((id) => Number.isFinite(id) && id > 0);
  return { customer, orderIds };
}

export async function startSimulator(opts: StartSimulatorOptions): Promise<RunningSimulator> {
  const appUrl = opts.appUrl.replace(/\/$/, "");
  const appOrigin = new URL(appUrl).origin;
  const config = loadAppConfig(opts.appConfigPath ?? "shopify.app.toml", appUrl);
  const log = opts.log ?? (() => undefined);
  const appBridgeScript = readFileSync(new URL("./admin-ui/app-bridge.js", import.meta.url), "utf8");
  const now = opts.now ?? (() => new Date());
  const keys = { apiKey: opts.apiKey, apiSecret: opts.apiSecret, now };

  // The store needs the public URL (bulk result links), which is only known once the port is bound.
  let store!: SimulatorStore;
  let executeGraphql!: ReturnType<typeof createAdminGraphqlExecutor>;

  const oauth = new OAuthServer({
    ...keys,
    scopes: config.scopes,
    accessTokenTtlSeconds: opts.accessTokenTtlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: opts.refreshTokenTtlSeconds ?? DEFAULT_REFRESH_TOKEN_TTL_SECONDS,
    shopExists: (shop) => store.hasShop(shop),
    onInstall: ({ shop, scopes }) => {
      // The store enforces scopes on GraphQL fields and exposes the installation; keep it in step.
      store.markInstalled(shop);
      store.setGrantedScopes(shop, scopes);
    },
  });

  const dispatcher = new WebhookDispatcher({
    apiSecret: opts.apiSecret,
    apiVersion: config.webhookApiVersion,
    resolveUri: (topic) => findSubscriptionUri(config, topic),
    retry: { ...DEFAULT_WEBHOOK_RETRY, ...opts.webhookRetry },
    now,
  });

  const mintIdToken = (shop: string, tokenOpts?: MintIdTokenOptions) => mintSessionToken(keys, shop, tokenOpts);

  function deliverWebhook(topic: string, shop: string, payload: unknown, deliverOpts?: DeliverWebhookOptions) {
    return dispatcher.deliver(topic, shop, payload, deliverOpts).then((delivery) => {
      log(`webhook ${delivery.topic} → ${delivery.uri} [${delivery.status} after ${delivery.attempts} attempt(s)]`);
      return delivery;
    });
  }

  function requireShop(raw: string): string {
    const shop = normalizeShopDomain(raw);
    if (!store.hasShop(shop)) throw new HttpError(404, `Unknown shop: ${shop}`);
    return shop;
  }

  function shopName(shop: string): string {
    return shop.replace(/\.myshopify\.com$/, "");
  }

  function adminPath(shop: string): string {
    return `/store/${shopName(shop)}/apps/${config.handle}`;
  }

  // ---- Shopify-facing endpoints --------------------------------------------------------------------------

  async function handleGraphql(req: IncomingMessage, res: ServerResponse, version: string): Promise<void> {
    if (!SUPPORTED_API_VERSIONS.has(version)) return sendJson(res, 404, { errors: "Not Found" });
    const tokenHeader = req.headers["x-shopify-access-token"];
    const token = oauth.findAccessToken(typeof tokenHeader === "string" ? tokenHeader : null);
    const addressedShop = shopHeader(req);
    if (!token || (addressedShop && token.shop !== addressedShop)) {
      const rejectedShop = addressedShop ?? token?.shop;
      if (rejectedShop) executeGraphql.recordRejected(rejectedShop, 401, INVALID_ACCESS_TOKEN_MESSAGE);
      return sendJson(res, 401, { errors: INVALID_ACCESS_TOKEN_MESSAGE });
    }
    const shop = token.shop;

    let body: { query?: unknown; variables?: unknown; operationName?: unknown };
    if ((req.headers["content-type"] ?? "").includes("application/graphql")) body = { query: await readBody(req) };
    else body = await readJsonObject(req);
    if (typeof body.query !== "string" || !body.query.trim()) {
      executeGraphql.recordRejected(shop, 400, "Required parameter missing or invalid");
      return sendJson(res, 400, { errors: { query: "Required parameter missing or invalid" } });
    }
    const operationName = typeof body.operationName === "string" ? body.operationName : undefined;
    // Scopes are enforced field by field by the executor, from the scopes granted at install (onInstall above).
    const result = await executeGraphql(shop, {
      query: body.query,
      variables: (body.variables ?? undefined) as Record<string, unknown> | undefined,
      operationName,
    });
    sendJson(res, result.status, result.body, { "X-Shopify-API-Version": version });
  }

  function handleBulkResult(res: ServerResponse, id: string): void {
    const stream = store.getBulkResult(decodeURIComponent(id));
    if (!stream) return sendJson(res, 404, { errors: "Not Found" });
    res.writeHead(200, { "Content-Type": "application/jsonl" });
    stream.on("error", (error) => res.destroy(error));
    stream.pipe(res);
  }

  /** A staged upload (GCS-style signed POST form): the target's parameters, then `file`. Answers like GCS. */
  async function handleStagedUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const xmlError = (status: number, code: string, message: string) => {
      res.writeHead(status, { "Content-Type": "application/xml; charset=UTF-8" });
      res.end(`<?xml version='1.0' encoding='UTF-8'?><Error><Code>${code}</Code><Message>${message}</Message></Error>`);
    };
    const contentType = req.headers["content-type"] ?? "";
    if (!contentType.includes("multipart/form-data")) return xmlError(400, "InvalidArgument", "POST requires a multipart/form-data body.");
    const chunks: Buffer[] = [];
    let size = 0;
    const limit = MAX_STAGED_UPLOAD_BYTES + 64 * 1024; // the file plus the form fields
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > limit) return xmlError(400, "EntityTooLarge", "Your proposed upload is larger than the maximum object size specified in your Policy Document.");
      chunks.push(chunk as Buffer);
    }
    let form: FormData;
    try {
      form = await new Response(Buffer.concat(chunks), { headers: { "Content-Type": contentType } }).formData();
    } catch {
      return xmlError(400, "InvalidArgument", "The multipart form could not be parsed.");
    }
    const key = form.get("key");
    const upload = typeof key === "string" ? store.stagedUploads.get(key) : undefined;
    const policy = form.get("policy");
    const signature = form.get("x-goog-signature");
    if (!upload || typeof policy !== "string" || typeof signature !== "string" || signStagedPolicy(policy) !== signature) {
      return xmlError(403, "AccessDenied", "Invalid or missing policy signature, or unknown key.");
    }
    const file = form.get("file");
    if (!file || typeof file === "string") return xmlError(400, "InvalidArgument", "The form has no file field.");
    const content = Buffer.from(await file.arrayBuffer());
    if (content.length > MAX_STAGED_UPLOAD_BYTES) {
      return xmlError(400, "EntityTooLarge", "Your proposed upload is larger than the maximum object size specified in your Policy Document.");
    }
    store.receiveStagedUpload(upload.key, content);
    log(`staged upload ${upload.key} (${content.length} bytes)`);
    res.writeHead(201, { "Content-Type": "application/xml; charset=UTF-8", Location: `${url}/staged-uploads/${upload.key}` });
    res.end(`<?xml version='1.0' encoding='UTF-8'?><PostResponse><Location>${url}/staged-uploads/${upload.key}</Location><Bucket>shopify-staged-uploads</Bucket><Key>${upload.key}</Key></PostResponse>`);
  }

  async function handleAccessToken(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const result = oauth.handleTokenRequest(shopHeader(req), await readTokenRequestBody(req));
    log(`token ${result.status} for ${shopHeader(req) ?? "(no shop header)"}`);
    sendJson(res, result.status, result.body, { "Cache-Control": "no-store" });
  }

  function handleAuthorize(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const shop = shopHeader(req) ?? url.searchParams.get("shop");
    if (!shop) throw new HttpError(400, "Which shop? Send X-Shopify-Shop-Domain or ?shop=");
    const result = oauth.authorize(normalizeShopDomain(shop), url.searchParams);
    if (result.location) {
      res.writeHead(302, { Location: result.location }).end();
      return;
    }
    sendJson(res, result.status, result.body);
  }

  // ---- Browser-facing pages ------------------------------------------------------------------------------

  function handleAdminPage(res: ServerResponse, rawShopName: string, subpath: string, search: string): void {
    const shop = requireShop(rawShopName);
    const name = shopName(shop);
    const appPath = toAppPath(subpath + search);
    const iframeUrl = new URL(appPath, `${appUrl}/`);
    // The query admin sends an embedded app, signed like admin signs it (hmac over the other params).
    const adminParams: Record<string, string> = {
      embedded: "1",
      host: encodeHostParam(name),
      id_token: mintIdToken(shop),
      locale: "en",
      session: randomBytes(32).toString("hex"),
      shop,
      timestamp: String(Math.floor(now().getTime() / 1000)),
    };
    for (const [key, value] of Object.entries(adminParams)) iframeUrl.searchParams.set(key, value);
    iframeUrl.searchParams.set("hmac", signAdminQuery(adminParams, opts.apiSecret));
    sendHtml(
      res,
      renderAdminPage({
        shop,
        shopName: name,
        appName: config.name,
        basePath: adminPath(shop),
        appOrigin,
        iframeSrc: iframeUrl.toString(),
        installed: oauth.isInstalled(shop),
      }),
    );
  }

  function handleSimulatorPage(res: ServerResponse): void {
    sendHtml(
      res,
      renderSimulatorPage({
        appUrl,
        deliveries: dispatcher.log,
        shops: store.listShops().map((domain) => ({
          domain,
          shopName: shopName(domain),
          installed: oauth.isInstalled(domain),
          adminPath: adminPath(domain),
        })),
      }),
    );
  }

  // ---- /_sim control commands ----------------------------------------------------------------------------

  function runStoreCommand<T>(command: () => T): T {
    try {
      return command();
    } catch (error) {
      if (error instanceof HttpError || error instanceof CheckoutError) throw error;
      if (error instanceof SimulatorError) throw new HttpError(error.status, error.message);
      const message = describeError(error);
      throw new HttpError(/not found|unknown|no such/i.test(message) ? 404 : 400, message);
    }
  }

  async function handleSimCommand(req: IncomingMessage, res: ServerResponse, url: URL, parts: string[]): Promise<void> {
    const method = req.method ?? "GET";
    const [first, second, third, ...rest] = parts;

    if (first === "id-token" && method === "GET") {
      const shop = requireShop(url.searchParams.get("shop") ?? "");
      const ttl = url.searchParams.get("ttlSeconds");
      const idToken = mintIdToken(shop, {
        userId: url.searchParams.get("userId") ?? undefined,
        ttlSeconds: ttl ? Number(ttl) : undefined,
      });
      return sendJson(res, 200, { idToken }, { "Access-Control-Allow-Origin": "*", "Cache-Control": "no-store" });
    }

    if (first === "shops" && parts.length === 1) {
      if (method === "GET") {
        const shops = store.listShops().map((domain) => ({
          domain,
          installed: oauth.isInstalled(domain),
          scopes: oauth.getInstallation(domain)?.scopes ?? [],
          adminUrl: adminPath(domain),
        }));
        return sendJson(res, 200, { shops });
      }
      if (method === "POST") {
        const body = await readJsonObject(req);
        if (typeof body.domain !== "string") throw new HttpError(400, "domain is required");
        const domain = normalizeShopDomain(body.domain);
        if (store.hasShop(domain)) throw new HttpError(409, `Shop already exists: ${domain}`);
        const seed = body.seed ?? "empty";
        const validSeed =
          seed === "demo" ||
          seed === "empty" ||
          (typeof seed === "object" && seed !== null && "products" in seed && "variantsPerProduct" in seed);
        if (!validSeed) throw new HttpError(400, 'seed must be "demo", "empty" or { products, variantsPerProduct }');
        runStoreCommand(() =>
          store.createShop(domain, {
            name: typeof body.name === "string" ? body.name : undefined,
            seed: seed as "demo" | "empty" | { products: number; variantsPerProduct: number },
            demoHistory: body.demoHistory === true,
          }),
        );
        return sendJson(res, 201, { domain, adminUrl: adminPath(domain) });
      }
    }

    if (first === "webhooks") {
      if (parts.length === 1 && method === "GET") return sendJson(res, 200, { deliveries: dispatcher.log });
      if (second === "replay" && method === "POST") {
        const body = await readJsonObject(req);
        if (typeof body.webhookId !== "string") throw new HttpError(400, "webhookId is required");
        const replay = dispatcher.replay(body.webhookId);
        if (!replay) throw new HttpError(404, `No delivery with webhook id ${body.webhookId}`);
        return sendJson(res, 200, await replay);
      }
    }

    if (!first) throw new HttpError(404, "Unknown simulator command");
    const shop = requireShop(first);

    switch (true) {
      case method === "GET" && second === "state" && !third:
        return sendJson(res, 200, runStoreCommand(() => store.snapshot(shop)));

      case method === "GET" && second === "function-runs" && !third:
        return sendJson(res, 200, runStoreCommand(() => ({ runs: store.functionRuns(shop) })));

      case method === "GET" && second === "throttle" && !third:
        return sendJson(res, 200, executeGraphql.budget(shop));

      case method === "POST" && second === "throttle" && third === "reset" && !rest.length:
        executeGraphql.resetBudget(shop);
        return sendJson(res, 200, executeGraphql.budget(shop));

      case method === "POST" && second === "inventory" && !third: {
        const body = await readJsonObject(req);
        if (body.variantId === undefined) throw new HttpError(400, "variantId is required");
        const variantId = toGid("ProductVariant", body.variantId);
        const locationId = body.locationId === undefined ? undefined : toGid("Location", body.locationId);
        const hasAvailable = typeof body.available === "number" && Number.isInteger(body.available);
        const hasDelta = typeof body.delta === "number" && Number.isInteger(body.delta);
        if (hasAvailable === hasDelta) throw new HttpError(400, "Send exactly one of available (integer) or delta (integer)");
        const result = runStoreCommand(() =>
          hasAvailable
            ? store.setAvailable(shop, { variantId, locationId, available: body.available as number })
            : store.adjustAvailable(shop, { variantId, locationId, delta: body.delta as number }),
        );
        return sendJson(res, 200, result ?? { ok: true });
      }

      case method === "POST" && second === "products" && !third: {
        const body = await readJsonObject(req);
        if (typeof body.title !== "string") throw new HttpError(400, "title is required");
        if (body.variants !== undefined && !Array.isArray(body.variants)) throw new HttpError(400, "variants must be an array");
        const input = { ...body, variants: body.variants ?? [{}] } as Parameters<SimulatorStore["createProduct"]>[1];
        return sendJson(res, 201, runStoreCommand(() => store.createProduct(shop, input)));
      }

      case method === "PATCH" && second === "products" && Boolean(third) && !rest.length: {
        const body = await readJsonObject(req);
        const productId = toGid("Product", third);
        return sendJson(res, 200, runStoreCommand(() => store.updateProduct(shop, productId, body)) ?? { ok: true });
      }

      case method === "DELETE" && second === "products" && Boolean(third) && !rest.length: {
        const productId = toGid("Product", third);
        runStoreCommand(() => store.deleteProduct(shop, productId));
        return sendJson(res, 200, { deletedProductId: productId });
      }

      case method === "PATCH" && second === "variants" && Boolean(third) && !rest.length: {
        const body = await readJsonObject(req);
        const variantId = toGid("ProductVariant", third);
        return sendJson(res, 200, runStoreCommand(() => store.updateVariant(shop, variantId, body)) ?? { ok: true });
      }

      case method === "POST" && second === "checkout" && !third: {
        const body = await readJsonObject(req);
        if (!Array.isArray(body.lines) || body.lines.length === 0) throw new HttpError(400, "lines must be a non-empty array");
        const lines = body.lines.map((line: unknown, index: number) => {
          const entry = (line ?? {}) as Record<string, unknown>;
          if (entry.variantId === undefined) throw new HttpError(400, `lines[${index}].variantId is required`);
          return {
            variantId: toGid("ProductVariant", entry.variantId),
            quantity: entry.quantity as number,
            ...(entry.properties ? { properties: entry.properties as Record<string, string> } : {}),
          };
        });
        const email = typeof body.email === "string" ? body.email : undefined;
        const customerLocale = typeof body.locale === "string" ? body.locale : undefined;
        try {
          return sendJson(res, 201, store.checkout(shop, { lines, email, ...(customerLocale ? { customerLocale } : {}) }));
        } catch (error) {
          if (error instanceof CheckoutError) {
            // A validation refusal carries the functions' messages, each with its target and cart line index.
            return sendJson(res, 422, { error: { code: error.code, message: error.message, ...(error.errors.length ? { errors: error.errors } : {}) } });
          }
          throw error;
        }
      }

      // Order lifecycle: POST /_sim/<shop>/orders/<id>/(cancel|fulfill|refund|edit) — see SimulatorStore.
      case method === "POST" && second === "orders" && Boolean(third) && rest.length === 1: {
        const body = await readJsonObject(req);
        const orderId = toGid("Order", third);
        const lineItemId = body.lineItemId === undefined ? undefined : toGid("LineItem", body.lineItemId as string | number);
        const needLine = () => {
          if (!lineItemId) throw new HttpError(400, "lineItemId is required");
          if (typeof body.quantity !== "number") throw new HttpError(400, "quantity (integer) is required");
          return { lineItemId, quantity: body.quantity };
        };
        switch (rest[0]) {
          case "cancel":
            return sendJson(res, 200, runStoreCommand(() => store.cancelOrder(shop, orderId, {
              ...(typeof body.reason === "string" ? { reason: body.reason } : {}),
              ...(typeof body.restock === "boolean" ? { restock: body.restock } : {}),
            })));
          case "fulfill":
            return sendJson(res, 200, runStoreCommand(() => store.fulfillOrder(shop, orderId, {
              ...(lineItemId ? { lineItemId } : {}),
              ...(typeof body.quantity === "number" ? { quantity: body.quantity } : {}),
            })));
          case "refund":
            return sendJson(res, 200, runStoreCommand(() => store.refundOrder(shop, orderId, {
              ...needLine(),
              ...(typeof body.restock === "boolean" ? { restock: body.restock } : {}),
              ...(typeof body.note === "string" ? { note: body.note } : {}),
            })));
          case "edit":
            return sendJson(res, 200, runStoreCommand(() => store.editOrderLine(shop, orderId, needLine())));
          default:
            throw new HttpError(404, `Unknown order command ${rest[0]}; expected cancel, fulfill, refund or edit`);
        }
      }

      // Inbound stock: GET/POST /_sim/<shop>/inbound, POST /_sim/<shop>/inbound/<shipment id>/(in-transit|tracking|delay|receive|cancel).
      case second === "inbound" && !third && (method === "GET" || method === "POST"): {
        if (method === "GET") return sendJson(res, 200, { inbound: runStoreCommand(() => store.listInbound(shop)) });
        const body = await readJsonObject(req);
        const rawLines = body.lines ?? (body.variantId === undefined ? undefined : [{ variantId: body.variantId, quantity: body.quantity }]);
        if (!Array.isArray(rawLines) || rawLines.length === 0) throw new HttpError(400, "Send variantId and quantity, or lines: [{ variantId, quantity }]");
        const lines = rawLines.map((line: unknown, index: number) => {
          const entry = (line ?? {}) as Record<string, unknown>;
          if (entry.variantId === undefined) throw new HttpError(400, `lines[${index}].variantId is required`);
          if (typeof entry.quantity !== "number") throw new HttpError(400, `lines[${index}].quantity (positive integer) is required`);
          return { variantId: toGid("ProductVariant", entry.variantId), quantity: entry.quantity };
        });
        const text = (key: string) => (typeof body[key] === "string" ? (body[key] as string) : undefined);
        const created = runStoreCommand(() =>
          store.createInbound(shop, {
            lines,
            ...(body.locationId !== undefined ? { locationId: toGid("Location", body.locationId) } : {}),
            ...(body.arrivesAt !== undefined ? { arrivesAt: body.arrivesAt } : {}),
            ...(typeof body.inTransit === "boolean" ? { inTransit: body.inTransit } : {}),
            trackingNumber: text("trackingNumber") ?? null,
            company: text("company") ?? null,
            referenceName: text("referenceName") ?? null,
          }),
        );
        return sendJson(res, 201, created);
      }

      case method === "POST" && second === "inbound" && Boolean(third) && rest.length === 1: {
        const body = await readJsonObject(req);
        const shipmentId = Number(toGid("InventoryShipment", third).split("/").pop());
        switch (rest[0]) {
          case "in-transit":
            return sendJson(res, 200, runStoreCommand(() => store.markInboundInTransit(shop, shipmentId)));
          case "tracking": {
            const tracking = {
              ...(body.arrivesAt !== undefined ? { arrivesAt: runStoreCommand(() => parseArrival(body.arrivesAt)) } : {}),
              ...(body.trackingNumber !== undefined ? { trackingNumber: body.trackingNumber as string | null } : {}),
              ...(body.company !== undefined ? { company: body.company as string | null } : {}),
              ...(body.trackingUrl !== undefined ? { trackingUrl: body.trackingUrl as string | null } : {}),
            };
            if (!Object.keys(tracking).length) throw new HttpError(400, "Send at least one of arrivesAt, trackingNumber, company, trackingUrl");
            return sendJson(res, 200, runStoreCommand(() => store.setInboundTracking(shop, shipmentId, tracking)));
          }
          case "delay": {
            if (typeof body.days !== "number") throw new HttpError(400, "days (integer, how much later it arrives) is required");
            return sendJson(res, 200, runStoreCommand(() => store.delayInbound(shop, shipmentId, body.days as number)));
          }
          case "receive": {
            if (body.quantity !== undefined && typeof body.quantity !== "number") throw new HttpError(400, "quantity must be a positive integer (units per line; omit to receive everything)");
            return sendJson(res, 200, runStoreCommand(() => store.receiveInbound(shop, shipmentId, {
              ...(typeof body.quantity === "number" ? { quantity: body.quantity } : {}),
              ...(body.reject === true ? { reject: true } : {}),
            })));
          }
          case "cancel":
            return sendJson(res, 200, runStoreCommand(() => store.cancelInbound(shop, { shipmentId })));
          default:
            throw new HttpError(404, `Unknown inbound command ${rest[0]}; expected in-transit, tracking, delay, receive or cancel`);
        }
      }

      case method === "POST" && second === "transfers" && Boolean(third) && rest.length === 1 && rest[0] === "cancel": {
        const transferId = Number(toGid("InventoryTransfer", third).split("/").pop());
        return sendJson(res, 200, runStoreCommand(() => store.cancelInbound(shop, { transferId })));
      }

      case method === "POST" && second === "uninstall" && !third: {
        if (!oauth.isInstalled(shop)) throw new HttpError(409, `The app is not installed on ${shop}`);
        // The store emits app/uninstalled; the listener still delivers it because the shop had an installation.
        runStoreCommand(() => store.uninstall(shop));
        oauth.uninstall(shop);
        return sendJson(res, 200, { shop, uninstalled: true });
      }

      case method === "POST" && second === "compliance" && Boolean(third): {
        const topic = decodeURIComponent([third, ...rest].join("/"));
        if (!isComplianceTopic(topic)) {
          throw new HttpError(400, `Unknown compliance topic ${topic}; expected one of ${COMPLIANCE_TOPICS.join(", ")}`);
        }
        if (!dispatcher.hasSubscription(topic)) throw new HttpError(409, `shopify.app.toml has no subscription for ${topic}`);
        const body = await readJsonObject(req);
        const defaults = complianceDefaults(runStoreCommand(() => store.snapshot(shop)).orders);
        const payload = buildCompliancePayload(topic, {
          shop,
          shopId: store.findShopData(shop)?.shop.id ?? stableNumericId(shop),
          customer: (body.customer as ComplianceCustomer | undefined) ?? defaults.customer,
          orderIds: (body.orderIds as number[] | undefined) ?? defaults.orderIds,
        });
        return sendJson(res, 200, await deliverWebhook(topic, shop, payload));
      }

      default:
        throw new HttpError(404, `Unknown simulator command: ${method} ${url.pathname}`);
    }
  }

  const storefront = createStorefront({ get store() { return store; }, resolveShop: requireShop });

  // ---- Router --------------------------------------------------------------------------------------------

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://simulator.invalid");
    const method = req.method ?? "GET";
    const path = url.pathname;
    let match: RegExpMatchArray | null;

    if (method === "OPTIONS" && path.startsWith("/_sim/")) {
      res.writeHead(204, {
        "Access-Control-Allow-Origin": "*",
        "Access-Control-Allow-Methods": "GET, POST, PATCH, DELETE",
        "Access-Control-Allow-Headers": "Content-Type",
      });
      res.end();
      return;
    }
    if ((match = path.match(/^\/admin\/api\/([^/]+)\/graphql\.json$/)) && method === "POST") {
      return handleGraphql(req, res, match[1]);
    }
    if (path === "/admin/oauth/access_token" && method === "POST") return handleAccessToken(req, res);
    if (path === "/admin/oauth/authorize" && method === "GET") return handleAuthorize(req, res, url);
    if ((match = path.match(/^\/bulk\/([^/]+)\.jsonl$/)) && method === "GET") return handleBulkResult(res, match[1]);
    if (path === "/staged-uploads" && method === "POST") return handleStagedUpload(req, res);
    if (path === "/app-bridge.js" && method === "GET") {
      res.writeHead(200, {
        "Content-Type": "text/javascript; charset=utf-8",
        "Cache-Control": "no-cache",
        "Access-Control-Allow-Origin": "*",
      });
      res.end(appBridgeScript);
      return;
    }
    if (path === "/" && method === "GET") {
      const shop = (opts.shops ?? [DEFAULT_SHOP]).find((domain) => store.hasShop(domain)) ?? store.listShops()[0];
      if (!shop) return sendJson(res, 404, { error: { message: "No shops; POST /_sim/shops to create one" } });
      res.writeHead(302, { Location: adminPath(shop) }).end();
      return;
    }
    if (path === "/simulator" && method === "GET") return handleSimulatorPage(res);
    if (path === "/simulator/orders" && method === "GET") {
      const shops = store.listShops();
      const shop = url.searchParams.get("shop") ? requireShop(url.searchParams.get("shop")!) : shops[0];
      if (!shop) return sendJson(res, 404, { error: { message: "No shops; POST /_sim/shops to create one" } });
      return sendHtml(res, renderOrdersPage({ shop, data: store.getShopData(shop), shops }));
    }
    if (path === "/simulator/inbound" && method === "GET") {
      const shops = store.listShops();
      const shop = url.searchParams.get("shop") ? requireShop(url.searchParams.get("shop")!) : shops[0];
      if (!shop) return sendJson(res, 404, { error: { message: "No shops; POST /_sim/shops to create one" } });
      return sendHtml(res, renderInboundPage({ shop, data: store.getShopData(shop), rows: store.listInbound(shop), shops }));
    }
    if (path === "/mailbox" && method === "GET") return sendHtml(res, renderMailboxPage(mailbox));
    if ((match = path.match(/^\/mailbox\/([^/]+)$/)) && method === "GET") {
      const message = mailbox?.get(decodeURIComponent(match[1]));
      if (!message) throw new HttpError(404, "No such email in the mailbox");
      return sendHtml(res, renderMailboxMessagePage(message));
    }
    if (path === "/_sim/mailbox" && method === "GET") {
      if (!mailbox) throw new HttpError(404, "The mailbox is off: start the simulator with smtpPort");
      return sendJson(res, 200, mailboxJson(mailbox));
    }
    const adminPattern = new RegExp(`^/store/([^/]+)/apps/${config.handle}(/.*)?$`);
    if ((match = path.match(adminPattern)) && method === "GET") {
      return handleAdminPage(res, match[1], match[2] ?? "", url.search);
    }
    if (path.startsWith("/_sim/")) {
      const parts = path.slice("/_sim/".length).split("/").filter(Boolean);
      return handleSimCommand(req, res, url, parts);
    }
    const proxy = config.appProxy;
    if (path.startsWith("/storefront/")) {
      // Storefront preview; /storefront/:shop/apps/backorders/* reaches the same signed app proxy as /apps/backorders/*.
      const proxied = proxy ? path.match(/^\/storefront\/([^/]+)(\/.*)$/) : null;
      if (proxy && proxied && (proxied[2] === proxy.pathPrefix || proxied[2].startsWith(`${proxy.pathPrefix}/`))) {
        const customerId = /(?:^|;\s*)_sim_customer_id=(\d+)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
        const shop = requireShop(proxied[1]);
        req.url = `${proxied[2]}${url.search}`;
        return forwardAppProxyRequest(req, res, { proxy, shop, customerId, secret: opts.apiSecret, now });
      }
      if (await storefront.handle(req, res, url)) return;
    }
    if (proxy && (path === proxy.pathPrefix || path.startsWith(`${proxy.pathPrefix}/`))) {
      // Storefront requests come from a browser, so the shop is the default one unless a test names another.
      const cookieShop = /(?:^|;\s*)_sim_shop=([^;]+)/.exec(req.headers.cookie ?? "")?.[1];
      const customerId = /(?:^|;\s*)_sim_customer_id=(\d+)/.exec(req.headers.cookie ?? "")?.[1] ?? "";
      const shop = requireShop(shopHeader(req) ?? cookieShop ?? opts.shops?.[0] ?? DEFAULT_SHOP);
      return forwardAppProxyRequest(req, res, { proxy, shop, customerId, secret: opts.apiSecret, now });
    }
    sendJson(res, 404, { errors: "Not Found" });
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        sendJson(res, error.status, error.body ?? { error: { message: error.message } });
        return;
      }
      log(`500 ${req.method} ${req.url}: ${describeError(error)}`);
      sendJson(res, 500, { errors: "Internal Server Error", message: describeError(error) });
    });
  });
  // Longer than an app's keep-alive reuse window, like Shopify's edge: an app busy between two calls of one job
  // must not find its pooled socket closed under it (undici then fails the request with "fetch failed").
  server.keepAliveTimeout = 65_000;

  const mailbox = opts.smtpPort === undefined ? undefined : await startMailbox({ port: opts.smtpPort, host: opts.host, log });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = !opts.host || opts.host === "0.0.0.0" || opts.host === "::" ? "127.0.0.1" : opts.host;
  const url = `http://${host.includes(":") ? `[${host}]` : host}:${address.port}`;

  store = new SimulatorStore({
    now,
    publicUrl: url,
    appConfigPath: resolvePath(opts.appConfigPath ?? "shopify.app.toml"),
    ...(opts.extensionsDir !== undefined ? { extensionsDir: opts.extensionsDir } : {}),
  });
  executeGraphql = createAdminGraphqlExecutor(store, { ...opts.throttle, now: () => now().getTime() });
  for (const shop of opts.shops ?? [DEFAULT_SHOP]) {
    store.createShop(normalizeShopDomain(shop), { seed: opts.seed ?? "demo", demoHistory: opts.demoHistory ?? false });
  }

  const unsubscribe = store.onEvent((event) => {
    if (!dispatcher.hasSubscription(event.topic)) return;
    // Shopify only notifies installed apps; app/uninstalled itself arrives after the uninstall.
    const deliverable =
      oauth.isInstalled(event.shop) || (event.topic === "app/uninstalled" && oauth.getInstallation(event.shop) !== null);
    if (!deliverable) return;
    deliverWebhook(event.topic, event.shop, event.payload, {
      eventId: event.eventId,
      triggeredAt: event.triggeredAt,
    }).catch((error: unknown) => log(`webhook ${event.topic} failed: ${describeError(error)}`));
  });

  return {
    url,
    store,
    config,
    oauth,
    webhookLog: dispatcher.log,
    mintIdToken,
    deliverWebhook,
    waitForWebhooks: () => dispatcher.idle(),
    throttleBudget: (shop: string) => executeGraphql.budget(normalizeShopDomain(shop)),
    mailbox,
    smtpUrl: mailbox?.url,
    async close() {
      unsubscribe();
      dispatcher.close();
      await dispatcher.idle();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      store.dispose();
      await mailbox?.close();
    },
  };
}
