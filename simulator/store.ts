import { randomUUID } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import {
  buildBulkOperationFinishPayload,
  buildInventoryLevelPayload,
  buildOrderPayload,
  buildFulfillmentPayload,
  buildRefundPayload,
  buildProductDeletePayload,
  buildProductPayload,
  buildShopPayload,
  buildVariantPayload,
} from "./payloads";
import { loadAppToml, seedBigCatalog, seedDemoCatalog, type AppTomlFacts } from "./seed";
import {
  CheckoutError,
  ShopData,
  SimulatorError,
  addToQuantity,
  idOf,
  readQuantity,
  toGid,
} from "./records";
import type {
  AppliedInventoryChange,
  BulkOperationRecord,
  CollectionRecord,
  FulfillmentOrderLineItemRecord,
  FulfillmentOrderRecord,
  InventoryItemRecord,
  InventoryLevelRecord,
  InventoryPolicy,
  LineItemRecord,
  LocationRecord,
  MetafieldDefinitionRecord,
  MetafieldRecord,
  OrderFulfillmentRecord,
  OrderRecord,
  OrderRefundRecord,
  ProductInput,
  ProductPatch,
  ProductRecord,
  ProductStatus,
  QuantityName,
  ShopRecord,
  SimEvent,
  StagedUploadRecord,
  VariantPatch,
  VariantRecord,
} from "./records";

// Everything in records.ts is also reachable from here, as before the split.
export * from "./records";

// The in-memory Shopify store behind the simulator. Records are shaped like the Admin GraphQL types (field
// names match the schema, `__typename` on every record) so resolvers can mostly read properties; relations
// are kept as numeric ids and resolved explicitly. Ids are numbers internally (compact for 100k-variant
// catalogs) and GIDs at the API surface.

// ---------------------------------------------------------------------------------------------------------
// Store

export type SeedOption = "demo" | "empty" | { products: number; variantsPerProduct: number };

export type SimulatorStoreOptions = {
  now?: () => Date;
  publicUrl?: string;
  /** The app's numeric id; `$app` metafield namespaces resolve to `app--<appId>`. */
  appId?: number;
  /** shopify.app.toml whose declared metafield definitions and scopes every shop starts with; null to skip. */
  appConfigPath?: string | null;
  /** Bulk query operations an app may run at once per shop (2026-01 and later: five). */
  maxConcurrentBulkQueries?: number;
  /** Shopify also sends products/update when a variant's inventory quantity changes; off to quieten tests. */
  productUpdateOnInventoryChange?: boolean;
};

const DEFAULT_APP_TOML = path.resolve(import.meta.dirname, "../shopify.app.toml");

export type CreateShopOptions = { name?: string; seed?: SeedOption; scopes?: string[] | null };

export type VariantSnapshot = {
  id: string;
  productId: string;
  inventoryItemId: string;
  sku: string | null;
  inventoryPolicy: string;
  tracked: boolean;
  availableTotal: number;
  available: Record<string, number>;
};

export class SimulatorStore {
  readonly publicUrl: string;
  readonly appId: number;
  readonly maxConcurrentBulkQueries: number;
  readonly productUpdateOnInventoryChange: boolean;
  readonly appToml: AppTomlFacts;
  private readonly clock: () => Date;
  private readonly listeners = new Set<(event: SimEvent) => void>();
  private readonly shops = new Map<string, ShopData>();
  readonly bulkOperations = new Map<number, BulkOperationRecord>();
  /** Staged uploads by their `key` (= bulkOperationRunMutation's stagedUploadPath). */
  readonly stagedUploads = new Map<string, StagedUploadRecord>();
  private lastId = 7_100_000_000_000;
  private bulkDir: string | null = null;

  constructor(opts: SimulatorStoreOptions = {}) {
    this.clock = opts.now ?? (() => new Date());
    this.publicUrl = (opts.publicUrl ?? "http://127.0.0.1:3457").replace(/\/$/, "");
    this.appId = opts.appId ?? 31_415_926_535;
    this.maxConcurrentBulkQueries = opts.maxConcurrentBulkQueries ?? 5;
    this.productUpdateOnInventoryChange = opts.productUpdateOnInventoryChange ?? true;
    const tomlPath = opts.appConfigPath === undefined ? DEFAULT_APP_TOML : opts.appConfigPath;
    this.appToml = tomlPath && existsSync(tomlPath) ? loadAppToml(tomlPath) : { scopes: null, metafieldDefinitions: [] };
  }

  // --- plumbing -------------------------------------------------------------------------------------------

  now(): Date {
    return this.clock();
  }

  nowMs(): number {
    return this.clock().getTime();
  }

  /** Store-wide id sequence, so numeric ids never collide across types or shops. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** The reserved namespace `$app` stands for. */
  appNamespace(): string {
    return `app--${this.appId}`;
  }

  onEvent(listener: (event: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(shop: string, topic: string, payload: unknown): void {
    const event: SimEvent = { shop, topic, payload, triggeredAt: this.now(), eventId: randomUUID() };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener (e.g. webhook delivery) must not roll back or break the store mutation.
        console.error(`[simulator] event listener failed for ${topic}`, error);
      }
    }
  }

  // --- shops ----------------------------------------------------------------------------------------------

