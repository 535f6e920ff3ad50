// The order-ledger reads (BackorderLine) that order emails need and app/models/order-ledger.server.ts (the ledger's
// query module, which also has the order and open-line-count reads the emails use) does not offer yet. Read-only.
// Shop-scoped.
import prisma from "#app/db.server";
import type { Db } from "./db";
import type { LedgerLineRow } from "./order-ledger.server";

/** The order's open lines, oldest first. */
export function listOpenLedgerLines(shop: string, orderId: string, db: Db = prisma): Promise<LedgerLineRow[]> {
  return db.backorderLine.findMany({ where: { shop, orderId, status: "open" }, orderBy: { createdAt: "asc" } });
}

export function findLedgerLine(shop: string, id: string, db: Db = prisma): Promise<LedgerLineRow | null> {
  return db.backorderLine.findFirst({ where: { id, shop } });
}
