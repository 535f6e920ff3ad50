// The demo shop's starting story, so every page and the storefront show the product's point on first open.
// Everything goes in the way it would on a real store, through the app's own routes and services and the
// simulated Shopify, never as rows written by hand:
//   • ETAs and caps: the variant page's save action (POST /app/variants/<id>, signed session token), which
//     validates, writes the metafields the theme renders and records the change history;
//   • holds: the settings service turns on "hold backordered items and ship the rest now";
//   • orders: shoppers check out in the simulator; its orders/create webhooks reach the app's ledger, which tags,
//     notes and holds them and sends the confirmations;
//   • one delayed ETA: the same save action moves a date later, and the app's delay scan emails those shoppers;
//   • caps held at checkout: the app registers its checkout validation on install ("Enforce caps at checkout" is
//     on for a new shop); the seed waits for it and names one capped variant, with what it may still sell, for the
//     README's walk-through (a cart of one more is refused at checkout with the function's message);
//   • waitlist: shoppers sign up through the storefront's app proxy and click the confirmation link in their
//     email (double opt-in); one variant is restocked, its subscribers are alerted and one of them buys it
//     (an alert conversion).
// Dates are relative to the shop's today. Re-running it on an already seeded shop changes nothing: each step
// skips what is already there.
import type { PrismaClient } from "@prisma/client";
import { addCalendarDays, todayIn } from "../app/domain/eta";
import { saveShopSettings, getShopSettings } from "../app/services/shop-settings.server";
import type { RunningSimulator } from "../simulator/server";

const BROWSER_USER_AGENT = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36";
const WAIT_MS = 60_000;

/** Shoppers of the story; example.com addresses, delivered to the simulator's mailbox. */
export const DEMO_BUYERS = ["avery.backorder@example.com", "jordan.backorder@example.com", "sam.backorder@example.com", "riley.backorder@example.com"];
export const DEMO_WAITERS = ["casey.waits@example.com", "morgan.waits@example.com", "quinn.waits@example.com", "taylor.waits@example.com"];

export type DemoSeedInput = {
  appUrl: string;
  shop: string;
  simulator: Pick<RunningSimulator, "url" | "store" | "mailbox" | "mintIdToken">;
  prisma: PrismaClient;
  now: Date;
  log?: (line: string) => void;
};

export type DemoSeedResult = {
  etasSet: number;
  ordersPlaced: number;
  delayedVariantId: string | null;
  subscribersConfirmed: number;
  restockedVariantId: string | null;
  conversions: number;
  /** A capped backordered variant and what checkout still lets a cart take of it (backorder_sellable). */
  cappedVariant: { variantId: string; title: string; productHandle: string; cap: number; sellable: number } | null;
};

type MirrorVariant = { id: string; productId: string; title: string; availableTotal: number; inventoryPolicy: string; backorderState: string };

