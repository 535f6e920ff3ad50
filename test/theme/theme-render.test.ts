// Liquid rendering of the availability block (liquidjs + stubs of Shopify's `t`, `asset_url`, `json`) for every
// backorder state in every shopper locale: the visible message and the variants JSON the custom element reads.
import path from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { Liquid } from "liquidjs";

const ROOT = path.resolve(import.meta.dirname, "../../extensions/backorders-theme");
const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;
const LOCALES = ["en.default", "de", "fr", "es"] as const;
type Locale = (typeof LOCALES)[number];

const strings = Object.fromEntries(
  LOCALES.map((l) => [l, JSON.parse(readFileSync(path.join(ROOT, "locales", `${l}.json`), "utf8"))]),
) as Record<Locale, any>;

/** Shopify's `t`: nested key lookup, `count` pluralization (one/other), `{{ name }}` interpolation. */
function translate(locale: Locale, key: string, vars: Record<string, unknown> = {}): string {
  let value: any = key.split(".").reduce<any>((o, k) => o?.[k], strings[locale]);
  if (value === undefined) throw new Error(`missing translation ${locale}:${key}`);
  if (typeof value === "object") value = Number(vars.count) === 1 ? value.one : value.other;
  return String(value).replace(/{{\s*(\w+)\s*}}/g, (_m, name: string) => String(vars[name] ?? ""));
}

function engineFor(locale: Locale) {
  const engine = new Liquid({ root: [path.join(ROOT, "snippets")], extname: ".liquid", strictFilters: true, timezoneOffset: 0 });
  engine.registerFilter("t", (key: string, ...args: unknown[]) =>
    translate(locale, key, Object.fromEntries(args.filter(Array.isArray) as Array<[string, unknown]>)),
  );
  engine.registerFilter("asset_url", (name: string) => `/cdn/extensions/backorders-theme/assets/${name}`);
  // Shopify's json filter escapes <, > and & so the output is safe inside <script>.
  engine.registerFilter("json", (v: unknown) =>
    JSON.stringify(v ?? null).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026"),
  );
  return engine;
}

const block = readFileSync(path.join(ROOT, "blocks/availability.liquid"), "utf8");
const settings = Object.fromEntries(
  JSON.parse(SCHEMA.exec(block)![1]).settings.map((s: { id: string; default: unknown }) => [s.id, s.default]),
);
const template = block.replace(SCHEMA, "");

type Fields = Partial<Record<"state" | "eta" | "lead_days" | "cap" | "remaining" | "message", string | number>>;
function variant(id: number, qty: number, fields: Fields | null, extra: Record<string, unknown> = {}) {
  const app = fields
    ? Object.fromEntries(Object.entries(fields).map(([k, v]) => [k === "state" ? "backorder_state" : `backorder_${k}`, { value: v }]))
    : {};
  return { id, title: `V${id}`, inventory_quantity: qty, inventory_management: "shopify", available: qty > 0, metafields: { $app: app }, ...extra };
}

const VARIANTS = {
  in_stock: variant(1, 20, { state: "in_stock" }),
  low_stock: variant(2, 3, { state: "low_stock" }),
  eta: variant(3, 0, { state: "backorder", eta: "2099-03-07", cap: 10, remaining: 2, message: "From our <EU> warehouse.\nThank you!" }, { available: true }),
  lead: variant(4, 0, { state: "backorder", lead_days: 10 }, { available: true }),
  lead_one: variant(5, 0, { state: "backorder", lead_days: 1 }, { available: true }),
  no_eta: variant(6, 0, { state: "backorder" }, { available: true }),
  past_eta: variant(7, 0, { state: "backorder", eta: "2020-01-01", cap: 10, remaining: 8 }, { available: true }),
  cap_reached: variant(8, 0, { state: "backorder_cap_reached", cap: 10, remaining: 0 }),
  sold_out: variant(9, 0, { state: "sold_out" }),
  untracked: variant(10, 0, { state: "untracked" }, { inventory_management: null, available: true }),
  discontinued: variant(11, 0, { state: "discontinued", message: "Replaced by the Mk II." }),
  // Variants the app does not manage carry no metafields: the block falls back to the inventory fields.
  plain_untracked: variant(12, 0, null, { inventory_management: null, available: true }),
  plain_low: variant(13, 2, null),
  plain_backorder: variant(14, 0, null, { available: true }),
  plain_sold_out: variant(15, 0, null),
};
type Key = keyof typeof VARIANTS;
const product = { id: 99, title: "Trail Jacket", variants: Object.values(VARIANTS) };

