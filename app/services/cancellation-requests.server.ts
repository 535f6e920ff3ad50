// Shoppers' requests to cancel one backordered line (the link in a delay notice) and the merchant's decision.
//
// Shopper side, public, on the app's own domain: /orders/cancel-request/<token>, where the token is the
// BackorderLine id signed with the app secret for the purpose "cancel-request" (app/domain/signed-token.ts): no
// login, not guessable, useless for anything else. GET only shows what would be cancelled (mail scanners prefetch
// links); POST records the request — once per line (CancellationRequest is unique per line), and sets
// BackorderLine.cancelRequestedAt. The page speaks the customer's locale (the order's), else the browser's.
//
// Merchant side (/app/cancellations): the list, and Accept / Decline. Accepting records the decision; the merchant
// cancels or refunds the item in Shopify admin (the page links to the order) — the refund then arrives through the
// refunds/orders webhooks and resolves the ledger line.
import { shopperPageHtml } from "./shopper-page.server";
import { emailStrings, fillTemplate, resolveEmailLocale } from "../domain/email-locales";
import { escapeHtml, productLabel } from "../domain/email-templates";
import { signToken, verifyToken } from "../domain/signed-token";
import { env } from "../env.server";
import { findShopIdentity } from "../models/alert-catalog.server";
import {
  createCancellationRequest,
  decidePendingRequest,
  findCancellationRequest,
  findCancellationRequestStatus,
  findCancelRequestLine,
  findCatalogTitles,
  findLineStatus,
  findRequestStatusForLine,
  listCancellationRequestsPage,
  listRequestedLines,
  type CancelRequestLine,
} from "../models/cancellation-request.server";
import { inTransaction } from "../models/transaction.server";

export const CANCEL_REQUEST_PURPOSE = "cancel-request";
export const CANCEL_REASON_MAX_LENGTH = 1000;

export function cancelRequestTokenFor(backorderLineId: string, secret = env.SHOPIFY_API_SECRET): string {
  return signToken({ purpose: CANCEL_REQUEST_PURPOSE, subject: backorderLineId, secret });
}

/** `${SHOPIFY_APP_URL}/orders/cancel-request/<token>`: the link in delay notices. */
export function buildCancelRequestUrl(backorderLineId: string, appUrl = env.SHOPIFY_APP_URL, secret = env.SHOPIFY_API_SECRET): string {
  return `${appUrl.replace(/\/$/, "")}/orders/cancel-request/${cancelRequestTokenFor(backorderLineId, secret)}`;
}

export type CancelRequestPage =
  | { kind: "invalid"; locale: string }
  | { kind: "unavailable"; locale: string; shopName: string } // the line is gone or no longer open
  | { kind: "confirm"; locale: string; shopName: string; product: string; quantity: number; orderName: string }
  | { kind: "requested" | "accepted" | "declined"; locale: string; shopName: string; created?: boolean };

async function shopNameOf(shop: string): Promise<string> {
  const row = await findShopIdentity(shop);
  return row?.name?.trim() || shop.replace(/\.myshopify\.com$/, "");
}

async function findLine(token: string): Promise<{ valid: false } | { valid: true; line: CancelRequestLine | null }> {
  const lineId = verifyToken({ purpose: CANCEL_REQUEST_PURPOSE, token, secret: env.SHOPIFY_API_SECRET, previousSecrets: env.SHOPIFY_API_SECRET_PREVIOUS });
  if (!lineId) return { valid: false };
  return { valid: true, line: await findCancelRequestLine(lineId) };
}

async function productOf(line: CancelRequestLine): Promise<string> {
  if (line.productTitle) return productLabel(line.productTitle, line.variantTitle);
  const titles = await findCatalogTitles(line.shop, line.variantId);
  return titles ? productLabel(titles.productTitle, titles.variantTitle) : (line.variantTitle ?? "");
}

const pageLocale = (line: CancelRequestLine | null, acceptLanguage: string | null) =>
  resolveEmailLocale(line?.customerLocale ?? acceptLanguage?.split(",")[0]);

