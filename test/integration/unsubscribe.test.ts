// The public unsubscribe link (/alerts/unsubscribe/<token>), called through the real route module with plain
// Requests: no Shopify session, no cookie.
import { createHmac } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { signToken } from "../../app/domain/signed-token";
import { env } from "../../app/env.server";
import { enqueueEmail } from "../../app/models/email-outbox.server";
import { action, loader } from "../../app/routes/alerts.unsubscribe.$token";
import { buildUnsubscribeUrl, unsubscribeTokenFor } from "../../app/services/unsubscribe.server";

const SHOP = "unsub-test.myshopify.com";
const PRODUCT = "gid://shopify/Product/1";
const VARIANT = "gid://shopify/ProductVariant/11";
const SECRET = process.env.SHOPIFY_API_SECRET!;
let counter = 0;

async function subscription(locale = "en") {
  const n = ++counter;
  return prisma.restockSubscription.create({
    data: {
      shop: SHOP,
      variantId: VARIANT,
      productId: PRODUCT,
      email: `s${n}@example.com`,
      emailNormalized: `s${n}@example.com`,
      locale,
      status: "active",
      unsubscribeToken: `random-${n}`,
    },
  });
}

const url = (token: string) => `http://127.0.0.1:3999/alerts/unsubscribe/${token}`;

function get(token: string, headers: Record<string, string> = {}) {
  return loader({ request: new Request(url(token), { headers }), params: { token }, context: {} }) as Promise<Response>;
}

