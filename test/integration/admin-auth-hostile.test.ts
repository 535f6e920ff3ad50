// Issue #14, "admin routes never 500": every admin page, through the whole Remix request handler (Remix's CSRF
// check, single-fetch .data, every matched loader) with the real shopify-app-remix authenticate.admin, against
// the Shopify simulator's token endpoint. Forged inputs — no token from another origin, a garbage bearer, a signed
// token whose `dest` is not a shop, a signed token for a shop that never installed the app, an expired token —
// must get the library's embedded-auth answer (302 to login/bounce for a document, 401 for a fetch, 400 for a
// cross-origin form post), never a 5xx, never run a route's service, and leave every table as it was.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Prisma } from "@prisma/client";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { APP_CONFIG } from "../support/simulator-app";

const API_KEY = process.env.SHOPIFY_API_KEY!;
const API_SECRET = process.env.SHOPIFY_API_SECRET!;
const APP_URL = process.env.SHOPIFY_APP_URL!;
const APP_HOST = new URL(APP_URL).host;
const INSTALLED = "hostile-installed.myshopify.com";
const NEVER_INSTALLED = "hostile-never-installed.myshopify.com";
const EVIL = "https://evil.example";

// Every service a forged request must never reach, wrapped so the test sees whether it ran.
const { calls, recorded } = vi.hoisted(() => {
  const calls: string[] = [];
  const recorded = <F extends (...args: any[]) => any>(name: string, real: F): F =>
    ((...args: Parameters<F>) => {
      calls.push(name);
      return real(...args);
    }) as F;
  return { calls, recorded };
});
vi.mock("../../app/services/variant-list.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/services/variant-list.server")>();
  return {
    ...real,
    loadVariantsPage: recorded("loadVariantsPage", real.loadVariantsPage),
    applyVariantListAction: recorded("applyVariantListAction", real.applyVariantListAction),
  };
});
vi.mock("../../app/services/shop-settings.server", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../app/services/shop-settings.server")>();
  return {
    ...real,
    getSettingsPage: recorded("getSettingsPage", real.getSettingsPage),
    saveSettingsPage: recorded("saveSettingsPage", real.saveSettingsPage),
  };
});

let sim: RunningSimulator;
let handle: (request: Request) => Promise<Response>;
let prisma: typeof import("../../app/db.server").default;

beforeAll(async () => {
  sim = await startSimulator({ port: 0, appUrl: APP_URL, apiKey: API_KEY, apiSecret: API_SECRET, appConfigPath: APP_CONFIG, seed: "empty", shops: [INSTALLED] });
  // Read when the app's modules load: Shopify calls go to the simulator, jobs stay queued.
  process.env.SHOPIFY_SIMULATOR_URL = sim.url;
  process.env.JOB_WORKER = "off";
  prisma = (await import("../../app/db.server")).default;
  handle = await (await import("../support/remix-handler")).appRequestHandler();
});

afterAll(async () => {
  await sim?.close();
});

const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });

type Forged = { name: string; headers: () => Record<string, string>; retryHeader: boolean };
const FORGED: Forged[] = [
  { name: "no token, Origin https://evil.example", headers: () => ({ Origin: EVIL }), retryHeader: false },
  { name: "garbage bearer", headers: () => bearer("garbage"), retryHeader: true },
  { name: "signed token, dest https://evil.example", headers: () => bearer(sim.mintIdToken(INSTALLED, { claims: { dest: EVIL } })), retryHeader: true },
  { name: "signed token, dest not a URL", headers: () => bearer(sim.mintIdToken(INSTALLED, { claims: { dest: "not a url" } })), retryHeader: true },
  { name: "signed token for a shop that never installed", headers: () => bearer(sim.mintIdToken(NEVER_INSTALLED)), retryHeader: false },
  { name: "expired token", headers: () => bearer(sim.mintIdToken(INSTALLED, { ttlSeconds: -120 })), retryHeader: true },
];

