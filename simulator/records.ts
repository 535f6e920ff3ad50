// The simulator's records (shaped like the Admin GraphQL types), its errors, GIDs and one shop's data: what the
// store, the resolvers, the webhook payload builders and the seeds share. Imports nothing of the simulator, so
// those modules can depend on it without depending on each other.

export type SimEvent = { shop: string; topic: string; payload: unknown; triggeredAt: Date; eventId: string };

/**
 * VALIDATION_FAILED: a cart and checkout validation function returned errors; VALIDATION_UNAVAILABLE: one failed
 * at run time and its validation has blockOnFailure.
 */
export type CheckoutErrorCode = "DENY_OUT_OF_STOCK" | "UNKNOWN_VARIANT" | "INVALID_QUANTITY" | "VALIDATION_FAILED" | "VALIDATION_UNAVAILABLE";

/** One message a validation function returned; lineIndex when its target is `$.cart.lines[i]…`, else null. */
export type CheckoutValidationError = { message: string; target: string; lineIndex: number | null };

export class CheckoutError extends Error {
  readonly code: CheckoutErrorCode;
  /** The validation functions' messages (empty for the other codes). */
  readonly errors: CheckoutValidationError[];
  constructor(code: CheckoutErrorCode, message: string, errors: CheckoutValidationError[] = []) {
    super(message);
    this.name = "CheckoutError";
    this.code = code;
    this.errors = errors;
  }
}

/** Thrown by admin commands for unknown shops/records or invalid input (the HTTP server maps it to 4xx). */
export class SimulatorError extends Error {
  readonly status: number;
  constructor(message: string, status = 404) {
    super(message);
    this.name = "SimulatorError";
    this.status = status;
  }
}

// ---------------------------------------------------------------------------------------------------------
// GIDs

export function toGid(type: string, id: number | string): string {
  return `gid://shopify/${type}/${id}`;
}

export function inventoryLevelGid(itemId: number, locationId: number): string {
  return `gid://shopify/InventoryLevel/${locationId}?inventory_item_id=${itemId}`;
}

export type ParsedGid = { type: string; id: number; params: URLSearchParams };

export function parseGid(value: string): ParsedGid | null {
  const match = /^gid:\/\/shopify\/([A-Za-z]+)\/(\d+)(?:\?(.*))?$/.exec(value);
  if (!match) return null;
  const id = Number(match[2]);
  if (!Number.isSafeInteger(id)) return null;
  return { type: match[1], id, params: new URLSearchParams(match[3] ?? "") };
}

/** Numeric id from a GID of the given type, or from a bare numeric string (admin commands accept both). */
export function idOf(value: string | number, type: string): number | null {
  if (typeof value === "number") return Number.isSafeInteger(value) ? value : null;
  if (/^\d+$/.test(value)) return Number(value);
  const parsed = parseGid(value);
  return parsed && parsed.type === type ? parsed.id : null;
}

// ---------------------------------------------------------------------------------------------------------
// Records

export type InventoryPolicy = "DENY" | "CONTINUE";
export type ProductStatus = "ACTIVE" | "DRAFT" | "ARCHIVED" | "UNLISTED";

export type ShopRecord = {
  __typename: "Shop";
  id: number;
  name: string;
  email: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  weightUnit: string;
  planName: string;
  createdAt: number;
  updatedAt: number;
};

export type LocationRecord = {
  __typename: "Location";
  id: number;
  name: string;
  isActive: boolean;
  fulfillsOnlineOrders: boolean;
  shipsInventory: boolean;
  address: { address1: string | null; city: string | null; province: string | null; provinceCode: string | null; zip: string | null; country: string; countryCode: string; phone: string | null };
  createdAt: number;
  updatedAt: number;
};

export type ProductOptionRecord = { name: string; values: string[] };

export type ProductRecord = {
  __typename: "Product";
  id: number;
  title: string;
  handle: string;
  vendor: string;
  productType: string;
  tags: string[];
  status: ProductStatus;
  descriptionHtml: string;
  options: ProductOptionRecord[];
  variantIds: number[];
  collectionIds: number[];
  createdAt: number;
  updatedAt: number;
  publishedAt: number | null;
};

