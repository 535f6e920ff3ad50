// Reads of the order ledger (BackorderOrder, BackorderLine) that order emails are rendered from and re-checked
// against before sending. Read-only: the ledger is written by the order-ledger service. Shop-scoped.
import type { BackorderLine } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

export type { BackorderLine };

export function findLedgerOrder(
  shop: string,
  orderId: string,
  db: Db = prisma,
): Promise<{ orderName: string | null; cancelledAt: Date | null } | null> {
  return db.backorderOrder.findUnique({ where: { shop_orderId: { shop, orderId } }, select: { orderName: true, cancelledAt: true } });
}

export function countOpenLedgerLines(shop: string, orderId: string, db: Db = prisma): Promise<number> {
  return db.backorderLine.count({ where: { shop, orderId, status: "open" } });
}

/** The order's open lines, oldest first. */
export function listOpenLedgerLines(shop: string, orderId: string, db: Db = prisma): Promise<BackorderLine[]> {
  return db.backorderLine.findMany({ where: { shop, orderId, status: "open" }, orderBy: { createdAt: "asc" } });
}

export function findLedgerLine(shop: string, id: string, db: Db = prisma): Promise<BackorderLine | null> {
  return db.backorderLine.findFirst({ where: { id, shop } });
}
