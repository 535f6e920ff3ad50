// @ts-check
/**
 * Backorder cart notice that follows AJAX cart changes (loaded by the app embed only on pages with a cart form or a
 * cart drawer). No polling: it reacts to the theme's cart events (Dawn pub/sub `cart-update`, Horizon-style
 * `cart:update`) and to successful fetch/XHR requests to /cart/{add,change,update,clear}, then re-reads /cart.js once
 * (changes arriving together are coalesced into one read).
 *
 * Placement: themes re-render their drawer by replacing its innerHTML after every change (Dawn's section rendering),
 * so a notice inserted once is soon gone. Instead, while there are backordered lines, one body MutationObserver
 * re-places a notice per target (each outermost cart drawer, before its footer; the cart page's form) whenever it
 * is missing or misplaced. Placing is idempotent, so our own insertions settle after one extra check.
 */
(() => {
  const w = /** @type {any} */ (window);
  const data = document.getElementById('bo-cart-data');
  if (w.__boCart || !data) return;
  w.__boCart = 1;
  /** @type {{cart:string, heading:string, lines:string[][]}} */
  const cfg = JSON.parse(data.textContent || '{}');
  let lines = cfg.lines || [];
  const DRAWERS = 'cart-drawer,cart-drawer-component,[id*="cart-drawer"],#CartDrawer';
  const CHANGE = /\/cart\/(add|change|update|clear)(\.js)?$/;
  /** @type {Map<Element | string, HTMLElement>} */
  const notices = new Map();
  const server = /** @type {HTMLElement | null} */ (document.querySelector('[data-bo-cart-notice]'));
  if (server) notices.set('page', server);
  let uid = 0;

  function make() {
    const n = document.createElement('aside');
    const title = document.createElement('p');
    const id = 'bo-cart-notice-' + ++uid;
    n.className = 'bo-cart-notice';
    n.dataset.boCartNotice = 'drawer';
    n.setAttribute('aria-labelledby', id);
    title.className = 'bo-cart-notice__title';
    title.id = id;
    title.textContent = cfg.heading;
    const list = document.createElement('ul');
    list.className = 'bo-cart-notice__list';
    n.append(title, list);
    return fill(n);
  }

  /** @param {HTMLElement} n */
  function fill(n) {
    const list = n.querySelector('ul');
    if (!list) return n;
    list.replaceChildren(
      ...lines.map((l) => {
        const li = document.createElement('li');
        li.textContent = l[0] + (l[1] ? ' (' + l[1] + ')' : '') + ': ' + l[2];
        return li;
      }),
    );
    return n;
  }

  function place() {
    /** @type {Array<[Element | string, Node, Node | null]>} */
    const spots = [];
    const all = [...document.querySelectorAll(DRAWERS)];
    const drawers = all.filter((d) => !all.some((o) => o !== d && o.contains(d)));
    drawers.forEach((d) => {
      const foot = d.querySelector('.drawer__footer,.cart-drawer__footer,.cart__footer');
      const parent = foot && foot.parentNode;
      spots.push(parent ? [d, parent, foot] : [d, d.querySelector('.drawer__inner') || d, null]);
    });
    const form = [...document.querySelectorAll('form[action$="/cart"]')].find((f) => !drawers.some((d) => d.contains(f)));
    if (form && form.parentNode) spots.push(['page', form.parentNode, form]);
    for (const [key, parent, before] of spots) {
      let n = notices.get(key);
      if (!n) notices.set(key, (n = make()));
      n.hidden = false;
      if (n.parentNode !== parent || (before && n.nextSibling !== before)) parent.insertBefore(n, before);
    }
  }

  const observer = new MutationObserver(place);
  function render() {
    observer.disconnect();
    notices.forEach((n) => (lines.length ? fill(n) : n.remove()));
    if (!lines.length) return;
    place();
    observer.observe(document.body, { childList: true, subtree: true });
  }

  /** @param {any} cart */
  function apply(cart) {
    lines = cart.items
      .filter((/** @type {any} */ i) => i.properties && i.properties.Backorder)
      .map((/** @type {any} */ i) => [i.product_title, i.variant_title || '', i.properties.Backorder]);
    render();
  }

  const fetch0 = w.fetch;
  let timer = 0;
  let busy = false;
  let again = false;
  async function refresh() {
    if (busy) return void (again = true);
    busy = true;
    try {
      const res = await fetch0.call(w, cfg.cart, { headers: { Accept: 'application/json' }, credentials: 'same-origin' });
      if (res.ok) apply(await res.json());
    } catch {
      // Keep the last notice; the next cart change reads the cart again.
    }
    busy = false;
    if (again) {
      again = false;
      refresh();
    }
  }
  /** @param {any} [cart] A cart the event already carries (Horizon's detail.resource) saves the request. */
  function schedule(cart) {
    clearTimeout(timer);
    if (cart && Array.isArray(cart.items) && cart.items.every((/** @type {any} */ i) => 'properties' in i)) apply(cart);
    else timer = window.setTimeout(refresh, 30);
  }

  // Observe, never alter: the theme gets the very same promise; our branch ignores failures so it adds no noise.
  w.fetch = function (/** @type {any[]} */ ...args) {
    const result = fetch0.apply(this, args);
    try {
      const input = args[0];
      const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url, location.href);
      if (CHANGE.test(url.pathname)) result.then((/** @type {Response} */ r) => r.ok && schedule(), () => {});
    } catch {
      // An unparsable URL is the theme's business.
    }
    return result;
  };
  // Older themes (jQuery) use XHR: same idea, a listener on the request, nothing else touched.
  const open0 = XMLHttpRequest.prototype.open;
  XMLHttpRequest.prototype.open = function (/** @type {any[]} */ ...args) {
    try {
      if (CHANGE.test(new URL(String(args[1]), location.href).pathname)) this.addEventListener('load', () => this.status < 400 && schedule());
    } catch {
      // As above.
    }
    return open0.apply(this, /** @type {any} */ (args));
  };
  ['cart:update', 'cart:updated', 'cart:refresh'].forEach((type) =>
    document.addEventListener(type, (e) => schedule(/** @type {any} */ (e).detail && /** @type {any} */ (e).detail.resource)),
  );
  if (typeof w.subscribe === 'function') w.subscribe('cart-update', () => schedule());
  render();
})();
