// Persistence of the order ledger: BackorderLine (one per backordered order line) and BackorderOrder (one per order
// with such lines). The decisions — which lines are backordered, how a line resolves, where arrived stock goes —
// are app/services/order-ledger.server.ts's (with app/domain/ledger.ts); this module only reads and writes rows.
// A line's open units are an input of Variant.backorderState, so every writer that creates a line or changes its
// status or resolved quantity re-derives the stored state of the variants it touched, with the same client.
// Every function takes `shop` and puts it in every `where`.

import type { Prisma } from "@prisma/client";
import type { Db } from "./db";
import prisma from "#app/db.server";
import { refreshStoredBackorderStates } from "./backorder-state.server";

export type LedgerLineRow = Prisma.BackorderLineGetPayload<object>;
export type LedgerOrderRow = Prisma.BackorderOrderGetPayload<object>;

/** The order-level columns written when an order's lines are recorded (or its cancellation is known first). */
export type LedgerOrderValues = {
  orderName: string | null;
  customerEmail: string | null;
  customerLocale: string | null;
  currencyCode: string | null;
  orderedAt: Date;
  cancelledAt: Date | null;
  status: "open" | "closed";
  shopifyUpdatedAt: Date | null;
};

/** A new ledger line (the row's other columns keep their defaults). */
export type NewLedgerLine = Omit<Prisma.BackorderLineCreateManyInput, "shop" | "orderId" | "id" | "createdAt" | "updatedAt"> & {
  variantId: string;
};

/** A line's new resolution. */
export type LineResolutionUpdate = {
  id: string;
  variantId: string;
  status: string;
  quantityResolved: number;
  quantityAllocated: number;
  resolvedAt: Date | null;
};

/** True when the order already has ledger lines (orders/create was recorded). */
export async function hasLedgerLines(shop: string, orderId: string, db: Db = prisma): Promise<boolean> {
  return !!(await db.backorderLine.findFirst({ where: { shop, orderId }, select: { id: true } }));
}

/** True when the order has a line that a fulfilment or refund can still change (open, or reduced by an edit). */
export async function hasChangeableLines(shop: string, orderId: string, db: Db = prisma): Promise<boolean> {
  return !!(await db.backorderLine.findFirst({ where: { shop, orderId, status: { in: ["open", "removed"] } }, select: { id: true } }));
}

export async function findLedgerOrder(shop: string, orderId: string, db: Db = prisma): Promise<LedgerOrderRow | null> {
  return db.backorderOrder.findUnique({ where: { shop_orderId: { shop, orderId } } });
}

export async function listOrderLines(shop: string, orderId: string, db: Db = prisma): Promise<LedgerLineRow[]> {
  return db.backorderLine.findMany({ where: { shop, orderId } });
}

export async function countOpenOrderLines(shop: string, orderId: string, db: Db = prisma): Promise<number> {
  return db.backorderLine.count({ where: { shop, orderId, status: "open" } });
}

/** Records an order's backordered lines and its BackorderOrder row (created, or updated when a cancel came first). */
export async function recordOrderLines(
  shop: string,
  orderId: string,
  input: { order: LedgerOrderValues; lines: readonly NewLedgerLine[] },
  db: Db = prisma,
): Promise<void> {
  for (const line of input.lines) await db.backorderLine.create({ data: { shop, orderId, ...line } });
  await db.backorderOrder.upsert({
    where: { shop_orderId: { shop, orderId } },
    create: { shop, orderId, ...input.order },
    update: input.order,
  });
  await refreshStoredBackorderStates(shop, input.lines.map((l) => l.variantId), db);
}

/** An order whose cancellation arrived before its creation: a closed row, so the late create records nothing owed. */
export async function createCancelledLedgerOrder(shop: string, orderId: string, order: LedgerOrderValues, db: Db = prisma): Promise<void> {
  await db.backorderOrder.create({ data: { shop, orderId, ...order } });
}

/** Writes lines' new resolutions (status, resolved and allocated units). */
export async function updateLineResolutions(shop: string, updates: readonly LineResolutionUpdate[], db: Db = prisma): Promise<void> {
  if (!updates.length) return;
  for (const u of updates) {
    await db.backorderLine.update({
      where: { id: u.id, shop },
      data: { status: u.status, quantityResolved: u.quantityResolved, quantityAllocated: u.quantityAllocated, resolvedAt: u.resolvedAt },
    });
  }
  await refreshStoredBackorderStates(shop, updates.map((u) => u.variantId), db);
}

export async function updateLedgerOrder(
  shop: string,
  orderId: string,
  data: { status: "open" | "closed"; cancelledAt: Date | null; shopifyUpdatedAt?: Date | null },
  db: Db = prisma,
): Promise<void> {
  await db.backorderOrder.updateMany({ where: { shop, orderId }, data });
}

/** Open lines of some variants, with what reallocation needs. */
export async function listOpenLinesOfVariants(shop: string, variantIds: readonly string[], db: Db = prisma) {
  return db.backorderLine.findMany({
    where: { shop, variantId: { in: [...variantIds] }, status: "open" },
    select: { id: true, orderId: true, variantId: true, locationId: true, orderedAt: true, quantityBackordered: true, quantityResolved: true, quantityAllocated: true },
  });
}

/** Stores lines' allocated units (not an input of the stored state: what is owed does not change). */
export async function writeLineAllocations(shop: string, updates: ReadonlyArray<{ id: string; quantityAllocated: number }>, db: Db = prisma): Promise<void> {
  for (const u of updates) await db.backorderLine.update({ where: { id: u.id, shop }, data: { quantityAllocated: u.quantityAllocated } });
}

/** Open orders, least recently checked first (BackorderOrder.updatedAt is touched by each check). */
export async function listOpenOrdersToCheck(shop: string, take: number, db: Db = prisma): Promise<string[]> {
  const rows = await db.backorderOrder.findMany({ where: { shop, status: "open" }, orderBy: { updatedAt: "asc" }, take, select: { orderId: true } });
  return rows.map((r) => r.orderId);
}

export async function markOrderChecked(shop: string, orderId: string, now: Date, db: Db = prisma): Promise<void> {
  await db.backorderOrder.updateMany({ where: { shop, orderId }, data: { updatedAt: now } });
}

/** Variants with open lines on any of these orders. */
export async function listOpenLineVariantIds(shop: string, orderIds: readonly string[], db: Db = prisma): Promise<string[]> {
  const rows = await db.backorderLine.findMany({ where: { shop, orderId: { in: [...orderIds] }, status: "open" }, select: { variantId: true }, distinct: ["variantId"] });
  return rows.map((r) => r.variantId);
}
