import "@shopify/shopify-app-remix/adapters/node";
import { AppDistribution, shopifyApp } from "@shopify/shopify-app-remix/server";
import { PrismaSessionStorage } from "@shopify/shopify-app-session-storage-prisma";
import prisma from "./db.server";
import { env } from "./env.server";
import { ADMIN_API_VERSION } from "./shopify/api-version";
import { routeShopifyApiToSimulator } from "./shopify/simulator-fetch.server";
import { APP_SCOPES } from "./shopify/app-scopes";
import { onShopAuthenticated } from "./services/shop-install.server";
import { systemClock } from "./clock.server";
import { abstractFetch, setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { guardAuthenticateAdmin, observeTokenEndpoint } from "./shopify/admin-auth.server";

if (env.SHOPIFY_SIMULATOR_URL) routeShopifyApiToSimulator(env.SHOPIFY_SIMULATOR_URL);
// After the simulator routing: the guard must see the token endpoint's answer wherever it is served from.
setAbstractFetchFunc(observeTokenEndpoint(abstractFetch));

const shopify = shopifyApp({
  apiKey: env.SHOPIFY_API_KEY,
  apiSecretKey: env.SHOPIFY_API_SECRET,
  apiVersion: ADMIN_API_VERSION,
  scopes: env.SCOPES?.split(",") ?? APP_SCOPES,
  appUrl: env.SHOPIFY_APP_URL,
  authPathPrefix: "/auth",
  sessionStorage: new PrismaSessionStorage(prisma),
  distribution: AppDistribution.AppStore,
  future: {
    unstable_newEmbeddedAuthStrategy: true, // token exchange: Shopify-managed install, no OAuth redirects
    expiringOfflineAccessTokens: true, // required for public apps created since 2026-04; refreshed automatically
  },
  hooks: {
    afterAuth: async ({ session, admin }) => {
      await onShopAuthenticated({ shop: session.shop, graphql: admin.graphql, now: systemClock() });
    },
  },
  ...(env.SHOP_CUSTOM_DOMAIN ? { customShopDomains: [env.SHOP_CUSTOM_DOMAIN] } : {}),
});

export default shopify;
export const apiVersion = ADMIN_API_VERSION;
export const addDocumentResponseHeaders = shopify.addDocumentResponseHeaders;
// Every admin route authenticates through the guard: forged session tokens get the library's 401/302, never a 500.
export const authenticate: typeof shopify.authenticate = {
  ...shopify.authenticate,
  admin: guardAuthenticateAdmin(shopify.authenticate.admin, { appUrl: env.SHOPIFY_APP_URL }),
};
export const unauthenticated = shopify.unauthenticated;
export const login = shopify.login;
export const registerWebhooks = shopify.registerWebhooks;
export const sessionStorage = shopify.sessionStorage;
