// A real SMTP server for the simulator, tests and the demo: accepts every message on a local port, parses it
// (mailparser) and keeps it in memory. Like an ESP's idempotency key (Resend, Postmark), a second message with a
// Message-ID it already has is accepted (250) but dropped and counted, so a resend after a worker crash does not
// reach the inbox twice. Browsable at GET /mailbox on the simulator; JSON at GET /_sim/mailbox.
import type { AddressInfo } from "node:net";
import { simpleParser, type AddressObject } from "mailparser";
import { SMTPServer } from "smtp-server";
import { BASE_STYLE, escapeHtml } from "./admin-ui/html";

export type MailboxMessage = {
  id: string; // 1, 2, 3… in arrival order
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  messageId: string | null;
  /** Every header, lower-cased name → unfolded raw value (the last one wins for repeated names). */
  headers: Record<string, string>;
};

export type Mailbox = {
  url: string; // smtp://host:port
  port: number;
  messages(): MailboxMessage[];
  get(id: string): MailboxMessage | undefined;
  /** Messages accepted but dropped because their Message-ID had been received before. */
  duplicatesDropped(): number;
  /** Distinct messages accepted so far (stored ones, or only counted with `keepMessages: false`). */
  acceptedCount(): number;
  /** Resolves with the first message (already received or arriving) matching `predicate`. */
  waitFor(predicate: (message: MailboxMessage) => boolean, timeoutMs?: number): Promise<MailboxMessage>;
  /** Answers RCPT TO for matching recipients with a permanent 550 rejection (null: accept everyone). */
  rejectRecipients(predicate: ((address: string) => boolean) | null): void;
  clear(): void;
  close(): Promise<void>;
};

export type StartMailboxOptions = {
  /** 0 picks a free port. */
  port?: number;
  host?: string;
  /**
   * Waits this long after storing a message before answering its DATA with 250: a slow server, and a window in
   * which the message is accepted but the client does not know it yet (what a worker crash test needs).
   */
  acceptDelayMs?: number;
  log?: (line: string) => void;
  /**
   * false: count accepted messages (deduplicated by Message-ID) without parsing or keeping them — for benchmarks
   * that send 100,000 emails; messages(), get() and waitFor() then see nothing. Default true.
   */
  keepMessages?: boolean;
};

const MAX_MESSAGE_BYTES = 10 * 1024 * 1024;

function addressText(value: AddressObject | AddressObject[] | undefined): string {
  if (!value) return "";
  return (Array.isArray(value) ? value : [value]).map((v) => v.text).join(", ");
}

function headerRecord(lines: readonly { key: string; line: string }[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const { key, line } of lines) {
    const value = line.slice(line.indexOf(":") + 1).replace(/\r?\n[ \t]+/g, " ").trim();
    headers[key.toLowerCase()] = value;
  }
  return headers;
}