const ETA_TEXT: Record<Locale, string> = { "en.default": "March 7, 2099", de: "07.03.2099", fr: "07/03/2099", es: "07/03/2099" };

/** What each variant should say: [state, status text, cap note, line-item property]. */
function expected(l: Locale): Record<Key, [string, string, string, string]> {
  const t = (k: string, v?: Record<string, unknown>) => translate(l, k, v);
  const a = "backorders.availability";
  return {
    in_stock: ["in_stock", t(`${a}.in_stock`), "", ""],
    low_stock: ["low_stock", t(`${a}.low_stock`, { count: 3 }), "", ""],
    eta: ["backorder", t(`${a}.backorder_eta`, { date: ETA_TEXT[l] }), t(`${a}.backorder_remaining`, { count: 2 }), t("backorders.property.eta", { date: ETA_TEXT[l] })],
    lead: ["backorder", t(`${a}.backorder_lead`, { count: 10 }), "", t("backorders.property.lead", { count: 10 })],
    lead_one: ["backorder", t(`${a}.backorder_lead`, { count: 1 }), "", t("backorders.property.lead", { count: 1 })],
    no_eta: ["backorder", t(`${a}.backorder`), "", t("backorders.property.unknown")],
    past_eta: ["backorder", t(`${a}.backorder`), "", t("backorders.property.unknown")],
    cap_reached: ["backorder_cap_reached", t(`${a}.cap_reached`), "", ""],
    sold_out: ["sold_out", t(`${a}.sold_out`), "", ""],
    untracked: ["untracked", t(`${a}.in_stock`), "", ""],
    discontinued: ["discontinued", t(`${a}.discontinued`), "", ""],
    plain_untracked: ["untracked", t(`${a}.in_stock`), "", ""],
    plain_low: ["low_stock", t(`${a}.low_stock`, { count: 2 }), "", ""],
    plain_backorder: ["backorder", t(`${a}.backorder`), "", t("backorders.property.unknown")],
    plain_sold_out: ["sold_out", t(`${a}.sold_out`), "", ""],
  };
}

async function render(locale: Locale, selected: Key, blockSettings: Record<string, unknown> = settings) {
  const html = await engineFor(locale).parseAndRender(template, {
    product: { ...product, selected_or_first_available_variant: VARIANTS[selected] },
    block: { id: "b1", settings: blockSettings, shopify_attributes: 'data-shopify-editor-block="{}"' },
    request: { locale: { iso_code: locale === "en.default" ? "en" : locale } },
  });
  const pick = (attr: string) => new RegExp(`<p [^>]*${attr}[^>]*>([\\s\\S]*?)</p>`).exec(html)?.[1] ?? null;
  const json = /<script type="application\/json" data-bo-variants>([\s\S]*?)<\/script>/.exec(html)?.[1];
  return {
    html,
    state: /data-state="([^"]*)"/.exec(html)?.[1],
    text: pick("data-bo-text"),
    cap: pick("data-bo-cap"),
    message: pick("data-bo-message"),
    variants: JSON.parse(json ?? "null") as Array<Record<string, unknown>>,
  };
}

