import { AsyncLocalStorage } from "node:async_hooks";
import { InvalidShopError, ShopifyError } from "@shopify/shopify-api";

// shopify-app-remix's authenticate.admin answers most bad requests with a Response (302 bounce/login, 401 with
// the retry header), but three forged inputs escape that contract and surface as 500s (#14):
//   - a verified session token whose `dest` is not a URL (`new URL(dest)` throws a TypeError) or not a shop
//     (getOfflineId throws InvalidShopError): the library only catches errors of the signature check;
//   - a token for a shop Shopify will not exchange (not installed, unknown): every token-endpoint answer other than
//     `400 invalid_subject_token` becomes a bare 500 Response, indistinguishable from Shopify being down.
// This wrapper answers those the way the library answers any other unusable session token, and records what the
// token endpoint said so "Shopify refused" (401) and "Shopify unreachable" (503) stay apart.

const RETRY_INVALID_SESSION_HEADER = "X-Shopify-Retry-Invalid-Session-Request";
const REAUTH_URL_HEADER = "X-Shopify-API-Request-Failure-Reauthorize-Url";
const TOKEN_ENDPOINT_PATH = "/admin/oauth/access_token";

type AuthAttempt = { tokenEndpoint?: number | "unreachable" };
const attempts = new AsyncLocalStorage<AuthAttempt>();

type Fetch = (input: any, init?: any) => Promise<Response>;

/** Wraps shopify-api's fetch so a running authentication learns how Shopify's token endpoint answered. */
export function observeTokenEndpoint<F extends Fetch>(inner: F): F {
  return (async (input: any, init?: any) => {
    const attempt = attempts.getStore();
    const url = typeof input === "string" ? input : input instanceof URL ? input.href : input?.url;
    if (!attempt || !url || new URL(url).pathname !== TOKEN_ENDPOINT_PATH) return inner(input, init);
    try {
      const response = await inner(input, init);
      attempt.tokenEndpoint = response.status;
      return response;
    } catch (error) {
      attempt.tokenEndpoint = "unreachable";
      throw error;
    }
  }) as F;
}

export function sessionTokenOf(request: Request): { token: string; from: "header" | "url" } | null {
  const header = request.headers.get("authorization")?.replace("Bearer ", "");
  if (header) return { token: header, from: "header" };
  const param = new URL(request.url).searchParams.get("id_token");
  return param ? { token: param, from: "url" } : null;
}

/** The token's `dest` claim, unverified: only used to refuse, never to trust. */
function destIsAnHttpsUrl(token: string): boolean {
  let payload: { dest?: unknown };
  try {
    payload = JSON.parse(Buffer.from(token.split(".")[1] ?? "", "base64url").toString("utf8"));
  } catch {
    return true; // not a JWT at all: the library's signature check rejects it with its own response
  }
  if (typeof payload?.dest !== "string") return false;
  try {
    return new URL(payload.dest).protocol === "https:";
  } catch {
    return false;
  }
}

export type GuardOptions = { appUrl: string };

export function guardAuthenticateAdmin<Context>(
  authenticateAdmin: (request: Request) => Promise<Context>,
  options: GuardOptions,
): (request: Request) => Promise<Context> {
  const withCors = (request: Request, response: Response): Response => {
    // Same CORS headers the library adds to its own responses for another origin, so the caller can read the status.
    const origin = request.headers.get("Origin");
    if (origin && origin !== options.appUrl) {
      response.headers.set("Access-Control-Allow-Origin", "*");
      response.headers.set("Access-Control-Allow-Headers", "Authorization, Content-Type");
      response.headers.set("Access-Control-Expose-Headers", REAUTH_URL_HEADER);
    }
    return response;
  };

  /** The library's answer to an invalid session token: 401 + retry for a fetch, its bounce page for a document. */
  const unusableToken = async (request: Request, from: "header" | "url"): Promise<never> => {
    if (from === "header") {
      throw withCors(request, new Response(undefined, { status: 401, statusText: "Unauthorized", headers: { [RETRY_INVALID_SESSION_HEADER]: "1" } }));
    }
    const url = new URL(request.url);
    url.searchParams.delete("id_token");
    // Without the token the library takes its document path (bounce to get a fresh token, or login): it always throws.
    await authenticateAdmin(new Request(url, { method: request.method, headers: request.headers }));
    throw new Error("authenticate.admin accepted a request without a session token");
  };

  return async (request) => {
    const presented = sessionTokenOf(request);
    if (presented && !destIsAnHttpsUrl(presented.token)) return unusableToken(request, presented.from);
    const attempt: AuthAttempt = {};
    try {
      return await attempts.run(attempt, () => authenticateAdmin(request));
    } catch (thrown) {
      // Thrown only after the signature check passed: the token is Shopify-shaped but names no shop.
      if (thrown instanceof InvalidShopError && presented) return unusableToken(request, presented.from);
      // Unsigned query junk the library does not answer itself (hostile pass, #14): /auth/exit-iframe without a
      // destination on the app's origin throws a ShopifyError; a `shop` whose percent-encoding is broken reaches the
      // bounce page's Content-Security-Policy header as U+FFFD and Headers.set throws a TypeError. Both are a bad request.
      if (thrown instanceof ShopifyError && /exit-iframe destination/i.test(thrown.message)) {
        throw new Response("Invalid exit-iframe destination.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      }
      if (thrown instanceof TypeError && /ByteString/.test(thrown.message)) {
        throw new Response("The request's parameters are not valid.", { status: 400, headers: { "Content-Type": "text/plain; charset=utf-8" } });
      }
      if (thrown instanceof Response && thrown.status >= 500) {
        const answer = attempt.tokenEndpoint;
        if (typeof answer === "number" && answer >= 400 && answer < 500) {
          // Shopify refused to exchange a valid-looking token (app not installed, unknown shop, revoked client):
          // not a retryable token problem, and not our fault. No retry header: a fresh token would fail the same way.
          console.warn(`[admin-auth] token exchange refused (${answer}); answering 401`);
          throw withCors(request, new Response(undefined, { status: 401, statusText: "Unauthorized" }));
        }
        if (answer === "unreachable" || (typeof answer === "number" && answer >= 500)) {
          throw withCors(request, new Response(undefined, { status: 503, statusText: "Service Unavailable", headers: { "Retry-After": "5" } }));
        }
      }
      throw thrown; // includes a 500 from our afterAuth hook after a successful exchange: a real server fault
    }
  };
}
