import { getNamedType, GraphQLError, isAbstractType, isObjectType, type GraphQLObjectType, type GraphQLOutputType } from "graphql";
import { fulfillableQuantity, orderSubtotal } from "../payloads";
import {
  inventoryLevelGid,
  parseGid,
  QUANTITY_NAMES,
  readQuantity,
  toGid,
  type AppInstallationRecord,
  type BulkOperationRecord,
  type CollectionRecord,
  type FulfillmentHoldRecord,
  type FulfillmentOrderLineItemRecord,
  type FulfillmentOrderRecord,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LineItemRecord,
  type LocationRecord,
  type MetafieldDefinitionRecord,
  type MetafieldRecord,
  type OrderRecord,
  type ProductRecord,
  type QuantityName,
  type ShopData,
  type ShopRecord,
  type SimulatorStore,
  type VariantRecord,
} from "../store";
import { encodeCursor, paginate, requirePageSize } from "./connection";
import { formatDateTime, isConnectionType, type AdminSchema } from "./schema";
import { compileSearch, type SearchFieldReader, type SearchValue } from "./search-query";

// Resolvers over the in-memory store. Lookup order for a field: explicit resolver → connection source (paginated
// here, streamed by the bulk runner) → generic fields (id, legacyResourceId, metafield(s)) → a record property
// of the same name → an error naming the field. The simulator never answers a field it doesn't model with null.

export type Ctx = {
  store: SimulatorStore;
  data: ShopData;
  admin: AdminSchema;
  /** Inside bulkOperationRunQuery: connections are unpaginated. */
  bulk: boolean;
  /** Search syntax warnings, reported in `extensions.search` like Shopify does. */
  searchWarnings: Array<{ path: Array<string | number>; query: string; warnings: Array<{ field: string; message: string }> }>;
  /** The @idempotent(key:) of the mutation field being resolved, if any. */
  idempotencyKey?: string | null;
};

export type FieldInfo = { parentType: GraphQLObjectType; fieldName: string; returnType: GraphQLOutputType; path?: { prev: unknown; key: string | number } };

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyRecord = any;
export type Resolver<S = AnyRecord> = (source: S, args: AnyRecord, ctx: Ctx, info: FieldInfo) => unknown;
export type ListSource<S = AnyRecord> = (source: S, args: AnyRecord, ctx: Ctx) => readonly unknown[];