/** GET: what the page shows. Never changes anything. */
export async function describeCancelRequest(input: { token: string; acceptLanguage: string | null }): Promise<CancelRequestPage> {
  const found = await findLine(input.token);
  if (!found.valid) return { kind: "invalid", locale: resolveEmailLocale(input.acceptLanguage?.split(",")[0]) };
  const { line } = found;
  const locale = pageLocale(line, input.acceptLanguage);
  if (!line) return { kind: "unavailable", locale, shopName: "" };
  const shopName = await shopNameOf(line.shop);
  const existing = await findRequestStatusForLine(line.shop, line.id);
  if (existing) return { kind: existing as "requested" | "accepted" | "declined", locale, shopName };
  if (line.status !== "open") return { kind: "unavailable", locale, shopName };
  return {
    kind: "confirm",
    locale,
    shopName,
    product: await productOf(line),
    quantity: Math.max(0, line.quantityBackordered - line.quantityResolved),
    orderName: line.orderName ?? "",
  };
}

/** POST: records the request (once per line) and marks the line. Idempotent: a second POST shows the same result. */
export async function submitCancelRequest(input: {
  token: string;
  reason: string | null;
  acceptLanguage: string | null;
  now: Date;
}): Promise<CancelRequestPage> {
  const found = await findLine(input.token);
  if (!found.valid) return { kind: "invalid", locale: resolveEmailLocale(input.acceptLanguage?.split(",")[0]) };
  const { line } = found;
  const locale = pageLocale(line, input.acceptLanguage);
  if (!line) return { kind: "unavailable", locale, shopName: "" };
  const shopName = await shopNameOf(line.shop);
  const reason = input.reason?.trim().slice(0, CANCEL_REASON_MAX_LENGTH) || null;
  const outcome = await inTransaction(async (tx) => {
    const existing = await findRequestStatusForLine(line.shop, line.id, tx);
    if (existing) return { kind: existing as "requested" | "accepted" | "declined", created: false };
    if ((await findLineStatus(line.id, tx)) !== "open") return { kind: "unavailable" as const, created: false };
    await createCancellationRequest(
      {
        shop: line.shop,
        backorderLineId: line.id,
        orderId: line.orderId,
        orderName: line.orderName,
        customerEmail: line.customerEmail,
        reason,
        createdAt: input.now,
      },
      tx,
    );
    return { kind: "requested" as const, created: true };
  });
  if (outcome.kind === "unavailable") return { kind: "unavailable", locale, shopName };
  return { kind: outcome.kind, locale, shopName, created: outcome.created };
}

/** The small standalone page (no app chrome: shoppers are not logged in to anything). */
export function renderCancelRequestPage(page: CancelRequestPage, formAction: string): { status: number; html: string } {
  const strings = emailStrings(page.locale);
  const locale = resolveEmailLocale(page.locale);
  let title: string;
  let body: string;
  switch (page.kind) {
    case "invalid":
      title = strings.cancelInvalidTitle;
      body = `<p>${escapeHtml(strings.cancelInvalidBody)}</p>`;
      break;
    case "unavailable":
      title = strings.cancelUnavailableTitle;
      body = `<p>${escapeHtml(fillTemplate(strings.cancelUnavailableBody, { shop: page.shopName || "the store" }))}</p>`;
      break;
    case "confirm":
      title = strings.cancelPageTitle;
      body = `<p>${escapeHtml(fillTemplate(strings.cancelPageQuestion, { product: page.product, order: page.orderName }))}</p>
<p class="item"><strong>${escapeHtml(page.product)}</strong> × ${page.quantity}</p>
<form method="post" action="${escapeHtml(formAction)}">
<label for="reason">${escapeHtml(strings.cancelPageReasonLabel)}</label>
<textarea id="reason" name="reason" rows="3" maxlength="${CANCEL_REASON_MAX_LENGTH}"></textarea>
<p class="note">${escapeHtml(strings.cancelPageKeep)}</p>
<button type="submit">${escapeHtml(strings.cancelPageButton)}</button>
</form>`;
      break;
    case "requested":
      title = strings.cancelRequestedTitle;
      body = `<p>${escapeHtml(fillTemplate(strings.cancelRequestedBody, { shop: page.shopName }))}</p>`;
      break;
    case "accepted":
      title = strings.cancelRequestedTitle;
      body = `<p>${escapeHtml(strings.cancelAcceptedBody)}</p>`;
      break;
    case "declined":
      title = strings.cancelRequestedTitle;
      body = `<p>${escapeHtml(fillTemplate(strings.cancelDeclinedBody, { shop: page.shopName }))}</p>`;
      break;
  }
  const html = shopperPageHtml({ lang: locale, title, bodyHtml: body, state: page.kind });
  return { status: page.kind === "invalid" ? 400 : 200, html };
}

