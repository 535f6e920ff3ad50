// The orders story end to end, as in the demo: the merchant sells a sold-out variant on backorder with an
// ETA (variant page, in Chromium) and holds backordered lines; shoppers buy it through the simulator's checkout —
// one with the storefront's `Backorder` property next to an in-stock item, one by quick-add without it. The app
// records the ledger, tags the orders, writes the ETA note and metafield, splits and holds the backordered part in
// the simulated Shopify and sends the confirmation. A later ETA sends one delay email per affected line, whose link
// lets the shopper request cancellation (listed on the merchant's Cancellations page). Restocking releases the holds
// and sends "shipping soon"; fulfilling resolves the ledger. The dashboard's numbers move along the way, and
// screenshots of every step are kept in test-results/.
// @sqlite-only: Chromium end to end against the built app, kept to one browser pass for `npm test` time; the ledger, order actions and order emails run on PostgreSQL in order-ledger, order-actions and order-emails
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, FrameLocator, Page } from "playwright-core";
import prisma from "../../app/db.server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import type { MailboxMessage } from "../../simulator/mailbox";
import { DESKTOP_USER_AGENT, launchChromium } from "../support/browser";
import { adminAppPath, openAdminPage, saveScreenshot, startInstalledDemoStack, waitFor, type DemoStack } from "../support/demo-stack";

const ETA_PROMISED = "2027-02-15";
const ETA_LATER = "2027-03-20";
const WITH_NOTICE = "notice-shopper@example.com";
const QUICK_ADD = "quick-add-shopper@example.com";
const CANCEL_REASON = "I need it before February, sorry.";

let stack: DemoStack;
let browser: Browser;
let page: Page;
let app: FrameLocator;

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  await waitFor(() => prisma.variant.count({ where: { shop: DEMO_SHOP, backorderState: "sold_out" } }), (n) => n > 0, 30_000);
  browser = await launchChromium();
  ({ page, app } = await openAdminPage(browser, 1200));
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const mailbox = () => stack.simulator.mailbox!;
const mailsTo = (address: string, subject: RegExp) => mailbox().messages().filter((m) => m.envelope.to.includes(address) && subject.test(m.subject));
const waitForMail = (address: string, subject: RegExp, timeoutMs = 30_000) =>
  mailbox().waitFor((m: MailboxMessage) => m.envelope.to.includes(address) && subject.test(m.subject), timeoutMs);
const numericId = (gid: string) => gid.split("/").pop()!;
const shipDate = (isoDate: string) => new Intl.DateTimeFormat("en-US", { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));

type ShopifyOrder = {
  tags: string[];
  note: string | null;
  etaMetafield: { value: string } | null;
  fulfillmentOrders: {
    nodes: Array<{
      status: string;
      fulfillmentHolds: Array<{ reason: string; handle: string | null }>;
      lineItems: { nodes: Array<{ remainingQuantity: number; lineItem: { id: string } }> };
    }>;
  };
};

