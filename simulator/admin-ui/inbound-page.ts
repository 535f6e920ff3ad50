import type { InboundSummary } from "../inventory-transfers";
import type { ShopData } from "../store";
import { BASE_STYLE, escapeHtml, inlineJson } from "./html";

// The simulator's "Inbound shipments" page (GET /simulator/inbound?shop=…): what Shopify's Transfers page would show
// the merchant (transfer, shipment, status, expected arrival, units per variant), with buttons that call the
// /_sim/<shop>/inbound commands: mark late (arrival one week later), mark in transit, receive one unit per line,
// receive all, cancel. A small form creates a new inbound shipment for a variant.

function arrivalDate(iso: string | null, timeZone: string): string {
  if (!iso) return "no date";
  return new Intl.DateTimeFormat("en-US", { timeZone, dateStyle: "medium" }).format(new Date(iso));
}

function actions(row: InboundSummary): string {
  if (!row.shipmentId) return row.transferStatus === "CANCELED" ? "" : `<button data-transfer="${row.transferId.split("/").pop()}" data-command="cancel">Cancel</button>`;
  const id = row.shipmentId.split("/").pop();
  const button = (command: string, label: string, body: Record<string, unknown> = {}) =>
    `<button data-shipment="${id}" data-command="${command}" data-body="${escapeHtml(JSON.stringify(body))}">${label}</button>`;
  switch (row.shipmentStatus) {
    case "DRAFT":
      return [button("in-transit", "Mark in transit"), row.arrivesAt ? button("delay", "Mark late (+7 days)", { days: 7 }) : "", button("cancel", "Cancel")].join(" ");
    case "IN_TRANSIT":
    case "PARTIALLY_RECEIVED":
      return [button("delay", "Mark late (+7 days)", { days: 7 }), button("receive", "Receive 1 per line", { quantity: 1 }), button("receive", "Receive all"), button("receive", "Reject rest", { reject: true })].join(" ");
    default:
      return "";
  }
}

export function renderInboundPage(input: { shop: string; data: ShopData; rows: InboundSummary[]; shops: string[] }): string {
  const zone = input.data.shop.ianaTimezone;
  const locations = new Map([...input.data.locations.values()].map((l) => [`gid://shopify/Location/${l.id}`, l.name]));
  const rows = [...input.rows]
    .reverse()
    .map((row) => {
      const lines = row.lines
        .map((line) => `<div class="line">${escapeHtml(line.title)} <small>${escapeHtml(line.variantId.split("/").pop() ?? "")}</small>: <strong>${line.quantity}</strong>${line.accepted || line.rejected ? ` <small>(${line.accepted} received, ${line.rejected} rejected, ${line.unreceived} to come)</small>` : ""}</div>`)
        .join("");
      const status = row.shipmentStatus ?? row.transferStatus;
      return `<tr data-shipment-row="${escapeHtml(row.shipmentId ?? "")}" data-transfer-row="${escapeHtml(row.transferId)}" data-status="${status}">
  <td><strong>${escapeHtml(row.shipmentName ?? row.transferName)}</strong><div><small>transfer ${escapeHtml(row.transferName)} · ${escapeHtml(row.transferStatus)}</small></div></td>
  <td><span class="status status-${status.toLowerCase()}">${escapeHtml(status)}</span></td>
  <td>${escapeHtml(row.destinationLocationId ? (locations.get(row.destinationLocationId) ?? row.destinationLocationId) : "")}</td>
  <td data-arrives-at="${escapeHtml(row.arrivesAt ?? "")}">${escapeHtml(arrivalDate(row.arrivesAt, zone))}</td>
  <td>${lines}</td>
  <td>${actions(row)}</td>
</tr>`;
    })
    .join("\n");
  const shopLinks = input.shops.map((shop) => (shop === input.shop ? `<strong>${escapeHtml(shop)}</strong>` : `<a href="/simulator/inbound?shop=${encodeURIComponent(shop)}">${escapeHtml(shop)}</a>`)).join(" · ");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>Inbound shipments · ${escapeHtml(input.data.shop.name)} · Shopify simulator</title>
<style>${BASE_STYLE}
  main { padding: 16px 24px; }
  .line { margin-bottom: 4px; }
  .status { font-size: 12px; border-radius: 8px; padding: 1px 6px; background: #e3e3e3; }
  .status-in_transit { background: #e0f0ff; }
  .status-partially_received { background: #ffd6a4; }
  .status-received, .status-transferred { background: #cdfee1; }
  .status-canceled { background: #fedad9; }
  button { font-size: 12px; }
  form label { margin-right: 8px; }
</style>
</head>
<body>
<header class="topbar"><span class="brand">shopify</span><span class="badge">simulator</span><span class="shop">${escapeHtml(input.data.shop.name)}</span></header>
<main>
  <p><a href="/simulator">Shops &amp; webhooks</a> · <a href="/simulator/orders?shop=${encodeURIComponent(input.shop)}">Orders</a> · Inbound shipments of ${shopLinks}</p>
  <h2>Inbound shipments</h2>
  <form id="create-inbound">
    <label>Variant id <input name="variantId" required size="16"></label>
    <label>Units <input name="quantity" type="number" min="1" value="10" required style="width: 5em"></label>
    <label>Arrives <input name="arrivesAt" type="date"></label>
    <button type="submit">Create shipment in transit</button>
  </form>
  <p role="status" id="command-result"></p>
  <table data-testid="inbound"><thead><tr><th>Shipment</th><th>Status</th><th>Destination</th><th>Arrives</th><th>Items</th><th></th></tr></thead><tbody>
${rows || `<tr><td colspan="6">No inbound shipments. Create one above or POST /_sim/&lt;shop&gt;/inbound {"variantId", "quantity", "arrivesAt"}.</td></tr>`}
  </tbody></table>
</main>
<script>
(function () {
  var shop = ${inlineJson(input.shop)};
  var result = document.getElementById("command-result");
  function send(path, body, button) {
    if (button) button.disabled = true;
    return fetch("/_sim/" + encodeURIComponent(shop) + path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
      .then(function (response) {
        return response.json().then(function (json) {
          if (response.ok) window.location.reload();
          else { result.textContent = (json.error && json.error.message) || ("HTTP " + response.status); if (button) button.disabled = false; }
        });
      });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-command]");
    if (!button) return;
    var body = button.dataset.body ? JSON.parse(button.dataset.body) : {};
    var path = button.dataset.shipment ? "/inbound/" + button.dataset.shipment + "/" + button.dataset.command : "/transfers/" + button.dataset.transfer + "/cancel";
    send(path, body, button);
  });
  document.getElementById("create-inbound").addEventListener("submit", function (event) {
    event.preventDefault();
    var form = event.target;
    var body = { variantId: form.variantId.value.trim(), quantity: Number(form.quantity.value) };
    if (form.arrivesAt.value) body.arrivesAt = form.arrivesAt.value;
    send("/inbound", body, form.querySelector("button"));
  });
})();
</script>
</body>
</html>`;
}