// ---------------------------------------------------------------------------------------------------------------
// Merchant side

export const CANCELLATION_STATUSES = ["requested", "accepted", "declined"] as const;
export type CancellationStatus = (typeof CANCELLATION_STATUSES)[number];

export type CancellationRequestRow = {
  id: string;
  status: string;
  orderId: string;
  orderName: string | null;
  /** shopify://admin/orders/<id>: opens the order in Shopify admin (App Bridge resolves it). */
  orderAdminUrl: string;
  customerEmail: string | null;
  product: string;
  quantity: number;
  lineStatus: string | null;
  reason: string | null;
  createdAt: string;
  resolvedAt: string | null;
  resolvedBy: string | null;
};

export function orderAdminUrl(orderId: string): string {
  return `shopify://admin/orders/${orderId.split("/").pop() ?? orderId}`;
}

export async function listCancellationRequests(
  shop: string,
  options: { status?: CancellationStatus | null; take?: number } = {},
): Promise<{ rows: CancellationRequestRow[]; counts: Record<CancellationStatus, number> }> {
  const { requests, countByStatus } = await listCancellationRequestsPage(shop, { status: options.status ?? null, take: options.take ?? 250 });
  const lines = await listRequestedLines(shop, requests.map((r) => r.backorderLineId));
  const byId = new Map(lines.map((line) => [line.id, line]));
  const counts = { requested: 0, accepted: 0, declined: 0 };
  for (const [groupStatus, count] of countByStatus) if (groupStatus in counts) counts[groupStatus as CancellationStatus] = count;
  return {
    counts,
    rows: requests.map((request) => {
      const line = byId.get(request.backorderLineId);
      return {
        id: request.id,
        status: request.status,
        orderId: request.orderId,
        orderName: request.orderName,
        orderAdminUrl: orderAdminUrl(request.orderId),
        customerEmail: request.customerEmail,
        product: line ? productLabel(line.productTitle ?? line.variantId, line.variantTitle) : "(line no longer in the ledger)",
        quantity: line ? Math.max(0, line.quantityBackordered - line.quantityResolved) : 0,
        lineStatus: line?.status ?? null,
        reason: request.reason,
        createdAt: request.createdAt.toISOString(),
        resolvedAt: request.resolvedAt?.toISOString() ?? null,
        resolvedBy: request.resolvedBy,
      };
    }),
  };
}

export type ResolveOutcome =
  | { ok: true; id: string; status: "accepted" | "declined"; orderAdminUrl: string }
  | { ok: false; status: 404 | 409; message: string };

/** Accept or decline a pending request. Only a "requested" one can be decided (a second click is a clear 409). */
export async function resolveCancellationRequest(input: {
  shop: string;
  requestId: string;
  decision: "accept" | "decline";
  actor: string;
  now: Date;
}): Promise<ResolveOutcome> {
  const status = input.decision === "accept" ? "accepted" : "declined";
  const request = await findCancellationRequest(input.shop, input.requestId);
  if (!request) return { ok: false, status: 404, message: "This cancellation request no longer exists. Reload the page." };
  const decided = await decidePendingRequest(input.shop, request.id, { status, resolvedAt: input.now, resolvedBy: input.actor });
  if (!decided) {
    const current = await findCancellationRequestStatus(input.shop, request.id);
    return { ok: false, status: 409, message: `This request was already ${current ?? "decided"}. Reload the page to see its current state.` };
  }
  return { ok: true, id: request.id, status, orderAdminUrl: orderAdminUrl(request.orderId) };
}
