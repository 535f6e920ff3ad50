// Lead time / review period overrides and the shop's service level (prisma/schema.prisma: ReorderSetting), one row
// per (scope, key): scope "shop" (key ""), "vendor" / "product_type" (the name as the merchant typed it) or
// "variant" (the variant gid). Validation lives in app/services/reorder-settings.server.ts.
import prisma from "#app/db.server";
import type { Db } from "./db";

export type ReorderScope = "shop" | "vendor" | "product_type" | "variant";
export const REORDER_SCOPES: readonly ReorderScope[] = ["shop", "vendor", "product_type", "variant"];

export type ReorderSettingRecord = {
  scope: ReorderScope;
  key: string;
  leadTimeDays: number | null;
  reviewPeriodDays: number | null;
  serviceLevel: number | null;
  updatedAt: Date;
};

/** Every override of the shop (a shop has a handful of vendors and types; variant overrides are few in practice). */
export async function listReorderSettings(shop: string, db: Db = prisma): Promise<ReorderSettingRecord[]> {
  const rows = await db.reorderSetting.findMany({ where: { shop }, orderBy: [{ scope: "asc" }, { key: "asc" }] });
  return rows.map(({ shop: _shop, ...row }) => ({ ...row, scope: row.scope as ReorderScope }));
}

export async function upsertReorderSetting(
  shop: string,
  row: { scope: ReorderScope; key: string; leadTimeDays: number | null; reviewPeriodDays: number | null; serviceLevel: number | null },
  db: Db = prisma,
): Promise<void> {
  const { scope, key, ...values } = row;
  await db.reorderSetting.upsert({ where: { shop_scope_key: { shop, scope, key } }, create: { shop, scope, key, ...values }, update: values });
}

export async function deleteReorderSetting(shop: string, scope: ReorderScope, key: string, db: Db = prisma): Promise<boolean> {
  return (await db.reorderSetting.deleteMany({ where: { shop, scope, key } })).count > 0;
}
