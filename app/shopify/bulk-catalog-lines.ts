// Classifies and maps the lines of the catalog bulk export (CATALOG_BULK_QUERY, ungrouped JSONL) to domain
// rows. One JSON object per line; the line's kind is the GID type of its `id`, and nested connection nodes
// name their parent in `__parentId`:
//   Product                                     → product row
//   ProductVariant   (__parentId = product)     → variant row (inventory item id/tracked from inventoryItem)
//   Collection       (__parentId = product)     → collection row + product↔collection link
//   InventoryLevel   (__parentId = VARIANT: inventoryItem is not a connection, so the nearest connection node
//                    is the variant) → level row; its inventory item comes from `item { id }` on the line,
//                    else (older exports) the importer resolves it from the variant.
// Pure: no I/O.

import { gidType, parseGid } from "./gid";
import {
  toInventoryPolicy,
  type CatalogCollection,
  type CatalogInventoryLevel,
  type CatalogProduct,
  type CatalogVariant,
} from "#app/domain/catalog";
import { isRecord } from "#app/domain/is-record";

export type CatalogLine =
  | { kind: "product"; product: CatalogProduct }
  | { kind: "variant"; variant: CatalogVariant }
  | { kind: "collection"; productId: string; collection: CatalogCollection }
  | {
      kind: "inventoryLevel";
      variantId: string;
      inventoryItemId: string | null; // null: resolve through the variant
      level: Omit<CatalogInventoryLevel, "inventoryItemId">;
    }
  | { kind: "skip"; reason: string };

function str(value: unknown): string | null {
  return typeof value === "string" ? value : null;
}

function date(value: unknown): Date | null {
  if (typeof value !== "string") return null;
  const parsed = new Date(value);
  return Number.isNaN(parsed.getTime()) ? null : parsed;
}

function int(value: unknown): number | null {
  if (typeof value === "number" && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === "string" && /^-?\d+$/.test(value)) return Number(value);
  return null;
}

function nestedUrl(value: unknown, ...path: string[]): string | null {
  let current: unknown = value;
  for (const key of path) {
    if (!isRecord(current)) return null;
    current = current[key];
  }
  return str(current);
}

/** MoneyV2.amount as a decimal string ("12.5"), or null when there is no (parsable) amount. */
function moneyAmount(value: unknown): string | null {
  if (!isRecord(value)) return null;
  const amount = typeof value.amount === "number" ? String(value.amount) : str(value.amount);
  return amount !== null && /^\d+(\.\d+)?$/.test(amount) ? amount : null;
}

export function classifyCatalogLine(line: unknown): CatalogLine {
  if (!isRecord(line)) return { kind: "skip", reason: "not an object" };
  const id = str(line.id);
  const type = gidType(id);
  const parentId = str(line.__parentId);
  if (!id || !type) return { kind: "skip", reason: "no GID id" };

  switch (type) {
    case "Product": {
      const title = str(line.title);
      const handle = str(line.handle);
      if (title === null || handle === null) return { kind: "skip", reason: `product ${id} without title/handle` };
      return {
        kind: "product",
        product: {
          id,
          title,
          handle,
          vendor: str(line.vendor),
          productType: str(line.productType),
          tags: Array.isArray(line.tags) ? line.tags.filter((t): t is string => typeof t === "string") : [],
          status: str(line.status) ?? "ACTIVE",
          imageUrl: nestedUrl(line.featuredMedia, "preview", "image", "url"),
          updatedAt: date(line.updatedAt),
        },
      };
    }
    case "ProductVariant": {
      if (gidType(parentId) !== "Product") return { kind: "skip", reason: `variant ${id} without product parent` };
      const item = isRecord(line.inventoryItem) ? line.inventoryItem : null;
      return {
        kind: "variant",
        variant: {
          id,
          productId: parentId!,
          inventoryItemId: item ? str(item.id) : null,
          title: str(line.title) ?? "",
          sku: str(line.sku) || null,
          price: str(line.price) ?? (typeof line.price === "number" ? String(line.price) : null),
          imageUrl: nestedUrl(line.image, "url"),
          position: int(line.position) ?? 1,
          tracked: item && typeof item.tracked === "boolean" ? item.tracked : null,
          unitCost: item ? moneyAmount(item.unitCost) : null,
          inventoryPolicy: toInventoryPolicy(line.inventoryPolicy) ?? "DENY",
          updatedAt: date(line.updatedAt),
        },
      };
    }
    case "Collection": {
      if (gidType(parentId) !== "Product") return { kind: "skip", reason: `collection ${id} without product parent` };
      return {
        kind: "collection",
        productId: parentId!,
        collection: { id, title: str(line.title) ?? "", handle: str(line.handle) },
      };
    }
    case "InventoryLevel": {
      if (gidType(parentId) !== "ProductVariant") return { kind: "skip", reason: `level ${id} without variant parent` };
      const locationId = isRecord(line.location) ? str(line.location.id) : null;
      if (!locationId) return { kind: "skip", reason: `level ${id} without location` };
      const quantities = new Map<string, number>();
      if (Array.isArray(line.quantities)) {
        for (const q of line.quantities) {
          if (!isRecord(q)) continue;
          const name = str(q.name);
          const quantity = int(q.quantity);
          if (name !== null && quantity !== null) quantities.set(name, quantity);
        }
      }
      // Inventory item: `item { id }`, else the inventory_item_id carried by the InventoryLevel GID itself.
      const fromItem = isRecord(line.item) ? str(line.item.id) : null;
      const fromGid = parseGid(id)?.params.get("inventory_item_id");
      const inventoryItemId = fromItem ?? (fromGid && /^\d+$/.test(fromGid) ? `gid://shopify/InventoryItem/${fromGid}` : null);
      return {
        kind: "inventoryLevel",
        variantId: parentId!,
        inventoryItemId,
        level: {
          locationId,
          available: quantities.get("available") ?? 0,
          onHand: quantities.get("on_hand") ?? null,
          committed: quantities.get("committed") ?? null,
          updatedAt: date(line.updatedAt),
        },
      };
    }
    default:
      return { kind: "skip", reason: `unexpected ${type} line` };
  }
}
