// The production web server (`npm start`), in place of remix-serve: the built Remix app behind
//   1. static files from build/client (hashed assets cached for a year),
//   2. a bounded body reader (app/http/body-limits.ts): a body past its route's limit is a 413 before the app
//      parses anything or authenticates anyone, whether it declares a Content-Length or arrives chunked,
//   3. an access log with tokens and signed query values redacted (app/http/request-log.ts).
// remix-serve read bodies as unbounded streams and logged full URLs, so neither could be done there.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import compression from "compression";
import { createRequestHandler, installGlobals, writeReadableStreamToWritable, type ServerBuild } from "@remix-run/node";
import { bodyLimitFor, bodyTooLargeMessage, SHOPPER_PREFIXES, type BodyLimit } from "../app/http/body-limits";
import { accessLogLine } from "../app/http/request-log";
import { refuseBeforeRemix } from "../app/shopify/admin-auth-requests.server";

process.env.NODE_ENV = process.env.NODE_ENV ?? "production";

const root = path.resolve(import.meta.dirname, "..");
const buildPath = path.resolve(root, process.argv[2] ?? "build/server/index.js");
const clientDir = path.resolve(root, "build/client");

/** After a 413, how far past the route's limit the refused body is read (and dropped) so the client can read the answer. */
const DRAIN_AFTER_REFUSAL_BYTES = 8 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".txt": "text/plain; charset=utf-8",
};

/** A file under build/client for this path, or null (never a path outside it). */
function staticFile(pathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  if (decoded.includes("\0")) return null;
  const file = path.resolve(clientDir, `.${path.posix.normalize(decoded)}`);
  if (!file.startsWith(`${clientDir}${path.sep}`)) return null;
  return existsSync(file) && statSync(file).isFile() ? file : null;
}

function serveStatic(req: IncomingMessage, res: ServerResponse, file: string, pathname: string): void {
  const immutable = pathname.startsWith("/assets/");
  res.writeHead(200, {
    "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream",
    "Content-Length": String(statSync(file).size),
    "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=3600",
  });
  if (req.method === "HEAD") res.end();
  else createReadStream(file).pipe(res);
}

function refuseTooLarge(req: IncomingMessage, res: ServerResponse, limit: BodyLimit, alreadyRead: number): void {
  if (!res.headersSent) {
    const body = JSON.stringify({ ok: false, error: { code: "BODY_TOO_LARGE", message: bodyTooLargeMessage(limit) } });
    res.writeHead(413, {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Length": String(Buffer.byteLength(body)),
      "Cache-Control": "no-store",
    });
    res.end(body);
  }
  // Read (and drop) a little more so a client still sending gets the 413 instead of a connection reset (closing at
  // once, as `Connection: close` would, resets a sender mid-body before it reads the answer); past that, cut the
  // connection, so a client that keeps sending costs us nothing more.
  let read = alreadyRead;
  req.removeAllListeners("data");
  req.on("data", (chunk: Buffer) => {
    read += chunk.length;
    if (read > limit.bytes + DRAIN_AFTER_REFUSAL_BYTES) req.socket.destroy();
  });
  req.resume();
}

/** The whole body, or null once it has passed the limit (the 413 has then been sent). */
function readBoundedBody(req: IncomingMessage, res: ServerResponse, limit: BodyLimit): Promise<Buffer | null> {
  const declared = req.headers["content-length"];
  if (declared !== undefined && Number(declared) > limit.bytes) {
    refuseTooLarge(req, res, limit, 0);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit.bytes) {
        chunks.push(chunk);
        return;
      }
      req.off("end", onEnd);
      chunks.length = 0;
      refuseTooLarge(req, res, limit, size);
      resolve(null);
    };
    const onEnd = () => resolve(Buffer.concat(chunks));
    req.on("data", onData);
    req.once("end", onEnd);
    req.once("error", reject);
  });
}

function toFetchHeaders(req: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else headers.set(name, value);
  }
  return headers;
}

/**
 * A backstop for answers under the shopper prefixes that did not come from a shopper page (an unexpected error
 * page): the URL holds a token, so it is never cached, indexed or passed on as a Referer.
 */