export type VariantRecord = {
  __typename: "ProductVariant";
  id: number;
  productId: number;
  inventoryItemId: number;
  title: string;
  sku: string | null;
  barcode: string | null;
  price: string;
  compareAtPrice: string | null;
  position: number;
  inventoryPolicy: InventoryPolicy;
  taxable: boolean;
  optionValues: string[];
  createdAt: number;
  updatedAt: number;
};

export type InventoryLevelRecord = {
  __typename: "InventoryLevel";
  itemId: number;
  locationId: number;
  available: number;
  committed: number;
  incoming: number;
  reserved: number;
  damaged: number;
  safetyStock: number;
  qualityControl: number;
  createdAt: number;
  updatedAt: number;
};

export type InventoryItemRecord = {
  __typename: "InventoryItem";
  id: number;
  variantId: number;
  tracked: boolean;
  requiresShipping: boolean;
  /** InventoryItem.unitCost.amount in the shop's currency (decimal string); absent/null = no cost entered. */
  unitCost?: string | null;
  levels: InventoryLevelRecord[];
  createdAt: number;
  updatedAt: number;
};

export type CollectionRecord = {
  __typename: "Collection";
  id: number;
  title: string;
  handle: string;
  descriptionHtml: string;
  productIds: number[];
  updatedAt: number;
};

export type AttributeRecord = { key: string; value: string | null };

export type LineItemRecord = {
  __typename: "LineItem";
  id: number;
  orderId: number;
  variantId: number | null;
  productId: number | null;
  title: string;
  variantTitle: string | null;
  sku: string | null;
  vendor: string | null;
  /** The line's current quantity (after edits and refunds); `originalQuantity` keeps what was ordered. */
  quantity: number;
  originalQuantity?: number;
  price: string;
  customAttributes: AttributeRecord[];
  requiresShipping: boolean;
  taxable: boolean;
};

export type OrderRecord = {
  __typename: "Order";
  id: number;
  number: number;
  name: string;
  email: string | null;
  note: string | null;
  tags: string[];
  customAttributes: AttributeRecord[];
  currencyCode: string;
  financialStatus: "PAID" | "PENDING";
  lineItemIds: number[];
  fulfillmentOrderIds: number[];
  createdAt: number;
  updatedAt: number;
  processedAt: number;
  cancelledAt: number | null;
  closedAt: number | null;
  /** The buyer's locale at checkout (REST customer_locale, GraphQL customerLocale). */
  customerLocale?: string | null;
  cancelReason?: string | null;
  /** Merchant actions on the order (not exposed as GraphQL connections; see the REST webhook payloads). */
  fulfillmentLog?: OrderFulfillmentRecord[];
  refundLog?: OrderRefundRecord[];
};

export type OrderFulfillmentRecord = { id: number; createdAt: number; locationId: number; lineItems: Array<{ lineItemId: number; quantity: number }> };

export type OrderRefundRecord = {
  id: number;
  createdAt: number;
  note: string | null;
  lineItems: Array<{ id: number; lineItemId: number; quantity: number; restockType: "cancel" | "return" | "no_restock"; locationId: number | null }>;
};

export type FulfillmentHoldRecord = {
  __typename: "FulfillmentHold";
  id: number;
  reason: string;
  reasonNotes: string | null;
  handle: string;
  heldByRequestingApp: boolean;
};

export type FulfillmentOrderLineItemRecord = {
  __typename: "FulfillmentOrderLineItem";
  id: number;
  fulfillmentOrderId: number;
  lineItemId: number;
  totalQuantity: number;
  remainingQuantity: number;
};

export type FulfillmentOrderStatus = "OPEN" | "ON_HOLD" | "CLOSED" | "CANCELLED" | "IN_PROGRESS" | "SCHEDULED" | "INCOMPLETE";

export type FulfillmentOrderRecord = {
  __typename: "FulfillmentOrder";
  id: number;
  orderId: number;
  locationId: number;
  status: FulfillmentOrderStatus;
  requestStatus: string;
  holds: FulfillmentHoldRecord[];
  lineItemIds: number[];
  createdAt: number;
  updatedAt: number;
};

