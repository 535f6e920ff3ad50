// The simulator's storefront preview in Chromium: Dawn-like and Horizon-like variant pickers driving the theme
// extension's availability block (without network requests), the Backorder line-item property through cart and
// checkout into the order, the notify-me form through the signed app proxy, and keyboard-only use.
import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { signAppProxyQuery } from "../../simulator/app-proxy";
import { toGid } from "../../simulator/store";
import { DESKTOP_USER_AGENT, launchChromium } from "../support/browser";
import { saveScreenshot } from "../support/demo-stack";
import en from "../../extensions/backorders-theme/locales/en.default.json";

const API_KEY = "storefront-preview-key";
const API_SECRET = "storefront-preview-secret";
const SHOP = "backorders-demo.myshopify.com";
const HANDLE = "classic-crew-tee";
const ETA_TEXT = "Backorder — ships by March 7, 2099";
const PROPERTY = "Ships by March 7, 2099";

type SnapshotOrder = {
  name: string;
  email: string;
  customer_locale: string | null;
  line_items: Array<{ variant_id: number; quantity: number; properties: Array<{ name: string; value: string }> }>;
};
type Recorded = { method: string; url: string; headers: IncomingHttpHeaders; body: string };

let proxyServer: Server;
const proxyRequests: Recorded[] = [];
let sim: RunningSimulator;
let browser: Browser;
let context: BrowserContext;
const ids = { inStock: 0, backorder: 0, soldOut: 0, low: 0 };
let base = "";

beforeAll(async () => {
  proxyServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      proxyRequests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body: Buffer.concat(chunks).toString("utf8") });
      const ok = (req.url ?? "").startsWith("/proxy/notify");
      res.writeHead(ok ? 200 : 404, { "Content-Type": "application/json" }).end(JSON.stringify(ok ? { ok: true } : { error: { code: "NOT_FOUND" } }));
    });
  });
  await new Promise<void>((resolve) => proxyServer.listen(0, "127.0.0.1", resolve));
  const appUrl = `http://127.0.0.1:${(proxyServer.address() as AddressInfo).port}`;
  sim = await startSimulator({ port: 0, host: "127.0.0.1", appUrl, apiKey: API_KEY, apiSecret: API_SECRET, seed: "demo", shops: [SHOP] });

  // Classic Crew Tee: XS in stock, S backordered with an ETA, M sold out, L low stock.
  const data = sim.store.getShopData(SHOP);
  const product = [...data.products.values()].find((p) => p.handle === HANDLE)!;
  const [xs, s, m, l] = data.variantsOf(product);
  Object.assign(ids, { inStock: xs.id, backorder: s.id, soldOut: m.id, low: l.id });
  const gid = (id: number) => toGid("ProductVariant", id);
  sim.store.updateVariant(SHOP, gid(xs.id), { inventoryPolicy: "DENY" });
  sim.store.setAvailable(SHOP, { variantId: gid(xs.id), available: 20 });
  sim.store.updateVariant(SHOP, gid(s.id), { inventoryPolicy: "CONTINUE" });
  sim.store.setAvailable(SHOP, { variantId: gid(s.id), available: 0 });
  sim.store.updateVariant(SHOP, gid(m.id), { inventoryPolicy: "DENY" });
  sim.store.setAvailable(SHOP, { variantId: gid(m.id), available: 0 });
  sim.store.updateVariant(SHOP, gid(l.id), { inventoryPolicy: "DENY" });
  sim.store.setAvailable(SHOP, { variantId: gid(l.id), available: 3 });
  for (const level of data.itemOf(s).levels.concat(data.itemOf(m).levels, data.itemOf(l).levels, data.itemOf(xs).levels)) {
    if (level.locationId !== data.primaryLocation().id) level.available = 0;
  }
  const set = (id: number, key: string, type: string, value: string) =>
    sim.store.upsertMetafield(data, { ownerGid: gid(id), ownerType: "PRODUCTVARIANT", namespace: sim.store.appNamespace(), key, type, value });
  set(s.id, "backorder_state", "single_line_text_field", "backorder");
  set(s.id, "backorder_eta", "date", "2099-03-07");
  set(m.id, "backorder_state", "single_line_text_field", "sold_out");

  base = `${sim.url}/storefront/backorders-demo`;
  browser = await launchChromium();
  context = await browser.newContext({ userAgent: DESKTOP_USER_AGENT, viewport: { width: 1200, height: 900 } });
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await sim?.close();
  await new Promise<void>((resolve) => (proxyServer ? proxyServer.close(() => resolve()) : resolve()));
});

