// One customer's rows in one shop, for the privacy webhooks (app/services/compliance.server.ts decides which rows
// are theirs): the lookups by id, customer id and order, pages of stored addresses and job payloads to match
// against, the rows an export shows, and the redaction's writes. Shop-scoped in every query.
import prisma from "#app/db.server";
import type { Db } from "./db";
import { REDACTED_JOB_PAYLOAD } from "./job.server";

/** A page of rows that hold an address (or a payload), in id order, after `after`. */
export type StoredTextPage = (after: string | null) => Promise<Array<{ id: string; text: string | null }>>;

const afterId = (after: string | null) => (after ? { id: { gt: after } } : {});

export function listOrderLinesOfOrders(shop: string, orderIds: readonly string[], db: Db = prisma) {
  return db.backorderLine.findMany({ where: { shop, orderId: { in: [...orderIds] } }, select: { id: true, customerEmail: true } });
}

export function lineEmailPages(shop: string, take: number, db: Db = prisma): StoredTextPage {
  return async (after) =>
    (
      await db.backorderLine.findMany({ where: { shop, customerEmail: { not: null }, ...afterId(after) }, select: { id: true, customerEmail: true }, orderBy: { id: "asc" }, take })
    ).map((row) => ({ id: row.id, text: row.customerEmail }));
}

/** Pages of order ids (`id` is the order id) with their address. */
export function orderEmailPages(shop: string, take: number, db: Db = prisma): StoredTextPage {
  return async (after) =>
    (
      await db.backorderOrder.findMany({
        where: { shop, customerEmail: { not: null }, ...(after ? { orderId: { gt: after } } : {}) },
        select: { orderId: true, customerEmail: true },
        orderBy: { orderId: "asc" },
        take,
      })
    ).map((row) => ({ id: row.orderId, text: row.customerEmail }));
}

export function messageEmailPages(shop: string, take: number, db: Db = prisma): StoredTextPage {
  return async (after) =>
    (await db.emailMessage.findMany({ where: { shop, ...afterId(after) }, select: { id: true, toEmail: true }, orderBy: { id: "asc" }, take })).map((row) => ({
      id: row.id,
      text: row.toEmail,
    }));
}

export function cancellationEmailPages(shop: string, take: number, db: Db = prisma): StoredTextPage {
  return async (after) =>
    (
      await db.cancellationRequest.findMany({ where: { shop, customerEmail: { not: null }, ...afterId(after) }, select: { id: true, customerEmail: true }, orderBy: { id: "asc" }, take })
    ).map((row) => ({ id: row.id, text: row.customerEmail }));
}

/** Pages of the payloads of the shop's jobs in the given statuses. */
export function jobPayloadPages(shop: string, statuses: readonly string[], take: number, db: Db = prisma): StoredTextPage {
  return async (after) =>
    (await db.job.findMany({ where: { shop, status: { in: [...statuses] }, ...afterId(after) }, select: { id: true, payload: true }, orderBy: { id: "asc" }, take })).map(
      (row) => ({ id: row.id, text: row.payload }),
    );
}

/** Ids of subscriptions with one of the normalised addresses or customer ids (none when both are empty). */
export async function findSubscriptionIds(shop: string, match: { emails: readonly string[]; customerIds: readonly string[] }, db: Db = prisma): Promise<string[]> {
  const or: Array<Record<string, unknown>> = [];
  if (match.emails.length) or.push({ emailNormalized: { in: [...match.emails] } });
  if (match.customerIds.length) or.push({ customerId: { in: [...match.customerIds] } });
  if (!or.length) return [];
  return (await db.restockSubscription.findMany({ where: { shop, OR: or }, select: { id: true } })).map((row) => row.id);
}

export async function listMessageIdsOfSubscriptions(shop: string, subscriptionIds: readonly string[], db: Db = prisma): Promise<string[]> {
  if (!subscriptionIds.length) return [];
  return (await db.emailMessage.findMany({ where: { shop, subscriptionId: { in: [...subscriptionIds] } }, select: { id: true } })).map((row) => row.id);
}

/** Ids of cancellation requests of the given order lines or orders. */
export async function findCancellationIds(shop: string, of: { lineIds: readonly string[]; orderIds: readonly string[] }, db: Db = prisma): Promise<string[]> {
  if (!of.lineIds.length && !of.orderIds.length) return [];
  return (
    await db.cancellationRequest.findMany({
      where: { shop, OR: [{ backorderLineId: { in: [...of.lineIds] } }, { orderId: { in: [...of.orderIds] } }] },
      select: { id: true },
    })
  ).map((row) => row.id);
}