export type MetafieldRecord = {
  __typename: "Metafield";
  id: number;
  ownerGid: string;
  ownerType: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  createdAt: number;
  updatedAt: number;
};

export type MetafieldDefinitionRecord = {
  __typename: "MetafieldDefinition";
  id: number;
  name: string;
  namespace: string;
  key: string;
  description: string | null;
  typeName: string;
  ownerType: string;
  adminAccess: string | null;
  storefrontAccess: string;
  customerAccountAccess: string;
  pinnedPosition: number | null;
};

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

export type BulkOperationRecord = {
  __typename: "BulkOperation";
  id: number;
  shop: string;
  type: "QUERY" | "MUTATION";
  status: BulkOperationStatus;
  query: string;
  errorCode: "ACCESS_DENIED" | "INTERNAL_SERVER_ERROR" | "TIMEOUT" | null;
  objectCount: number;
  rootObjectCount: number;
  fileSize: number | null;
  url: string | null;
  partialDataUrl: string | null;
  createdAt: number;
  completedAt: number | null;
  /** Where the JSONL result lives on disk; never exposed through GraphQL. */
  filePath: string | null;
  /** Why a FAILED operation failed (simulator diagnostics, logged too). */
  failureMessage: string | null;
  cancelRequested: boolean;
};

/** A staged upload target handed out by stagedUploadsCreate (BULK_MUTATION_VARIABLES); the file arrives by POST. */
export type StagedUploadRecord = {
  key: string;
  shop: string;
  filename: string;
  mimeType: string;
  /** The form fields the upload must echo (policy + signature are checked on upload). */
  parameters: Array<{ name: string; value: string }>;
  createdAt: number;
  /** Set once the file was uploaded. */
  filePath: string | null;
  fileSize: number | null;
};

export type AppInstallationRecord = { __typename: "AppInstallation"; id: number; installedAt: number };

/** A cart and checkout validation the app activated (validationCreate); functionId is a ShopifyFunction id. */
export type ValidationRecord = {
  __typename: "Validation";
  id: number;
  title: string;
  enabled: boolean;
  blockOnFailure: boolean;
  functionId: string;
  createdAt: number;
  updatedAt: number;
};

/** One run of a validation's function at checkout, kept for tests, the bench and the console. */
export type FunctionRunRecord = {
  at: number;
  validationId: string;
  functionHandle: string | null;
  ok: boolean;
  durationMs: number;
  /** Validation errors the function returned (0 when it failed). */
  errorCount: number;
  /** Why the run failed (trap, bad output, missing module, input query); null when ok. */
  failure: string | null;
  /** Whether this run refused the checkout (errors, or a failure under blockOnFailure). */
  blocked: boolean;
};

export type InventoryTransferStatus = "DRAFT" | "READY_TO_SHIP" | "IN_PROGRESS" | "TRANSFERRED" | "CANCELED";
export type InventoryShipmentStatus = "DRAFT" | "IN_TRANSIT" | "PARTIALLY_RECEIVED" | "RECEIVED";

/** A location as the transfer saw it (LocationSnapshot): taken when the transfer was created. */
export type LocationSnapshotRecord = { locationId: number; name: string; snapshottedAt: number };

export type InventoryTransferLineItemRecord = { __typename: "InventoryTransferLineItem"; id: number; transferId: number; inventoryItemId: number; totalQuantity: number };

/** Inventory moving to a location (simulator/inventory-transfers.ts); origin null = from outside the shop (a supplier). */
export type InventoryTransferRecord = {
  __typename: "InventoryTransfer";
  id: number;
  name: string;
  status: InventoryTransferStatus;
  origin: LocationSnapshotRecord | null;
  destination: LocationSnapshotRecord | null;
  note: string | null;
  referenceName: string | null;
  tags: string[];
  lineItems: InventoryTransferLineItemRecord[];
  shipmentIds: number[];
  dateCreated: number;
  updatedAt: number;
};

