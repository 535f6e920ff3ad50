// How many body bytes each kind of route may be sent, enforced by the web server (scripts/serve.ts) before any
// parsing and before authenticate.*: a body past its route's limit is a 413 that never reaches the app.
//
// The figures, and why:
// - Webhooks: 10 MiB. Shopify publishes no cap for HTTPS deliveries and its own staff say bodies can be "upwards
//   of a megabyte" (orders with many lines, products with up to 2,048 variants); EventBridge deliveries go up to
//   1,000,000 bytes. A 413 makes Shopify retry and, after 19 failures, drop the subscription, so the limit errs
//   an order of magnitude above the largest real payload rather than risk losing one.
// - Admin pages: the CSV import's 5 MiB plus the multipart envelope; every other admin form is far smaller.
// - Shopper routes (app proxy sign-up, cancel request, unsubscribe, confirm): 16 KiB. Their largest legitimate
//   body is a cancel reason of at most a few thousand characters; nothing a shopper sends needs more.
// - Anything else (login, auth callbacks): 64 KiB.
import { CSV_MAX_BYTES } from "../domain/backorder-csv";

const KIB = 1024;
const MIB = 1024 * KIB;

export type BodyLimit = { bytes: number; routes: string };

export const BODY_LIMITS = {
  webhooks: { bytes: 10 * MIB, routes: "webhooks" },
  admin: { bytes: CSV_MAX_BYTES + 64 * KIB, routes: "admin pages" },
  shopper: { bytes: 16 * KIB, routes: "storefront forms" },
  other: { bytes: 64 * KIB, routes: "this route" },
} as const satisfies Record<string, BodyLimit>;

/** Routes a shopper reaches (app proxy, emailed links): bearer tokens in the URL, so answers are private. */
export const SHOPPER_PREFIXES = ["/proxy/", "/alerts/", "/orders/"];

/** The limit for a request path (the path only: no query, already without the origin). */
export function bodyLimitFor(pathname: string): BodyLimit {
  if (pathname.startsWith("/webhooks/") || pathname === "/webhooks") return BODY_LIMITS.webhooks;
  if (pathname === "/app" || pathname.startsWith("/app/") || pathname.startsWith("/app.")) return BODY_LIMITS.admin;
  if (SHOPPER_PREFIXES.some((prefix) => pathname.startsWith(prefix))) return BODY_LIMITS.shopper;
  return BODY_LIMITS.other;
}

/** The 413's text: which limit, so a developer knows what to change and a shopper's form can show it. */
export function bodyTooLargeMessage(limit: BodyLimit): string {
  return `Request body too large: ${limit.routes} accept at most ${formatBytes(limit.bytes)}.`;
}

function formatBytes(bytes: number): string {
  if (bytes % MIB === 0) return `${bytes / MIB} MiB`;
  if (bytes >= MIB) return `${(bytes / MIB).toFixed(2)} MiB`;
  return `${Math.round(bytes / KIB)} KiB`;
}
