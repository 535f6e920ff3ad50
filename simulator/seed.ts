import { readFileSync } from "node:fs";
import { parse } from "smol-toml";
import type { CollectionRecord, InventoryItemRecord, InventoryLevelRecord, InventoryPolicy, LocationRecord, ProductInput, ProductRecord, ProductStatus, ShopData, VariantRecord } from "./records";

/** What seeding needs of the store (SimulatorStore has it), named here so seed.ts does not import store.ts back. */
export type SeedTarget = {
  nowMs(): number;
  nextId(): number;
  addLocation(data: ShopData, input: { name: string; city?: string; address1?: string; zip?: string; province?: string; provinceCode?: string }): LocationRecord;
  addCollection(data: ShopData, input: { title: string; handle?: string }): CollectionRecord;
  insertProduct(data: ShopData, input: ProductInput): ProductRecord;
};

// Store contents: the deterministic "Backorders Demo" catalog, a generator for very large catalogs, and the
// app-declared metafield definitions/scopes from shopify.app.toml (what Shopify creates on `app deploy`).

export const DEMO_SHOP_DOMAIN = "backorders-demo.myshopify.com";

// ---------------------------------------------------------------------------------------------------------
// shopify.app.toml facts

export type DeclaredMetafieldDefinition = {
  ownerType: string;
  key: string;
  name: string;
  description: string | null;
  type: string;
  adminAccess: string | null;
  storefrontAccess: string;
};

export type AppTomlFacts = { scopes: string[] | null; metafieldDefinitions: DeclaredMetafieldDefinition[] };

// TOML resource paths of declarative app-owned metafields ([<resource>.metafields.app.<key>]).
const OWNER_TYPES: Record<string, string> = {
  product: "PRODUCT",
  "product.variant": "PRODUCTVARIANT",
  collection: "COLLECTION",
  customer: "CUSTOMER",
  order: "ORDER",
  shop: "SHOP",
  location: "LOCATION",
  company: "COMPANY",
  company_location: "COMPANY_LOCATION",
};

type Table = Record<string, unknown>;
const isTable = (value: unknown): value is Table => !!value && typeof value === "object" && !Array.isArray(value);

export function parseAppToml(text: string): AppTomlFacts {
  const toml = parse(text) as Table;
  const rawScopes = isTable(toml.access_scopes) ? toml.access_scopes.scopes : undefined;
  const scopes =
    typeof rawScopes === "string"
      ? rawScopes
          .split(",")
          .map((scope) => scope.trim())
          .filter(Boolean)
      : null;
  const metafieldDefinitions: DeclaredMetafieldDefinition[] = [];
  for (const [resourcePath, ownerType] of Object.entries(OWNER_TYPES)) {
    let node: unknown = toml;
    for (const segment of resourcePath.split(".")) node = isTable(node) ? node[segment] : undefined;
    const appTable = isTable(node) && isTable(node.metafields) ? node.metafields.app : undefined;
    if (!isTable(appTable)) continue;
    for (const [key, raw] of Object.entries(appTable)) {
      if (!isTable(raw) || typeof raw.type !== "string") continue;
      const access = isTable(raw.access) ? raw.access : {};
      metafieldDefinitions.push({
        ownerType,
        key,
        name: typeof raw.name === "string" ? raw.name : key,
        description: typeof raw.description === "string" ? raw.description : null,
        type: raw.type,
        adminAccess: typeof access.admin === "string" ? access.admin.toUpperCase() : null,
        storefrontAccess: typeof access.storefront === "string" ? access.storefront.toUpperCase() : "NONE",
      });
    }
  }
  return { scopes, metafieldDefinitions };
}

export function loadAppToml(path: string): AppTomlFacts {
  return parseAppToml(readFileSync(path, "utf8"));
}

// ---------------------------------------------------------------------------------------------------------
// Demo catalog

type StockState = "in_stock" | "in_stock_continue" | "low" | "low_second_location" | "sold_out" | "sold_out_continue" | "backordered";

// Cycled over every tracked variant, so each state appears many times across the catalog.
const STOCK_PATTERN: StockState[] = ["in_stock", "in_stock", "low", "in_stock", "sold_out", "in_stock_continue", "backordered", "in_stock", "low_second_location", "sold_out_continue"];

type DemoProduct = {
  title: string;
  vendor: string;
  productType: string;
  tags: string[];
  collections: string[];
  option: string;
  values: string[];
  price: string;
  sku: string;
  status?: ProductStatus;
  untracked?: boolean;
};

const SIZES = ["XS", "S", "M", "L", "XL"];
const SHOE_SIZES = ["7", "8", "9", "10", "11", "12"];
const GRINDS = ["Whole bean", "Espresso grind", "Filter grind"];

