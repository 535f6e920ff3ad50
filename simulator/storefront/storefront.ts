import { createHash, randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { CheckoutError, toGid, type ProductRecord, type ShopData, type SimulatorStore, type VariantRecord } from "../store";
import { createEngine, escapeHtml, formatMoney, loadBlock, parseLocale, readAsset, type StorefrontLocale } from "./liquid";

// The simulator's storefront preview: Dawn-like (and, with ?theme=horizon, Horizon-like) product pages, a cart,
// a collection and checkout, rendering the theme extension's blocks with liquidjs. Routes (all under /storefront):
//   GET  /assets/<file>                    extension assets
//   GET  /:shop                            product list
//   GET  /:shop/collections/all            Dawn-like product cards (.card-wrapper > .card__inner, heading link)
//   GET  /:shop/products/:handle           product page (?variant=, ?theme=horizon, ?locale=de, ?cart_type=page)
//                                          (?app=off here and on the collection: the theme without the app's blocks,
//                                          embed and assets — the baseline of the storefront performance bench)
//   POST /:shop/cart/add                   form post: id, quantity, properties[...] → cart (cookie _sim_cart)
//   GET  /:shop/cart                       cart lines, their properties and the app embed's cart notice
//   GET  /:shop/cart.js                    the cart as Shopify's AJAX API JSON
//   POST /:shop/cart/add.js                {id, quantity, properties} | {items: [...]} (JSON or form) → line item(s)
//   POST /:shop/cart/change.js             {id: key|variantId | line, quantity} → cart
//   POST /:shop/cart/update.js             {updates: {key|variantId: quantity}} → cart
//   POST /:shop/cart/clear.js              → cart
//   GET  /:shop/cart/<variantId>:<qty>,... cart permalink: adds the lines, redirects to the cart page
//   POST /:shop/checkout                   the cart form's updates[] quantities, then opts.store.checkout(...) → order
//                                          confirmation; 422 when refused: a validation function's refusal shows the
//                                          cart again with its messages (role=alert, data-validation-error=<line index>|cart)
// Every page renders the app embed (as Shopify injects enabled app embeds) and, except the cart page and
// ?cart_type=page, a Dawn-like <cart-drawer> whose theme script adds to cart and re-renders via the AJAX endpoints.
// The notify-me form posts to /apps/backorders/notify, the simulator's signed app proxy; pages set _sim_shop so
// that proxy knows the shop.

export type StorefrontOptions = {
  /** Read on each request (the simulator creates its store once the port is bound). */
  readonly store: SimulatorStore;
  /** Normalises a shop name/domain and checks it exists (throws an HTTP error otherwise). */
  resolveShop(raw: string): string;
};

type CartLine = { variantId: number; quantity: number; properties: Record<string, string> };
type Cart = { shop: string; lines: CartLine[] };

function parseCookies(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (req.headers.cookie ?? "").split(";")) {
    const i = part.indexOf("=");
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1024 * 1024) break;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
  return new URLSearchParams(await readBody(req));
}

type AjaxLine = { id: string; quantity: number; properties: Record<string, string> };

/** An AJAX cart request body, JSON or form-encoded (`properties[x]`, `items[0][id]`, `updates[id]`), as plain data. */
async function readAjax(req: IncomingMessage): Promise<Record<string, unknown>> {
  const raw = await readBody(req);
  if ((req.headers["content-type"] ?? "").includes("json")) {
    try {
      const parsed: unknown = JSON.parse(raw || "{}");
      return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
    } catch {
      return {};
    }
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    const path = key.replace(/\]/g, "").split("[");
    let node = out as Record<string, unknown>;
    path.forEach((part, i) => {
      if (i === path.length - 1) node[part] = value;
      else node = (node[part] ??= {}) as Record<string, unknown>;
    });
  }
  if (out.items && typeof out.items === "object" && !Array.isArray(out.items)) out.items = Object.values(out.items);
  return out;
}

