// The app embed in a real browser against the simulator's storefront (no app needed): the cart notice follows the
// Dawn-like AJAX cart drawer and Horizon-style `cart:update` events without reloads, collection cards get
// backorder / sold-out badges, scripts load only where they have work, and cart permalinks fill the cart.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { toGid } from "../../simulator/store";
import { DESKTOP_USER_AGENT, launchChromium } from "../support/browser";
import { saveScreenshot } from "../support/demo-stack";
import en from "../../extensions/backorders-theme/locales/en.default.json";
import de from "../../extensions/backorders-theme/locales/de.json";

const SHOP = "backorders-demo.myshopify.com";
const HANDLE = "classic-crew-tee";
const PROPERTY = "Ships by March 7, 2099";

let sim: RunningSimulator;
let browser: Browser;
let context: BrowserContext;
let base = "";
const ids = { inStock: 0, backorder: 0, soldOut: 0 };
const handles = { allBackorder: "", allSoldOut: "" };

beforeAll(async () => {
  sim = await startSimulator({ port: 0, host: "127.0.0.1", appUrl: "http://127.0.0.1:9", apiKey: "k", apiSecret: "s", seed: "demo", shops: [SHOP] });
  const data = sim.store.getShopData(SHOP);
  const gid = (id: number) => toGid("ProductVariant", id);
  const stock = (id: number, policy: "DENY" | "CONTINUE", available: number) => {
    sim.store.updateVariant(SHOP, gid(id), { inventoryPolicy: policy });
    sim.store.setAvailable(SHOP, { variantId: gid(id), available });
    for (const level of data.itemOf(data.variants.get(id)!).levels) if (level.locationId !== data.primaryLocation().id) level.available = 0;
  };
  const set = (id: number, key: string, type: string, value: string) =>
    sim.store.upsertMetafield(data, { ownerGid: gid(id), ownerType: "PRODUCTVARIANT", namespace: sim.store.appNamespace(), key, type, value });

  // Classic Crew Tee is mixed (XS in stock, S backordered with an ETA, M sold out): no badge.
  const products = [...data.products.values()].filter((p) => p.status === "ACTIVE");
  const tee = products.find((p) => p.handle === HANDLE)!;
  const [xs, s, m] = data.variantsOf(tee);
  Object.assign(ids, { inStock: xs.id, backorder: s.id, soldOut: m.id });
  stock(xs.id, "DENY", 20);
  stock(s.id, "CONTINUE", 0);
  set(s.id, "backorder_state", "single_line_text_field", "backorder");
  set(s.id, "backorder_eta", "date", "2099-03-07");
  stock(m.id, "DENY", 0);
  set(m.id, "backorder_state", "single_line_text_field", "sold_out");

  // One product entirely on backorder (ETAs: the later one is promised), one entirely sold out.
  const [allBackorder, allSoldOut] = products.filter((p) => p !== tee);
  handles.allBackorder = allBackorder.handle;
  handles.allSoldOut = allSoldOut.handle;
  data.variantsOf(allBackorder).forEach((v, i) => {
    stock(v.id, "CONTINUE", 0);
    set(v.id, "backorder_state", "single_line_text_field", "backorder");
    set(v.id, "backorder_eta", "date", i === 0 ? "2099-03-07" : "2099-02-01");
  });
  data.variantsOf(allSoldOut).forEach((v) => stock(v.id, "DENY", 0));

  base = `${sim.url}/storefront/backorders-demo`;
  browser = await launchChromium();
  context = await browser.newContext({ userAgent: DESKTOP_USER_AGENT, viewport: { width: 1200, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await sim?.close();
});

/** A fresh shopper (own cart cookie) on `path`, recording the requests the page makes. */
async function open(path: string): Promise<{ page: Page; requests: string[] }> {
  const page = await (await browser.newContext({ userAgent: DESKTOP_USER_AGENT, viewport: { width: 1200, height: 900 } })).newPage();
  const requests: string[] = [];
  page.on("request", (r) => requests.push(new URL(r.url()).pathname));
  await page.goto(`${base}${path}`);
  await page.waitForLoadState("networkidle");
  // Marks this document: still there after the cart changes means no reload happened.
  await page.evaluate(() => ((window as unknown as { __noReload: boolean }).__noReload = true));
  return { page, requests };
}

const stillSameDocument = (page: Page) => page.evaluate(() => (window as unknown as { __noReload?: boolean }).__noReload === true);
const drawerNotice = (page: Page) => page.locator("cart-drawer [data-bo-cart-notice]");

describe("cart notice with an AJAX cart drawer", () => {
  it("Dawn: adding a backordered variant shows the notice with its ETA in the drawer; removing it hides the notice", async () => {
    const { page, requests } = await open(`/products/${HANDLE}?variant=${ids.backorder}`);
    expect(requests).toContain("/storefront/assets/cart-notice.js");
    expect(requests).not.toContain("/storefront/assets/card-badges.js");
    await expect.poll(() => page.inputValue('input[name="properties[Backorder]"]')).toBe(PROPERTY);

    await page.click('button[name="add"]');
    await page.locator("cart-drawer:not([hidden])").waitFor();
    await expect.poll(() => drawerNotice(page).count()).toBe(1);
    await expect.poll(() => drawerNotice(page).locator("li").textContent()).toBe(`Classic Crew Tee (S): ${PROPERTY}`);
    expect(await drawerNotice(page).locator(".bo-cart-notice__title").textContent()).toBe(en.backorders.cart.heading);
    expect(await drawerNotice(page).isVisible()).toBe(true);
    // The theme re-rendered the drawer's innerHTML after our insert: the notice is still inside, once.
    expect(await page.locator("#CartDrawer [data-bo-cart-notice]").count()).toBe(1);
    expect(await stillSameDocument(page)).toBe(true);
    await saveScreenshot(page, "storefront-drawer-backorder-notice.png");

    // An in-stock line alongside: the notice lists only the backordered one.
    await page.keyboard.press("Escape");
    await page.selectOption('select[name="id"]', String(ids.inStock));
    await page.click('button[name="add"]');
    await expect.poll(() => page.locator("cart-drawer [data-cart-line]").count()).toBe(2);
    await expect.poll(() => drawerNotice(page).locator("li").allTextContents()).toEqual([`Classic Crew Tee (S): ${PROPERTY}`]);

    await page.click(`cart-drawer [data-cart-line][data-variant-id="${ids.backorder}"] .cart-remove-button`);
    await expect.poll(() => page.locator("cart-drawer [data-cart-line]").count()).toBe(1);
    await expect.poll(() => drawerNotice(page).count()).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);
    expect(requests.filter((r) => r.endsWith("/cart/change.js"))).toHaveLength(1);
    await saveScreenshot(page, "storefront-drawer-notice-removed.png");
    await page.context().close();
  });

  it("Horizon: a `cart:update` event carrying the cart updates the notice, in the shopper's language", async () => {
    const { page, requests } = await open(`/products/${HANDLE}?theme=horizon&locale=de&variant=${ids.backorder}`);
    await expect.poll(() => page.inputValue('input[name="properties[Backorder]"]')).toBe("Versand bis 07.03.2099");
    await page.click('button[name="add"]');
    await expect.poll(() => drawerNotice(page).locator("li").textContent()).toBe("Classic Crew Tee (S): Versand bis 07.03.2099");
    expect(await drawerNotice(page).locator(".bo-cart-notice__title").textContent()).toBe(de.backorders.cart.heading);
    await page.click("cart-drawer .cart-remove-button");
    await expect.poll(() => drawerNotice(page).count()).toBe(0);
    expect(await stillSameDocument(page)).toBe(true);

    // The event alone is enough: a cart carried in `detail.resource` is rendered without reading /cart.js.
    await page.waitForLoadState("networkidle");
    const before = requests.length;
    await page.evaluate(() =>
      document.dispatchEvent(
        new CustomEvent("cart:update", { detail: { resource: { items: [{ product_title: "Wool Beanie", variant_title: null, properties: { Backorder: "Versand in 3 Tagen" } }] } } }),
      ),
    );
    await expect.poll(() => drawerNotice(page).locator("li").textContent()).toBe("Wool Beanie: Versand in 3 Tagen");
    await page.waitForTimeout(100);
    expect(requests.slice(before)).toEqual([]);
    await page.context().close();
  });

  it("cart page: the server-rendered notice follows lines removed via fetch and added via XHR", async () => {
    const { page: product } = await open(`/products/${HANDLE}?cart_type=page&variant=${ids.backorder}`);
    await Promise.all([product.waitForURL(/\/cart$/), product.click('button[name="add"]')]);
    await product.waitForFunction(() => !!document.querySelector('script[src$="cart-notice.js"]'));
    await product.waitForLoadState("networkidle");
    const notice = product.locator("[data-bo-cart-notice]");
    expect(await notice.isVisible()).toBe(true);
    // Its place: right before the cart form.
    expect(await product.evaluate(() => document.querySelector("[data-bo-cart-notice]")?.nextElementSibling?.id)).toBe("cart");
    await product.evaluate(async (url) => {
      await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ line: 1, quantity: 0 }) });
    }, `${base}/cart/change.js`);
    await expect.poll(() => notice.count()).toBe(0);
    // A jQuery-era theme adding through XHR brings it back.
    await product.evaluate(
      ([url, id, property]) =>
        new Promise<void>((resolve) => {
          const xhr = new XMLHttpRequest();
          xhr.open("POST", url);
          xhr.setRequestHeader("Content-Type", "application/x-www-form-urlencoded");
          xhr.onloadend = () => resolve();
          xhr.send(`id=${id}&quantity=1&properties%5BBackorder%5D=${encodeURIComponent(property)}`);
        }),
      [`${base}/cart/add.js`, String(ids.backorder), PROPERTY] as const,
    );
    await expect.poll(() => notice.locator("li").textContent()).toBe(`Classic Crew Tee (S): ${PROPERTY}`);
    expect(await notice.isVisible()).toBe(true);
    await product.context().close();
  });

  it("the theme's failing fetch still fails for the theme (the observer swallows nothing)", async () => {
    const { page } = await open(`/products/${HANDLE}`);
    await page.waitForFunction(() => !!(window as unknown as { __boCart?: number }).__boCart);
    const outcome = await page.evaluate(async (url) => {
      const res = await fetch(url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ id: 1, quantity: 1 }) });
      const thrown = await fetch("http://127.0.0.1:9/cart/add.js", { method: "POST" }).then(() => "resolved", (e: Error) => e.name);
      return { status: res.status, body: await res.json(), thrown };
    }, `${base}/cart/add.js`);
    expect(outcome).toEqual({ status: 404, body: expect.objectContaining({ message: "Cart Error" }), thrown: "TypeError" });
    await page.context().close();
  });
});