function apparel(title: string, price: string, sku: string, tags: string[], extra: string[] = []): DemoProduct {
  return { title, vendor: "Northwind Apparel", productType: "Apparel", tags: ["apparel", ...tags], collections: ["Apparel", ...extra], option: "Size", values: SIZES, price, sku };
}

function shoe(title: string, price: string, sku: string, tags: string[], extra: string[] = []): DemoProduct {
  return { title, vendor: "Trailhead Gear", productType: "Footwear", tags: ["footwear", ...tags], collections: ["Apparel", ...extra], option: "Size", values: SHOE_SIZES, price, sku };
}

function home(title: string, price: string, sku: string, colors: string[], tags: string[], extra: string[] = []): DemoProduct {
  return { title, vendor: "Harbor Home", productType: "Home Goods", tags: ["home", ...tags], collections: ["Home & Kitchen", ...extra], option: "Color", values: colors, price, sku };
}

function coffee(title: string, price: string, sku: string, tags: string[], extra: string[] = []): DemoProduct {
  return { title, vendor: "Roastery Co.", productType: "Coffee", tags: ["coffee", ...tags], collections: ["Coffee", ...extra], option: "Grind", values: GRINDS, price, sku };
}

function single(title: string, vendor: string, productType: string, price: string, sku: string, tags: string[], collections: string[], untracked = false): DemoProduct {
  return { title, vendor, productType, tags, collections, option: "Title", values: ["Default Title"], price, sku, untracked };
}

const DEMO_PRODUCTS: DemoProduct[] = [
  apparel("Classic Crew Tee", "24.00", "NW-TEE-CREW", ["cotton", "bestseller"], ["Best sellers"]),
  apparel("Heavyweight Pocket Tee", "32.00", "NW-TEE-POCKET", ["cotton"]),
  apparel("Merino Base Layer", "78.00", "NW-MERINO-BASE", ["wool", "new"], ["New arrivals"]),
  apparel("Harbor Hoodie", "68.00", "NW-HOODIE-HARBOR", ["fleece", "bestseller"], ["Best sellers"]),
  apparel("Quarter Zip Fleece", "74.00", "NW-FLEECE-QZ", ["fleece"]),
  apparel("Rain Shell Jacket", "148.00", "NW-JACKET-RAIN", ["outerwear", "preorder"], ["New arrivals"]),
  apparel("Down Puffer Vest", "118.00", "NW-VEST-DOWN", ["outerwear"]),
  apparel("Chore Coat", "158.00", "NW-COAT-CHORE", ["outerwear", "new"], ["New arrivals"]),
  apparel("Everyday Chino", "64.00", "NW-CHINO-EVERY", ["cotton"]),
  apparel("Trail Short", "48.00", "NW-SHORT-TRAIL", ["summer"]),
  apparel("Linen Button Down", "72.00", "NW-SHIRT-LINEN", ["linen", "summer"]),
  apparel("Cable Knit Sweater", "96.00", "NW-SWEATER-CABLE", ["wool"], ["Best sellers"]),
  shoe("Ridge Trail Runner", "132.00", "TH-SHOE-RIDGE", ["running", "bestseller"], ["Best sellers"]),
  shoe("Summit Hiking Boot", "189.00", "TH-BOOT-SUMMIT", ["hiking", "preorder"], ["New arrivals"]),
  shoe("Harbor Canvas Sneaker", "74.00", "TH-SNEAKER-CANVAS", ["casual"]),
  shoe("Camp Slip-On", "58.00", "TH-SLIPON-CAMP", ["casual"]),
  home("Stoneware Mug", "18.00", "HH-MUG-STONE", ["Sand", "Slate"], ["ceramics", "bestseller"], ["Best sellers"]),
  home("Pour-Over Carafe", "42.00", "HH-CARAFE-POUR", ["Clear", "Smoke"], ["glass"]),
  home("Linen Tea Towel Set", "26.00", "HH-TOWEL-LINEN", ["Natural", "Indigo"], ["linen"]),
  home("Cast Iron Skillet", "54.00", "HH-SKILLET-CAST", ["Black", "Enamel Red"], ["cookware", "preorder"]),
  home("Wool Throw Blanket", "128.00", "HH-THROW-WOOL", ["Oatmeal", "Charcoal"], ["wool", "new"], ["New arrivals"]),
  home("Ceramic Planter", "36.00", "HH-PLANTER-CERAMIC", ["White", "Terracotta"], ["ceramics"]),
  home("Walnut Serving Board", "64.00", "HH-BOARD-WALNUT", ["Small", "Large"], ["wood"]),
  home("Glass Storage Jar", "22.00", "HH-JAR-GLASS", ["1 L", "2 L"], ["glass"]),
  home("Beeswax Candle", "28.00", "HH-CANDLE-BEESWAX", ["Taper", "Pillar"], ["candles"]),
  home("Enamel Camp Plate", "16.00", "HH-PLATE-ENAMEL", ["White", "Blue"], ["camping"]),
  coffee("House Blend", "16.00", "RC-HOUSE", ["blend", "bestseller"], ["Best sellers"]),
  coffee("Ethiopia Yirgacheffe", "21.00", "RC-ETH-YIRG", ["single-origin"]),
  coffee("Colombia Huila", "19.00", "RC-COL-HUILA", ["single-origin"]),
  coffee("Sumatra Mandheling", "19.00", "RC-SUM-MAND", ["single-origin"]),
  coffee("Decaf Swiss Water", "18.00", "RC-DECAF", ["decaf"]),
  coffee("Espresso Forte", "17.00", "RC-ESPRESSO", ["blend", "espresso"]),
  coffee("Holiday Reserve", "24.00", "RC-HOLIDAY", ["limited", "preorder"], ["New arrivals"]),
  coffee("Kenya AA", "23.00", "RC-KENYA-AA", ["single-origin", "new"], ["New arrivals"]),
  coffee("Guatemala Antigua", "20.00", "RC-GUAT-ANT", ["single-origin"]),
  coffee("Cold Brew Blend", "17.00", "RC-COLDBREW", ["blend", "summer"]),
  single("Canvas Tote", "Northwind Apparel", "Accessories", "22.00", "NW-TOTE", ["accessories"], ["Apparel"]),
  single("Wool Beanie", "Northwind Apparel", "Accessories", "28.00", "NW-BEANIE", ["accessories", "wool"], ["Apparel"]),
  single("Insulated Bottle", "Trailhead Gear", "Accessories", "34.00", "TH-BOTTLE", ["accessories", "camping"], ["Home & Kitchen"]),
  single("Coffee Scoop", "Roastery Co.", "Accessories", "12.00", "RC-SCOOP", ["accessories"], ["Coffee"]),
  // Untracked: nothing to count (a subscription voucher and a ticket).
  single("Coffee Subscription Gift", "Roastery Co.", "Gift", "45.00", "RC-SUB-GIFT", ["gift"], ["Coffee"], true),
  single("Latte Art Workshop Ticket", "Roastery Co.", "Event", "35.00", "RC-WORKSHOP", ["event"], ["Coffee"], true),
];