const SHOPPER_PRIVATE_HEADERS: Record<string, string> = { "cache-control": "no-store", "x-robots-tag": "noindex", "referrer-policy": "no-referrer" };

async function sendResponse(res: ServerResponse, response: Response, pathname: string): Promise<void> {
  if (SHOPPER_PREFIXES.some((prefix) => pathname.startsWith(prefix))) {
    for (const [name, value] of Object.entries(SHOPPER_PRIVATE_HEADERS)) if (!response.headers.has(name)) res.setHeader(name, value);
  }
  res.statusCode = response.status;
  if (response.statusText) res.statusMessage = response.statusText;
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  const cookies = response.headers.getSetCookie();
  if (cookies.length) res.setHeader("Set-Cookie", cookies);
  if (/text\/event-stream/i.test(response.headers.get("Content-Type") ?? "")) res.flushHeaders();
  if (response.body) await writeReadableStreamToWritable(response.body, res);
  else res.end();
}

async function main(): Promise<void> {
  const build = (await import(`${pathToFileURL(buildPath).href}?t=${statSync(buildPath).mtimeMs}`)) as ServerBuild;
  installGlobals({ nativeFetch: build.future.v3_singleFetch });
  const handleRequest = createRequestHandler(build, process.env.NODE_ENV);
  const compress = compression();

  const server = createServer((req, res) => {
    const started = performance.now();
    res.on("finish", () => {
      const length = res.getHeader("Content-Length");
      const bytes = typeof length === "string" || typeof length === "number" ? Number(length) : null;
      console.log(accessLogLine({ method: req.method ?? "-", target: req.url ?? "/", status: res.statusCode, bytes, ms: performance.now() - started }));
    });
    compress(req, res, () => {
      handle(req, res).catch((error: unknown) => {
        console.error(error);
        if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" }).end("Unexpected Server Error");
        else res.destroy();
      });
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? "GET").toUpperCase();
    const host = req.headers.host;
    if (!host) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end("A Host header is required.");
      return;
    }
    // A Host that is not a host (`exa mple`, `[::1`) makes new URL throw, and one with userinfo (`user:pass@…`) makes
    // new Request throw: a client error, not a 500.
    let url: URL | null = null;
    try {
      url = new URL(req.url ?? "/", `http://${host}`);
    } catch {
      url = null;
    }
    if (!url || url.username || url.password) {
      res.writeHead(400, { "Content-Type": "text/plain; charset=utf-8" }).end("The Host header is not a valid host.");
      return;
    }
    if (method === "GET" || method === "HEAD") {
      const file = staticFile(url.pathname);
      if (file) return serveStatic(req, res, file, url.pathname);
    }
    let body: ArrayBuffer | undefined;
    if (method !== "GET" && method !== "HEAD") {
      const read = await readBoundedBody(req, res, bodyLimitFor(url.pathname));
      if (read === null) return;
      body = read.buffer.slice(read.byteOffset, read.byteOffset + read.length) as ArrayBuffer;
    }
    const controller = new AbortController();
    res.on("close", () => {
      if (!res.writableFinished) controller.abort();
    });
    const request = new Request(url.href, { method, headers: toFetchHeaders(req), body, signal: controller.signal });
    // entry.server also installs this guard around Remix's handler; called here too so it holds whatever the import order.
    await sendResponse(res, refuseBeforeRemix(request) ?? (await handleRequest(request)), url.pathname);
  }

  // A slow sender may hold a connection only so long: the whole request (up to a 10 MiB webhook or a 5 MiB CSV on
  // a slow line) within 120 s. Idle keep-alive connections stay open longer than the usual load balancer's 60 s,
  // so the balancer, not this server, closes them: otherwise a request sent on a connection the server is closing
  // at that instant is reset (the sporadic reset that remix-serve's 5 s default produced).
  server.requestTimeout = 120_000;
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  const port = Number(process.env.PORT ?? 3000);
  const listening = () => console.log(`[backorders] http://localhost:${port}`);
  if (process.env.HOST) server.listen(port, process.env.HOST, listening);
  else server.listen(port, listening);
  for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => {
    server.close();
    server.closeIdleConnections();
  });
}

await main();
