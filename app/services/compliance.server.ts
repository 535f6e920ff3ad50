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

import {
  createComplianceExport,
  findComplianceExport,
  findComplianceExportOfWebhook,
  listComplianceExportRows,
} from "#app/models/compliance-export.server";
import {
  cancellationEmailPages,
  countJobsOtherThanEmailSends,
  findCancellationIds,
  findExportIds,
  findSubscriptionIds,
  jobPayloadPages,
  lineEmailPages,
  listMessageIdsOfSubscriptions,
  listOrderLinesOfOrders,
  loadCustomerRows,
  loadJobCreatedAt,
  messageEmailPages,
  orderEmailPages,
  redactCustomerRows,
  type StoredTextPage,
} from "#app/models/customer-data.server";
import type { Db } from "#app/models/db";
import { REDACTED_JOB_PAYLOAD } from "#app/models/job.server";
import { inTransaction } from "#app/models/transaction.server";
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

/**
 * Every column that can hold a customer's personal data, and what customers/redact does with it. A test fails
 * when a model gains a column that looks like customer data and is neither here nor declared harmless there.
 */
export const CUSTOMER_DATA_COLUMNS = {
  RestockSubscription: { columns: ["email", "emailNormalized", "customerId", "consentAt", "consentIp", "consentUserAgent"], redaction: "row deleted" },
  EmailMessage: { columns: ["toEmail", "data", "reason", "lastError"], redaction: "row deleted (and its queued send)" },
  ComplianceExport: { columns: ["customerEmail", "customerId", "ordersRequested", "export"], redaction: "row deleted" },
  BackorderLine: { columns: ["customerEmail"], redaction: "email removed; the order line stays (the merchant's ledger)" },
  BackorderOrder: { columns: ["customerEmail"], redaction: "email removed; the order stays (the merchant's ledger)" },
  CancellationRequest: { columns: ["customerEmail", "reason"], redaction: "email and the shopper's free-text reason removed; the request's outcome stays" },
  Job: { columns: ["payload"], redaction: "payload replaced by a redaction marker (queued ones are waited for, then scrubbed: see redactCustomerWhenQueueAllows)" },
} as const;

/** A customer's rows in one shop, matched by normalised email (stored addresses are compared case-insensitively), by customer id and by order id. */
type CustomerFootprint = {
  emails: string[];
  subscriptionIds: string[];
  messageIds: string[];
  lineIds: string[];
  orderIds: string[];
  cancellationIds: string[];
  exportIds: string[];
  jobIds: string[];
};

const SCAN_PAGE = 2_000;

/** Ids of the rows, read page by page (SCAN_PAGE rows each), whose stored text satisfies `matches`. */
async function idsWhere(page: StoredTextPage, matches: (text: string, id: string) => boolean): Promise<string[]> {
  const ids: string[] = [];
  for (let after: string | null = null; ; ) {
    const rows = await page(after);
    for (const row of rows) if (row.text !== null && matches(row.text, row.id)) ids.push(row.id);
    if (rows.length < SCAN_PAGE) return ids;
    after = rows[rows.length - 1].id;
  }
}

/**
 * Ids of rows whose stored address, normalised, is one of `emails`. Addresses are stored as typed, so an indexed
 * equality would miss `Jane.Doe@Example.com`; SQL LOWER is ASCII-only on SQLite. A paged scan of the shop's
 * rows that hold an address is exact, and privacy requests are rare.
 */
async function idsByStoredEmail(emails: ReadonlySet<string>, page: StoredTextPage): Promise<string[]> {
  if (!emails.size) return [];
  return idsWhere(page, (email) => !!email && emails.has(normalizeEmail(email)));
}

/** Job statuses whose payload is no longer needed to run: the job finished, or it is running and has read it. */
const FINISHED_JOB_STATUSES = ["running", "done", "dead"];

