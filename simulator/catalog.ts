import { buildProductDeletePayload, buildProductPayload, buildVariantPayload } from "./payloads";
import {
  idOf,
  newLevel,
  SimulatorError,
  toGid,
  type CollectionRecord,
  type InventoryItemRecord,
  type InventoryPolicy,
  type LocationRecord,
  type ProductInput,
  type ProductPatch,
  type ProductRecord,
  type ProductStatus,
  type ShopData,
  type VariantPatch,
  type VariantRecord,
} from "./records";
import { deleteMetafieldsOf } from "./metafields";
import type { StoreCore } from "./store-core";

// The catalog: locations, collections, products and their variants (the seed builds shops with the first three),
// product/variant edits with their products/* webhooks, and the admin commands over them.

export function addLocation(store: StoreCore, data: ShopData, input: { name: string; city?: string; address1?: string; zip?: string; province?: string; provinceCode?: string }): LocationRecord {
  const now = store.nowMs();
  const location: LocationRecord = {
    __typename: "Location",
    id: store.nextId(),
    name: input.name,
    isActive: true,
    fulfillsOnlineOrders: true,
    shipsInventory: true,
    address: {
      address1: input.address1 ?? null,
      city: input.city ?? null,
      province: input.province ?? null,
      provinceCode: input.provinceCode ?? null,
      zip: input.zip ?? null,
      country: "United States",
      countryCode: "US",
      phone: null,
    },
    createdAt: now,
    updatedAt: now,
  };
  data.locations.set(location.id, location);
  return location;
}

export function addCollection(store: StoreCore, data: ShopData, input: { title: string; handle?: string }): CollectionRecord {
  const collection: CollectionRecord = {
    __typename: "Collection",
    id: store.nextId(),
    title: input.title,
    handle: input.handle ?? handleize(input.title),
    descriptionHtml: "",
    productIds: [],
    updatedAt: store.nowMs(),
  };
  data.collections.set(collection.id, collection);
  return collection;
}

/** Creates a product with its variants, inventory items and levels, without emitting anything. */
export function insertProduct(store: StoreCore, data: ShopData, input: ProductInput): ProductRecord {
  const now = store.nowMs();
  const variantsInput = input.variants.length ? input.variants : [{}];
  const optionName = input.optionName ?? (variantsInput.length === 1 && !variantsInput[0].title ? "Title" : "Option");
  const product: ProductRecord = {
    __typename: "Product",
    id: store.nextId(),
    title: input.title,
    handle: uniqueHandle(data, input.handle ?? handleize(input.title)),
    vendor: input.vendor ?? data.shop.name,
    productType: input.productType ?? "",
    tags: normalizeTags(input.tags ?? []),
    status: input.status ?? "ACTIVE",
    descriptionHtml: input.descriptionHtml ?? "",
    options: [],
    variantIds: [],
    collectionIds: [],
    createdAt: now,
    updatedAt: now,
    publishedAt: (input.status ?? "ACTIVE") === "ACTIVE" ? now : null,
  };
  const optionValues: string[] = [];
  variantsInput.forEach((variantInput, index) => {
    const title = variantInput.title ?? (variantsInput.length === 1 ? "Default Title" : `Variant ${index + 1}`);
    optionValues.push(title);
    const item: InventoryItemRecord = {
      __typename: "InventoryItem",
      id: store.nextId(),
      variantId: 0,
      tracked: variantInput.tracked ?? true,
      requiresShipping: true,
      unitCost: variantInput.unitCost ? formatMoney(variantInput.unitCost) : null,
      levels: [],
      createdAt: now,
      updatedAt: now,
    };
    const variant: VariantRecord = {
      __typename: "ProductVariant",
      id: store.nextId(),
      productId: product.id,
      inventoryItemId: item.id,
      title,
      sku: variantInput.sku ?? null,
      barcode: null,
      price: formatMoney(variantInput.price ?? "0.00"),
      compareAtPrice: variantInput.compareAtPrice ? formatMoney(variantInput.compareAtPrice) : null,
      position: index + 1,
      inventoryPolicy: variantInput.inventoryPolicy ?? "DENY",
      taxable: true,
      optionValues: [title],
      createdAt: now,
      updatedAt: now,
    };
    item.variantId = variant.id;
    // Shopify stocks a new variant at every active location (quantity 0 unless given).
    for (const location of data.locations.values()) {
      if (!location.isActive) continue;
      item.levels.push(newLevel(item.id, location.id, now));
    }
    for (const [locationKey, quantity] of Object.entries(variantInput.available ?? {})) {
      const location = resolveLocation(data, locationKey);
      let level = item.levels.find((l) => l.locationId === location.id);
      if (!level) {
        level = newLevel(item.id, location.id, now);
        item.levels.push(level);
      }
      level.available = quantity;
    }
    data.variants.set(variant.id, variant);
    data.inventoryItems.set(item.id, item);
    product.variantIds.push(variant.id);
  });
  product.options = [{ name: optionName, values: optionValues }];
  data.products.set(product.id, product);
  data.handles.add(product.handle);
  for (const collectionId of input.collectionIds ?? []) {
    const collection = data.collections.get(collectionId);
    if (!collection) continue;
    collection.productIds.push(product.id);
    product.collectionIds.push(collection.id);
  }
  return product;
}