export class NotImplementedError extends GraphQLError {
  constructor(typeName: string, fieldName: string) {
    super(`Simulator does not implement ${typeName}.${fieldName}`, { extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" } });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Small builders

export const gidOf = (record: { __typename: string; id: number }) => toGid(record.__typename, record.id);

/** Shopify's Decimal rendering ("24.00" → "24.0", "24.50" → "24.5"). */
export function decimalString(amount: string): string {
  const [whole, fraction = ""] = amount.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${whole}.${trimmed || "0"}`;
}

export const moneyV2 = (amount: string, currencyCode: string) => ({ __typename: "MoneyV2", amount: decimalString(amount), currencyCode });

export const moneyBag = (amount: string, currencyCode: string) => ({
  __typename: "MoneyBag",
  shopMoney: moneyV2(amount, currencyCode),
  presentmentMoney: moneyV2(amount, currencyCode),
});

const count = (value: number, limit?: number | null) => ({
  __typename: "Count",
  count: limit !== undefined && limit !== null && value > limit ? limit : value,
  precision: limit !== undefined && limit !== null && value > limit ? "AT_LEAST" : "EXACT",
});

const stripHtml = (html: string) => html.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();

const words = (value: string) => [value, ...value.split(/[\s\-_/]+/).filter(Boolean)];

export function invalidGid(value: unknown): GraphQLError {
  return new GraphQLError(`Invalid global id '${String(value)}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } });
}

/** Numeric id of a GID argument of the expected type; malformed GIDs are errors, other types simply miss. */
export function gidArg(value: unknown, type: string): number | null {
  if (typeof value !== "string") throw invalidGid(value);
  const parsed = parseGid(value);
  if (!parsed) throw invalidGid(value);
  return parsed.type === type ? parsed.id : null;
}

function sortRecords<T>(items: T[], key: ((item: T) => string | number | null) | null, reverse: boolean | null | undefined): T[] {
  const result = key
    ? items
        .map((item, index) => ({ item, index, value: key(item) }))
        .sort((a, b) => {
          if (a.value === b.value) return a.index - b.index;
          if (a.value === null) return 1;
          if (b.value === null) return -1;
          if (typeof a.value === "number" && typeof b.value === "number") return a.value - b.value;
          return String(a.value).localeCompare(String(b.value), "en", { sensitivity: "base" }) || a.index - b.index;
        })
        .map((entry) => entry.item)
    : items;
  return reverse ? [...result].reverse() : result;
}

function search<T>(ctx: Ctx, items: Iterable<T>, query: string | null | undefined, read: SearchFieldReader<T>, fields: readonly string[], path: Array<string | number> = []): T[] {
  const compiled = compileSearch(query, read, fields);
  if (compiled.unknownFields.length && query) {
    ctx.searchWarnings.push({ path, query, warnings: compiled.unknownFields.map((field) => ({ field, message: "Invalid search field for this query." })) });
  }
  const result: T[] = [];
  for (const item of items) if (compiled.matches(item)) result.push(item);
  return result;
}

/** `id:gid://shopify/Product/123` searches like `id:123` (ids compare numerically, ranges included). */
function normalizeIdQuery(query: string | null | undefined): string | null | undefined {
  return query?.replace(/\b(id|product_id|location_id|collection_id|assigned_location_id):(>=|<=|>|<)?(["']?)gid:\/\/shopify\/\w+\/(\d+)\3/g, "$1:$2$4");
}

// ---------------------------------------------------------------------------------------------------------
// Node lookup

export function lookupNode(ctx: Ctx, value: string): { __typename: string } | null {
  const parsed = parseGid(value);
  if (!parsed) throw invalidGid(value);
  const data = ctx.data;
  switch (parsed.type) {
    case "Product":
      return data.products.get(parsed.id) ?? null;
    case "ProductVariant":
      return data.variants.get(parsed.id) ?? null;
    case "InventoryItem":
      return data.inventoryItems.get(parsed.id) ?? null;
    case "InventoryLevel": {
      const item = data.inventoryItems.get(Number(parsed.params.get("inventory_item_id")));
      return item ? (data.findLevel(item, parsed.id) ?? null) : null;
    }
    case "Location":
      return data.locations.get(parsed.id) ?? null;
    case "Collection":
      return data.collections.get(parsed.id) ?? null;
    case "Order":
      return data.orders.get(parsed.id) ?? null;
    case "LineItem":
      return data.lineItems.get(parsed.id) ?? null;
    case "FulfillmentOrder":
      return data.fulfillmentOrders.get(parsed.id) ?? null;
    case "FulfillmentOrderLineItem":
      return data.fulfillmentOrderLineItems.get(parsed.id) ?? null;
    case "FulfillmentHold":
      for (const fulfillmentOrder of data.fulfillmentOrders.values()) {
        const hold = fulfillmentOrder.holds.find((h) => h.id === parsed.id);
        if (hold) return hold;
      }
      return null;
    case "Metafield":
      return data.metafields.get(parsed.id) ?? null;
    case "MetafieldDefinition":
      return data.metafieldDefinitions.get(parsed.id) ?? null;
    case "BulkOperation": {
      const operation = ctx.store.bulkOperations.get(parsed.id);
      return operation && operation.shop === data.domain ? operation : null;
    }
    case "Shop":
      return data.shop.id === parsed.id ? data.shop : null;
    case "AppInstallation":
      return data.installation.id === parsed.id ? data.installation : null;
    default:
      return null;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Metafields

/** `$app` (or an omitted namespace) is the app-reserved `app--<appId>`; `$app:x` is `app--<appId>--x`. */
export function resolveNamespace(ctx: Ctx, namespace: string | null | undefined): string {
  if (namespace === null || namespace === undefined || namespace === "" || namespace === "$app") return ctx.store.appNamespace();
  if (namespace.startsWith("$app:")) return `${ctx.store.appNamespace()}--${namespace.slice(5)}`;
  return namespace;
}

const OWNER_TYPES: Record<string, string> = {
  Product: "PRODUCT",
  ProductVariant: "PRODUCTVARIANT",
  Collection: "COLLECTION",
  Order: "ORDER",
  Shop: "SHOP",
  Location: "LOCATION",
  AppInstallation: "API_PERMISSION",
};

export function metafieldOwnerType(typeName: string): string | null {
  return OWNER_TYPES[typeName] ?? null;
}

function metafieldJsonValue(metafield: MetafieldRecord): unknown {
  const { type, value } = metafield;
  try {
    if (type === "json" || type.startsWith("list.") || type === "rating" || type === "money" || type === "dimension" || type === "volume" || type === "weight") return JSON.parse(value);
    if (type === "number_integer") return Number.parseInt(value, 10);
    if (type === "number_decimal") return value;
    if (type === "boolean") return value === "true";
  } catch {
    return value;
  }
  return value;
}

const metafieldResolvers: Record<string, Resolver> = {
  metafield: (source, args, ctx) => {
    const owner = gidOf(source);
    return ctx.data.findMetafield(owner, resolveNamespace(ctx, args.namespace), args.key) ?? null;
  },
};

const metafieldsSource: ListSource = (source, args, ctx) => {
  const namespace = args.namespace === undefined || args.namespace === null ? null : resolveNamespace(ctx, args.namespace);
  const keys: string[] | null = args.keys ?? null;
  const list = ctx.data.metafieldsOf(gidOf(source)).filter((metafield) => {
    if (namespace !== null && metafield.namespace !== namespace) return false;
    if (keys && !keys.some((key) => {
      const dot = key.lastIndexOf(".");
      return resolveNamespace(ctx, key.slice(0, dot)) === metafield.namespace && key.slice(dot + 1) === metafield.key;
    })) return false;
    return true;
  });
  return args.reverse ? [...list].reverse() : list;
};

// ---------------------------------------------------------------------------------------------------------
// Per-type resolvers

const variantAvailableForSale = (data: ShopData, variant: VariantRecord) => {
  const product = data.productOf(variant);
  if (product.status !== "ACTIVE") return false;
  const item = data.itemOf(variant);
  return !item.tracked || variant.inventoryPolicy === "CONTINUE" || data.availableTotal(item) > 0;
};

const productOptions = (product: ProductRecord) =>
  product.options.map((option, index) => ({
    __typename: "ProductOption",
    id: toGid("ProductOption", product.id * 10 + index + 1),
    name: option.name,
    position: index + 1,
    values: option.values,
    linkedMetafield: null,
    optionValues: option.values.map((name, valueIndex) => ({
      __typename: "ProductOptionValue",
      id: toGid("ProductOptionValue", product.id * 1000 + index * 250 + valueIndex + 1),
      name,
      hasVariants: true,
      linkedMetafieldValue: null,
      swatch: null,
    })),
  }));

const priceRange = (data: ShopData, product: ProductRecord) => {
  const prices = data.variantsOf(product).map((variant) => Number(variant.price));
  const currency = data.shop.currencyCode;
  const min = prices.length ? Math.min(...prices) : 0;
  const max = prices.length ? Math.max(...prices) : 0;
  return { __typename: "ProductPriceRangeV2", minVariantPrice: moneyV2(min.toFixed(2), currency), maxVariantPrice: moneyV2(max.toFixed(2), currency) };
};

const appObject = (ctx: Ctx) => ({
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

const holdDisplayReason: Record<string, string> = {
  AWAITING_PAYMENT: "Awaiting payment",
  AWAITING_RETURN_ITEMS: "Awaiting return items",
  HIGH_RISK_OF_FRAUD: "High risk of fraud",
  INCORRECT_ADDRESS: "Incorrect address",
  INVENTORY_OUT_OF_STOCK: "Inventory out of stock",
  ONLINE_STORE_POST_PURCHASE_CROSS_SELL: "Online store post purchase cross sell",
  OTHER: "Other",
  UNKNOWN_DELIVERY_DATE: "Unknown delivery date",
};

const timezoneAbbreviation = (timeZone: string, ms: number) =>
  new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "short" }).formatToParts(new Date(ms)).find((part) => part.type === "timeZoneName")?.value ?? "UTC";

export const TYPE_RESOLVERS: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    shop: (_s, _a, ctx) => ctx.data.shop,
    location: (_s, args, ctx) => {
      if (args.id === undefined || args.id === null) return ctx.data.primaryLocation();
      const id = gidArg(args.id, "Location");
      return id === null ? null : (ctx.data.locations.get(id) ?? null);
    },
    product: (_s, args, ctx) => byId(ctx.data.products, args.id, "Product"),
    productByIdentifier: (_s, args, ctx) => {
      const identifier = args.identifier ?? {};
      if (identifier.id) return byId(ctx.data.products, identifier.id, "Product");
      if (identifier.handle) return [...ctx.data.products.values()].find((p) => p.handle === identifier.handle) ?? null;
      throw new NotImplementedError("ProductIdentifierInput", "customId");
    },
    productVariant: (_s, args, ctx) => byId(ctx.data.variants, args.id, "ProductVariant"),
    inventoryItem: (_s, args, ctx) => byId(ctx.data.inventoryItems, args.id, "InventoryItem"),
    inventoryLevel: (_s, args, ctx) => {
      const node = lookupNode(ctx, args.id);
      return node?.__typename === "InventoryLevel" ? node : null;
    },
    collection: (_s, args, ctx) => byId(ctx.data.collections, args.id, "Collection"),
    order: (_s, args, ctx) => byId(ctx.data.orders, args.id, "Order"),
    fulfillmentOrder: (_s, args, ctx) => byId(ctx.data.fulfillmentOrders, args.id, "FulfillmentOrder"),
    metafieldDefinition: (_s, args, ctx) => {
      if (args.id) return byId(ctx.data.metafieldDefinitions, args.id, "MetafieldDefinition");
      const identifier = args.identifier;
      if (!identifier) return null;
      return ctx.data.findMetafieldDefinition(identifier.ownerType, resolveNamespace(ctx, identifier.namespace), identifier.key) ?? null;
    },
    bulkOperation: (_s, args, ctx) => {
      const id = gidArg(args.id, "BulkOperation");
      const operation = id === null ? undefined : ctx.store.bulkOperations.get(id);
      return operation && operation.shop === ctx.data.domain ? operation : null;
    },
    currentBulkOperation: (_s, args, ctx) => {
      const type = args.type ?? "QUERY";
      let latest: BulkOperationRecord | null = null;
      for (const operation of ctx.store.bulkOperations.values()) {
        if (operation.shop === ctx.data.domain && operation.type === type && (!latest || operation.id > latest.id)) latest = operation;
      }
      return latest;
    },
    node: (_s, args, ctx) => lookupNode(ctx, args.id),
    nodes: (_s, args, ctx) => (args.ids as string[]).map((id) => lookupNode(ctx, id)),
    appInstallation: (_s, args, ctx) => {
      if (args.id && gidArg(args.id, "AppInstallation") !== ctx.data.installation.id) return null;
      return ctx.data.installation;
    },
    currentAppInstallation: (_s, _a, ctx) => ctx.data.installation,
    app: (_s, _a, ctx) => appObject(ctx),
    productsCount: (_s, args, ctx) => count(productSearch(ctx, args.query).length, args.limit),
    productVariantsCount: (_s, args, ctx) => count(variantSearch(ctx, args.query).length, args.limit),
    ordersCount: (_s, args, ctx) => count(orderSearch(ctx, args.query).length, args.limit),
    locationsCount: (_s, _a, ctx) => count([...ctx.data.locations.values()].filter((l) => l.isActive).length),
    collectionsCount: (_s, _a, ctx) => count(ctx.data.collections.size),
  },

  Shop: {
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
  },

  Location: {
    address: (location: LocationRecord) => ({
      __typename: "LocationAddress",
      ...location.address,
      address2: null,
      latitude: null,
      longitude: null,
      formatted: [location.address.address1, [location.address.city, location.address.provinceCode, location.address.zip].filter(Boolean).join(" "), location.address.country].filter(Boolean),
    }),
    isPrimary: (location: LocationRecord, _a, ctx) => ctx.data.primaryLocation().id === location.id,
    hasActiveInventory: () => true,
    hasUnfulfilledOrders: (location: LocationRecord, _a, ctx) => {
      for (const fulfillmentOrder of ctx.data.fulfillmentOrders.values()) if (fulfillmentOrder.locationId === location.id && fulfillmentOrder.status !== "CLOSED" && fulfillmentOrder.status !== "CANCELLED") return true;
      return false;
    },
    isFulfillmentService: () => false,
    fulfillmentService: () => null,
    activatable: (location: LocationRecord) => !location.isActive,
    deactivatable: (location: LocationRecord) => location.isActive,
    deletable: () => false,
    addressVerified: () => false,
    deactivatedAt: () => null,
    localPickupSettingsV2: () => null,
    suggestedAddresses: () => [],
    inventoryLevel: (location: LocationRecord, args, ctx) => {
      const id = gidArg(args.inventoryItemId, "InventoryItem");
      const item = id === null ? undefined : ctx.data.inventoryItems.get(id);
      return item ? (ctx.data.findLevel(item, location.id) ?? null) : null;
    },
  },

  Product: {
    description: (product: ProductRecord, args) => {
      const text = stripHtml(product.descriptionHtml);
      return args.truncateAt && text.length > args.truncateAt ? `${text.slice(0, args.truncateAt - 3)}...` : text;
    },
    options: (product: ProductRecord, args) => productOptions(product).slice(0, args.first ?? undefined),
    totalInventory: (product: ProductRecord, _a, ctx) => {
      let total = 0;
      for (const variant of ctx.data.variantsOf(product)) {
        const item = ctx.data.itemOf(variant);
        if (item.tracked) total += ctx.data.availableTotal(item);
      }
      return total;
    },
    tracksInventory: (product: ProductRecord, _a, ctx) => ctx.data.variantsOf(product).some((variant) => ctx.data.itemOf(variant).tracked),
    hasOnlyDefaultVariant: (product: ProductRecord, _a, ctx) => {
      const variants = ctx.data.variantsOf(product);
      return variants.length === 1 && variants[0].title === "Default Title";
    },
    hasOutOfStockVariants: (product: ProductRecord, _a, ctx) =>
      ctx.data.variantsOf(product).some((variant) => {
        const item = ctx.data.itemOf(variant);
        return item.tracked && ctx.data.availableTotal(item) <= 0;
      }),
    variantsCount: (product: ProductRecord) => count(product.variantIds.length),
    totalVariants: (product: ProductRecord) => product.variantIds.length,
    featuredMedia: () => null,
    featuredImage: () => null,
    mediaCount: () => count(0),
    onlineStoreUrl: () => null,
    onlineStorePreviewUrl: (product: ProductRecord, _a, ctx) => `https://${ctx.data.domain}/products/${product.handle}`,
    templateSuffix: () => null,
    giftCardTemplateSuffix: () => null,
    isGiftCard: () => false,
    requiresSellingPlan: () => false,
    priceRangeV2: (product: ProductRecord, _a, ctx) => priceRange(ctx.data, product),
    seo: () => ({ __typename: "SEO", title: null, description: null }),
    category: () => null,
    combinedListingRole: () => null,
    combinedListing: () => null,
    inCollection: (product: ProductRecord, args) => {
      const id = gidArg(args.id, "Collection");
      return id !== null && product.collectionIds.includes(id);
    },
  },

  ProductVariant: {
    displayName: (variant: VariantRecord, _a, ctx) => `${ctx.data.productOf(variant).title} - ${variant.title}`,
    inventoryQuantity: (variant: VariantRecord, _a, ctx) => ctx.data.availableTotal(ctx.data.itemOf(variant)),
    sellableOnlineQuantity: (variant: VariantRecord, _a, ctx) => Math.max(0, ctx.data.availableTotal(ctx.data.itemOf(variant))),
    availableForSale: (variant: VariantRecord, _a, ctx) => variantAvailableForSale(ctx.data, variant),
    image: () => null,
    product: (variant: VariantRecord, _a, ctx) => ctx.data.productOf(variant),
    inventoryItem: (variant: VariantRecord, _a, ctx) => ctx.data.itemOf(variant),
    selectedOptions: (variant: VariantRecord, _a, ctx) => {
      const product = ctx.data.productOf(variant);
      const options = productOptions(product);
      return variant.optionValues.map((value, index) => ({
        __typename: "SelectedOption",
        name: product.options[index]?.name ?? "Title",
        value,
        optionValue: options[index]?.optionValues.find((optionValue) => optionValue.name === value) ?? null,
      }));
    },
    requiresComponents: () => false,
    showUnitPrice: () => false,
    unitPrice: () => null,
    unitPriceMeasurement: () => null,
    deliveryProfile: () => null,
  },

  InventoryItem: {
    sku: (item: InventoryItemRecord, _a, ctx) => ctx.data.variantOf(item).sku,
    variant: (item: InventoryItemRecord, _a, ctx) => ctx.data.variantOf(item),
    inventoryLevel: (item: InventoryItemRecord, args, ctx) => {
      const id = gidArg(args.locationId, "Location");
      return id === null ? null : (ctx.data.findLevel(item, id) ?? null);
    },
    locationsCount: (item: InventoryItemRecord) => count(item.levels.length),
    unitCost: () => null,
    countryCodeOfOrigin: () => null,
    provinceCodeOfOrigin: () => null,
    harmonizedSystemCode: () => null,
    inventoryHistoryUrl: (item: InventoryItemRecord, _a, ctx) => `https://admin.shopify.com/store/${ctx.data.domain.replace(/\.myshopify\.com$/, "")}/products/inventory/${item.id}/inventory_history`,
    duplicateSkuCount: (item: InventoryItemRecord, _a, ctx) => {
      const sku = ctx.data.variantOf(item).sku;
      if (!sku) return 0;
      let duplicates = -1;
      for (const variant of ctx.data.variants.values()) if (variant.sku === sku) duplicates += 1;
      return Math.max(duplicates, 0);
    },
    measurement: (item: InventoryItemRecord) => ({ __typename: "InventoryItemMeasurement", id: toGid("InventoryItemMeasurement", item.id), weight: { __typename: "Weight", unit: "KILOGRAMS", value: 0 } }),
    trackedEditable: () => ({ __typename: "EditableProperty", locked: false, reason: null }),
  },

  InventoryLevel: {
    id: (level: InventoryLevelRecord) => inventoryLevelGid(level.itemId, level.locationId),
    location: (level: InventoryLevelRecord, _a, ctx) => ctx.data.locations.get(level.locationId),
    item: (level: InventoryLevelRecord, _a, ctx) => ctx.data.inventoryItems.get(level.itemId),
    isActive: () => true,
    canDeactivate: () => true,
    deactivationAlert: () => null,
    quantities: (level: InventoryLevelRecord, args) => {
      const names = args.names as string[];
      const invalid = names.filter((name) => !QUANTITY_NAMES.includes(name as QuantityName));
      if (invalid.length) {
        throw new GraphQLError(`The quantity names ${invalid.map((n) => JSON.stringify(n)).join(", ")} are invalid. Valid values: ${QUANTITY_NAMES.join(", ")}.`, { extensions: { code: "BAD_REQUEST" } });
      }
      return names.map((name) => ({
        __typename: "InventoryQuantity",
        id: `gid://shopify/InventoryQuantity/${level.locationId}?inventory_item_id=${level.itemId}&name=${name}`,
        name,
        quantity: readQuantity(level, name as QuantityName),
        updatedAt: level.updatedAt,
      }));
    },
  },

  Collection: {
    description: (collection: CollectionRecord) => stripHtml(collection.descriptionHtml),
    productsCount: (collection: CollectionRecord) => count(collection.productIds.length),
    hasProduct: (collection: CollectionRecord, args) => {
      const id = gidArg(args.id, "Product");
      return id !== null && collection.productIds.includes(id);
    },
    sortOrder: () => "MANUAL",
    image: () => null,
    seo: () => ({ __typename: "SEO", title: null, description: null }),
    templateSuffix: () => null,
    ruleSet: () => null,
  },

  Order: {
    displayFinancialStatus: (order: OrderRecord) => order.financialStatus,
    displayFulfillmentStatus: (order: OrderRecord, _a, ctx) => orderFulfillmentStatus(ctx.data, order),
    closed: (order: OrderRecord) => order.closedAt !== null,
    confirmed: () => true,
    test: () => false,
    fullyPaid: (order: OrderRecord) => order.financialStatus === "PAID",
    unpaid: (order: OrderRecord) => order.financialStatus !== "PAID",
    edited: () => false,
    fulfillable: (order: OrderRecord, _a, ctx) => order.lineItemIds.some((id) => fulfillableQuantity(ctx.data, ctx.data.lineItems.get(id)!) > 0),
    presentmentCurrencyCode: (order: OrderRecord) => order.currencyCode,
    sourceName: () => "web",
    cancelReason: () => null,
    customer: () => null,
    shippingAddress: () => null,
    billingAddress: () => null,
    displayAddress: () => null,
    phone: () => null,
    poNumber: () => null,
    subtotalLineItemsQuantity: (order: OrderRecord, _a, ctx) => order.lineItemIds.reduce((sum, id) => sum + ctx.data.lineItems.get(id)!.quantity, 0),
    totalPriceSet: (order: OrderRecord, _a, ctx) => moneyBag(orderSubtotal(ctx.data, order), order.currencyCode),
    currentTotalPriceSet: (order: OrderRecord, _a, ctx) => moneyBag(orderSubtotal(ctx.data, order), order.currencyCode),
    subtotalPriceSet: (order: OrderRecord, _a, ctx) => moneyBag(orderSubtotal(ctx.data, order), order.currencyCode),
    currentSubtotalPriceSet: (order: OrderRecord, _a, ctx) => moneyBag(orderSubtotal(ctx.data, order), order.currencyCode),
    totalTaxSet: (order: OrderRecord) => moneyBag("0.00", order.currencyCode),
    totalDiscountsSet: (order: OrderRecord) => moneyBag("0.00", order.currencyCode),
    totalShippingPriceSet: (order: OrderRecord) => moneyBag("0.00", order.currencyCode),
  },

  LineItem: {
    name: (lineItem: LineItemRecord) => (lineItem.variantTitle ? `${lineItem.title} - ${lineItem.variantTitle}` : lineItem.title),
    variant: (lineItem: LineItemRecord, _a, ctx) => (lineItem.variantId === null ? null : (ctx.data.variants.get(lineItem.variantId) ?? null)),
    product: (lineItem: LineItemRecord, _a, ctx) => (lineItem.productId === null ? null : (ctx.data.products.get(lineItem.productId) ?? null)),
    currentQuantity: (lineItem: LineItemRecord) => lineItem.quantity,
    unfulfilledQuantity: (lineItem: LineItemRecord, _a, ctx) => fulfillableQuantity(ctx.data, lineItem),
    fulfillableQuantity: (lineItem: LineItemRecord, _a, ctx) => fulfillableQuantity(ctx.data, lineItem),
    nonFulfillableQuantity: () => 0,
    refundableQuantity: (lineItem: LineItemRecord) => lineItem.quantity,
    originalUnitPriceSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineItem.price, orderCurrency(ctx, lineItem)),
    discountedUnitPriceSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineItem.price, orderCurrency(ctx, lineItem)),
    discountedUnitPriceAfterAllDiscountsSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineItem.price, orderCurrency(ctx, lineItem)),
    originalTotalSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineTotal(lineItem), orderCurrency(ctx, lineItem)),
    discountedTotalSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag(lineTotal(lineItem), orderCurrency(ctx, lineItem)),
    totalDiscountSet: (lineItem: LineItemRecord, _a, ctx) => moneyBag("0.00", orderCurrency(ctx, lineItem)),
    originalUnitPrice: (lineItem: LineItemRecord) => lineItem.price,
    discountedUnitPrice: (lineItem: LineItemRecord) => lineItem.price,
    isGiftCard: () => false,
    merchantEditable: () => true,
    restockable: () => true,
    image: () => null,
    taxLines: () => [],
    discountAllocations: () => [],
    duties: () => [],
    sellingPlan: () => null,
    lineItemGroup: () => null,
    contract: () => null,
    staffMember: () => null,
  },

  FulfillmentOrder: {
    orderId: (fulfillmentOrder: FulfillmentOrderRecord) => toGid("Order", fulfillmentOrder.orderId),
    order: (fulfillmentOrder: FulfillmentOrderRecord, _a, ctx) => ctx.data.orders.get(fulfillmentOrder.orderId),
    orderName: (fulfillmentOrder: FulfillmentOrderRecord, _a, ctx) => ctx.data.orders.get(fulfillmentOrder.orderId)?.name,
    orderProcessedAt: (fulfillmentOrder: FulfillmentOrderRecord, _a, ctx) => ctx.data.orders.get(fulfillmentOrder.orderId)?.processedAt,
    assignedLocation: (fulfillmentOrder: FulfillmentOrderRecord, _a, ctx) => {
      const location = ctx.data.locations.get(fulfillmentOrder.locationId)!;
      return {
        __typename: "FulfillmentOrderAssignedLocation",
        name: location.name,
        address1: location.address.address1,
        address2: null,
        city: location.address.city,
        province: location.address.province,
        zip: location.address.zip,
        countryCode: location.address.countryCode,
        phone: location.address.phone,
        location,
      };
    },
    fulfillmentHolds: (fulfillmentOrder: FulfillmentOrderRecord) => fulfillmentOrder.holds,
    supportedActions: (fulfillmentOrder: FulfillmentOrderRecord) => supportedActions(fulfillmentOrder).map((action) => ({ __typename: "FulfillmentOrderSupportedAction", action, externalUrl: null })),
    fulfillAt: () => null,
    fulfillBy: () => null,
    destination: () => null,
    deliveryMethod: () => null,
    channelId: () => null,
    internationalDuties: () => null,
  },

  FulfillmentOrderLineItem: {
    lineItem: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId),
    sku: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.sku ?? null,
    productTitle: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.title,
    variantTitle: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.variantTitle ?? null,
    vendor: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.vendor ?? null,
    requiresShipping: (line: FulfillmentOrderLineItemRecord, _a, ctx) => ctx.data.lineItems.get(line.lineItemId)?.requiresShipping ?? true,
    variant: (line: FulfillmentOrderLineItemRecord, _a, ctx) => {
      const variantId = ctx.data.lineItems.get(line.lineItemId)?.variantId;
      return variantId ? (ctx.data.variants.get(variantId) ?? null) : null;
    },
    inventoryItemId: (line: FulfillmentOrderLineItemRecord, _a, ctx) => {
      const variantId = ctx.data.lineItems.get(line.lineItemId)?.variantId;
      const variant = variantId ? ctx.data.variants.get(variantId) : undefined;
      return variant ? toGid("InventoryItem", variant.inventoryItemId) : null;
    },
    originalUnitPriceSet: (line: FulfillmentOrderLineItemRecord, _a, ctx) => {
      const lineItem = ctx.data.lineItems.get(line.lineItemId)!;
      return moneyBag(lineItem.price, orderCurrency(ctx, lineItem));
    },
    image: () => null,
    warnings: () => [],
    weight: () => null,
    financialSummaries: () => [],
    shippingLine: () => null,
  },

  FulfillmentHold: {
    displayReason: (hold: FulfillmentHoldRecord) => holdDisplayReason[hold.reason] ?? hold.reason,
    heldByApp: (_hold: FulfillmentHoldRecord, _a, ctx) => appObject(ctx),
  },

  Metafield: {
    owner: (metafield: MetafieldRecord, _a, ctx) => lookupNode(ctx, metafield.ownerGid),
    jsonValue: (metafield: MetafieldRecord) => metafieldJsonValue(metafield),
    compareDigest: (metafield: MetafieldRecord) => metafieldDigest(metafield),
    definition: (metafield: MetafieldRecord, _a, ctx) => ctx.data.findMetafieldDefinition(metafield.ownerType, metafield.namespace, metafield.key) ?? null,
    description: () => null,
    reference: () => null,
    references: () => null,
    sizeInBytes: (metafield: MetafieldRecord) => Buffer.byteLength(metafield.value),
  },

  MetafieldDefinition: {
    type: (definition: MetafieldDefinitionRecord) => ({
      __typename: "MetafieldDefinitionType",
      name: definition.typeName,
      category: metafieldTypeCategory(definition.typeName),
      supportsDefinitionMigrations: true,
      supportedValidations: [],
      valueType: "STRING",
    }),
    access: (definition: MetafieldDefinitionRecord) => ({
      __typename: "MetafieldAccess",
      admin: definition.adminAccess,
      storefront: definition.storefrontAccess,
      customerAccount: definition.customerAccountAccess,
    }),
    metafieldsCount: (definition: MetafieldDefinitionRecord, _a, ctx) => definitionMetafields(ctx, definition).length,
    validations: () => [],
    validationStatus: () => "ALL_VALID",
    useAsCollectionCondition: () => false,
    constraints: () => null,
    standardTemplate: () => null,
  },

  AppInstallation: {
    accessScopes: (_installation: AppInstallationRecord, _a, ctx) => scopeObjects(ctx),
    app: (_installation: AppInstallationRecord, _a, ctx) => appObject(ctx),
    launchUrl: (_installation: AppInstallationRecord, _a, ctx) => `https://admin.shopify.com/store/${ctx.data.domain.replace(/\.myshopify\.com$/, "")}/apps/backorders`,
    uninstallUrl: () => null,
    activeSubscriptions: () => [],
  },

  App: {
    installation: (_app: unknown, _a, ctx) => ctx.data.installation,
    requestedAccessScopes: (_app: unknown, _a, ctx) => scopeObjects(ctx),
    availableAccessScopes: (_app: unknown, _a, ctx) => scopeObjects(ctx),
    optionalAccessScopes: () => [],
  },
};

function byId<T>(map: Map<number, T>, value: unknown, type: string): T | null {
  const id = gidArg(value, type);
  return id === null ? null : (map.get(id) ?? null);
}

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

const orderCurrency = (ctx: Ctx, lineItem: LineItemRecord) => ctx.data.orders.get(lineItem.orderId)?.currencyCode ?? ctx.data.shop.currencyCode;

const lineTotal = (lineItem: LineItemRecord) => ((Math.round(Number(lineItem.price) * 100) * lineItem.quantity) / 100).toFixed(2);

export function orderFulfillmentStatus(data: ShopData, order: OrderRecord): string {
  const fulfillmentOrders = order.fulfillmentOrderIds.map((id) => data.fulfillmentOrders.get(id)!).filter(Boolean);
  if (!fulfillmentOrders.length) return "FULFILLED";
  if (fulfillmentOrders.every((fo) => fo.status === "CLOSED")) return "FULFILLED";
  if (fulfillmentOrders.some((fo) => fo.status === "ON_HOLD")) return "ON_HOLD";
  if (fulfillmentOrders.some((fo) => fo.status === "IN_PROGRESS")) return "IN_PROGRESS";
  return "UNFULFILLED";
}

function supportedActions(fulfillmentOrder: FulfillmentOrderRecord): string[] {
  switch (fulfillmentOrder.status) {
    case "OPEN":
      return ["CREATE_FULFILLMENT", "REQUEST_FULFILLMENT", "HOLD", "MOVE", "SPLIT", "MERGE"];
    case "ON_HOLD":
      return ["RELEASE_HOLD", "HOLD", "MOVE"];
    case "SCHEDULED":
      return ["MARK_AS_OPEN"];
    default:
      return [];
  }
}

export function metafieldDigest(metafield: MetafieldRecord): string {
  return Buffer.from(`${metafield.id}:${metafield.updatedAt}:${metafield.value}`).toString("base64url");
}

function metafieldTypeCategory(type: string): string {
  const base = type.replace(/^list\./, "");
  if (base.startsWith("number") || base === "rating") return "NUMBER";
  if (base.includes("text") || base === "rich_text_field") return "TEXT";
  if (base.startsWith("date")) return "DATE_TIME";
  if (base === "boolean") return "TRUE_FALSE";
  if (base === "json") return "JSON";
  if (base.endsWith("_reference")) return "REFERENCE";
  if (base === "url" || base === "link") return "URL";
  return "OTHER";
}

function definitionMetafields(ctx: Ctx, definition: MetafieldDefinitionRecord): MetafieldRecord[] {
  return [...ctx.data.metafields.values()].filter((m) => m.ownerType === definition.ownerType && m.namespace === definition.namespace && m.key === definition.key);
}

// ---------------------------------------------------------------------------------------------------------
// Searches

const PRODUCT_FIELDS = ["default", "id", "title", "handle", "vendor", "product_type", "tag", "tag_not", "status", "sku", "barcode", "created_at", "updated_at", "published_status", "inventory_total", "gift_card", "collection_id", "product_id"] as const;

const productReader =
  (ctx: Ctx): SearchFieldReader<ProductRecord> =>
  (product, field) => {
    switch (field) {
      case "default":
        return [...words(product.title), product.vendor, product.productType, ...product.tags, ...ctx.data.variantsOf(product).map((v) => v.sku ?? "")];
      case "id":
      case "product_id":
        return product.id;
      case "title":
        return words(product.title);
      case "handle":
        return product.handle;
      case "vendor":
        return product.vendor;
      case "product_type":
        return product.productType;
      case "tag":
        return product.tags;
      case "tag_not":
        return undefined;
      case "status":
        return product.status.toLowerCase();
      case "sku":
        return ctx.data.variantsOf(product).map((variant) => variant.sku);
      case "barcode":
        return ctx.data.variantsOf(product).map((variant) => variant.barcode);
      case "created_at":
        return formatDateTime(product.createdAt);
      case "updated_at":
        return formatDateTime(product.updatedAt);
      case "published_status":
        return product.publishedAt === null ? "unpublished" : "published";
      case "inventory_total":
        return ctx.data.variantsOf(product).reduce((sum, variant) => sum + ctx.data.availableTotal(ctx.data.itemOf(variant)), 0);
      case "gift_card":
        return false;
      case "collection_id":
        return product.collectionIds;
      default:
        return undefined;
    }
  };

export function productSearch(ctx: Ctx, query: string | null | undefined, path: Array<string | number> = []): ProductRecord[] {
  let list = search(ctx, ctx.data.products.values(), normalizeIdQuery(query), productReader(ctx), PRODUCT_FIELDS, path);
  // tag_not:x excludes products tagged x (a field Shopify treats as its own filter).
  const tagNot = /(?:^|\s)tag_not:(["']?)([^"'\s]+)\1/.exec(query ?? "");
  if (tagNot) list = list.filter((product) => !product.tags.some((tag) => tag.toLowerCase() === tagNot[2].toLowerCase()));
  return list;
}

const VARIANT_FIELDS = ["default", "id", "sku", "title", "barcode", "product_id", "product_ids", "product_status", "product_type", "vendor", "tag", "inventory_quantity", "managed", "taxable", "updated_at", "created_at", "location_id", "option1", "inventory_policy"] as const;

const variantReader =
  (ctx: Ctx): SearchFieldReader<VariantRecord> =>
  (variant, field) => {
    const product = () => ctx.data.productOf(variant);
    switch (field) {
      case "default":
        return [...words(variant.title), ...words(product().title), variant.sku ?? "", variant.barcode ?? ""];
      case "id":
        return variant.id;
      case "sku":
        return variant.sku;
      case "title":
        return words(variant.title);
      case "option1":
        return variant.optionValues[0] ?? null;
      case "barcode":
        return variant.barcode;
      case "product_id":
      case "product_ids":
        return variant.productId;
      case "product_status":
        return product().status.toLowerCase();
      case "product_type":
        return product().productType;
      case "vendor":
        return product().vendor;
      case "tag":
        return product().tags;
      case "inventory_quantity":
        return ctx.data.availableTotal(ctx.data.itemOf(variant));
      case "inventory_policy":
        return variant.inventoryPolicy.toLowerCase();
      case "managed":
        return ctx.data.itemOf(variant).tracked;
      case "taxable":
        return variant.taxable;
      case "updated_at":
        return formatDateTime(variant.updatedAt);
      case "created_at":
        return formatDateTime(variant.createdAt);
      case "location_id":
        return ctx.data.itemOf(variant).levels.map((level) => level.locationId);
      default:
        return undefined;
    }
  };

export function variantSearch(ctx: Ctx, query: string | null | undefined, path: Array<string | number> = []): VariantRecord[] {
  // product_ids:1,2,3 is a list filter; expand it into an OR group the parser understands.
  const expanded = normalizeIdQuery(query)?.replace(/\bproduct_ids:([\d,]+)/g, (_m, ids: string) => `(${ids.split(",").filter(Boolean).map((id) => `product_id:${id}`).join(" OR ")})`);
  return search(ctx, ctx.data.variants.values(), expanded, variantReader(ctx), VARIANT_FIELDS, path);
}

const ORDER_FIELDS = ["default", "id", "name", "email", "tag", "tag_not", "status", "financial_status", "fulfillment_status", "created_at", "updated_at", "processed_at", "sku"] as const;

const orderReader =
  (ctx: Ctx): SearchFieldReader<OrderRecord> =>
  (order, field) => {
    switch (field) {
      case "default":
        return [order.name, order.name.replace(/^#/, ""), order.email ?? ""];
      case "id":
        return order.id;
      case "name":
        return [order.name, order.name.replace(/^#/, "")];
      case "email":
        return order.email;
      case "tag":
        return order.tags;
      case "tag_not":
        return undefined;
      case "status":
        return order.cancelledAt !== null ? "cancelled" : order.closedAt !== null ? "closed" : "open";
      case "financial_status":
        return order.financialStatus.toLowerCase();
      case "fulfillment_status": {
        const status = orderFulfillmentStatus(ctx.data, order);
        return status === "FULFILLED" ? ["shipped", "fulfilled"] : status === "ON_HOLD" ? ["on_hold", "unshipped", "unfulfilled"] : ["unshipped", "unfulfilled"];
      }
      case "created_at":
        return formatDateTime(order.createdAt);
      case "updated_at":
        return formatDateTime(order.updatedAt);
      case "processed_at":
        return formatDateTime(order.processedAt);
      case "sku":
        return order.lineItemIds.map((id) => ctx.data.lineItems.get(id)!.sku);
      default:
        return undefined;
    }
  };

export function orderSearch(ctx: Ctx, query: string | null | undefined, path: Array<string | number> = []): OrderRecord[] {
  let list = search(ctx, ctx.data.orders.values(), normalizeIdQuery(query), orderReader(ctx), ORDER_FIELDS, path);
  const tagNot = /(?:^|\s)tag_not:(["']?)([^"'\s]+)\1/.exec(query ?? "");
  if (tagNot) list = list.filter((order) => !order.tags.some((tag) => tag.toLowerCase() === tagNot[2].toLowerCase()));
  return list;
}

// ---------------------------------------------------------------------------------------------------------
// Connection sources (return the full ordered list; pagination or bulk streaming happens on top)

const pathOf = (info?: FieldInfo): Array<string | number> => {
  const result: Array<string | number> = [];
  let node = info?.path as { prev: unknown; key: string | number } | undefined;
  while (node) {
    result.unshift(node.key);
    node = node.prev as typeof node | undefined;
  }
  return result;
};

type SourceWithInfo = (source: AnyRecord, args: AnyRecord, ctx: Ctx, info?: FieldInfo) => readonly unknown[];

const variantSortKey = (ctx: Ctx, sortKey: string | undefined): ((v: VariantRecord) => string | number | null) | null => {
  switch (sortKey) {
    case "SKU":
      return (v) => v.sku;
    case "TITLE":
      return (v) => v.title;
    case "NAME":
    case "FULL_TITLE":
      return (v) => `${ctx.data.productOf(v).title} - ${v.title}`;
    case "POSITION":
      return (v) => v.productId * 10_000 + v.position;
    case "INVENTORY_QUANTITY":
    case "INVENTORY_LEVELS_AVAILABLE":
      return (v) => ctx.data.availableTotal(ctx.data.itemOf(v));
    case "INVENTORY_POLICY":
      return (v) => v.inventoryPolicy;
    default:
      return null;
  }
};

export const CONNECTION_SOURCES: Record<string, Record<string, SourceWithInfo>> = {
  QueryRoot: {
    products: (_s, args, ctx, info) => {
      const list = productSearch(ctx, args.query, pathOf(info));
      const key: ((p: ProductRecord) => string | number | null) | null =
        args.sortKey === "TITLE"
          ? (p) => p.title
          : args.sortKey === "CREATED_AT"
            ? (p) => p.createdAt
            : args.sortKey === "UPDATED_AT"
              ? (p) => p.updatedAt
              : args.sortKey === "VENDOR"
                ? (p) => p.vendor
                : args.sortKey === "PRODUCT_TYPE"
                  ? (p) => p.productType
                  : args.sortKey === "PUBLISHED_AT"
                    ? (p) => p.publishedAt
                    : args.sortKey === "INVENTORY_TOTAL"
                      ? (p) => ctx.data.variantsOf(p).reduce((sum, v) => sum + ctx.data.availableTotal(ctx.data.itemOf(v)), 0)
                      : null;
      return sortRecords(list, key, args.reverse);
    },
    productVariants: (_s, args, ctx, info) => sortRecords(variantSearch(ctx, args.query, pathOf(info)), variantSortKey(ctx, args.sortKey), args.reverse),
    inventoryItems: (_s, args, ctx, info) => {
      const list = search(
        ctx,
        ctx.data.inventoryItems.values(),
        normalizeIdQuery(args.query),
        (item, field) => {
          switch (field) {
            case "id":
              return item.id;
            case "sku":
              return ctx.data.variantOf(item).sku;
            case "created_at":
              return formatDateTime(item.createdAt);
            case "updated_at":
              return formatDateTime(item.updatedAt);
            case "tracked":
              return item.tracked;
            case "default":
              return ctx.data.variantOf(item).sku;
            default:
              return undefined;
          }
        },
        ["default", "id", "sku", "created_at", "updated_at", "tracked"],
        pathOf(info),
      );
      return sortRecords(list, null, args.reverse);
    },
    locations: (_s, args, ctx, info) => {
      const all = [...ctx.data.locations.values()].filter((location) => args.includeInactive || location.isActive);
      const list = search(
        ctx,
        all,
        normalizeIdQuery(args.query),
        (location, field) => (field === "id" ? location.id : field === "name" || field === "default" ? words(location.name) : field === "active" ? location.isActive : undefined),
        ["default", "id", "name", "active"],
        pathOf(info),
      );
      return sortRecords(list, args.sortKey === "ID" ? null : (l) => l.name, args.reverse);
    },
    collections: (_s, args, ctx, info) => {
      const list = search(
        ctx,
        ctx.data.collections.values(),
        normalizeIdQuery(args.query),
        (collection, field) =>
          field === "id" ? collection.id : field === "title" || field === "default" ? words(collection.title) : field === "handle" ? collection.handle : field === "updated_at" ? formatDateTime(collection.updatedAt) : undefined,
        ["default", "id", "title", "handle", "updated_at"],
        pathOf(info),
      );
      return sortRecords(list, args.sortKey === "TITLE" ? (c) => c.title : args.sortKey === "UPDATED_AT" ? (c) => c.updatedAt : null, args.reverse);
    },
    orders: (_s, args, ctx, info) => {
      const list = orderSearch(ctx, args.query, pathOf(info));
      const key: ((o: OrderRecord) => string | number | null) | null =
        args.sortKey === "ID" ? null : args.sortKey === "UPDATED_AT" ? (o) => o.updatedAt : args.sortKey === "ORDER_NUMBER" ? (o) => o.number : args.sortKey === "CREATED_AT" ? (o) => o.createdAt : (o) => o.processedAt;
      return sortRecords(list, key, args.reverse);
    },
    fulfillmentOrders: (_s, args, ctx, info) => {
      const all = [...ctx.data.fulfillmentOrders.values()].filter((fo) => args.includeClosed || (fo.status !== "CLOSED" && fo.status !== "CANCELLED"));
      const list = search(
        ctx,
        all,
        normalizeIdQuery(args.query),
        (fo, field) => (field === "id" ? fo.id : field === "status" ? fo.status.toLowerCase() : field === "assigned_location_id" ? fo.locationId : field === "updated_at" ? formatDateTime(fo.updatedAt) : undefined),
        ["id", "status", "assigned_location_id", "updated_at"],
        pathOf(info),
      );
      return sortRecords(list, args.sortKey === "UPDATED_AT" ? (fo) => fo.updatedAt : null, args.reverse);
    },
    metafieldDefinitions: (_s, args, ctx, info) => {
      const namespace = args.namespace === undefined || args.namespace === null ? null : resolveNamespace(ctx, args.namespace);
      const all = [...ctx.data.metafieldDefinitions.values()].filter(
        (definition) => definition.ownerType === args.ownerType && (namespace === null || definition.namespace === namespace) && (!args.key || definition.key === args.key),
      );
      const list = search(
        ctx,
        all,
        args.query,
        (definition, field) => (field === "id" ? definition.id : field === "key" ? definition.key : field === "namespace" ? definition.namespace : field === "type" ? definition.typeName : field === "default" ? definition.name : undefined),
        ["default", "id", "key", "namespace", "type"],
        pathOf(info),
      );
      return sortRecords(list, args.sortKey === "NAME" ? (d) => d.name : null, args.reverse);
    },
    bulkOperations: (_s, args, ctx, info) => {
      const all = [...ctx.store.bulkOperations.values()].filter((operation) => operation.shop === ctx.data.domain);
      const list = search(
        ctx,
        all,
        normalizeIdQuery(args.query),
        (operation, field) =>
          field === "id" ? operation.id : field === "status" ? operation.status.toLowerCase() : field === "operation_type" ? operation.type.toLowerCase() : field === "created_at" ? formatDateTime(operation.createdAt) : undefined,
        ["id", "status", "operation_type", "created_at"],
        pathOf(info),
      );
      // Newest first by default, like Shopify.
      const sorted = sortRecords(list, args.sortKey === "COMPLETED_AT" ? (o) => o.completedAt ?? 0 : (o) => o.createdAt * 1e3 + (o.id % 1e3), false).reverse();
      return args.reverse ? sorted.reverse() : sorted;
    },
  },
  Product: {
    variants: (product: ProductRecord, args, ctx) => sortRecords(ctx.data.variantsOf(product), args.sortKey && args.sortKey !== "POSITION" ? variantSortKey(ctx, args.sortKey) : null, args.reverse),
    collections: (product: ProductRecord, args, ctx) => sortRecords(product.collectionIds.map((id) => ctx.data.collections.get(id)!).filter(Boolean), null, args.reverse),
    media: () => [],
    images: () => [],
  },
  ProductVariant: {
    media: () => [],
  },
  Collection: {
    products: (collection: CollectionRecord, args, ctx) => sortRecords(collection.productIds.map((id) => ctx.data.products.get(id)!).filter(Boolean), null, args.reverse),
  },
  InventoryItem: {
    inventoryLevels: (item: InventoryItemRecord, args, ctx) => {
      const order = [...ctx.data.locations.keys()];
      const levels = [...item.levels].sort((a, b) => order.indexOf(a.locationId) - order.indexOf(b.locationId));
      const list = search(
        ctx,
        levels,
        normalizeIdQuery(args.query),
        (level, field) => (field === "location_id" ? level.locationId : field === "updated_at" ? formatDateTime(level.updatedAt) : undefined),
        ["location_id", "updated_at"],
      );
      return args.reverse ? list.reverse() : list;
    },
    variants: (item: InventoryItemRecord, _args, ctx) => [ctx.data.variantOf(item)],
    countryHarmonizedSystemCodes: () => [],
  },
  Location: {
    inventoryLevels: (location: LocationRecord, args, ctx) => {
      const levels: InventoryLevelRecord[] = [];
      for (const item of ctx.data.inventoryItems.values()) {
        const level = ctx.data.findLevel(item, location.id);
        if (level) levels.push(level);
      }
      const list = search(
        ctx,
        levels,
        normalizeIdQuery(args.query),
        (level, field) => (field === "inventory_item_id" ? level.itemId : field === "updated_at" ? formatDateTime(level.updatedAt) : undefined),
        ["inventory_item_id", "updated_at"],
      );
      return args.reverse ? list.reverse() : list;
    },
  },
  Order: {
    lineItems: (order: OrderRecord, args, ctx) => sortRecords(order.lineItemIds.map((id) => ctx.data.lineItems.get(id)!), null, args.reverse),
    fulfillmentOrders: (order: OrderRecord, args, ctx) => {
      const all = order.fulfillmentOrderIds.map((id) => ctx.data.fulfillmentOrders.get(id)!).filter((fo) => !args.displayable || (fo.status !== "CLOSED" && fo.status !== "CANCELLED"));
      const list = search(ctx, all, normalizeIdQuery(args.query), (fo, field) => (field === "status" ? fo.status.toLowerCase() : field === "id" ? fo.id : field === "assigned_location_id" ? fo.locationId : undefined), ["status", "id", "assigned_location_id"]);
      return sortRecords(list, null, args.reverse);
    },
  },
  FulfillmentOrder: {
    lineItems: (fulfillmentOrder: FulfillmentOrderRecord, args, ctx) => sortRecords(ctx.data.fulfillmentOrderLineItemsOf(fulfillmentOrder), null, args.reverse),
    fulfillments: () => [],
    merchantRequests: () => [],
    fulfillmentOrdersForMerge: () => [],
  },
  MetafieldDefinition: {
    metafields: (definition: MetafieldDefinitionRecord, args, ctx) => sortRecords(definitionMetafields(ctx, definition), null, args.reverse),
  },
};

/** The list behind a connection field, or null when the simulator doesn't model it. */
export function findConnectionSource(admin: AdminSchema, parentType: GraphQLObjectType, fieldName: string): SourceWithInfo | null {
  const explicit = CONNECTION_SOURCES[parentType.name]?.[fieldName];
  if (explicit) return explicit;
  if (fieldName === "metafields" && implementsInterface(parentType, "HasMetafields")) return metafieldsSource;
  return null;
}

function implementsInterface(type: GraphQLObjectType, name: string): boolean {
  return type.getInterfaces().some((i) => i.name === name);
}

// ---------------------------------------------------------------------------------------------------------
// Access scopes

/** Shopify's ACCESS_DENIED check: the field's own scopes and the scopes of the type it returns. */
export function checkAccess(ctx: Ctx, parentType: GraphQLObjectType, fieldName: string, returnTypeName: string | null): void {
  const granted = ctx.data.grantedScopes;
  if (!granted) return;
  const fieldRule = ctx.admin.fieldAccess.get(`${parentType.name}.${fieldName}`);
  if (fieldRule && !hasAnyScope(granted, fieldRule.scopes)) throw accessDenied(fieldName, fieldRule.requiredAccess);
  if (returnTypeName) {
    const typeRule = ctx.admin.typeAccess.get(returnTypeName);
    if (typeRule && !hasAnyScope(granted, typeRule.scopes)) throw accessDenied(fieldName, typeRule.requiredAccess);
  }
}

/** write_x implies read_x, as with Shopify's access scopes. */
function hasAnyScope(granted: string[], scopes: string[]): boolean {
  for (const scope of scopes) {
    if (granted.includes(scope)) return true;
    if (scope.startsWith("read_") && granted.includes(`write_${scope.slice(5)}`)) return true;
  }
  return false;
}

function accessDenied(fieldName: string, requiredAccess: string): GraphQLError {
  const required = requiredAccess.split(" Also:")[0].trim();
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: ${required}`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: required },
  });
}

// ---------------------------------------------------------------------------------------------------------
// The field resolver (graphql-js and the bulk runner share it)

const GENERIC: Record<string, Resolver> = {
  legacyResourceId: (source) => String(source.id),
  defaultCursor: (source) => encodeCursor(source),
};

/** Resolves a non-connection field value (connections: see findConnectionSource). */
export function resolveFieldValue(source: AnyRecord, args: AnyRecord, ctx: Ctx, info: FieldInfo): unknown {
  const parentName = info.parentType.name;
  const fieldName = info.fieldName;
  const explicit = TYPE_RESOLVERS[parentName]?.[fieldName];
  if (explicit) return explicit(source, args, ctx, info);
  if (fieldName === "id" && source && typeof source.id === "number" && typeof source.__typename === "string") return gidOf(source);
  if (GENERIC[fieldName] && source && typeof source.id === "number") return GENERIC[fieldName](source, args, ctx, info);
  if (fieldName === "metafield" && implementsInterface(info.parentType, "HasMetafields")) return metafieldResolvers.metafield(source, args, ctx, info);
  if (source !== null && typeof source === "object" && Object.hasOwn(source, fieldName)) {
    const value = source[fieldName];
    if (typeof value === "number" && getNamedType(info.returnType).name === "ID") {
      throw new GraphQLError(`Simulator bug: ${parentName}.${fieldName} holds a raw numeric id`);
    }
    return value;
  }
  throw new NotImplementedError(parentName, fieldName);
}

export function createFieldResolver() {
  return (source: AnyRecord, args: AnyRecord, ctx: Ctx, info: FieldInfo & { path: { prev: unknown; key: string | number } }) => {
    const named = getNamedType(info.returnType);
    if (isConnectionType(named)) {
      const nodeType = getNamedType(named.getFields().nodes?.type ?? named.getFields().edges.type);
      checkAccess(ctx, info.parentType, info.fieldName, isObjectType(nodeType) && !nodeType.name.endsWith("Edge") ? nodeType.name : null);
      const sourceFn = findConnectionSource(ctx.admin, info.parentType, info.fieldName);
      if (!sourceFn) throw new NotImplementedError(info.parentType.name, info.fieldName);
      if (ctx.bulk) return sourceFn(source, args, ctx, info);
      // Refuse a missing/oversized page before filtering a possibly huge list.
      requirePageSize(args);
      return paginate(sourceFn(source, args, ctx, info), args, named.name);
    }
    checkAccess(ctx, info.parentType, info.fieldName, isObjectType(named) ? named.name : null);
    const value = resolveFieldValue(source, args, ctx, info);
    if (isAbstractType(named)) {
      // node/nodes and other interface fields: the concrete type decides which scope is needed.
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item && typeof item === "object" && "__typename" in item) checkAccess(ctx, info.parentType, info.fieldName, String((item as { __typename: string }).__typename));
      }
    }
    return value;
  };
}

export const typeResolver = (value: unknown) => (value && typeof value === "object" ? (value as { __typename?: string }).__typename : undefined);
