// The cancellation-request flow: the shopper's public page from the delay email (GET shows, POST records, once per
// line; forged tokens 400) and the merchant's Accept / Decline on /app/cancellations through the real route
// loader/action with `authenticate.admin` replaced by a fake session.
import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import prisma from "#app/db.server";
import { signToken } from "#app/domain/signed-token";
import { env } from "#app/env.server";
import { buildCancelRequestUrl, cancelRequestTokenFor } from "#app/services/cancellation-requests.server";

const SHOP = "cancel-flow.myshopify.com";
const OTHER_SHOP = "someone-else.myshopify.com";
const SECRET = process.env.SHOPIFY_API_SECRET!;

vi.mock("../../app/shopify.server", async () =>
  (await import("../support/shopify-server-mock")).shopifyServerMock({
    session: { shop: "cancel-flow.myshopify.com", onlineAccessInfo: { associated_user: { email: "owner@example.com" } } },
    graphql: async () => new Response("{}"),
  }),
);

const publicRoute = await import("../../app/routes/orders.cancel-request.$token");
const adminRoute = await import("../../app/routes/app.cancellations");

const args = (request: Request, params: Record<string, string> = {}) => ({ request, params, context: {} }) as any;
const pageUrl = (token: string) => `https://app.test/orders/cancel-request/${token}`;
const get = (token: string, headers: Record<string, string> = {}) => publicRoute.loader(args(new Request(pageUrl(token), { headers }), { token })) as Promise<Response>;
function post(token: string, fields: Record<string, string> = {}, headers: Record<string, string> = {}): Promise<Response> {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return publicRoute.action(args(new Request(pageUrl(token), { method: "POST", body: form, headers }), { token })) as Promise<Response>;
}
function adminPost(fields: Record<string, string>) {
  const form = new FormData();
  for (const [key, value] of Object.entries(fields)) form.append(key, value);
  return adminRoute.action(args(new Request("https://app.test/app/cancellations", { method: "POST", body: form })));
}
function unwrap(result: unknown): { status: number; body: any } {
  if (result && typeof result === "object" && (result as any).type === "DataWithResponseInit") {
    return { status: (result as any).init?.status ?? 200, body: (result as any).data };
  }
  return { status: 200, body: result };
}

let counter = 0;
async function line(overrides: { shop?: string; status?: string; customerLocale?: string } = {}) {
  const n = ++counter;
  return prisma.backorderLine.create({
    data: {
      shop: overrides.shop ?? SHOP,
      orderId: `gid://shopify/Order/${700 + n}`,
      orderName: `#${700 + n}`,
      lineItemId: `gid://shopify/LineItem/c${n}`,
      variantId: "gid://shopify/ProductVariant/1",
      customerEmail: `shopper${n}@example.com`,
      customerLocale: overrides.customerLocale ?? "de",
      quantityOrdered: 3,
      quantityBackordered: 2,
      etaPromised: "2026-12-01",
      etaCurrent: "2026-12-15",
      status: overrides.status ?? "open",
      orderedAt: new Date("2026-11-01T10:00:00Z"),
      productTitle: "Teapot <Royal>",
      variantTitle: "White",
    },
  });
}

beforeAll(async () => {
  await prisma.shop.create({ data: { shop: SHOP, name: "Kettle & Co", ianaTimezone: "Europe/Berlin" } });
  await prisma.shop.create({ data: { shop: OTHER_SHOP, name: "Other" } });
});

