import type { Readable } from "node:stream";
import * as bulkFiles from "./bulk-files";
import * as catalog from "./catalog";
import * as checkoutArea from "./checkout";
import * as inventory from "./inventory";
import * as transfers from "./inventory-transfers";
import * as metafields from "./metafields";
import * as orders from "./order-lifecycle";
import * as shops from "./shops";
import * as snapshots from "./store-snapshot";
import * as validations from "./validations";
import { StoreCore } from "./store-core";
import type { CreateShopOptions } from "./shops";
import type { StoreSnapshot } from "./store-snapshot";
import type {
  AppliedInventoryChange,
  BulkOperationRecord,
  CollectionRecord,
  FunctionRunRecord,
  InventoryItemRecord,
  InventoryPolicy,
  LocationRecord,
  MetafieldRecord,
  OrderRecord,
  ProductInput,
  ProductPatch,
  ProductRecord,
  QuantityName,
  ShopData,
  VariantPatch,
  ValidationRecord,
  VariantRecord,
} from "./records";

// Everything in records.ts is also reachable from here, as before the split, and so are the helpers callers used.
export * from "./records";
export { formatMoney, handleize, normalizeTags } from "./catalog";
export type { SimulatorStoreOptions } from "./store-core";
export type { CreateShopOptions, SeedOption } from "./shops";
export type { StoreSnapshot, ValidationSnapshot, VariantSnapshot } from "./store-snapshot";

// The in-memory Shopify store behind the simulator. Records are shaped like the Admin GraphQL types (field
// names match the schema, `__typename` on every record) so resolvers can mostly read properties; relations
// are kept as numeric ids and resolved explicitly. Ids are numbers internally (compact for 100k-variant
// catalogs) and GIDs at the API surface.
//
// This class is the facade callers use: the plumbing (clock, ids, events, shop registry) is StoreCore's, and
// each area lives in its own module as functions over the core; the methods below only forward to them.

export class SimulatorStore extends StoreCore {
  // --- shops and the app installation (shops.ts) ------------------------------------------------------

  createShop(domain: string, opts: CreateShopOptions = {}): void {
    shops.createShop(this, domain, opts);
  }

  /** What OAuth granted; GraphQL enforces it field by field like Shopify (null disables the check). */
  setGrantedScopes(shop: string, scopes: string[] | null): void {
    shops.setGrantedScopes(this, shop, scopes);
  }

  /** A fresh install (OAuth after an uninstall) makes the app's token valid again. */
  markInstalled(shop: string): void {
    shops.markInstalled(this, shop);
  }

  isInstalled(shop: string): boolean {
    return shops.isInstalled(this, shop);
  }

  uninstall(shop: string): void {
    shops.uninstall(this, shop);
  }

  // --- catalog (catalog.ts) ---------------------------------------------------------------------------

  addLocation(data: ShopData, input: { name: string; city?: string; address1?: string; zip?: string; province?: string; provinceCode?: string }): LocationRecord {
    return catalog.addLocation(this, data, input);
  }

  addCollection(data: ShopData, input: { title: string; handle?: string }): CollectionRecord {
    return catalog.addCollection(this, data, input);
  }

  /** Creates a product with its variants, inventory items and levels, without emitting anything. */
  insertProduct(data: ShopData, input: ProductInput): ProductRecord {
    return catalog.insertProduct(this, data, input);
  }

  /** Updates product fields and emits products/update. */
  patchProduct(data: ShopData, product: ProductRecord, patch: ProductPatch): ProductRecord {
    return catalog.patchProduct(this, data, product, patch);
  }

  /** Updates variant fields without emitting (callers batch one products/update per product). */
  patchVariant(data: ShopData, variant: VariantRecord, patch: VariantPatch): void {
    catalog.patchVariant(this, data, variant, patch);
  }

  emitProductUpdate(data: ShopData, product: ProductRecord): void {
    catalog.emitProductUpdate(this, data, product);
  }

