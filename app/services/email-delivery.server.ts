// Delivery of one outbox row (EmailMessage) by its `email.send` job: re-check that it should still go out, render,
// hand it to SMTP, record the outcome. The job table provides retries with backoff; this records on the row what
// the merchant needs to see (sent / failed + why / dead / cancelled).
//
// Exactly-once, honestly: SMTP has no transactions with our database. If the process dies after the SMTP server
// accepted the message but before the row is marked sent, the job's lease expires and the retry sends it again.
// We make that resend recognisable instead of pretending it cannot happen: the Message-ID is derived from
// (shop, idempotencyKey), so every attempt of one email carries the same Message-ID and the same
// `X-Backorders-Idempotency-Key` header. A receiver that deduplicates on them (ESPs' idempotency keys such as
// Resend's/Postmark's, many mailbox providers for identical Message-IDs, and the simulator's mailbox) drops the
// second copy. With a plain SMTP relay that does not deduplicate, the guarantee is at-least-once, with the
// duplicate window limited to that crash between "250 OK" and our UPDATE.
import { createHash } from "node:crypto";
import { isPermanentSmtpRejection, senderFor, type EmailTransport } from "../email-transport.server";
import { PermanentJobError } from "../domain/retry-policy";
import { findEmailMessage, recordEmailDelivery } from "../models/email-outbox.server";
import { loadOrderEmailSwitches } from "../models/notification-settings.server";
import { findLedgerLine } from "../models/order-email-ledger.server";
import { countOpenOrderLines, findLedgerOrder } from "../models/order-ledger.server";
import { findSubscriptionState } from "../models/restock-subscription.server";
import { EmailNotRenderableError, ORDER_EMAIL_KINDS, renderEmailMessage } from "./email-render.server";

export const IDEMPOTENCY_HEADER = "X-Backorders-Idempotency-Key";

export type DeliveryOutcome =
  | { kind: "sent"; messageId: string }
  | { kind: "skipped"; reason: string } // already sent / cancelled / gone: nothing to do
  | { kind: "cancelled"; reason: string }; // should no longer be sent (unsubscribed, product deleted, …)

/** `<hash@domain>`: the same for every attempt of one email, different for every email. */
export function deterministicMessageId(shop: string, idempotencyKey: string, senderAddress: string): string {
  const hash = createHash("sha256").update(`${shop}\n${idempotencyKey}`).digest("hex").slice(0, 40);
  const domain = senderAddress.split("@")[1]?.trim() || "backorders.local";
  return `<${hash}.alert@${domain}>`;
}

/** Why the subscription no longer wants this email, or null when it should go out. */
function cancellationReason(
  kind: string,
  restockEventId: string | null,
  subscription: { status: string; restockEventId: string | null } | null,
): string | null {
  if (!subscription) return "Cancelled: the restock subscription no longer exists";
  if (subscription.status === "unsubscribed") return "Cancelled: the shopper unsubscribed";
  if (kind === "back_in_stock") {
    // Still waiting, or already marked notified by this very restock (the fan-out may mark it when enqueueing).
    const waiting = subscription.status === "active";
    const markedForThisRestock = subscription.status === "notified" && !!restockEventId && subscription.restockEventId === restockEventId;
    if (!waiting && !markedForThisRestock) return `Cancelled: the subscription is ${subscription.status}, no longer waiting for a restock`;
  }
  if (kind === "subscription_confirmation" && subscription.status === "expired") return "Cancelled: the subscription expired before confirmation";
  return null;
}

const ORDER_EMAIL_SETTING = {
  backorder_confirmation: ["sendBackorderConfirm", "Backorder confirmations"],
  delay_notice: ["sendDelayNotices", "Delay notices"],
  shipping_soon: ["sendShippingSoon", "Shipping-soon emails"],
} as const;

/**
 * Order emails (no subscription): why one should no longer go out, or null. The merchant switched the kind off;
 * the order or line is gone or no longer owed (shipped, cancelled, refunded); or — for a delay notice — a newer
 * notice for the same line replaced it (the line's etaCurrent is no longer the date this one announces).
 */
