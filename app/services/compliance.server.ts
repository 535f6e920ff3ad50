// Shopify's mandatory privacy webhooks, run as jobs (app/jobs/compliance-jobs.server.ts):
//   customers/data_request → an export of what the app holds about that customer in that shop, kept as a
//                            ComplianceExport row the merchant downloads from the Waitlist page and passes on;
//   customers/redact       → that customer's subscriptions (with consent evidence), the emails sent to them and
//                            their exports are deleted; their email is removed from backordered order lines;
//   shop/redact, app/uninstalled → deleteAllForShop (the single delete path).
// Everything is scoped by shop: the same person subscribed in another shop is another shop's data.
//
// A customer is matched by normalized email and by customer id. Ids are compared as strings (numeric or GID):
// an id that JSON.parse already rounded (beyond 2^53) cannot be trusted, so it is not used to match.

import prisma from "#app/db.server";
import { toGid } from "#app/shopify/gid";

export type CustomerRef = {
  /** Trimmed, lower-cased (the form RestockSubscription.emailNormalized uses). */
  email: string | null;
  /** Every string form the customer id may be stored in (numeric and GID); empty when unknown or unusable. */
  customerIds: string[];
  /** Order ids from the request (orders_requested / orders_to_redact), numeric and GID forms. */
  orderIds: string[];
};

export const normalizeEmail = (email: string) => email.trim().toLowerCase();

/** Numeric id → [numeric, gid]; a JS number beyond the safe range is already wrong, so it yields nothing. */
function idForms(type: string, raw: unknown): string[] {
  if (typeof raw === "number" && !Number.isSafeInteger(raw)) return [];
  const gid = toGid(type, raw as string | number | null | undefined);
  if (!gid) return [];
  return [gid.slice(gid.lastIndexOf("/") + 1), gid];
}

/** Reads the customer (and order ids) out of a customers/data_request or customers/redact payload. */
export function customerRefFromPayload(body: unknown): CustomerRef {
  const payload = (body ?? {}) as Record<string, any>;
  const customer = (payload.customer ?? {}) as Record<string, unknown>;
  const email = typeof customer.email === "string" && customer.email.trim() ? normalizeEmail(customer.email) : null;
  const orders = [...toArray(payload.orders_requested), ...toArray(payload.orders_to_redact)];
  return {
    email,
    customerIds: idForms("Customer", customer.id),
    orderIds: [...new Set(orders.flatMap((id) => idForms("Order", id)))],
  };
}

const toArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

function subscriptionWhere(shop: string, customer: CustomerRef) {
  const or: Array<Record<string, unknown>> = [];
  if (customer.email) or.push({ emailNormalized: customer.email });
  if (customer.customerIds.length) or.push({ customerId: { in: customer.customerIds } });
  return or.length ? { shop, OR: or } : null;
}

function emailMessageWhere(shop: string, customer: CustomerRef, subscriptionIds: string[]) {
  const or: Array<Record<string, unknown>> = [];
  if (subscriptionIds.length) or.push({ subscriptionId: { in: subscriptionIds } });
  if (customer.email) or.push({ toEmail: customer.email });
  return or.length ? { shop, OR: or } : null;
}

function backorderLineWhere(shop: string, customer: CustomerRef) {
  const or: Array<Record<string, unknown>> = [];
  if (customer.email) or.push({ customerEmail: customer.email });
  if (customer.orderIds.length) or.push({ orderId: { in: customer.orderIds } });
  return or.length ? { shop, OR: or } : null;
}

export type CustomerDataExport = {
  shop: string;
  generatedAt: string;
  request: { customerEmail: string | null; customerId: string | null; ordersRequested: string[] };
  restockSubscriptions: Array<Record<string, unknown>>;
  emailsSent: Array<Record<string, unknown>>;
  backorderedOrderLines: Array<Record<string, unknown>>;
};

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** Everything the app holds about one customer of one shop, in the shape the merchant hands over. */
export async function buildCustomerDataExport(shop: string, customer: CustomerRef, now: Date): Promise<CustomerDataExport> {
  const subWhere = subscriptionWhere(shop, customer);
  const subscriptions = subWhere
    ? await prisma.restockSubscription.findMany({ where: subWhere, orderBy: { createdAt: "asc" } })
    : [];
  const msgWhere = emailMessageWhere(shop, customer, subscriptions.map((s) => s.id));
  const messages = msgWhere ? await prisma.emailMessage.findMany({ where: msgWhere, orderBy: { createdAt: "asc" } }) : [];
  const lineWhere = backorderLineWhere(shop, customer);
  const lines = lineWhere ? await prisma.backorderLine.findMany({ where: lineWhere, orderBy: { orderedAt: "asc" } }) : [];
  const variantIds = [...new Set([...subscriptions.map((s) => s.variantId), ...lines.map((l) => l.variantId)])];
  const variants = variantIds.length
    ? await prisma.variant.findMany({ where: { shop, id: { in: variantIds } }, select: { id: true, title: true, productId: true } })
    : [];
  const productIds = [...new Set(variants.map((v) => v.productId))];
  const products = productIds.length ? await prisma.product.findMany({ where: { shop, id: { in: productIds } }, select: { id: true, title: true } }) : [];
  const productTitle = new Map(products.map((p) => [p.id, p.title]));
  const variantName = new Map(variants.map((v) => [v.id, [productTitle.get(v.productId), v.title].filter(Boolean).join(" — ")]));

  return {
    shop,
    generatedAt: now.toISOString(),
    request: {
      customerEmail: customer.email,
      customerId: customer.customerIds[0] ?? null,
      ordersRequested: customer.orderIds.filter((id) => !id.startsWith("gid://")),
    },
    restockSubscriptions: subscriptions.map((s) => ({
      email: s.email,
      product: variantName.get(s.variantId) ?? null,
      variantId: s.variantId,
      productId: s.productId,
      customerId: s.customerId,
      locale: s.locale,
      status: s.status,
      signedUpAt: iso(s.createdAt),
      consentAt: iso(s.consentAt),
      consentTextVersion: s.consentTextVersion,
      consentIp: s.consentIp,
      consentUserAgent: s.consentUserAgent,
      confirmedAt: iso(s.confirmedAt),
      notifiedAt: iso(s.notifiedAt),
      unsubscribedAt: iso(s.unsubscribedAt),
      expiresAt: iso(s.expiresAt),
      convertedAt: iso(s.convertedAt),
      convertedOrderId: s.convertedOrderId,
    })),
    emailsSent: messages.map((m) => ({
      kind: m.kind,
      to: m.toEmail,
      status: m.status,
      createdAt: iso(m.createdAt),
      sentAt: iso(m.sentAt),
      reason: m.reason,
    })),
    backorderedOrderLines: lines.map((l) => ({
      orderId: l.orderId,
      orderName: l.orderName,
      product: variantName.get(l.variantId) ?? null,
      variantId: l.variantId,
      customerEmail: l.customerEmail,
      quantityOrdered: l.quantityOrdered,
      quantityBackordered: l.quantityBackordered,
      etaPromised: l.etaPromised,
      status: l.status,
      orderedAt: iso(l.orderedAt),
    })),
  };
}