/** Seeds the demo catalog into an empty shop (no events: this is the shop's starting state). */
export function seedDemoCatalog(store: SeedTarget, data: ShopData): void {
  const main = store.addLocation(data, { name: "Main warehouse", address1: "200 Logistics Pkwy", city: "Newark", province: "New Jersey", provinceCode: "NJ", zip: "07114" });
  const downtown = store.addLocation(data, { name: "Downtown store", address1: "18 Harbor St", city: "New York", province: "New York", provinceCode: "NY", zip: "10013" });
  const collections = new Map<string, number>();
  for (const title of ["Apparel", "Home & Kitchen", "Coffee", "Best sellers", "New arrivals"]) {
    collections.set(title, store.addCollection(data, { title }).id);
  }

  let tracked = 0;
  DEMO_PRODUCTS.forEach((spec, productIndex) => {
    const status: ProductStatus = spec.status ?? (productIndex === 9 ? "DRAFT" : productIndex === 25 ? "ARCHIVED" : "ACTIVE");
    const variants = spec.values.map((value) => {
      const sku = spec.values.length === 1 ? spec.sku : `${spec.sku}-${value.toUpperCase().replace(/[^A-Z0-9]+/g, "")}`;
      if (spec.untracked) return { title: value === "Default Title" ? undefined : value, sku, price: spec.price, inventoryPolicy: "DENY" as InventoryPolicy, tracked: false };
      const state = STOCK_PATTERN[tracked % STOCK_PATTERN.length];
      const stock = demoStock(state, tracked);
      tracked += 1;
      return {
        title: value === "Default Title" ? undefined : value,
        sku,
        price: spec.price,
        // Demo unit cost: 40% of the price (the Forecast page's margin at risk); every 6th variant has none.
        ...(tracked % 6 === 0 ? {} : { unitCost: (Number(spec.price) * 0.4).toFixed(2) }),
        inventoryPolicy: stock.policy,
        tracked: true,
        available: { [String(main.id)]: stock.main, [String(downtown.id)]: stock.downtown },
      };
    });
    store.insertProduct(data, {
      title: spec.title,
      vendor: spec.vendor,
      productType: spec.productType,
      tags: spec.tags,
      status,
      descriptionHtml: `<p>${spec.title} from ${spec.vendor}.</p>`,
      optionName: spec.option,
      collectionIds: spec.collections.map((title) => collections.get(title)!),
      variants,
    });
  });
}

