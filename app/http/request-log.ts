// The web server's access log line, with secrets taken out. A full URL would write bearer tokens (the unsubscribe,
// confirm and cancel-request links in emails), OAuth codes, session tokens and the app proxy's signed query
// (`signature`, `logged_in_customer_id`) to every log the host keeps; anyone reading the log could then act as the
// shopper. Paths keep their shape and query keys stay visible, so the log still says what was asked.

/** Routes whose last path segment is a bearer token. */
const TOKEN_PATH_PREFIXES = ["/alerts/unsubscribe/", "/alerts/confirm/", "/orders/cancel-request/"];

/** Query parameters whose values are secrets or identify a shopper. */
const SECRET_QUERY_KEYS = new Set([
  "signature",
  "hmac",
  "id_token",
  "token",
  "session",
  "code",
  "state",
  "logged_in_customer_id",
  "email",
]);

export const REDACTED = "[redacted]";

/** The request target (`/path?query`, as on the request line) with tokens and signed values replaced. */
export function redactRequestTarget(target: string): string {
  const queryStart = target.indexOf("?");
  const rawPath = queryStart === -1 ? target : target.slice(0, queryStart);
  const rawQuery = queryStart === -1 ? "" : target.slice(queryStart + 1);
  return redactPath(rawPath) + (queryStart === -1 ? "" : `?${redactQuery(rawQuery)}`);
}

function redactPath(path: string): string {
  for (const prefix of TOKEN_PATH_PREFIXES) {
    if (path.startsWith(prefix) && path.length > prefix.length) {
      // Keep a data-route suffix (`.data`) so the log still tells a page from its loader call.
      const suffix = path.endsWith(".data") ? ".data" : "";
      return `${prefix}${REDACTED}${suffix}`;
    }
  }
  return path;
}

function redactQuery(query: string): string {
  if (!query) return query;
  return query
    .split("&")
    .map((pair) => {
      const equals = pair.indexOf("=");
      const rawKey = equals === -1 ? pair : pair.slice(0, equals);
      let key: string;
      try {
        key = decodeURIComponent(rawKey.replace(/\+/g, " ")).toLowerCase();
      } catch {
        return REDACTED; // an undecodable key could hide anything
      }
      return SECRET_QUERY_KEYS.has(key) && equals !== -1 ? `${rawKey}=${REDACTED}` : pair;
    })
    .join("&");
}

/** One access-log line, like morgan's "tiny" format that remix-serve printed, minus the secrets. */
export function accessLogLine(input: { method: string; target: string; status: number; bytes: number | null; ms: number }): string {
  return `${input.method} ${redactRequestTarget(input.target)} ${input.status} ${input.bytes ?? "-"} - ${input.ms.toFixed(3)} ms`;
}