  createShop(domain: string, opts: CreateShopOptions = {}): void {
    if (this.shops.has(domain)) throw new SimulatorError(`Shop ${domain} already exists`, 409);
    const now = this.nowMs();
    const seed = opts.seed ?? "demo";
    const isDemo = seed === "demo";
    const shopRecord: ShopRecord = {
      __typename: "Shop",
      id: this.nextId(),
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
    const scopes = opts.scopes === undefined ? this.appToml.scopes : opts.scopes;
    const data = new ShopData(domain, shopRecord, { __typename: "AppInstallation", id: this.nextId(), installedAt: now }, scopes ? [...scopes] : null);
    this.shops.set(domain, data);
    for (const definition of this.appToml.metafieldDefinitions) {
      const record: MetafieldDefinitionRecord = {
        __typename: "MetafieldDefinition",
        id: this.nextId(),
        name: definition.name,
        namespace: this.appNamespace(),
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
    if (seed === "demo") seedDemoCatalog(this, data);
    else if (seed === "empty") this.addLocation(data, { name: "Shop location" });
    else seedBigCatalog(this, data, seed);
  }

  hasShop(domain: string): boolean {
    return this.shops.has(domain);
  }

  listShops(): string[] {
    return [...this.shops.keys()];
  }

  /** Internal: the shop's data, for resolvers and the bulk runner. */
  getShopData(domain: string): ShopData {
    const data = this.shops.get(domain);
    if (!data) throw new SimulatorError(`Unknown shop ${domain}`);
    return data;
  }

  findShopData(domain: string): ShopData | undefined {
    return this.shops.get(domain);
  }

  /** What OAuth granted; GraphQL enforces it field by field like Shopify (null disables the check). */
  setGrantedScopes(shop: string, scopes: string[] | null): void {
    this.getShopData(shop).grantedScopes = scopes ? [...scopes] : null;
  }

  /** A fresh install (OAuth after an uninstall) makes the app's token valid again. */
  markInstalled(shop: string): void {
    const data = this.getShopData(shop);
    if (!data.installed) {
      data.installed = true;
      data.installation = { __typename: "AppInstallation", id: this.nextId(), installedAt: this.nowMs() };
    }
  }

  isInstalled(shop: string): boolean {
    return this.shops.get(shop)?.installed ?? false;
  }

  uninstall(shop: string): void {
    const data = this.getShopData(shop);
    data.installed = false;
    this.emit(shop, "app/uninstalled", buildShopPayload(data));
  }

  // --- catalog building blocks (also used by the seed) -----------------------------------------------------

  addLocation(data: ShopData, input: { name: string; city?: string; address1?: string; zip?: string; province?: string; provinceCode?: string }): LocationRecord {
    const now = this.nowMs();
    const location: LocationRecord = {
      __typename: "Location",
      id: this.nextId(),
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

  addCollection(data: ShopData, input: { title: string; handle?: string }): CollectionRecord {
    const collection: CollectionRecord = {
      __typename: "Collection",
      id: this.nextId(),
      title: input.title,
      handle: input.handle ?? handleize(input.title),
      descriptionHtml: "",
      productIds: [],
      updatedAt: this.nowMs(),
    };
    data.collections.set(collection.id, collection);
    return collection;
  }

  /** Creates a product with its variants, inventory items and levels, without emitting anything. */
  insertProduct(data: ShopData, input: ProductInput): ProductRecord {
    const now = this.nowMs();
    const variantsInput = input.variants.length ? input.variants : [{}];
    const optionName = input.optionName ?? (variantsInput.length === 1 && !variantsInput[0].title ? "Title" : "Option");
    const product: ProductRecord = {
      __typename: "Product",
      id: this.nextId(),
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
        id: this.nextId(),
        variantId: 0,
        tracked: variantInput.tracked ?? true,
        requiresShipping: true,
        levels: [],
        createdAt: now,
        updatedAt: now,
      };
      const variant: VariantRecord = {
        __typename: "ProductVariant",
        id: this.nextId(),
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

  // --- domain operations shared by admin commands and GraphQL mutations ----------------------------------

  /**
   * Applies inventory quantity deltas atomically and emits inventory_levels/update per touched level (plus
   * products/update per affected product when sellable stock moved, as Shopify does).
   */
  applyInventoryChanges(
    data: ShopData,
    changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number; ledgerDocumentUri?: string | null }>,
  ): AppliedInventoryChange[] {
    const now = this.nowMs();
    const applied: AppliedInventoryChange[] = [];
    const touchedLevels = new Set<InventoryLevelRecord>();
    const touchedProducts = new Set<number>();
    for (const change of changes) {
      let level = data.findLevel(change.item, change.location.id);
      if (!level) {
        level = newLevel(change.item.id, change.location.id, now);
        change.item.levels.push(level);
      }
      if (change.delta === 0) continue;
      addToQuantity(level, change.name, change.delta);
      level.updatedAt = now;
      change.item.updatedAt = now;
      touchedLevels.add(level);
      applied.push({
        item: change.item,
        location: change.location,
        name: change.name,
        delta: change.delta,
        quantityAfterChange: readQuantity(level, change.name),
        ledgerDocumentUri: change.ledgerDocumentUri ?? null,
      });
      // Shopify reports the implied on_hand movement alongside an available/unavailable-state change.
      if (change.name !== "on_hand" && change.name !== "incoming") {
        applied.push({ item: change.item, location: change.location, name: "on_hand", delta: change.delta, quantityAfterChange: readQuantity(level, "on_hand"), ledgerDocumentUri: null });
      } else if (change.name === "on_hand") {
        applied.push({ item: change.item, location: change.location, name: "available", delta: change.delta, quantityAfterChange: level.available, ledgerDocumentUri: null });
      }
      if (change.name === "available" || change.name === "on_hand" || change.name === "committed") {
        const variant = data.variantOf(change.item);
        variant.updatedAt = now;
        touchedProducts.add(variant.productId);
      }
    }
    for (const level of touchedLevels) this.emit(data.domain, "inventory_levels/update", buildInventoryLevelPayload(data, level));
    if (this.productUpdateOnInventoryChange) {
      for (const productId of touchedProducts) {
        const product = data.products.get(productId);
        if (!product) continue;
        product.updatedAt = now;
        this.emit(data.domain, "products/update", buildProductPayload(data, product));
      }
    }
    return applied;
  }

  /** Updates product fields and emits products/update. */
  patchProduct(data: ShopData, product: ProductRecord, patch: ProductPatch): ProductRecord {
    if (patch.title !== undefined) product.title = patch.title;
    if (patch.vendor !== undefined) product.vendor = patch.vendor;
    if (patch.productType !== undefined) product.productType = patch.productType;
    if (patch.tags !== undefined) product.tags = normalizeTags(patch.tags);
    if (patch.status !== undefined) {
      const status = patch.status.toUpperCase();
      if (!["ACTIVE", "DRAFT", "ARCHIVED", "UNLISTED"].includes(status)) throw new SimulatorError(`Invalid product status ${patch.status}`, 422);
      product.status = status as ProductStatus;
      if (status === "ACTIVE" && product.publishedAt === null) product.publishedAt = this.nowMs();
    }
    product.updatedAt = this.nowMs();
    this.emit(data.domain, "products/update", buildProductPayload(data, product));
    return product;
  }

  /** Updates variant fields without emitting (callers batch one products/update per product). */
  patchVariant(data: ShopData, variant: VariantRecord, patch: VariantPatch): void {
    const now = this.nowMs();
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

  emitProductUpdate(data: ShopData, product: ProductRecord): void {
    this.emit(data.domain, "products/update", buildProductPayload(data, product));
  }

  removeProduct(data: ShopData, product: ProductRecord): void {
    for (const variant of data.variantsOf(product)) {
      data.inventoryItems.delete(variant.inventoryItemId);
      data.variants.delete(variant.id);
      this.deleteMetafieldsOf(data, toGid("ProductVariant", variant.id));
    }
    for (const collectionId of product.collectionIds) {
      const collection = data.collections.get(collectionId);
      if (collection) collection.productIds = collection.productIds.filter((id) => id !== product.id);
    }
    this.deleteMetafieldsOf(data, toGid("Product", product.id));
    data.products.delete(product.id);
    data.handles.delete(product.handle);
    this.emit(data.domain, "products/delete", buildProductDeletePayload(product));
  }

  private deleteMetafieldsOf(data: ShopData, ownerGid: string): void {
    for (const metafield of data.metafieldsOf(ownerGid)) data.metafields.delete(metafield.id);
    data.metafieldsByOwner.delete(ownerGid);
  }

  upsertMetafield(data: ShopData, input: { ownerGid: string; ownerType: string; namespace: string; key: string; type: string; value: string }): MetafieldRecord {
    const now = this.nowMs();
    const existing = data.findMetafield(input.ownerGid, input.namespace, input.key);
    if (existing) {
      existing.value = input.value;
      existing.type = input.type;
      existing.updatedAt = now;
      return existing;
    }
    const record: MetafieldRecord = { __typename: "Metafield", id: this.nextId(), ...input, createdAt: now, updatedAt: now };
    data.metafields.set(record.id, record);
    const list = data.metafieldsByOwner.get(input.ownerGid);
    if (list) list.push(record);
    else data.metafieldsByOwner.set(input.ownerGid, [record]);
    return record;
  }

  deleteMetafield(data: ShopData, metafield: MetafieldRecord): void {
    data.metafields.delete(metafield.id);
    const list = data.metafieldsByOwner.get(metafield.ownerGid);
    if (!list) return;
    const remaining = list.filter((m) => m.id !== metafield.id);
    if (remaining.length) data.metafieldsByOwner.set(metafield.ownerGid, remaining);
    else data.metafieldsByOwner.delete(metafield.ownerGid);
  }

  emitOrderUpdated(data: ShopData, order: OrderRecord): void {
    this.emit(data.domain, "orders/updated", buildOrderPayload(data, order));
  }

  // --- admin commands (the simulator's merchant/shopper side) ---------------------------------------------

  setAvailable(shop: string, args: { variantId: string; locationId?: string; available: number }): unknown {
    const data = this.getShopData(shop);
    if (!Number.isInteger(args.available)) throw new SimulatorError("available must be an integer", 422);
    const { item, location } = this.resolveStockTarget(data, args.variantId, args.locationId);
    const current = data.findLevel(item, location.id)?.available ?? 0;
    this.applyInventoryChanges(data, [{ item, location, name: "available", delta: args.available - current }]);
    return buildInventoryLevelPayload(data, data.findLevel(item, location.id)!);
  }

  adjustAvailable(shop: string, args: { variantId: string; locationId?: string; delta: number }): unknown {
    const data = this.getShopData(shop);
    if (!Number.isInteger(args.delta)) throw new SimulatorError("delta must be an integer", 422);
    const { item, location } = this.resolveStockTarget(data, args.variantId, args.locationId);
    this.applyInventoryChanges(data, [{ item, location, name: "available", delta: args.delta }]);
    return buildInventoryLevelPayload(data, data.findLevel(item, location.id)!);
  }

  updateProduct(shop: string, productId: string, patch: ProductPatch): unknown {
    const data = this.getShopData(shop);
    const product = this.requireProduct(data, productId);
    this.patchProduct(data, product, patch);
    return buildProductPayload(data, product);
  }

  updateVariant(shop: string, variantId: string, patch: VariantPatch): unknown {
    const data = this.getShopData(shop);
    const variant = this.requireVariant(data, variantId);
    if (patch.inventoryPolicy !== undefined && patch.inventoryPolicy !== "DENY" && patch.inventoryPolicy !== "CONTINUE") {
      throw new SimulatorError(`inventoryPolicy must be DENY or CONTINUE`, 422);
    }
    this.patchVariant(data, variant, patch);
    this.emitProductUpdate(data, data.productOf(variant));
    return buildVariantPayload(data, variant);
  }

  createProduct(
    shop: string,
    input: {
      title: string;
      vendor?: string;
      productType?: string;
      tags?: string[];
      variants: Array<{ title?: string; sku?: string; price?: string; inventoryPolicy?: InventoryPolicy; available?: Record<string, number> }>;
    },
  ): unknown {
    const data = this.getShopData(shop);
    if (!input.title?.trim()) throw new SimulatorError("title can't be blank", 422);
    const product = this.insertProduct(data, input);
    const payload = buildProductPayload(data, product);
    this.emit(shop, "products/create", payload);
    return payload;
  }

  deleteProduct(shop: string, productId: string): void {
    const data = this.getShopData(shop);
    this.removeProduct(data, this.requireProduct(data, productId));
  }

  /**
   * A storefront checkout: refuses tracked DENY variants without enough stock, lets CONTINUE variants go
   * negative, commits stock, creates the order with its fulfillment orders and emits the webhooks.
   */
  checkout(shop: string, input: { lines: Array<{ variantId: string; quantity: number; properties?: Record<string, string> }>; email?: string; customerLocale?: string }): unknown {
    const data = this.getShopData(shop);
    if (!input.lines?.length) throw new CheckoutError("INVALID_QUANTITY", "A checkout needs at least one line");
    const resolved = input.lines.map((line) => {
      if (!Number.isInteger(line.quantity) || line.quantity < 1) {
        throw new CheckoutError("INVALID_QUANTITY", `Quantity must be a positive integer (got ${line.quantity})`);
      }
      const id = idOf(line.variantId, "ProductVariant");
      const variant = id === null ? undefined : data.variants.get(id);
      if (!variant) throw new CheckoutError("UNKNOWN_VARIANT", `Unknown variant ${line.variantId}`);
      const product = data.productOf(variant);
      if (product.status !== "ACTIVE") throw new CheckoutError("UNKNOWN_VARIANT", `Variant ${line.variantId} belongs to a ${product.status.toLowerCase()} product`);
      return { line, variant, item: data.itemOf(variant), product };
    });
    // Several lines may buy the same variant: the stock check is on the total.
    const wanted = new Map<number, number>();
    for (const { variant, line } of resolved) wanted.set(variant.id, (wanted.get(variant.id) ?? 0) + line.quantity);
    for (const { variant, item } of resolved) {
      if (!item.tracked || variant.inventoryPolicy === "CONTINUE") continue;
      const available = data.availableTotal(item);
      const quantity = wanted.get(variant.id)!;
      if (available < quantity) {
        throw new CheckoutError("DENY_OUT_OF_STOCK", `Only ${Math.max(available, 0)} of ${data.productOf(variant).title} - ${variant.title} available (wanted ${quantity})`);
      }
    }

    const now = this.nowMs();
    const order: OrderRecord = {
      __typename: "Order",
      id: this.nextId(),
      number: data.nextOrderNumber,
      name: `#${data.nextOrderNumber}`,
      email: input.email ?? null,
      note: null,
      tags: [],
      customAttributes: [],
      currencyCode: data.shop.currencyCode,
      financialStatus: "PAID",
      lineItemIds: [],
      fulfillmentOrderIds: [],
      createdAt: now,
      updatedAt: now,
      processedAt: now,
      cancelledAt: null,
      closedAt: null,
      customerLocale: input.customerLocale ?? null,
      cancelReason: null,
      fulfillmentLog: [],
      refundLog: [],
    };
    data.nextOrderNumber += 1;

    const allocations = new Map<number, Array<{ lineItem: LineItemRecord; quantity: number }>>();
    const stockChanges: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }> = [];
    for (const { line, variant, item, product } of resolved) {
      const lineItem: LineItemRecord = {
        __typename: "LineItem",
        id: this.nextId(),
        orderId: order.id,
        variantId: variant.id,
        productId: product.id,
        title: product.title,
        variantTitle: variant.title === "Default Title" ? null : variant.title,
        sku: variant.sku,
        vendor: product.vendor,
        quantity: line.quantity,
        price: variant.price,
        customAttributes: Object.entries(line.properties ?? {}).map(([key, value]) => ({ key, value })),
        requiresShipping: item.requiresShipping,
        taxable: variant.taxable,
      };
      data.lineItems.set(lineItem.id, lineItem);
      order.lineItemIds.push(lineItem.id);
      for (const { location, quantity } of this.allocateLine(data, variant, item, line.quantity)) {
        const list = allocations.get(location.id) ?? [];
        list.push({ lineItem, quantity });
        allocations.set(location.id, list);
        if (item.tracked) {
          stockChanges.push({ item, location, name: "available", delta: -quantity });
          stockChanges.push({ item, location, name: "committed", delta: quantity });
        }
      }
    }
    for (const [locationId, lines] of allocations) {
      const fulfillmentOrder: FulfillmentOrderRecord = {
        __typename: "FulfillmentOrder",
        id: this.nextId(),
        orderId: order.id,
        locationId,
        status: "OPEN",
        requestStatus: "UNSUBMITTED",
        holds: [],
        lineItemIds: [],
        createdAt: now,
        updatedAt: now,
      };
      for (const { lineItem, quantity } of lines) {
        const foLine: FulfillmentOrderLineItemRecord = {
          __typename: "FulfillmentOrderLineItem",
          id: this.nextId(),
          fulfillmentOrderId: fulfillmentOrder.id,
          lineItemId: lineItem.id,
          totalQuantity: quantity,
          remainingQuantity: quantity,
        };
        data.fulfillmentOrderLineItems.set(foLine.id, foLine);
        fulfillmentOrder.lineItemIds.push(foLine.id);
      }
      data.fulfillmentOrders.set(fulfillmentOrder.id, fulfillmentOrder);
      order.fulfillmentOrderIds.push(fulfillmentOrder.id);
    }
    data.orders.set(order.id, order);
    const payload = buildOrderPayload(data, order);
    this.emit(shop, "orders/create", payload);
    this.applyInventoryChanges(data, stockChanges);
    return payload;
  }

  /**
   * Where a line's units are committed: the first location that can cover it all; a DENY variant whose stock
   * is spread out is split across locations; otherwise the first location with any stock, else the primary.
   */
  private allocateLine(data: ShopData, variant: VariantRecord, item: InventoryItemRecord, quantity: number): Array<{ location: LocationRecord; quantity: number }> {
    const stocked = [...data.locations.values()].filter((location) => location.isActive);
    const levelAt = (location: LocationRecord) => data.findLevel(item, location.id)?.available ?? 0;
    if (!item.tracked) return [{ location: data.primaryLocation(), quantity }];
    const whole = stocked.find((location) => levelAt(location) >= quantity);
    if (whole) return [{ location: whole, quantity }];
    if (variant.inventoryPolicy === "DENY") {
      const parts: Array<{ location: LocationRecord; quantity: number }> = [];
      let remaining = quantity;
      for (const location of stocked) {
        const take = Math.min(Math.max(levelAt(location), 0), remaining);
        if (take > 0) {
          parts.push({ location, quantity: take });
          remaining -= take;
        }
        if (remaining === 0) break;
      }
      return parts;
    }
    const withStock = stocked.find((location) => levelAt(location) > 0);
    return [{ location: withStock ?? data.primaryLocation(), quantity }];
  }

  // --- order lifecycle: what a merchant does to an order in Shopify's admin --------------------------------
  // Each command changes the order, its fulfillment orders and inventory the way Shopify does and emits the topic
  // webhooks followed by orders/updated (Shopify sends both).

  requireOrder(data: ShopData, orderId: string | number): OrderRecord {
    const id = typeof orderId === "number" ? orderId : idOf(String(orderId), "Order");
    const order = id === null ? undefined : data.orders.get(id);
    if (!order) throw new SimulatorError(`Unknown order ${orderId}`);
    return order;
  }

  private requireOrderLine(data: ShopData, order: OrderRecord, lineItemId: string | number): LineItemRecord {
    const id = typeof lineItemId === "number" ? lineItemId : idOf(String(lineItemId), "LineItem");
    const lineItem = id === null ? undefined : data.lineItems.get(id);
    if (!lineItem || lineItem.orderId !== order.id) throw new SimulatorError(`Order ${order.name} has no line item ${lineItemId}`);
    return lineItem;
  }

  /** Fulfillment order lines still holding units of `lineItem` (open, held or in progress). */
  private pendingFulfillmentLines(data: ShopData, order: OrderRecord, lineItem: LineItemRecord, opts: { includeHeld: boolean }) {
    const result: Array<{ fulfillmentOrder: FulfillmentOrderRecord; line: FulfillmentOrderLineItemRecord }> = [];
    for (const foId of order.fulfillmentOrderIds) {
      const fulfillmentOrder = data.fulfillmentOrders.get(foId);
      if (!fulfillmentOrder || fulfillmentOrder.status === "CLOSED" || fulfillmentOrder.status === "CANCELLED") continue;
      if (!opts.includeHeld && fulfillmentOrder.status === "ON_HOLD") continue;
      for (const line of data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) {
        if (line.lineItemId === lineItem.id && line.remainingQuantity > 0) result.push({ fulfillmentOrder, line });
      }
    }
    return result;
  }

  private closeIfDone(fulfillmentOrder: FulfillmentOrderRecord, data: ShopData, now: number): void {
    if (data.fulfillmentOrderLineItemsOf(fulfillmentOrder).every((line) => line.remainingQuantity === 0)) {
      fulfillmentOrder.status = "CLOSED";
      fulfillmentOrder.holds = [];
    }
    fulfillmentOrder.updatedAt = now;
  }

  /** Takes `quantity` unfulfilled units off a line (edit or refund); held units go first. Returns units per location. */
  private removeUnfulfilledUnits(data: ShopData, order: OrderRecord, lineItem: LineItemRecord, quantity: number, now: number): Map<number, number> {
    const removed = new Map<number, number>();
    let left = quantity;
    const pending = this.pendingFulfillmentLines(data, order, lineItem, { includeHeld: true })
      .sort((a, b) => Number(b.fulfillmentOrder.status === "ON_HOLD") - Number(a.fulfillmentOrder.status === "ON_HOLD"));
    for (const { fulfillmentOrder, line } of pending) {
      if (left === 0) break;
      const take = Math.min(left, line.remainingQuantity);
      line.remainingQuantity -= take;
      line.totalQuantity -= take;
      left -= take;
      removed.set(fulfillmentOrder.locationId, (removed.get(fulfillmentOrder.locationId) ?? 0) + take);
      this.closeIfDone(fulfillmentOrder, data, now);
    }
    return removed;
  }

  private unfulfilledUnits(data: ShopData, order: OrderRecord, lineItem: LineItemRecord): number {
    return this.pendingFulfillmentLines(data, order, lineItem, { includeHeld: true }).reduce((sum, p) => sum + p.line.remainingQuantity, 0);
  }

  /** Committed units leave; restocked units become available again. */
  private releaseCommitted(data: ShopData, lineItem: LineItemRecord, byLocation: Map<number, number>, restock: boolean): void {
    const variant = lineItem.variantId === null ? undefined : data.variants.get(lineItem.variantId);
    if (!variant) return;
    const item = data.itemOf(variant);
    if (!item.tracked) return;
    const changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }> = [];
    for (const [locationId, units] of byLocation) {
      const location = data.locations.get(locationId);
      if (!location || units === 0) continue;
      changes.push({ item, location, name: "committed", delta: -units });
      if (restock) changes.push({ item, location, name: "available", delta: units });
    }
    if (changes.length) this.applyInventoryChanges(data, changes);
  }

  private assertNotCancelled(order: OrderRecord): void {
    if (order.cancelledAt !== null) throw new SimulatorError(`Order ${order.name} is cancelled`, 422);
  }

  /** Cancels the order: open fulfillment orders are cancelled, unfulfilled units restocked (unless restock false). */
  cancelOrder(shop: string, orderId: string | number, opts: { reason?: string; restock?: boolean } = {}): unknown {
    const data = this.getShopData(shop);
    const order = this.requireOrder(data, orderId);
    this.assertNotCancelled(order);
    if ((order.fulfillmentLog ?? []).length) throw new SimulatorError(`Order ${order.name} has fulfillments and can't be cancelled; refund it instead`, 422);
    const now = this.nowMs();
    const committed = new Map<number, Map<number, number>>(); // line item → location → units
    for (const foId of order.fulfillmentOrderIds) {
      const fulfillmentOrder = data.fulfillmentOrders.get(foId);
      if (!fulfillmentOrder || fulfillmentOrder.status === "CLOSED" || fulfillmentOrder.status === "CANCELLED") continue;
      for (const line of data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) {
        const perLocation = committed.get(line.lineItemId) ?? new Map<number, number>();
        perLocation.set(fulfillmentOrder.locationId, (perLocation.get(fulfillmentOrder.locationId) ?? 0) + line.remainingQuantity);
        committed.set(line.lineItemId, perLocation);
      }
      fulfillmentOrder.status = "CANCELLED";
      fulfillmentOrder.holds = [];
      fulfillmentOrder.updatedAt = now;
    }
    for (const id of order.lineItemIds) {
      const lineItem = data.lineItems.get(id)!;
      this.releaseCommitted(data, lineItem, committed.get(id) ?? new Map(), opts.restock ?? true);
      lineItem.originalQuantity ??= lineItem.quantity;
      lineItem.quantity = 0;
    }
    order.cancelledAt = now;
    order.closedAt = now;
    order.cancelReason = opts.reason ?? "customer";
    order.updatedAt = now;
    const payload = buildOrderPayload(data, order);
    this.emit(shop, "orders/cancelled", payload);
    this.emitOrderUpdated(data, order);
    return payload;
  }

  /**
   * Fulfils units that are not on hold: one line (`quantity` defaults to all its fulfillable units) or everything
   * fulfillable. Held fulfillment orders are refused like Shopify does.
   */
  fulfillOrder(shop: string, orderId: string | number, opts: { lineItemId?: string | number; quantity?: number } = {}): unknown {
    const data = this.getShopData(shop);
    const order = this.requireOrder(data, orderId);
    this.assertNotCancelled(order);
    const lineItems = opts.lineItemId === undefined ? order.lineItemIds.map((id) => data.lineItems.get(id)!) : [this.requireOrderLine(data, order, opts.lineItemId)];
    if (opts.quantity !== undefined && (!Number.isInteger(opts.quantity) || opts.quantity < 1)) throw new SimulatorError("quantity must be a positive integer", 422);
    const now = this.nowMs();
    const plan: Array<{ lineItem: LineItemRecord; fulfillmentOrder: FulfillmentOrderRecord; line: FulfillmentOrderLineItemRecord; units: number }> = [];
    for (const lineItem of lineItems) {
      const pending = this.pendingFulfillmentLines(data, order, lineItem, { includeHeld: false });
      const fulfillable = pending.reduce((sum, p) => sum + p.line.remainingQuantity, 0);
      let wanted = opts.quantity ?? fulfillable;
      if (wanted > fulfillable) {
        const held = this.unfulfilledUnits(data, order, lineItem) - fulfillable;
        throw new SimulatorError(`Only ${fulfillable} unit(s) of ${lineItem.title} can be fulfilled${held > 0 ? ` (${held} on hold)` : ""}`, 422);
      }
      for (const { fulfillmentOrder, line } of pending) {
        if (wanted === 0) break;
        const units = Math.min(wanted, line.remainingQuantity);
        plan.push({ lineItem, fulfillmentOrder, line, units });
        wanted -= units;
      }
    }
    if (!plan.length) throw new SimulatorError(`Order ${order.name} has nothing to fulfil (fulfilled or on hold)`, 422);
    // One fulfillment per location, like Shopify (a fulfillment ships from one place).
    const byLocation = new Map<number, typeof plan>();
    for (const step of plan) byLocation.set(step.fulfillmentOrder.locationId, [...(byLocation.get(step.fulfillmentOrder.locationId) ?? []), step]);
    const fulfillments: OrderFulfillmentRecord[] = [];
    for (const [locationId, steps] of byLocation) {
      for (const step of steps) {
        step.line.remainingQuantity -= step.units;
        this.closeIfDone(step.fulfillmentOrder, data, now);
        this.releaseCommitted(data, step.lineItem, new Map([[locationId, step.units]]), false);
      }
      const units = new Map<number, number>();
      for (const step of steps) units.set(step.lineItem.id, (units.get(step.lineItem.id) ?? 0) + step.units);
      const fulfillment: OrderFulfillmentRecord = { id: this.nextId(), createdAt: now, locationId, lineItems: [...units].map(([lineItemId, quantity]) => ({ lineItemId, quantity })) };
      (order.fulfillmentLog ??= []).push(fulfillment);
      fulfillments.push(fulfillment);
    }
    order.updatedAt = now;
    const payloads = fulfillments.map((fulfillment) => buildFulfillmentPayload(data, order, fulfillment));
    for (const payload of payloads) this.emit(shop, "fulfillments/create", payload);
    this.emitOrderUpdated(data, order);
    return { fulfillments: payloads, order: buildOrderPayload(data, order) };
  }

  /** Refunds units of a line: unfulfilled units are removed (restocked when `restock`), the rest count as returns. */
  refundOrder(shop: string, orderId: string | number, opts: { lineItemId: string | number; quantity: number; restock?: boolean; note?: string }): unknown {
    const data = this.getShopData(shop);
    const order = this.requireOrder(data, orderId);
    const lineItem = this.requireOrderLine(data, order, opts.lineItemId);
    if (!Number.isInteger(opts.quantity) || opts.quantity < 1) throw new SimulatorError("quantity must be a positive integer", 422);
    if (opts.quantity > lineItem.quantity) throw new SimulatorError(`Only ${lineItem.quantity} unit(s) of ${lineItem.title} can be refunded`, 422);
    const now = this.nowMs();
    const restock = opts.restock ?? false;
    const unfulfilled = Math.min(opts.quantity, this.unfulfilledUnits(data, order, lineItem));
    const removed = this.removeUnfulfilledUnits(data, order, lineItem, unfulfilled, now);
    this.releaseCommitted(data, lineItem, removed, restock);
    lineItem.originalQuantity ??= lineItem.quantity;
    lineItem.quantity -= opts.quantity;
    const refundLines: OrderRefundRecord["lineItems"] = [];
    for (const [locationId, quantity] of removed) refundLines.push({ id: this.nextId(), lineItemId: lineItem.id, quantity, restockType: restock ? "cancel" : "no_restock", locationId });
    if (opts.quantity > unfulfilled) refundLines.push({ id: this.nextId(), lineItemId: lineItem.id, quantity: opts.quantity - unfulfilled, restockType: restock ? "return" : "no_restock", locationId: null });
    const refund: OrderRefundRecord = { id: this.nextId(), createdAt: now, note: opts.note ?? null, lineItems: refundLines };
    (order.refundLog ??= []).push(refund);
    order.updatedAt = now;
    const payload = buildRefundPayload(data, order, refund);
    this.emit(shop, "refunds/create", payload);
    this.emitOrderUpdated(data, order);
    return payload;
  }

  /** An order edit lowering a line's quantity (removed units are restocked, as orderEditSetQuantity does by default). */
  editOrderLine(shop: string, orderId: string | number, opts: { lineItemId: string | number; quantity: number; restock?: boolean }): unknown {
    const data = this.getShopData(shop);
    const order = this.requireOrder(data, orderId);
    this.assertNotCancelled(order);
    const lineItem = this.requireOrderLine(data, order, opts.lineItemId);
    if (!Number.isInteger(opts.quantity) || opts.quantity < 0) throw new SimulatorError("quantity must be a whole number ≥ 0", 422);
    if (opts.quantity > lineItem.quantity) throw new SimulatorError(`The simulator only edits quantities down (line has ${lineItem.quantity})`, 422);
    const unfulfilled = this.unfulfilledUnits(data, order, lineItem);
    const fulfilled = lineItem.quantity - unfulfilled;
    if (opts.quantity < fulfilled) throw new SimulatorError(`${fulfilled} unit(s) of ${lineItem.title} are fulfilled; the quantity can't go below that`, 422);
    const now = this.nowMs();
    const removed = this.removeUnfulfilledUnits(data, order, lineItem, lineItem.quantity - opts.quantity, now);
    this.releaseCommitted(data, lineItem, removed, opts.restock ?? true);
    lineItem.originalQuantity ??= lineItem.quantity;
    lineItem.quantity = opts.quantity;
    order.updatedAt = now;
    const payload = buildOrderPayload(data, order);
    this.emitOrderUpdated(data, order);
    return payload;
  }

  snapshot(shop: string): { products: unknown[]; variants: VariantSnapshot[]; locations: Array<{ id: string; name: string }>; orders: unknown[] } {
    const data = this.getShopData(shop);
    const variants: VariantSnapshot[] = [];
    for (const variant of data.variants.values()) {
      const item = data.itemOf(variant);
      const available: Record<string, number> = {};
      for (const level of item.levels) available[toGid("Location", level.locationId)] = level.available;
      variants.push({
        id: toGid("ProductVariant", variant.id),
        productId: toGid("Product", variant.productId),
        inventoryItemId: toGid("InventoryItem", item.id),
        sku: variant.sku,
        inventoryPolicy: variant.inventoryPolicy,
        tracked: item.tracked,
        availableTotal: data.availableTotal(item),
        available,
      });
    }
    return {
      products: [...data.products.values()].map((product) => buildProductPayload(data, product)),
      variants,
      locations: [...data.locations.values()].map((location) => ({ id: toGid("Location", location.id), name: location.name })),
      orders: [...data.orders.values()].map((order) => buildOrderPayload(data, order)),
    };
  }

  // --- bulk operations --------------------------------------------------------------------------------------

  /** Directory for JSONL results (created on first use, removed by dispose()). */
  bulkResultDir(): string {
    if (!this.bulkDir) this.bulkDir = mkdtempSync(path.join(tmpdir(), "shopify-sim-bulk-"));
    return this.bulkDir;
  }

  bulkResultUrl(id: number): string {
    return `${this.publicUrl}/bulk/${id}.jsonl`;
  }

  /** Where staged uploads are POSTed (multipart form: the target's parameters, then `file`). */
  stagedUploadUrl(): string {
    return `${this.publicUrl}/staged-uploads`;
  }

  /** Stores an uploaded staged file under its key; false when the key was never issued. */
  receiveStagedUpload(key: string, content: Buffer): boolean {
    const upload = this.stagedUploads.get(key);
    if (!upload) return false;
    const dir = path.join(this.bulkResultDir(), "staged");
    mkdirSync(dir, { recursive: true });
    const filePath = path.join(dir, `${randomUUID()}.jsonl`);
    writeFileSync(filePath, content);
    upload.filePath = filePath;
    upload.fileSize = content.length;
    return true;
  }

  finishBulkOperation(operation: BulkOperationRecord): void {
    this.emit(operation.shop, "bulk_operations/finish", buildBulkOperationFinishPayload(this.findShopData(operation.shop), operation));
  }

  getBulkResult(id: string): Readable | null {
    const numeric = idOf(id.replace(/\.jsonl$/, ""), "BulkOperation");
    const operation = numeric === null ? undefined : this.bulkOperations.get(numeric);
    if (!operation || !operation.filePath || !existsSync(operation.filePath)) return null;
    // A failed/canceled operation still serves what it wrote (its partialDataUrl).
    if (operation.status !== "COMPLETED" && !operation.partialDataUrl) return null;
    return createReadStream(operation.filePath);
  }

  /** Removes bulk result files; the store is unusable for bulk results afterwards. */
  dispose(): void {
    for (const operation of this.bulkOperations.values()) {
      if (operation.status === "CREATED" || operation.status === "RUNNING") operation.cancelRequested = true;
    }
    if (this.bulkDir) rmSync(this.bulkDir, { recursive: true, force: true });
    this.bulkDir = null;
  }

  // --- lookups for admin commands ---------------------------------------------------------------------------

  requireProduct(data: ShopData, productId: string): ProductRecord {
    const id = idOf(productId, "Product");
    const product = id === null ? undefined : data.products.get(id);
    if (!product) throw new SimulatorError(`Unknown product ${productId}`);
    return product;
  }

  requireVariant(data: ShopData, variantId: string): VariantRecord {
    const id = idOf(variantId, "ProductVariant");
    const variant = id === null ? undefined : data.variants.get(id);
    if (!variant) throw new SimulatorError(`Unknown variant ${variantId}`);
    return variant;
  }

  private resolveStockTarget(data: ShopData, variantId: string, locationId?: string): { item: InventoryItemRecord; location: LocationRecord } {
    const variant = this.requireVariant(data, variantId);
    const location = locationId ? resolveLocation(data, locationId) : data.primaryLocation();
    return { item: data.itemOf(variant), location };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Inputs and helpers

export function newLevel(itemId: number, locationId: number, now: number): InventoryLevelRecord {
  return {
    __typename: "InventoryLevel",
    itemId,
    locationId,
    available: 0,
    committed: 0,
    incoming: 0,
    reserved: 0,
    damaged: 0,
    safetyStock: 0,
    qualityControl: 0,
    createdAt: now,
    updatedAt: now,
  };
}

function resolveLocation(data: ShopData, key: string): LocationRecord {
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