const V = encodeURIComponent("gid://shopify/ProductVariant/424242");
/** Each admin page: its URL, and a form its action would act on if it ever ran. */
const PAGES: Array<{ path: string; query?: string; form?: Record<string, string> }> = [
  { path: "/app", query: "index" },
  { path: "/app/orders" },
  { path: "/app/settings", form: { timeZone: "UTC", defaultMessage: "pwned" } },
  { path: "/app/rules", form: { intent: "create", name: "pwned" } },
  { path: "/app/cancellations", form: { intent: "approve", requestId: "1" } },
  { path: "/app/variants", query: "index", form: { intent: "enable", variantId: "gid://shopify/ProductVariant/424242" } },
  { path: `/app/variants/${V}`, form: { intent: "enable" } },
  { path: "/app/waitlist", query: "index", form: { intent: "notify" } },
  { path: `/app/waitlist/${V}`, form: { intent: "notify" } },
  { path: "/app/csv", form: { intent: "confirm", importId: "1" } },
  { path: "/app/forecast", query: "index", form: { intent: "recompute" } },
  { path: "/app/forecast/424242" },
  { path: "/app/forecast/export", query: "vendor=Acme" },
  { path: "/app/forecast/settings", form: { intent: "defaults", leadTimeDays: "1" } },
  { path: "/app/forecast/settings/export" },
];

type Kind = "document GET" | ".data GET" | "document POST" | ".data POST";

function requestFor(page: (typeof PAGES)[number], kind: Kind, headers: Record<string, string>): Request {
  const data = kind.startsWith(".data");
  const path = data ? (page.path === "/app" ? "/app.data" : `${page.path}.data`) : page.path;
  const url = `${APP_URL}${path}${page.query ? `?${page.query}` : ""}`;
  // Host as a real server sees it (Remix's CSRF check compares Origin with it).
  const init: RequestInit = { method: kind.endsWith("POST") ? "POST" : "GET", headers: { Host: APP_HOST, ...headers } };
  if (init.method === "POST") {
    const form = new FormData();
    for (const [k, v] of Object.entries(page.form ?? {})) form.append(k, v);
    init.body = form;
  }
  return new Request(url, init);
}

/** The library's contract for each forged input and request kind. */
function expected(forged: Forged, kind: Kind): number {
  if (forged.name.startsWith("no token")) {
    if (kind.endsWith("POST")) return 400; // cross-origin form post (Remix's CSRF rejection, as a 400)
    return kind === "document GET" ? 302 : 401; // document → login; a fetch without a token → 401
  }
  return 401; // a bearer that is invalid, names no shop, or that Shopify will not exchange
}

async function snapshot(): Promise<string> {
  const tables: Record<string, unknown> = {};
  for (const model of Prisma.dmmf.datamodel.models) {
    tables[model.name] = await (prisma as any)[model.name[0].toLowerCase() + model.name.slice(1)].findMany();
  }
  return JSON.stringify(tables);
}

