// @ts-check
/**
 * <backorder-availability>: follows the selected variant of the surrounding product form and shows the
 * pre-rendered availability text embedded as JSON (no network requests).
 */
(() => {
  if (customElements.get('backorder-availability')) return;
  const EVENTS = ['variant:change', 'variant:changed', 'variant:update', 'on:variant:change'];

  class BackorderAvailability extends HTMLElement {
    connectedCallback() {
      const json = this.querySelector('[data-bo-variants]');
      /** @type {Array<{id:number,state:string,eta:string,text:string,cap:string,message:string,property:string}>} */
      this.variants = json ? JSON.parse(json.textContent || '[]') : [];
      this.current = this.dataset.variantId || '';
      this.sync = () => this.update(this.readId());
      /** @param {Event} e */
      this.onEvent = (e) => {
        const d = /** @type {any} */ (e).detail || {};
        const id = (d.variant && d.variant.id) || (d.resource && d.resource.id) || d.variantId || d.id;
        id ? this.update(String(id)) : this.sync();
      };
      /** @param {Event} e */
      this.onChange = (e) => {
        const t = /** @type {HTMLElement} */ (e.target);
        if (this.form && this.form.contains(t)) this.sync();
      };
      document.addEventListener('change', this.onChange, true);
      EVENTS.forEach((n) => document.addEventListener(n, this.onEvent));
      addEventListener('popstate', this.sync);
      this.wrapHistory();
      this.bind();
      this.observer = new MutationObserver((records) => {
        // React only to the variant input (its value attribute, or the input being replaced), never to our own edits.
        const relevant = records.some((r) =>
          r.type === 'attributes' ? /** @type {Element} */ (r.target).getAttribute('name') === 'id' : [...r.addedNodes, ...r.removedNodes].some((n) => n instanceof Element && (n.matches('[name="id"]') || !!n.querySelector('[name="id"]'))),
        );
        if (!relevant) return;
        if (!this.form || !this.form.isConnected || this.input !== this.form.querySelector('[name="id"]')) this.bind();
        this.sync();
      });
      this.observeForm();
      this.sync();
    }

    disconnectedCallback() {
      document.removeEventListener('change', this.onChange, true);
      EVENTS.forEach((n) => document.removeEventListener(n, this.onEvent));
      removeEventListener('popstate', this.sync);
      this.observer && this.observer.disconnect();
    }

    wrapHistory() {
      const w = /** @type {any} */ (window);
      if (!w.__boHistory) {
        w.__boHistory = 1;
        ['pushState', 'replaceState'].forEach((k) => {
          const orig = /** @type {any} */ (history)[k];
          /** @type {any} */ (history)[k] = function (/** @type {any[]} */ ...a) {
            const r = orig.apply(this, a);
            dispatchEvent(new Event('bo:url'));
            return r;
          };
        });
      }
      addEventListener('bo:url', this.sync);
    }

    /** Finds the product form of this product (nearest section first) and hooks its variant input. */
    bind() {
      const scope = this.closest('.shopify-section, section, product-info, main') || document;
      /** @type {HTMLFormElement | null} */
      this.form = scope.querySelector('form[action*="/cart/add"]') || document.querySelector('form[action*="/cart/add"]');
      /** @type {HTMLInputElement | null} */
      this.input = this.form && this.form.querySelector('[name="id"]');
      const input = /** @type {any} */ (this.input);
      if (input && !input.__bo) {
        input.__bo = 1;
        const proto = Object.getPrototypeOf(input);
        const desc = Object.getOwnPropertyDescriptor(proto, 'value');
        if (desc && desc.set && desc.get) {
          const self = this;
          Object.defineProperty(input, 'value', {
            configurable: true,
            get() { return /** @type {any} */ (desc.get).call(this); },
            set(v) { /** @type {any} */ (desc.set).call(this, v); self.sync(); },
          });
        }
      }
      this.observeForm();
    }

    observeForm() {
      if (!this.observer) return;
      this.observer.disconnect();
      this.observer.observe(this.form || document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
    }

    /** @returns {string} */
    readId() {
      if (this.input && this.input.value) return this.input.value;
      return new URLSearchParams(location.search).get('variant') || this.current || '';
    }

    /** @param {string} id */
    update(id) {
      const v = this.variants && this.variants.find((x) => String(x.id) === id);
      if (!v) return;
      const changed = id !== this.rendered;
      this.rendered = this.current = this.dataset.variantId = id;
      this.dataset.state = v.state;
      this.set('[data-bo-text]', v.text);
      this.set('[data-bo-cap]', v.cap);
      this.set('[data-bo-message]', v.message);
      this.applyForm(v);
      document.querySelectorAll('backorder-notify').forEach((n) => {
        const el = /** @type {HTMLElement} */ (n);
        el.hidden = !(el.dataset.states || '').split(',').includes(v.state);
        const hidden = /** @type {HTMLInputElement | null} */ (el.querySelector('[data-bo-notify-variant]'));
        if (hidden) hidden.value = id;
      });
      if (changed) this.dispatchEvent(new CustomEvent('backorders:variant-change', { bubbles: true, detail: { variantId: id, state: v.state, eta: v.eta } }));
    }

    /** @param {string} sel @param {string} text */
    set(sel, text) {
      const el = this.querySelector(sel);
      if (el && el.textContent !== text) el.textContent = text;
    }

    /** @param {{state:string, property:string}} v */
    applyForm(v) {
      const form = this.form;
      if (!form) return;
      /** @type {HTMLInputElement | null} */
      let prop = form.querySelector('input[data-bo-property]');
      if (v.property) {
        if (!prop) {
          prop = document.createElement('input');
          prop.type = 'hidden';
          prop.name = 'properties[Backorder]';
          prop.dataset.boProperty = '';
          form.appendChild(prop);
        }
        prop.value = v.property;
      } else if (prop) prop.remove();
      const mode = this.dataset.relabel;
      if (!mode || mode === 'none') return;
      const btn = /** @type {HTMLElement | null} */ (form.querySelector('[type="submit"][name="add"], button[type="submit"]'));
      if (!btn) return;
      const target = /** @type {HTMLElement} */ (btn.querySelector('span') || btn);
      if (v.state === 'backorder') {
        if (!btn.dataset.boLabel) btn.dataset.boLabel = target.textContent || '';
        const label = (mode === 'preorder' ? this.dataset.labelPreorder : this.dataset.labelBackorder) || '';
        if (target.textContent !== label) target.textContent = label;
      } else if (btn.dataset.boLabel) {
        target.textContent = btn.dataset.boLabel;
        delete btn.dataset.boLabel;
      }
    }
  }
  customElements.define('backorder-availability', BackorderAvailability);
})();
