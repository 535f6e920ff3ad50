// The restock-alert signup pipeline end to end through the real routes: POST /proxy/notify with requests signed the
// way Shopify's app proxy signs them (the simulator's signer, the test app secret; the real
// `authenticate.public.appProxy` checks them), the confirmation email queued in the outbox, the double opt-in page
// /alerts/confirm/<token>, and the hourly expiry job. Time is moved with fake Dates (the signature's timestamp check
// uses the same clock).
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "#app/db.server";
import { SIGNUP_RATE_LIMITS, windowStartFor } from "../../app/domain/rate-limit";
import { signupJobHandlers } from "../../app/jobs/signup-jobs.server";
import type { ClaimedJob } from "../../app/models/job.server";
import { incrementRateLimitCounter } from "../../app/models/rate-limit.server";
import { action as confirmAction, loader as confirmLoader } from "../../app/routes/alerts.confirm.$token";
import { action } from "../../app/routes/proxy.notify";
import { NOTIFY_CONSENT_TEXT_VERSION, NOTIFY_HONEYPOT_FIELD } from "../../app/schemas/notify-request";
import { EXPIRE_PENDING_JOB, hashConfirmToken } from "../../app/services/subscription-confirm.server";
import { signAppProxyQuery } from "../../simulator/app-proxy";

// Lets one test make the confirmation's email.send job fail, to prove the signup rolls back with it.
const failures = vi.hoisted(() => ({ emailJob: false }));
vi.mock("../../app/models/job.server", async (importOriginal) => {
  const original = await importOriginal<typeof import("../../app/models/job.server")>();
  return {
    ...original,
    enqueueJob: async (...args: Parameters<typeof original.enqueueJob>) => {
      if (failures.emailJob && args[1].type === "email.send") throw new Error("simulated crash while queueing the email");
      return original.enqueueJob(...args);
    },
  };
});

const SECRET = process.env.SHOPIFY_API_SECRET!;
const SHOP = "signup.myshopify.com"; // requires consent, pending expiry 7 days
const LENIENT_SHOP = "signup-lenient.myshopify.com"; // no consent needed, alerts on backorders
const UNINSTALLED_SHOP = "signup-gone.myshopify.com";

const variantGid = (n: number) => `gid://shopify/ProductVariant/${n}`;
const productGid = (n: number) => `gid://shopify/Product/${n}`;
const SOLD_OUT = 7001;
const IN_STOCK = 7002;
const BACKORDER = 7003;
const LOW_STOCK = 7004;
const DRAFT_PRODUCT_VARIANT = 7005;
const ARCHIVED_PRODUCT_VARIANT = 7006;
const SOLD_OUT_2 = 7007;
const OTHER_SHOPS_VARIANT = 7100;

type Fields = Record<string, string | number | boolean | undefined>;
type SignOptions = {
  shop?: string;
  timestamp?: number;
  tamper?: (query: URLSearchParams) => void;
  unsigned?: boolean;
  wrongSecret?: boolean;
  customerId?: string;
};

let ipCounter = 0;
/** A fresh shopper IP per request unless a test pins one (so the per-IP limit only trips where a test wants it). */
const nextIp = () => `198.51.${Math.floor(ipCounter / 250)}.${(ipCounter++ % 250) + 1}`;
let emailCounter = 0;
const uniqueEmail = (prefix = "shopper") => `${prefix}-${++emailCounter}@example.com`;

function proxyUrl(options: SignOptions = {}): string {
  const query = new URLSearchParams({
    shop: options.shop ?? SHOP,
    logged_in_customer_id: options.customerId ?? "",
    path_prefix: "/apps/backorders",
    timestamp: String(options.timestamp ?? Math.floor(Date.now() / 1000)),
  });
  if (!options.unsigned) query.set("signature", signAppProxyQuery(query, options.wrongSecret ? "not-the-app-secret" : SECRET));
  options.tamper?.(query);
  return `https://localhost:3000/proxy/notify?${query}`;
}

const validFields = (overrides: Fields = {}): Fields => ({
  variantId: variantGid(SOLD_OUT),
  email: uniqueEmail(),
  locale: "en",
  consent: "on",
  rendered_at: Date.now() - 5_000,
  [NOTIFY_HONEYPOT_FIELD]: "",
  ...overrides,
});

/** `ip` is the address Shopify's proxy forwards; `forwardedFor` replaces the whole header (null: none at all). */
function notifyRequest(fields: Fields, options: SignOptions & { ip?: string; forwardedFor?: string | null; userAgent?: string } = {}): Request {
  const headers = new Headers({
    "Content-Type": "application/x-www-form-urlencoded",
    "User-Agent": options.userAgent ?? "Mozilla/5.0 (signup test)",
  });
  const forwardedFor = options.forwardedFor === undefined ? (options.ip ?? nextIp()) : options.forwardedFor;
  if (forwardedFor !== null) headers.set("X-Forwarded-For", forwardedFor);
  const defined = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => [k, String(v)]));
  return new Request(proxyUrl(options), { method: "POST", headers, body: new URLSearchParams(defined).toString() });
}

type Answer = { status: number; headers: Headers; text: string; body: any };

async function submit(request: Request): Promise<Answer> {
  let response: Response;
  try {
    response = await action({ request, params: {}, context: {} } as any);
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    response = thrown;
  }
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: text ? JSON.parse(text) : null };
}

const signup = (fields: Fields = {}, options: Parameters<typeof notifyRequest>[1] = {}) => submit(notifyRequest(validFields(fields), options));

