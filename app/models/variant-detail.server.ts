// The variant detail page's reads from the local mirror: the variant with its product and stock levels, the open
// order lines holding its backordered units, its waitlist counts, and location names. Shop-scoped in every query.
import prisma from "#app/db.server";
import type { Db } from "./db";

export type DetailVariantRow = NonNullable<Awaited<ReturnType<typeof findDetailVariant>>>;

/** The mirrored variant, or null when it is not in this shop's mirror. */
export function findDetailVariant(shop: string, variantId: string, db: Db = prisma) {
  return db.variant.findUnique({ where: { shop_id: { shop, id: variantId } } });
}

export function findDetailProduct(shop: string, productId: string, db: Db = prisma) {
  return db.product.findUnique({ where: { shop_id: { shop, id: productId } } });
}

/** The stock levels of an inventory item per location (none for a variant without one). */
export async function listInventoryLevels(shop: string, inventoryItemId: string | null, db: Db = prisma) {
  return inventoryItemId ? db.inventoryLevel.findMany({ where: { shop, inventoryItemId } }) : [];
}

/** The oldest open order lines of the variant (up to `take`), and how many are open in all. */
export async function listOpenVariantLines(shop: string, variantId: string, take: number, db: Db = prisma) {
  const where = { shop, variantId, status: "open" };
  const [lines, count] = await Promise.all([
    db.backorderLine.findMany({ where, orderBy: [{ orderedAt: "asc" }, { id: "asc" }], take }),
    db.backorderLine.count({ where }),
  ]);
  return { lines, count };
}

/** Waitlist subscriptions of the variant per status, for the given statuses (a status without any is absent). */
export async function countVariantWaitlist(shop: string, variantId: string, statuses: readonly string[], db: Db = prisma): Promise<Map<string, number>> {
  const rows = await db.restockSubscription.groupBy({
    by: ["status"],
    where: { shop, variantId, status: { in: [...statuses] } },
    _count: { _all: true },
  });
  return new Map(rows.map((row) => [row.status, row._count._all]));
}

/** Names of the given locations of a shop, by id. */
export async function loadLocationNames(shop: string, ids: readonly string[], db: Db = prisma): Promise<Map<string, string>> {
  if (!ids.length) return new Map();
  const rows = await db.location.findMany({ where: { shop, id: { in: [...new Set(ids)] } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}
