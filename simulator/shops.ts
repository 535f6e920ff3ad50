import { buildShopPayload } from "./payloads";
import { ShopData, SimulatorError, type MetafieldDefinitionRecord, type ShopRecord } from "./records";
import { seedDemoHistory } from "./demo-history";
import { seedBigCatalog, seedDemoCatalog, type SeedTarget } from "./seed";
import type { StoreCore } from "./store-core";
import { deleteAppValidations } from "./validations";

// Shops and the app's installation on them: creating (and seeding) a shop, granted scopes, install/uninstall.

export type SeedOption = "demo" | "empty" | { products: number; variantsPerProduct: number };

export type CreateShopOptions = {
  name?: string;
  seed?: SeedOption;
  scopes?: string[] | null;
  /** With the demo seed: 60 days of past orders and a few inbound shipments (simulator/demo-history.ts). */
  demoHistory?: boolean;
};

export function createShop(store: StoreCore & SeedTarget, domain: string, opts: CreateShopOptions = {}): void {
  if (store.hasShop(domain)) throw new SimulatorError(`Shop ${domain} already exists`, 409);
  const now = store.nowMs();
  const seed = opts.seed ?? "demo";
  const isDemo = seed === "demo";
  const shopRecord: ShopRecord = {
    __typename: "Shop",
    id: store.nextId(),
    name: opts.name ?? (isDemo ? "Backorders Demo" : domain.replace(/\.myshopify\.com$/, "")),
    email: `owner@${domain}`,
    myshopifyDomain: domain,
    currencyCode: "USD",
    ianaTimezone: "America/New_York",
    weightUnit: "KILOGRAMS",
    planName: "Development",
    createdAt: now,
    updatedAt: now,
  };
  const scopes = opts.scopes === undefined ? store.appToml.scopes : opts.scopes;
  const data = new ShopData(domain, shopRecord, { __typename: "AppInstallation", id: store.nextId(), installedAt: now }, scopes ? [...scopes] : null);
  store.addShopData(data);
  for (const definition of store.appToml.metafieldDefinitions) {
    const record: MetafieldDefinitionRecord = {
      __typename: "MetafieldDefinition",
      id: store.nextId(),
      name: definition.name,
      namespace: store.appNamespace(),
      key: definition.key,
      description: definition.description,
      typeName: definition.type,
      ownerType: definition.ownerType,
      adminAccess: definition.adminAccess,
      storefrontAccess: definition.storefrontAccess,
      customerAccountAccess: "NONE",
      pinnedPosition: null,
    };
    data.metafieldDefinitions.set(record.id, record);
  }
  if (seed === "demo") {
    seedDemoCatalog(store, data);
    if (opts.demoHistory) seedDemoHistory(store, data);
  } else if (seed === "empty") store.addLocation(data, { name: "Shop location" });
  else seedBigCatalog(store, data, seed);
}

/** What OAuth granted; GraphQL enforces it field by field like Shopify (null disables the check). */
export function setGrantedScopes(store: StoreCore, shop: string, scopes: string[] | null): void {
  store.getShopData(shop).grantedScopes = scopes ? [...scopes] : null;
}

/** A fresh install (OAuth after an uninstall) makes the app's token valid again. */
export function markInstalled(store: StoreCore, shop: string): void {
  const data = store.getShopData(shop);
  if (!data.installed) {
    data.installed = true;
    data.installation = { __typename: "AppInstallation", id: store.nextId(), installedAt: store.nowMs() };
  }
}

export function isInstalled(store: StoreCore, shop: string): boolean {
  return store.findShopData(shop)?.installed ?? false;
}

export function uninstall(store: StoreCore, shop: string): void {
  const data = store.getShopData(shop);
  data.installed = false;
  // Shopify removes an uninstalled app's validations: its checkout rules stop with it.
  deleteAppValidations(data);
  store.emit(shop, "app/uninstalled", buildShopPayload(data));
}