/** True when a job's payload names the customer: one of their addresses anywhere in it, or one of their orders. */
function jobPayloadNamesCustomer(payload: string, emails: readonly string[], orderIds: ReadonlySet<string>): boolean {
  const lower = payload.toLowerCase();
  if (emails.some((email) => lower.includes(email))) return true;
  if (!orderIds.size) return false;
  try {
    const body = (JSON.parse(payload) as { body?: Record<string, unknown> })?.body ?? {};
    return [body.id, body.order_id, body.admin_graphql_api_id].some((id) => (typeof id === "string" || typeof id === "number") && orderIds.has(String(id)));
  } catch {
    return false;
  }
}

/** Which jobs' payloads a redaction scrubs, and which job (the redaction itself, when it will run again) it keeps. */
type JobScope = { statuses: readonly string[]; keepJobId?: string };

/** `db`: the transaction a redaction runs in (default: the shared client). */
async function findCustomerFootprint(shop: string, customer: CustomerRef, jobScope: JobScope = { statuses: FINISHED_JOB_STATUSES }, db?: Db): Promise<CustomerFootprint> {
  const orderIds = new Set(customer.orderIds);
  // Lines of the orders named in the request, and the addresses those orders were placed with.
  const orderLines = orderIds.size ? await listOrderLinesOfOrders(shop, [...orderIds], db) : [];
  const emails = new Set<string>([
    ...(customer.email ? [customer.email] : []),
    ...orderLines.flatMap((line) => (line.customerEmail ? [normalizeEmail(line.customerEmail)] : [])),
  ]);

  const lineIdsByEmail = await idsByStoredEmail(emails, lineEmailPages(shop, SCAN_PAGE, db));
  const lineIds = [...new Set([...orderLines.map((line) => line.id), ...lineIdsByEmail])];

  const ordersByEmail = await idsByStoredEmail(emails, orderEmailPages(shop, SCAN_PAGE, db));
  const ledgerOrderIds = [...new Set([...orderIds, ...ordersByEmail])];

  const subscriptionIds = await findSubscriptionIds(shop, { emails: [...emails], customerIds: customer.customerIds }, db);

  const messagesOfSubscriptions = await listMessageIdsOfSubscriptions(shop, subscriptionIds, db);
  const messagesByAddress = await idsByStoredEmail(emails, messageEmailPages(shop, SCAN_PAGE, db));
  const messageIds = [...new Set([...messagesOfSubscriptions, ...messagesByAddress])];

  const cancellationsOfLines = await findCancellationIds(shop, { lineIds, orderIds: [...orderIds] }, db);
  const cancellationsByAddress = await idsByStoredEmail(emails, cancellationEmailPages(shop, SCAN_PAGE, db));
  const cancellationIds = [...new Set([...cancellationsOfLines, ...cancellationsByAddress])];

  const exportIds = await findExportIds(shop, { emails: [...emails], customerIds: customer.customerIds }, db);

  const emailList = [...emails];
  const jobIds =
    emailList.length || orderIds.size
      ? await idsWhere(
          jobPayloadPages(shop, jobScope.statuses, SCAN_PAGE, db),
          (payload, id) => id !== jobScope.keepJobId && jobPayloadNamesCustomer(payload, emailList, orderIds),
        )
      : [];
  return { emails: emailList, subscriptionIds, messageIds, lineIds, orderIds: ledgerOrderIds, cancellationIds, exportIds, jobIds };
}

export type CustomerDataExport = {
  shop: string;
  generatedAt: string;
  request: { customerEmail: string | null; customerId: string | null; ordersRequested: string[] };
  restockSubscriptions: Array<Record<string, unknown>>;
  emailsSent: Array<Record<string, unknown>>;
  backorderedOrderLines: Array<Record<string, unknown>>;
  cancellationRequests: Array<Record<string, unknown>>;
};

const iso = (date: Date | null | undefined) => (date ? date.toISOString() : null);

/** Everything the app holds about one customer of one shop, in the shape the merchant hands over. */
export async function buildCustomerDataExport(shop: string, customer: CustomerRef, now: Date): Promise<CustomerDataExport> {
  const found = await findCustomerFootprint(shop, customer);
  const { subscriptions, messages, lines, cancellations, variants, products } = await loadCustomerRows(shop, found);
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
    cancellationRequests: cancellations.map((c) => ({
      orderId: c.orderId,
      orderName: c.orderName,
      customerEmail: c.customerEmail,
      reason: c.reason,
      status: c.status,
      requestedAt: iso(c.createdAt),
      resolvedAt: iso(c.resolvedAt),
    })),
  };
}

