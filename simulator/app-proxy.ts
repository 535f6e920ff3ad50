import { createHmac } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AppProxyConfig } from "./app-config";

// The storefront side of an app proxy: Shopify receives https://<shop>/apps/backorders/<rest>?<query>, and
// fetches <[app_proxy].url>/<rest>?<query>&shop=…&logged_in_customer_id=…&path_prefix=/apps/backorders&
// timestamp=…&signature=…, returning the app's response to the shopper. The signature is documented as:
// hex HMAC-SHA256(secret, sorted "key=value" strings joined with no separator, repeated keys' values joined by
// ",", `signature` itself excluded). shopify-api's validateHmac(query, { signator: "appProxy" }) checks exactly this.

const HOP_BY_HOP_HEADERS = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "proxy-connection",
  "te",
  "trailer",
  "host",
  "content-length",
]);

// Shopify does not pass shopper cookies to the app, nor lets the app set cookies on the shop's domain.
const STRIPPED_REQUEST_HEADERS = new Set(["cookie", "authorization", "x-shopify-shop-domain"]);
const STRIPPED_RESPONSE_HEADERS = new Set(["set-cookie", "content-encoding"]);

export function signAppProxyQuery(query: URLSearchParams, secret: string): string {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of query) {
    if (key === "signature") continue;
    grouped.set(key, [...(grouped.get(key) ?? []), value]);
  }
  const message = [...grouped]
    .map(([key, values]) => `${key}=${values.join(",")}`)
    .sort()
    .join("");
  return createHmac("sha256", secret).update(message).digest("hex");
}

export type AppProxyTarget = {
  proxy: AppProxyConfig;
  shop: string;
  /** Empty when no customer is logged in, as Shopify sends it. */
  customerId: string;
  secret: string;
  now?: () => Date;
};

/**
 * The URL Shopify would call on the app for a storefront request, or null when the path is outside the proxy.
 * `requestPath` is the storefront path (e.g. /apps/backorders/notify?x=1).
 */
export function buildAppProxyUrl(requestPath: string, target: AppProxyTarget): URL | null {
  const incoming = new URL(requestPath, "http://storefront.invalid");
  const prefix = target.proxy.pathPrefix;
  if (incoming.pathname !== prefix && !incoming.pathname.startsWith(`${prefix}/`)) return null;
  const rest = incoming.pathname.slice(prefix.length);

  const query = new URLSearchParams();
  for (const [key, value] of incoming.searchParams) {
    // Shopify owns these names; a shopper cannot smuggle their own values in.
    if (!["shop", "logged_in_customer_id", "path_prefix", "timestamp", "signature"].includes(key)) query.append(key, value);
  }
  query.set("shop", target.shop);
  query.set("logged_in_customer_id", target.customerId);
  query.set("path_prefix", prefix);
  query.set("timestamp", String(Math.floor((target.now?.() ?? new Date()).getTime() / 1000)));
  query.set("signature", signAppProxyQuery(query, target.secret));

  const base = target.proxy.url.replace(/\/$/, "");
  const url = new URL(`${base}${rest}`);
  url.search = query.toString();
  return url;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Forwards a storefront request to the app and streams the app's answer back. */
export async function forwardAppProxyRequest(
  req: IncomingMessage,
  res: ServerResponse,
  target: AppProxyTarget,
  doFetch: typeof fetch = globalThis.fetch,
): Promise<void> {
  const url = buildAppProxyUrl(req.url ?? "/", target);
  if (!url) {
    res.writeHead(404, { "Content-Type": "text/plain" }).end("Not Found");
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    const lower = name.toLowerCase();
    if (value === undefined || HOP_BY_HOP_HEADERS.has(lower) || STRIPPED_REQUEST_HEADERS.has(lower)) continue;
    headers.set(name, Array.isArray(value) ? value.join(", ") : value);
  }
  headers.set("X-Forwarded-Host", target.shop);
  // Like Shopify's proxy: the address the shopper connected from is the last hop (anything the shopper sent stays
  // to its left, where the app ignores it — app/domain/shopper-address.ts).
  const shopperAddress = req.socket.remoteAddress;
  if (shopperAddress) {
    const sent = headers.get("X-Forwarded-For");
    headers.set("X-Forwarded-For", sent ? `${sent}, ${shopperAddress}` : shopperAddress);
  }
  const method = (req.method ?? "GET").toUpperCase();
  const body = method === "GET" || method === "HEAD" ? undefined : new Uint8Array(await readBody(req));

  let response: Response;
  try {
    response = await doFetch(url, { method, headers, body, redirect: "manual" });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    res.writeHead(502, { "Content-Type": "text/plain" }).end(`App proxy could not reach ${url.origin}: ${message}`);
    return;
  }
  const responseHeaders: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (!HOP_BY_HOP_HEADERS.has(name) && !STRIPPED_RESPONSE_HEADERS.has(name)) responseHeaders[name] = value;
  });
  const payload = Buffer.from(await response.arrayBuffer());
  res.writeHead(response.status, { ...responseHeaders, "Content-Length": String(payload.length) });
  res.end(method === "HEAD" ? undefined : payload);
}
