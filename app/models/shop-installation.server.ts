// The shop's installation: whether the app is installed, and the scopes its offline session holds.
import prisma from "../db.server";
import type { Db } from "./db";

/** Installed = a Shop row that no uninstall has marked. Periodic job chains end when this turns false. */
export async function isShopInstalled(shop: string, db: Db = prisma): Promise<boolean> {
  const row = await db.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  return !!row && row.uninstalledAt === null;
}

/** app/scopes_update: the sessions keep the scopes Shopify now grants (the library compares them on each request). */
export async function recordGrantedScopes(shop: string, scopes: readonly string[], db: Db = prisma): Promise<void> {
  await db.session.updateMany({ where: { shop }, data: { scope: scopes.join(",") } });
}