/** Ids of data-request exports made for one of the addresses (as stored) or customer ids. */
export async function findExportIds(shop: string, match: { emails: readonly string[]; customerIds: readonly string[] }, db: Db = prisma): Promise<string[]> {
  const or: Array<Record<string, unknown>> = [];
  if (match.emails.length) or.push({ customerEmail: { in: [...match.emails] } });
  if (match.customerIds.length) or.push({ customerId: { in: [...match.customerIds] } });
  if (!or.length) return [];
  return (await db.complianceExport.findMany({ where: { shop, OR: or }, select: { id: true } })).map((row) => row.id);
}

/** The rows an export shows, by id, each list oldest first; with the names of their variants and products. */
export async function loadCustomerRows(
  shop: string,
  ids: { subscriptionIds: readonly string[]; messageIds: readonly string[]; lineIds: readonly string[]; cancellationIds: readonly string[] },
  db: Db = prisma,
) {
  const [subscriptions, messages, lines, cancellations] = await Promise.all([
    db.restockSubscription.findMany({ where: { shop, id: { in: [...ids.subscriptionIds] } }, orderBy: { createdAt: "asc" } }),
    db.emailMessage.findMany({ where: { shop, id: { in: [...ids.messageIds] } }, orderBy: { createdAt: "asc" } }),
    db.backorderLine.findMany({ where: { shop, id: { in: [...ids.lineIds] } }, orderBy: { orderedAt: "asc" } }),
    db.cancellationRequest.findMany({ where: { shop, id: { in: [...ids.cancellationIds] } }, orderBy: { createdAt: "asc" } }),
  ]);
  const variantIds = [...new Set([...subscriptions.map((s) => s.variantId), ...lines.map((l) => l.variantId)])];
  const variants = variantIds.length
    ? await db.variant.findMany({ where: { shop, id: { in: variantIds } }, select: { id: true, title: true, productId: true } })
    : [];
  const productIds = [...new Set(variants.map((v) => v.productId))];
  const products = productIds.length ? await db.product.findMany({ where: { shop, id: { in: productIds } }, select: { id: true, title: true } }) : [];
  return { subscriptions, messages, lines, cancellations, variants, products };
}

export type CustomerRowIds = {
  subscriptionIds: readonly string[];
  messageIds: readonly string[];
  lineIds: readonly string[];
  orderIds: readonly string[];
  cancellationIds: readonly string[];
  exportIds: readonly string[];
  jobIds: readonly string[];
};

/**
 * The redaction's writes: the queued sends of the messages and the messages, the subscriptions and exports go;
 * the address leaves order lines and orders, the address and reason leave cancellation requests, and the jobs'
 * payloads are replaced by REDACTED_JOB_PAYLOAD. Pass the transaction the rows were found in.
 */
export async function redactCustomerRows(shop: string, ids: CustomerRowIds, db: Db = prisma) {
  const jobs = ids.messageIds.length
    ? await db.job.deleteMany({ where: { shop, status: "queued", idempotencyKey: { in: ids.messageIds.map((id) => `email:${id}`) } } })
    : { count: 0 };
  const emails = await db.emailMessage.deleteMany({ where: { shop, id: { in: [...ids.messageIds] } } });
  const subscriptions = await db.restockSubscription.deleteMany({ where: { shop, id: { in: [...ids.subscriptionIds] } } });
  const exports = await db.complianceExport.deleteMany({ where: { shop, id: { in: [...ids.exportIds] } } });
  const lines = await db.backorderLine.updateMany({ where: { shop, id: { in: [...ids.lineIds] } }, data: { customerEmail: null } });
  await db.backorderOrder.updateMany({ where: { shop, orderId: { in: [...ids.orderIds] } }, data: { customerEmail: null } });
  const cancellations = await db.cancellationRequest.updateMany({ where: { shop, id: { in: [...ids.cancellationIds] } }, data: { customerEmail: null, reason: null } });
  const payloads = await db.job.updateMany({ where: { shop, id: { in: [...ids.jobIds] } }, data: { payload: REDACTED_JOB_PAYLOAD } });
  return {
    subscriptions: subscriptions.count,
    emails: emails.count,
    exports: exports.count,
    jobs: jobs.count,
    lines: lines.count,
    cancellations: cancellations.count,
    payloads: payloads.count,
  };
}

export async function loadJobCreatedAt(jobId: string, db: Db = prisma): Promise<Date | null> {
  return (await db.job.findUnique({ where: { id: jobId }, select: { createdAt: true } }))?.createdAt ?? null;
}

/** How many of the given jobs are not email sends (idempotency key `email:…`). */
export async function countJobsOtherThanEmailSends(shop: string, jobIds: readonly string[], db: Db = prisma): Promise<number> {
  if (!jobIds.length) return 0;
  return db.job.count({ where: { shop, id: { in: [...jobIds] }, NOT: { idempotencyKey: { startsWith: "email:" } } } });
}