describe("admin routes × forged session tokens", () => {
  it("GIVEN a real session token THEN the harness answers 200 (control: the pages work, installing the shop)", async () => {
    const response = await handle(requestFor({ path: "/app/settings" }, ".data GET", bearer(sim.mintIdToken(INSTALLED))));
    expect(response.status).toBe(200);
    expect(calls).toContain("getSettingsPage");
    expect(await prisma.session.count({ where: { shop: INSTALLED } })).toBe(1);
  });

  const KINDS: Kind[] = ["document GET", ".data GET", "document POST", ".data POST"];
  for (const forged of FORGED) {
    it(`GIVEN ${forged.name} THEN every admin page answers the contract status, runs nothing and changes nothing`, async () => {
      const before = await snapshot();
      calls.length = 0;
      const seen: string[] = [];
      for (const page of PAGES) {
        for (const kind of KINDS) {
          if (kind.endsWith("POST") && !page.form) continue;
          const response = await handle(requestFor(page, kind, forged.headers()));
          const want = expected(forged, kind);
          seen.push(`${kind} ${page.path} → ${response.status}`);
          expect(response.status, `${kind} ${page.path}`).toBe(want);
          if (want === 401 && kind !== "document GET") {
            expect(response.headers.get("X-Shopify-Retry-Invalid-Session-Request"), `${kind} ${page.path}`).toBe(
              forged.retryHeader || forged.name.startsWith("no token") ? "1" : null,
            );
          }
          if (want === 302) expect(response.headers.get("Location")).toMatch(/^\/auth\//);
        }
      }
      expect(seen.filter((line) => / → 5\d\d$/.test(line))).toEqual([]);
      expect(calls).toEqual([]);
      expect(await snapshot()).toBe(before);
    });
  }
});

describe("a session token in the URL (document load) whose dest is not a shop", () => {
  it("GIVEN id_token=<dest https://evil.example> THEN the library's bounce for a document without a usable token (302), not a 500", async () => {
    const host = Buffer.from(`admin.shopify.com/store/${INSTALLED.split(".")[0]}`).toString("base64url");
    const token = sim.mintIdToken(INSTALLED, { claims: { dest: EVIL } });
    const response = await handle(new Request(`${APP_URL}/app/settings?shop=${INSTALLED}&host=${host}&embedded=1&id_token=${token}`, { headers: { Host: APP_HOST } }));
    expect(response.status).toBe(302);
    expect(response.headers.get("Location")).toMatch(/^\/auth\/session-token\?/);
    expect(response.headers.get("Location")).not.toContain(token);
  });
});

describe("guardAuthenticateAdmin: what the token endpoint said decides a library 500", () => {
  const TOKEN_URL = `https://${INSTALLED}/admin/oauth/access_token`;
  const request = () => new Request(`${APP_URL}/app/settings.data`, { headers: bearer(sim.mintIdToken(INSTALLED)) });
  /** A stand-in for authenticate.admin: one token-endpoint call through the observed fetch, then the library's bare 500. */
  async function guardedWith(tokenEndpoint: () => Promise<Response>) {
    const { guardAuthenticateAdmin, observeTokenEndpoint } = await import("../../app/shopify/admin-auth.server");
    const fetchThroughObserver = observeTokenEndpoint(async (_input: unknown, _init?: unknown) => tokenEndpoint());
    const guarded = guardAuthenticateAdmin(
      async () => {
        await fetchThroughObserver(TOKEN_URL, { method: "POST" }).catch(() => undefined);
        throw new Response(undefined, { status: 500 });
      },
      { appUrl: APP_URL },
    );
    return guarded(request()).then(
      () => null,
      (thrown: unknown) => thrown as Response,
    );
  }

  it("GIVEN Shopify refuses the exchange (404 unknown shop) THEN 401 without the retry header", async () => {
    const thrown = await guardedWith(async () => new Response("{}", { status: 404 }));
    expect(thrown?.status).toBe(401);
    expect(thrown?.headers.get("X-Shopify-Retry-Invalid-Session-Request")).toBeNull();
  });

  it("GIVEN Shopify cannot be reached THEN 503 with Retry-After (an outage is not an auth failure)", async () => {
    const unreachable = await guardedWith(async () => Promise.reject(new TypeError("fetch failed")));
    expect(unreachable?.status).toBe(503);
    expect(unreachable?.headers.get("Retry-After")).toBe("5");
    expect((await guardedWith(async () => new Response("", { status: 502 })))?.status).toBe(503);
  });

  it("GIVEN the exchange succeeded and the 500 came later (our afterAuth hook) THEN the 500 stands: a real server fault", async () => {
    const thrown = await guardedWith(async () => new Response("{}", { status: 200 }));
    expect(thrown?.status).toBe(500);
  });
});
