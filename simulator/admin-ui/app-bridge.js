/*
 * Local stand-in for App Bridge v4 (https://cdn.shopify.com/shopifycloud/app-bridge.js), served by the Shopify
 * simulator at /app-bridge.js. PRODUCTION AND `shopify app dev` LOAD THE REAL SCRIPT; the app only points here
 * when APP_BRIDGE_URL (server: bounce/exit-iframe pages) and the AppProvider's __APP_BRIDGE_URL (client) are set
 * to the simulator, so it can run with no internet.
 *
 * It implements just what an embedded Remix app relies on inside the admin iframe:
 *   - window.shopify: config, idToken(), toast, loading(), saveBar, modal, environment;
 *   - fetch() patched so same-origin requests carry `Authorization: Bearer <session token>` (Remix client
 *     navigations and form submissions authenticate with it), retrying once on
 *     `X-Shopify-Retry-Invalid-Session-Request: 1` and following `X-Shopify-API-Request-Failure-Reauthorize-Url`;
 *   - the bounce page: when the URL carries `shopify-reload`, navigate there with a fresh `id_token`;
 *   - <ui-nav-menu> links and <ui-title-bar> title sent to the admin page, which renders them;
 *   - the admin page asking the iframe to navigate (nav link clicks) and being told the iframe's location.
 * Session tokens come from the parent admin page over postMessage (the parent fetches /_sim/id-token), as real
 * App Bridge gets them from admin; outside an iframe it asks the simulator directly.
 */