export type InventoryShipmentLineItemRecord = {
  __typename: "InventoryShipmentLineItem";
  id: number;
  shipmentId: number;
  inventoryItemId: number;
  quantity: number;
  acceptedQuantity: number;
  rejectedQuantity: number;
};

export type InventoryShipmentTrackingRecord = { arrivesAt: number | null; company: string | null; trackingNumber: string | null; trackingUrl: string | null };

export type InventoryShipmentRecord = {
  __typename: "InventoryShipment";
  id: number;
  transferId: number;
  name: string;
  status: InventoryShipmentStatus;
  barcode: string | null;
  tracking: InventoryShipmentTrackingRecord | null;
  lineItems: InventoryShipmentLineItemRecord[];
  dateCreated: number;
  dateShipped: number | null;
  dateReceived: number | null;
  updatedAt: number;
};

export type QuantityName = "available" | "on_hand" | "committed" | "incoming" | "reserved" | "damaged" | "safety_stock" | "quality_control";

export const QUANTITY_NAMES: readonly QuantityName[] = ["available", "on_hand", "committed", "incoming", "reserved", "damaged", "safety_stock", "quality_control"];

/** A level with every quantity at 0 (Shopify stocks new items at a location this way). */
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

export function readQuantity(level: InventoryLevelRecord, name: QuantityName): number {
  switch (name) {
    case "available":
      return level.available;
    case "committed":
      return level.committed;
    case "incoming":
      return level.incoming;
    case "reserved":
      return level.reserved;
    case "damaged":
      return level.damaged;
    case "safety_stock":
      return level.safetyStock;
    case "quality_control":
      return level.qualityControl;
    case "on_hand":
      // on_hand is every unit physically present: sellable plus all the unavailable states.
      return level.available + level.committed + level.reserved + level.damaged + level.safetyStock + level.qualityControl;
  }
}

