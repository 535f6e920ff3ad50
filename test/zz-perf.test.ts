import { it } from "vitest";
import { once } from "node:events";
import http from "node:http";
import { streamJsonLines } from "#app/shopify/bulk-jsonl.server";
import { classifyCatalogLine } from "#app/shopify/bulk-catalog-lines";
import { importCatalogBulkResult, startCatalogSync } from "#app/services/catalog-sync.server";

function* lines() {
  for (let p = 0; p < 20000; p++) {
    yield JSON.stringify({ id: `gid://shopify/Product/${p}`, title: `Product ${p}`, handle: `product-${p}`, vendor: "V", productType: "T", tags: ["a"], status: "ACTIVE", updatedAt: "2026-11-01T00:00:00Z", featuredMedia: null });
    for (const c of [p % 50, (p + 7) % 50]) yield JSON.stringify({ id: `gid://shopify/Collection/${c}`, title: `C${c}`, handle: `c${c}`, __parentId: `gid://shopify/Product/${p}` });
    for (let v = 0; v < 5; v++) {
      yield JSON.stringify({ id: `gid://shopify/ProductVariant/${p*10+v}`, title: "S", sku: "x", price: "1.00", position: v+1, inventoryPolicy: "DENY", updatedAt: "2026-11-01T00:00:00Z", image: null, inventoryItem: { id: `gid://shopify/InventoryItem/${p*10+v}`, tracked: true }, __parentId: `gid://shopify/Product/${p}` });
      for (let l = 1; l <= 2; l++) yield JSON.stringify({ id: `gid://shopify/InventoryLevel/${l}${p*10+v}?inventory_item_id=${p*10+v}`, item: { id: `gid://shopify/InventoryItem/${p*10+v}` }, location: { id: `gid://shopify/Location/${l}` }, quantities: [{ name: "available", quantity: 3 }, { name: "on_hand", quantity: 3 }, { name: "committed", quantity: 0 }], updatedAt: "2026-11-01T00:00:00Z", __parentId: `gid://shopify/ProductVariant/${p*10+v}` });
    }
  }
}
it("perf", { timeout: 300_000 }, async () => {
  const server = http.createServer(async (req, res) => { res.writeHead(200); let chunk = ""; for (const l of lines()) { chunk += l + "\n"; if (chunk.length > 65536) { if (!res.write(chunk)) await once(res, "drain"); chunk = ""; } } res.end(chunk); });
  server.listen(0); await once(server, "listening"); const url = `http://127.0.0.1:${(server.address() as any).port}/x`;
  let t = performance.now(); let n = 0;
  for await (const o of streamJsonLines(url)) { classifyCatalogLine(o); n++; }
  console.log("stream+parse+classify", n, (performance.now() - t).toFixed(0), "ms");
  const gateway = { startCatalogBulkQuery: async () => ({ id: "b1", status: "CREATED" as const }), getBulkOperation: async (id: string) => ({ id, status: "COMPLETED" as const, errorCode: null, objectCount: 1, url, partialDataUrl: null, completedAt: null }), listLocations: async () => [] };
  await startCatalogSync({ shop: "perf", gateway, now: new Date() });
  t = performance.now();
  const r = await importCatalogBulkResult({ shop: "perf", gateway, bulkOperationId: "b1", now: new Date(), batchSize: Number(process.env.BS ?? 500), writeStrategy: (process.env.WS ?? "json") as any });
  console.log("import", (performance.now() - t).toFixed(0), "ms", JSON.stringify(r).slice(0, 200));
  server.close();
});