  removeProduct(data: ShopData, product: ProductRecord): void {
    catalog.removeProduct(this, data, product);
  }

  updateProduct(shop: string, productId: string, patch: ProductPatch): unknown {
    return catalog.updateProduct(this, shop, productId, patch);
  }

  updateVariant(shop: string, variantId: string, patch: VariantPatch): unknown {
    return catalog.updateVariant(this, shop, variantId, patch);
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
    return catalog.createProduct(this, shop, input);
  }

  deleteProduct(shop: string, productId: string): void {
    catalog.deleteProduct(this, shop, productId);
  }

  requireProduct(data: ShopData, productId: string): ProductRecord {
    return catalog.requireProduct(data, productId);
  }

  requireVariant(data: ShopData, variantId: string): VariantRecord {
    return catalog.requireVariant(data, variantId);
  }

  // --- inventory (inventory.ts) -----------------------------------------------------------------------

  /**
   * Applies inventory quantity deltas atomically and emits inventory_levels/update per touched level (plus
   * products/update per affected product when sellable stock moved, as Shopify does).
   */
  applyInventoryChanges(
    data: ShopData,
    changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number; ledgerDocumentUri?: string | null }>,
  ): AppliedInventoryChange[] {
    return inventory.applyInventoryChanges(this, data, changes);
  }

  setAvailable(shop: string, args: { variantId: string; locationId?: string; available: number }): unknown {
    return inventory.setAvailable(this, shop, args);
  }

  adjustAvailable(shop: string, args: { variantId: string; locationId?: string; delta: number }): unknown {
    return inventory.adjustAvailable(this, shop, args);
  }

  // --- inbound transfers and shipments, the merchant's side (inventory-transfers.ts) --------------------

  /** One row per shipment (or transfer without one), for /_sim/<shop>/inbound and the admin page. */
  listInbound(shop: string): transfers.InboundSummary[] {
    return transfers.listInbound(this.getShopData(shop));
  }

  /** An inbound transfer from outside the shop with one shipment, in transit unless `inTransit: false`. */
  createInbound(shop: string, args: Parameters<typeof transfers.createInboundCommand>[2]): transfers.InboundSummary {
    return transfers.createInboundCommand(this, shop, args);
  }

  markInboundInTransit(shop: string, shipmentId: number): transfers.InboundSummary {
    return transfers.markInboundInTransit(this, this.getShopData(shop), shipmentId);
  }

  setInboundTracking(shop: string, shipmentId: number, tracking: transfers.TrackingInput): transfers.InboundSummary {
    return transfers.setInboundTracking(this, this.getShopData(shop), shipmentId, tracking);
  }

  /** Moves the shipment's arrival `days` later ("mark late"). */
  delayInbound(shop: string, shipmentId: number, days: number): transfers.InboundSummary {
    return transfers.delayInbound(this, shop, shipmentId, days);
  }

  receiveInbound(shop: string, shipmentId: number, args: { quantity?: number; reject?: boolean }): transfers.InboundSummary {
    return transfers.receiveInbound(this, this.getShopData(shop), shipmentId, args);
  }

  cancelInbound(shop: string, args: { shipmentId?: number | null; transferId?: number | null }): { transferId: string; status: string } {
    return transfers.cancelInbound(this, this.getShopData(shop), args);
  }

  // --- metafields (metafields.ts) ---------------------------------------------------------------------

  upsertMetafield(data: ShopData, input: { ownerGid: string; ownerType: string; namespace: string; key: string; type: string; value: string }): MetafieldRecord {
    return metafields.upsertMetafield(this, data, input);
  }

  deleteMetafield(data: ShopData, metafield: MetafieldRecord): void {
    metafields.deleteMetafield(data, metafield);
  }

  // --- checkout (checkout.ts) -------------------------------------------------------------------------

  /**
   * A storefront checkout: refuses tracked DENY variants without enough stock, lets CONTINUE variants go
   * negative, commits stock, creates the order with its fulfillment orders and emits the webhooks.
   */
  checkout(shop: string, input: { lines: Array<{ variantId: string; quantity: number; properties?: Record<string, string> }>; email?: string; customerLocale?: string }): unknown {
    return checkoutArea.checkout(this, shop, input);
  }

  // --- cart and checkout validations (validations.ts, functions/) -------------------------------------

  /** The app's validations on the shop, oldest first. */
  listValidations(shop: string): ValidationRecord[] {
    return validations.listValidations(this.getShopData(shop));
  }

  /** The latest validation function runs at checkout (oldest first, at most FUNCTION_RUNS_KEPT). */
  functionRuns(shop: string): FunctionRunRecord[] {
    return [...this.getShopData(shop).functionRuns];
  }

  // --- order lifecycle (order-lifecycle.ts) -----------------------------------------------------------

  emitOrderUpdated(data: ShopData, order: OrderRecord): void {
    orders.emitOrderUpdated(this, data, order);
  }

  requireOrder(data: ShopData, orderId: string | number): OrderRecord {
    return orders.requireOrder(data, orderId);
  }

  /** Cancels the order: open fulfillment orders are cancelled, unfulfilled units restocked (unless restock false). */
  cancelOrder(shop: string, orderId: string | number, opts: { reason?: string; restock?: boolean } = {}): unknown {
    return orders.cancelOrder(this, shop, orderId, opts);
  }

  /**
   * Fulfils units that are not on hold: one line (`quantity` defaults to all its fulfillable units) or everything
   * fulfillable. Held fulfillment orders are refused like Shopify does.
   */
  fulfillOrder(shop: string, orderId: string | number, opts: { lineItemId?: string | number; quantity?: number } = {}): unknown {
    return orders.fulfillOrder(this, shop, orderId, opts);
  }

  /** Refunds units of a line: unfulfilled units are removed (restocked when `restock`), the rest count as returns. */
  refundOrder(shop: string, orderId: string | number, opts: { lineItemId: string | number; quantity: number; restock?: boolean; note?: string }): unknown {
    return orders.refundOrder(this, shop, orderId, opts);
  }

  /** An order edit lowering a line's quantity (removed units are restocked, as orderEditSetQuantity does by default). */
  editOrderLine(shop: string, orderId: string | number, opts: { lineItemId: string | number; quantity: number; restock?: boolean }): unknown {
    return orders.editOrderLine(this, shop, orderId, opts);
  }

  // --- snapshot (store-snapshot.ts) -------------------------------------------------------------------

  snapshot(shop: string): StoreSnapshot {
    return snapshots.snapshot(this, shop);
  }

  // --- bulk operation files (bulk-files.ts) -----------------------------------------------------------

  /** Directory for JSONL results (created on first use, removed by dispose()). */
  bulkResultDir(): string {
    return bulkFiles.bulkResultDir(this);
  }

  bulkResultUrl(id: number): string {
    return bulkFiles.bulkResultUrl(this, id);
  }

  /** Where staged uploads are POSTed (multipart form: the target's parameters, then `file`). */
  stagedUploadUrl(): string {
    return bulkFiles.stagedUploadUrl(this);
  }

  /** Stores an uploaded staged file under its key; false when the key was never issued. */
  receiveStagedUpload(key: string, content: Buffer): boolean {
    return bulkFiles.receiveStagedUpload(this, key, content);
  }

  finishBulkOperation(operation: BulkOperationRecord): void {
    bulkFiles.finishBulkOperation(this, operation);
  }

  getBulkResult(id: string): Readable | null {
    return bulkFiles.getBulkResult(this, id);
  }

  /** Removes bulk result files; the store is unusable for bulk results afterwards. */
  dispose(): void {
    bulkFiles.dispose(this);
  }
}