/** Everything a signup could have written. */
async function storedState() {
  const [subscriptions, emails, jobs, counters] = await Promise.all([
    prisma.restockSubscription.count(),
    prisma.emailMessage.count(),
    prisma.job.count(),
    prisma.rateLimitCounter.aggregate({ _sum: { count: true } }),
  ]);
  return { subscriptions, emails, jobs, counted: counters._sum.count ?? 0 };
}

async function confirmationsFor(subscriptionId: string) {
  return prisma.emailMessage.findMany({ where: { subscriptionId, kind: "subscription_confirmation" }, orderBy: { idempotencyKey: "asc" } });
}

async function tokenFor(subscriptionId: string): Promise<string> {
  const emails = await confirmationsFor(subscriptionId);
  return JSON.parse(emails[emails.length - 1].data).confirmToken;
}

async function subscriptionFor(email: string, shop = SHOP) {
  return prisma.restockSubscription.findFirstOrThrow({ where: { shop, emailNormalized: email.toLowerCase() } });
}

function confirmRequest(token: string, method: "GET" | "POST", acceptLanguage?: string) {
  const request = new Request(`https://localhost:3000/alerts/confirm/${encodeURIComponent(token)}`, {
    method,
    headers: acceptLanguage ? { "Accept-Language": acceptLanguage } : {},
  });
  const args = { request, params: { token }, context: {} } as any;
  return method === "GET" ? confirmLoader(args) : confirmAction(args);
}

async function page(response: Response) {
  return { status: response.status, html: await response.text(), type: response.headers.get("Content-Type") };
}

const claimedJob = (shop: string): ClaimedJob => ({ id: "job-test", shop, type: EXPIRE_PENDING_JOB, payload: {}, attempts: 1, maxAttempts: 8 });

async function seedShop(shop: string, settings: { requireConsent?: boolean; alertsOnBackorder?: boolean; pendingExpiryDays?: number }, installed = true) {
  await prisma.shop.create({ data: { shop, name: shop === SHOP ? "Alpine Outfitters" : null } });
  await prisma.shopSettings.create({ data: { shop, ...settings } });
  if (installed) await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "state", isOnline: false, accessToken: "shpat_test", scope: "read_products" } });
  await prisma.product.createMany({
    data: [
      { shop, id: productGid(1), title: "Trail <Boot>", handle: "trail-boot", status: "ACTIVE" },
      { shop, id: productGid(2), title: "Draft jacket", handle: "draft-jacket", status: "DRAFT" },
      { shop, id: productGid(3), title: "Old tent", handle: "old-tent", status: "ARCHIVED" },
    ],
  });
  const variants: Array<[number, string, number]> = [
    [SOLD_OUT, "sold_out", 1],
    [IN_STOCK, "in_stock", 1],
    [BACKORDER, "backorder", 1],
    [LOW_STOCK, "low_stock", 1],
    [SOLD_OUT_2, "sold_out", 1],
    [DRAFT_PRODUCT_VARIANT, "sold_out", 2],
    [ARCHIVED_PRODUCT_VARIANT, "sold_out", 3],
  ];
  await prisma.variant.createMany({
    data: variants.map(([n, backorderState, product]) => ({ shop, id: variantGid(n), productId: productGid(product), title: `Size ${n}`, backorderState })),
  });
}

beforeAll(async () => {
  await seedShop(SHOP, {});
  await seedShop(LENIENT_SHOP, { requireConsent: false, alertsOnBackorder: true });
  await seedShop(UNINSTALLED_SHOP, {}, false);
  await prisma.product.create({ data: { shop: LENIENT_SHOP, id: productGid(9), title: "Other", handle: "other" } });
  await prisma.variant.create({ data: { shop: LENIENT_SHOP, id: variantGid(OTHER_SHOPS_VARIANT), productId: productGid(9), title: "x", backorderState: "sold_out" } });
});

afterEach(() => {
  vi.useRealTimers();
  failures.emailJob = false;
});

/** Freezes Date at `iso` (timers and promises stay real, so Prisma keeps working). */
function freezeTime(iso: string) {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(new Date(iso));
}

