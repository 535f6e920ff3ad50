// The merchant's Waitlist pages called directly (loader/action/resource routes) with a fake authenticated admin on a
// throw-away SQLite DB: demand numbers on seeded subscribers, the high-demand threshold, the per-variant detail with
// each subscriber's email history, the send/pause actions calling the restock fan-out with the agreed signatures,
// the CSV export (escaping, formula neutralising, shop scoping), data-request downloads and the alert settings.
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import prisma from "#app/db.server";
import { getWaitlistOverview } from "#app/services/waitlist.server";

const SHOP = "waitlist.myshopify.com";
const OTHER = "other-waitlist.myshopify.com";

const fanout = vi.hoisted(() => ({
  send: vi.fn(async (_input: unknown): Promise<{ queued: number; reason?: string }> => ({ queued: 2 })),
  pause: vi.fn(async (_input: unknown): Promise<void> => {}),
}));

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({
    session: { shop: "waitlist.myshopify.com", onlineAccessInfo: { associated_user: { email: "staff@example.com" } } },
    graphql: async () => {
      throw new Error("the waitlist never calls Shopify");
    },
  }),
);

vi.mock("../../app/services/restock-fanout.server", () => {
  class RestockAlertInputError extends Error {}
  return {
    RestockAlertInputError,
    sendRestockAlertsNow: (input: unknown) => fanout.send(input),
    setRestockAlertsPaused: (input: unknown) => fanout.pause(input),
  };
});

const overview = await import("../../app/routes/app.waitlist._index");
const detail = await import("../../app/routes/app.waitlist.$variantId");
const csvExport = await import("../../app/routes/app.waitlist.export");
const dataRequest = await import("../../app/routes/app.waitlist.data-requests.$exportId");
const settingsRoute = await import("../../app/routes/app.settings");
const { RestockAlertInputError } = await import("../../app/services/restock-fanout.server");

const variantGid = (n: number) => `gid://shopify/ProductVariant/${900 + n}`;
const productGid = (n: number) => `gid://shopify/Product/${90 + n}`;
const day = (d: number) => new Date(Date.UTC(2026, 10, d, 9, 0, 0));

type Unwrapped = { status: number; body: any };
function unwrap(result: unknown): Unwrapped {
  if (result && typeof result === "object" && (result as any).type === "DataWithResponseInit") {
    return { status: (result as any).init?.status ?? 200, body: (result as any).data };
  }
  return { status: 200, body: result };
}
const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as any;
const get = (path: string) => new Request(`https://app.test${path}`);
function post(path: string, fields: Record<string, string>): Request {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return new Request(`https://app.test${path}`, { method: "POST", body: form });
}
async function thrownStatus(run: () => Promise<unknown>): Promise<number> {
  try {
    await run();
  } catch (error) {
    if (error instanceof Response) return error.status;
    throw error;
  }
  throw new Error("expected a thrown Response");
}

let token = 0;
async function sub(shop: string, variant: number, email: string, status: string, createdAt: Date, extra: Record<string, unknown> = {}) {
  return prisma.restockSubscription.create({
    data: {
      shop, variantId: variantGid(variant), productId: productGid(variant), email, emailNormalized: email.toLowerCase(),
      status, createdAt, unsubscribeToken: `t${++token}`, ...extra,
    },
  });
}

let notifiedWithHistory: { id: string };