function post(token: string, body: string | null = "List-Unsubscribe=One-Click", headers: Record<string, string> = {}) {
  const request = new Request(url(token), {
    method: "POST",
    body,
    headers: body === null ? headers : { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
  return action({ request, params: { token }, context: {} }) as Promise<Response>;
}

const statusOf = async (id: string) => (await prisma.restockSubscription.findUniqueOrThrow({ where: { id } })).status;

beforeAll(async () => {
  await prisma.product.create({ data: { shop: SHOP, id: PRODUCT, title: "Vase <Blue> & Gold", handle: "vase" } });
  await prisma.variant.create({ data: { shop: SHOP, id: VARIANT, productId: PRODUCT, title: "Large" } });
});

describe("unsubscribe link", () => {
  it("builds the app URL with a token signed for the subscription", () => {
    expect(buildUnsubscribeUrl("sub123", "https://app.example.com/")).toBe(
      `https://app.example.com/alerts/unsubscribe/${signToken({ purpose: "unsubscribe", subject: "sub123", secret: SECRET })}`,
    );
  });

  it("GIVEN a GET (a person or a link scanner) THEN a localized page with a button is shown and nothing changes", async () => {
    const sub = await subscription("de");
    const response = await get(unsubscribeTokenFor(sub.id));
    expect(response.status).toBe(200);
    expect(response.headers.get("Content-Type")).toContain("text/html");
    const html = await response.text();
    expect(html).toContain('<html lang="de">');
    expect(html).toContain("Verfügbarkeitsalarme für Vase &lt;Blue&gt; &amp; Gold – Large beenden?");
    expect(html).toMatch(/<form method="post" action="\/alerts\/unsubscribe\/[^"]+">/);
    expect(html).toContain(">Abmelden</button>");
    expect(await statusOf(sub.id)).toBe("active");
  });

  it("GIVEN a one-click POST without any cookie THEN the subscription is unsubscribed and its unsent emails cancelled", async () => {
    const sub = await subscription("fr");
    const queued = await enqueueEmail(prisma, {
      shop: SHOP, kind: "back_in_stock", idempotencyKey: `restock/${sub.id}/e1`, toEmail: sub.email, locale: "fr", subscriptionId: sub.id, runAt: new Date(),
    });
    const sent = await enqueueEmail(prisma, {
      shop: SHOP, kind: "subscription_confirmation", idempotencyKey: `confirm/${sub.id}/0`, toEmail: sub.email, locale: "fr", subscriptionId: sub.id, runAt: new Date(),
    });
    await prisma.emailMessage.update({ where: { id: sent.id }, data: { status: "sent", sentAt: new Date() } });

    const response = await post(unsubscribeTokenFor(sub.id));
    expect(response.status).toBe(200);
    const html = await response.text();
    expect(html).toContain("Vous êtes désabonné(e)");
    const row = await prisma.restockSubscription.findUniqueOrThrow({ where: { id: sub.id } });
    expect(row.status).toBe("unsubscribed");
    expect(row.unsubscribedAt).toBeInstanceOf(Date);
    expect((await prisma.emailMessage.findUniqueOrThrow({ where: { id: queued.id } })).status).toBe("cancelled");
    expect((await prisma.emailMessage.findUniqueOrThrow({ where: { id: sent.id } })).status).toBe("sent");
  });

  it("GIVEN a second POST THEN the same 200 answer and the first unsubscribe time is kept", async () => {
    const sub = await subscription();
    const token = unsubscribeTokenFor(sub.id);
    const first = await post(token);
    const firstAt = (await prisma.restockSubscription.findUniqueOrThrow({ where: { id: sub.id } })).unsubscribedAt;
    const second = await post(token);
    expect([first.status, second.status]).toEqual([200, 200]);
    expect(await second.text()).toContain("You&#39;re unsubscribed");
    expect((await prisma.restockSubscription.findUniqueOrThrow({ where: { id: sub.id } })).unsubscribedAt).toEqual(firstAt);
    // GET afterwards shows the done page, no button.
    const page = await (await get(token)).text();
    expect(page).toContain("You&#39;re unsubscribed");
    expect(page).not.toContain("<form");
  });

  it("GIVEN an empty POST body or a JSON client THEN it still unsubscribes", async () => {
    const sub = await subscription();
    const response = await post(unsubscribeTokenFor(sub.id), null, { Accept: "application/json" });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, state: "done" });
    expect(await statusOf(sub.id)).toBe("unsubscribed");
  });

  it("GIVEN a forged or tampered token THEN 400 with a clear message and nothing changes", async () => {
    const sub = await subscription();
    const forged = signToken({ purpose: "unsubscribe", subject: sub.id, secret: "not-the-app-secret" });
    const otherPurpose = signToken({ purpose: "confirm", subject: sub.id, secret: SECRET });
    for (const token of [forged, otherPurpose, "garbage", `${unsubscribeTokenFor(sub.id)}x`]) {
      const response = await post(token);
      expect(response.status).toBe(400);
      expect(await response.text()).toContain("This unsubscribe link isn&#39;t valid");
      expect((await get(token, { "Accept-Language": "es-ES,es;q=0.9" })).status).toBe(400);
    }
    expect(await (await get("garbage", { "Accept-Language": "es-ES,es;q=0.9" })).text()).toContain("no es válido");
    expect(await statusOf(sub.id)).toBe("active");
  });

  it("GIVEN a link minted before a secret rotation THEN it still unsubscribes while the old secret is in SHOPIFY_API_SECRET_PREVIOUS", async () => {
    const sub = await subscription();
    const oldLink = signToken({ purpose: "unsubscribe", subject: sub.id, secret: "retired-app-secret" });
    expect((await post(oldLink)).status).toBe(400); // not configured: an unknown secret
    const saved = env.SHOPIFY_API_SECRET_PREVIOUS;
    env.SHOPIFY_API_SECRET_PREVIOUS = ["retired-app-secret"];
    try {
      expect((await get(oldLink)).status).toBe(200);
      expect((await post(oldLink)).status).toBe(200);
    } finally {
      env.SHOPIFY_API_SECRET_PREVIOUS = saved;
    }
    expect(await statusOf(sub.id)).toBe("unsubscribed");
  });

  it("GIVEN a link in the format emails carried before per-purpose keys THEN it still unsubscribes", async () => {
    const sub = await subscription();
    const legacy = `${Buffer.from(sub.id).toString("base64url")}.${createHmac("sha256", SECRET).update(`unsubscribe\n${sub.id}`).digest("base64url")}`;
    expect((await post(legacy)).status).toBe(200);
    expect(await statusOf(sub.id)).toBe("unsubscribed");
  });

  it("GIVEN the subscription no longer exists THEN 200 'you're unsubscribed' (nothing to leak)", async () => {
    const sub = await subscription();
    const token = unsubscribeTokenFor(sub.id);
    await prisma.restockSubscription.delete({ where: { id: sub.id } });
    for (const response of [await get(token), await post(token)]) {
      expect(response.status).toBe(200);
      expect(await response.text()).toContain("You&#39;re unsubscribed");
    }
  });
});