describe("availability block rendering", () => {
  it("says the literal English and German messages", async () => {
    expect((await render("en.default", "low_stock")).text).toBe("Only 3 left");
    expect((await render("en.default", "eta")).text).toBe("Backorder — ships by March 7, 2099");
    expect((await render("en.default", "lead")).text).toBe("Backorder — ships in 10 days");
    expect((await render("en.default", "lead_one")).text).toBe("Backorder — ships in 1 day");
    expect((await render("en.default", "cap_reached")).text).toBe("Sold out — backorder limit reached");
    expect((await render("de", "eta")).text).toBe("Nachbestellung — Versand bis 07.03.2099");
    expect((await render("fr", "sold_out")).text).toBe("Épuisé");
    expect((await render("es", "low_stock")).text).toBe("Solo quedan 3");
  });

  for (const locale of LOCALES) {
    describe(locale, () => {
      const want = expected(locale);
      for (const key of Object.keys(VARIANTS) as Key[]) {
        it(`renders ${key} server-side`, async () => {
          const r = await render(locale, key);
          const [state, text, cap, property] = want[key];
          expect(r.state).toBe(state);
          expect(r.text).toBe(text);
          expect(r.cap).toBe(cap);
          expect(r.html).toContain(`data-variant-id="${VARIANTS[key].id}"`);
          expect(r.variants.find((v) => v.id === VARIANTS[key].id)).toMatchObject({ state, text, cap, property });
        });
      }

      it("embeds every variant once in the JSON, with states, ISO ETAs and messages", async () => {
        const r = await render(locale, "in_stock");
        expect(r.html.match(/data-bo-variants/g)).toHaveLength(1);
        expect(r.variants.map((v) => v.id)).toEqual(product.variants.map((v) => v.id));
        for (const key of Object.keys(VARIANTS) as Key[]) {
          const [state, text, cap, property] = want[key];
          expect(r.variants.find((v) => v.id === VARIANTS[key].id), key).toEqual({
            id: VARIANTS[key].id,
            state,
            eta: key === "eta" ? "2099-03-07" : "",
            text,
            cap,
            property,
            message: key === "eta" ? "From our <EU> warehouse.\nThank you!" : key === "discontinued" ? "Replaced by the Mk II." : "",
          });
        }
      });
    });
  }

  it("shows the merchant message escaped with line breaks, and hides it when the setting is off", async () => {
    const r = await render("en.default", "eta");
    expect(r.message).toBe("From our &lt;EU&gt; warehouse.<br />\nThank you!");
    expect(r.html).not.toContain("<EU>");
    expect(r.html).toContain("\\u003cEU\\u003e");
    const off = await render("en.default", "eta", { ...settings, show_message: false });
    expect(off.message).toBe("");
    expect(off.variants.every((v) => v.message === "")).toBe(true);
  });

  it("passes the button relabel setting and localized labels to the custom element", async () => {
    const r = await render("de", "eta", { ...settings, relabel_button: "preorder" });
    expect(r.html).toContain('data-relabel="preorder"');
    expect(r.html).toContain('data-label-preorder="Vorbestellen"');
    expect(r.html).toMatch(/^<backorder-availability\s/);
  });

  it("uses the low-stock threshold setting for variants without app metafields", async () => {
    const r = await render("en.default", "plain_low", { ...settings, low_stock_threshold: 1 });
    expect(r.state).toBe("in_stock");
    expect(r.text).toBe("In stock");
  });
});

// ---- App embed: cart notice (server-rendered + the data cart-notice.js re-renders from) and collection badges ----

const embedSource = readFileSync(path.join(ROOT, "blocks/backorder-embed.liquid"), "utf8");
const embedTemplate = embedSource.replace(SCHEMA, "");
const embedDefaults = Object.fromEntries(
  JSON.parse(SCHEMA.exec(embedSource)![1]).settings.map((s: { id: string; default: unknown }) => [s.id, s.default]),
);

