import type { WebhookDelivery } from "../webhooks";
import { BASE_STYLE, escapeHtml } from "./html";

// A plain status page for people driving the simulator by hand: which shops exist, whether the app is installed,
// and what webhooks went out. Everything here is also available as JSON under /_sim.

export type SimulatorPageShop = { domain: string; shopName: string; installed: boolean; adminPath: string };

export type SimulatorPageInput = {
  shops: SimulatorPageShop[];
  deliveries: WebhookDelivery[];
  appUrl: string;
};

const MAX_DELIVERIES = 100;

export function renderSimulatorPage(input: SimulatorPageInput): string {
  const shopRows = input.shops
    .map(
      (shop) => `<tr>
  <td><a href="${escapeHtml(shop.adminPath)}">${escapeHtml(shop.domain)}</a></td>
  <td>${shop.installed ? "installed" : "not installed"}</td>
  <td><a href="/simulator/orders?shop=${encodeURIComponent(shop.domain)}">orders</a> · <a href="/simulator/inbound?shop=${encodeURIComponent(shop.domain)}">inbound shipments</a> · <a href="/_sim/${encodeURIComponent(shop.domain)}/state">state JSON</a> · <a href="/_sim/${encodeURIComponent(shop.domain)}/function-runs">checkout validation runs</a></td>
</tr>`,
    )
    .join("\n");
  const deliveryRows = [...input.deliveries]
    .reverse()
    .slice(0, MAX_DELIVERIES)
    .map(
      (delivery) => `<tr>
  <td>${escapeHtml(delivery.triggeredAt)}</td>
  <td>${escapeHtml(delivery.shop)}</td>
  <td><code>${escapeHtml(delivery.topic)}</code></td>
  <td>${escapeHtml(delivery.status)}${delivery.replay ? " (replay)" : ""}</td>
  <td>${delivery.attempts} × ${delivery.history.map((attempt) => escapeHtml(attempt.status ?? attempt.error ?? "?")).join(", ")}</td>
  <td><code>${escapeHtml(delivery.webhookId)}</code></td>
</tr>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Shopify simulator</title>
<style>${BASE_STYLE}
  main { padding: 16px 24px; max-width: 1200px; }
  section { margin-bottom: 24px; }
</style>
</head>
<body>
<header class="topbar"><span class="brand">shopify</span><span class="badge">simulator</span></header>
<main>
  <section>
    <h2>Shops</h2>
    <table data-testid="shops"><thead><tr><th>Shop</th><th>App</th><th>Data</th></tr></thead><tbody>
${shopRows}
    </tbody></table>
  </section>
  <section>
    <h2>Webhook deliveries <small><a href="/simulator">refresh</a> · <a href="/_sim/webhooks">JSON</a> · <a href="/mailbox">Mailbox (emails the app sent)</a></small></h2>
    <table data-testid="webhooks"><thead><tr><th>Triggered</th><th>Shop</th><th>Topic</th><th>Status</th><th>Attempts</th><th>Webhook id</th></tr></thead><tbody>
${deliveryRows || `<tr><td colspan="6">No webhooks delivered yet.</td></tr>`}
    </tbody></table>
  </section>
  <section>
    <h2>Commands</h2>
    <p>App under test: <code>${escapeHtml(input.appUrl)}</code>. JSON commands live under <code>/_sim</code>, for example:</p>
    <pre><code>curl -X POST localhost:4100/_sim/&lt;shop&gt;/inventory -H 'content-type: application/json' -d '{"variantId":"…","available":0}'
curl -X POST localhost:4100/_sim/&lt;shop&gt;/checkout -H 'content-type: application/json' -d '{"lines":[{"variantId":"…","quantity":1}]}'
curl -X POST localhost:4100/_sim/&lt;shop&gt;/orders/&lt;orderId&gt;/fulfill -H 'content-type: application/json' -d '{"lineItemId":"…","quantity":1}'
curl -X POST localhost:4100/_sim/&lt;shop&gt;/orders/&lt;orderId&gt;/refund -H 'content-type: application/json' -d '{"lineItemId":"…","quantity":1,"restock":true}'
curl -X POST localhost:4100/_sim/&lt;shop&gt;/orders/&lt;orderId&gt;/edit -H 'content-type: application/json' -d '{"lineItemId":"…","quantity":0}'
curl -X POST localhost:4100/_sim/&lt;shop&gt;/orders/&lt;orderId&gt;/cancel
curl -X POST localhost:4100/_sim/&lt;shop&gt;/inbound -H 'content-type: application/json' -d '{"variantId":"…","quantity":12,"arrivesAt":"2026-12-20"}'
curl -X POST localhost:4100/_sim/&lt;shop&gt;/inbound/&lt;shipmentId&gt;/delay -H 'content-type: application/json' -d '{"days":7}'
curl -X POST localhost:4100/_sim/&lt;shop&gt;/inbound/&lt;shipmentId&gt;/receive -H 'content-type: application/json' -d '{"quantity":5}'
curl -X POST localhost:4100/_sim/&lt;shop&gt;/compliance/customers/redact</code></pre>
  </section>
</main>
</body>
</html>`;
}
