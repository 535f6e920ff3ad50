// The notify-me ("email me when it's back") request the storefront block posts to the app proxy
// (`/apps/backorders/notify` → `/proxy/notify`). Field names and constants are shared with the theme block, so this
// file stays client-safe (no server code). Bot checks (honeypot, fill time) run on the raw input before this schema,
// so a bot gets the success response whatever else it sent.
import { z } from "zod";
import { toGid } from "../shopify/gid";

/** The hidden honeypot input. Innocuous on purpose (not "honeypot"/"website"); real shoppers never fill it. */
export const NOTIFY_HONEYPOT_FIELD = "customer_note";
/** A submission this soon (ms) after the form was rendered is treated as a bot. */
export const NOTIFY_MIN_FILL_MS = 2_000;
/** Shopper languages of the storefront strings and alert emails; the first is the fallback. */
export const NOTIFY_LOCALES = ["en", "de", "fr", "es"] as const;
export type NotifyLocale = (typeof NOTIFY_LOCALES)[number];
/** Version of the consent wording the block shows next to the checkbox; stored with every signup as evidence. */
export const NOTIFY_CONSENT_TEXT_VERSION = "notify-consent-v1";
/** RFC 5321 path limit. */
export const EMAIL_MAX_LENGTH = 254;
const EMAIL_LOCAL_MAX_LENGTH = 64;

/** The form's field names (what the block must post, form-encoded, multipart or JSON). */
export const NOTIFY_FIELDS = {
  variantId: "variantId",
  email: "email",
  locale: "locale",
  consent: "consent",
  renderedAt: "rendered_at",
  honeypot: NOTIFY_HONEYPOT_FIELD,
} as const;

/** Error codes the block maps to its translated messages (the English `message` is the fallback). */
export const NOTIFY_ERROR_CODES = [
  "METHOD_NOT_ALLOWED",
  "NOT_INSTALLED",
  "INVALID_REQUEST",
  "INVALID_EMAIL",
  "INVALID_VARIANT",
  "INVALID_LOCALE",
  "CONSENT_REQUIRED",
  "VARIANT_NOT_FOUND",
  "VARIANT_AVAILABLE",
  "PRODUCT_UNAVAILABLE",
  "INVALID_SIGNATURE",
  "RATE_LIMITED",
] as const;
export type NotifyErrorCode = (typeof NOTIFY_ERROR_CODES)[number];

/** Which error code a schema issue on each field maps to. */
export const NOTIFY_FIELD_ERROR_CODES: Record<string, NotifyErrorCode> = {
  [NOTIFY_FIELDS.email]: "INVALID_EMAIL",
  [NOTIFY_FIELDS.variantId]: "INVALID_VARIANT",
  [NOTIFY_FIELDS.locale]: "INVALID_LOCALE",
  [NOTIFY_FIELDS.renderedAt]: "INVALID_REQUEST",
};

export type EmailCheck = { ok: true; email: string; normalized: string } | { ok: false; message: string };

const EMAIL_INVALID_MESSAGE = "Enter a valid email address, like name@example.com.";
// RFC 5322 atext: what an unquoted local part may hold. Quoted local parts, comments and non-ASCII local parts
// (SMTPUTF8) are refused: not every mail server delivers them.
const LOCAL_PART_PATTERN = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;
const DOMAIN_LABEL_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
// Letters only, or an internationalised TLD in its xn-- form; numeric TLDs would be IP addresses.
const TLD_PATTERN = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
// Characters that would make the URL parser read the domain as something else (or that never belong in one).
const DOMAIN_FORBIDDEN = /[/?#:@\\%[\]\s]/;

/** The host name in ASCII (IDNs as xn-- labels), lowercased; null when it is not a usable mail domain. */
function asciiMailDomain(domain: string): string | null {
  if (!domain || DOMAIN_FORBIDDEN.test(domain)) return null;
  let ascii: string;
  try {
    ascii = new URL(`http://${domain}/`).hostname; // WHATWG URL: IDNA (UTS #46) mapping to punycode + lowercase
  } catch {
    return null;
  }
  if (ascii.length > 253) return null;
  const labels = ascii.split(".");
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL_PATTERN.test(label))) return null;
  return TLD_PATTERN.test(labels[labels.length - 1]) ? ascii : null;
}

/**
 * Checks and normalises a shopper's email address. `email` keeps the local part as typed and has the domain in
 * lowercase ASCII (an IDN becomes its xn-- form, which every mail server accepts); `normalized` is all lowercase
 * and is what duplicate signups are recognised by.
 */
