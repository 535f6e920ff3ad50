// The restock-alert story end to end, as in the demo: a shopper signs up on a sold-out variant in the simulator's
// storefront, confirms from the email in the simulator's mailbox (a real SMTP server), the merchant restocks in the
// simulated Shopify (inventory_levels/update → the app), the back-in-stock email arrives, its "Buy" link fills the
// cart, and the mail client's RFC 8058 one-click POST unsubscribes.
// @sqlite-only: Chromium end to end against the built app, kept to one browser pass for `npm test` time; its signup, restock, email and unsubscribe paths run on PostgreSQL in signup, restock-alerts, email-delivery and unsubscribe
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser } from "playwright-core";
import prisma from "../../app/db.server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import type { MailboxMessage } from "../../simulator/mailbox";
import { DESKTOP_USER_AGENT, launchChromium } from "../support/browser";
import { saveScreenshot, startInstalledDemoStack, waitFor, type DemoStack } from "../support/demo-stack";
import en from "../../extensions/backorders-theme/locales/en.default.json";

let stack: DemoStack;
let browser: Browser;
const SHOPPER = "alert-shopper@example.com";

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  await waitFor(() => prisma.variant.count({ where: { shop: DEMO_SHOP, backorderState: "sold_out" } }), (n) => n > 0);
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

const mailbox = () => stack.simulator.mailbox!;
const mailTo = (address: string, subject: RegExp) => (message: MailboxMessage) =>
  message.envelope.to.includes(address) && subject.test(message.subject);
const linkIn = (message: MailboxMessage, pattern: RegExp): string => {
  const match = pattern.exec(message.text);
  if (!match) throw new Error(`No link matching ${pattern} in:\n${message.text}`);
  return match[0];
};

describe("restock alerts in the demo", () => {
  it("GIVEN a sold-out variant WHEN a shopper signs up, confirms, and it is restocked THEN one back-in-stock email arrives and one click unsubscribes", async () => {
    const variant = await prisma.variant.findFirstOrThrow({ where: { shop: DEMO_SHOP, backorderState: "sold_out", tracked: true } });
    const product = await prisma.product.findUniqueOrThrow({ where: { shop_id: { shop: DEMO_SHOP, id: variant.productId } } });
    const numericId = variant.id.split("/").pop()!;
    const page = await browser.newPage({ userAgent: DESKTOP_USER_AGENT });

    // 1. Signup on the storefront (through Shopify's signed app proxy).
    await page.goto(`${stack.simulator.url}/storefront/backorders-demo/products/${product.handle}?variant=${numericId}`);
    await page.locator("backorder-notify").waitFor();
    await page.fill('backorder-notify [name="email"]', SHOPPER);
    const consent = page.locator('backorder-notify [name="consent"]');
    if (await consent.count()) await consent.check();
    await page.waitForTimeout(2100); // a human takes longer than the 2 s minimum fill time
    await page.click("backorder-notify [type=submit]");
    await expect.poll(() => page.textContent("backorder-notify [data-bo-status]"), { timeout: 15_000 }).toBe(en.backorders.notify.success);

    // 2. Double opt-in: the confirmation email, opened from the mailbox page; the link's GET changes nothing.
    const confirmation = await mailbox().waitFor(mailTo(SHOPPER, /confirm/i), 20_000);
    await page.goto(`${stack.simulator.url}/mailbox`);
    await page.getByText(confirmation.subject).first().click();
    await saveScreenshot(page, "alerts-mailbox-confirmation.png");
    const confirmUrl = linkIn(confirmation, /https?:\/\/\S+\/alerts\/confirm\/[A-Za-z0-9._-]+/);
    await page.goto(confirmUrl);
    const subscription = () => prisma.restockSubscription.findFirstOrThrow({ where: { shop: DEMO_SHOP, variantId: variant.id, emailNormalized: SHOPPER } });
    expect((await subscription()).status).toBe("pending");
    await page.getByRole("button").click();
    await page.waitForLoadState();
    await saveScreenshot(page, "alerts-confirmed.png");
    expect((await subscription()).status).toBe("active");

    // 3. The merchant restocks 3 units in Shopify: the webhook reaches the app, the batch sends the alert.
    const restock = await fetch(`${stack.simulator.url}/_sim/${DEMO_SHOP}/inventory`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ variantId: variant.id, available: 3 }),
    });
    expect(restock.status).toBe(200);
    const alert = await mailbox().waitFor((m) => m.envelope.to.includes(SHOPPER) && m.id !== confirmation.id, 30_000);
    expect(alert.subject).toContain(product.title);
    expect(alert.html).toContain(product.title);
    expect((await subscription()).status).toBe("notified");

    // 4. "Buy now" adds the variant to the cart (Shopify's cart permalink, served by the simulator storefront).
    const buyUrl = linkIn(alert, new RegExp(`https?://\\S+/cart/${numericId}:1`));
    await page.goto(buyUrl);
    await expect.poll(async () => (await (await page.request.get(`${stack.simulator.url}/storefront/backorders-demo/cart.js`)).json()).items?.map((i: { variant_id: number }) => String(i.variant_id))).toContain(numericId);
    await page.goto(`${stack.simulator.url}/mailbox/${encodeURIComponent(alert.id)}`);
    await saveScreenshot(page, "alerts-back-in-stock-email.png");

    // 5. RFC 8058: the mail client POSTs "List-Unsubscribe=One-Click" to the header's URL, without cookies.
    expect(alert.headers["list-unsubscribe-post"]).toBe("List-Unsubscribe=One-Click");
    const unsubscribeUrl = /<(https?:\/\/[^>]+)>/.exec(alert.headers["list-unsubscribe"])![1];
    const oneClick = await fetch(unsubscribeUrl, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    expect(oneClick.status).toBe(200);
    expect((await subscription()).status).toBe("unsubscribed");

    // Exactly two emails reached this shopper: the confirmation and the alert.
    expect(mailbox().messages().filter((m) => m.envelope.to.includes(SHOPPER))).toHaveLength(2);
    await page.close();
  });
});