export async function startMailbox(options: StartMailboxOptions = {}): Promise<Mailbox> {
  const stored: MailboxMessage[] = [];
  const seenMessageIds = new Set<string>();
  let duplicates = 0;
  let countedOnly = 0;
  let nextId = 1;
  let rejectPredicate: ((address: string) => boolean) | null = null;
  const waiters = new Set<{ predicate: (m: MailboxMessage) => boolean; resolve: (m: MailboxMessage) => void }>();
  const log = options.log ?? (() => undefined);

  const server = new SMTPServer({
    secure: false,
    disabledCommands: ["STARTTLS"], // plain local SMTP; clients would otherwise try to upgrade to TLS
    authOptional: true,
    allowInsecureAuth: true,
    size: MAX_MESSAGE_BYTES,
    logger: false,
    closeTimeout: 500, // pooled clients keep connections open; do not hold close() for the default 30 s
    onAuth(_auth, _session, callback) {
      callback(null, { user: "mailbox" }); // any credentials: SMTP_URLs with user:password work unchanged
    },
    onRcptTo(address, _session, callback) {
      if (rejectPredicate?.(address.address)) {
        const error = new Error(`5.1.1 <${address.address}>: Recipient address rejected: mailbox unavailable`) as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, session, callback) {
      if (options.keepMessages === false) return countOnly(stream, callback);
      simpleParser(stream)
        .then(async (parsed) => {
          const messageId = parsed.messageId ?? null;
          if (messageId && seenMessageIds.has(messageId)) {
            duplicates++;
            log(`mailbox: dropped duplicate ${messageId}`);
            return callback();
          }
          if (messageId) seenMessageIds.add(messageId);
          const message: MailboxMessage = {
            id: String(nextId++),
            receivedAt: new Date().toISOString(),
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            from: addressText(parsed.from),
            to: addressText(parsed.to),
            subject: parsed.subject ?? "",
            text: parsed.text ?? "",
            html: typeof parsed.html === "string" ? parsed.html : null,
            messageId,
            headers: headerRecord(parsed.headerLines),
          };
          stored.push(message);
          log(`mailbox: ${message.to} · ${message.subject}`);
          for (const waiter of [...waiters]) {
            if (waiter.predicate(message)) {
              waiters.delete(waiter);
              waiter.resolve(message);
            }
          }
          if (options.acceptDelayMs) await new Promise((resolve) => setTimeout(resolve, options.acceptDelayMs));
          callback();
        })
        .catch((error: unknown) => callback(error instanceof Error ? error : new Error(String(error))));
    },
  });
  server.on("error", (error) => log(`mailbox error: ${error.message}`));

  // Count-only mode: read the header block for the Message-ID (same dedupe as above), drain the rest unparsed.
  function countOnly(stream: NodeJS.ReadableStream, callback: (error?: Error | null) => void) {
    let head = "";
    let headDone = false;
    stream.on("data", (chunk: Buffer) => {
      if (headDone) return;
      head += chunk.toString("latin1");
      const end = head.indexOf("\r\n\r\n");
      if (end >= 0) {
        head = head.slice(0, end);
        headDone = true;
      }
    });
    stream.on("error", (error: Error) => callback(error));
    stream.on("end", () => {
      const messageId = /^message-id:[ \t]*(.+?)\s*$/im.exec(head)?.[1] ?? null;
      if (messageId && seenMessageIds.has(messageId)) duplicates++;
      else {
        if (messageId) seenMessageIds.add(messageId);
        countedOnly++;
      }
      callback();
    });
  }

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as AddressInfo).port;
  const urlHost = host === "0.0.0.0" || host === "::" ? "127.0.0.1" : host;

  return {
    url: `smtp://${urlHost.includes(":") ? `[${urlHost}]` : urlHost}:${port}`,
    port,
    messages: () => [...stored],
    get: (id) => stored.find((m) => m.id === id),
    duplicatesDropped: () => duplicates,
    acceptedCount: () => stored.length + countedOnly,
    waitFor(predicate, timeoutMs = 15_000) {
      const found = stored.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (m: MailboxMessage) => {
            clearTimeout(timer);
            resolve(m);
          },
        };
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`No matching email arrived within ${timeoutMs} ms (${stored.length} in the mailbox)`));
        }, timeoutMs);
        waiters.add(waiter);
      });
    },
    rejectRecipients(predicate) {
      rejectPredicate = predicate;
    },
    clear() {
      stored.length = 0;
      seenMessageIds.clear();
      duplicates = 0;
      countedOnly = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// ---- Pages (served by simulator/server.ts) -----------------------------------------------------------------

export function mailboxJson(mailbox: Mailbox): { smtpUrl: string; duplicatesDropped: number; messages: MailboxMessage[] } {
  return { smtpUrl: mailbox.url, duplicatesDropped: mailbox.duplicatesDropped(), messages: mailbox.messages().reverse() };
}

function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>${BASE_STYLE}
  main { padding: 16px 24px; max-width: 1200px; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; background: #fff; padding: 12px; }
  dt { font-weight: 600; } dd { margin: 0; word-break: break-all; }
  iframe { width: 100%; height: 640px; border: 1px solid #e3e3e3; background: #fff; }
  pre { white-space: pre-wrap; background: #fff; padding: 12px; }
</style>
</head>
<body>
<header class="topbar"><span class="brand">shopify</span><span class="badge">simulator</span><a href="/simulator" style="color:#e3e3e3">console</a></header>
<main>
${body}
</main>
</body>
</html>`;
}

export function renderMailboxPage(mailbox: Mailbox | undefined): string {
  if (!mailbox) {
    return page("Mailbox", `<h2>Mailbox</h2><p>The mailbox is off: start the simulator with an SMTP port (<code>smtpPort</code>) to receive the app's emails.</p>`);
  }
  const rows = mailbox
    .messages()
    .reverse()
    .map(
      (m) => `<tr>
  <td>${escapeHtml(m.receivedAt)}</td>
  <td>${escapeHtml(m.to)}</td>
  <td><a href="/mailbox/${encodeURIComponent(m.id)}">${escapeHtml(m.subject || "(no subject)")}</a></td>
  <td>${escapeHtml(m.from)}</td>
</tr>`,
    )
    .join("\n");
  return page(
    "Mailbox",
    `<h2>Mailbox <small><a href="/mailbox">refresh</a> · <a href="/_sim/mailbox">JSON</a></small></h2>
<p>SMTP: <code>${escapeHtml(mailbox.url)}</code> · duplicates dropped: ${mailbox.duplicatesDropped()}</p>
<table data-testid="mailbox"><thead><tr><th>Received</th><th>To</th><th>Subject</th><th>From</th></tr></thead><tbody>
${rows || `<tr><td colspan="4">No emails yet.</td></tr>`}
</tbody></table>`,
  );
}

export function renderMailboxMessagePage(message: MailboxMessage): string {
  const headerRows = Object.entries(message.headers)
    .map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`)
    .join("\n");
  // The HTML part runs in a sandboxed iframe (no scripts, no same-origin access); links open in a new tab.
  const html = message.html ? `<base target="_blank">${message.html}` : null;
  return page(
    message.subject || "Email",
    `<p><a href="/mailbox">← Mailbox</a></p>
<h2>${escapeHtml(message.subject || "(no subject)")}</h2>
<dl><dt>From</dt><dd>${escapeHtml(message.from)}</dd><dt>To</dt><dd>${escapeHtml(message.to)}</dd><dt>Received</dt><dd>${escapeHtml(message.receivedAt)}</dd></dl>
${html ? `<h3>HTML</h3><iframe data-testid="email-html" sandbox="allow-popups allow-popups-to-escape-sandbox" srcdoc="${escapeHtml(html)}"></iframe>` : ""}
<h3>Text</h3><pre data-testid="email-text">${escapeHtml(message.text)}</pre>
<details><summary>Headers</summary><dl>${headerRows}</dl></details>`,
  );
}