beforeAll(async () => {
  await prisma.shop.create({ data: { shop: SHOP, ianaTimezone: "UTC" } });
  await prisma.shopSettings.create({ data: { shop: SHOP, highDemandThreshold: 3 } });
  await prisma.product.createMany({
    data: [
      { shop: SHOP, id: productGid(1), title: "=HYPERLINK(\"http://evil\")", handle: "a" },
      { shop: SHOP, id: productGid(2), title: "Scarf, \"wool\"", handle: "b" },
      { shop: SHOP, id: productGid(3), title: "Gloves", handle: "c" },
    ],
  });
  await prisma.variant.createMany({
    data: [1, 2, 3].map((n) => ({ shop: SHOP, id: variantGid(n), productId: productGid(n), title: `Size ${n}`, sku: `SKU-${n}`, backorderState: "sold_out" })),
  });
  await prisma.variantBackorder.create({ data: { shop: SHOP, variantId: variantGid(2), pauseAlerts: true } });
  // Variant 1: 3 waiting, 1 pending, 2 notified (1 bought). Variant 2: 1 waiting, 2 pending. Variant 3: nobody waits.
  await sub(SHOP, 1, "a1@example.com", "active", day(3));
  await sub(SHOP, 1, "a2@example.com", "active", day(2));
  await sub(SHOP, 1, "-a3@example.com", "active", day(5));
  await sub(SHOP, 1, "a4@example.com", "pending", day(1));
  notifiedWithHistory = await sub(SHOP, 1, "a5@example.com", "notified", day(1), { confirmedAt: day(1), notifiedAt: day(10), convertedAt: day(11), convertedOrderId: "gid://shopify/Order/7" });
  await sub(SHOP, 1, "a6@example.com", "notified", day(1), { notifiedAt: day(10) });
  await sub(SHOP, 2, "b1@example.com", "active", day(4));
  await sub(SHOP, 2, "b2@example.com", "pending", day(6));
  await sub(SHOP, 2, "b3@example.com", "pending", day(7));
  await sub(SHOP, 3, "c1@example.com", "unsubscribed", day(2), { unsubscribedAt: day(3) });
  // Another shop's subscribers on the same variant ids never count here.
  for (let i = 0; i < 5; i++) await sub(OTHER, 2, `o${i}@example.com`, "active", day(1));
  await prisma.emailMessage.createMany({
    data: [
      { shop: SHOP, kind: "subscription_confirmation", idempotencyKey: `confirm/${notifiedWithHistory.id}/0`, toEmail: "a5@example.com", subscriptionId: notifiedWithHistory.id, status: "sent", sentAt: day(1), reason: "Signed up on the product page", createdAt: day(1) },
      { shop: SHOP, kind: "back_in_stock", idempotencyKey: `restock/${notifiedWithHistory.id}/e1`, toEmail: "a5@example.com", subscriptionId: notifiedWithHistory.id, status: "sent", sentAt: day(10), reason: "3 units restocked; batch 1 of 1", createdAt: day(10) },
    ],
  });
});

beforeEach(() => {
  fanout.send.mockClear();
  fanout.pause.mockClear();
});

