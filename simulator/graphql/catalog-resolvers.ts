import {
  toGid,
  type CollectionRecord,
  type ProductRecord,
  type ShopData,
  type VariantRecord,
} from "../records";
import { byId, count, gidArg, moneyV2, normalizeIdQuery, pathOf, search, sortRecords, stripHtml, words } from "./resolver-helpers";
import { connectionsOf, fieldsOf, NotImplementedError, type ConnectionArgs, type Ctx } from "./resolver-types";
import { formatDateTime } from "./schema";
import type { SearchFieldReader } from "./search-query";

// The catalog: products, variants and collections, with their searches and sort keys.

type IdArg = { id: string };
type CountArgs = { query?: string | null; limit?: number | null };

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

const variantSortKey = (ctx: Ctx, sortKey: string | null | undefined): ((v: VariantRecord) => string | number | null) | null => {
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

export const CATALOG_QUERY_FIELDS = fieldsOf<unknown>({
  product: (_s, args: IdArg, ctx) => byId(ctx.data.products, args.id, "Product"),
  productByIdentifier: (_s, args: { identifier?: { id?: string | null; handle?: string | null } | null }, ctx) => {
    const identifier = args.identifier ?? {};
    if (identifier.id) return byId(ctx.data.products, identifier.id, "Product");
    if (identifier.handle) return [...ctx.data.products.values()].find((p) => p.handle === identifier.handle) ?? null;
    throw new NotImplementedError("ProductIdentifierInput", "customId");
  },
  productVariant: (_s, args: IdArg, ctx) => byId(ctx.data.variants, args.id, "ProductVariant"),
  collection: (_s, args: IdArg, ctx) => byId(ctx.data.collections, args.id, "Collection"),
  productsCount: (_s, args: CountArgs, ctx) => count(productSearch(ctx, args.query).length, args.limit),
  productVariantsCount: (_s, args: CountArgs, ctx) => count(variantSearch(ctx, args.query).length, args.limit),
  collectionsCount: (_s, _a, ctx) => count(ctx.data.collections.size),
});

export const CATALOG_QUERY_CONNECTIONS = connectionsOf<unknown>({
  products: (_s, args: ConnectionArgs, ctx, info) => {
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
  productVariants: (_s, args: ConnectionArgs, ctx, info) => sortRecords(variantSearch(ctx, args.query, pathOf(info)), variantSortKey(ctx, args.sortKey), args.reverse),
  collections: (_s, args: ConnectionArgs, ctx, info) => {
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
});

export const CATALOG_TYPE_RESOLVERS = {
  Product: fieldsOf<ProductRecord>({
    description: (product: ProductRecord, args: { truncateAt?: number | null }) => {
      const text = stripHtml(product.descriptionHtml);
      return args.truncateAt && text.length > args.truncateAt ? `${text.slice(0, args.truncateAt - 3)}...` : text;
    },
    options: (product: ProductRecord, args: { first?: number | null }) => productOptions(product).slice(0, args.first ?? undefined),
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
    inCollection: (product: ProductRecord, args: IdArg) => {
      const id = gidArg(args.id, "Collection");
      return id !== null && product.collectionIds.includes(id);
    },
  }),

  ProductVariant: fieldsOf<VariantRecord>({
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
  }),

  Collection: fieldsOf<CollectionRecord>({
    description: (collection: CollectionRecord) => stripHtml(collection.descriptionHtml),
    productsCount: (collection: CollectionRecord) => count(collection.productIds.length),
    hasProduct: (collection: CollectionRecord, args: IdArg) => {
      const id = gidArg(args.id, "Product");
      return id !== null && collection.productIds.includes(id);
    },
    sortOrder: () => "MANUAL",
    image: () => null,
    seo: () => ({ __typename: "SEO", title: null, description: null }),
    templateSuffix: () => null,
    ruleSet: () => null,
  }),
};

export const CATALOG_CONNECTION_SOURCES = {
  Product: connectionsOf<ProductRecord>({
    variants: (product: ProductRecord, args: ConnectionArgs, ctx) => sortRecords(ctx.data.variantsOf(product), args.sortKey && args.sortKey !== "POSITION" ? variantSortKey(ctx, args.sortKey) : null, args.reverse),
    collections: (product: ProductRecord, args: ConnectionArgs, ctx) => sortRecords(product.collectionIds.map((id) => ctx.data.collections.get(id)!).filter(Boolean), null, args.reverse),
    media: () => [],
    images: () => [],
  }),
  ProductVariant: connectionsOf<VariantRecord>({
    media: () => [],
  }),
  Collection: connectionsOf<CollectionRecord>({
    products: (collection: CollectionRecord, args: ConnectionArgs, ctx) => sortRecords(collection.productIds.map((id) => ctx.data.products.get(id)!).filter(Boolean), null, args.reverse),
  }),
};
