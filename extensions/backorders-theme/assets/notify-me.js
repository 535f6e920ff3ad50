// @ts-check
/** <backorder-notify>: submits the notify-me form to the app proxy and shows the result inline. */
(() => {
  if (customElements.get('backorder-notify')) return;
  class BackorderNotify extends HTMLElement {
    connectedCallback() {
      this.form = this.querySelector('form');
      this.status = this.querySelector('[data-bo-status]');
      if (!this.form) return;
      this.form.addEventListener('submit', (e) => {
        e.preventDefault();
        this.submit();
      });
      if (this.dataset.pendingSubmit) {
        delete this.dataset.pendingSubmit;
        this.submit();
      }
    }

    /** @param {string} text @param {string} kind */
    show(text, kind) {
      if (!this.status) return;
      this.status.textContent = text;
      this.status.setAttribute('data-kind', kind);
    }

    async submit() {
      const form = /** @type {HTMLFormElement} */ (this.form);
      const email = /** @type {HTMLInputElement | null} */ (form.querySelector('[name="email"]'));
      if (email && !email.checkValidity()) {
        email.setAttribute('aria-invalid', 'true');
        this.show(this.dataset.msgInvalid || '', 'error');
        email.focus();
        return;
      }
      email && email.removeAttribute('aria-invalid');
      const consent = /** @type {HTMLInputElement | null} */ (form.querySelector('[name="consent"]'));
      if (consent && !consent.checked) {
        this.show(this.dataset.msgConsent || '', 'error');
        consent.focus();
        return;
      }
      const button = /** @type {HTMLButtonElement | null} */ (form.querySelector('[type="submit"]'));
      if (button) button.disabled = true;
      this.setAttribute('aria-busy', 'true');
      try {
        const body = new URLSearchParams(/** @type {any} */ (new FormData(form)));
        const res = await fetch(form.getAttribute('action') || '/apps/backorders/notify', {
          method: 'POST',
          headers: { Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' },
          body,
        });
        /** @type {{ ok?: boolean, error?: { message?: string, code?: string } }} */
        const data = await res.json().catch(() => ({}));
        if (res.ok && data.ok) {
          this.show(this.dataset.msgSuccess || '', 'success');
          form.reset();
        } else {
          // The server's message is English; show the shopper's-language string for the codes a shopper can act on.
          const byCode = /** @type {Record<string, string | undefined>} */ ({
            INVALID_EMAIL: this.dataset.msgInvalid,
            CONSENT_REQUIRED: this.dataset.msgConsent,
            RATE_LIMITED: this.dataset.msgRateLimited,
            VARIANT_AVAILABLE: this.dataset.msgAvailable,
          });
          this.show(byCode[(data.error && data.error.code) || ''] || this.dataset.msgError || '', 'error');
        }
      } catch {
        this.show(this.dataset.msgError || '', 'error');
      } finally {
        if (button) button.disabled = false;
        this.removeAttribute('aria-busy');
      }
    }
  }
  customElements.define('backorder-notify', BackorderNotify);
})();
