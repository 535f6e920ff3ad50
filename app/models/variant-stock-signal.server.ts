// The last applied stock signal per variant (VariantStockSignal), which restock detection compares the mirror with
// (app/services/restock-detection.server.ts).
import type { VariantStockSignal } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

export type { VariantStockSignal };

export function loadStockSignals(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<VariantStockSignal[]> {
  return db.variantStockSignal.findMany({ where: { shop, variantId: { in: [...variantIds] } } });
}

export async function saveStockSignal(
  shop: string,
  variantId: string,
  signal: { purchasable: boolean; available: number; eventAt: Date },
  db: Db = prisma,
): Promise<void> {
  await db.variantStockSignal.upsert({
    where: { shop_variantId: { shop, variantId } },
    create: { shop, variantId, ...signal },
    update: signal,
  });
}
