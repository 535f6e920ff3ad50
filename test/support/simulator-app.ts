// What the simulator tests share: the app config the simulator reads, and shopify-api set up the way the app
// sets it up (embedded, the pinned API version), to check what the simulator signs and sends.
import { fileURLToPath } from "node:url";
import "@shopify/shopify-api/adapters/node";
import { ApiVersion, LogSeverity, shopifyApi } from "@shopify/shopify-api";

/** The app's shopify.app.toml (scopes, webhook subscriptions, app proxy). */
export const APP_CONFIG = fileURLToPath(new URL("../../shopify.app.toml", import.meta.url));

/** shopify-api for the app with these credentials; `hostName` defaults to 127.0.0.1. */
export function appShopifyApi(options: { apiKey: string; apiSecretKey: string; hostName?: string }) {
  return shopifyApi({
    apiKey: options.apiKey,
    apiSecretKey: options.apiSecretKey,
    apiVersion: ApiVersion.October26,
    hostName: options.hostName ?? "127.0.0.1",
    isEmbeddedApp: true,
    logger: { level: LogSeverity.Error },
  });
}
