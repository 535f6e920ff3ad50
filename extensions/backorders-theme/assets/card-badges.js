// @ts-check
/**
 * Product card badges (collection and search pages only): the app embed renders a handle → badge map in Liquid;
 * this overlays the badge on each matching card's media, absolutely positioned so the layout never shifts.
 */
(() => {
  const data = document.getElementById('bo-badges');
  if (!data) return;
  /** @type {Record<string, {s: string, t: string, e?: string}>} */
  const map = JSON.parse(data.textContent || '{}');
  const CARD = '.card-wrapper,product-card,.product-card,.grid__item,li';
  const MEDIA = '.card__inner,.card__media,.card-gallery,.product-card__media,.product-media';

  function run() {
    document.querySelectorAll('a[href*="/products/"]').forEach((a) => {
      const m = /\/products\/([^/?#]+)/.exec(a.getAttribute('href') || '');
      let handle = '';
      try {
        handle = m ? decodeURIComponent(m[1]) : '';
      } catch {
        return;
      }
      const badge = Object.prototype.hasOwnProperty.call(map, handle) && map[handle];
      const card = badge && a.closest(CARD);
      if (!badge || !card || card.querySelector('[data-bo-badge]')) return;
      const host = /** @type {HTMLElement} */ (card.querySelector(MEDIA) || card);
      if (getComputedStyle(host).position === 'static') host.style.position = 'relative';
      const el = document.createElement('span');
      el.className = 'bo-badge';
      el.dataset.boBadge = badge.s;
      el.textContent = badge.t;
      host.appendChild(el);
    });
  }

  run();
  // Filters, sorting and infinite scroll re-render the grid: badge the new cards once per frame.
  let queued = 0;
  new MutationObserver(() => {
    if (!queued) queued = requestAnimationFrame(() => ((queued = 0), run()));
  }).observe(document.body, { childList: true, subtree: true });
})();
