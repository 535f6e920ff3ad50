import type { ShopData } from "../store";
import { BASE_STYLE, escapeHtml, inlineJson } from "./html";

// The simulator's order list (GET /simulator/orders?shop=…): what Shopify's Orders page would show the merchant —
// tags, note, line items with their properties, fulfillment orders with their holds — so a demo can see what the
// app did. The buttons call the /_sim order commands (fulfil, cancel, refund/edit one unit).

const MAX_ORDERS = 200;

function shopTime(ms: number | null, timeZone: string): string {
  if (ms === null) return "";
  return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium", timeStyle: "short" }).format(new Date(ms));
}

export function renderOrdersPage(input: { shop: string; data: ShopData; shops: string[] }): string {
  const { data } = input;
  const zone = data.shop.ianaTimezone;
  const orders = [...data.orders.values()].sort((a, b) => b.createdAt - a.createdAt).slice(0, MAX_ORDERS);
  const rows = orders
    .map((order) => {
      const lines = order.lineItemIds
        .map((id) => {
          const line = data.lineItems.get(id)!;
          const original = line.originalQuantity ?? line.quantity;
          const properties = line.customAttributes.map((a) => `<div class="prop">${escapeHtml(a.key)}: ${escapeHtml(a.value ?? "")}</div>`).join("");
          const buttons = order.cancelledAt === null
            ? `<button data-command="fulfill" data-order="${order.id}" data-line="${line.id}">Fulfil line</button> <button data-command="edit" data-order="${order.id}" data-line="${line.id}" data-quantity="${Math.max(0, line.quantity - 1)}">−1 (edit)</button> `
            : "";
          const refund = line.quantity > 0 ? `<button data-command="refund" data-order="${order.id}" data-line="${line.id}" data-quantity="1">Refund 1</button>` : "";
          return `<div class="line" data-line-item="${line.id}">${escapeHtml(line.title)}${line.variantTitle ? ` – ${escapeHtml(line.variantTitle)}` : ""} × <strong>${line.quantity}</strong>${original !== line.quantity ? ` <small>(ordered ${original})</small>` : ""}${properties}<div>${buttons}${refund}</div></div>`;
        })
        .join("");
      const fulfillmentOrders = order.fulfillmentOrderIds
        .map((id) => data.fulfillmentOrders.get(id))
        .filter((fo) => fo !== undefined)
        .map((fo) => {
          const location = data.locations.get(fo.locationId)?.name ?? String(fo.locationId);
          const foLines = data.fulfillmentOrderLineItemsOf(fo).map((l) => `${escapeHtml(data.lineItems.get(l.lineItemId)?.title ?? l.lineItemId)} ${l.remainingQuantity}/${l.totalQuantity}`).join(", ");
          const holds = fo.holds.map((h) => `<div class="hold">on hold: ${escapeHtml(h.reason)}${h.reasonNotes ? ` — ${escapeHtml(h.reasonNotes)}` : ""}</div>`).join("");
          return `<div class="fo" data-fulfillment-order="${fo.id}" data-status="${fo.status}"><span class="status status-${fo.status.toLowerCase()}">${escapeHtml(fo.status)}</span> ${escapeHtml(location)}: ${foLines}${holds}</div>`;
        })
        .join("");
      const actions = order.cancelledAt === null
        ? `<button data-command="fulfill" data-order="${order.id}">Fulfil all</button> <button data-command="cancel" data-order="${order.id}">Cancel</button>`
        : `<span class="status status-cancelled">cancelled</span>`;
      return `<tr data-order="${order.id}" data-order-name="${escapeHtml(order.name)}">
  <td><strong>${escapeHtml(order.name)}</strong><div><small>${escapeHtml(shopTime(order.createdAt, zone))}</small></div><div><small>${escapeHtml(order.email ?? "")}</small></div></td>
  <td data-tags>${order.tags.map((t) => `<span class="tag">${escapeHtml(t)}</span>`).join(" ")}</td>
  <td data-note>${order.note ? escapeHtml(order.note).replace(/\n/g, "<br>") : ""}</td>
  <td>${lines}</td>
  <td>${fulfillmentOrders}</td>
  <td>${actions}</td>
</tr>`;
    })
    .join("\n");
  const shopLinks = input.shops.map((shop) => (shop === input.shop ? `<strong>${escapeHtml(shop)}</strong>` : `<a href="/simulator/orders?shop=${encodeURIComponent(shop)}">${escapeHtml(shop)}</a>`)).join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Orders · ${escapeHtml(data.shop.name)} · Shopify simulator</title>
<style>${BASE_STYLE}
  main { padding: 16px 24px; }
  .tag { background: #e3e3e3; border-radius: 8px; padding: 1px 8px; font-size: 12px; }
  .prop { font-size: 12px; color: #616161; }
  .line { margin-bottom: 6px; }
  .fo { margin-bottom: 4px; }
  .hold { font-size: 12px; color: #8a6116; }
  .status { font-size: 12px; border-radius: 8px; padding: 1px 6px; background: #e3e3e3; }
  .status-on_hold { background: #ffd6a4; }
  .status-closed { background: #cdfee1; }
  .status-cancelled { background: #fedad9; }
  button { font-size: 12px; }
</style>
</head>
<body>
<header class="topbar"><span class="brand">shopify</span><span class="badge">simulator</span><span class="shop">${escapeHtml(data.shop.name)}</span></header>
<main>
  <p><a href="/simulator">Shops &amp; webhooks</a> · Orders of ${shopLinks}</p>
  <h2>Orders</h2>
  <p role="status" id="command-result"></p>
  <table data-testid="orders"><thead><tr><th>Order</th><th>Tags</th><th>Note</th><th>Items</th><th>Fulfillment orders</th><th></th></tr></thead><tbody>
${rows || `<tr><td colspan="6">No orders yet. Place one through the storefront (/storefront/…) or POST /_sim/&lt;shop&gt;/checkout.</td></tr>`}
  </tbody></table>
</main>
<script>
(function () {
  var shop = ${inlineJson(input.shop)};
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-command]");
    if (!button) return;
    var body = {};
    if (button.dataset.line) body.lineItemId = button.dataset.line;
    if (button.dataset.quantity) body.quantity = Number(button.dataset.quantity);
    button.disabled = true;
    fetch("/_sim/" + encodeURIComponent(shop) + "/orders/" + button.dataset.order + "/" + button.dataset.command, {
      method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
    }).then(function (response) {
      return response.json().then(function (json) {
        if (response.ok) window.location.reload();
        else { document.getElementById("command-result").textContent = (json.error && json.error.message) || ("HTTP " + response.status); button.disabled = false; }
      });
    });
  });
})();
</script>
</body>
</html>`;
}
