// The simulator's inbound-stock admin commands (/_sim/<shop>/inbound…): create an inbound shipment for a variant,
// mark it in transit, move its arrival ("mark late"), receive some or all, cancel; and the inventory_shipments/* and
// inventory_transfers/* webhooks reaching an app subscribed to them, signed like every other delivery.
import { createHmac } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTransfer } from "../../simulator/inventory-transfers";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../../simulator/oauth";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { APP_CONFIG } from "../support/simulator-app";

const SHOP = "inbound-sim.myshopify.com";
const SECRET = "inbound-secret";
const TOPICS = [
  "inventory_shipments/create",
  "inventory_shipments/mark_in_transit",
  "inventory_shipments/update_tracking",
  "inventory_shipments/receive_items",
  "inventory_shipments/delete",
  "inventory_transfers/updated",
  "inventory_transfers/complete",
  "inventory_transfers/cancel",
];

type Received = { topic: string; hmac: string; body: string };

let sim: RunningSimulator;
let app: Server;
let dir: string;
const received: Received[] = [];

beforeAll(async () => {
  app = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      received.push({ topic: String(req.headers["x-shopify-topic"]), hmac: String(req.headers["x-shopify-hmac-sha256"]), body: Buffer.concat(chunks).toString("utf8") });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => app.listen(0, "127.0.0.1", resolve));
  // The app's own toml plus a subscription to the inbound topics (the app adds its own in shopify.app.toml).
  dir = mkdtempSync(path.join(tmpdir(), "inbound-sim-"));
  const toml = `${readFileSync(APP_CONFIG, "utf8")}\n  [[webhooks.subscriptions]]\n  topics = ${JSON.stringify(TOPICS)}\n  uri = "/webhooks/inbound-test"\n`;
  writeFileSync(path.join(dir, "shopify.app.toml"), toml);
  const appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  sim = await startSimulator({ port: 0, appUrl, apiKey: "k", apiSecret: SECRET, appConfigPath: path.join(dir, "shopify.app.toml"), extensionsDir: null, seed: "demo", shops: [SHOP], webhookRetry: { attempts: 1, baseDelayMs: 1 } });
  // Install the app (token exchange), as the app does on first open: only installed apps get webhooks.
  await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Shop-Domain": SHOP },
    body: JSON.stringify({ client_id: "k", client_secret: SECRET, grant_type: TOKEN_EXCHANGE_GRANT, subject_token: sim.mintIdToken(SHOP), subject_token_type: ID_TOKEN_TYPE, requested_token_type: OFFLINE_TOKEN_TYPE }),
  });
}, 60_000);