type Line = { title: string; variant: string; quantity: number; backorder?: string };
const cartOf = (lines: Line[]) => ({
  item_count: lines.reduce((n, l) => n + l.quantity, 0),
  items: lines.map((l, i) => ({
    id: i + 1,
    quantity: l.quantity,
    properties: l.backorder ? { Backorder: l.backorder } : {},
    product: { title: l.title },
    variant: { title: l.variant },
  })),
});

async function renderEmbed(
  locale: Locale,
  scope: { template?: string; lines?: Line[]; products?: unknown[]; search?: unknown[]; settings?: Record<string, unknown> },
) {
  const html = await engineFor(locale).parseAndRender(embedTemplate, {
    template: { name: scope.template ?? "cart" },
    cart: cartOf(scope.lines ?? []),
    collection: scope.products ? { products: scope.products } : undefined,
    search: scope.search ? { results: scope.search } : undefined,
    routes: { cart_url: "/fr/cart" },
    block: { id: "embed", settings: { ...embedDefaults, ...scope.settings }, shopify_attributes: "" },
  });
  const json: Record<string, any> = {};
  for (const m of html.matchAll(/<script type="application\/json" id="([^"]+)">([\s\S]*?)<\/script>/g)) json[m[1]] = JSON.parse(m[2]);
  return {
    html,
    notice: /<aside[^>]*data-bo-cart-notice[\s\S]*?<\/aside>/.exec(html)?.[0] ?? null,
    items: [...html.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) => m[1]),
    cartData: json["bo-cart-data"] as { cart: string; heading: string; lines: string[][] } | undefined,
    badges: json["bo-badges"] as Record<string, { s: string; t: string; e?: string }> | undefined,
  };
}

const LINES: Line[] = [
  { title: "Trail Jacket", variant: "M", quantity: 2, backorder: "Ships by March 7, 2099" },
  { title: "Wool <Socks>", variant: "Default Title", quantity: 1, backorder: "Backordered — ships when restocked" },
  { title: "Mug", variant: "Default Title", quantity: 1 },
];

describe("app embed: cart notice", () => {
  it("lists only backordered lines with their ETA, escaped, and hands the same lines to the script", async () => {
    const r = await renderEmbed("en.default", { lines: LINES });
    expect(r.notice).toContain('aria-labelledby="bo-cart-notice-title"');
    expect(r.notice).toContain(`>${strings["en.default"].backorders.cart.heading}</p>`);
    expect(r.items).toEqual(["Trail Jacket (M): Ships by March 7, 2099", "Wool &lt;Socks&gt;: Backordered — ships when restocked"]);
    expect(r.cartData).toEqual({
      cart: "/fr/cart.js",
      heading: "Some items in your cart are on backorder",
      lines: [
        ["Trail Jacket", "M", "Ships by March 7, 2099"],
        ["Wool <Socks>", "", "Backordered — ships when restocked"],
      ],
    });
    expect(r.html).not.toMatch(/<Socks>/);
    expect(r.html).toContain("cart-notice.js");
    expect(r.html).not.toMatch(/<script src=/); // the cart script is only injected when a cart form or drawer exists
  });

  it("renders no notice for a cart without backorders, but keeps the data so an AJAX add can show one", async () => {
    const r = await renderEmbed("en.default", { lines: [LINES[2]] });
    expect(r.notice).toBeNull();
    expect(r.cartData?.lines).toEqual([]);
    expect((await renderEmbed("en.default", {})).cartData?.lines).toEqual([]);
  });

  it("takes the heading from the shopper's locale", async () => {
    for (const locale of LOCALES) {
      const r = await renderEmbed(locale, { lines: LINES });
      expect(r.cartData?.heading).toBe(strings[locale].backorders.cart.heading);
      expect(r.notice).toContain(strings[locale].backorders.cart.heading);
    }
    expect((await renderEmbed("de", { lines: LINES })).cartData?.heading).toBe("Einige Artikel in deinem Warenkorb sind nachbestellt");
  });

  it("renders nothing of the cart notice when the merchant switches it off", async () => {
    const r = await renderEmbed("en.default", { lines: LINES, settings: { cart_notice: false } });
    expect(r.notice).toBeNull();
    expect(r.cartData).toBeUndefined();
    expect(r.html).not.toContain("cart-notice.js");
  });
});