describe("signup: a valid request", () => {
  it("GIVEN a logged-in shopper signs up THEN a pending subscription with consent evidence, a hashed token, and its confirmation email + send job", async () => {
    const before = Date.now();
    const { status, body, headers } = await signup(
      { email: "  Shopper.One@Example.COM ", locale: "de-AT" },
      { ip: "203.0.113.7", userAgent: "Mozilla/5.0 (evidence)", customerId: "777" },
    );
    expect(status).toBe(200);
    expect(body).toEqual({ ok: true, status: "pending" });
    expect(headers.get("Cache-Control")).toBe("no-store");

    const row = await subscriptionFor("shopper.one@example.com");
    expect(row).toMatchObject({
      email: "Shopper.One@example.com", // local part as typed, domain lowercased
      emailNormalized: "shopper.one@example.com",
      locale: "de", // de-AT falls back to its language
      status: "pending",
      consentTextVersion: NOTIFY_CONSENT_TEXT_VERSION,
      consentIp: "203.0.113.7", // the hop Shopify's proxy wrote
      consentUserAgent: "Mozilla/5.0 (evidence)",
      customerId: "gid://shopify/Customer/777",
      confirmedAt: null,
      productId: productGid(1),
    });
    expect(row.consentAt!.getTime()).toBeGreaterThanOrEqual(before);
    expect(row.expiresAt!.getTime() - row.consentAt!.getTime()).toBe(7 * 24 * 3600 * 1000);

    const [email] = await confirmationsFor(row.id);
    expect(email).toMatchObject({
      shop: SHOP,
      kind: "subscription_confirmation",
      idempotencyKey: `confirm/${row.id}/0`,
      toEmail: "Shopper.One@example.com",
      locale: "de",
      status: "queued",
      reason: "Signed up on Alpine Outfitters — asks to confirm",
    });
    const { confirmToken } = JSON.parse(email.data);
    expect(confirmToken).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    expect(row.confirmTokenHash).toBe(hashConfirmToken(confirmToken));
    expect(row.confirmTokenHash).not.toContain(confirmToken.split(".")[1]);

    const sendJob = await prisma.job.findFirstOrThrow({ where: { shop: SHOP, type: "email.send", idempotencyKey: `email:${email.id}` } });
    expect(JSON.parse(sendJob.payload)).toEqual({ emailMessageId: email.id });
  });

  it("GIVEN a signup THEN the shop's expiry sweep is queued for the start of the next hour (once per hour, however many signups)", async () => {
    freezeTime("2026-12-01T10:20:00.000Z");
    await signup();
    await signup();
    const jobs = await prisma.job.findMany({ where: { shop: SHOP, type: EXPIRE_PENDING_JOB, runAt: new Date("2026-12-01T11:00:00.000Z") } });
    expect(jobs).toHaveLength(1);
    expect(jobs[0].idempotencyKey).toBe(`${EXPIRE_PENDING_JOB}:2026-12-01T11:00:00.000Z`);
  });

  it("GIVEN an internationalised domain THEN it is stored in its ASCII (xn--) form, lowercased", async () => {
    const { status } = await signup({ email: "Joerg@Bücher.Example" });
    expect(status).toBe(200);
    expect(await subscriptionFor("joerg@xn--bcher-kva.example")).toMatchObject({ email: "Joerg@xn--bcher-kva.example" });
  });

  it.each([
    ["es_MX", "es"],
    ["FR", "fr"],
    ["pt-BR", "en"],
    [undefined, "en"],
  ])("GIVEN locale %s THEN the subscription speaks %s", async (locale, expected) => {
    const email = uniqueEmail("locale");
    expect((await signup({ email, locale })).status).toBe(200);
    expect((await subscriptionFor(email)).locale).toBe(expected);
  });

  it("GIVEN a shop without the consent requirement that alerts on backorders THEN a backordered variant without consent is accepted", async () => {
    const email = uniqueEmail("lenient");
    const { status } = await signup({ email, variantId: variantGid(BACKORDER), consent: undefined }, { shop: LENIENT_SHOP });
    expect(status).toBe(200);
    expect(await subscriptionFor(email, LENIENT_SHOP)).toMatchObject({ status: "pending", customerId: null });
  });

  it("GIVEN a shop that does not ask for consent WHEN a shopper signs up (even sending consent=on) THEN no consent evidence is recorded: nothing was agreed to", async () => {
    const email = uniqueEmail("no-consent-asked");
    const { status } = await signup(
      { email, variantId: variantGid(BACKORDER), consent: "on" },
      { shop: LENIENT_SHOP, ip: "203.0.113.9", userAgent: "Mozilla/5.0 (not asked)" },
    );
    expect(status).toBe(200);
    expect(await subscriptionFor(email, LENIENT_SHOP)).toMatchObject({
      status: "pending",
      consentAt: null,
      consentTextVersion: null,
      consentIp: null,
      consentUserAgent: null,
    });
  });

  it("GIVEN the email job cannot be queued THEN the signup is rolled back with it (one transaction)", async () => {
    const email = uniqueEmail("crash");
    failures.emailJob = true;
    await expect(signup({ email })).rejects.toThrow("simulated crash");
    expect(await prisma.restockSubscription.count({ where: { emailNormalized: email } })).toBe(0);
    expect(await prisma.emailMessage.count({ where: { toEmail: email } })).toBe(0);
  });
});

describe("signup: Shopify's proxy signature is checked before anything else", () => {
  const cases: Array<[string, SignOptions]> = [
    ["no signature", { unsigned: true }],
    ["a signature made with another secret", { wrongSecret: true }],
    ["a stale timestamp (10 minutes old)", { timestamp: Math.floor(Date.now() / 1000) - 600 }],
    ["a tampered shop", { tamper: (q) => q.set("shop", "evil.myshopify.com") }],
    ["a tampered customer id", { tamper: (q) => q.set("logged_in_customer_id", "1") }],
    ["an added parameter", { tamper: (q) => q.append("extra", "1") }],
  ];
  for (const [name, options] of cases) {
    it(`GIVEN ${name} THEN 400 INVALID_SIGNATURE as JSON, and nothing is stored or counted`, async () => {
      const before = await storedState();
      const { status, body, headers } = await signup({}, options);
      expect(status).toBe(400);
      expect(headers.get("Content-Type")).toContain("application/json");
      expect(body).toEqual({ ok: false, error: { code: "INVALID_SIGNATURE", message: expect.stringContaining("Reload the page") } });
      expect(await storedState()).toEqual(before);
    });
  }

  it("GIVEN a correctly signed request for a shop without an offline session THEN 404 NOT_INSTALLED, nothing stored or counted", async () => {
    const before = await storedState();
    const { status, body } = await signup({}, { shop: UNINSTALLED_SHOP });
    expect(status).toBe(404);
    expect(body.error.code).toBe("NOT_INSTALLED");
    expect(await storedState()).toEqual(before);
  });
});