afterAll(async () => {
  await sim?.close();
  await new Promise<void>((resolve) => app?.close(() => resolve()));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const post = async (suffix: string, body: unknown = {}) => {
  const response = await fetch(`${sim.url}/_sim/${SHOP}${suffix}`, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  return { status: response.status, body: (await response.json()) as any };
};

function backorderedVariant() {
  const data = sim.store.getShopData(SHOP);
  const variant = [...data.variants.values()].find((v) => v.inventoryPolicy === "CONTINUE" && data.availableTotal(data.itemOf(v)) < 0)!;
  const level = () => data.itemOf(variant).levels.find((l) => l.locationId === data.primaryLocation().id)!;
  return { id: `gid://shopify/ProductVariant/${variant.id}`, level };
}

describe("inbound admin commands", () => {
  it("GIVEN a backordered variant WHEN an inbound shipment is created, marked late, received in part and then fully THEN levels and answers follow each step", async () => {
    const variant = backorderedVariant();
    const before = { ...variant.level() };
    const created = await post("/inbound", { variantId: variant.id, quantity: 12, arrivesAt: "2026-12-20", trackingNumber: "TRK-1" });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ transferStatus: "IN_PROGRESS", shipmentStatus: "IN_TRANSIT", arrivesAt: "2026-12-20T12:00:00.000Z", lines: [{ variantId: variant.id, quantity: 12, unreceived: 12 }] });
    expect(variant.level().incoming).toBe(before.incoming + 12);
    const shipmentId = created.body.shipmentId.split("/").pop();

    const late = await post(`/inbound/${shipmentId}/delay`, { days: 9 });
    expect(late.body.arrivesAt).toBe("2026-12-29T12:00:00.000Z");
    const set = await post(`/inbound/${shipmentId}/tracking`, { arrivesAt: "2027-01-04" });
    expect(set.body.arrivesAt).toBe("2027-01-04T12:00:00.000Z");

    const some = await post(`/inbound/${shipmentId}/receive`, { quantity: 5 });
    expect(some.body).toMatchObject({ shipmentStatus: "PARTIALLY_RECEIVED", lines: [{ accepted: 5, unreceived: 7 }] });
    expect(variant.level()).toMatchObject({ available: before.available + 5, incoming: before.incoming + 7 });
    const rest = await post(`/inbound/${shipmentId}/receive`);
    expect(rest.body).toMatchObject({ shipmentStatus: "RECEIVED", transferStatus: "TRANSFERRED", lines: [{ accepted: 12, unreceived: 0 }] });
    expect(variant.level()).toMatchObject({ available: before.available + 12, incoming: before.incoming });

    // Listed, and a received shipment can no longer be received, moved or cancelled the way an open one can.
    const list = (await (await fetch(`${sim.url}/_sim/${SHOP}/inbound`)).json()) as any;
    expect(list.inbound.find((row: any) => row.shipmentId === created.body.shipmentId)).toMatchObject({ shipmentStatus: "RECEIVED" });
    expect((await post(`/inbound/${shipmentId}/receive`)).status).toBe(409);
    expect((await post(`/inbound/${shipmentId}/cancel`)).status).toBe(409);
  });

  it("GIVEN a draft inbound THEN it can be marked in transit, or cancelled (deleted + transfer cancelled); an in-transit one is refused with what to do instead", async () => {
    const variant = backorderedVariant();
    const draft = await post("/inbound", { variantId: variant.id, quantity: 3, inTransit: false });
    expect(draft.body).toMatchObject({ shipmentStatus: "DRAFT", arrivesAt: null });
    const draftId = draft.body.shipmentId.split("/").pop();
    const noDate = await post(`/inbound/${draftId}/delay`, { days: 2 });
    expect(noDate.status).toBe(409);
    expect(noDate.body.error.message).toMatch(/no arrival date/);
    const cancelled = await post(`/inbound/${draftId}/cancel`);
    expect(cancelled.body).toEqual({ transferId: draft.body.transferId, status: "CANCELED" });

    const other = await post("/inbound", { variantId: variant.id, quantity: 2, inTransit: false, arrivesAt: "2026-12-24" });
    const otherId = other.body.shipmentId.split("/").pop();
    expect((await post(`/inbound/${otherId}/in-transit`)).body.shipmentStatus).toBe("IN_TRANSIT");
    const refused = await post(`/inbound/${otherId}/cancel`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/Receive it as rejected/);
    const rejected = await post(`/inbound/${otherId}/receive`, { reject: true });
    expect(rejected.body).toMatchObject({ shipmentStatus: "RECEIVED", lines: [{ rejected: 2, accepted: 0, unreceived: 0 }] });
  });

  it("GIVEN a transfer without shipments THEN POST /transfers/<id>/cancel cancels it (the page's Cancel on such a row)", async () => {
    const data = sim.store.getShopData(SHOP);
    const item = data.itemOf([...data.variants.values()].find((v) => data.itemOf(v).tracked)!);
    const created = createTransfer(sim.store, data, { destinationLocationId: data.primaryLocation().id, lineItems: [{ inventoryItemId: item.id, quantity: 2 }] });
    if (!created.ok) throw new Error("transfer not created");
    const cancelled = await post(`/transfers/${created.value.id}/cancel`);
    expect(cancelled).toEqual({ status: 200, body: { transferId: `gid://shopify/InventoryTransfer/${created.value.id}`, status: "CANCELED" } });
    expect((await post(`/transfers/${created.value.id}/cancel`)).status).toBe(409);
    expect((await post("/transfers/123/cancel")).status).toBe(404);
  });

  it("refuses bad input with a status and a message a person can act on", async () => {
    const variant = backorderedVariant();
    expect((await post("/inbound", {})).status).toBe(400);
    const negative = await post("/inbound", { variantId: variant.id, quantity: -4 });
    expect(negative.status).toBe(422);
    expect(negative.body.error.message).toMatch(/positive integer/);
    const badDate = await post("/inbound", { variantId: variant.id, quantity: 1, arrivesAt: "next week" });
    expect(badDate.status).toBe(422);
    expect((await post("/inbound", { variantId: "999", quantity: 1 })).status).toBe(404);
    expect((await post("/inbound/123/receive")).status).toBe(404);
    expect((await post("/inbound/123/launch")).status).toBe(404);
  });

  it("GIVEN an inbound shipment in transit THEN the Inbound shipments page lists it with its arrival and the buttons the demo clicks", async () => {
    const variant = backorderedVariant();
    const created = await post("/inbound", { variantId: variant.id, quantity: 4, arrivesAt: "2026-12-23" });
    const page = await fetch(`${sim.url}/simulator/inbound?shop=${SHOP}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    const row = new RegExp(`<tr data-shipment-row="${created.body.shipmentId}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? "";
    expect(row).toContain('data-status="IN_TRANSIT"');
    expect(row).toContain("Dec 23, 2026");
    const id = created.body.shipmentId.split("/").pop();
    expect(row).toContain(`<button data-shipment="${id}" data-command="delay" data-body="{&quot;days&quot;:7}">Mark late (+7 days)</button>`);
    expect(row).toContain(`data-command="receive" data-body="{}">Receive all</button>`);
    // What the "Mark late" button posts moves the arrival a week.
    const late = await post(`/inbound/${id}/delay`, { days: 7 });
    expect(late.body.arrivesAt).toBe("2026-12-30T12:00:00.000Z");
    expect(await (await fetch(`${sim.url}/simulator/inbound?shop=${SHOP}`)).text()).toContain("Dec 30, 2026");
  });

  it("delivers the inbound webhooks to the subscribed app, signed, with the shipment's transfer and arrival", async () => {
    received.length = 0;
    const variant = backorderedVariant();
    const created = await post("/inbound", { variantId: variant.id, quantity: 6, arrivesAt: "2026-12-22" });
    const shipmentId = created.body.shipmentId.split("/").pop();
    await post(`/inbound/${shipmentId}/delay`, { days: 3 });
    await sim.waitForWebhooks();
    const inbound = received.filter((r) => /^inventory_(shipments|transfers)\//.test(r.topic));
    expect(inbound.map((r) => r.topic)).toEqual([
      "inventory_shipments/create",
      "inventory_shipments/mark_in_transit",
      "inventory_transfers/updated",
      "inventory_shipments/update_tracking",
      "inventory_transfers/updated",
    ]);
    for (const r of inbound) expect(r.hmac).toBe(createHmac("sha256", SECRET).update(r.body, "utf8").digest("base64"));
    const tracking = JSON.parse(inbound[3].body);
    expect(tracking).toMatchObject({
      admin_graphql_api_id: created.body.shipmentId,
      inventory_transfer_id: created.body.transferId,
      status: "IN_TRANSIT",
      tracking: { arrives_at: "2026-12-25T12:00:00.000Z" },
      line_items: [{ quantity: 6, unreceived_quantity: 6 }],
    });
  });
});