/** customers/data_request: stores the export (once per delivery) for the merchant to download. */
export async function recordCustomerDataRequest(input: { shop: string; webhookId: string; body: unknown; now: Date }) {
  const existing = await prisma.complianceExport.findFirst({ where: { shop: input.shop, webhookId: input.webhookId }, select: { id: true } });
  if (existing) return existing;
  const customer = customerRefFromPayload(input.body);
  const data = await buildCustomerDataExport(input.shop, customer, input.now);
  return prisma.complianceExport.create({
    data: {
      shop: input.shop,
      webhookId: input.webhookId,
      customerEmail: customer.email,
      customerId: data.request.customerId,
      ordersRequested: JSON.stringify(data.request.ordersRequested),
      export: JSON.stringify(data),
      createdAt: input.now,
    },
    select: { id: true },
  });
}

export type RedactResult = { subscriptions: number; emails: number; exports: number; jobs: number; lines: number };

/**
 * customers/redact: deletes the customer's subscriptions (consent evidence lives on them), the emails sent to
 * them (and queued sends of those emails), the data-request exports made for them, and removes their email from
 * backordered order lines (the order ledger itself stays: it is the merchant's business record).
 */
export async function redactCustomer(shop: string, customer: CustomerRef): Promise<RedactResult> {
  return prisma.$transaction(async (tx) => {
    const subWhere = subscriptionWhere(shop, customer);
    const subscriptionIds = subWhere ? (await tx.restockSubscription.findMany({ where: subWhere, select: { id: true } })).map((s) => s.id) : [];
    const msgWhere = emailMessageWhere(shop, customer, subscriptionIds);
    const messageIds = msgWhere ? (await tx.emailMessage.findMany({ where: msgWhere, select: { id: true } })).map((m) => m.id) : [];
    // Not-yet-sent deliveries of those emails go too (a running one finds its row gone and skips).
    const jobs = messageIds.length
      ? await tx.job.deleteMany({ where: { shop, status: "queued", idempotencyKey: { in: messageIds.map((id) => `email:${id}`) } } })
      : { count: 0 };
    const emails = messageIds.length ? await tx.emailMessage.deleteMany({ where: { shop, id: { in: messageIds } } }) : { count: 0 };
    const subscriptions = subscriptionIds.length ? await tx.restockSubscription.deleteMany({ where: { shop, id: { in: subscriptionIds } } }) : { count: 0 };
    const exportOr: Array<Record<string, unknown>> = [];
    if (customer.email) exportOr.push({ customerEmail: customer.email });
    if (customer.customerIds.length) exportOr.push({ customerId: { in: customer.customerIds } });
    const exports = exportOr.length ? await tx.complianceExport.deleteMany({ where: { shop, OR: exportOr } }) : { count: 0 };
    const lines = customer.email
      ? await tx.backorderLine.updateMany({ where: { shop, customerEmail: customer.email }, data: { customerEmail: null } })
      : { count: 0 };
    return { subscriptions: subscriptions.count, emails: emails.count, exports: exports.count, jobs: jobs.count, lines: lines.count };
  });
}

export type ComplianceExportSummary = {
  id: string;
  customerEmail: string | null;
  customerId: string | null;
  createdAt: string;
  counts: { subscriptions: number; emails: number; orderLines: number };
};

/** The merchant's list of data-request exports, newest first. */
export async function listComplianceExports(shop: string, limit = 50): Promise<ComplianceExportSummary[]> {
  const rows = await prisma.complianceExport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: limit });
  return rows.map((row) => {
    let parsed: Partial<CustomerDataExport> = {};
    try {
      parsed = JSON.parse(row.export) as CustomerDataExport;
    } catch {
      // keep zero counts: the download still returns the stored text
    }
    return {
      id: row.id,
      customerEmail: row.customerEmail,
      customerId: row.customerId,
      createdAt: row.createdAt.toISOString(),
      counts: {
        subscriptions: parsed.restockSubscriptions?.length ?? 0,
        emails: parsed.emailsSent?.length ?? 0,
        orderLines: parsed.backorderedOrderLines?.length ?? 0,
      },
    };
  });
}

/** One export for download, or null when it is not this shop's. */
export async function getComplianceExport(shop: string, id: string) {
  return prisma.complianceExport.findFirst({ where: { shop, id } });
}