describe("waitlist overview", () => {
  it("GIVEN 105 variants with demand THEN pages of 50 in rank order, the last one partial, a page past the end shows the last, and ?page= is read leniently", async () => {
    const PAGED = "paged-waitlist.myshopify.com";
    // Variant n has one confirmed subscriber who signed up n minutes after the first: the longest wait ranks first.
    await prisma.restockSubscription.createMany({
      data: Array.from({ length: 105 }, (_, n) => ({
        shop: PAGED, variantId: `gid://shopify/ProductVariant/${5000 + n}`, productId: "gid://shopify/Product/5000", email: `p${n}@example.com`,
        emailNormalized: `p${n}@example.com`, status: "active", unsubscribeToken: `paged-${n}`, createdAt: new Date(day(1).getTime() + n * 60_000), confirmedAt: day(1),
      })),
    });
    const ranks = (overview: Awaited<ReturnType<typeof getWaitlistOverview>>) => overview.rows.map((r) => Number(r.variantId.split("/").pop()) - 5000);
    const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

    const first = await getWaitlistOverview(PAGED);
    expect(ranks(first)).toEqual(range(0, 50));
    expect(first.page).toEqual({ number: 1, pageCount: 3, firstRank: 1, lastRank: 50 });
    expect(first.totals).toMatchObject({ variants: 105, waiting: 105 });
    expect(ranks(await getWaitlistOverview(PAGED, { page: 2 }))).toEqual(range(50, 100));
    const last = await getWaitlistOverview(PAGED, { page: 3 });
    expect(ranks(last)).toEqual(range(100, 105));
    expect(last.page).toEqual({ number: 3, pageCount: 3, firstRank: 101, lastRank: 105 });
    expect((await getWaitlistOverview(PAGED, { page: 40 })).page).toEqual(last.page);

    // The loader (this test's shop has 2 variants waiting: one page).
    for (const search of ["?page=abc", "?page=-3", "?page=2.5", "?page=9"]) {
      const data = (await overview.loader(args(get(`/app/waitlist${search}`)))) as any;
      expect(data.page, search).toEqual({ number: 1, pageCount: 1, firstRank: 1, lastRank: 2 });
    }
  });

  it("ranks variants by confirmed subscribers with pending, oldest signup, notified, bought and the high-demand flag", async () => {
    const data = (await overview.loader(args(get("/app/waitlist")))) as any;
    expect(data.rows.map((r: any) => r.variantId)).toEqual([variantGid(1), variantGid(2)]);
    expect(data.rows[0]).toMatchObject({
      productTitle: "=HYPERLINK(\"http://evil\")", variantTitle: "Size 1", state: "sold_out",
      waiting: 3, pending: 1, notified: 2, converted: 1, highDemand: true, alertsPaused: false,
      oldestSignupAt: day(1).toISOString(), // the pending signup is the oldest one still waiting
    });
    expect(data.rows[1]).toMatchObject({ waiting: 1, pending: 2, notified: 0, converted: 0, highDemand: false, alertsPaused: true, oldestSignupAt: day(4).toISOString() });
    expect(data.totals).toEqual({ variants: 2, waiting: 4, pending: 3, notified: 2, converted: 1 });
    expect(data.highDemandThreshold).toBe(3);
    expect(data.parked).toBeNull();
  });

  it("GIVEN a new high-demand threshold THEN invalid input is 422 and a valid one is saved and re-flags the rows", async () => {
    for (const bad of ["0", "abc", ""]) {
      const result = unwrap(await overview.action(args(post("/app/waitlist?index", { intent: "threshold", highDemandThreshold: bad }))));
      expect(result.status).toBe(422);
      expect(result.body.errors.highDemandThreshold).toBeTruthy();
    }
    const ok = unwrap(await overview.action(args(post("/app/waitlist?index", { intent: "threshold", highDemandThreshold: "1" }))));
    expect(ok).toEqual({ status: 200, body: { ok: true, highDemandThreshold: 1 } });
    const data = (await overview.loader(args(get("/app/waitlist")))) as any;
    expect(data.rows.map((r: any) => r.highDemand)).toEqual([true, true]);
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { highDemandThreshold: 3 } });
  });
});

