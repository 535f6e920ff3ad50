// <backorder-availability> and <backorder-notify> in Chromium on minimal Dawn-style and Horizon-style product forms:
// follows the selected variant without network requests, manages properties[Backorder], relabels the button,
// toggles the notify-me form, and the notify-me script loads only on interaction.
import path from "node:path";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Liquid } from "liquidjs";
import type { Browser, Page } from "playwright-core";
import { launchChromium } from "../support/browser";

const ROOT = path.resolve(import.meta.dirname, "../../extensions/backorders-theme");
const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;
const en = JSON.parse(readFileSync(path.join(ROOT, "locales/en.default.json"), "utf8"));
const asset = (name: string) => readFileSync(path.join(ROOT, "assets", name), "utf8");

async function renderBlock(name: string, settings: Record<string, unknown>) {
  const engine = new Liquid({ root: [path.join(ROOT, "snippets")], extname: ".liquid", strictFilters: true, timezoneOffset: 0 });
  engine.registerFilter("t", (key: string, ...args: unknown[]) => {
    const vars = Object.fromEntries(args.filter(Array.isArray) as Array<[string, unknown]>);
    let v: any = key.split(".").reduce<any>((o, k) => o?.[k], en);
    if (typeof v === "object") v = Number(vars.count) === 1 ? v.one : v.other;
    return String(v).replace(/{{\s*(\w+)\s*}}/g, (_m, n: string) => String(vars[n] ?? ""));
  });
  engine.registerFilter("asset_url", (n: string) => `/assets/${n}`);
  const mk = (id: number, qty: number, app: Record<string, unknown>, available = qty > 0) => ({
    id, inventory_quantity: qty, inventory_management: "shopify", available,
    metafields: { $app: Object.fromEntries(Object.entries(app).map(([k, v]) => [`backorder_${k}`, { value: v }])) },
  });
  const variants = [
    mk(1, 10, { state: "in_stock" }),
    mk(2, 0, { state: "backorder", eta: "2099-03-07" }, true),
    mk(3, 0, { state: "sold_out" }),
  ];
  const src = readFileSync(path.join(ROOT, "blocks", name), "utf8").replace(SCHEMA, "");
  return engine.parseAndRender(src, {
    product: { id: 9, variants, selected_or_first_available_variant: variants[0] },
    block: { id: "b1", settings, shopify_attributes: "" },
    request: { locale: { iso_code: "en" } },
  });
}

const dawnForm = `<form action="/cart/add" method="post" id="product-form">
  <select name="id"><option value="1" selected>Blue</option><option value="2">Red</option><option value="3">Green</option></select>
  <button type="submit" name="add"><span>Add to cart</span></button></form>`;
const horizonForm = `<form action="/cart/add" method="post" id="product-form">
  <input type="hidden" name="id" value="1"><button type="submit" name="add"><span>Add to cart</span></button></form>`;