export async function seedDemoData(input: DemoSeedInput): Promise<DemoSeedResult> {
  const { shop, prisma } = input;
  const log = input.log ?? (() => {});
  const settings = await getShopSettings(shop);
  const today = todayIn(settings.timeZone, input.now);
  const inDays = (days: number) => addCalendarDays(today, days);

  const mirror = await prisma.variant.findMany({
    where: { shop, tracked: true },
    select: { id: true, productId: true, title: true, availableTotal: true, inventoryPolicy: true, backorderState: true, position: true },
    orderBy: [{ productId: "asc" }, { position: "asc" }],
  });
  // Picked by what Shopify says (policy and stock), not by the app's derived state, and a variant this story
  // restocked stays picked, so a re-run finds the same variants.
  const waitedOn = new Set(
    (await prisma.restockSubscription.findMany({ where: { shop, emailNormalized: { in: DEMO_WAITERS } }, select: { variantId: true } })).map((s) => s.variantId),
  );
  const backordered = mirror.filter((v) => v.inventoryPolicy === "CONTINUE" && v.availableTotal <= 0);
  const soldOut = mirror.filter((v) => v.inventoryPolicy === "DENY" && (v.availableTotal <= 0 || waitedOn.has(v.id)));
  const inStock = mirror.filter((v) => v.inventoryPolicy === "DENY" && v.availableTotal >= 5);
  if (backordered.length < 3 || soldOut.length < 3 || !inStock.length) {
    throw new Error(`The demo catalog needs 3 backordered, 3 sold-out and 1 in-stock variant (found ${backordered.length}, ${soldOut.length}, ${inStock.length}).`);
  }
  const result: DemoSeedResult = {
    etasSet: 0,
    ordersPlaced: 0,
    delayedVariantId: null,
    subscribersConfirmed: 0,
    restockedVariantId: null,
    conversions: 0,
    cappedVariant: null,
  };
  const admin = adminClient(input);

  // 1. Every backordered variant gets an app-managed ETA: dates and lead times in turn, a cap on every third.
  //    The first one (it will be delayed) starts 14 days out.
  //    Variants with a shipment on its way get a lead time, not a date of the merchant's: once ETAs follow inbound
  //    shipments (step 8) theirs is the shipment's arrival (the delayed one keeps its date for step 4's story).
  const [delayed, ...others] = backordered;
  const inbound = new Set(input.simulator.store.listInbound(shop).flatMap((row) => row.lines.map((line) => line.variantId)));
  const etaPlan: Array<{ variant: MirrorVariant; eta: Record<string, string>; cap: number | null }> = [
    { variant: delayed, eta: etaByDate(inDays(14)), cap: 20 },
    ...others.map((variant, i) => ({
      variant,
      eta: i % 2 === 0 || inbound.has(variant.id) ? etaByLeadTime(7 + (i % 4) * 3) : etaByDate(inDays(21 + i * 3)),
      cap: i % 3 === 1 ? Math.max(12, -variant.availableTotal + 8) : null,
    })),
  ];
  const managed = new Set(
    (await prisma.variantBackorder.findMany({ where: { shop, enabled: true, OR: [{ etaDate: { not: null } }, { leadTimeDays: { not: null } }] }, select: { variantId: true } })).map(
      (row) => row.variantId,
    ),
  );
  for (const { variant, eta, cap } of etaPlan) {
    if (managed.has(variant.id)) continue;
    await admin.saveVariant(variant.id, { enabled: "on", ...eta, ...(cap ? { cap: String(cap) } : {}) });
    result.etasSet++;
  }
  log(`ETAs set on ${result.etasSet} backordered variants`);

  // 2. Backordered lines are held so the in-stock part of an order ships now.
  if (!settings.holdBackorderedLines) await saveShopSettings(shop, { holdBackorderedLines: true }, input.now);

  // 3. Backordered orders: a mixed cart (split + hold), and single-item ones.
  const seededOrders = await prisma.backorderLine.count({ where: { shop, customerEmail: { in: DEMO_BUYERS } } });
  if (seededOrders === 0) {
    const carts = [
      { email: DEMO_BUYERS[0], lines: [{ variant: delayed, quantity: 2 }, { variant: inStock[0], quantity: 1 }] },
      { email: DEMO_BUYERS[1], lines: [{ variant: delayed, quantity: 1 }] },
      { email: DEMO_BUYERS[2], lines: [{ variant: backordered[1], quantity: 1 }, { variant: inStock[1 % inStock.length], quantity: 2 }] },
      { email: DEMO_BUYERS[3], lines: [{ variant: backordered[2], quantity: 3 }] },
    ];
    for (const cart of carts) {
      input.simulator.store.checkout(shop, {
        email: cart.email,
        lines: cart.lines.map(({ variant, quantity }) => ({
          variantId: variant.id,
          quantity,
          // What the storefront block adds to a backordered line (the shopper saw the notice).
          ...(variant.inventoryPolicy === "CONTINUE" ? { properties: { Backorder: "Ships when back in stock" } } : {}),
        })),
      });
      result.ordersPlaced++;
    }
    const expectedLines = carts.flatMap((c) => c.lines).filter((l) => l.variant.inventoryPolicy === "CONTINUE").length;
    await waitUntil("the backordered orders to reach the ledger and be held", async () => {
      const lines = await prisma.backorderLine.findMany({ where: { shop, customerEmail: { in: DEMO_BUYERS } }, select: { holdStatus: true } });
      return lines.length === expectedLines && lines.every((line) => line.holdStatus === "held");
    });
    log(`${result.ordersPlaced} backordered orders placed and held`);
  }

  // 4. One delayed ETA: the supplier slipped a week and a half; the shoppers who were told the first date hear it.
  const delayedRow = await prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop, variantId: delayed.id } } });
  if (delayedRow?.etaDate && delayedRow.etaDate < inDays(24)) {
    await admin.saveVariant(delayed.id, { enabled: "on", ...etaByDate(inDays(24)), cap: String(delayedRow.cap ?? 20) });
    await waitUntil("the delay notices", async () =>
      (await prisma.backorderLine.count({ where: { shop, variantId: delayed.id, status: "open", delayNoticeCount: 0 } })) === 0,
    );
  }
  result.delayedVariantId = delayed.id;

  // 5. Waitlist: confirmed subscribers on three sold-out variants (4, 2 and 2 of them), one pending signup.
  const [popular, quiet, restocking] = soldOut;
  const signups: Array<{ variant: MirrorVariant; email: string; confirm: boolean }> = [
    ...DEMO_WAITERS.map((email) => ({ variant: popular, email, confirm: true })),
    { variant: quiet, email: DEMO_WAITERS[0], confirm: true },
    { variant: quiet, email: DEMO_WAITERS[1], confirm: false },
    { variant: restocking, email: DEMO_WAITERS[2], confirm: true },
    { variant: restocking, email: DEMO_WAITERS[3], confirm: true },
  ];
  const existing = await prisma.restockSubscription.findMany({ where: { shop, emailNormalized: { in: DEMO_WAITERS } }, select: { variantId: true, emailNormalized: true } });
  const subscribed = new Set(existing.map((s) => `${s.variantId} ${s.emailNormalized}`));
  for (const signup of signups) {
    if (subscribed.has(`${signup.variant.id} ${signup.email}`)) continue;
    await signUpThroughStorefront(input, { variantId: signup.variant.id, email: signup.email, consentAsked: settings.requireConsent, confirm: signup.confirm });
    if (signup.confirm) result.subscribersConfirmed++;
  }
  log(`${result.subscribersConfirmed} waitlist signups confirmed by email`);

  // 6. One sold-out variant is restocked: both its subscribers are alerted, and one of them buys it.
  const restockedNow = input.simulator.store.snapshot(shop).variants.find((v) => v.id === restocking.id);
  if (restockedNow && restockedNow.availableTotal <= 0) {
    input.simulator.store.setAvailable(shop, { variantId: restocking.id, available: 6 });
    await waitUntil("the back-in-stock alerts", async () =>
      (await prisma.restockSubscription.count({ where: { shop, variantId: restocking.id, status: "notified" } })) === 2,
    );
    // The shopper reads the alert and buys. Shopify's order timestamps have whole seconds: an order placed in the
    // second the alert went out would look older than the alert.
    const alerted = await prisma.restockSubscription.findFirstOrThrow({ where: { shop, variantId: restocking.id, emailNormalized: DEMO_WAITERS[2] } });
    await sleep(Math.max(0, (alerted.notifiedAt?.getTime() ?? 0) + 1_100 - Date.now()));
    input.simulator.store.checkout(shop, { email: DEMO_WAITERS[2], lines: [{ variantId: restocking.id, quantity: 1 }] });
    await waitUntil("the alert conversion", async () =>
      (await prisma.restockSubscription.count({ where: { shop, variantId: restocking.id, convertedOrderId: { not: null } } })) === 1,
    );
  }
  result.restockedVariantId = restocking.id;
  result.conversions = await prisma.restockSubscription.count({ where: { shop, convertedOrderId: { not: null } } });
  log(`restocked ${restocking.title}; ${result.conversions} alert conversion`);

  // 7. Caps hold at checkout: the validation is registered, and the first capped variant of the plan (one of the
  //    ordered ones) shows what a cart may still take.
  const capped = etaPlan.find((plan) => plan.cap !== null && plan.variant !== delayed);
  if (settings.enforceCapsAtCheckout && capped) {
    const store = input.simulator.store;
    await waitUntil("the checkout validation to be registered", async () => store.listValidations(shop).some((v) => v.enabled));
    const row = await prisma.variantBackorder.findUniqueOrThrow({ where: { shop_variantId: { shop, variantId: capped.variant.id } } });
    const data = store.getShopData(shop);
    const record = data.variants.get(Number(capped.variant.id.split("/").pop()))!;
    // Nothing in stock: what checkout may take is what the cap leaves after the units sold below zero.
    const expected = Math.max(0, (row.cap ?? 0) + Math.min(0, data.availableTotal(data.itemOf(record))));
    const published = () => data.findMetafield(capped.variant.id, store.appNamespace(), "backorder_sellable")?.value;
    await waitUntil("the capped variant's sellable figure", async () => published() === String(expected));
    const product = data.productOf(record);
    result.cappedVariant = { variantId: capped.variant.id, title: `${product.title} – ${record.title}`, productHandle: product.handle, cap: row.cap!, sellable: expected };
    log(`caps enforced at checkout: ${result.cappedVariant.title} may take ${expected} more on backorder (cap ${row.cap}); a cart of ${expected + 1} is refused`);
  }

  // 8. ETAs follow the seeded inbound shipments: backordered variants without a date of their own take the arrival
  //    of the shipment covering them (the recompute runs in the background); marking one late moves the ETA.
  if (settings.inboundEtaMode === "off") await saveShopSettings(shop, { inboundEtaMode: "automatic" }, input.now);
  return result;
}