describe("variant waitlist", () => {
  const params = { variantId: "901" };

  it("lists subscribers newest first with each one's email history and why it was sent", async () => {
    const data = (await detail.loader(args(get("/app/waitlist/901"), params))) as any;
    expect(data.row).toMatchObject({ variantId: variantGid(1), waiting: 3, pending: 1, notified: 2, converted: 1, highDemand: true });
    // Newest signup first: day 5, day 3, day 2, then the three of day 1.
    expect(data.subscribers.map((s: any) => s.email).slice(0, 3)).toEqual(["-a3@example.com", "a1@example.com", "a2@example.com"]);
    expect(data.subscribers.slice(3).map((s: any) => s.email).sort()).toEqual(["a4@example.com", "a5@example.com", "a6@example.com"]);
    const withHistory = data.subscribers.find((s: any) => s.id === notifiedWithHistory.id);
    expect(withHistory).toMatchObject({ status: "notified", confirmedAt: day(1).toISOString(), notifiedAt: day(10).toISOString(), convertedAt: day(11).toISOString() });
    expect(withHistory.emails).toEqual([
      expect.objectContaining({ kind: "subscription_confirmation", status: "sent", reason: "Signed up on the product page", sentAt: day(1).toISOString() }),
      expect.objectContaining({ kind: "back_in_stock", status: "sent", reason: "3 units restocked; batch 1 of 1", sentAt: day(10).toISOString() }),
    ]);
  });

  it("GIVEN an unknown or malformed variant THEN 404", async () => {
    expect(await thrownStatus(() => detail.loader(args(get("/app/waitlist/12345"), { variantId: "12345" })))).toBe(404);
    expect(await thrownStatus(() => detail.loader(args(get("/app/waitlist/x"), { variantId: "not-a-variant" })))).toBe(404);
  });

  it("“Send alerts now” calls sendRestockAlertsNow with the shop, variant, optional limit, staff actor and time", async () => {
    const all = unwrap(await detail.action(args(post("/app/waitlist/901", { intent: "send_now", limit: "" }), params)));
    expect(all).toEqual({ status: 200, body: { ok: true, intent: "send_now", queued: 2, reason: null } });
    expect(fanout.send).toHaveBeenLastCalledWith({ shop: SHOP, variantId: variantGid(1), actor: "staff@example.com", now: expect.any(Date) });

    fanout.send.mockResolvedValueOnce({ queued: 0, reason: "No alerts sent: shoppers can't buy this variant from stock right now." });
    const some = unwrap(await detail.action(args(post("/app/waitlist/901", { intent: "send_now", limit: "2" }), params)));
    expect(some.body).toMatchObject({ ok: true, queued: 0, reason: expect.stringMatching(/can't buy/) });
    expect(fanout.send).toHaveBeenLastCalledWith(expect.objectContaining({ limit: 2 }));

    const zero = unwrap(await detail.action(args(post("/app/waitlist/901", { intent: "send_now", limit: "0" }), params)));
    expect(zero.status).toBe(422);
    expect(zero.body.errors.limit).toMatch(/at least 1/);
    expect(fanout.send).toHaveBeenCalledTimes(2);

    fanout.send.mockRejectedValueOnce(new RestockAlertInputError("This variant is no longer in the catalog. Reload the page."));
    const refused = unwrap(await detail.action(args(post("/app/waitlist/901", { intent: "send_now" }), params)));
    expect(refused).toEqual({ status: 422, body: { ok: false, errors: { "": "This variant is no longer in the catalog. Reload the page." } } });
  });

  it("“Pause auto-send” calls setRestockAlertsPaused with paused true/false; unknown intents are 422", async () => {
    const paused = unwrap(await detail.action(args(post("/app/waitlist/901", { intent: "pause", paused: "true" }), params)));
    expect(paused.body).toEqual({ ok: true, intent: "pause", paused: true });
    expect(fanout.pause).toHaveBeenLastCalledWith({ shop: SHOP, variantId: variantGid(1), paused: true, actor: "staff@example.com", now: expect.any(Date) });
    await detail.action(args(post("/app/waitlist/901", { intent: "pause", paused: "false" }), params));
    expect(fanout.pause).toHaveBeenLastCalledWith(expect.objectContaining({ paused: false }));

    const unknown = unwrap(await detail.action(args(post("/app/waitlist/901", { intent: "explode" }), params)));
    expect(unknown.status).toBe(422);
    expect(fanout.pause).toHaveBeenCalledTimes(2);
  });
});

describe("waitlist CSV export", () => {
  const parseCsv = (text: string) => text.replace(/^\uFEFF/, "").trimEnd().split("\r\n");

  it("exports every subscriber of the shop, quoted and formula-safe", async () => {
    const response = (await csvExport.loader(args(get("/app/waitlist/export")))) as Response;
    expect(response.headers.get("Content-Type")).toMatch(/text\/csv/);
    expect(response.headers.get("Content-Disposition")).toMatch(/attachment; filename="waitlist-waitlist-\d{4}-\d{2}-\d{2}\.csv"/);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]); // UTF-8 BOM: Excel reads accents right
    const text = new TextDecoder().decode(bytes);
    const lines = parseCsv(text);
    expect(lines[0]).toBe("product_title,variant_title,sku,variant_id,email,status,locale,signed_up_at,confirmed_at,notified_at,converted_at,converted_order_id,unsubscribed_at");
    expect(lines).toHaveLength(1 + 10); // this shop's 10 subscribers, none of the other shop's
    expect(text).not.toContain("o0@example.com");
    // Formula starts are neutralised; commas and quotes are quoted.
    expect(text).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(text).toContain(`,'-a3@example.com,`);
    expect(text).toContain(`"Scarf, ""wool"""`);
    expect(text).not.toMatch(/(^|,)=/m);
    const converted = lines.find((l) => l.includes("a5@example.com"))!;
    expect(converted).toContain(`${day(11).toISOString()},gid://shopify/Order/7,`);
  });

  it("exports one variant with ?variant=, and refuses a malformed one", async () => {
    const response = (await csvExport.loader(args(get("/app/waitlist/export?variant=902")))) as Response;
    const lines = parseCsv(await response.text());
    expect(lines).toHaveLength(1 + 3);
    expect(lines.slice(1).every((l) => l.includes(variantGid(2)))).toBe(true);
    expect(await thrownStatus(() => csvExport.loader(args(get("/app/waitlist/export?variant=abc"))))).toBe(400);
  });
});

describe("customer data-request downloads", () => {
  it("lists this shop's exports on the waitlist page and downloads them as JSON; another shop's is 404", async () => {
    const mine = await prisma.complianceExport.create({ data: { shop: SHOP, customerEmail: "a1@example.com", export: JSON.stringify({ restockSubscriptions: [{}], emailsSent: [], backorderedOrderLines: [] }) } });
    const theirs = await prisma.complianceExport.create({ data: { shop: OTHER, customerEmail: "x@example.com", export: "{}" } });
    const data = (await overview.loader(args(get("/app/waitlist")))) as any;
    expect(data.dataRequests).toEqual([expect.objectContaining({ id: mine.id, customerEmail: "a1@example.com", counts: { subscriptions: 1, emails: 0, orderLines: 0 } })]);

    const response = (await dataRequest.loader(args(get(`/app/waitlist/data-requests/${mine.id}`), { exportId: mine.id }))) as Response;
    expect(response.headers.get("Content-Type")).toMatch(/application\/json/);
    expect(JSON.parse(await response.text())).toMatchObject({ restockSubscriptions: [{}] });
    expect(await thrownStatus(() => dataRequest.loader(args(get("/x"), { exportId: theirs.id })))).toBe(404);
  });
});

describe("restock alert settings", () => {
  const base = { lowStockThreshold: "5", defaultLeadTimeDays: "", defaultCap: "", timeZone: "UTC", holidays: "" };

  it("saves every alert setting; leaves them alone when the form does not send them; 422 on bad values", async () => {
    const ok = unwrap(await settingsRoute.action(args(post("/app/settings", {
      ...base, alertsAutoSend: "false", alertMultiplier: "2.5", alertBatchIntervalMins: "30", pendingExpiryDays: "14",
      requireConsent: "false", alertsOnBackorder: "true", senderName: "  Wool & Co  ", highDemandThreshold: "25",
    }))));
    expect(ok.status).toBe(200);
    expect(ok.body.settings).toMatchObject({
      alertsAutoSend: false, alertMultiplier: 2.5, alertBatchIntervalMins: 30, pendingExpiryDays: 14,
      requireConsent: false, alertsOnBackorder: true, senderName: "Wool & Co", highDemandThreshold: 25,
    });

    const untouched = unwrap(await settingsRoute.action(args(post("/app/settings", base))));
    expect(untouched.body.settings).toMatchObject({ alertsAutoSend: false, alertMultiplier: 2.5, senderName: "Wool & Co", highDemandThreshold: 25 });

    const bad = unwrap(await settingsRoute.action(args(post("/app/settings", {
      ...base, alertMultiplier: "0", alertBatchIntervalMins: "1", pendingExpiryDays: "365", highDemandThreshold: "0", senderName: "Evil\r\nBcc: x@y.z", alertsAutoSend: "maybe",
    }))));
    expect(bad.status).toBe(422);
    expect(Object.keys(bad.body.errors).sort()).toEqual(["alertBatchIntervalMins", "alertMultiplier", "alertsAutoSend", "highDemandThreshold", "pendingExpiryDays", "senderName"]);
    const row = await prisma.shopSettings.findUniqueOrThrow({ where: { shop: SHOP } });
    expect(row).toMatchObject({ alertMultiplier: 2.5, alertBatchIntervalMins: 30, senderName: "Wool & Co" });
    await prisma.shopSettings.update({ where: { shop: SHOP }, data: { highDemandThreshold: 3, alertsAutoSend: true } });
  });
});