/** Updates product fields and emits products/update. */
export function patchProduct(store: StoreCore, data: ShopData, product: ProductRecord, patch: ProductPatch): ProductRecord {
  if (patch.title !== undefined) product.title = patch.title;
  if (patch.vendor !== undefined) product.vendor = patch.vendor;
  if (patch.productType !== undefined) product.productType = patch.productType;
  if (patch.tags !== undefined) product.tags = normalizeTags(patch.tags);
  if (patch.status !== undefined) {
    const status = patch.status.toUpperCase();
    if (!["ACTIVE", "DRAFT", "ARCHIVED", "UNLISTED"].includes(status)) throw new SimulatorError(`Invalid product status ${patch.status}`, 422);
    product.status = status as ProductStatus;
    if (status === "ACTIVE" && product.publishedAt === null) product.publishedAt = store.nowMs();
  }
  product.updatedAt = store.nowMs();
  store.emit(data.domain, "products/update", buildProductPayload(data, product));
  return product;
}

/** Updates variant fields without emitting (callers batch one products/update per product). */
export function patchVariant(store: StoreCore, data: ShopData, variant: VariantRecord, patch: VariantPatch): void {
  const now = store.nowMs();
  if (patch.price !== undefined) variant.price = formatMoney(patch.price);
  if (patch.compareAtPrice !== undefined) variant.compareAtPrice = patch.compareAtPrice === null ? null : formatMoney(patch.compareAtPrice);
  if (patch.sku !== undefined) variant.sku = patch.sku;
  if (patch.barcode !== undefined) variant.barcode = patch.barcode;
  if (patch.title !== undefined) {
    variant.title = patch.title;
    variant.optionValues = [patch.title];
    const product = data.productOf(variant);
    product.options = [{ name: product.options[0]?.name ?? "Title", values: data.variantsOf(product).map((v) => v.title) }];
  }
  if (patch.inventoryPolicy !== undefined) variant.inventoryPolicy = patch.inventoryPolicy;
  if (patch.taxable !== undefined) variant.taxable = patch.taxable;
  const item = data.itemOf(variant);
  if (patch.tracked !== undefined && item.tracked !== patch.tracked) {
    item.tracked = patch.tracked;
    item.updatedAt = now;
  }
  if (patch.requiresShipping !== undefined) {
    item.requiresShipping = patch.requiresShipping;
    item.updatedAt = now;
  }
  variant.updatedAt = now;
  data.productOf(variant).updatedAt = now;
}

export function emitProductUpdate(store: StoreCore, data: ShopData, product: ProductRecord): void {
  store.emit(data.domain, "products/update", buildProductPayload(data, product));
}

