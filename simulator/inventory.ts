import { buildInventoryLevelPayload, buildProductPayload } from "./payloads";
import {
  addToQuantity,
  newLevel,
  readQuantity,
  SimulatorError,
  type AppliedInventoryChange,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LocationRecord,
  type QuantityName,
  type ShopData,
} from "./records";
import { requireVariant, resolveLocation } from "./catalog";
import type { StoreCore } from "./store-core";

// Inventory quantities: the one place levels change (admin commands, checkout, order lifecycle and GraphQL
// mutations all go through applyInventoryChanges), with the inventory_levels/update and products/update webhooks.

/**
 * Applies inventory quantity deltas atomically and emits inventory_levels/update per touched level (plus
 * products/update per affected product when sellable stock moved, as Shopify does).
 */
export function applyInventoryChanges(
  store: StoreCore,
  data: ShopData,
  changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number; ledgerDocumentUri?: string | null }>,
): AppliedInventoryChange[] {
  const now = store.nowMs();
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
  for (const level of touchedLevels) store.emit(data.domain, "inventory_levels/update", buildInventoryLevelPayload(data, level));
  if (store.productUpdateOnInventoryChange) {
    for (const productId of touchedProducts) {
      const product = data.products.get(productId);
      if (!product) continue;
      product.updatedAt = now;
      store.emit(data.domain, "products/update", buildProductPayload(data, product));
    }
  }
  return applied;
}

// --- admin commands (the simulator's merchant side) ---------------------------------------------------------

export function setAvailable(store: StoreCore, shop: string, args: { variantId: string; locationId?: string; available: number }): unknown {
  const data = store.getShopData(shop);
  if (!Number.isInteger(args.available)) throw new SimulatorError("available must be an integer", 422);
  const { item, location } = resolveStockTarget(data, args.variantId, args.locationId);
  const current = data.findLevel(item, location.id)?.available ?? 0;
  applyInventoryChanges(store, data, [{ item, location, name: "available", delta: args.available - current }]);
  return buildInventoryLevelPayload(data, data.findLevel(item, location.id)!);
}

export function adjustAvailable(store: StoreCore, shop: string, args: { variantId: string; locationId?: string; delta: number }): unknown {
  const data = store.getShopData(shop);
  if (!Number.isInteger(args.delta)) throw new SimulatorError("delta must be an integer", 422);
  const { item, location } = resolveStockTarget(data, args.variantId, args.locationId);
  applyInventoryChanges(store, data, [{ item, location, name: "available", delta: args.delta }]);
  return buildInventoryLevelPayload(data, data.findLevel(item, location.id)!);
}

function resolveStockTarget(data: ShopData, variantId: string, locationId?: string): { item: InventoryItemRecord; location: LocationRecord } {
  const variant = requireVariant(data, variantId);
  const location = locationId ? resolveLocation(data, locationId) : data.primaryLocation();
  return { item: data.itemOf(variant), location };
}