describe("signup: validation", () => {
  const longDomain = `${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(60)}.com`;
  const matrix: Array<[string, Fields, number, string, string | undefined]> = [
    ["a missing email", { email: undefined }, 422, "INVALID_EMAIL", "email"],
    ["a blank email", { email: "   " }, 422, "INVALID_EMAIL", "email"],
    ["an email without @", { email: "shopper.example.com" }, 422, "INVALID_EMAIL", "email"],
    ["an email with two @", { email: "a@b@example.com" }, 422, "INVALID_EMAIL", "email"],
    ["a display name", { email: "Jane Doe <jane@example.com>" }, 422, "INVALID_EMAIL", "email"],
    ["a bracketed address", { email: "<jane@example.com>" }, 422, "INVALID_EMAIL", "email"],
    ["a space inside", { email: "ja ne@example.com" }, 422, "INVALID_EMAIL", "email"],
    ["a tab inside", { email: "jane@exa\tmple.com" }, 422, "INVALID_EMAIL", "email"],
    ["consecutive dots in the local part", { email: "jane..doe@example.com" }, 422, "INVALID_EMAIL", "email"],
    ["consecutive dots in the domain", { email: "jane@example..com" }, 422, "INVALID_EMAIL", "email"],
    ["a leading dot", { email: ".jane@example.com" }, 422, "INVALID_EMAIL", "email"],
    ["a trailing dot before @", { email: "jane.@example.com" }, 422, "INVALID_EMAIL", "email"],
    ["no top-level domain", { email: "jane@localhost" }, 422, "INVALID_EMAIL", "email"],
    ["a numeric top-level domain (IP address)", { email: "jane@192.168.0.1" }, 422, "INVALID_EMAIL", "email"],
    ["an IP literal", { email: "jane@[127.0.0.1]" }, 422, "INVALID_EMAIL", "email"],
    ["a quoted local part", { email: '"jane doe"@example.com' }, 422, "INVALID_EMAIL", "email"],
    ["a non-ASCII local part", { email: "jörg@example.com" }, 422, "INVALID_EMAIL", "email"],
    ["a domain label starting with a hyphen", { email: "jane@-example.com" }, 422, "INVALID_EMAIL", "email"],
    ["a path in the domain", { email: "jane@example.com/x" }, 422, "INVALID_EMAIL", "email"],
    ["a local part of 65 characters", { email: `${"a".repeat(65)}@example.com` }, 422, "INVALID_EMAIL", "email"],
    ["an address of 255 characters", { email: `${"a".repeat(5)}@${longDomain}`.padEnd(255, "m") }, 422, "INVALID_EMAIL", "email"],
    ["a missing variant", { variantId: undefined }, 422, "INVALID_VARIANT", "variantId"],
    ["a product GID as variant", { variantId: productGid(1) }, 422, "INVALID_VARIANT", "variantId"],
    ["a non-numeric variant id", { variantId: "12abc" }, 422, "INVALID_VARIANT", "variantId"],
    ["an unknown variant", { variantId: variantGid(424242) }, 404, "VARIANT_NOT_FOUND", "variantId"],
    ["another shop's variant", { variantId: variantGid(OTHER_SHOPS_VARIANT) }, 404, "VARIANT_NOT_FOUND", "variantId"],
    ["an in-stock variant", { variantId: variantGid(IN_STOCK) }, 422, "VARIANT_AVAILABLE", "variantId"],
    ["a low-stock variant", { variantId: variantGid(LOW_STOCK) }, 422, "VARIANT_AVAILABLE", "variantId"],
    ["a backorderable variant while alerts on backorders are off", { variantId: variantGid(BACKORDER) }, 422, "VARIANT_AVAILABLE", "variantId"],
    ["a variant of a draft product", { variantId: variantGid(DRAFT_PRODUCT_VARIANT) }, 422, "PRODUCT_UNAVAILABLE", "variantId"],
    ["a variant of an archived product", { variantId: variantGid(ARCHIVED_PRODUCT_VARIANT) }, 422, "PRODUCT_UNAVAILABLE", "variantId"],
    ["a malformed locale", { locale: "<script>" }, 422, "INVALID_LOCALE", "locale"],
    ["a missing render time", { rendered_at: undefined }, 422, "INVALID_REQUEST", "rendered_at"],
    ["a garbage render time", { rendered_at: "yesterday" }, 422, "INVALID_REQUEST", "rendered_at"],
    ["no consent where the shop requires it", { consent: undefined }, 422, "CONSENT_REQUIRED", "consent"],
    ["consent 'false'", { consent: "false" }, 422, "CONSENT_REQUIRED", "consent"],
  ];
  it("covers at least 20 bad inputs", () => expect(matrix.length).toBeGreaterThanOrEqual(20));

  for (const [name, overrides, expectedStatus, code, field] of matrix) {
    it(`GIVEN ${name} THEN ${expectedStatus} ${code} on ${field}, nothing stored`, async () => {
      const before = await prisma.restockSubscription.count();
      const emailsBefore = await prisma.emailMessage.count();
      const { status, body } = await signup(overrides);
      expect(status).toBe(expectedStatus);
      expect(body).toEqual({ ok: false, error: { code, field, message: expect.any(String) } });
      expect(body.error.message.length).toBeGreaterThan(15);
      expect(await prisma.restockSubscription.count()).toBe(before);
      expect(await prisma.emailMessage.count()).toBe(emailsBefore);
    });
  }

  it("GIVEN a display name THEN the message says to enter only the address", async () => {
    const { body } = await signup({ email: "Jane <jane@example.com>" });
    expect(body.error.message).toMatch(/only the email address/);
  });

  it.each([
    ["a JSON array", "application/json", "[1,2]"],
    ["unreadable JSON", "application/json", "{nope"],
    ["an unknown content type", "application/xml", "<a/>"],
    ["a body over 16 KiB", "application/x-www-form-urlencoded", `email=${"a".repeat(17_000)}`],
  ])("GIVEN %s THEN 400 INVALID_REQUEST", async (_name, contentType, body) => {
    const request = new Request(proxyUrl(), { method: "POST", headers: { "Content-Type": contentType, "X-Forwarded-For": nextIp() }, body });
    const answer = await submit(request);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe("INVALID_REQUEST");
  });
});

