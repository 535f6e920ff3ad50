import { enqueueJob, type Db } from "./job.server";

// The email outbox. Callers enqueue inside the transaction that made the state change (a confirmation for a new
// subscription, a back-in-stock email for a restock batch), so a crash never keeps the change without the email
// or the email without the change. Delivery is an `email.send` job (retries, backoff, dead state) — see
// app/services/email-delivery.server.ts.

export const EMAIL_SEND_JOB = "email.send";
/** ≈ 7 hours of exponential backoff (capped at 1 h): an SMTP outage of an afternoon loses no alert. */
export const EMAIL_MAX_ATTEMPTS = 16;

export type EmailKind = "subscription_confirmation" | "back_in_stock" | "backorder_confirmation" | "delay_notice" | "shipping_soon";

export type NewEmail = {
  shop: string;
  kind: EmailKind;
  /** Makes a repeat enqueue a no-op, e.g. `restock/<subscriptionId>/<restockEventId>` or `confirm/<subscriptionId>/<n>`. */
  idempotencyKey: string;
  toEmail: string;
  locale: string;
  subscriptionId?: string;
  restockEventId?: string;
  /** Render inputs not found in other tables (e.g. the raw confirm token; only its hash is on the subscription). */
  data?: Record<string, unknown>;
  /** Why this email is sent, for the merchant's history ("3 units restocked; batch 1 …"). */
  reason?: string;
  /** When the send is due: the caller's now for "at once". */
  runAt: Date;
};

export async function enqueueEmail(db: Db, email: NewEmail): Promise<{ id: string; created: boolean }> {
  const key = { shop_idempotencyKey: { shop: email.shop, idempotencyKey: email.idempotencyKey } };
  const existing = await db.emailMessage.findUnique({ where: key, select: { id: true } });
  if (existing) return { id: existing.id, created: false };
  const message = await db.emailMessage.create({
    data: {
      shop: email.shop,
      kind: email.kind,
      idempotencyKey: email.idempotencyKey,
      toEmail: email.toEmail,
      locale: email.locale,
      subscriptionId: email.subscriptionId,
      restockEventId: email.restockEventId,
      data: JSON.stringify(email.data ?? {}),
      reason: email.reason,
    },
    select: { id: true },
  });
  await enqueueJob(db, {
    shop: email.shop,
    type: EMAIL_SEND_JOB,
    payload: { emailMessageId: message.id },
    idempotencyKey: `email:${message.id}`,
    runAt: email.runAt,
    maxAttempts: EMAIL_MAX_ATTEMPTS,
  });
  return { id: message.id, created: true };
}