/** The variant form's ETA fields, as the page posts them. */
export const etaByDate = (etaDate: string): Record<string, string> => ({ etaMode: "date", etaDate });
const etaByLeadTime = (days: number): Record<string, string> => ({ etaMode: "lead_time", leadTimeDays: String(days) });

/** The embedded admin's requests: a fresh session token per request, as App Bridge's fetch sends them. */
export function adminClient(input: Pick<DemoSeedInput, "appUrl" | "shop" | "simulator">) {
  return {
    async saveVariant(variantId: string, form: Record<string, string>): Promise<void> {
      const numericId = variantId.split("/").pop()!;
      // Remix single fetch: an action submitted from the page posts to <path>.data.
      const response = await fetch(`${input.appUrl}/app/variants/${numericId}.data`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${input.simulator.mintIdToken(input.shop)}`,
          "Content-Type": "application/x-www-form-urlencoded",
          "User-Agent": BROWSER_USER_AGENT,
        },
        body: new URLSearchParams({ intent: "save", ...form }),
      });
      if (!response.ok) throw new Error(`Saving variant ${numericId} answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
    },
  };
}

/**
 * A shopper signs up in the storefront's notify-me form (posted through the simulator's app proxy, which signs it
 * for the app) and, when `confirm`, presses Confirm on the page linked from the confirmation email (a POST; the
 * link's GET only shows the page).
 */
async function signUpThroughStorefront(input: DemoSeedInput, signup: { variantId: string; email: string; consentAsked: boolean; confirm: boolean }): Promise<void> {
  const mailbox = input.simulator.mailbox;
  if (!mailbox) throw new Error("The simulator's mailbox is not running: start it with smtpPort to seed confirmed subscribers.");
  const earlier = new Set(mailbox.messages().map((m) => m.id));
  const response = await fetch(`${input.simulator.url}/storefront/${input.shop}/apps/backorders/notify`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "User-Agent": BROWSER_USER_AGENT },
    body: JSON.stringify({
      variantId: signup.variantId,
      email: signup.email,
      locale: "en",
      ...(signup.consentAsked ? { consent: true } : {}),
      rendered_at: input.now.getTime() - 60_000, // the shopper took a minute to type it
    }),
  });
  if (!response.ok) throw new Error(`Signing ${signup.email} up for ${signup.variantId} answered HTTP ${response.status}: ${(await response.text()).slice(0, 300)}`);
  const confirmToken = (text: string) => /\/alerts\/confirm\/([A-Za-z0-9_.~%-]+)/.exec(text)?.[1];
  const mail = await mailbox.waitFor((m) => !earlier.has(m.id) && m.envelope.to.includes(signup.email) && !!confirmToken(m.text), WAIT_MS);
  if (!signup.confirm) return;
  const confirmed = await fetch(`${input.appUrl}/alerts/confirm/${confirmToken(mail.text)}`, { method: "POST", headers: { "User-Agent": BROWSER_USER_AGENT } });
  if (!confirmed.ok) throw new Error(`Confirming ${signup.email} answered HTTP ${confirmed.status}`);
}

async function waitUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}.`);
    await sleep(200);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