describe("signup: bots get the success answer and nothing happens", () => {
  it("GIVEN a honeypot or a too-fast submission THEN byte-identical status, headers and body to a real signup; nothing stored, sent or counted", async () => {
    const real = await signup();
    const before = await storedState();
    const bots = [
      await signup({ [NOTIFY_HONEYPOT_FIELD]: "Buy cheap watches" }),
      await signup({ rendered_at: Date.now() - 500 }),
      await signup({ rendered_at: Date.now() + 60_000 }), // rendered "in the future"
      await signup({ email: "not-an-email", [NOTIFY_HONEYPOT_FIELD]: "x" }), // probes learn nothing from validation
    ];
    for (const bot of bots) {
      expect(bot.status).toBe(real.status);
      expect(bot.text).toBe(real.text);
      expect([...bot.headers]).toEqual([...real.headers]);
    }
    expect(await storedState()).toEqual(before);
  });
});

describe("signup: rate limits (persisted, per IP / email / shop)", () => {
  it("GIVEN 10 signups from one IP in a 10-minute window THEN the 11th gets 429 with Retry-After until the window ends, and after it the IP may sign up again", async () => {
    freezeTime("2026-12-02T09:03:20.000Z");
    const ip = "203.0.113.50";
    for (let i = 0; i < SIGNUP_RATE_LIMITS.ip.limit; i++) expect((await signup({}, { ip })).status).toBe(200);

    const blockedEmail = uniqueEmail("blocked");
    const before = await prisma.restockSubscription.count();
    const blocked = await signup({ email: blockedEmail }, { ip });
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("Retry-After")).toBe(String(6 * 60 + 40)); // window 09:00–09:10
    expect(blocked.body).toEqual({ ok: false, error: { code: "RATE_LIMITED", message: expect.stringContaining("7 minutes") } });
    expect(await prisma.restockSubscription.count()).toBe(before);

    // Before any other database work: an unknown variant is still just "too many".
    expect((await signup({ variantId: variantGid(424242) }, { ip })).status).toBe(429);
    // Other shoppers are not affected.
    expect((await signup()).status).toBe(200);

    vi.setSystemTime(new Date("2026-12-02T09:10:00.500Z"));
    expect((await signup({ email: blockedEmail }, { ip })).status).toBe(200);
    expect(await prisma.restockSubscription.count({ where: { emailNormalized: blockedEmail } })).toBe(1);
  });

  it("GIVEN 5 attempts for one email within the hour (from different IPs, even invalid ones) THEN the 6th is 429 until the hour ends", async () => {
    freezeTime("2026-12-02T12:30:00.000Z");
    const email = uniqueEmail("hammered");
    const variants = [SOLD_OUT, SOLD_OUT_2, IN_STOCK, LOW_STOCK, SOLD_OUT];
    for (const n of variants) expect([200, 422]).toContain((await signup({ email, variantId: variantGid(n) })).status);
    const blocked = await signup({ email: email.toUpperCase(), variantId: variantGid(SOLD_OUT_2) }); // same address, other case
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("Retry-After")).toBe("1800");
    // The counter key holds a hash, not the address.
    const rows = await prisma.rateLimitCounter.findMany({ where: { shop: SHOP, key: { startsWith: "signup:email:" } } });
    expect(rows.some((row) => row.key.includes(email))).toBe(false);
  });

  it("GIVEN +tag and Gmail-dot variants of one inbox THEN they share its per-email bucket (stored as typed)", async () => {
    freezeTime("2026-12-02T13:30:00.000Z");
    const n = ++emailCounter;
    const variantsOfOneInbox = [`jane.doe${n}@gmail.com`, `janedoe${n}+a@gmail.com`, `j.a.n.e.d.o.e${n}@googlemail.com`, `JaneDoe${n}+b@Gmail.com`, `jane.doe${n}+c@gmail.com`];
    for (const email of variantsOfOneInbox) expect((await signup({ email })).status).toBe(200);
    expect((await signup({ email: `janedoe${n}+sixth@gmail.com` })).status).toBe(429);
    // Each signup keeps the address the shopper typed.
    expect(await prisma.restockSubscription.findFirst({ where: { email: `JaneDoe${n}+b@gmail.com` } })).not.toBeNull();
  });

  it("GIVEN a flood of invalid requests THEN the shop's bucket is untouched and real shoppers still sign up", async () => {
    freezeTime("2026-12-03T10:00:30.000Z");
    for (let i = 0; i < 40; i++) expect((await signup({ variantId: "not-a-variant", email: uniqueEmail("junk") })).status).toBe(422);
    const shopBucket = await prisma.rateLimitCounter.findFirst({ where: { key: `signup:shop:${SHOP}`, windowStart: windowStartFor(new Date(), SIGNUP_RATE_LIMITS.shop.windowMs) } });
    expect(shopBucket).toBeNull();
    expect((await signup()).status).toBe(200);
  });

  it("GIVEN the shop already reached its ceiling this minute THEN 429 for everyone in that shop, other shops unaffected", async () => {
    freezeTime("2026-12-03T08:00:30.000Z");
    const windowStart = windowStartFor(new Date(), SIGNUP_RATE_LIMITS.shop.windowMs);
    await prisma.rateLimitCounter.create({ data: { key: `signup:shop:${SHOP}`, windowStart, shop: SHOP, count: SIGNUP_RATE_LIMITS.shop.limit } });
    const blocked = await signup();
    expect(blocked.status).toBe(429);
    expect(blocked.headers.get("Retry-After")).toBe("30");
    expect((await signup({}, { shop: LENIENT_SHOP })).status).toBe(200);
  });

  it("GIVEN a client that writes its own X-Forwarded-For hops THEN rotating them does not reset its bucket: the address Shopify forwarded counts", async () => {
    freezeTime("2026-12-03T11:00:10.000Z");
    const seenByShopify = "203.0.113.60";
    for (let i = 0; i < SIGNUP_RATE_LIMITS.ip.limit; i++) {
      expect((await signup({}, { forwardedFor: `${nextIp()}, ${seenByShopify}` })).status).toBe(200);
    }
    for (const forgedPrefix of ["1.2.3.4", "unknown", "10.0.0.1, 5.6.7.8", ""]) {
      const header = forgedPrefix ? `${forgedPrefix}, ${seenByShopify}` : seenByShopify;
      expect((await signup({}, { forwardedFor: header })).status).toBe(429);
    }
    // Consent evidence records the forwarded address, not the client's claim.
    const email = uniqueEmail("evidence-hop");
    expect((await signup({ email }, { forwardedFor: "9.9.9.9, 203.0.113.61" })).status).toBe(200);
    expect(await subscriptionFor(email)).toMatchObject({ consentIp: "203.0.113.61" });
  });

  it("GIVEN requests with no usable address (none, not an IP, internal) THEN they share one per-shop bucket sized for real traffic, and addressed shoppers are unaffected when it fills", async () => {
    freezeTime("2026-12-03T11:30:10.000Z");
    const unusable = [null, "", "not-an-address", "10.0.0.7", "127.0.0.1"];
    // Far more than one address may send: a proxy setup that hides addresses does not turn a store's shoppers away.
    for (let i = 0; i < SIGNUP_RATE_LIMITS.ip.limit * 2; i++) {
      const email = uniqueEmail("no-address");
      expect((await signup({ email }, { forwardedFor: unusable[i % unusable.length] })).status).toBe(200);
      if (i === 0) expect(await subscriptionFor(email)).toMatchObject({ consentIp: null });
    }
    const windowStart = windowStartFor(new Date(), SIGNUP_RATE_LIMITS.unknownAddress.windowMs);
    await prisma.rateLimitCounter.update({
      where: { key_windowStart: { key: `signup:ip:${SHOP}:unknown`, windowStart } },
      data: { count: SIGNUP_RATE_LIMITS.unknownAddress.limit },
    });
    for (const forwardedFor of unusable) expect((await signup({}, { forwardedFor })).status).toBe(429);
    expect((await signup()).status).toBe(200);
    expect((await signup({}, { shop: LENIENT_SHOP, forwardedFor: null })).status).toBe(200);
  });

  it("GIVEN a launch-day burst of 2,000 distinct shoppers within one minute THEN every one of them is signed up", async () => {
    freezeTime("2026-12-03T12:00:00.000Z");
    const shoppers = Array.from({ length: 2_000 }, (_, i) => ({ email: uniqueEmail(`launch${i}`), ip: `203.${Math.floor(i / 250)}.${i % 250}.9` }));
    const statuses: number[] = [];
    for (let start = 0; start < shoppers.length; start += 20) {
      vi.setSystemTime(new Date(Date.parse("2026-12-03T12:00:00.000Z") + start * 25)); // 2,000 × 25 ms = 50 s
      const batch = shoppers.slice(start, start + 20);
      statuses.push(...(await Promise.all(batch.map(({ email, ip }) => signup({ email }, { ip })))).map((answer) => answer.status));
    }
    expect(statuses.filter((status) => status !== 200)).toEqual([]);
    expect(await prisma.restockSubscription.count({ where: { shop: SHOP, emailNormalized: { startsWith: "launch" } } })).toBe(2_000);
  }, 240_000);

  it("GIVEN a shop's first attempt in a new minute THEN its counters older than an hour are deleted on the spot", async () => {
    freezeTime("2026-12-03T09:00:05.000Z");
    await prisma.rateLimitCounter.createMany({
      data: [
        { shop: SHOP, key: "signup:ip:stale", windowStart: new Date("2026-12-03T07:50:00.000Z"), count: 4 },
        { shop: SHOP, key: "signup:email:recent", windowStart: new Date("2026-12-03T08:30:00.000Z"), count: 1 },
        { shop: LENIENT_SHOP, key: "signup:ip:other-shop-stale", windowStart: new Date("2026-12-03T07:50:00.000Z"), count: 1 },
      ],
    });
    expect((await signup({ email: uniqueEmail("prune") })).status).toBe(200); // the shop bucket's first valid signup this minute
    const keys = (await prisma.rateLimitCounter.findMany({ where: { key: { in: ["signup:ip:stale", "signup:email:recent", "signup:ip:other-shop-stale"] } } })).map((row) => row.key);
    expect(keys.sort()).toEqual(["signup:email:recent", "signup:ip:other-shop-stale"]);
  });

  it("GIVEN 25 concurrent increments of one counter THEN it counts 25 (atomic upsert)", async () => {
    const input = { shop: SHOP, key: "signup:ip:test-concurrency", windowStart: new Date("2026-12-04T00:00:00.000Z") };
    const counts = await Promise.all(Array.from({ length: 25 }, () => incrementRateLimitCounter(input)));
    expect(new Set(counts).size).toBe(25);
    expect(await prisma.rateLimitCounter.findUniqueOrThrow({ where: { key_windowStart: { key: input.key, windowStart: input.windowStart } } })).toMatchObject({ count: 25 });
  });
});

