import type { PrismaClient } from "@prisma/client";

/** The embedded-admin query string Shopify appends when it opens an app: shop, host, embedded=1, id_token. */
export function embeddedAppQuery(shop: string, idToken: string): URLSearchParams {
  const host = Buffer.from(`admin.shopify.com/store/${shop.replace(".myshopify.com", "")}`).toString("base64url");
  return new URLSearchParams({ embedded: "1", shop, host, id_token: idToken, locale: "en" });
}

/**
 * Installs the app on a simulated shop the way Shopify admin does on first open: the app receives a signed
 * session token, exchanges it for an expiring offline token (real `authenticate.admin` path), and its
 * afterAuth hook queues the initial catalog sync. Then waits until the sync has landed in the database.
 */
export async function installAndSync(input: {
  appUrl: string;
  shop: string;
  mintIdToken: (shop: string) => string;
  prisma: PrismaClient;
  timeoutMs?: number;
}): Promise<{ variants: number; products: number }> {
  // A browser user agent: shopify-app-remix answers bots with 410 on embedded app pages.
  const response = await fetch(`${input.appUrl}/app?${embeddedAppQuery(input.shop, input.mintIdToken(input.shop))}`, {
    headers: { "User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0 Safari/537.36" },
  });
  if (response.status !== 200) {
    throw new Error(`Opening the app failed with HTTP ${response.status}: ${(await response.text()).slice(0, 500)}`);
  }
  const deadline = Date.now() + (input.timeoutMs ?? 60_000);
  while (Date.now() < deadline) {
    const row = await input.prisma.shop.findUnique({ where: { shop: input.shop } });
    if (row?.catalogSyncStatus === "completed") {
      const [variants, products] = await Promise.all([
        input.prisma.variant.count({ where: { shop: input.shop } }),
        input.prisma.product.count({ where: { shop: input.shop } }),
      ]);
      return { variants, products };
    }
    if (row?.catalogSyncStatus === "failed") throw new Error(`Catalog sync failed: ${row.catalogSyncError}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`The catalog sync did not finish within ${(input.timeoutMs ?? 60_000) / 1000} s`);
}