async function openProduct(query = ""): Promise<{ page: Page; requests: string[] }> {
  const page = await context.newPage();
  const requests: string[] = [];
  page.on("request", (request) => requests.push(request.url()));
  await page.goto(`${base}/products/${HANDLE}${query}`);
  await page.waitForFunction(() => !!customElements.get("backorder-availability"));
  return { page, requests };
}

const statusText = (page: Page) => page.locator("[data-bo-text]").textContent();
const addButton = (page: Page) => page.locator('#product-form button[name="add"]');
/** The theme's add-to-cart button as a shopper sees it: its label and whether it can be pressed. */
const buttonState = async (page: Page) => ({ text: (await addButton(page).textContent())?.trim(), disabled: await addButton(page).isDisabled() });

/** Presses Tab until the focused element matches `selector` (keyboard-only navigation). */
async function tabTo(page: Page, selector: string, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
  }
  throw new Error(`Tab never reached ${selector}`);
}

describe("storefront preview", () => {
  it("serves the index, the collection with availability badges and the extension assets", async () => {
    const index = await fetch(`${sim.url}/storefront/backorders-demo`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain(`/storefront/backorders-demo/products/${HANDLE}`);
    const collection = await (await fetch(`${base}/collections/all`)).text();
    expect(collection).toMatch(new RegExp(`data-product-handle="${HANDLE}"[\\s\\S]*?data-state="in_stock">In stock<`));
    const asset = await fetch(`${sim.url}/storefront/assets/availability.js`);
    expect(asset.headers.get("content-type")).toContain("javascript");
    expect((await fetch(`${sim.url}/storefront/assets/..%2Fblocks%2Favailability.liquid`)).status).toBe(404);
  });

  it("Dawn: the variant select drives the availability block with zero network requests", async () => {
    const { page, requests } = await openProduct();
    expect(await statusText(page)).toBe("In stock");
    await page.waitForLoadState("networkidle");
    requests.length = 0;

    await page.selectOption('select[name="id"]', String(ids.backorder));
    await expect.poll(() => statusText(page)).toBe(ETA_TEXT);
    expect(await page.inputValue('input[name="properties[Backorder]"]')).toBe(PROPERTY);
    expect(await page.locator("backorder-notify").isHidden()).toBe(true);

    expect(await buttonState(page)).toEqual({ text: "Add to cart", disabled: false });

    await page.selectOption('select[name="id"]', String(ids.soldOut));
    await expect.poll(() => statusText(page)).toBe("Sold out");
    expect(await page.locator('input[name="properties[Backorder]"]').count()).toBe(0);
    expect(await page.locator("backorder-notify").isVisible()).toBe(true);
    // As Dawn does: the sold-out DENY variant cannot be added, and the button says why.
    expect(await buttonState(page)).toEqual({ text: "Sold out", disabled: true });

    await page.selectOption('select[name="id"]', String(ids.low));
    await expect.poll(() => statusText(page)).toBe("Only 3 left");
    expect(await buttonState(page)).toEqual({ text: "Add to cart", disabled: false });
    expect(requests).toEqual([]);
    await saveScreenshot(page, "storefront-dawn-low-stock.png");
    await page.close();
  });

  it("Horizon: radios that only set the hidden input's value drive the block with zero network requests", async () => {
    const { page, requests } = await openProduct("?theme=horizon");
    expect(await page.locator('select[name="id"]').count()).toBe(0);
    await page.waitForLoadState("networkidle");
    requests.length = 0;

    await page.locator(`input[type=radio][data-variant-id="${ids.backorder}"]`).check();
    await expect.poll(() => statusText(page)).toBe(ETA_TEXT);
    expect(await page.inputValue('form[action$="/cart/add"] input[name="id"]')).toBe(String(ids.backorder));
    expect(await page.inputValue('input[name="properties[Backorder]"]')).toBe(PROPERTY);

    expect(await buttonState(page)).toEqual({ text: "Add to cart", disabled: false });

    await page.locator(`input[type=radio][data-variant-id="${ids.soldOut}"]`).check();
    await expect.poll(() => statusText(page)).toBe("Sold out");
    expect(await page.locator("backorder-notify").isVisible()).toBe(true);
    expect(await buttonState(page)).toEqual({ text: "Sold out", disabled: true });
    expect(requests).toEqual([]);
    await saveScreenshot(page, "storefront-horizon-sold-out.png");
    await page.close();
  });

  it("carries the Backorder property through the cart and checkout into the order", async () => {
    const { page } = await openProduct("?cart_type=page"); // the classic form post, no AJAX drawer
    await page.selectOption('select[name="id"]', String(ids.backorder));
    await expect.poll(() => statusText(page)).toBe(ETA_TEXT);
    await page.fill('input[name="quantity"]', "2");
    await Promise.all([page.waitForURL(/\/cart$/), page.click('button[name="add"]')]);

    const line = page.locator(`[data-cart-line][data-variant-id="${ids.backorder}"]`);
    expect(await line.locator('[data-property="Backorder"] dd').textContent()).toBe(PROPERTY);
    await expect.poll(() => page.locator("[data-bo-cart-notice]").isVisible()).toBe(true);
    expect(await page.locator("[data-bo-cart-notice] li").textContent()).toBe(`Classic Crew Tee (S): ${PROPERTY}`);
    await saveScreenshot(page, "storefront-cart-backorder.png");

    await page.fill('input[name="email"]', "shopper@example.com");
    await Promise.all([page.waitForURL(/\/checkout$/), page.click('button[name="checkout"]')]);
    expect(await page.locator("h1").textContent()).toBe("Thank you!");
    expect(await page.locator('[data-order-line] [data-property="Backorder"] dd').textContent()).toBe(PROPERTY);
    await saveScreenshot(page, "storefront-order-confirmation.png");

    const orders = sim.store.snapshot(SHOP).orders as SnapshotOrder[];
    const order = orders.at(-1)!;
    expect(order.name).toBe(await page.locator("[data-order-name]").textContent());
    expect(order.email).toBe("shopper@example.com");
    expect(order.customer_locale).toBe("en"); // no ?locale= on the storefront: its default language
    expect(order.line_items).toEqual([expect.objectContaining({ variant_id: ids.backorder, quantity: 2, properties: [{ name: "Backorder", value: PROPERTY }] })]);
    await page.close();
  });

  it("checks out in the shopper's storefront language: ?locale=de becomes the order's customer_locale", async () => {
    const { page } = await openProduct("?cart_type=page&locale=de");
    await page.selectOption('select[name="id"]', String(ids.inStock));
    await Promise.all([page.waitForURL(/\/cart\?locale=de$/), page.click('button[name="add"]')]);
    await page.fill('input[name="email"]', "kundin@example.com");
    await Promise.all([page.waitForURL(/\/checkout$/), page.click('button[name="checkout"]')]);
    expect(await page.locator("h1").textContent()).toBe("Thank you!");
    expect(await page.getAttribute("html", "lang")).toBe("de");

    const order = (sim.store.snapshot(SHOP).orders as SnapshotOrder[]).at(-1)!;
    expect(order.name).toBe(await page.locator("[data-order-name]").textContent());
    expect(order).toMatchObject({ email: "kundin@example.com", customer_locale: "de" });
    await page.close();
  });

  it("renders the collection as Dawn product cards with the app embed's badge map and script", async () => {
    const html = await (await fetch(`${base}/collections/all`)).text();
    expect(html).toMatch(new RegExp(`<li class="grid__item" data-product-handle="${HANDLE}">\\s*<div class="card-wrapper[^"]*">[\\s\\S]*?<div class="card__inner[^"]*">[\\s\\S]*?<a href="/storefront/backorders-demo/products/${HANDLE}"`));
    const badges = JSON.parse(/<script type="application\/json" id="bo-badges">([\s\S]*?)<\/script>/.exec(html)![1]);
    expect(badges[HANDLE]).toBeUndefined(); // XS is in stock
    expect(html).toContain('<script src="/storefront/assets/card-badges.js" defer></script>');
    expect(html).toContain("<cart-drawer");
  });

  describe("AJAX cart API", () => {
    async function call(path: string, body?: unknown, cookie = "", form = false) {
      const res = await fetch(`${base}${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { Accept: "application/json", ...(cookie ? { Cookie: cookie } : {}), "Content-Type": form ? "application/x-www-form-urlencoded" : "application/json" },
        body: body === undefined ? undefined : form ? String(body) : JSON.stringify(body),
      });
      const setCookie = res.headers.get("set-cookie");
      return { status: res.status, json: (await res.json()) as any, cookie: setCookie ? setCookie.split(";")[0] : cookie };
    }

    it("adds lines (JSON and form bodies), merges identical ones and reads them back from /cart.js", async () => {
      expect((await call("/cart.js")).json).toMatchObject({ item_count: 0, items: [], total_price: 0, currency: "USD" });
      const first = await call("/cart/add.js", { id: ids.backorder, quantity: 2, properties: { Backorder: PROPERTY } });
      expect(first.status).toBe(200);
      expect(first.json).toMatchObject({
        id: ids.backorder,
        variant_id: ids.backorder,
        quantity: 2,
        product_title: "Classic Crew Tee",
        variant_title: "S",
        title: "Classic Crew Tee - S",
        handle: HANDLE,
        properties: { Backorder: PROPERTY },
      });
      expect(first.json.key).toMatch(new RegExp(`^${ids.backorder}:[0-9a-f]{16}$`));
      const cookie = first.cookie;
      const form = await call("/cart/add.js", `id=${ids.backorder}&quantity=1&properties%5BBackorder%5D=${encodeURIComponent(PROPERTY)}`, cookie, true);
      expect(form.json.quantity).toBe(3); // same variant and properties: one line
      const many = await call("/cart/add.js", { items: [{ id: ids.inStock, quantity: 1 }] }, cookie);
      expect(many.json.items).toHaveLength(1);
      const cart = (await call("/cart.js", undefined, cookie)).json;
      expect(cart.item_count).toBe(4);
      expect(cart.items.map((i: any) => [i.variant_id, i.quantity, i.properties])).toEqual([
        [ids.backorder, 3, { Backorder: PROPERTY }],
        [ids.inStock, 1, {}],
      ]);
      expect(cart.total_price).toBe(cart.items.reduce((n: number, i: any) => n + i.final_line_price, 0));
    });

    it("changes, updates and clears lines, answering with the cart", async () => {
      const { cookie, json: line } = await call("/cart/add.js", { id: ids.backorder, quantity: 1, properties: { Backorder: PROPERTY } });
      await call("/cart/add.js", { id: ids.inStock, quantity: 1 }, cookie);
      const changed = await call("/cart/change.js", { id: line.key, quantity: 5 }, cookie);
      expect(changed.json.items.map((i: any) => i.quantity)).toEqual([5, 1]);
      const removed = await call("/cart/change.js", { line: 1, quantity: 0 }, cookie);
      expect(removed.json.items.map((i: any) => i.variant_id)).toEqual([ids.inStock]);
      const updated = await call("/cart/update.js", { updates: { [ids.inStock]: 4 } }, cookie);
      expect(updated.json.item_count).toBe(4);
      expect((await call("/cart/change.js", { id: "999:nope", quantity: 1 }, cookie)).status).toBe(400);
      expect((await call("/cart/clear.js", {}, cookie)).json.items).toEqual([]);
    });

    it("refuses sold-out and unknown variants with Shopify's cart error", async () => {
      const soldOut = await call("/cart/add.js", { id: ids.soldOut, quantity: 1 });
      expect(soldOut).toMatchObject({ status: 422, json: { status: 422, message: "Cart Error", description: "The product 'Classic Crew Tee - M' is already sold out." } });
      expect((await call("/cart/add.js", { id: 1, quantity: 1 })).status).toBe(404);
    });
  });

  it("fills the cart from a cart permalink and shows the cart page", async () => {
    const res = await fetch(`${base}/cart/${ids.inStock}:2,${ids.low}:1?locale=de`, { redirect: "manual" });
    expect(res.status).toBe(302);
    expect(res.headers.get("location")).toBe("/storefront/backorders-demo/cart?locale=de");
    const cookie = res.headers.get("set-cookie")!.split(";")[0];
    const cart = await (await fetch(`${base}/cart.js`, { headers: { Cookie: cookie } })).json();
    expect(cart.items.map((i: any) => [i.variant_id, i.quantity])).toEqual([[ids.inStock, 2], [ids.low, 1]]);
    const gone = await fetch(`${base}/cart/123456789:1`, { redirect: "manual" });
    expect(gone.status).toBe(404);
    expect(await gone.text()).toContain("The product variant 123456789 in this link is no longer sold.");
    expect((await fetch(`${base}/cart/${ids.inStock}:0`, { redirect: "manual" })).status).toBe(404);
  });

  it("renders a sold-out DENY variant's button disabled and 'Sold out' in the page's locale, and re-enables it on switching", async () => {
    const expected = { en: ["Sold out", "Add to cart"], de: ["Ausverkauft", "In den Warenkorb"], fr: ["Épuisé", "Ajouter au panier"], es: ["Agotado", "Agregar al carrito"] };
    for (const [locale, [soldOut, addToCart]] of Object.entries(expected)) {
      const { page } = await openProduct(`?variant=${ids.soldOut}${locale === "en" ? "" : `&locale=${locale}`}`);
      expect(await buttonState(page), locale).toEqual({ text: soldOut, disabled: true });
      await page.selectOption('select[name="id"]', String(ids.backorder)); // backordered (CONTINUE): purchasable
      expect(await buttonState(page), locale).toEqual({ text: addToCart, disabled: false });
      await page.selectOption('select[name="id"]', String(ids.soldOut));
      expect(await buttonState(page), locale).toEqual({ text: soldOut, disabled: true });
      await page.close();
    }
  });

  it("answers 422 with the checkout error for a sold-out DENY variant", async () => {
    const add = await fetch(`${base}/cart/add`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ id: String(ids.soldOut), quantity: "1" }),
      redirect: "manual",
    });
    expect(add.status).toBe(303);
    const cookie = add.headers.get("set-cookie")!.split(";")[0];
    const checkout = await fetch(`${base}/checkout`, { method: "POST", headers: { Cookie: cookie, "Content-Type": "application/x-www-form-urlencoded" }, body: "" });
    expect(checkout.status).toBe(422);
    expect(await checkout.text()).toMatch(/data-checkout-error="DENY_OUT_OF_STOCK">Only 0 of Classic Crew Tee - M available/);
  });

  it("submits the notify-me form on a sold-out variant through the signed app proxy", async () => {
    proxyRequests.length = 0;
    const { page } = await openProduct(`?variant=${ids.soldOut}`);
    expect(await statusText(page)).toBe("Sold out");
    await page.fill('backorder-notify input[name="email"]', "waiting@example.com");
    await page.check('backorder-notify input[name="consent"]');
    await page.click("backorder-notify button[type=submit]");
    await expect.poll(() => page.locator("[data-bo-status]").textContent()).toBe(en.backorders.notify.success);
    await saveScreenshot(page, "storefront-notify-success.png");

    expect(proxyRequests).toHaveLength(1);
    const request = proxyRequests[0];
    const url = new URL(request.url, "http://app.invalid");
    expect(request.method).toBe("POST");
    expect(url.pathname).toBe("/proxy/notify");
    expect(url.searchParams.get("shop")).toBe(SHOP);
    expect(url.searchParams.get("path_prefix")).toBe("/apps/backorders");
    expect(url.searchParams.get("signature")).toBe(signAppProxyQuery(url.searchParams, API_SECRET));
    const form = new URLSearchParams(request.body);
    expect(form.get("email")).toBe("waiting@example.com");
    expect(form.get("variantId")).toBe(String(ids.soldOut));
    expect(request.headers.cookie).toBeUndefined();
    await page.close();
  });

  it("also forwards /storefront/:shop/apps/backorders/* to the app, signed for that shop", async () => {
    proxyRequests.length = 0;
    const res = await fetch(`${base}/apps/backorders/notify?x=1`, { method: "POST", body: "email=a%40b.co", headers: { "Content-Type": "application/x-www-form-urlencoded" } });
    expect(await res.json()).toEqual({ ok: true });
    const url = new URL(proxyRequests[0].url, "http://app.invalid");
    expect(url.searchParams.get("x")).toBe("1");
    expect(url.searchParams.get("signature")).toBe(signAppProxyQuery(url.searchParams, API_SECRET));
  });

  it("works keyboard-only: Dawn select, Horizon radios and the notify-me form", async () => {
    const dawn = await openProduct();
    await tabTo(dawn.page, 'select[name="id"]');
    await dawn.page.keyboard.press("ArrowDown"); // XS → S
    await expect.poll(() => statusText(dawn.page)).toBe(ETA_TEXT);
    await dawn.page.keyboard.press("ArrowDown"); // S → M
    await expect.poll(() => statusText(dawn.page)).toBe("Sold out");
    await dawn.page.close();

    proxyRequests.length = 0;
    const { page } = await openProduct("?theme=horizon");
    await tabTo(page, "input[type=radio]:checked");
    await page.keyboard.press("ArrowRight"); // XS → S
    await expect.poll(() => statusText(page)).toBe(ETA_TEXT);
    await page.keyboard.press("ArrowRight"); // S → M (sold out: the notify form appears)
    await expect.poll(() => statusText(page)).toBe("Sold out");
    await expect.poll(() => page.locator("backorder-notify").isVisible()).toBe(true);

    await tabTo(page, 'backorder-notify input[name="email"]');
    await page.keyboard.type("not-an-email");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("[data-bo-status]").textContent()).toBe("Please enter a valid email address.");
    expect(proxyRequests).toHaveLength(0);
    await page.keyboard.press("ControlOrMeta+A");
    await page.keyboard.type("keys@example.com");
    await tabTo(page, 'backorder-notify input[name="consent"]');
    await page.keyboard.press("Space");
    await tabTo(page, "backorder-notify button[type=submit]");
    await page.keyboard.press("Enter");
    await expect.poll(() => page.locator("[data-bo-status]").textContent()).toBe(en.backorders.notify.success);
    expect(new URLSearchParams(proxyRequests[0].body).get("email")).toBe("keys@example.com");
    expect(new URLSearchParams(proxyRequests[0].body).get("variantId")).toBe(String(ids.soldOut));
    await saveScreenshot(page, "storefront-keyboard-notify.png");
    await page.close();
  });
});
