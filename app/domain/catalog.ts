// Catalog value types shared by the gateway (which maps Shopify's shapes to them), the catalog mirror (which
// stores them) and the services. Pure: no I/O, ids are Shopify GIDs as strings.

export type InventoryPolicy = "DENY" | "CONTINUE";

export type CatalogProduct = {
  id: string; // gid://shopify/Product/…
  title: string;
  handle: string;
  vendor: string | null;
  productType: string | null;
  tags: string[];
  status: string; // ACTIVE | DRAFT | ARCHIVED | …
  imageUrl: string | null;
  updatedAt: Date | null; // Shopify's updated_at
};

export type CatalogVariant = {
  id: string; // gid://shopify/ProductVariant/…
  productId: string;
  inventoryItemId: string | null; // gid://shopify/InventoryItem/…
  title: string;
  sku: string | null;
  price: string | null; // decimal string
  imageUrl: string | null;
  position: number;
  tracked: boolean | null; // null: unknown in this payload (keep what is stored)
  /** InventoryItem.unitCost.amount (decimal string), null when none; undefined: not in this payload (webhooks). */
  unitCost?: string | null;
  inventoryPolicy: InventoryPolicy;
  updatedAt: Date | null;
};

export type CatalogCollection = { id: string; title: string; handle: string | null };

export type CatalogInventoryLevel = {
  inventoryItemId: string;
  locationId: string;
  available: number;
  onHand: number | null;
  committed: number | null;
  updatedAt: Date | null;
};

export type StoreLocation = { id: string; name: string; isActive: boolean };

export function toInventoryPolicy(value: unknown): InventoryPolicy | null {
  if (typeof value !== "string") return null;
  const upper = value.toUpperCase();
  return upper === "DENY" || upper === "CONTINUE" ? upper : null;
}

/** Tags as the mirror stores them: joined the way Shopify's REST payloads carry them ("a, b"). */
export function joinTags(tags: readonly string[]): string {
  return tags.map((t) => t.trim()).filter(Boolean).join(", ");
}

export function splitTags(tags: string): string[] {
  return tags.split(",").map((t) => t.trim()).filter(Boolean);
}

/**
 * Whether an incoming change should replace what is stored: webhooks arrive out of order (and up to a day
 * late), so an event is applied only when it is strictly newer than the last applied one. An unknown stored
 * time accepts anything; an undated incoming change never overwrites a dated one.
 */
export function isNewerChange(incoming: Date | null, stored: Date | null): boolean {
  if (!stored) return true;
  if (!incoming) return false;
  return incoming.getTime() > stored.getTime();
}