describe("signup: idempotent, with a bounded re-send of the confirmation", () => {
  it("GIVEN the same email + variant again THEN one subscription; within 10 minutes no new email, after that a new one with a new token", async () => {
    freezeTime("2026-12-05T10:00:00.000Z");
    const email = uniqueEmail("repeat");
    expect((await signup({ email })).status).toBe(200);
    const first = await subscriptionFor(email);
    const firstToken = await tokenFor(first.id);

    vi.setSystemTime(new Date("2026-12-05T10:09:00.000Z"));
    expect(await signup({ email: email.toUpperCase(), locale: "fr" })).toMatchObject({ status: 200, body: { ok: true, status: "pending" } });
    expect(await confirmationsFor(first.id)).toHaveLength(1);
    expect(await subscriptionFor(email)).toMatchObject({ id: first.id, locale: "en", confirmTokenHash: first.confirmTokenHash });

    vi.setSystemTime(new Date("2026-12-05T10:11:00.000Z"));
    expect((await signup({ email, locale: "fr" })).status).toBe(200);
    const emails = await confirmationsFor(first.id);
    expect(emails.map((e) => e.idempotencyKey)).toEqual([`confirm/${first.id}/0`, `confirm/${first.id}/1`]);
    expect(emails[1].locale).toBe("fr");
    const again = await subscriptionFor(email);
    expect(again.id).toBe(first.id);
    expect(again.expiresAt!.toISOString()).toBe("2026-12-12T10:11:00.000Z");
    expect(await prisma.restockSubscription.count({ where: { emailNormalized: email } })).toBe(1);

    // The older link was replaced; the new one works.
    expect((await confirmRequest(firstToken, "POST")).status).toBe(404);
    expect((await confirmRequest(await tokenFor(first.id), "POST")).status).toBe(200);
  });

  it("GIVEN an active subscription THEN a repeat signup answers the same and sends nothing", async () => {
    const email = uniqueEmail("active");
    await signup({ email });
    const row = await subscriptionFor(email);
    await confirmRequest(await tokenFor(row.id), "POST");
    const repeat = await signup({ email });
    expect(repeat).toMatchObject({ status: 200, body: { ok: true, status: "pending" } });
    expect(await confirmationsFor(row.id)).toHaveLength(1);
    expect((await subscriptionFor(email)).status).toBe("active");
  });

  it("GIVEN an unsubscribed subscription THEN signing up again restarts it as pending with new evidence and a new confirmation", async () => {
    const email = uniqueEmail("comeback");
    await signup({ email });
    const row = await subscriptionFor(email);
    await prisma.restockSubscription.update({ where: { id: row.id }, data: { status: "unsubscribed", unsubscribedAt: new Date() } });
    expect((await signup({ email, locale: "es" }, { ip: "203.0.113.99" })).status).toBe(200);
    expect(await subscriptionFor(email)).toMatchObject({ id: row.id, status: "pending", locale: "es", consentIp: "203.0.113.99", unsubscribedAt: null });
    expect((await confirmationsFor(row.id)).map((e) => e.idempotencyKey)).toEqual([`confirm/${row.id}/0`, `confirm/${row.id}/1`]);
  });
});