/** Deterministic quantities per stock state; `n` varies the numbers so the catalog doesn't look cloned. */
function demoStock(state: StockState, n: number): { policy: InventoryPolicy; main: number; downtown: number } {
  switch (state) {
    case "in_stock":
      return { policy: "DENY", main: 8 + ((n * 7) % 40), downtown: (n * 3) % 9 };
    case "in_stock_continue":
      return { policy: "CONTINUE", main: 4 + ((n * 5) % 20), downtown: n % 4 };
    case "low":
      return { policy: "DENY", main: 1 + (n % 3), downtown: 0 };
    case "low_second_location":
      return { policy: "DENY", main: 0, downtown: 1 + (n % 3) };
    case "sold_out":
      return { policy: "DENY", main: 0, downtown: 0 };
    case "sold_out_continue":
      return { policy: "CONTINUE", main: 0, downtown: 0 };
    case "backordered":
      return { policy: "CONTINUE", main: -(1 + (n % 4)), downtown: 0 };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Big catalogs

const BIG_VENDORS = ["Northwind Apparel", "Harbor Home", "Roastery Co.", "Trailhead Gear"];
const BIG_TYPES = ["Apparel", "Home Goods", "Coffee", "Footwear"];

/**
 * Fills a shop with `products × variantsPerProduct` variants at two locations. Records are written directly
 * (no per-product handle scans or option rebuilding) so 100k variants take well under a few seconds.
 */
export function seedBigCatalog(store: SeedTarget, data: ShopData, size: { products: number; variantsPerProduct: number }): void {
  const products = Math.max(0, Math.floor(size.products));
  const perProduct = Math.max(1, Math.floor(size.variantsPerProduct));
  const locations: LocationRecord[] = [store.addLocation(data, { name: "Main warehouse", city: "Newark" }), store.addLocation(data, { name: "Downtown store", city: "New York" })];
  const now = store.nowMs();
  const values = Array.from({ length: perProduct }, (_, k) => (perProduct === 1 ? "Default Title" : `Option ${k + 1}`));
  let n = 0;
  for (let p = 0; p < products; p += 1) {
    const product: ProductRecord = {
      __typename: "Product",
      id: store.nextId(),
      title: `Catalog Product ${p + 1}`,
      handle: `catalog-product-${p + 1}`,
      vendor: BIG_VENDORS[p % BIG_VENDORS.length],
      productType: BIG_TYPES[p % BIG_TYPES.length],
      tags: p % 7 === 0 ? ["bulk", "preorder"] : ["bulk"],
      status: "ACTIVE",
      descriptionHtml: "",
      options: [{ name: perProduct === 1 ? "Title" : "Option", values }],
      variantIds: [],
      collectionIds: [],
      createdAt: now,
      updatedAt: now,
      publishedAt: now,
    };
    for (let v = 0; v < perProduct; v += 1) {
      const itemId = store.nextId();
      const variantId = store.nextId();
      // Every 5th variant may be backordered; a few of those already are (negative stock).
      const policy: InventoryPolicy = n % 5 === 0 ? "CONTINUE" : "DENY";
      const mainQuantity = policy === "CONTINUE" && n % 15 === 0 ? -((n % 3) + 1) : (n * 7919) % 23;
      const levels: InventoryLevelRecord[] = locations.map((location, index) => ({
        __typename: "InventoryLevel",
        itemId,
        locationId: location.id,
        available: index === 0 ? mainQuantity : (n * 31) % 4,
        committed: 0,
        incoming: 0,
        reserved: 0,
        damaged: 0,
        safetyStock: 0,
        qualityControl: 0,
        createdAt: now,
        updatedAt: now,
      }));
      const unitCost = n % 2 === 0 ? ((10 + (p % 90)) * 0.45).toFixed(2) : null; // every other variant has a cost
      const item: InventoryItemRecord = { __typename: "InventoryItem", id: itemId, variantId, tracked: n % 97 !== 0, requiresShipping: true, unitCost, levels, createdAt: now, updatedAt: now };
      const variant: VariantRecord = {
        __typename: "ProductVariant",
        id: variantId,
        productId: product.id,
        inventoryItemId: itemId,
        title: values[v],
        sku: `BULK-${p + 1}-${v + 1}`,
        barcode: null,
        price: (10 + (p % 90)).toFixed(2),
        compareAtPrice: null,
        position: v + 1,
        inventoryPolicy: policy,
        taxable: true,
        optionValues: [values[v]],
        createdAt: now,
        updatedAt: now,
      };
      data.inventoryItems.set(itemId, item);
      data.variants.set(variantId, variant);
      product.variantIds.push(variantId);
      n += 1;
    }
    data.products.set(product.id, product);
    data.handles.add(product.handle);
  }
}