async function orderEmailCancellationReason(shop: string, kind: string, rawData: string): Promise<string | null> {
  const data = JSON.parse(rawData || "{}") as Record<string, unknown>;
  const setting = ORDER_EMAIL_SETTING[kind as keyof typeof ORDER_EMAIL_SETTING];
  const settings = await loadOrderEmailSwitches(shop);
  if (setting && settings && settings[setting[0]] === false) return `Cancelled: ${setting[1]} are switched off in Settings`;
  if (kind === "backorder_confirmation") {
    const orderId = typeof data.orderId === "string" ? data.orderId : null;
    if (!orderId) return null; // rendering reports the missing id
    const order = await findLedgerOrder(shop, orderId);
    if (order?.cancelledAt) return "Cancelled: the order was cancelled";
    const open = await countOpenOrderLines(shop, orderId);
    return open ? null : "Cancelled: nothing in the order is backordered any more";
  }
  const lineId = typeof data.backorderLineId === "string" ? data.backorderLineId : null;
  if (!lineId) return null;
  const line = await findLedgerLine(shop, lineId);
  if (!line) return "Cancelled: the order line is no longer in the backorder ledger";
  if (line.status !== "open") return `Cancelled: the order line is ${line.status}, nothing is owed any more`;
  if (kind === "delay_notice") {
    const announced = typeof data.newEta === "string" && data.newEta ? data.newEta : null;
    if ("newEta" in data && announced !== line.etaCurrent) return "Cancelled: a newer delay notice for this line replaces it";
  }
  return null;
}

export async function deliverEmailMessage(input: {
  shop: string;
  emailMessageId: string;
  /** The job run: its attempt number (1-based, this run included) and limit, to know when this is the last try. */
  job: { attempts: number; maxAttempts: number };
  transport: () => EmailTransport;
  now: Date;
}): Promise<DeliveryOutcome> {
  const { shop, job, now } = input;
  const message = await findEmailMessage(shop, input.emailMessageId);
  if (!message) return { kind: "skipped", reason: "The email no longer exists" };
  if (message.status === "sent" || message.status === "cancelled" || message.status === "dead") {
    return { kind: "skipped", reason: `The email is already ${message.status}` };
  }

  const subscription = message.subscriptionId ? await findSubscriptionState(shop, message.subscriptionId) : null;
  const cancelled = message.subscriptionId ? cancellationReason(message.kind, message.restockEventId, subscription) : null;
  if (cancelled) return cancel(message.id, cancelled, job.attempts);
  const orderCancelled = ORDER_EMAIL_KINDS.has(message.kind) ? await orderEmailCancellationReason(shop, message.kind, message.data) : null;
  if (orderCancelled) return cancel(message.id, orderCancelled, job.attempts);

  // The worker retries with backoff; after the last attempt the job goes dead, and so does the email.
  const recordRetryableFailure = async (error: unknown) => {
    const lastAttempt = job.attempts >= job.maxAttempts;
    await recordEmailDelivery(message.id, { status: lastAttempt ? "dead" : "failed", lastError: describeSendError(error), attempts: job.attempts });
  };

  let rendered;
  try {
    rendered = await renderEmailMessage(message);
  } catch (error) {
    if (error instanceof EmailNotRenderableError) return cancel(message.id, `Cancelled: ${error.message}`, job.attempts);
    await recordRetryableFailure(error);
    throw error;
  }

  try {
    const from = senderFor(rendered.shopName);
    const messageId = deterministicMessageId(shop, message.idempotencyKey, from.address);
    const headers: Record<string, string> = { [IDEMPOTENCY_HEADER]: message.idempotencyKey };
    if (rendered.unsubscribeUrl) {
      headers["List-Unsubscribe"] = `<${rendered.unsubscribeUrl}>`;
      headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click";
    }
    await input.transport().send({
      from,
      to: message.toEmail,
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      messageId,
      headers,
    });
    await recordEmailDelivery(message.id, { status: "sent", sentAt: now, messageId, attempts: job.attempts, lastError: null });
    return { kind: "sent", messageId };
  } catch (error) {
    const reason = describeSendError(error);
    if (isPermanentSmtpRejection(error)) {
      await recordEmailDelivery(message.id, { status: "dead", lastError: reason, attempts: job.attempts });
      throw new PermanentJobError(reason);
    }
    await recordRetryableFailure(error);
    throw error;
  }
}

async function cancel(id: string, reason: string, attempts: number): Promise<DeliveryOutcome> {
  await recordEmailDelivery(id, { status: "cancelled", lastError: reason, attempts });
  return { kind: "cancelled", reason };
}

function describeSendError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const response = (error as { response?: unknown }).response;
  const detail = typeof response === "string" && !error.message.includes(response) ? ` (${response})` : "";
  return `${error.message}${detail}`.slice(0, 2000);
}