/** customers/data_request: stores the export (once per delivery) for the merchant to download. */
export async function recordCustomerDataRequest(input: { shop: string; webhookId: string; body: unknown; now: Date }) {
  const existing = await findComplianceExportOfWebhook(input.shop, input.webhookId);
  if (existing) return existing;
  const customer = customerRefFromPayload(input.body);
  const data = await buildCustomerDataExport(input.shop, customer, input.now);
  return createComplianceExport({
    shop: input.shop,
    webhookId: input.webhookId,
    customerEmail: customer.email,
    customerId: data.request.customerId,
    ordersRequested: JSON.stringify(data.request.ordersRequested),
    export: JSON.stringify(data),
    createdAt: input.now,
  });
}

export type RedactResult = { subscriptions: number; emails: number; exports: number; jobs: number; lines: number; cancellations: number; payloads: number };

export { REDACTED_JOB_PAYLOAD };

/**
 * customers/redact: every row in CUSTOMER_DATA_COLUMNS that holds the customer (by normalised email, customer id
 * and the request's orders_to_redact) is deleted or anonymised, in one transaction: subscriptions (consent
 * evidence lives on them), the emails sent to them and their queued sends, data-request exports, the address on
 * backordered orders and their lines (the ledger itself stays: it is the merchant's business record), the address and
 * free-text reason of cancellation requests, and the webhook bodies kept in finished jobs.
 */
export async function redactCustomer(shop: string, customer: CustomerRef, jobScope?: JobScope): Promise<RedactResult> {
  return inTransaction(async (tx) => {
    const found = await findCustomerFootprint(shop, customer, jobScope, tx);
    // Not-yet-sent deliveries of those emails go too (a running one finds its row gone and skips).
    return redactCustomerRows(shop, found, tx);
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
  const rows = await listComplianceExportRows(shop, limit);
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
  return findComplianceExport(shop, id);
}

/** How long a redaction waits for queued jobs that name the customer (Shopify allows 30 days), and how often it looks. */
export const REDACTION_MAX_WAIT_MS = 7 * 24 * 60 * 60_000;
export const REDACTION_RECHECK_MS = 10 * 60_000;

export type RedactionOutcome = { kind: "redacted"; result: RedactResult } | { kind: "waiting"; queuedJobs: number; recheckAt: Date };

/**
 * customers/redact run as a job: a queued job that names the customer (an orders/* delivery not yet processed)
 * would write their address back when it runs, and needs its payload to run. So everything else is redacted now,
 * and the redaction runs again (keeping its own payload, the only record of whom to redact) until no queued job
 * names the customer; after REDACTION_MAX_WAIT_MS (a parked shop's queue may never move) those jobs' payloads
 * are scrubbed too, and the worker completes a scrubbed job without running it.
 */
export async function redactCustomerWhenQueueAllows(input: { shop: string; customer: CustomerRef; jobId: string; now: Date }): Promise<RedactionOutcome> {
  const { shop, customer, jobId, now } = input;
  const ownCreatedAt = await loadJobCreatedAt(jobId);
  const waitedMs = ownCreatedAt ? now.getTime() - ownCreatedAt.getTime() : REDACTION_MAX_WAIT_MS;
  const queued = (await findCustomerFootprint(shop, customer, { statuses: ["queued"], keepJobId: jobId })).jobIds;
  const queuedOtherThanSends = await countJobsOtherThanEmailSends(shop, queued);
  if (queuedOtherThanSends > 0 && waitedMs < REDACTION_MAX_WAIT_MS) {
    await redactCustomer(shop, customer, { statuses: FINISHED_JOB_STATUSES, keepJobId: jobId });
    return { kind: "waiting", queuedJobs: queuedOtherThanSends, recheckAt: new Date(now.getTime() + REDACTION_RECHECK_MS) };
  }
  return { kind: "redacted", result: await redactCustomer(shop, customer, { statuses: [...FINISHED_JOB_STATUSES, "queued"] }) };
}