(function () {
  "use strict";
  if (window.shopify && window.shopify.__simulator) return;

  var script = document.currentScript;
  var meta = document.querySelector('meta[name="shopify-api-key"]');
  var apiKey = (script && script.getAttribute("data-api-key")) || (meta && meta.getAttribute("content")) || "";
  var simulatorOrigin = script && script.src ? new URL(script.src).origin : window.location.origin;
  var framed = window.parent !== window;
  var nativeFetch = window.fetch.bind(window);
  var params = new URLSearchParams(window.location.search);

  // Remix client navigations drop shop/host from the URL; remember them for this tab like App Bridge does.
  var storageKey = "sim-app-bridge:" + apiKey;
  var remembered = {};
  try {
    remembered = JSON.parse(window.sessionStorage.getItem(storageKey) || "{}");
  } catch (error) {
    remembered = {};
  }
  var config = {
    apiKey: apiKey,
    shop: params.get("shop") || remembered.shop || "",
    host: params.get("host") || remembered.host || "",
    locale: params.get("locale") || remembered.locale || "en",
  };
  try {
    window.sessionStorage.setItem(storageKey, JSON.stringify(config));
  } catch (error) {
    /* storage can be disabled; config still works for this page */
  }

  function postToAdmin(message) {
    if (!framed) return;
    message.source = "sim-app-bridge";
    window.parent.postMessage(message, simulatorOrigin);
  }

  // ---- Session tokens -------------------------------------------------------------------------------------

  var cachedToken = null;
  var pendingToken = null;
  var tokenRequests = {};
  var nextRequestId = 1;

  function expiryOf(token) {
    try {
      var payload = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
      return JSON.parse(window.atob(payload)).exp * 1000;
    } catch (error) {
      return 0;
    }
  }

  function isFresh(token) {
    // Renew 10 s early so a token never expires between here and the app's server.
    return Boolean(token) && expiryOf(token) - Date.now() > 10000;
  }

  function requestTokenFromAdmin() {
    return new Promise(function (resolve, reject) {
      var requestId = nextRequestId++;
      tokenRequests[requestId] = { resolve: resolve, reject: reject };
      postToAdmin({ type: "id-token-request", requestId: requestId });
      setTimeout(function () {
        if (!tokenRequests[requestId]) return;
        delete tokenRequests[requestId];
        reject(new Error("The admin page did not answer the session token request"));
      }, 5000);
    });
  }

  function requestTokenFromSimulator() {
    var url = simulatorOrigin + "/_sim/id-token?shop=" + encodeURIComponent(config.shop);
    return nativeFetch(url)
      .then(function (response) {
        if (!response.ok) throw new Error("Session token request failed with " + response.status);
        return response.json();
      })
      .then(function (body) {
        return body.idToken;
      });
  }

  function idToken() {
    if (isFresh(cachedToken)) return Promise.resolve(cachedToken);
    if (!pendingToken) {
      pendingToken = (framed ? requestTokenFromAdmin() : requestTokenFromSimulator()).then(
        function (token) {
          cachedToken = token;
          pendingToken = null;
          return token;
        },
        function (error) {
          pendingToken = null;
          throw error;
        },
      );
    }
    return pendingToken;
  }

  if (isFresh(params.get("id_token"))) cachedToken = params.get("id_token");

  // ---- fetch: authenticate same-origin requests like App Bridge does --------------------------------------

  function isSameOrigin(url) {
    try {
      return new URL(url, window.location.href).origin === window.location.origin;
    } catch (error) {
      return false;
    }
  }

  function withToken(request, token) {
    var headers = new Headers(request.headers);
    headers.set("Authorization", "Bearer " + token);
    return new Request(request, { headers: headers });
  }

  window.fetch = function (input, init) {
    var request = new Request(input, init);
    if (!isSameOrigin(request.url) || request.headers.has("Authorization")) return nativeFetch(request);
    var retryCopy = request.clone();
    return idToken()
      .then(function (token) {
        return nativeFetch(withToken(request, token));
      })
      .then(function (response) {
        var reauthorizeUrl = response.headers.get("X-Shopify-API-Request-Failure-Reauthorize-Url");
        if (response.status === 401 && reauthorizeUrl) {
          window.open(reauthorizeUrl, "_top");
          return response;
        }
        if (response.status !== 401 || response.headers.get("X-Shopify-Retry-Invalid-Session-Request") !== "1") {
          return response;
        }
        cachedToken = null;
        return idToken().then(function (token) {
          return nativeFetch(withToken(retryCopy, token));
        });
      });
  };

  // ---- Toasts and loading bar (rendered inside the app frame to stay self-contained) ----------------------

  var style = document.createElement("style");
  style.textContent = [
    "ui-nav-menu{display:none}",
    "ui-title-bar{display:flex;gap:8px;align-items:center;justify-content:flex-end;padding:8px 16px;border-bottom:1px solid #e3e3e3;background:#fafafa;font:14px system-ui,sans-serif}",
    "ui-title-bar::before{content:attr(title);font-weight:600;margin-right:auto}",
    "ui-save-bar{display:none}",
    "ui-save-bar[data-sim-open]{display:flex;gap:8px;justify-content:flex-end;align-items:center;position:fixed;top:0;left:0;right:0;z-index:2147483000;padding:10px 16px;background:#1a1a1a;color:#fff;font:14px system-ui,sans-serif}",
    "ui-save-bar[data-sim-open]::before{content:'Unsaved changes';margin-right:auto}",
    "ui-modal{display:none}",
    ".sim-ab-toasts{position:fixed;bottom:24px;left:50%;transform:translateX(-50%);display:flex;flex-direction:column;gap:8px;z-index:2147483600}",
    ".sim-ab-toast{background:#1a1a1a;color:#fff;padding:10px 16px;border-radius:8px;font:14px system-ui,sans-serif;box-shadow:0 4px 12px rgba(0,0,0,.2)}",
    ".sim-ab-toast[data-error]{background:#8e1f0b}",
    ".sim-ab-loading{position:fixed;top:0;left:0;height:3px;width:100%;background:#008060;z-index:2147483647}",
    ".sim-ab-modal{position:fixed;inset:0;background:rgba(0,0,0,.5);display:flex;align-items:center;justify-content:center;z-index:2147483500}",
    ".sim-ab-modal-panel{background:#fff;border-radius:12px;min-width:320px;max-width:90vw;max-height:90vh;overflow:auto;font:14px system-ui,sans-serif}",
    ".sim-ab-modal-panel>h2{margin:0;padding:12px 16px;border-bottom:1px solid #e3e3e3;font-size:16px}",
    ".sim-ab-modal-actions{display:flex;gap:8px;justify-content:flex-end;padding:12px 16px;border-top:1px solid #e3e3e3}",
  ].join("\n");
  // Remix hydrates the whole document, and React 18 treats foreign nodes in it as a hydration mismatch (it then
  // re-renders the page and drops them). So the styles go in an adopted stylesheet, which adds no DOM node,
  // and everything else is appended to <body> only when first needed, after hydration.
  if ("adoptedStyleSheets" in document && typeof CSSStyleSheet === "function") {
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(style.textContent);
    document.adoptedStyleSheets = document.adoptedStyleSheets.concat([sheet]);
  } else {
    (document.head || document.documentElement).appendChild(style);
  }

  function appendToBody(element) {
    if (document.body) document.body.appendChild(element);
    else document.addEventListener("DOMContentLoaded", function () { document.body.appendChild(element); });
  }

  var toastContainer = document.createElement("div");
  toastContainer.className = "sim-ab-toasts";
  toastContainer.setAttribute("aria-live", "polite");
  function ensureToastContainer() {
    if (!toastContainer.isConnected) appendToBody(toastContainer);
  }
  var nextToastId = 1;

  var toast = {
    show: function (message, options) {
      options = options || {};
      var id = "sim-toast-" + nextToastId++;
      var element = document.createElement("div");
      element.className = "sim-ab-toast";
      element.id = id;
      element.setAttribute("role", "status");
      if (options.isError) element.setAttribute("data-error", "");
      element.textContent = String(message);
      ensureToastContainer();
      toastContainer.appendChild(element);
      setTimeout(function () { toast.hide(id); if (options.onDismiss) options.onDismiss(); }, options.duration || 5000);
      return id;
    },
    hide: function (id) {
      var element = document.getElementById(id);
      if (element) element.remove();
    },
  };

  var loadingBar = document.createElement("div");
  loadingBar.className = "sim-ab-loading";
  function loading(isLoading) {
    if (isLoading === false) loadingBar.remove();
    else appendToBody(loadingBar);
  }

  // ---- Custom elements ------------------------------------------------------------------------------------

  function readNavMenu(menu) {
    return Array.prototype.map.call(menu.querySelectorAll("a"), function (link) {
      return { href: link.getAttribute("href") || "", label: link.textContent.trim(), rel: link.getAttribute("rel") || "" };
    });
  }

  function observe(element, onChange) {
    var observer = new MutationObserver(onChange);
    observer.observe(element, { subtree: true, childList: true, attributes: true, characterData: true });
    return observer;
  }

  function define(name, Element) {
    if (!window.customElements.get(name)) window.customElements.define(name, Element);
  }

  define("ui-nav-menu", class extends HTMLElement {
    connectedCallback() {
      var menu = this;
      var send = function () { postToAdmin({ type: "nav-menu", items: readNavMenu(menu) }); };
      send();
      this._observer = observe(this, send);
    }
    disconnectedCallback() {
      if (this._observer) this._observer.disconnect();
      postToAdmin({ type: "nav-menu", items: [] });
    }
  });

  define("ui-title-bar", class extends HTMLElement {
    static get observedAttributes() { return ["title"]; }
    connectedCallback() { if (!this.closest("ui-modal")) postToAdmin({ type: "title", title: this.getAttribute("title") || "" }); }
    attributeChangedCallback() { this.connectedCallback(); }
  });

  // Only attributes are touched (never children): React owns those and hydration must match the server HTML.
  define("ui-save-bar", class extends HTMLElement {
    show() { this.setAttribute("data-sim-open", ""); this.dispatchEvent(new Event("show")); return Promise.resolve(); }
    hide() { this.removeAttribute("data-sim-open"); this.dispatchEvent(new Event("hide")); return Promise.resolve(); }
    toggle() { return this.showing ? this.hide() : this.show(); }
    get showing() { return this.hasAttribute("data-sim-open"); }
  });

  // <Modal> portals its body into `modal.content`; we show that in an overlay and proxy the title bar buttons.
  define("ui-modal", class extends HTMLElement {
    constructor() {
      super();
      this.content = document.createElement("div");
      this._overlay = null;
    }
    show() {
      if (this._overlay) return Promise.resolve();
      var modal = this;
      var titleBar = this.querySelector("ui-title-bar");
      var overlay = document.createElement("div");
      overlay.className = "sim-ab-modal";
      var panel = document.createElement("div");
      panel.className = "sim-ab-modal-panel";
      panel.setAttribute("role", "dialog");
      var heading = document.createElement("h2");
      heading.textContent = (titleBar && titleBar.getAttribute("title")) || "";
      var actions = document.createElement("div");
      actions.className = "sim-ab-modal-actions";
      Array.prototype.forEach.call(titleBar ? titleBar.querySelectorAll("button") : [], function (original) {
        var proxy = document.createElement("button");
        proxy.type = "button";
        proxy.textContent = original.textContent;
        proxy.disabled = original.disabled;
        proxy.addEventListener("click", function () { original.click(); });
        actions.appendChild(proxy);
      });
      panel.append(heading, this.content, actions);
      overlay.appendChild(panel);
      overlay.addEventListener("click", function (event) { if (event.target === overlay) modal.hide(); });
      document.body.appendChild(overlay);
      this._overlay = overlay;
      this.dispatchEvent(new Event("show"));
      return Promise.resolve();
    }
    hide() {
      if (!this._overlay) return Promise.resolve();
      this._overlay.remove();
      this._overlay = null;
      this.dispatchEvent(new Event("hide"));
      return Promise.resolve();
    }
    toggle() { return this._overlay ? this.hide() : this.show(); }
    get open() { return Boolean(this._overlay); }
  });

  function byId(id) {
    var element = document.getElementById(id);
    if (!element) return Promise.reject(new Error("No element with id " + id));
    return element;
  }

  // ---- The shopify global ---------------------------------------------------------------------------------

  window.shopify = {
    __simulator: true,
    config: config,
    origin: simulatorOrigin,
    environment: { embedded: framed, mobile: false, pos: false },
    idToken: idToken,
    toast: toast,
    loading: loading,
    saveBar: {
      show: function (id) { var el = byId(id); return el.show ? el.show() : el; },
      hide: function (id) { var el = byId(id); return el.hide ? el.hide() : el; },
      toggle: function (id) { var el = byId(id); return el.toggle ? el.toggle() : el; },
      leaveConfirmation: function () { return Promise.resolve(); },
    },
    modal: {
      show: function (id) { var el = byId(id); return el.show ? el.show() : el; },
      hide: function (id) { var el = byId(id); return el.hide ? el.hide() : el; },
      toggle: function (id) { var el = byId(id); return el.toggle ? el.toggle() : el; },
    },
  };

  // ---- Talking to the admin page --------------------------------------------------------------------------

  // Auth params the admin adds to the iframe URL; the admin's address bar shows the app path without them.
  var ADMIN_PARAMS = ["embedded", "shop", "host", "id_token", "locale", "hmac", "session", "timestamp"];

  function currentAppPath() {
    var search = new URLSearchParams(window.location.search);
    ADMIN_PARAMS.forEach(function (name) { search.delete(name); });
    var query = search.toString();
    return window.location.pathname + (query ? "?" + query : "");
  }

  function reportLocation() {
    postToAdmin({ type: "location", path: currentAppPath() });
  }

  ["pushState", "replaceState"].forEach(function (method) {
    var original = window.history[method];
    window.history[method] = function () {
      var result = original.apply(this, arguments);
      reportLocation();
      return result;
    };
  });
  window.addEventListener("popstate", reportLocation);

  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || event.origin !== simulatorOrigin) return;
    var message = event.data;
    if (!message || message.source !== "sim-admin") return;
    if (message.type === "id-token") {
      var pending = tokenRequests[message.requestId];
      if (!pending) return;
      delete tokenRequests[message.requestId];
      if (message.idToken) pending.resolve(message.idToken);
      else pending.reject(new Error(message.error || "No session token"));
    } else if (message.type === "navigate" && typeof message.path === "string" && message.path.charAt(0) === "/") {
      // Remix exposes its router; a client navigation keeps app state like admin nav clicks do.
      if (window.__remixRouter) window.__remixRouter.navigate(message.path);
      else window.location.assign(message.path);
    }
  });

  // ---- Bounce page: shopify-app-remix sends document requests without a valid token to
  // /auth/session-token?shopify-reload=<url>; App Bridge reloads that URL with a fresh id_token.
  var reload = params.get("shopify-reload");
  if (reload) {
    var target = new URL(reload, window.location.href);
    if (target.origin === window.location.origin) {
      idToken().then(function (token) {
        target.searchParams.set("id_token", token);
        window.location.replace(target.toString());
      });
    }
  }

  postToAdmin({ type: "ready", spa: false });
  window.addEventListener("load", function () {
    postToAdmin({ type: "ready", spa: Boolean(window.__remixRouter) });
    reportLocation();
  });
})();