describe("collection badges", () => {
  it("puts the badge on the right cards, absolutely positioned over the media", async () => {
    const { page, requests } = await open("/collections/all");
    expect(requests).toContain("/storefront/assets/card-badges.js");
    const badge = (handle: string) => page.locator(`[data-product-handle="${handle}"] .bo-badge`);
    await expect.poll(() => badge(handles.allBackorder).textContent()).toBe("Backorder · ships by March 7, 2099");
    expect(await badge(handles.allBackorder).getAttribute("data-bo-badge")).toBe("backorder");
    expect(await badge(handles.allSoldOut).textContent()).toBe(en.backorders.badge.sold_out);
    expect(await badge(HANDLE).count()).toBe(0);
    // Every badge on the page, by card: ours plus the demo seed's own sold-out tote and ETA-less backordered bottle.
    const all = await page.locator(".bo-badge").evaluateAll((els) =>
      Object.fromEntries(els.map((el) => [el.closest("[data-product-handle]")?.getAttribute("data-product-handle"), el.textContent])),
    );
    expect(all).toEqual({
      [handles.allBackorder]: "Backorder · ships by March 7, 2099",
      [handles.allSoldOut]: "Sold out",
      "canvas-tote": "Sold out",
      "insulated-bottle": en.backorders.badge.backorder,
    });
    expect(await page.locator(`[data-product-handle="${handles.allBackorder}"] [data-bo-badge]`).count()).toBe(1);
    const placement = await badge(handles.allSoldOut).evaluate((el) => ({
      position: getComputedStyle(el).position,
      inMedia: el.parentElement?.classList.contains("card__inner"),
    }));
    expect(placement).toEqual({ position: "absolute", inMedia: true });
    await saveScreenshot(page, "storefront-collection-badges.png");
    await page.context().close();
  });

  it("loads no badge or cart script on a product page with nothing for them to do", async () => {
    const { page, requests } = await open(`/products/${HANDLE}?cart_type=page`);
    expect(requests.filter((r) => r.startsWith("/storefront/assets/"))).toEqual(["/storefront/assets/backorders.css", "/storefront/assets/availability.js"]);
    expect(await page.evaluate(() => typeof (window as unknown as { __boCart?: number }).__boCart)).toBe("undefined");
    await page.context().close();
  });
});

describe("cart permalink", () => {
  it("adds the variants and shows the cart page", async () => {
    const { page } = await open(`/cart/${ids.inStock}:2,${ids.backorder}:1`);
    expect(new URL(page.url()).pathname).toBe("/storefront/backorders-demo/cart");
    expect(await page.locator(`[data-cart-line][data-variant-id="${ids.inStock}"] td:nth-child(2)`).textContent()).toBe("2");
    expect(await page.locator(`[data-cart-line][data-variant-id="${ids.backorder}"] td:nth-child(2)`).textContent()).toBe("1");
    await saveScreenshot(page, "storefront-cart-permalink.png");
    await page.context().close();
  });
});
