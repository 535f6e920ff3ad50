import type { EmailMessage } from "@prisma/client";
import prisma from "#app/db.server";
import { type Db } from "./job.server";
import { enqueue, enqueueMany } from "../jobs/enqueue.server";
import { EMAIL_SEND_JOB } from "../jobs/job-types";
export { EMAIL_SEND_JOB };

// The email outbox. Callers enqueue inside the transaction that made the state change (a confirmation for a new
// subscription, a back-in-stock email for a restock batch), so a crash never keeps the change without the email
// or the email without the change. Delivery is an `email.send` job (retries, backoff, dead state) — see
// app/services/email-delivery.server.ts. This module is the EmailMessage table's one query module.

export type { EmailMessage };

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
  await enqueue({
    shop: email.shop,
    type: EMAIL_SEND_JOB,
    payload: { emailMessageId: message.id },
    idempotencyKey: `email:${message.id}`,
    runAt: email.runAt,
    maxAttempts: EMAIL_MAX_ATTEMPTS,
  }, db);
  return { id: message.id, created: true };
}

/**
 * Many emails of one shop in a few statements: EmailMessage rows by createManyAndReturn (skipping keys that already
 * exist), then their email.send jobs in one enqueueJobs, each row and job exactly as enqueueEmail writes them.
 */
export async function enqueueEmails(db: Db, emails: readonly NewEmail[]): Promise<void> {
  if (!emails.length) return;
  const shop = emails[0].shop;
  if (emails.some((email) => email.shop !== shop)) throw new Error("enqueueEmails: every email must be of the same shop");
  const existing = await db.emailMessage.findMany({
    where: { shop, idempotencyKey: { in: emails.map((email) => email.idempotencyKey) } },
    select: { idempotencyKey: true },
  });
  const taken = new Set(existing.map((e) => e.idempotencyKey));
  const fresh = emails.filter((email) => !taken.has(email.idempotencyKey));
  if (!fresh.length) return;
  const messages = await db.emailMessage.createManyAndReturn({
    data: fresh.map((email) => ({
      shop,
      kind: email.kind,
      idempotencyKey: email.idempotencyKey,
      toEmail: email.toEmail,
      locale: email.locale,
      subscriptionId: email.subscriptionId,
      restockEventId: email.restockEventId,
      data: JSON.stringify(email.data ?? {}),
      reason: email.reason,
    })),
    select: { id: true, idempotencyKey: true },
  });
  const runAtOf = new Map(fresh.map((email) => [email.idempotencyKey, email.runAt]));
  await enqueueMany(messages.map((message) => ({
      shop,
      type: EMAIL_SEND_JOB,
      payload: { emailMessageId: message.id },
      idempotencyKey: `email:${message.id}`,
      maxAttempts: EMAIL_MAX_ATTEMPTS,
      runAt: runAtOf.get(message.idempotencyKey)!,
    })), db);
}

export function findEmailMessage(shop: string, id: string, db: Db = prisma): Promise<EmailMessage | null> {
  return db.emailMessage.findFirst({ where: { id, shop } });
}

/** The outcome of a delivery attempt, on the row the merchant's history shows. */
export type EmailDeliveryRecord = {
  status: "sent" | "failed" | "dead" | "cancelled";
  attempts: number;
  lastError: string | null;
  sentAt?: Date;
  messageId?: string;
};

export async function recordEmailDelivery(id: string, record: EmailDeliveryRecord, db: Db = prisma): Promise<void> {
  await db.emailMessage.update({ where: { id }, data: record });
}

/** How many emails of `kind` were queued for the subscription so far. */
export function countSubscriptionEmails(shop: string, subscriptionId: string, kind: EmailKind, db: Db = prisma): Promise<number> {
  return db.emailMessage.count({ where: { shop, subscriptionId, kind } });
}

/** Cancels the subscription's emails not yet handed to SMTP (queued, or failed and waiting for a retry). */
export async function cancelUnsentSubscriptionEmails(shop: string, subscriptionId: string, reason: string, db: Db = prisma): Promise<void> {
  await db.emailMessage.updateMany({
    where: { shop, subscriptionId, status: { in: ["queued", "failed"] } },
    data: { status: "cancelled", lastError: reason },
  });
}

/** The emails of the given subscriptions, oldest first. */
export function listSubscriptionEmails(shop: string, subscriptionIds: readonly string[], db: Db = prisma): Promise<EmailMessage[]> {
  return db.emailMessage.findMany({
    where: { shop, subscriptionId: { in: [...subscriptionIds] } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
  });
}