export function checkEmail(raw: string): EmailCheck {
  const value = raw.trim();
  if (!value) return { ok: false, message: "Enter your email address." };
  if (value.length > EMAIL_MAX_LENGTH) return { ok: false, message: `That email address is too long (at most ${EMAIL_MAX_LENGTH} characters).` };
  if (/[<>"]/.test(value)) return { ok: false, message: "Enter only the email address, like name@example.com, without a name." };
  if (/\s/.test(value)) return { ok: false, message: "Email addresses cannot contain spaces." };
  const parts = value.split("@");
  if (parts.length !== 2) return { ok: false, message: EMAIL_INVALID_MESSAGE };
  const [local, domain] = parts;
  if (local.length > EMAIL_LOCAL_MAX_LENGTH) return { ok: false, message: `The part before the @ is too long (at most ${EMAIL_LOCAL_MAX_LENGTH} characters).` };
  if (!LOCAL_PART_PATTERN.test(local)) return { ok: false, message: EMAIL_INVALID_MESSAGE };
  const asciiDomain = asciiMailDomain(domain);
  if (!asciiDomain) return { ok: false, message: EMAIL_INVALID_MESSAGE };
  const email = `${local}@${asciiDomain}`;
  if (email.length > EMAIL_MAX_LENGTH) return { ok: false, message: `That email address is too long (at most ${EMAIL_MAX_LENGTH} characters).` };
  return { ok: true, email, normalized: email.toLowerCase() };
}

export function isPlausibleEmail(email: string): boolean {
  return checkEmail(email).ok;
}

const LOCALE_TAG_PATTERN = /^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$/;

/** "de", "de-DE", "DE_at" → "de"; a well-formed tag in a language we don't speak → "en"; null for garbage. */
export function toNotifyLocale(value: string): NotifyLocale | null {
  if (value.length > 35 || !LOCALE_TAG_PATTERN.test(value)) return null;
  const language = value.slice(0, value.search(/[-_]|$/)).toLowerCase();
  return (NOTIFY_LOCALES as readonly string[]).includes(language) ? (language as NotifyLocale) : NOTIFY_LOCALES[0];
}

const blankToUndefined = (value: unknown) =>
  value === null || (typeof value === "string" && value.trim() === "") ? undefined : value;

const email = z.preprocess(
  blankToUndefined,
  z.string({ error: "Enter your email address." }).transform((value, ctx) => {
    const checked = checkEmail(value);
    if (!checked.ok) {
      ctx.addIssue({ code: "custom", message: checked.message });
      return z.NEVER;
    }
    return checked.email;
  }),
);

const variantId = z.preprocess(
  (value) => (typeof value === "string" ? value.trim() : value),
  z
    .union([z.string(), z.number()], { error: "This product option could not be found. Reload the page and try again." })
    .transform((value, ctx) => {
      const gid = toGid("ProductVariant", value);
      if (!gid || !/^gid:\/\/shopify\/ProductVariant\/\d+$/.test(gid)) {
        ctx.addIssue({ code: "custom", message: "This product option could not be found. Reload the page and try again." });
        return z.NEVER;
      }
      return gid;
    }),
);

const locale = z.preprocess(
  blankToUndefined,
  z
    .string({ error: "The page language is not supported. Reload the page and try again." })
    .trim()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return NOTIFY_LOCALES[0];
      const resolved = toNotifyLocale(value);
      if (!resolved) {
        ctx.addIssue({ code: "custom", message: "The page language is not supported. Reload the page and try again." });
        return z.NEVER;
      }
      return resolved;
    }),
);

const consent = z.preprocess(
  (value) => value === true || value === "true" || value === "on" || value === "1" || value === "yes" || value === 1,
  z.boolean(),
);

/** Milliseconds since the epoch, as a number or a digit string. */
export function parseRenderedAt(value: unknown): number | null {
  const number = typeof value === "number" ? value : typeof value === "string" && /^\d{1,16}$/.test(value.trim()) ? Number(value.trim()) : NaN;
  return Number.isSafeInteger(number) && number > 0 ? number : null;
}

const renderedAt = z.unknown().transform((value, ctx) => {
  const parsed = parseRenderedAt(value);
  if (parsed === null) {
    ctx.addIssue({ code: "custom", message: "The form is out of date. Reload the page and try again." });
    return z.NEVER;
  }
  return parsed;
});

/** Field order = the order errors are reported in: what the shopper can fix first. */
export const notifyRequestSchema = z.object({
  [NOTIFY_FIELDS.email]: email,
  [NOTIFY_FIELDS.variantId]: variantId,
  [NOTIFY_FIELDS.locale]: locale,
  [NOTIFY_FIELDS.consent]: consent,
  [NOTIFY_FIELDS.renderedAt]: renderedAt,
});

export type NotifyRequest = z.output<typeof notifyRequestSchema>;

/**
 * True when the submission looks automated: the honeypot holds anything, or it came less than
 * NOTIFY_MIN_FILL_MS after `rendered_at` (including a render time in the future). A missing or malformed
 * `rendered_at` is not a bot signal here; the schema rejects it with a reload hint.
 */
export function looksAutomated(input: Record<string, unknown>, now: Date): boolean {
  const honeypot = input[NOTIFY_HONEYPOT_FIELD];
  if (honeypot !== undefined && honeypot !== null && honeypot !== "" && honeypot !== false) return true;
  const rendered = parseRenderedAt(input[NOTIFY_FIELDS.renderedAt]);
  return rendered !== null && now.getTime() - rendered < NOTIFY_MIN_FILL_MS;
}
