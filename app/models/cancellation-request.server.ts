// Persistence of shoppers' cancellation requests (CancellationRequest, one per ledger line) and the ledger-line
// facts their pages show (app/services/cancellation-requests.server.ts decides what a request may do). Writing
// BackorderLine.cancelRequestedAt here does not touch Variant.backorderState's inputs. Shop-scoped wherever the
// caller knows the shop (a token only names the line).
import type { CancellationRequest, Prisma } from "@prisma/client";
import prisma from "#app/db.server";
import type { Db } from "./db";

export type { CancellationRequest };

const tokenLineSelect = {
  id: true, shop: true, orderId: true, orderName: true, customerEmail: true, customerLocale: true, status: true, variantId: true,
  productTitle: true, variantTitle: true, quantityBackordered: true, quantityResolved: true,
} satisfies Prisma.BackorderLineSelect;

/** The ledger line a cancel-request token names (what its page needs). */
export type CancelRequestLine = Prisma.BackorderLineGetPayload<{ select: typeof tokenLineSelect }>;

export function findCancelRequestLine(lineId: string, db: Db = prisma): Promise<CancelRequestLine | null> {
  return db.backorderLine.findUnique({ where: { id: lineId }, select: tokenLineSelect });
}

export async function findLineStatus(lineId: string, db: Db = prisma): Promise<string | null> {
  const row = await db.backorderLine.findUnique({ where: { id: lineId }, select: { status: true } });
  return row?.status ?? null;
}

/** The catalog's product and variant titles of a variant; null when the variant or its product is gone. */
export async function findCatalogTitles(shop: string, variantId: string, db: Db = prisma): Promise<{ productTitle: string; variantTitle: string } | null> {
  const variant = await db.variant.findUnique({ where: { shop_id: { shop, id: variantId } }, select: { title: true, productId: true } });
  const product = variant ? await db.product.findUnique({ where: { shop_id: { shop, id: variant.productId } }, select: { title: true } }) : null;
  return variant && product ? { productTitle: product.title, variantTitle: variant.title } : null;
}

/** The status of the line's request, or null when none was made. */
export async function findRequestStatusForLine(shop: string, backorderLineId: string, db: Db = prisma): Promise<string | null> {
  const row = await db.cancellationRequest.findUnique({ where: { shop_backorderLineId: { shop, backorderLineId } }, select: { status: true } });
  return row?.status ?? null;
}

export type NewCancellationRequest = {
  shop: string;
  backorderLineId: string;
  orderId: string;
  orderName: string | null;
  customerEmail: string | null;
  reason: string | null;
  createdAt: Date;
};

/** Records the request and marks the line (its first request time is kept); pass a transaction to make both one. */
export async function createCancellationRequest(request: NewCancellationRequest, db: Db = prisma): Promise<void> {
  await db.cancellationRequest.create({ data: request });
  await db.backorderLine.updateMany({
    where: { id: request.backorderLineId, cancelRequestedAt: null },
    data: { cancelRequestedAt: request.createdAt },
  });
}

/** The newest requests of a shop (optionally of one status) and the count per status. */
export async function listCancellationRequestsPage(
  shop: string,
  options: { status: string | null; take: number },
  db: Db = prisma,
): Promise<{ requests: CancellationRequest[]; countByStatus: Map<string, number> }> {
  const [requests, grouped] = await Promise.all([
    db.cancellationRequest.findMany({
      where: { shop, ...(options.status ? { status: options.status } : {}) },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: options.take,
    }),
    db.cancellationRequest.groupBy({ by: ["status"], where: { shop }, _count: { _all: true } }),
  ]);
  return { requests, countByStatus: new Map(grouped.map((group) => [group.status, group._count._all])) };
}

export type RequestedLine = {
  id: string;
  productTitle: string | null;
  variantTitle: string | null;
  quantityBackordered: number;
  quantityResolved: number;
  status: string;
  variantId: string;
};

/** The ledger lines the requests are about (lines deleted since are simply missing). */
export function listRequestedLines(shop: string, lineIds: readonly string[], db: Db = prisma): Promise<RequestedLine[]> {
  return db.backorderLine.findMany({
    where: { shop, id: { in: [...lineIds] } },
    select: { id: true, productTitle: true, variantTitle: true, quantityBackordered: true, quantityResolved: true, status: true, variantId: true },
  });
}

export function findCancellationRequest(shop: string, id: string, db: Db = prisma): Promise<CancellationRequest | null> {
  return db.cancellationRequest.findFirst({ where: { id, shop } });
}

export async function findCancellationRequestStatus(shop: string, id: string, db: Db = prisma): Promise<string | null> {
  const row = await db.cancellationRequest.findFirst({ where: { id, shop }, select: { status: true } });
  return row?.status ?? null;
}

/** Records the decision if the request is still "requested"; false when it was decided already (or is gone). */
export async function decidePendingRequest(
  shop: string,
  id: string,
  decision: { status: string; resolvedAt: Date; resolvedBy: string },
  db: Db = prisma,
): Promise<boolean> {
  const { count } = await db.cancellationRequest.updateMany({ where: { id, shop, status: "requested" }, data: decision });
  return count > 0;
}
