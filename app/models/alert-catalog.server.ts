// Reads of the catalog mirror and the shop (Shop, Product, Variant, VariantBackorder) for restock alerts, their
// signup, their emails and the merchant's waitlist. Read-only: the mirror is written by catalog-mirror.server.ts,
// backorder settings by variant-backorder.server.ts. Shop-scoped in every query.
import type { Product, Variant } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

export type { Product, Variant };

export type RestockStockRows = {
  variants: Array<{ id: string; productId: string; tracked: boolean; availableTotal: number }>;
  productStatusOf: Map<string, string>;
  backorderOf: Map<string, { discontinued: boolean; pauseAlerts: boolean }>;
};

/** The stock facts of the given variants: the variant, its product's status, its backorder flags. */
export async function loadRestockStockRows(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<RestockStockRows> {
  const ids = [...variantIds];
  const variants = await db.variant.findMany({
    where: { shop, id: { in: ids } },
    select: { id: true, productId: true, tracked: true, availableTotal: true },
  });
  const [products, backorders] = await Promise.all([
    db.product.findMany({ where: { shop, id: { in: [...new Set(variants.map((v) => v.productId))] } }, select: { id: true, status: true } }),
    db.variantBackorder.findMany({ where: { shop, variantId: { in: ids } }, select: { variantId: true, discontinued: true, pauseAlerts: true } }),
  ]);
  return {
    variants,
    productStatusOf: new Map(products.map((p) => [p.id, p.status])),
    backorderOf: new Map(backorders.map((b) => [b.variantId, b])),
  };
}

/** The shop's name and currency (null when the shop row is missing). */
export function findShopIdentity(shop: string, db: Db = prisma): Promise<{ name: string | null; currencyCode: string | null } | null> {
  return db.shop.findUnique({ where: { shop }, select: { name: true, currencyCode: true } });
}

export function findProductAndVariant(
  shop: string,
  ids: { productId: string; variantId: string },
  db: Db = prisma,
): Promise<[Product | null, Variant | null]> {
  return Promise.all([
    db.product.findUnique({ where: { shop_id: { shop, id: ids.productId } } }),
    db.variant.findUnique({ where: { shop_id: { shop, id: ids.variantId } } }),
  ]);
}

export function findProductAndVariantTitles(
  shop: string,
  ids: { productId: string; variantId: string },
  db: Db = prisma,
): Promise<[{ title: string } | null, { title: string } | null]> {
  return Promise.all([
    db.product.findUnique({ where: { shop_id: { shop, id: ids.productId } }, select: { title: true } }),
    db.variant.findUnique({ where: { shop_id: { shop, id: ids.variantId } }, select: { title: true } }),
  ]);
}

export function findSignupVariant(
  shop: string,
  variantId: string,
  db: Db = prisma,
): Promise<{ id: string; productId: string; backorderState: string } | null> {
  return db.variant.findUnique({ where: { shop_id: { shop, id: variantId } }, select: { id: true, productId: true, backorderState: true } });
}

export function findProductStatus(shop: string, productId: string, db: Db = prisma): Promise<{ status: string } | null> {
  return db.product.findUnique({ where: { shop_id: { shop, id: productId } }, select: { status: true } });
}

export function listVariantTitles(
  shop: string,
  variantIds: readonly string[],
  db: Db = prisma,
): Promise<Array<{ id: string; title: string; productId: string }>> {
  return db.variant.findMany({ where: { shop, id: { in: [...variantIds] } }, select: { id: true, title: true, productId: true } });
}

export function listProductTitles(shop: string, productIds: readonly string[], db: Db = prisma): Promise<Array<{ id: string; title: string }>> {
  return db.product.findMany({ where: { shop, id: { in: [...productIds] } }, select: { id: true, title: true } });
}

export type WaitlistVariantRow = {
  id: string;
  productId: string;
  title: string;
  sku: string | null;
  imageUrl: string | null;
  backorderState: string;
  availableTotal: number;
  product: { id: string; title: string; imageUrl: string | null } | null;
};

/** The waitlist's view of the given variants (with their products), and which of them have alerts paused. */
export async function loadWaitlistVariants(
  shop: string,
  variantIds: readonly string[],
  db: Db = prisma,
): Promise<{ variants: Map<string, WaitlistVariantRow>; paused: Set<string> }> {
  const ids = [...variantIds];
  const [variants, backorders] = await Promise.all([
    db.variant.findMany({
      where: { shop, id: { in: ids } },
      select: { id: true, productId: true, title: true, sku: true, imageUrl: true, backorderState: true, availableTotal: true },
    }),
    db.variantBackorder.findMany({ where: { shop, variantId: { in: ids } }, select: { variantId: true, pauseAlerts: true } }),
  ]);
  const products = await db.product.findMany({
    where: { shop, id: { in: [...new Set(variants.map((v) => v.productId))] } },
    select: { id: true, title: true, imageUrl: true },
  });
  const productById = new Map(products.map((p) => [p.id, p]));
  return {
    variants: new Map(variants.map((v) => [v.id, { ...v, product: productById.get(v.productId) ?? null }])),
    paused: new Set(backorders.filter((b) => b.pauseAlerts).map((b) => b.variantId)),
  };
}