describe("app embed: collection badges", () => {
  const p = (handle: string, variants: unknown[]) => ({ handle, title: handle, variants });
  const PRODUCTS = [
    // all purchasable variants backordered, with ETAs: the later one is promised
    p("all-backorder", [VARIANTS.eta, variant(21, 0, { state: "backorder", eta: "2099-01-15" }, { available: true }), VARIANTS.sold_out]),
    // one backordered variant has no (future) ETA: no date promised
    p("backorder-no-date", [VARIANTS.eta, VARIANTS.past_eta]),
    p("plain-backorder", [VARIANTS.plain_backorder, VARIANTS.plain_sold_out]),
    p("sold-out", [VARIANTS.sold_out, VARIANTS.cap_reached, VARIANTS.discontinued]),
    p("plain-sold-out", [VARIANTS.plain_sold_out]),
    p("mixed", [VARIANTS.in_stock, VARIANTS.eta]),
    p("low", [VARIANTS.low_stock, VARIANTS.sold_out]),
    p("untracked", [VARIANTS.plain_untracked]),
  ];

  it("maps each backordered or sold-out product handle to its badge, and leaves in-stock products out", async () => {
    const r = await renderEmbed("en.default", { template: "collection", products: PRODUCTS });
    expect(r.badges).toEqual({
      "all-backorder": { s: "backorder", e: "2099-03-07", t: "Backorder · ships by March 7, 2099" },
      "backorder-no-date": { s: "backorder", e: "", t: "Backorder" },
      "plain-backorder": { s: "backorder", e: "", t: "Backorder" },
      "sold-out": { s: "sold_out", t: "Sold out" },
      "plain-sold-out": { s: "sold_out", t: "Sold out" },
    });
    expect(r.html).toMatch(/<script src="\/cdn\/extensions\/backorders-theme\/assets\/card-badges\.js" defer><\/script>/);
  });

  it("translates badge text and dates", async () => {
    const de = await renderEmbed("de", { template: "collection", products: PRODUCTS });
    expect(de.badges?.["all-backorder"].t).toBe("Nachbestellbar · Versand bis 07.03.2099");
    expect(de.badges?.["sold-out"].t).toBe("Ausverkauft");
    for (const locale of LOCALES) {
      const r = await renderEmbed(locale, { template: "collection", products: PRODUCTS });
      expect(r.badges?.["plain-backorder"].t).toBe(strings[locale].backorders.badge.backorder);
      expect(r.badges?.["plain-sold-out"].t).toBe(strings[locale].backorders.badge.sold_out);
    }
  });

  it("badges product results on search pages and ignores other result types", async () => {
    const results = [{ object_type: "article", handle: "sold-out" }, { ...PRODUCTS[3], object_type: "product" }, { ...PRODUCTS[5], object_type: "product" }];
    const r = await renderEmbed("en.default", { template: "search", search: results });
    expect(r.badges).toEqual({ "sold-out": { s: "sold_out", t: "Sold out" } });
  });

  it("emits no map and no script on product pages, when nothing needs a badge, or when badges are off", async () => {
    for (const r of [
      await renderEmbed("en.default", { template: "product", products: PRODUCTS }),
      await renderEmbed("en.default", { template: "collection", products: [PRODUCTS[5], PRODUCTS[6], PRODUCTS[7]] }),
      await renderEmbed("en.default", { template: "collection", products: PRODUCTS, settings: { card_badges: false } }),
    ]) {
      expect(r.badges).toBeUndefined();
      expect(r.html).not.toContain("card-badges.js");
    }
  });
});
