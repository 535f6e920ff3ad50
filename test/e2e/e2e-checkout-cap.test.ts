// The checkout-enforced backorder cap as a shopper meets it (issue 16), in Chromium on the simulator's storefront
// preview, with the built app installed on the demo shop (so the app registered its validation and publishes the
// sellable figure). A variant is on backorder with a cap that leaves 5; the shopper puts 8 in the cart and checks out:
// the checkout shows the validation function's message next to the line, in the shopper's language, and places no
// order; the shopper lowers the quantity to 5 and the order goes through (and reaches the app's ledger).
// @sqlite-only: Chromium end to end against the built app, one browser pass; the function's rule and messages are unit-tested on the built module
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import prisma from "../../app/db.server";
import { addCalendarDays, todayIn } from "../../app/domain/eta";
import { getShopSettings } from "../../app/services/shop-settings.server";
import { DEMO_SHOP } from "../../scripts/demo-env";
import { DESKTOP_USER_AGENT, launchChromium } from "../support/browser";
import { capBackorders, publishedSellable, registeredValidations, soldOutVariants, waitForIdleJobs } from "../support/checkout-cap";
import { saveScreenshot, startInstalledDemoStack, waitFor, type DemoStack } from "../support/demo-stack";

const CAP = 5;
const WANTED = 8;

let stack: DemoStack;
let browser: Browser;
let eta = "";
let variants: { en: string; de: string };

beforeAll(async () => {
  stack = await startInstalledDemoStack();
  await waitForIdleJobs(prisma);
  eta = addCalendarDays(todayIn((await getShopSettings(DEMO_SHOP)).timeZone, new Date()), 30);
  const [en, de] = soldOutVariants(stack.simulator, DEMO_SHOP, 2);
  variants = { en, de };
  for (const variantId of [en, de]) await capBackorders({ appUrl: stack.appUrl, simulator: stack.simulator, shop: DEMO_SHOP, variantId, cap: CAP, eta });
  await waitFor(() => registeredValidations(stack.simulator.url, DEMO_SHOP, prisma), (list) => list.some((v) => v.enabled), 30_000);
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

/** The ETA as the function writes it for the buyer's language. */
const writtenEta = (locale: "en-US" | "de-DE") => new Intl.DateTimeFormat(locale, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${eta}T00:00:00Z`));

const expectedMessage = {
  en: () => `Only ${CAP} of this item can be ordered right now (backordered units ship by ${writtenEta("en-US")}). Lower the quantity to ${CAP} to check out.`,
  de: () =>
    `Von diesem Artikel können derzeit nur ${CAP} Stück bestellt werden (nachbestellte Einheiten werden bis zum ${writtenEta("de-DE")} versandt). ` +
    `Bitte reduziere die Menge auf ${CAP}, um zur Kasse zu gehen.`,
};

/** A new shopper on the variant's product page (cart page flavour: adding goes to /cart), in `locale`. */
async function openProduct(variantId: string, locale: "en" | "de"): Promise<Page> {
  const data = stack.simulator.store.getShopData(DEMO_SHOP);
  const variant = data.variants.get(Number(variantId.split("/").pop()))!;
  const context = await browser.newContext({ userAgent: DESKTOP_USER_AGENT, viewport: { width: 1200, height: 900 }, locale: locale === "de" ? "de-DE" : "en-US" });
  const page = await context.newPage();
  const query = new URLSearchParams({ variant: String(variant.id), cart_type: "page", ...(locale === "en" ? {} : { locale }) });
  await page.goto(`${stack.simulator.url}/storefront/backorders-demo/products/${data.productOf(variant).handle}?${query}`);
  return page;
}

/** Puts `quantity` in the cart from the product form, fills the email and presses Check out on the cart page. */
async function addAndCheckOut(page: Page, quantity: number, email: string) {
  await page.locator("#quantity").fill(String(quantity));
  await Promise.all([page.waitForURL(/\/cart(\?|$)/), page.click('button[name="add"]')]);
  await page.locator("#checkout-email").fill(email);
  await Promise.all([page.waitForLoadState("domcontentloaded"), page.getByRole("button", { name: "Check out" }).click()]);
}

async function shopperHitsTheCap(locale: "en" | "de") {
  const variantId = variants[locale];
  const email = `capped-${locale}@example.com`;
  const ordersBefore = stack.simulator.store.getShopData(DEMO_SHOP).orders.size;
  const page = await openProduct(variantId, locale);
  await addAndCheckOut(page, WANTED, email);

  // THEN the checkout refuses: the function's message, in the shopper's language, next to the line; no order
  const alert = page.locator(`[data-cart-line] [data-validation-error][role="alert"]`);
  await alert.waitFor();
  expect(await alert.allTextContents()).toEqual([expectedMessage[locale]()]);
  expect(await page.locator("h1").textContent()).not.toContain("Thank you");
  expect(stack.simulator.store.getShopData(DEMO_SHOP).orders.size).toBe(ordersBefore);
  expect(publishedSellable(stack.simulator, DEMO_SHOP, variantId)).toBe(CAP);
  await saveScreenshot(page, `checkout-cap-refused-${locale}.png`);

  // WHEN the shopper lowers the quantity to what can still be ordered and checks out again
  const quantity = page.locator("[data-cart-line] input[data-line-quantity]");
  expect(await quantity.inputValue()).toBe(String(WANTED));
  expect(await page.locator("#checkout-email").inputValue()).toBe(email); // kept from the first try
  await quantity.fill(String(CAP));
  await Promise.all([page.waitForLoadState("domcontentloaded"), page.getByRole("button", { name: "Check out" }).click()]);

  // THEN the order goes through for those units, and the app records them as backordered
  const orderName = await page.locator("[data-order-name]").textContent({ timeout: 15_000 });
  expect(orderName).toMatch(/^#\d+$/);
  expect(await page.locator("[data-order-line] td:nth-child(2)").allTextContents()).toEqual([String(CAP)]);
  expect(await page.locator('[role="alert"][data-validation-error]').count()).toBe(0);
  await saveScreenshot(page, `checkout-cap-ordered-${locale}.png`);
  const line = await waitFor(() => prisma.backorderLine.findFirst({ where: { shop: DEMO_SHOP, variantId, customerEmail: email } }), (row) => row !== null, 30_000);
  expect(line).toMatchObject({ quantityBackordered: CAP, etaPromised: eta });
  // The cap is used up: the app publishes that nothing is left.
  await waitFor(async () => publishedSellable(stack.simulator, DEMO_SHOP, variantId), (n) => n === 0, 30_000);
  await page.context().close();
}

describe("a shopper meets the backorder cap at checkout", () => {
  it("GIVEN 5 left to backorder WHEN a shopper checks out 8 THEN checkout shows the function's message; with 5 the order goes through", async () => {
    await shopperHitsTheCap("en");
  });

  it("GIVEN a German storefront THEN the message is German", async () => {
    await shopperHitsTheCap("de");
  });
});
