/**
 * In simulator mode the "Shopify admin" that frames the app is the local simulator, so its origin must be an
 * allowed frame ancestor next to Shopify's. Without SHOPIFY_SIMULATOR_URL the library's header is untouched.
 */
export function allowSimulatorAsFrameAncestor(headers: Headers, simulatorUrl: string | undefined): void {
  if (!simulatorUrl) return;
  // The library preloads Shopify's CDN App Bridge; locally the stand-in is used instead and the CDN is unreachable.
  if (headers.get("Link")?.includes("cdn.shopify.com/shopifycloud/app-bridge.js")) headers.delete("Link");
  const csp = headers.get("Content-Security-Policy");
  if (!csp || !csp.includes("frame-ancestors")) return;
  const origin = new URL(simulatorUrl).origin;
  headers.set(
    "Content-Security-Policy",
    csp.replace(/frame-ancestors ([^;]*)/, (_match, sources: string) =>
      `frame-ancestors ${sources.replace("'none'", "").trim()} ${origin}`.replace(/\s+/g, " "),
    ),
  );
}