function ajaxLines(body: Record<string, unknown>): AjaxLine[] {
  const list = Array.isArray(body.items) ? (body.items as Array<Record<string, unknown>>) : [body];
  return list.map((l) => ({
    id: String(l.id ?? ""),
    quantity: Math.max(1, Math.floor(Number(l.quantity ?? 1)) || 1),
    properties: Object.fromEntries(
      Object.entries((l.properties ?? {}) as Record<string, unknown>)
        .filter(([, v]) => v !== "" && v !== null && v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    ),
  }));
}

const lineKey = (line: CartLine) => `${line.variantId}:${createHash("md5").update(JSON.stringify(line.properties)).digest("hex").slice(0, 16)}`;

function sendJson(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
  res.end(JSON.stringify(body));
}

/** Shopify's AJAX cart error shape. */
const cartError = (res: ServerResponse, status: number, description: string) =>
  sendJson(res, status, { status, message: "Cart Error", description });

function metafieldValue(type: string, value: string): unknown {
  if (type.startsWith("number_")) return Number(value);
  if (type === "boolean") return value === "true";
  if (type === "json") {
    try {
      return JSON.parse(value);
    } catch {
      return value;
    }
  }
  return value;
}

// Dawn's pubsub.js (global subscribe/publish): its cart drawer and product form publish `cart-update`.
const DAWN_PUBSUB = `<script>
  var subscribers = {};
  function subscribe(eventName, callback) {
    subscribers[eventName] = (subscribers[eventName] || []).concat([callback]);
    return function () { subscribers[eventName] = subscribers[eventName].filter(function (cb) { return cb !== callback; }); };
  }
  function publish(eventName, data) { (subscribers[eventName] || []).forEach(function (cb) { cb(data); }); }
</script>`;

/**
 * A Dawn-like cart drawer: the product form adds via /cart/add.js, the drawer re-renders from /cart.js by replacing
 * #CartDrawer's innerHTML (like Dawn's section rendering) and lines are removed via /cart/change.js. Dawn announces
 * changes through pub/sub `cart-update`; `horizon` dispatches `cart:update` on document with the cart as `resource`.
 */
function dawnDrawer(base: string, flavor: "dawn" | "horizon"): string {
  return `<cart-drawer class="drawer" hidden>
  <div id="CartDrawer" class="cart-drawer"></div>
</cart-drawer>
<script>
  (function () {
    var base = ${JSON.stringify(base)};
    var drawer = document.querySelector('cart-drawer');
    var inner = document.getElementById('CartDrawer');
    function esc(v) { return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; }); }
    function money(cents, currency) { return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || 'USD' }).format(cents / 100); }
    function json(res) { return res.json().then(function (body) { if (!res.ok) throw new Error(body.description || 'Cart error'); return body; }); }
    function getCart() { return fetch(base + '/cart.js', { headers: { Accept: 'application/json' } }).then(json); }
    function render(cart) {
      inner.innerHTML = '<div class="drawer__inner" role="dialog" aria-modal="true" aria-labelledby="CartDrawer-Heading">' +
        '<div class="drawer__header"><h2 class="drawer__heading" id="CartDrawer-Heading">Your cart</h2><button type="button" class="drawer__close" aria-label="Close">&times;</button></div>' +
        (cart.items.length
          ? '<form action="' + base + '/cart" id="CartDrawer-Form" method="post"><ul class="cart-drawer__items">' + cart.items.map(function (item, i) {
              var props = Object.keys(item.properties || {}).map(function (k) { return '<div data-property="' + esc(k) + '"><dt>' + esc(k) + ':</dt> <dd>' + esc(item.properties[k]) + '</dd></div>'; }).join('');
              return '<li class="cart-item" data-cart-line data-variant-id="' + item.variant_id + '"><div><a href="' + base + '/products/' + esc(item.handle) + '">' + esc(item.product_title) + '</a>' +
                (item.variant_title ? '<div>' + esc(item.variant_title) + '</div>' : '') + (props ? '<dl class="properties">' + props + '</dl>' : '') +
                '<div>Qty ' + item.quantity + ' · ' + money(item.final_line_price, cart.currency) + '</div></div>' +
                '<button type="button" class="cart-remove-button" data-line="' + (i + 1) + '" aria-label="Remove ' + esc(item.title) + '">Remove</button></li>';
            }).join('') + '</ul></form>'
          : '<p class="drawer__empty">Your cart is empty</p>') +
        '<div class="drawer__footer"><p>Subtotal: ' + money(cart.total_price, cart.currency) + '</p><a class="button" href="' + base + '/cart">View cart</a></div></div>';
      var bubble = document.getElementById('cart-icon-bubble');
      if (bubble) bubble.textContent = 'Cart' + (cart.item_count ? ' (' + cart.item_count + ')' : '');
    }
    function announce(cart, source) {
      ${flavor === "horizon"
        ? "document.dispatchEvent(new CustomEvent('cart:update', { bubbles: true, detail: { resource: cart, sourceId: source } }));"
        : "publish('cart-update', { source: source, cartData: cart });"}
    }
    function open() { drawer.hidden = false; var c = drawer.querySelector('.drawer__close'); if (c) c.focus(); }
    function close() { drawer.hidden = true; }
    document.addEventListener('submit', function (e) {
      var form = e.target;
      if (!form.matches('form[action*="/cart/add"]')) return;
      e.preventDefault();
      var error = form.querySelector('[data-cart-error]');
      if (error) error.textContent = '';
      fetch(base + '/cart/add.js', { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(new FormData(form)) })
        .then(json).then(getCart)
        .then(function (cart) { render(cart); open(); announce(cart, 'product-form'); })
        .catch(function (err) { if (error) error.textContent = err.message; });
    });
    drawer.addEventListener('click', function (e) {
      if (e.target === drawer || e.target.closest('.drawer__close')) return close();
      var remove = e.target.closest('.cart-remove-button');
      if (!remove) return;
      fetch(base + '/cart/change.js', { method: 'POST', headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify({ line: Number(remove.dataset.line), quantity: 0 }) })
        .then(json).then(function (cart) { render(cart); announce(cart, 'cart-drawer'); });
    });
    document.addEventListener('keydown', function (e) { if (e.key === 'Escape' && !drawer.hidden) close(); });
    var icon = document.getElementById('cart-icon-bubble');
    if (icon) icon.addEventListener('click', function (e) { e.preventDefault(); getCart().then(function (cart) { render(cart); open(); }); });
  })();
</script>`;
}

export function createStorefront(opts: StorefrontOptions) {
  const carts = new Map<string, Cart>();

  // ---- Liquid drops ---------------------------------------------------------------------------------------

  function variantDrop(data: ShopData, variant: VariantRecord) {
    const item = data.itemOf(variant);
    const quantity = data.availableTotal(item);
    const metafields: Record<string, Record<string, { value: unknown; type: string }>> = {};
    for (const m of data.metafieldsOf(toGid("ProductVariant", variant.id))) {
      const namespace = m.namespace === opts.store.appNamespace() ? "$app" : m.namespace;
      (metafields[namespace] ??= {})[m.key] = { value: metafieldValue(m.type, m.value), type: m.type };
    }
    return {
      id: variant.id,
      title: variant.title,
      sku: variant.sku,
      price: Math.round(Number(variant.price) * 100),
      options: variant.optionValues,
      inventory_quantity: item.tracked ? quantity : 0,
      inventory_management: item.tracked ? "shopify" : null,
      inventory_policy: variant.inventoryPolicy === "CONTINUE" ? "continue" : "deny",
      available: !item.tracked || variant.inventoryPolicy === "CONTINUE" || quantity > 0,
      metafields,
    };
  }

  function productDrop(data: ShopData, product: ProductRecord, selectedId?: number) {
    const variants = data.variantsOf(product).map((v) => variantDrop(data, v));
    const selected = variants.find((v) => v.id === selectedId) ?? variants.find((v) => v.available) ?? variants[0];
    return {
      id: product.id,
      title: product.title,
      handle: product.handle,
      vendor: product.vendor,
      description: product.descriptionHtml,
      options: product.options.map((o) => o.name),
      options_with_values: product.options.map((o) => ({ name: o.name, values: o.values })),
      variants,
      has_only_default_variant: variants.length === 1 && variants[0]?.title === "Default Title",
      selected_or_first_available_variant: selected,
      price: selected?.price ?? 0,
      available: variants.some((v) => v.available),
    };
  }

  const visible = (product: ProductRecord) => product.status === "ACTIVE" || product.status === "UNLISTED";
  const listed = (data: ShopData) => [...data.products.values()].filter((p) => p.status === "ACTIVE");

  // ---- Rendering --------------------------------------------------------------------------------------------

  /** The preview theme's own button strings, as Dawn's `products.product.add_to_cart` / `sold_out` in its locales. */
  const THEME_BUTTON_TEXT: Record<StorefrontLocale, { addToCart: string; soldOut: string }> = {
    en: { addToCart: "Add to cart", soldOut: "Sold out" },
    de: { addToCart: "In den Warenkorb", soldOut: "Ausverkauft" },
    fr: { addToCart: "Ajouter au panier", soldOut: "Épuisé" },
    es: { addToCart: "Agregar al carrito", soldOut: "Agotado" },
  };

  async function renderBlock(name: string, locale: StorefrontLocale, currency: string, scope: Record<string, unknown>, id: string) {
    const block = loadBlock(name);
    return createEngine(locale, currency).parseAndRender(block.template, {
      ...scope,
      block: { id, type: name, settings: block.settings, shopify_attributes: "" },
      request: { locale: { iso_code: locale } },
    });
  }

  function layout(args: {
    shop: string;
    data: ShopData;
    title: string;
    body: string;
    locale: StorefrontLocale;
    head?: string;
    cartCount?: number;
    /** The rendered app embed, injected before </body> like Shopify does. */
    embed?: string;
    /** A Dawn-like AJAX cart drawer announcing changes the Dawn or the Horizon way. */
    drawer?: "dawn" | "horizon" | null;
    /** false: leave out the app's stylesheet (?app=off). */
    app?: boolean;
  }) {
    const base = `/storefront/${args.shop.replace(/\.myshopify\.com$/, "")}`;
    return `<!doctype html>
<html lang="${args.locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(args.title)} – ${escapeHtml(args.data.shop.name)}</title>
<link rel="icon" href="data:,">
<style>
  body { font-family: system-ui, -apple-system, "Segoe UI", sans-serif; margin: 0; color: #121212; background: #fff; }
  .sf-header { display: flex; justify-content: space-between; align-items: center; padding: 1rem 2rem; border-bottom: 1px solid #e5e5e5; }
  .sf-header a { color: inherit; text-decoration: none; margin-left: 1rem; }
  .sf-header .sf-logo { font-weight: 700; font-size: 1.25rem; margin-left: 0; }
  .sf-banner { background: #fff4d6; font-size: .8rem; padding: .4rem 2rem; }
  main { max-width: 1100px; margin: 0 auto; padding: 2rem; }
  .product { display: grid; grid-template-columns: 1fr 1fr; gap: 3rem; }
  .product__media { background: #f3f3f3; aspect-ratio: 1; display: grid; place-items: center; font-size: 4rem; color: #bbb; }
  .product__title { font-size: 2rem; margin: 0 0 .5rem; }
  .price { font-size: 1.25rem; margin: 0 0 1rem; }
  .product-form__input { margin: 0 0 1rem; border: 0; padding: 0; }
  .product-form__input label, .product-form__input legend { display: block; font-size: .9rem; margin-bottom: .4rem; }
  select, input[type=number], input[type=email] { font: inherit; padding: .5rem; border: 1px solid #999; border-radius: 4px; }
  .swatches { display: flex; flex-wrap: wrap; gap: .5rem; }
  .swatches label { display: inline-flex; align-items: center; gap: .3rem; border: 1px solid #999; border-radius: 2rem; padding: .3rem .8rem; cursor: pointer; }
  .swatches input:checked + span { font-weight: 700; }
  .product-form__submit, .button { font: inherit; background: #121212; color: #fff; border: 0; padding: .8rem 1.5rem; border-radius: 4px; cursor: pointer; width: 100%; margin-top: .5rem; }
  :focus-visible { outline: 3px solid #2c6ecb; outline-offset: 2px; }
  .grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 1.5rem; list-style: none; padding: 0; }
  .card { border: 1px solid #e5e5e5; border-radius: 6px; padding: 1rem; }
  .card a { color: inherit; }
  .badge { display: inline-block; font-size: .75rem; border-radius: 1rem; padding: .15rem .6rem; background: #eee; }
  .badge[data-state=backorder] { background: #fff0c2; } .badge[data-state=sold_out], .badge[data-state=backorder_cap_reached] { background: #fde2e1; }
  .badge[data-state=in_stock], .badge[data-state=untracked] { background: #dff5e3; } .badge[data-state=low_stock] { background: #ffe8cc; }
  table { border-collapse: collapse; width: 100%; } th, td { text-align: left; padding: .6rem; border-bottom: 1px solid #e5e5e5; vertical-align: top; }
  .properties { margin: .3rem 0 0; font-size: .85rem; color: #555; } .properties dt { display: inline; font-weight: 600; } .properties dd { display: inline; margin: 0; }
  .error { color: #b42318; }
  .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
  .card-wrapper { height: 100%; } .card__inner { position: relative; aspect-ratio: 1; background: #f3f3f3; border-radius: 4px; overflow: hidden; }
  .card__media { display: grid; place-items: center; height: 100%; font-size: 3rem; color: #bbb; }
  .card__content { padding: .75rem 0 0; } .card__heading { font-size: 1rem; margin: 0 0 .25rem; } .card__heading a { text-decoration: none; }
  .grid__item .card { border: 0; padding: 0; }
  cart-drawer { position: fixed; inset: 0; z-index: 100; display: flex; justify-content: flex-end; background: rgba(0,0,0,.35); }
  cart-drawer[hidden] { display: none; }
  #CartDrawer { width: min(420px, 100%); height: 100%; background: #fff; overflow: auto; }
  .drawer__inner { display: flex; flex-direction: column; gap: 1rem; min-height: 100%; padding: 1.5rem; box-sizing: border-box; }
  .drawer__header { display: flex; justify-content: space-between; align-items: center; } .drawer__heading { margin: 0; font-size: 1.25rem; }
  .drawer__close { font: inherit; font-size: 1.5rem; background: none; border: 0; cursor: pointer; }
  .cart-drawer__items { list-style: none; margin: 0; padding: 0; } .cart-item { display: flex; justify-content: space-between; gap: 1rem; padding: .75rem 0; border-bottom: 1px solid #e5e5e5; }
  .cart-remove-button { font: inherit; font-size: .85rem; background: none; border: 1px solid #999; border-radius: 4px; padding: .2rem .5rem; cursor: pointer; height: fit-content; }
  .drawer__footer { margin-top: auto; border-top: 1px solid #e5e5e5; padding-top: 1rem; }
</style>
${args.app === false ? "" : `<link href="/storefront/assets/backorders.css" rel="stylesheet" type="text/css" media="all">`}
${args.drawer ? DAWN_PUBSUB : ""}
${args.head ?? ""}
</head>
<body>
<div class="sf-banner">Storefront preview (Shopify simulator) · locale ${args.locale}</div>
<header class="sf-header">
  <a class="sf-logo" href="${base}">${escapeHtml(args.data.shop.name)}</a>
  <nav><a href="${base}/collections/all">Catalog</a><a href="${base}/cart" id="cart-icon-bubble">Cart${args.cartCount ? ` (${args.cartCount})` : ""}</a></nav>
</header>
<main id="MainContent">
${args.body}
</main>
${args.drawer ? dawnDrawer(base, args.drawer) : ""}
${args.embed ?? ""}
</body>
</html>`;
  }

  function send(res: ServerResponse, status: number, html: string, headers: Record<string, string> = {}) {
    res.writeHead(status, { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store", ...headers });
    res.end(html);
  }

  function shopCookie(shop: string) {
    // The root /apps/backorders/* app proxy reads the shop from this cookie.
    return `_sim_shop=${shop}; Path=/; SameSite=Lax`;
  }

  function cartOf(req: IncomingMessage, shop: string): { id: string; cart: Cart } | null {
    const id = parseCookies(req)._sim_cart;
    const cart = id ? carts.get(id) : undefined;
    return id && cart && cart.shop === shop ? { id, cart } : null;
  }

  const cartCount = (req: IncomingMessage, shop: string) => cartOf(req, shop)?.cart.lines.reduce((n, l) => n + l.quantity, 0) ?? 0;

  /** The app embed as Shopify renders it on every page: cart notice data, and card badges on collection pages. */
  async function renderEmbed(req: IncomingMessage, shop: string, data: ShopData, locale: StorefrontLocale, template: string, extra: Record<string, unknown> = {}) {
    const items = cartItems(data, cartOf(req, shop)?.cart ?? { shop, lines: [] });
    const base = `/storefront/${shop.replace(/\.myshopify\.com$/, "")}`;
    return renderBlock("backorder-embed", locale, data.shop.currencyCode, {
      cart: { items, item_count: items.reduce((n, i) => n + i.quantity, 0) },
      template: { name: template },
      routes: { root_url: `${base}/`, cart_url: `${base}/cart` },
      ...extra,
    }, "embed-1");
  }

  /** Dawn's cart_type setting: a drawer everywhere except the cart page, unless ?cart_type=page. */
  const drawerFor = (url: URL, horizon = false) => (url.searchParams.get("cart_type") === "page" ? null : horizon ? "horizon" : "dawn");

  /** The cart in the shape of Shopify's AJAX API (/cart.js). */
  function cartJson(data: ShopData, cart: Cart, token: string) {
    const items = cart.lines
      .filter((l) => data.variants.has(l.variantId))
      .map((l) => {
        const variant = data.variants.get(l.variantId)!;
        const product = data.productOf(variant);
        const price = Math.round(Number(variant.price) * 100);
        const variantTitle = variant.title === "Default Title" ? null : variant.title;
        return {
          id: variant.id,
          key: lineKey(l),
          quantity: l.quantity,
          variant_id: variant.id,
          product_id: product.id,
          title: variantTitle ? `${product.title} - ${variantTitle}` : product.title,
          product_title: product.title,
          variant_title: variantTitle,
          handle: product.handle,
          url: `/products/${product.handle}?variant=${variant.id}`,
          sku: variant.sku,
          properties: l.properties,
          price,
          line_price: price * l.quantity,
          final_line_price: price * l.quantity,
        };
      });
    return {
      token,
      item_count: items.reduce((n, i) => n + i.quantity, 0),
      items,
      total_price: items.reduce((n, i) => n + i.final_line_price, 0),
      currency: data.shop.currencyCode,
      requires_shipping: true,
    };
  }

  /** The shopper's cart, created (with its cookie) when there is none yet. */
  function ensureCart(req: IncomingMessage, res: ServerResponse, shop: string): { id: string; cart: Cart } {
    let entry = cartOf(req, shop);
    if (!entry) {
      entry = { id: randomBytes(12).toString("hex"), cart: { shop, lines: [] } };
      carts.set(entry.id, entry.cart);
    }
    res.setHeader("Set-Cookie", `_sim_cart=${entry.id}; Path=/; HttpOnly; SameSite=Lax`);
    return entry;
  }

  function addLine(cart: Cart, variantId: number, quantity: number, properties: Record<string, string>) {
    const same = cart.lines.find((l) => l.variantId === variantId && JSON.stringify(l.properties) === JSON.stringify(properties));
    if (same) same.quantity += quantity;
    else cart.lines.push({ variantId, quantity, properties });
    return same ?? cart.lines[cart.lines.length - 1];
  }

  /** Finds a line by key ("variantId:hash") or variant id (first line of that variant). */
  const findLine = (cart: Cart, id: string) => cart.lines.find((l) => lineKey(l) === id) ?? cart.lines.find((l) => String(l.variantId) === id);

  async function ajaxAdd(req: IncomingMessage, res: ServerResponse, shop: string) {
    const body = await readAjax(req);
    const data = opts.store.getShopData(shop);
    const lines = ajaxLines(body);
    for (const line of lines) {
      const variant = data.variants.get(Number(line.id));
      if (!variant) return cartError(res, 404, `Cannot find variant ${line.id || "(missing id)"}.`);
      if (!variantDrop(data, variant).available) {
        const product = data.productOf(variant);
        const title = variant.title === "Default Title" ? product.title : `${product.title} - ${variant.title}`;
        return cartError(res, 422, `The product '${title}' is already sold out.`);
      }
    }
    const entry = ensureCart(req, res, shop);
    const added = lines.map((l) => addLine(entry.cart, Number(l.id), l.quantity, l.properties));
    const items = cartJson(data, { shop, lines: added }, entry.id).items;
    sendJson(res, 200, Array.isArray(body.items) ? { items } : items[0]);
  }

  async function ajaxChange(req: IncomingMessage, res: ServerResponse, shop: string, kind: "change" | "update" | "clear") {
    const body = await readAjax(req);
    const data = opts.store.getShopData(shop);
    const entry = ensureCart(req, res, shop);
    const setQuantity = (line: CartLine | undefined, quantity: unknown) => {
      if (!line) return false;
      const q = Math.max(0, Math.floor(Number(quantity)) || 0);
      if (q === 0) entry.cart.lines = entry.cart.lines.filter((l) => l !== line);
      else line.quantity = q;
      return true;
    };
    if (kind === "clear") entry.cart.lines = [];
    else if (kind === "change") {
      const line = body.line !== undefined ? entry.cart.lines[Number(body.line) - 1] : findLine(entry.cart, String(body.id ?? ""));
      if (!setQuantity(line, body.quantity)) return cartError(res, 400, "No line item matches the id or line parameter.");
    } else {
      const updates = body.updates;
      const pairs: Array<[string, unknown]> = Array.isArray(updates)
        ? updates.map((q, i) => [String(i + 1), q])
        : Object.entries((updates ?? {}) as Record<string, unknown>);
      for (const [id, quantity] of pairs) {
        const line = Array.isArray(updates) ? entry.cart.lines[Number(id) - 1] : findLine(entry.cart, id);
        if (!setQuantity(line, quantity) && Number(quantity) > 0 && data.variants.has(Number(id))) addLine(entry.cart, Number(id), Number(quantity), {});
      }
    }
    sendJson(res, 200, cartJson(data, entry.cart, entry.id));
  }

  function ajaxCart(req: IncomingMessage, res: ServerResponse, shop: string) {
    const entry = cartOf(req, shop);
    sendJson(res, 200, cartJson(opts.store.getShopData(shop), entry?.cart ?? { shop, lines: [] }, entry?.id ?? ""));
  }

  /** Shopify cart permalink /cart/<variantId>:<qty>[,...]: adds the lines, then shows the cart (restock emails link here). */
  function cartPermalink(req: IncomingMessage, res: ServerResponse, shop: string, spec: string, url: URL) {
    const data = opts.store.getShopData(shop);
    const pairs = spec.split(",").map((part) => part.split(":").map(Number) as [number, number]);
    const unknown = pairs.find(([id]) => !data.variants.has(id));
    if (unknown) {
      const body = `<h1>This cart link is out of date</h1><p class="error" role="alert">The product variant ${unknown[0]} in this link is no longer sold. <a href="/storefront/${shop.replace(/\.myshopify\.com$/, "")}/collections/all">Browse the catalog</a> instead.</p>`;
      return send(res, 404, layout({ shop, data, locale: parseLocale(url.searchParams.get("locale")), title: "Cart link", body }));
    }
    const entry = ensureCart(req, res, shop);
    for (const [id, quantity] of pairs) addLine(entry.cart, id, quantity, {});
    const locale = url.searchParams.get("locale");
    res.writeHead(302, { Location: `/storefront/${shop.replace(/\.myshopify\.com$/, "")}/cart${locale ? `?locale=${encodeURIComponent(locale)}` : ""}` });
    res.end();
  }

  // ---- Pages --------------------------------------------------------------------------------------------------

  async function productPage(req: IncomingMessage, res: ServerResponse, shop: string, handle: string, url: URL) {
    const data = opts.store.getShopData(shop);
    const product = [...data.products.values()].find((p) => p.handle === handle && visible(p));
    if (!product) return send(res, 404, layout({ shop, data, locale: "en", title: "Not found", body: "<h1>Product not found</h1>" }));
    const locale = parseLocale(url.searchParams.get("locale"));
    const horizon = url.searchParams.get("theme") === "horizon";
    const currency = data.shop.currencyCode;
    const drop = productDrop(data, product, Number(url.searchParams.get("variant")) || undefined);
    const current = drop.selected_or_first_available_variant;
    const scope = { product: drop, shop: { name: data.shop.name, currency } };
    const app = url.searchParams.get("app") !== "off";
    const availability = app ? await renderBlock("availability", locale, currency, scope, "availability-1") : "";
    const notify = app ? await renderBlock("notify-me", locale, currency, scope, "notify-1") : "";
    const base = `/storefront/${shop.replace(/\.myshopify\.com$/, "")}`;
    const optionName = drop.options[0] ?? "Title";
    const variantsJson = JSON.stringify(drop.variants.map((v) => ({ id: v.id, title: v.title, price: formatMoney(v.price, currency), available: v.available }))).replace(/</g, "\\u003c");

    const picker = drop.has_only_default_variant
      ? `<input type="hidden" name="id" value="${current?.id ?? ""}">`
      : horizon
        ? `<input type="hidden" name="id" value="${current?.id ?? ""}">`
        : `<div class="product-form__input"><label for="variant-select">${escapeHtml(optionName)}</label>
            <select id="variant-select" name="id" class="select__select">${drop.variants
              .map((v) => `<option value="${v.id}"${v.id === current?.id ? " selected" : ""}>${escapeHtml(v.title)}${v.available ? "" : " - Sold out"}</option>`)
              .join("")}</select></div>`;
    const radios =
      horizon && !drop.has_only_default_variant
        ? `<variant-picker><fieldset class="product-form__input"><legend>${escapeHtml(optionName)}</legend><div class="swatches">${drop.variants
            .map(
              (v) =>
                `<label><input type="radio" name="${escapeHtml(optionName)}" value="${escapeHtml(v.title)}" data-variant-id="${v.id}"${v.id === current?.id ? " checked" : ""}><span>${escapeHtml(v.title)}</span></label>`,
            )
            .join("")}</div></fieldset></variant-picker>`
        : "";
    // Like Dawn: a variant that cannot be bought (sold out, policy DENY) disables the button and says so; the
    // theme script below keeps the button in step with the selected variant.
    const buttonText = THEME_BUTTON_TEXT[locale] ?? THEME_BUTTON_TEXT.en;
    const buttonTextJson = JSON.stringify(buttonText).replace(/</g, "\\u003c");
    const followButton = `var button = document.querySelector('#product-form [name="add"]'), buttonText = ${buttonTextJson};
    function followButton(v) {
      button.disabled = !v.available;
      button.querySelector('span').textContent = v.available ? buttonText.addToCart : buttonText.soldOut;
    }`;
    const themeScript = horizon
      ? // Horizon-like: the picker only sets the hidden input's value (no change event) and replaces the URL.
        `<script>
  (function () {
    var variants = ${variantsJson};
    var form = document.querySelector('form[action$="/cart/add"]');
    var input = form.querySelector('input[name="id"]');
    ${followButton}
    document.querySelector('variant-picker').addEventListener('change', function (e) {
      var id = e.target.dataset.variantId;
      if (!id) return;
      input.value = id;
      var v = variants.find(function (x) { return String(x.id) === id; });
      if (v) { document.querySelector('[data-price]').textContent = v.price; followButton(v); }
      history.replaceState(null, '', '?theme=horizon&variant=' + id);
    });
  })();
</script>`
      : // Dawn-like: the select is the form's `id`; on change the price and URL follow.
        `<script>
  (function () {
    var variants = ${variantsJson};
    var select = document.querySelector('select[name="id"]');
    if (!select) return;
    ${followButton}
    select.addEventListener('change', function () {
      var v = variants.find(function (x) { return String(x.id) === select.value; });
      if (v) { document.querySelector('[data-price]').textContent = v.price; followButton(v); }
      history.replaceState(null, '', '?variant=' + select.value);
    });
  })();
</script>`;
    const localeParam = locale === "en" ? "" : `?locale=${locale}`;
    const body = `<section class="shopify-section product" id="shopify-section-main-product" data-theme="${horizon ? "horizon" : "dawn"}">
  <div class="product__media" aria-hidden="true">${escapeHtml(drop.title.slice(0, 1))}</div>
  <product-info class="product__info-container">
    <p class="product__vendor">${escapeHtml(drop.vendor)}</p>
    <h1 class="product__title">${escapeHtml(drop.title)}</h1>
    <p class="price" data-price>${escapeHtml(formatMoney(current?.price ?? 0, currency))}</p>
    ${radios}
    <form method="post" action="${base}/cart/add${localeParam}" id="product-form" class="form" accept-charset="UTF-8" enctype="application/x-www-form-urlencoded">
      ${picker}
      <div class="product-form__input"><label for="quantity">Quantity</label>
        <input id="quantity" type="number" name="quantity" value="1" min="1"></div>
      <button type="submit" name="add" class="product-form__submit"${current && !current.available ? " disabled" : ""}><span>${escapeHtml(current && !current.available ? buttonText.soldOut : buttonText.addToCart)}</span></button>
      <p class="error" role="alert" data-cart-error></p>
    </form>
    ${app ? `<div class="shopify-block shopify-app-block">${availability}</div>
    <div class="shopify-block shopify-app-block">${notify}</div>` : ""}
  </product-info>
</section>
${themeScript}`;
    const head = app ? `<script src="/storefront/assets/availability.js" defer></script>` : "";
    const embed = app ? await renderEmbed(req, shop, data, locale, "product", { product: drop }) : "";
    const drawer = drawerFor(url, horizon);
    send(res, 200, layout({ shop, data, locale, title: drop.title, body, head, embed, drawer, app, cartCount: cartCount(req, shop) }), { "Set-Cookie": shopCookie(shop) });
  }

  async function addToCart(req: IncomingMessage, res: ServerResponse, shop: string, url: URL) {
    const form = await readForm(req);
    const data = opts.store.getShopData(shop);
    const variantId = Number(form.get("id"));
    const quantity = Math.max(1, Math.floor(Number(form.get("quantity") ?? 1)) || 1);
    if (!data.variants.has(variantId)) {
      return send(res, 422, layout({ shop, data, locale: "en", title: "Cart error", body: `<p class="error">Unknown variant ${escapeHtml(form.get("id"))}</p>` }));
    }
    const properties: Record<string, string> = {};
    for (const [key, value] of form) {
      const m = /^properties\[(.+)\]$/.exec(key);
      if (m && value !== "") properties[m[1]] = value;
    }
    let entry = cartOf(req, shop);
    const headers: Record<string, string> = {};
    if (!entry) {
      entry = { id: randomBytes(12).toString("hex"), cart: { shop, lines: [] } };
      carts.set(entry.id, entry.cart);
    }
    const same = entry.cart.lines.find((l) => l.variantId === variantId && JSON.stringify(l.properties) === JSON.stringify(properties));
    if (same) same.quantity += quantity;
    else entry.cart.lines.push({ variantId, quantity, properties });
    headers["Set-Cookie"] = `_sim_cart=${entry.id}; Path=/; HttpOnly; SameSite=Lax`;
    const locale = url.searchParams.get("locale");
    res.writeHead(303, { ...headers, Location: `/storefront/${shop.replace(/\.myshopify\.com$/, "")}/cart${locale ? `?locale=${encodeURIComponent(locale)}` : ""}` });
    res.end();
  }

  function cartItems(data: ShopData, cart: Cart) {
    return cart.lines
      .map((l, index) => ({ l, index }))
      .filter(({ l }) => data.variants.has(l.variantId))
      .map(({ l, index }) => {
        const variant = data.variants.get(l.variantId)!;
        const product = data.productOf(variant);
        return {
          id: variant.id,
          /** The line's position in the cart, which is its index in a checkout's `$.cart.lines[i]` targets. */
          index,
          quantity: l.quantity,
          properties: l.properties,
          final_line_price: Math.round(Number(variant.price) * 100) * l.quantity,
          product: { id: product.id, title: product.title, handle: product.handle },
          variant: { id: variant.id, title: variant.title },
        };
      });
  }

  /**
   * The cart page; after a checkout the shop's validation functions refused, the same page with each function
   * message next to the line it targets (cart-level ones above the table), so the shopper can change quantities
   * and check out again.
   */
  async function renderCart(req: IncomingMessage, shop: string, locale: StorefrontLocale, refusal: { error: CheckoutError; email: string } | null = null) {
    const data = opts.store.getShopData(shop);
    const currency = data.shop.currencyCode;
    const base = `/storefront/${shop.replace(/\.myshopify\.com$/, "")}`;
    const items = cartItems(data, cartOf(req, shop)?.cart ?? { shop, lines: [] });
    const embed = await renderEmbed(req, shop, data, locale, "cart");
    const errors = refusal?.error.errors ?? [];
    const alert = (message: string, target: string) => `<p class="error" role="alert" data-validation-error="${target}">${escapeHtml(message)}</p>`;
    const rows = items
      .map(
        (item) => `<tr data-cart-line data-variant-id="${item.id}" data-line-index="${item.index}">
  <td><a href="${base}/products/${escapeHtml(item.product.handle)}?variant=${item.id}">${escapeHtml(item.product.title)}</a>
    ${item.variant.title === "Default Title" ? "" : `<div>${escapeHtml(item.variant.title)}</div>`}
    ${
      Object.keys(item.properties).length
        ? `<dl class="properties">${Object.entries(item.properties)
            .map(([k, v]) => `<div data-property="${escapeHtml(k)}"><dt>${escapeHtml(k)}:</dt> <dd>${escapeHtml(v)}</dd></div>`)
            .join("")}</dl>`
        : ""
    }${errors
      .filter((e) => e.lineIndex === item.index)
      .map((e) => alert(e.message, String(item.index)))
      .join("")}</td>
  <td><span class="visually-hidden" aria-hidden="true" data-quantity-text>${item.quantity}</span><input type="number" name="updates[]" value="${item.quantity}" min="0" aria-label="Quantity for ${escapeHtml(item.product.title)}${item.variant.title === "Default Title" ? "" : ` (${escapeHtml(item.variant.title)})`}" data-line-quantity></td>
  <td>${escapeHtml(formatMoney(item.final_line_price, currency))}</td>
</tr>`,
      )
      .join("");
    const cartLevel = errors.filter((e) => e.lineIndex === null || !items.some((item) => item.index === e.lineIndex));
    const body = items.length
      ? `<h1>Your cart</h1>
<form action="${base}/cart" method="post" id="cart"${refusal ? ` data-checkout-error="${escapeHtml(refusal.error.code)}"` : ""}>
  ${cartLevel.map((e) => alert(e.message, "cart")).join("")}
  <table><thead><tr><th>Product</th><th>Quantity</th><th>Total</th></tr></thead><tbody>${rows}</tbody></table>
  <p><label for="checkout-email">Email</label> <input id="checkout-email" type="email" name="email" autocomplete="email" value="${escapeHtml(refusal?.email ?? "")}"></p>
  <input type="hidden" name="locale" value="${locale}">
  <button type="submit" name="checkout" class="button" formaction="${base}/checkout">Check out</button>
</form>`
      : `<h1>Your cart is empty</h1><p><a href="${base}/collections/all">Continue shopping</a></p>`;
    return layout({ shop, data, locale, title: "Cart", body, embed, cartCount: cartCount(req, shop) });
  }

  async function cartPage(req: IncomingMessage, res: ServerResponse, shop: string, url: URL) {
    send(res, 200, await renderCart(req, shop, parseLocale(url.searchParams.get("locale"))), { "Set-Cookie": shopCookie(shop) });
  }

  /** The cart form's `updates[]` (one per line, in order, Dawn's cart form): new quantities, 0 removes the line. */
  function applyCartUpdates(cart: Cart, form: URLSearchParams): void {
    const updates = form.getAll("updates[]");
    if (updates.length !== cart.lines.length) return;
    const quantities = updates.map((value) => Math.max(0, Math.floor(Number(value)) || 0));
    cart.lines = cart.lines.map((line, i) => ({ ...line, quantity: quantities[i] })).filter((line) => line.quantity > 0);
  }

  async function checkout(req: IncomingMessage, res: ServerResponse, shop: string) {
    const form = await readForm(req);
    const data = opts.store.getShopData(shop);
    const entry = cartOf(req, shop);
    if (entry) applyCartUpdates(entry.cart, form);
    if (!entry || !entry.cart.lines.length) {
      return send(res, 422, layout({ shop, data, locale: "en", title: "Checkout", body: `<h1>Checkout</h1><p class="error" role="alert">Your cart is empty.</p>` }));
    }
    const email = form.get("email") || undefined;
    // The shopper's storefront language becomes the order's customer_locale (what order emails are written in).
    const locale = parseLocale(form.get("locale"));
    let order: Record<string, unknown>;
    try {
      order = opts.store.checkout(shop, {
        lines: entry.cart.lines.map((l) => ({ variantId: toGid("ProductVariant", l.variantId), quantity: l.quantity, properties: l.properties })),
        ...(email ? { email } : {}),
        customerLocale: locale,
      }) as Record<string, unknown>;
    } catch (error) {
      if (error instanceof CheckoutError && (error.code === "VALIDATION_FAILED" || error.code === "VALIDATION_UNAVAILABLE")) {
        // Like Shopify's checkout: the cart is kept and the functions' messages are shown where they point.
        return send(res, 422, await renderCart(req, shop, locale, { error, email: email ?? "" }));
      }
      if (error instanceof CheckoutError) {
        const body = `<h1>Checkout</h1><p class="error" role="alert" data-checkout-error="${escapeHtml(error.code)}">${escapeHtml(error.message)}</p>
<p><a href="/storefront/${shop.replace(/\.myshopify\.com$/, "")}/cart">Back to cart</a></p>`;
        return send(res, 422, layout({ shop, data, locale: "en", title: "Checkout", body }));
      }
      throw error;
    }
    carts.delete(entry.id);
    const lineItems = (order.line_items ?? []) as Array<{ title: string; variant_title: string | null; quantity: number; properties: Array<{ name: string; value: string | null }> }>;
    const body = `<h1>Thank you!</h1>
<p>Order <strong data-order-name>${escapeHtml(order.name)}</strong> is confirmed.</p>
<table><thead><tr><th>Item</th><th>Quantity</th></tr></thead><tbody>${lineItems
      .map(
        (li) => `<tr data-order-line><td>${escapeHtml(li.title)}${li.variant_title ? ` – ${escapeHtml(li.variant_title)}` : ""}${
          li.properties.length
            ? `<dl class="properties">${li.properties.map((p) => `<div data-property="${escapeHtml(p.name)}"><dt>${escapeHtml(p.name)}:</dt> <dd>${escapeHtml(p.value)}</dd></div>`).join("")}</dl>`
            : ""
        }</td><td>${li.quantity}</td></tr>`,
      )
      .join("")}</tbody></table>`;
    send(res, 200, layout({ shop, data, locale, title: `Order ${String(order.name)}`, body }));
  }

  async function collectionPage(req: IncomingMessage, res: ServerResponse, shop: string, url: URL) {
    const data = opts.store.getShopData(shop);
    const locale = parseLocale(url.searchParams.get("locale"));
    const engine = createEngine(locale, data.shop.currencyCode);
    const base = `/storefront/${shop.replace(/\.myshopify\.com$/, "")}`;
    // Dawn's card-product markup (the app embed's badge script targets .card-wrapper / .card__inner and the link);
    // the small availability line under the price is the simulator's own preview aid.
    const card = `{%- assign v = product.selected_or_first_available_variant -%}{%- assign today = 'now' | date: '%Y-%m-%d' -%}
<li class="grid__item" data-product-handle="{{ product.handle }}">
  <div class="card-wrapper product-card-wrapper">
    <div class="card card--standard">
      <div class="card__inner ratio"><div class="card__media" aria-hidden="true">{{ product.title | slice: 0 | escape }}</div></div>
      <div class="card__content">
        <h3 class="card__heading"><a href="{{ base }}/products/{{ product.handle | escape }}" class="full-unstyled-link">{{ product.title | escape }}</a></h3>
        <div class="price">{{ product.price | money }}</div>
        <span class="badge" data-state="{%- render 'bo-variant', variant: v, part: 'state', threshold: 5, today: today -%}">{%- render 'bo-variant', variant: v, part: 'text', threshold: 5, today: today -%}</span>
      </div>
    </div>
  </div>
</li>`;
    const products = listed(data).map((product) => productDrop(data, product));
    const cards: string[] = [];
    for (const product of products) cards.push(await engine.parseAndRender(card, { product, base }));
    const body = `<h1>Products</h1><ul class="grid">${cards.join("")}</ul>`;
    const app = url.searchParams.get("app") !== "off";
    const embed = app ? await renderEmbed(req, shop, data, locale, "collection", { collection: { handle: "all", title: "Products", products } }) : "";
    send(res, 200, layout({ shop, data, locale, title: "Products", body, embed, app, drawer: drawerFor(url), cartCount: cartCount(req, shop) }), { "Set-Cookie": shopCookie(shop) });
  }

  async function indexPage(req: IncomingMessage, res: ServerResponse, shop: string, url: URL) {
    const data = opts.store.getShopData(shop);
    const base = `/storefront/${shop.replace(/\.myshopify\.com$/, "")}`;
    const items = listed(data)
      .map((p) => `<li><a href="${base}/products/${escapeHtml(p.handle)}">${escapeHtml(p.title)}</a> · <a href="${base}/products/${escapeHtml(p.handle)}?theme=horizon">Horizon</a></li>`)
      .join("");
    const body = `<h1>${escapeHtml(data.shop.name)}</h1><p><a href="${base}/collections/all">All products</a> · <a href="${base}/cart">Cart</a></p><ul>${items}</ul>`;
    const embed = await renderEmbed(req, shop, data, "en", "index");
    send(res, 200, layout({ shop, data, locale: "en", title: "Home", body, embed, drawer: drawerFor(url), cartCount: cartCount(req, shop) }), { "Set-Cookie": shopCookie(shop) });
  }

  /** Handles /storefront/* requests; false when the path is not one of ours. */
  async function handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> {
    const method = req.method ?? "GET";
    const path = url.pathname;
    let match: RegExpMatchArray | null;
    if ((match = path.match(/^\/storefront\/assets\/([^/]+)$/)) && (method === "GET" || method === "HEAD")) {
      const asset = readAsset(decodeURIComponent(match[1]));
      if (!asset) return false;
      res.writeHead(200, { "Content-Type": asset.type, "Content-Length": String(asset.body.length), "Cache-Control": "no-cache" });
      res.end(method === "HEAD" ? undefined : asset.body);
      return true;
    }
    if (!(match = path.match(/^\/storefront\/([^/]+)(\/.*)?$/))) return false;
    const shop = opts.resolveShop(match[1]);
    const rest = (match[2] ?? "").replace(/\/$/, "");
    if (method === "GET" && rest === "") return await indexPage(req, res, shop, url), true;
    if (method === "GET" && rest === "/collections/all") return await collectionPage(req, res, shop, url), true;
    if (method === "GET" && (match = rest.match(/^\/products\/([^/]+)$/))) return await productPage(req, res, shop, decodeURIComponent(match[1]), url), true;
    if (method === "POST" && rest === "/cart/add") return await addToCart(req, res, shop, url), true;
    if (method === "GET" && rest === "/cart.js") return ajaxCart(req, res, shop), true;
    if (method === "POST" && rest === "/cart/add.js") return await ajaxAdd(req, res, shop), true;
    if (method === "POST" && (match = rest.match(/^\/cart\/(change|update|clear)\.js$/))) return await ajaxChange(req, res, shop, match[1] as "change" | "update" | "clear"), true;
    if (method === "GET" && (match = rest.match(/^\/cart\/(\d+:[1-9]\d{0,3}(?:,\d+:[1-9]\d{0,3})*)$/))) return cartPermalink(req, res, shop, match[1], url), true;
    if (method === "GET" && rest === "/cart") return await cartPage(req, res, shop, url), true;
    if (method === "POST" && (rest === "/checkout" || rest === "/cart")) return await checkout(req, res, shop), true;
    return false;
  }

  return { handle, carts };
}
