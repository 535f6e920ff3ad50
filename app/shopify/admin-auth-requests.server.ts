import { createRequire } from "node:module";
import { sessionTokenOf } from "./admin-auth.server";

// Two requests Remix answers before any route code can, so no authenticate wrapper can fix them (#14):
//   - a POST/PUT/PATCH/DELETE whose Origin is not the Host: Remix's CSRF check throws a plain Error inside its
//     request handler, which always answers 500 (document) or a 500 turbo-stream (.data) — no entry hook runs after.
//     The rejection is right (the action never runs); only the status is wrong, so it becomes a 400 here.
//   - /app/….data (single fetch) without a session token: for a GET Remix runs every matched loader, and for a
//     POST it wraps the library's login redirect in a 202 (the action does not run). A data request is a fetch, and the library's contract for a fetch without a
//     valid session token is 401 + X-Shopify-Retry-Invalid-Session-Request (App Bridge retries with a fresh token).
// Remix 2 has no middleware and remix-serve no hook, so this wraps the runtime's createRequestHandler, which
// remix-serve, the Vite dev server and the tests all call after the build (and so this module) is loaded.

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** Remix's own test (server-runtime actions.js throwIfPotentialCSRFAttack): Origin's host vs X-Forwarded-Host/Host. */
export function isForeignOriginWrite(request: Request): boolean {
  if (!WRITE_METHODS.has(request.method)) return false;
  const origin = request.headers.get("origin");
  if (origin === null) return false;
  let originHost: string | null = origin;
  if (origin !== "null") {
    try {
      originHost = new URL(origin).host;
    } catch {
      return true; // Remix throws a TypeError on it: a 500 too
    }
  }
  if (!originHost) return false;
  const forwarded = request.headers.get("x-forwarded-host")?.split(",")[0]?.trim();
  const host = forwarded || request.headers.get("host");
  return !host || originHost !== host;
}

export function isAdminDataRequestWithoutToken(request: Request): boolean {
  if (request.method === "OPTIONS") return false; // a CORS preflight carries no token by design
  const { pathname } = new URL(request.url);
  const admin = pathname === "/app.data" || (pathname.startsWith("/app/") && pathname.endsWith(".data"));
  return admin && sessionTokenOf(request) === null;
}

/**
 * Remix checks Origin only for routes with a page (document and single-fetch requests); the resource routes below
 * answer their own callers — Shopify's webhooks, the app proxy (a shopper's browser on the store's origin, signed
 * by Shopify) and emailed links — so they are left as Remix leaves them.
 */
const RESOURCE_ROUTE_PREFIXES = ["/webhooks/", "/proxy/", "/alerts/", "/orders/"];

/** The answer for a request that must not reach Remix, or null to let it through. */
export function refuseBeforeRemix(request: Request): Response | null {
  const { pathname } = new URL(request.url);
  if (!RESOURCE_ROUTE_PREFIXES.some((prefix) => pathname.startsWith(prefix)) && isForeignOriginWrite(request)) {
    return new Response("Cross-origin form submissions are not accepted.", { status: 400, headers: { "Content-Type": "text/plain" } });
  }
  if (isAdminDataRequestWithoutToken(request)) {
    const headers = new Headers({ "X-Shopify-Retry-Invalid-Session-Request": "1" });
    if (request.headers.get("Origin")) {
      headers.set("Access-Control-Allow-Origin", "*");
      headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
    }
    return new Response(undefined, { status: 401, statusText: "Unauthorized", headers });
  }
  return null;
}

type RequestHandler = (request: Request, loadContext?: unknown) => Promise<Response>;
type CreateRequestHandler = (build: unknown, mode?: string) => RequestHandler;
const INSTALLED = Symbol.for("backorders.requestGuard");

/** Idempotent. If Remix's runtime ever stops exposing createRequestHandler this way, it warns and changes nothing. */
export function installRequestGuard(): void {
  const runtime = createRequire(import.meta.url)("@remix-run/server-runtime") as { createRequestHandler?: CreateRequestHandler };
  const original = runtime.createRequestHandler;
  if (typeof original !== "function") {
    console.warn("[admin-auth] @remix-run/server-runtime has no createRequestHandler; request guard not installed");
    return;
  }
  if ((original as any)[INSTALLED]) return;
  const guarded: CreateRequestHandler = (build, mode) => {
    const handle = original(build, mode);
    return async (request, loadContext) => refuseBeforeRemix(request) ?? handle(request, loadContext);
  };
  (guarded as any)[INSTALLED] = true;
  runtime.createRequestHandler = guarded;
}
