import { BASE_STYLE, escapeHtml, inlineJson } from "./html";

// The admin shell around the embedded app: what admin.shopify.com/store/<shop>/apps/<handle> looks like to the
// app. The iframe URL carries the same query Shopify admin sends (embedded, shop, host, id_token, locale); the
// inline script answers the App Bridge stand-in's postMessage requests (session tokens) and renders the app's
// <ui-nav-menu> links and title in the admin chrome.

export type AdminPageInput = {
  shop: string;
  shopName: string;
  appName: string;
  /** /store/<shopName>/apps/<handle> — the admin path the app lives under. */
  basePath: string;
  appOrigin: string;
  iframeSrc: string;
  installed: boolean;
};

/** base64 of "admin.shopify.com/store/<shopName>" without padding, the `host` param admin passes to apps. */
export function encodeHostParam(shopName: string): string {
  return Buffer.from(`admin.shopify.com/store/${shopName}`).toString("base64").replace(/=+$/, "");
}

/**
 * The app URL for an admin subpath. Shopify opens application_url + subpath; the app's index route redirects to
 * /app, so an empty subpath maps straight to /app and nav links (/app/…) map to themselves.
 */
export function toAppPath(adminSubpath: string): string {
  const path = adminSubpath.startsWith("/") ? adminSubpath : `/${adminSubpath}`;
  if (path === "/" || path === "") return "/app";
  if (path === "/app" || path.startsWith("/app/") || path.startsWith("/app?")) return path;
  return `/app${path}`;
}

export function renderAdminPage(input: AdminPageInput): string {
  const context = {
    shop: input.shop,
    appName: input.appName,
    basePath: input.basePath,
    appOrigin: input.appOrigin,
  };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(input.appName)} · ${escapeHtml(input.shopName)} · Shopify (simulator)</title>
<style>${BASE_STYLE}
  .layout { display: flex; height: calc(100vh - 48px); }
  nav { width: 240px; padding: 12px 8px; background: #ebebeb; overflow: auto; flex-shrink: 0; }
  nav a { display: block; padding: 6px 10px; border-radius: 8px; color: #303030; text-decoration: none; }
  nav a:hover, nav a[aria-current="page"] { background: #fff; }
  nav .section { margin: 16px 10px 4px; font-size: 12px; color: #616161; font-weight: 600; }
  nav .sub a { padding-left: 26px; }
  main { flex: 1; display: flex; flex-direction: column; min-width: 0; }
  .app-header { padding: 10px 16px; font-weight: 600; background: #f1f1f1; }
  iframe { flex: 1; border: 0; width: 100%; background: #fff; }
</style>
</head>
<body>
<header class="topbar">
  <span class="brand">shopify</span><span class="badge">simulator</span>
  <span class="shop" data-testid="shop-name">${escapeHtml(input.shopName)}</span>
</header>
<div class="layout">
  <nav aria-label="Admin">
    <a href="/simulator">Home</a>
    <a href="/simulator/orders?shop=${encodeURIComponent(input.shop)}">Orders</a>
    <a href="/simulator/inbound?shop=${encodeURIComponent(input.shop)}">Inbound shipments</a>
    <a href="/_sim/${encodeURIComponent(input.shop)}/state">Products &amp; orders (state JSON)</a>
    <div class="section">Apps</div>
    <a id="app-home" href="${escapeHtml(input.basePath)}" aria-current="page">${escapeHtml(input.appName)}</a>
    <div class="sub" id="app-nav" data-testid="app-nav"></div>
    <div class="section">Simulator</div>
    <a href="/simulator">Shops &amp; webhooks</a>
  </nav>
  <main>
    <div class="app-header" id="app-title">${escapeHtml(input.appName)}</div>
    ${input.installed ? "" : `<div class="app-header" role="note">Opening the app installs it (token exchange).</div>`}
    <iframe id="app-frame" name="app-iframe" title="${escapeHtml(input.appName)}" src="${escapeHtml(input.iframeSrc)}" allow="clipboard-write"></iframe>
  </main>
</div>
<script>
(function () {
  var ctx = ${inlineJson(context)};
  var frame = document.getElementById("app-frame");
  var navList = document.getElementById("app-nav");
  var title = document.getElementById("app-title");
  var appHome = document.getElementById("app-home");
  var frameIsSpa = false;

  function tellFrame(message) {
    message.source = "sim-admin";
    frame.contentWindow.postMessage(message, ctx.appOrigin);
  }

  // Nav clicks: a client-side navigation when the app runs a Remix router, otherwise reload the admin page,
  // which renders a fresh iframe URL with a new id_token.
  function openAppPath(path) {
    if (frameIsSpa) tellFrame({ type: "navigate", path: path });
    else window.location.href = ctx.basePath + path;
  }

  function renderNav(items) {
    navList.textContent = "";
    items.forEach(function (item) {
      if (item.rel === "home") {
        appHome.dataset.appPath = item.href;
        return;
      }
      var link = document.createElement("a");
      link.href = ctx.basePath + item.href;
      link.textContent = item.label;
      link.dataset.appPath = item.href;
      navList.appendChild(link);
    });
  }

  document.querySelector("nav").addEventListener("click", function (event) {
    var link = event.target.closest("a[data-app-path]");
    if (!link || event.metaKey || event.ctrlKey) return;
    event.preventDefault();
    openAppPath(link.dataset.appPath);
  });

  function markActive(path) {
    Array.prototype.forEach.call(document.querySelectorAll("nav a"), function (link) {
      var active = link.dataset.appPath && (path === link.dataset.appPath || path.indexOf(link.dataset.appPath + "?") === 0);
      if (active) link.setAttribute("aria-current", "page");
      else link.removeAttribute("aria-current");
    });
  }

  window.addEventListener("message", function (event) {
    if (event.source !== frame.contentWindow || event.origin !== ctx.appOrigin) return;
    var message = event.data;
    if (!message || message.source !== "sim-app-bridge") return;
    if (message.type === "id-token-request") {
      fetch("/_sim/id-token?shop=" + encodeURIComponent(ctx.shop))
        .then(function (response) { return response.json(); })
        .then(function (body) { tellFrame({ type: "id-token", requestId: message.requestId, idToken: body.idToken, error: body.error && body.error.message }); })
        .catch(function (error) { tellFrame({ type: "id-token", requestId: message.requestId, error: String(error) }); });
    } else if (message.type === "nav-menu") {
      renderNav(message.items || []);
    } else if (message.type === "title") {
      title.textContent = message.title || ctx.appName;
    } else if (message.type === "ready") {
      frameIsSpa = Boolean(message.spa);
    } else if (message.type === "location" && typeof message.path === "string" && message.path.indexOf("/auth/") !== 0) {
      window.history.replaceState(null, "", ctx.basePath + message.path);
      markActive(message.path);
    }
  });
})();
</script>
</body>
</html>`;
}
