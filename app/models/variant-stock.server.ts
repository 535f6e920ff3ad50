// A variant's stock as the mirror holds it, for the order ledger: tracking, policy and per-location levels (what an
// order took from where), and the shop's active locations.
import prisma from "#app/db.server";
import type { InventoryPolicy } from "#app/domain/types";
import type { Db } from "./db";

export type VariantStock = {
  id: string;
  tracked: boolean;
  inventoryPolicy: InventoryPolicy;
  inventoryItemId: string | null;
  availableTotal: number;
  /** shopifyUpdatedAt: when Shopify last reported the level (the stock clock). */
  levels: Array<{ locationId: string; available: number; shopifyUpdatedAt: Date | null }>;
};

/** The variants' stock with their levels per location; unknown ids are absent. */
export async function loadVariantStock(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<VariantStock[]> {
  const variants = await db.variant.findMany({
    where: { shop, id: { in: [...new Set(variantIds)] } },
    select: { id: true, tracked: true, inventoryPolicy: true, inventoryItemId: true, availableTotal: true },
  });
  const itemIds = variants.map((v) => v.inventoryItemId).filter((id): id is string => !!id);
  const levels = itemIds.length
    ? await db.inventoryLevel.findMany({ where: { shop, inventoryItemId: { in: itemIds } }, select: { inventoryItemId: true, locationId: true, available: true, shopifyUpdatedAt: true } })
    : [];
  return variants.map((v) => ({
    ...v,
    inventoryPolicy: v.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
    levels: levels.filter((l) => l.inventoryItemId === v.inventoryItemId).map(({ locationId, available, shopifyUpdatedAt }) => ({ locationId, available, shopifyUpdatedAt })),
  }));
}

export async function listActiveLocationIds(shop: string, db: Db = prisma): Promise<string[]> {
  const rows = await db.location.findMany({ where: { shop, isActive: true }, select: { id: true } });
  return rows.map((row) => row.id);
}