describe("storefront custom elements in Chromium", () => {
  let browser: Browser;
  let availability = "";
  let notify = "";
  beforeAll(async () => {
    browser = await launchChromium();
    availability = await renderBlock("availability.liquid", { low_stock_threshold: 5, show_message: true, relabel_button: "preorder" });
    notify = await renderBlock("notify-me.liquid", { show_on_backorder: false, require_consent: true });
  });
  afterAll(async () => {
    await browser?.close();
  });

  async function open(form: string, notifyStatus = 200): Promise<{ page: Page; requests: string[] }> {
    const page = await browser.newPage();
    const requests: string[] = [];
    page.on("request", (r) => requests.push(new URL(r.url()).pathname));
    await page.route("**/*", async (route) => {
      const url = new URL(route.request().url());
      if (url.pathname === "/product") {
        const html = `<!doctype html><html><head><meta charset="utf-8"><style>${asset("backorders.css")}</style></head><body>
          <section class="shopify-section">${form}${availability}${notify}</section>
          <script src="/assets/availability.js" defer></script></body></html>`;
        return route.fulfill({ contentType: "text/html", body: html });
      }
      if (url.pathname.startsWith("/assets/")) {
        const name = url.pathname.slice(8);
        return route.fulfill({ contentType: name.endsWith(".css") ? "text/css" : "text/javascript", body: asset(name) });
      }
      if (url.pathname === "/apps/backorders/notify") {
        const error = notifyStatus === 429 ? '{"ok":false,"error":{"code":"RATE_LIMITED","message":"Too many"}}' : '{"error":{"message":"boom"}}';
        return route.fulfill({ status: notifyStatus, contentType: "application/json", body: notifyStatus === 200 ? '{"ok":true}' : error });
      }
      return route.fulfill({ status: 404, body: "" });
    });
    await page.goto("http://shop.test/product");
    await page.waitForFunction(() => customElements.get("backorder-availability"));
    return { page, requests };
  }
  const text = (page: Page) => page.textContent("[data-bo-text]");
  const prop = (page: Page) => page.evaluate(() => document.querySelector<HTMLInputElement>('#product-form [name="properties[Backorder]"]')?.value ?? null);

  it("follows a Dawn-style select change with zero network requests", async () => {
    const { page, requests } = await open(dawnForm);
    const before = requests.length;
    expect(await text(page)).toBe("In stock");
    await page.selectOption('select[name="id"]', "2");
    await expect.poll(() => text(page)).toBe("Backorder — ships by March 7, 2099");
    expect(await prop(page)).toBe("Ships by March 7, 2099");
    expect(await page.textContent('button[name="add"]')).toBe("Pre-order");
    expect(await page.isVisible("backorder-notify")).toBe(false);
    await page.selectOption('select[name="id"]', "3");
    await expect.poll(() => text(page)).toBe("Sold out");
    expect(await prop(page)).toBeNull();
    expect(await page.textContent('button[name="add"]')).toBe("Add to cart");
    expect(await page.isVisible("backorder-notify")).toBe(true);
    expect(await page.inputValue("[data-bo-notify-variant]")).toBe("3");
    expect(requests.slice(before)).toEqual([]);
    await page.close();
  });

  it("follows a Horizon-style hidden input set without events (property and attribute)", async () => {
    const { page, requests } = await open(horizonForm);
    const before = requests.length;
    await page.evaluate(() => { document.querySelector<HTMLInputElement>('[name="id"]')!.value = "2"; });
    await expect.poll(() => text(page)).toBe("Backorder — ships by March 7, 2099");
    expect(await prop(page)).toBe("Ships by March 7, 2099");
    await page.evaluate(() => document.querySelector('[name="id"]')!.setAttribute("value", "1"));
    await expect.poll(() => text(page)).toBe("In stock");
    expect(await prop(page)).toBeNull();
    // A re-rendered form (new input element) is picked up too.
    await page.evaluate(() => {
      const old = document.querySelector('[name="id"]')!;
      const input = document.createElement("input");
      input.type = "hidden"; input.name = "id"; input.value = "3";
      old.replaceWith(input);
    });
    await expect.poll(() => text(page)).toBe("Sold out");
    expect(requests.slice(before)).toEqual([]);
    await page.close();
  });

  it("follows variant events and the ?variant= URL", async () => {
    const { page } = await open(horizonForm);
    await page.evaluate(() => document.dispatchEvent(new CustomEvent("variant:update", { detail: { resource: { id: 2 } } })));
    await expect.poll(() => text(page)).toBe("Backorder — ships by March 7, 2099");
    await page.evaluate(() => document.dispatchEvent(new CustomEvent("variant:change", { detail: { variant: { id: 3 } } })));
    await expect.poll(() => text(page)).toBe("Sold out");
    await page.close();

    // A form without a variant input: the ?variant= URL (history.replaceState / pushState / popstate) drives it.
    const bare = await open(`<form action="/cart/add" method="post" id="product-form"><button type="submit" name="add">Add</button></form>`);
    await bare.page.evaluate(() => history.replaceState(null, "", "?variant=2"));
    await expect.poll(() => text(bare.page)).toBe("Backorder — ships by March 7, 2099");
    expect(await prop(bare.page)).toBe("Ships by March 7, 2099");
    await bare.page.evaluate(() => history.pushState(null, "", "?variant=3"));
    await expect.poll(() => text(bare.page)).toBe("Sold out");
    await bare.page.evaluate(() => history.back());
    await expect.poll(() => text(bare.page)).toBe("Backorder — ships by March 7, 2099");
    await bare.page.close();
  });

  it("loads notify-me.js only on interaction and reports success, invalid email and server errors inline", async () => {
    const { page, requests } = await open(dawnForm);
    await page.selectOption('select[name="id"]', "3");
    expect(requests).not.toContain("/assets/notify-me.js");
    await page.focus('backorder-notify [name="email"]');
    await page.waitForFunction(() => customElements.get("backorder-notify"));
    expect(requests).toContain("/assets/notify-me.js");
    await page.fill('backorder-notify [name="email"]', "nope");
    await page.click("backorder-notify [type=submit]");
    await expect.poll(() => page.textContent("[data-bo-status]")).toBe(en.backorders.notify.invalid_email);
    await page.fill('backorder-notify [name="email"]', "shopper@example.com");
    await page.click("backorder-notify [type=submit]");
    await expect.poll(() => page.textContent("[data-bo-status]")).toBe(en.backorders.notify.consent_required);
    await page.check('backorder-notify [name="consent"]');
    const post = page.waitForRequest("**/apps/backorders/notify");
    await page.click("backorder-notify [type=submit]");
    const body = new URLSearchParams((await post).postData() ?? "");
    expect(body.get("email")).toBe("shopper@example.com");
    expect(body.get("variantId")).toBe("3");
    expect(body.get("consent")).toBe("1");
    expect(body.get("customer_note")).toBe("");
    expect(Number(body.get("rendered_at"))).toBeGreaterThan(0);
    await expect.poll(() => page.textContent("[data-bo-status]")).toBe(en.backorders.notify.success);
    await page.close();

    const failing = await open(dawnForm, 500);
    await failing.page.selectOption('select[name="id"]', "3");
    await failing.page.click('backorder-notify [name="email"]');
    await failing.page.fill('backorder-notify [name="email"]', "shopper@example.com");
    await failing.page.check('backorder-notify [name="consent"]');
    await failing.page.waitForFunction(() => customElements.get("backorder-notify"));
    await failing.page.click("backorder-notify [type=submit]");
    await expect.poll(() => failing.page.textContent("[data-bo-status]")).toBe(en.backorders.notify.error);
    await failing.page.close();

    const limited = await open(dawnForm, 429);
    await limited.page.selectOption('select[name="id"]', "3");
    await limited.page.click('backorder-notify [name="email"]');
    await limited.page.fill('backorder-notify [name="email"]', "shopper@example.com");
    await limited.page.check('backorder-notify [name="consent"]');
    await limited.page.waitForFunction(() => customElements.get("backorder-notify"));
    await limited.page.click("backorder-notify [type=submit]");
    await expect.poll(() => limited.page.textContent("[data-bo-status]")).toBe(en.backorders.notify.rate_limited);
    await limited.page.close();
  });
});
