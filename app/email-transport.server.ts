// Outgoing SMTP for restock-alert emails: one pooled nodemailer transport per process (connections are reused
// across the worker's jobs), configured by SMTP_URL. Any SMTP provider works (Postmark, SES, Mailgun, Resend all
// speak SMTP); tests and the demo use the simulator's mailbox (simulator/mailbox.ts).
import nodemailer from "nodemailer";
import { env } from "./env.server";

export type OutgoingEmail = {
  from: { name: string; address: string };
  to: string;
  subject: string;
  text: string;
  html: string;
  /** Full Message-ID header value, with angle brackets. */
  messageId: string;
  /** Extra headers, written as given (one line each). */
  headers: Record<string, string>;
};

export type EmailTransport = {
  send(email: OutgoingEmail): Promise<{ messageId: string; response: string }>;
  close(): void;
};

export class SmtpNotConfiguredError extends Error {
  constructor() {
    super("SMTP_URL not configured: set SMTP_URL (e.g. smtp://user:password@smtp.example.com:587) so restock emails can be sent; they stay queued and are retried until then.");
    this.name = "SmtpNotConfiguredError";
  }
}

export function createSmtpTransport(url: string): EmailTransport {
  const transporter = nodemailer.createTransport({
    url,
    pool: true,
    maxConnections: 3,
    // Fail a dead server fast: the job table retries with backoff, holding a lease meanwhile is pointless.
    connectionTimeout: 15_000,
    greetingTimeout: 15_000,
    socketTimeout: 60_000,
  });
  return {
    async send(email) {
      const headers = Object.fromEntries(
        // `prepared` keeps the value exactly as written (no folding or encoding), e.g. List-Unsubscribe's <url>.
        Object.entries(email.headers).map(([name, value]) => [name, { prepared: true, value }]),
      );
      const info = await transporter.sendMail({
        from: email.from,
        to: email.to,
        subject: email.subject,
        text: email.text,
        html: email.html,
        messageId: email.messageId,
        headers,
      });
      return { messageId: info.messageId, response: info.response };
    },
    close() {
      transporter.close();
    },
  };
}

declare global {
  // eslint-disable-next-line no-var
  var backordersEmailTransport: { url: string; transport: EmailTransport } | undefined;
}

/** The process's transport for SMTP_URL, created on first use. Throws SmtpNotConfiguredError without SMTP_URL. */
export function defaultEmailTransport(): EmailTransport {
  const url = env.SMTP_URL;
  if (!url) throw new SmtpNotConfiguredError();
  if (globalThis.backordersEmailTransport?.url !== url) {
    globalThis.backordersEmailTransport?.transport.close();
    globalThis.backordersEmailTransport = { url, transport: createSmtpTransport(url) };
  }
  return globalThis.backordersEmailTransport.transport;
}

export function closeDefaultEmailTransport(): void {
  globalThis.backordersEmailTransport?.transport.close();
  globalThis.backordersEmailTransport = undefined;
}

/** "Shop <alerts@x>" → { name, address }; the display name defaults to the shop's name. */
export function senderFor(shopName: string | null, emailFrom = env.EMAIL_FROM): { name: string; address: string } {
  const match = /^\s*(?:"?([^"<]*?)"?\s*)?<([^>]+)>\s*$/.exec(emailFrom);
  const address = (match ? match[2] : emailFrom).trim();
  const configuredName = match?.[1]?.trim() ?? "";
  return { name: shopName?.trim() || configuredName || address, address };
}

/**
 * True when the SMTP server refused this message or its recipient for good (5xx on MAIL/RCPT/DATA, e.g. "550
 * mailbox unavailable"): sending it again cannot succeed. Authentication failures (535) are not counted: they are
 * a configuration problem of every message, which the merchant can fix, so those keep retrying.
 */
export function isPermanentSmtpRejection(error: unknown): boolean {
  const err = error as { responseCode?: unknown; code?: unknown } | null;
  if (!err || typeof err.responseCode !== "number") return false;
  if (err.code === "EAUTH" || err.code === "ENOAUTH") return false;
  return err.responseCode >= 500 && err.responseCode < 600 && err.responseCode !== 503;
}