/** Applies a delta to one named quantity; on_hand moves `available` (the unavailable states stay put). */
export function addToQuantity(level: InventoryLevelRecord, name: QuantityName, delta: number): void {
  switch (name) {
    case "available":
    case "on_hand":
      level.available += delta;
      return;
    case "committed":
      level.committed += delta;
      return;
    case "incoming":
      level.incoming += delta;
      return;
    case "reserved":
      level.reserved += delta;
      return;
    case "damaged":
      level.damaged += delta;
      return;
    case "safety_stock":
      level.safetyStock += delta;
      return;
    case "quality_control":
      level.qualityControl += delta;
      return;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Shop data

export type AppliedInventoryChange = {
  item: InventoryItemRecord;
  location: LocationRecord;
  name: QuantityName;
  delta: number;
  quantityAfterChange: number;
  ledgerDocumentUri: string | null;
};

/** Everything Shopify holds for one shop. Resolvers and the bulk runner read it directly. */
export class ShopData {
  readonly domain: string;
  shop: ShopRecord;
  installation: AppInstallationRecord;
  installed = true;
  /** Scopes the app's token holds; null means "don't enforce" (tests that don't care about scopes). */
  grantedScopes: string[] | null;
  readonly locations = new Map<number, LocationRecord>();
  readonly products = new Map<number, ProductRecord>();
  readonly variants = new Map<number, VariantRecord>();
  readonly inventoryItems = new Map<number, InventoryItemRecord>();
  readonly collections = new Map<number, CollectionRecord>();
  readonly orders = new Map<number, OrderRecord>();
  readonly lineItems = new Map<number, LineItemRecord>();
  readonly fulfillmentOrders = new Map<number, FulfillmentOrderRecord>();
  readonly fulfillmentOrderLineItems = new Map<number, FulfillmentOrderLineItemRecord>();
  readonly metafields = new Map<number, MetafieldRecord>();
  readonly metafieldsByOwner = new Map<string, MetafieldRecord[]>();
  readonly metafieldDefinitions = new Map<number, MetafieldDefinitionRecord>();
  /** Product handles in use (handles are unique per shop). */
  readonly handles = new Set<string>();
  /** Responses of mutations sent with @idempotent(key:), keyed by that key. */
  readonly idempotentResults = new Map<string, { signature: string; result: unknown }>();
  /** The app's cart and checkout validations (simulator/validations.ts). */
  readonly validations = new Map<number, ValidationRecord>();
  /** The latest validation function runs, oldest first (simulator/functions/validation-runner.ts). */
  readonly functionRuns: FunctionRunRecord[] = [];
  /** Inventory transfers and their shipments (simulator/inventory-transfers.ts). */
  readonly inventoryTransfers = new Map<number, InventoryTransferRecord>();
  readonly inventoryShipments = new Map<number, InventoryShipmentRecord>();
  nextTransferNumber = 1;
  nextOrderNumber = 1001;

  constructor(domain: string, shop: ShopRecord, installation: AppInstallationRecord, grantedScopes: string[] | null) {
    this.domain = domain;
    this.shop = shop;
    this.installation = installation;
    this.grantedScopes = grantedScopes;
  }

  /** Shopify's fallback location: the first active one that ships inventory. */
  primaryLocation(): LocationRecord {
    for (const location of this.locations.values()) if (location.isActive) return location;
    throw new SimulatorError(`Shop ${this.domain} has no active location`, 409);
  }

  variantOf(item: InventoryItemRecord): VariantRecord {
    return this.variants.get(item.variantId)!;
  }

  itemOf(variant: VariantRecord): InventoryItemRecord {
    return this.inventoryItems.get(variant.inventoryItemId)!;
  }

  productOf(variant: VariantRecord): ProductRecord {
    return this.products.get(variant.productId)!;
  }

  variantsOf(product: ProductRecord): VariantRecord[] {
    return product.variantIds.map((id) => this.variants.get(id)!);
  }

  findLevel(item: InventoryItemRecord, locationId: number): InventoryLevelRecord | undefined {
    return item.levels.find((level) => level.locationId === locationId);
  }

  /** Sum of `available` over every location (ProductVariant.inventoryQuantity / REST inventory_quantity). */
  availableTotal(item: InventoryItemRecord): number {
    let total = 0;
    for (const level of item.levels) total += level.available;
    return total;
  }

  metafieldsOf(ownerGid: string): MetafieldRecord[] {
    return this.metafieldsByOwner.get(ownerGid) ?? [];
  }

  findMetafield(ownerGid: string, namespace: string, key: string): MetafieldRecord | undefined {
    return this.metafieldsOf(ownerGid).find((m) => m.namespace === namespace && m.key === key);
  }

  findMetafieldDefinition(ownerType: string, namespace: string, key: string): MetafieldDefinitionRecord | undefined {
    for (const definition of this.metafieldDefinitions.values()) {
      if (definition.ownerType === ownerType && definition.namespace === namespace && definition.key === key) return definition;
    }
    return undefined;
  }

  fulfillmentOrderLineItemsOf(fulfillmentOrder: FulfillmentOrderRecord): FulfillmentOrderLineItemRecord[] {
    return fulfillmentOrder.lineItemIds.map((id) => this.fulfillmentOrderLineItems.get(id)!);
  }
}

export type ProductPatch = { title?: string; vendor?: string; productType?: string; tags?: string[]; status?: string };

export type VariantPatch = {
  price?: string;
  compareAtPrice?: string | null;
  sku?: string | null;
  barcode?: string | null;
  title?: string;
  inventoryPolicy?: InventoryPolicy;
  taxable?: boolean;
  tracked?: boolean;
  requiresShipping?: boolean;
};

export type ProductInput = {
  title: string;
  handle?: string;
  vendor?: string;
  productType?: string;
  tags?: string[];
  status?: ProductStatus;
  descriptionHtml?: string;
  optionName?: string;
  collectionIds?: number[];
  variants: Array<{
    title?: string;
    sku?: string;
    price?: string;
    compareAtPrice?: string;
    inventoryPolicy?: InventoryPolicy;
    tracked?: boolean;
    /** Unit cost (decimal string), as InventoryItem.unitCost. */
    unitCost?: string;
    /** Keyed by location GID, numeric id or name. */
    available?: Record<string, number>;
  }>;
};
