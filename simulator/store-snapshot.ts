import { buildOrderPayload, buildProductPayload } from "./payloads";
import { toGid } from "./records";
import type { StoreCore } from "./store-core";
import { listValidations } from "./validations";

// A shop's whole state in webhook-payload shape, for tests and the simulator's admin pages.

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

export type ValidationSnapshot = { id: string; title: string; enabled: boolean; blockOnFailure: boolean; functionId: string };

export type StoreSnapshot = {
  products: unknown[];
  variants: VariantSnapshot[];
  locations: Array<{ id: string; name: string }>;
  orders: unknown[];
  validations: ValidationSnapshot[];
};

export function snapshot(store: StoreCore, shop: string): StoreSnapshot {
  const data = store.getShopData(shop);
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
    validations: listValidations(data).map((v) => ({ id: toGid("Validation", v.id), title: v.title, enabled: v.enabled, blockOnFailure: v.blockOnFailure, functionId: v.functionId })),
  };
}