describe("shopper's cancellation page", () => {
  it("GIVEN the link from the email WHEN opened (GET) THEN a localized page with the item and a button, and nothing is recorded", async () => {
    const l = await line();
    expect(buildCancelRequestUrl(l.id)).toBe(`${process.env.SHOPIFY_APP_URL}/orders/cancel-request/${cancelRequestTokenFor(l.id)}`);
    const response = await get(cancelRequestTokenFor(l.id));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Stornierung anfragen");
    expect(html).toContain("Teapot &lt;Royal&gt; – White");
    expect(html).not.toContain("<Royal>");
    expect(html).toContain("#" + l.orderName!.slice(1));
    expect(html).toContain(`<form method="post" action="/orders/cancel-request/${cancelRequestTokenFor(l.id)}">`);
    expect(html).toContain('name="reason"');
    expect(await prisma.cancellationRequest.count({ where: { backorderLineId: l.id } })).toBe(0);
    expect((await prisma.backorderLine.findUniqueOrThrow({ where: { id: l.id } })).cancelRequestedAt).toBeNull();
  });

  it("GIVEN the form is posted twice THEN one request with the reason, the line marked, and the same confirmation both times", async () => {
    const l = await line({ customerLocale: "fr" });
    const token = cancelRequestTokenFor(l.id);
    const first = await post(token, { reason: "  Too long to wait  " });
    expect(first.status).toBe(200);
    const firstHtml = await first.text();
    expect(firstHtml).toContain("Annulation demandée");
    expect(firstHtml).toContain("Kettle &amp; Co");
    const second = await post(token, { reason: "again" }, { Accept: "application/json" });
    expect(await second.json()).toEqual({ ok: true, state: "requested" });

    const requests = await prisma.cancellationRequest.findMany({ where: { backorderLineId: l.id } });
    expect(requests).toHaveLength(1);
    expect(requests[0]).toMatchObject({ shop: SHOP, orderId: l.orderId, orderName: l.orderName, customerEmail: l.customerEmail, reason: "Too long to wait", status: "requested" });
    expect((await prisma.backorderLine.findUniqueOrThrow({ where: { id: l.id } })).cancelRequestedAt).toBeInstanceOf(Date);
    // Opening the link again shows the state, not the form.
    const again = await (await get(token)).text();
    expect(again).toContain('data-state="requested"');
    expect(again).not.toContain("<form");
  });

  it("GIVEN a forged, truncated or other-purpose token THEN 400 and nothing recorded", async () => {
    const l = await line();
    const genuine = cancelRequestTokenFor(l.id);
    const forged = signToken({ purpose: "cancel-request", subject: l.id, secret: "not-the-secret" });
    const otherPurpose = signToken({ purpose: "unsubscribe", subject: l.id, secret: SECRET });
    for (const token of [forged, otherPurpose, genuine.slice(0, -3), "garbage"]) {
      expect((await get(token, { "Accept-Language": "es-ES,es;q=0.9" })).status).toBe(400);
      const response = await post(token);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("This link isn&#39;t valid"); // no Accept-Language on the POST: English
    }
    expect(await prisma.cancellationRequest.count({ where: { backorderLineId: l.id } })).toBe(0);
    // Localized by the browser when the token names no line.
    expect(await (await get("garbage", { "Accept-Language": "es-ES,es;q=0.9" })).text()).toContain("Este enlace no es válido");
  });

  it("GIVEN a link minted before a secret rotation, or in the pre-rotation format THEN the page still opens", async () => {
    const l = await line();
    const oldLink = signToken({ purpose: "cancel-request", subject: l.id, secret: "retired-app-secret" });
    const legacy = `${Buffer.from(l.id).toString("base64url")}.${createHmac("sha256", SECRET).update(`cancel-request\n${l.id}`).digest("base64url")}`;
    expect((await get(oldLink)).status).toBe(400); // not configured: an unknown secret
    expect((await get(legacy)).status).toBe(200);
    const saved = env.SHOPIFY_API_SECRET_PREVIOUS;
    env.SHOPIFY_API_SECRET_PREVIOUS = ["retired-app-secret"];
    try {
      expect(await (await get(oldLink)).text()).toContain("<form");
    } finally {
      env.SHOPIFY_API_SECRET_PREVIOUS = saved;
    }
  });

  it("GIVEN the line already shipped THEN the page says it can't be cancelled here and POST records nothing", async () => {
    const l = await line({ status: "fulfilled", customerLocale: "en" });
    const token = cancelRequestTokenFor(l.id);
    expect(await (await get(token)).text()).toContain("This item can&#39;t be cancelled here");
    expect(await (await post(token)).text()).toContain('data-state="unavailable"');
    expect(await prisma.cancellationRequest.count({ where: { backorderLineId: l.id } })).toBe(0);
  });
});

describe("merchant's cancellation requests page", () => {
  it("lists requests and accepts / declines them once, with a link to the order in Shopify admin", async () => {
    const a = await line();
    const b = await line();
    const foreign = await line({ shop: OTHER_SHOP });
    for (const l of [a, b, foreign]) await post(cancelRequestTokenFor(l.id), { reason: `reason ${l.id}` });
    const [requestA, requestB, foreignRequest] = await Promise.all(
      [a, b, foreign].map((l) => prisma.cancellationRequest.findFirstOrThrow({ where: { backorderLineId: l.id } })),
    );

    const listed = (await adminRoute.loader(args(new Request("https://app.test/app/cancellations")))) as any;
    expect(listed.status).toBe("requested");
    const rowA = listed.rows.find((r: any) => r.id === requestA.id);
    expect(rowA).toMatchObject({
      orderName: a.orderName,
      orderAdminUrl: `shopify://admin/orders/${a.orderId.split("/").pop()}`,
      customerEmail: a.customerEmail,
      product: "Teapot <Royal> – White",
      quantity: 2,
      reason: `reason ${a.id}`,
    });
    expect(listed.rows.some((r: any) => r.id === foreignRequest.id)).toBe(false); // another shop's request is never shown

    const accepted = unwrap(await adminPost({ intent: "accept", requestId: requestA.id }));
    expect(accepted).toEqual({ status: 200, body: { ok: true, id: requestA.id, status: "accepted", orderAdminUrl: rowA.orderAdminUrl } });
    const row = await prisma.cancellationRequest.findUniqueOrThrow({ where: { id: requestA.id } });
    expect(row).toMatchObject({ status: "accepted", resolvedBy: "owner@example.com" });
    expect(row.resolvedAt).toBeInstanceOf(Date);

    const twice = unwrap(await adminPost({ intent: "decline", requestId: requestA.id }));
    expect(twice.status).toBe(409);
    expect(twice.body.message).toMatch(/already accepted/);

    expect(unwrap(await adminPost({ intent: "decline", requestId: requestB.id })).body).toMatchObject({ ok: true, status: "declined" });
    expect(unwrap(await adminPost({ intent: "accept", requestId: foreignRequest.id })).status).toBe(404);
    expect((await prisma.cancellationRequest.findUniqueOrThrow({ where: { id: foreignRequest.id } })).status).toBe("requested");
    const invalid = unwrap(await adminPost({ intent: "refund", requestId: requestB.id }));
    expect(invalid.status).toBe(422);

    const acceptedTab = (await adminRoute.loader(args(new Request("https://app.test/app/cancellations?status=accepted")))) as any;
    expect(acceptedTab.rows.map((r: any) => r.id)).toEqual([requestA.id]);
    expect(acceptedTab.counts).toMatchObject({ accepted: 1, declined: 1 });

    // The shopper's link now tells them the outcome.
    expect(await (await get(cancelRequestTokenFor(a.id))).text()).toContain("Der Shop hat deine Anfrage angenommen.");
    expect(await (await get(cancelRequestTokenFor(b.id))).text()).toContain("Kettle &amp; Co konnte diesen Artikel nicht stornieren.");
  });
});