describe("double opt-in: /alerts/confirm/<token>", () => {
  it("GIVEN the link THEN GET shows a localized page with a Confirm button and confirms nothing; POST confirms; POST again is fine", async () => {
    const email = uniqueEmail("optin");
    await signup({ email, locale: "de" });
    const row = await subscriptionFor(email);
    const token = await tokenFor(row.id);

    const shown = await page(await confirmRequest(token, "GET", "en-US"));
    expect(shown.status).toBe(200);
    expect(shown.type).toBe("text/html; charset=utf-8");
    expect(shown.html).toContain('<html lang="de">');
    expect(shown.html).toContain("Bestätigen Sie Ihre Benachrichtigung");
    expect(shown.html).toContain("Alpine Outfitters");
    expect(shown.html).toContain("Trail &lt;Boot&gt; – Size 7001"); // escaped
    expect(shown.html).toMatch(/<form method="post"><button type="submit">Bestätigen<\/button><\/form>/);
    expect((await subscriptionFor(email)).status).toBe("pending");

    const confirmed = await page(await confirmRequest(token, "POST"));
    expect(confirmed.status).toBe(200);
    expect(confirmed.html).toContain("Anmeldung bestätigt");
    const active = await subscriptionFor(email);
    expect(active.status).toBe("active");
    expect(active.confirmedAt).not.toBeNull();

    const twice = await page(await confirmRequest(token, "POST"));
    expect(twice.status).toBe(200);
    expect(twice.html).toContain("Anmeldung bestätigt");
    expect((await subscriptionFor(email)).confirmedAt).toEqual(active.confirmedAt);
    // After confirming, GET shows the confirmed page (no button).
    const after = await page(await confirmRequest(token, "GET"));
    expect(after.status).toBe(200);
    expect(after.html).not.toContain("<form");
  });

  it.each([
    ["a made-up token", "nothing-here"],
    ["a right-looking token for no subscription", `ckunknown.${"A".repeat(43)}`],
    ["an empty token", ""],
  ])("GIVEN %s THEN 404 on GET and POST, in the browser's language", async (_name, token) => {
    const get = await page(await confirmRequest(token, "GET", "fr-CH, en;q=0.5"));
    expect(get.status).toBe(404);
    expect(get.html).toContain("Lien introuvable");
    expect((await confirmRequest(token, "POST")).status).toBe(404);
  });

  it("GIVEN a real subscription id with a wrong secret THEN 404 and the subscription stays pending", async () => {
    const email = uniqueEmail("guess");
    await signup({ email });
    const row = await subscriptionFor(email);
    const token = await tokenFor(row.id);
    const forged = `${row.id}.${"B".repeat(43)}`;
    expect(forged).not.toBe(token);
    expect((await confirmRequest(forged, "POST")).status).toBe(404);
    expect((await subscriptionFor(email)).status).toBe("pending");
  });

  it("GIVEN a pending subscription past its expiry THEN GET 410 without changing it, POST 410 and it is expired", async () => {
    freezeTime("2026-12-06T10:00:00.000Z");
    const email = uniqueEmail("late");
    await signup({ email, locale: "es" });
    const row = await subscriptionFor(email);
    const token = await tokenFor(row.id);

    vi.setSystemTime(new Date("2026-12-13T10:00:00.000Z")); // exactly 7 days later
    const get = await page(await confirmRequest(token, "GET"));
    expect(get.status).toBe(410);
    expect(get.html).toContain("Este enlace ha caducado");
    expect((await subscriptionFor(email)).status).toBe("pending");

    expect((await confirmRequest(token, "POST")).status).toBe(410);
    expect(await subscriptionFor(email)).toMatchObject({ status: "expired", confirmedAt: null });
    expect((await confirmRequest(token, "POST")).status).toBe(410);
  });

  it("GIVEN an unsubscribed subscription THEN its confirmation link answers 410 and does not re-activate it", async () => {
    const email = uniqueEmail("gone");
    await signup({ email });
    const row = await subscriptionFor(email);
    await prisma.restockSubscription.update({ where: { id: row.id }, data: { status: "unsubscribed" } });
    const answer = await page(await confirmRequest(await tokenFor(row.id), "POST"));
    expect(answer.status).toBe(410);
    expect(answer.html).toContain("no longer active");
    expect((await subscriptionFor(email)).status).toBe("unsubscribed");
  });
});