/** The order as Shopify (the simulator) shows it, read with the app's own offline token. */
async function readShopifyOrder(orderId: string): Promise<ShopifyOrder> {
  const session = await prisma.session.findFirstOrThrow({ where: { shop: DEMO_SHOP, isOnline: false } });
  const response = await fetch(`${stack.simulator.url}/admin/api/2026-10/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": session.accessToken, "X-Shopify-Shop-Domain": DEMO_SHOP },
    body: JSON.stringify({
      query: `query e2eReadOrder($id: ID!) { order(id: $id) { tags note etaMetafield: metafield(namespace: "$app", key: "backorder_etas") { value }
        fulfillmentOrders(first: 10) { nodes { status fulfillmentHolds { reason handle } lineItems(first: 10) { nodes { remainingQuantity lineItem { id } } } } } } }`,
      variables: { id: orderId },
    }),
  });
  const body = (await response.json()) as { data?: { order: ShopifyOrder }; errors?: unknown };
  if (!body.data?.order) throw new Error(`Could not read ${orderId}: ${JSON.stringify(body.errors ?? body)}`);
  return body.data.order;
}

/** Fulfillment orders holding a line item: status, held by the app or not, units left. */
const fulfillmentOf = (order: ShopifyOrder, lineItemId: string) =>
  order.fulfillmentOrders.nodes
    .filter((fo) => fo.lineItems.nodes.some((l) => l.lineItem.id === lineItemId && l.remainingQuantity > 0))
    .map((fo) => ({
      status: fo.status,
      heldByApp: fo.fulfillmentHolds.some((h) => h.handle === "backorders"),
      lineItems: fo.lineItems.nodes.filter((l) => l.remainingQuantity > 0).map((l) => l.lineItem.id),
      remaining: fo.lineItems.nodes.find((l) => l.lineItem.id === lineItemId)!.remainingQuantity,
    }));

async function simPost(path: string, body: unknown): Promise<any> {
  const response = await fetch(`${stack.simulator.url}/_sim/${DEMO_SHOP}${path}`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await response.json();
  if (!response.ok) throw new Error(`POST ${path} → ${response.status}: ${JSON.stringify(json)}`);
  return json;
}

type CheckoutOrder = { admin_graphql_api_id: string; id: number; name: string; line_items: Array<{ admin_graphql_api_id: string; variant_id: number }> };

/** The dashboard's headline numbers, read from their links ("Open orders: 2"). */
async function expectDashboard(openOrders: number, unitsOwed: number, screenshot: string) {
  await page.goto(adminAppPath(stack.simulator.url));
  await app.getByRole("heading", { name: "Backordered orders" }).waitFor({ timeout: 30_000 });
  await app.getByRole("link", { name: `Open orders: ${openOrders}` }).waitFor({ timeout: 15_000 });
  await app.getByRole("link", { name: `Units owed: ${unitsOwed}` }).waitFor();
  await app.getByText(`${openOrders} backordered line${openOrders === 1 ? "" : "s"} still owed`, { exact: true }).waitFor(); // one line per order here
  await app.locator('[data-chart="Open orders by age"] svg').first().waitFor({ timeout: 20_000 });
  await saveScreenshot(page, screenshot);
}

/** Sets the variant's fixed ETA on its page in the embedded admin (and turns backorders on when asked). */
async function saveVariantEta(variantId: string, eta: string, options: { enable: boolean }) {
  await page.goto(adminAppPath(stack.simulator.url, `/app/variants/${numericId(variantId)}`));
  const enable = app.getByLabel("Sell on backorder when out of stock");
  await enable.waitFor({ state: "attached", timeout: 30_000 });
  // Polaris draws its own checkboxes and radios over visually hidden inputs, so the inputs are checked directly.
  if (options.enable) await enable.check({ force: true });
  await app.getByLabel("Fixed date").check({ force: true });
  await app.getByLabel("ETA date").fill(eta);
  await app.getByRole("button", { name: "Save" }).click();
  await waitFor(
    () => prisma.variantBackorder.findUnique({ where: { shop_variantId: { shop: DEMO_SHOP, variantId } } }),
    (row) => row?.enabled === true && row.etaDate === eta,
    30_000,
  );
}

describe("orders in the demo", () => {
  it("GIVEN a variant on backorder with holds on WHEN shoppers buy it, the ETA slips and stock arrives THEN Shopify, the mailbox, the ledger and the dashboard follow", async () => {
    const store = stack.simulator.store;
    const primaryLocation = store.getShopData(DEMO_SHOP).primaryLocation().id;
    const activeProducts = new Set(
      (store.snapshot(DEMO_SHOP).products as Array<{ admin_graphql_api_id: string; status: string }>).filter((p) => p.status === "active").map((p) => p.admin_graphql_api_id),
    );
    const shopifyVariant = (id: string) => store.snapshot(DEMO_SHOP).variants.find((v) => v.id === id)!;
    const soldOut = await prisma.variant.findFirstOrThrow({
      where: { shop: DEMO_SHOP, backorderState: "sold_out", tracked: true, inventoryPolicy: "DENY", productId: { in: [...activeProducts] } },
      orderBy: { id: "asc" },
    });
    const inStock = store
      .snapshot(DEMO_SHOP)
      .variants.find((v) => v.tracked && v.inventoryPolicy === "DENY" && v.productId !== soldOut.productId && activeProducts.has(v.productId) && (v.available[`gid://shopify/Location/${primaryLocation}`] ?? 0) >= 5);
    expect(inStock, "an in-stock variant at the primary location").toBeDefined();
    await prisma.shopSettings.upsert({ where: { shop: DEMO_SHOP }, create: { shop: DEMO_SHOP, holdBackorderedLines: true }, update: { holdBackorderedLines: true } });

    // Before any order: the dashboard tells the merchant how to take a first backorder.
    await page.goto(adminAppPath(stack.simulator.url));
    await app.getByText("No backordered orders yet").waitFor({ timeout: 30_000 });
    await saveScreenshot(page, "orders-dashboard-before.png");

    // 1. The merchant sells the sold-out variant on backorder, shipping by ETA_PROMISED; Shopify continues selling.
    await saveVariantEta(soldOut.id, ETA_PROMISED, { enable: true });
    await waitFor(async () => shopifyVariant(soldOut.id).inventoryPolicy, (policy) => policy === "CONTINUE", 30_000);
    await waitFor(() => prisma.variant.findUniqueOrThrow({ where: { shop_id: { shop: DEMO_SHOP, id: soldOut.id } } }), (v) => v.inventoryPolicy === "CONTINUE");
    await saveScreenshot(page, "orders-variant-on-backorder.png");

    // 2. A shopper who saw the notice buys 2 on backorder (with the `Backorder` property) and 1 in-stock item.
    const first = (await simPost("/checkout", {
      lines: [
        { variantId: soldOut.id, quantity: 2, properties: { Backorder: `Ships by ${shipDate(ETA_PROMISED)}` } },
        { variantId: inStock!.id, quantity: 1 },
      ],
      email: WITH_NOTICE,
    })) as CheckoutOrder;
    const firstBackordered = first.line_items.find((l) => String(l.variant_id) === numericId(soldOut.id))!.admin_graphql_api_id;
    const firstInStock = first.line_items.find((l) => String(l.variant_id) === numericId(inStock!.id))!.admin_graphql_api_id;

    // THEN the ledger owes exactly the backordered line, with the ETA promised at order time
    const [firstLine] = await waitFor(() => prisma.backorderLine.findMany({ where: { shop: DEMO_SHOP, orderId: first.admin_graphql_api_id } }), (rows) => rows.length > 0, 30_000);
    expect(firstLine).toMatchObject({ lineItemId: firstBackordered, variantId: soldOut.id, quantityBackordered: 2, etaPromised: ETA_PROMISED, sawNotice: true, status: "open" });
    expect(await prisma.backorderLine.count({ where: { shop: DEMO_SHOP, orderId: first.admin_graphql_api_id } })).toBe(1);

    // AND Shopify shows the tag, the ETA note and metafield, the backordered part split off and held, the rest open
    const tagged = await waitFor(
      () => readShopifyOrder(first.admin_graphql_api_id),
      (o) => o.tags.includes("backorder") && fulfillmentOf(o, firstBackordered).every((fo) => fo.status === "ON_HOLD" && fo.heldByApp) && !!o.etaMetafield,
      30_000,
    );
    expect(tagged.tags).not.toContain("backorder-review");
    expect(tagged.note).toContain(`2 × ${firstLine.productTitle}`);
    expect(tagged.note).toContain(`ships by ${ETA_PROMISED}`);
    expect(JSON.parse(tagged.etaMetafield!.value)).toEqual([expect.objectContaining({ lineItemId: firstBackordered, quantity: 2, eta: ETA_PROMISED })]);
    expect(fulfillmentOf(tagged, firstBackordered)).toEqual([{ status: "ON_HOLD", heldByApp: true, lineItems: [firstBackordered], remaining: 2 }]);
    expect(fulfillmentOf(tagged, firstInStock)).toEqual([{ status: "OPEN", heldByApp: false, lineItems: [firstInStock], remaining: 1 }]);

    // AND the shopper gets the backorder confirmation with the ship date
    const confirmation = await waitForMail(WITH_NOTICE, new RegExp(`Your order ${first.name}: backordered items`));
    expect(confirmation.text).toContain(`Ships by ${shipDate(ETA_PROMISED)}`);
    expect(confirmation.text).toContain(firstLine.productTitle!);
    await page.goto(`${stack.simulator.url}/mailbox/${encodeURIComponent(confirmation.id)}`);
    await saveScreenshot(page, "orders-backorder-confirmation-email.png");

    // 3. A quick-add order (no `Backorder` property: the shopper never saw the notice) is flagged for review.
    const second = (await simPost("/checkout", { lines: [{ variantId: soldOut.id, quantity: 1 }], email: QUICK_ADD })) as CheckoutOrder;
    const secondLineItem = second.line_items[0].admin_graphql_api_id;
    const flagged = await waitFor(
      () => readShopifyOrder(second.admin_graphql_api_id),
      (o) => o.tags.includes("backorder-review") && o.tags.includes("backorder") && fulfillmentOf(o, secondLineItem).some((fo) => fo.heldByApp),
      30_000,
    );
    expect(fulfillmentOf(flagged, secondLineItem)).toEqual([{ status: "ON_HOLD", heldByApp: true, lineItems: [secondLineItem], remaining: 1 }]);
    const quickAddConfirmation = await waitForMail(QUICK_ADD, new RegExp(`Your order ${second.name}: backordered items`));
    expect(quickAddConfirmation.text).toContain(`Ships by ${shipDate(ETA_PROMISED)}`);
    const secondLine = await prisma.backorderLine.findFirstOrThrow({ where: { shop: DEMO_SHOP, orderId: second.admin_graphql_api_id } });
    expect(secondLine).toMatchObject({ quantityBackordered: 1, sawNotice: false, etaPromised: ETA_PROMISED });
    await page.goto(`${stack.simulator.url}/simulator/orders?shop=${DEMO_SHOP}`);
    await page.locator(`tr[data-order-name="${second.name}"] [data-status="ON_HOLD"]`).waitFor();
    await saveScreenshot(page, "orders-simulator-held.png");

    // The dashboard moved: two open orders owing three units.
    await expectDashboard(2, 3, "orders-dashboard-owed.png");

    // 4. The supplier slips: a later ETA sends one delay email per affected line, each with a cancellation link.
    await saveVariantEta(soldOut.id, ETA_LATER, { enable: false });
    const delayToNotice = await waitForMail(WITH_NOTICE, new RegExp(`Your order ${first.name} is delayed`));
    const delayToQuickAdd = await waitForMail(QUICK_ADD, new RegExp(`Your order ${second.name} is delayed`));
    for (const delay of [delayToNotice, delayToQuickAdd]) {
      expect(delay.text).toContain(`The new estimated ship date is ${shipDate(ETA_LATER)}`);
      expect(delay.text).toContain(`expected to ship by ${shipDate(ETA_PROMISED)}`);
    }
    await waitFor(
      () => prisma.backorderLine.findMany({ where: { shop: DEMO_SHOP, variantId: soldOut.id }, orderBy: { orderedAt: "asc" } }),
      (rows) => rows.length === 2 && rows.every((r) => r.etaCurrent === ETA_LATER && r.delayNoticeCount === 1),
    );
    expect(await prisma.emailMessage.count({ where: { shop: DEMO_SHOP, kind: "delay_notice" } })).toBe(2);
    // AND the orders in Shopify carry the new date (note and metafield), like the emails
    for (const order of [first, second]) {
      const renoted = await waitFor(() => readShopifyOrder(order.admin_graphql_api_id), (o) => o.note?.includes(`ships by ${ETA_LATER}`) ?? false, 20_000);
      expect(renoted.note).not.toContain(ETA_PROMISED);
      expect(JSON.parse(renoted.etaMetafield!.value)).toEqual([expect.objectContaining({ eta: ETA_LATER })]);
    }
    await page.goto(`${stack.simulator.url}/mailbox/${encodeURIComponent(delayToNotice.id)}`);
    await saveScreenshot(page, "orders-delay-email.png");

    // 5. The first shopper would rather not wait: the link's page asks, the POST records the request.
    const cancelUrl = /https?:\/\/\S+\/orders\/cancel-request\/[A-Za-z0-9._~-]+/.exec(delayToNotice.text)?.[0];
    expect(cancelUrl, delayToNotice.text).toBeDefined();
    expect(delayToQuickAdd.text).not.toContain(cancelUrl!); // each line has its own link
    const shopperPage = await browser.newPage({ userAgent: DESKTOP_USER_AGENT });
    await shopperPage.goto(cancelUrl!);
    await shopperPage.getByRole("heading", { name: "Request cancellation" }).waitFor();
    expect(await prisma.cancellationRequest.count({ where: { shop: DEMO_SHOP } })).toBe(0); // the GET changes nothing
    await shopperPage.getByLabel("Reason (optional)").fill(CANCEL_REASON);
    await Promise.all([shopperPage.waitForLoadState(), shopperPage.getByRole("button", { name: "Request cancellation" }).click()]);
    await shopperPage.getByRole("heading", { name: "Cancellation requested" }).waitFor();
    await saveScreenshot(shopperPage, "orders-cancel-requested.png");
    await shopperPage.close();
    expect(await prisma.cancellationRequest.findFirstOrThrow({ where: { shop: DEMO_SHOP } })).toMatchObject({
      backorderLineId: firstLine.id,
      orderId: first.admin_graphql_api_id,
      reason: CANCEL_REASON,
      status: "requested",
    });

    // AND the merchant sees it on the Cancellations page of the embedded admin
    await page.goto(adminAppPath(stack.simulator.url));
    await app.getByRole("heading", { name: "Backordered orders" }).waitFor({ timeout: 30_000 });
    await page.getByRole("link", { name: "Cancellations" }).click();
    await app.getByText(CANCEL_REASON).waitFor({ timeout: 30_000 });
    await app.getByText(first.name, { exact: true }).first().waitFor();
    await app.getByText(WITH_NOTICE).waitFor();
    await saveScreenshot(page, "orders-cancellations.png");

    // 6. Stock arrives (available −3 → 5): the oldest lines get it, the holds go, "shipping soon" goes out.
    expect(shopifyVariant(soldOut.id).availableTotal).toBe(-3);
    await simPost("/inventory", { variantId: soldOut.id, available: 5 });
    await waitFor(
      () => prisma.backorderLine.findMany({ where: { shop: DEMO_SHOP, variantId: soldOut.id }, orderBy: { orderedAt: "asc" } }),
      (rows) => rows.map((r) => r.quantityAllocated).join() === "2,1" && rows.every((r) => r.holdStatus === "released"),
      30_000,
    );
    for (const [order, lineItemId] of [[first, firstBackordered], [second, secondLineItem]] as const) {
      const released = await readShopifyOrder(order.admin_graphql_api_id);
      expect(fulfillmentOf(released, lineItemId).map((fo) => [fo.status, fo.heldByApp])).toEqual([["OPEN", false]]);
    }
    const shippingSoon = await waitForMail(WITH_NOTICE, /is on its way soon/);
    expect(shippingSoon.text).toContain(first.name);
    await waitForMail(QUICK_ADD, /is on its way soon/);

    // 7. The merchant ships the first order: its line is resolved, nothing is owed, the tag goes.
    await simPost(`/orders/${first.id}/fulfill`, {});
    const resolved = await waitFor(
      () => prisma.backorderLine.findUniqueOrThrow({ where: { id: firstLine.id } }),
      (row) => row.status === "fulfilled",
      30_000,
    );
    expect(resolved).toMatchObject({ quantityResolved: 2, resolvedAt: expect.any(Date) });
    await waitFor(() => prisma.backorderOrder.findUniqueOrThrow({ where: { shop_orderId: { shop: DEMO_SHOP, orderId: first.admin_graphql_api_id } } }), (o) => o.status === "closed");
    await waitFor(() => readShopifyOrder(first.admin_graphql_api_id), (o) => !o.tags.includes("backorder"), 30_000);
    expect((await prisma.backorderLine.findUniqueOrThrow({ where: { id: secondLine.id } })).status).toBe("open");

    // The dashboard moved again (one order, one unit still owed), and the simulator's orders page shows it all.
    await expectDashboard(1, 1, "orders-dashboard-after.png");
    await page.goto(`${stack.simulator.url}/simulator/orders?shop=${DEMO_SHOP}`);
    await page.locator(`tr[data-order-name="${first.name}"] [data-status="CLOSED"]`).first().waitFor();
    await saveScreenshot(page, "orders-simulator.png");

    // Each shopper got each email once: confirmation, delay, shipping soon (the quick-add order: its confirmation too).
    for (const address of [WITH_NOTICE, QUICK_ADD]) {
      expect(mailsTo(address, /backordered items/)).toHaveLength(1);
      expect(mailsTo(address, /is delayed/)).toHaveLength(1);
      expect(mailsTo(address, /is on its way soon/)).toHaveLength(1);
    }
  });
});
