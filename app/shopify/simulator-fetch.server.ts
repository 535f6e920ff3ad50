import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";

const SHOP_HOST = /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i;

/**
 * Returns a fetch that sends every https://<shop>.myshopify.com request to the local simulator instead,
 * keeping the path and naming the shop in X-Shopify-Shop-Domain (the simulator hosts many shops on one port).
 */
export function createSimulatorFetch(simulatorUrl: string, realFetch: typeof fetch = globalThis.fetch): typeof fetch {
  const base = new URL(simulatorUrl);
  return async (input, init) => {
    const original = input instanceof Request ? input : new Request(input, init);
    const url = new URL(original.url);
    if (url.protocol !== "https:" || !SHOP_HOST.test(url.hostname)) return realFetch(input, init);
    const target = new URL(url.pathname + url.search, base);
    const headers = new Headers(original.headers);
    headers.set("X-Shopify-Shop-Domain", url.hostname);
    const body = original.body ? await original.arrayBuffer() : undefined;
    return realFetch(target, { method: original.method, headers, body, redirect: "manual" });
  };
}

/** Points the Shopify API library at the simulator. Only called when SHOPIFY_SIMULATOR_URL is set. */
export function routeShopifyApiToSimulator(simulatorUrl: string): void {
  setAbstractFetchFunc(createSimulatorFetch(simulatorUrl));
}