export function removeProduct(store: StoreCore, data: ShopData, product: ProductRecord): void {
  for (const variant of data.variantsOf(product)) {
    data.inventoryItems.delete(variant.inventoryItemId);
    data.variants.delete(variant.id);
    deleteMetafieldsOf(data, toGid("ProductVariant", variant.id));
  }
  for (const collectionId of product.collectionIds) {
    const collection = data.collections.get(collectionId);
    if (collection) collection.productIds = collection.productIds.filter((id) => id !== product.id);
  }
  deleteMetafieldsOf(data, toGid("Product", product.id));
  data.products.delete(product.id);
  data.handles.delete(product.handle);
  store.emit(data.domain, "products/delete", buildProductDeletePayload(product));
}

export function updateProduct(store: StoreCore, shop: string, productId: string, patch: ProductPatch): unknown {
  const data = store.getShopData(shop);
  const product = requireProduct(data, productId);
  patchProduct(store, data, product, patch);
  return buildProductPayload(data, product);
}

export function updateVariant(store: StoreCore, shop: string, variantId: string, patch: VariantPatch): unknown {
  const data = store.getShopData(shop);
  const variant = requireVariant(data, variantId);
  if (patch.inventoryPolicy !== undefined && patch.inventoryPolicy !== "DENY" && patch.inventoryPolicy !== "CONTINUE") {
    throw new SimulatorError(`inventoryPolicy must be DENY or CONTINUE`, 422);
  }
  patchVariant(store, data, variant, patch);
  emitProductUpdate(store, data, data.productOf(variant));
  return buildVariantPayload(data, variant);
}

export function createProduct(
  store: StoreCore,
  shop: string,
  input: {
    title: string;
    vendor?: string;
    productType?: string;
    tags?: string[];
    variants: Array<{ title?: string; sku?: string; price?: string; inventoryPolicy?: InventoryPolicy; available?: Record<string, number> }>;
  },
): unknown {
  const data = store.getShopData(shop);
  if (!input.title?.trim()) throw new SimulatorError("title can't be blank", 422);
  const product = insertProduct(store, data, input);
  const payload = buildProductPayload(data, product);
  store.emit(shop, "products/create", payload);
  return payload;
}

export function deleteProduct(store: StoreCore, shop: string, productId: string): void {
  const data = store.getShopData(shop);
  removeProduct(store, data, requireProduct(data, productId));
}

export function requireProduct(data: ShopData, productId: string): ProductRecord {
  const id = idOf(productId, "Product");
  const product = id === null ? undefined : data.products.get(id);
  if (!product) throw new SimulatorError(`Unknown product ${productId}`);
  return product;
}

export function requireVariant(data: ShopData, variantId: string): VariantRecord {
  const id = idOf(variantId, "ProductVariant");
  const variant = id === null ? undefined : data.variants.get(id);
  if (!variant) throw new SimulatorError(`Unknown variant ${variantId}`);
  return variant;
}

// ---------------------------------------------------------------------------------------------------------
// Helpers

export function resolveLocation(data: ShopData, key: string): LocationRecord {
  const id = idOf(key, "Location");
  const byId = id === null ? undefined : data.locations.get(id);
  if (byId) return byId;
  for (const location of data.locations.values()) if (location.name === key) return location;
  throw new SimulatorError(`Unknown location ${key}`);
}

export function handleize(title: string): string {
  return title
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "") || "product";
}

function uniqueHandle(data: ShopData, handle: string): string {
  if (!data.handles.has(handle)) return handle;
  for (let n = 1; ; n += 1) if (!data.handles.has(`${handle}-${n}`)) return `${handle}-${n}`;
}

/** Shopify trims tags, drops blanks and duplicates (case-insensitively) and keeps them sorted. */
export function normalizeTags(tags: string[]): string[] {
  const seen = new Map<string, string>();
  for (const raw of tags.flatMap((tag) => tag.split(","))) {
    const tag = raw.trim();
    if (tag && !seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}

/** Money values are decimal strings with two places ("12.5" → "12.50"). */
export function formatMoney(value: string | number): string {
  const number = typeof value === "number" ? value : Number(value);
  if (!Number.isFinite(number)) throw new SimulatorError(`Invalid money amount ${value}`, 422);
  return number.toFixed(2);
}
