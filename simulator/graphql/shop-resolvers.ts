import {
  toGid,
  type AppInstallationRecord,
  type ShopRecord,
} from "../records";
import { fieldsOf, type Ctx } from "./resolver-types";
import { gidArg } from "./resolver-helpers";

// The shop, the app and its installation (access scopes).

export const appObject = (ctx: Ctx) => ({
  __typename: "App",
  id: toGid("App", ctx.store.appId),
  apiKey: process.env.SHOPIFY_API_KEY ?? "simulator-api-key",
  title: "Backorders",
  handle: "backorders",
  embedded: true,
  description: null,
  developerName: "Backorders",
  published: false,
  shopifyDeveloped: false,
  previouslyInstalled: false,
  features: [],
  failedRequirements: [],
  uninstallMessage: "",
  pricingDetails: null,
  pricingDetailsSummary: "",
  appStoreAppUrl: null,
  appStoreDeveloperUrl: null,
  privacyPolicyUrl: null,
  installUrl: null,
  isPostPurchaseAppInUse: false,
  webhookApiVersion: "2026-10",
});

const scopeObjects = (ctx: Ctx) => (ctx.data.grantedScopes ?? ctx.store.appToml.scopes ?? []).map((handle) => ({ __typename: "AccessScope", handle, description: handle.replace(/_/g, " ") }));

const timezoneAbbreviation = (timeZone: string, ms: number) =>
  new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(new Date(ms)).find((part) => part.type === "timeZoneName")?.value ?? "UTC";

function shopAddress(shop: ShopRecord) {
  return {
    __typename: "ShopAddress",
    id: toGid("ShopAddress", shop.id),
    address1: "1 Simulator Way",
    address2: null,
    city: "New York",
    company: shop.name,
    coordinatesValidated: false,
    country: "United States",
    countryCode: "US",
    countryCodeV2: "US",
    formatted: ["1 Simulator Way", "New York NY 10001", "United States"],
    formattedArea: "New York NY, United States",
    latitude: null,
    longitude: null,
    phone: null,
    province: "New York",
    provinceCode: "NY",
    zip: "10001",
    firstName: null,
    lastName: null,
    name: null,
  };
}

export const SHOP_QUERY_FIELDS = fieldsOf<unknown>({
  shop: (_s, _a, ctx) => ctx.data.shop,
  appInstallation: (_s, args: { id?: string | null }, ctx) => {
    if (args.id && gidArg(args.id, "AppInstallation") !== ctx.data.installation.id) return null;
    return ctx.data.installation;
  },
  currentAppInstallation: (_s, _a, ctx) => ctx.data.installation,
  app: (_s, _a, ctx) => appObject(ctx),
});

export const SHOP_TYPE_RESOLVERS = {
  Shop: fieldsOf<ShopRecord>({
    contactEmail: (shop: ShopRecord) => shop.email,
    primaryDomain: (shop: ShopRecord) => ({ __typename: "Domain", id: toGid("Domain", shop.id), host: shop.myshopifyDomain, url: `https://${shop.myshopifyDomain}`, sslEnabled: true, localization: null, marketWebPresence: null }),
    url: (shop: ShopRecord) => `https://${shop.myshopifyDomain}`,
    plan: (shop: ShopRecord) => ({ __typename: "ShopPlan", displayName: shop.planName, publicDisplayName: shop.planName, partnerDevelopment: true, shopifyPlus: false }),
    timezoneAbbreviation: (shop: ShopRecord, _a, ctx) => timezoneAbbreviation(shop.ianaTimezone, ctx.store.nowMs()),
    timezoneOffset: (shop: ShopRecord, _a, ctx) => {
      const abbreviationDate = new Intl.DateTimeFormat("en-US", { timeZone: shop.ianaTimezone, timeZoneName: "longOffset" }).formatToParts(new Date(ctx.store.nowMs()));
      const offset = abbreviationDate.find((part) => part.type === "timeZoneName")?.value ?? "GMT";
      return offset === "GMT" ? "+0000" : offset.replace("GMT", "").replace(":", "");
    },
    timezoneOffsetMinutes: (shop: ShopRecord, _a, ctx) => {
      const local = new Date(new Date(ctx.store.nowMs()).toLocaleString("en-US", { timeZone: shop.ianaTimezone }));
      const utc = new Date(new Date(ctx.store.nowMs()).toLocaleString("en-US", { timeZone: "UTC" }));
      return Math.round((local.getTime() - utc.getTime()) / 60000);
    },
    enabledPresentmentCurrencies: (shop: ShopRecord) => [shop.currencyCode],
    billingAddress: (shop: ShopRecord) => shopAddress(shop),
    shopAddress: (shop: ShopRecord) => shopAddress(shop),
    description: () => null,
    setupRequired: () => false,
    checkoutApiSupported: () => false,
    taxesIncluded: () => false,
    taxShipping: () => false,
    transactionalSmsDisabled: () => false,
    marketingSmsConsentEnabledAtCheckout: () => false,
    orderNumberFormatPrefix: () => "#",
    orderNumberFormatSuffix: () => "",
    unitSystem: () => "METRIC_SYSTEM",
  }),

  AppInstallation: fieldsOf<AppInstallationRecord>({
    accessScopes: (_installation: AppInstallationRecord, _a, ctx) => scopeObjects(ctx),
    app: (_installation: AppInstallationRecord, _a, ctx) => appObject(ctx),
    launchUrl: (_installation: AppInstallationRecord, _a, ctx) => `https://admin.shopify.com/store/${ctx.data.domain.replace(/\.myshopify\.com$/, "")}/apps/backorders`,
    uninstallUrl: () => null,
    activeSubscriptions: () => [],
  }),

  App: fieldsOf<unknown>({
    installation: (_app: unknown, _a, ctx) => ctx.data.installation,
    requestedAccessScopes: (_app: unknown, _a, ctx) => scopeObjects(ctx),
    availableAccessScopes: (_app: unknown, _a, ctx) => scopeObjects(ctx),
    optionalAccessScopes: () => [],
  }),
};