describe("alerts.expire-pending job", () => {
  it("GIVEN pending subscriptions past and before expiry, and old rate-limit counters THEN expires only the late ones, prunes old counters, and re-schedules while work remains", async () => {
    const shop = "signup-expiry.myshopify.com";
    const now = new Date("2027-01-10T12:00:00.000Z");
    const base = { shop, variantId: variantGid(SOLD_OUT), productId: productGid(1), email: "x@example.com" };
    await prisma.restockSubscription.createMany({
      data: [
        { ...base, emailNormalized: "late@example.com", unsubscribeToken: "t1", status: "pending", expiresAt: new Date("2027-01-10T11:59:59.000Z") },
        { ...base, emailNormalized: "due@example.com", unsubscribeToken: "t2", status: "pending", expiresAt: now },
        { ...base, emailNormalized: "fresh@example.com", unsubscribeToken: "t3", status: "pending", expiresAt: new Date("2027-01-11T00:00:00.000Z") },
        { ...base, emailNormalized: "active@example.com", unsubscribeToken: "t4", status: "active", expiresAt: new Date("2027-01-01T00:00:00.000Z") },
      ],
    });
    await prisma.rateLimitCounter.createMany({
      data: [
        { shop, key: "signup:shop:old", windowStart: new Date("2027-01-10T10:30:00.000Z"), count: 3 },
        { shop, key: "signup:email:current", windowStart: new Date("2027-01-10T11:00:00.000Z"), count: 2 },
        { shop: SHOP, key: "signup:shop:other-shop", windowStart: new Date("2027-01-01T00:00:00.000Z"), count: 1 },
      ],
    });

    await signupJobHandlers[EXPIRE_PENDING_JOB](claimedJob(shop), now);

    const statuses = Object.fromEntries(
      (await prisma.restockSubscription.findMany({ where: { shop } })).map((row) => [row.emailNormalized, row.status]),
    );
    expect(statuses).toEqual({ "late@example.com": "expired", "due@example.com": "expired", "fresh@example.com": "pending", "active@example.com": "active" });
    expect((await prisma.rateLimitCounter.findMany({ where: { shop } })).map((row) => row.key)).toEqual(["signup:email:current"]);
    expect(await prisma.rateLimitCounter.count({ where: { shop: SHOP, key: "signup:shop:other-shop" } })).toBe(1); // other shops untouched
    const next = await prisma.job.findMany({ where: { shop, type: EXPIRE_PENDING_JOB } });
    expect(next.map((job) => job.runAt.toISOString())).toEqual(["2027-01-10T13:00:00.000Z"]);

    // The last pending one expires and the counters age out: the chain ends.
    await signupJobHandlers[EXPIRE_PENDING_JOB](claimedJob(shop), new Date("2027-01-11T13:00:00.000Z"));
    expect(await prisma.restockSubscription.count({ where: { shop, status: "pending" } })).toBe(0);
    expect(await prisma.rateLimitCounter.count({ where: { shop } })).toBe(0);
    expect(await prisma.job.count({ where: { shop, type: EXPIRE_PENDING_JOB } })).toBe(1);
  });

  it("GIVEN an expired subscription THEN its confirm link answers 410", async () => {
    const email = uniqueEmail("swept");
    await signup({ email });
    const row = await subscriptionFor(email);
    await signupJobHandlers[EXPIRE_PENDING_JOB](claimedJob(SHOP), new Date(row.expiresAt!.getTime() + 1));
    expect((await subscriptionFor(email)).status).toBe("expired");
    expect((await confirmRequest(await tokenFor(row.id), "POST")).status).toBe(410);
  });
});
