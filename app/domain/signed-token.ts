// Signed, purpose-bound tokens for links in emails (one-click unsubscribe, cancel request): `<kid>.<subject>.<sig>`.
// Nothing is stored; a token cannot be forged without the app secret, and a token minted for one purpose is
// useless for another. Pure: the secrets are passed in.
//
// Keys: each purpose gets its own HMAC key, derived from the app secret with HKDF-SHA256 (info = the purpose), so
// the raw client secret (which Shopify also uses for webhooks, OAuth and the app proxy) never signs a link itself.
// `kid` is a short fingerprint of that derived key, itself one more HMAC under the key, so it tells the verifier
// which secret (current or previous) minted the token without revealing anything that helps forge one. Rotation:
// tokens minted with a secret in `previousSecrets` keep verifying until that secret is dropped from the list.
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";

export type TokenPurpose = "unsubscribe" | "cancel-request" | (string & {});

/** Fixed HKDF salt: separates these keys from anything else that might ever be derived from the same secret. */
const HKDF_SALT = "backorders/signed-token/v1";
const KID_BYTES = 6; // 8 base64url characters; a collision only costs one extra HMAC (every matching key is tried)
const SIGNATURE_BYTES = 32;
// Real subjects are database ids; the cap keeps a hostile URL from making us decode and hash megabytes.
const MAX_TOKEN_LENGTH = 2048;
const BASE64URL = /^[A-Za-z0-9_-]+$/;

type TokenKey = { kid: string; key: Buffer };

function deriveKey(purpose: TokenPurpose, secret: string): TokenKey {
  const key = Buffer.from(hkdfSync("sha256", secret, HKDF_SALT, purpose, 32));
  const kid = createHmac("sha256", key).update("kid").digest().subarray(0, KID_BYTES).toString("base64url");
  return { kid, key };
}

function signature(key: Buffer, kid: string, encodedSubject: string): Buffer {
  return createHmac("sha256", key).update(`${kid}.${encodedSubject}`).digest();
}

// The format before key derivation: `<subject>.<sig>`, HMAC-SHA256 with the raw secret over "<purpose>\n<subject>".
// Still accepted (never minted) because emails already sent carry such links and an unsubscribe link must keep
// working; it can go once the oldest email sent before the change no longer needs to work.
function legacySignature(purpose: TokenPurpose, subject: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`${purpose}\n${subject}`).digest();
}

const sameBytes = (given: Buffer, expected: Buffer) => given.length === expected.length && timingSafeEqual(given, expected);

function requireSecrets(caller: string, secret: string, previousSecrets: readonly string[]): string[] {
  const secrets = [secret, ...previousSecrets];
  if (secrets.some((s) => typeof s !== "string" || s.length === 0)) throw new Error(`${caller} needs a non-empty secret (and non-empty previous secrets)`);
  return secrets;
}

/** A URL-safe token for `subject` (e.g. a subscription id), valid only for `purpose`, signed with the current secret. */
export function signToken(input: { purpose: TokenPurpose; subject: string; secret: string }): string {
  requireSecrets("signToken", input.secret, []);
  const { kid, key } = deriveKey(input.purpose, input.secret);
  const encodedSubject = Buffer.from(input.subject, "utf8").toString("base64url");
  return `${kid}.${encodedSubject}.${signature(key, kid, encodedSubject).toString("base64url")}`;
}

/**
 * The subject of a genuine token for `purpose`, minted with `secret` or one of `previousSecrets` (in the current or
 * the legacy format), or null for anything else: malformed, forged, tampered, other purpose, unknown secret.
 */
export function verifyToken(input: { purpose: TokenPurpose; token: string; secret: string; previousSecrets?: readonly string[] }): string | null {
  const secrets = requireSecrets("verifyToken", input.secret, input.previousSecrets ?? []);
  const token = input.token;
  if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) return null;
  const parts = token.split(".");
  if (!parts.every((part) => BASE64URL.test(part))) return null;

  if (parts.length === 3) {
    const [kid, encodedSubject, encodedSignature] = parts;
    const subject = decodeSubject(encodedSubject);
    if (subject === null) return null;
    const given = Buffer.from(encodedSignature, "base64url");
    if (given.length !== SIGNATURE_BYTES) return null;
    const candidates = secrets.map((secret) => deriveKey(input.purpose, secret)).filter((key) => key.kid === kid);
    return candidates.some(({ key }) => sameBytes(given, signature(key, kid, encodedSubject))) ? subject : null;
  }

  if (parts.length === 2) {
    const [encodedSubject, encodedSignature] = parts;
    const subject = decodeSubject(encodedSubject);
    if (subject === null) return null;
    const given = Buffer.from(encodedSignature, "base64url");
    return secrets.some((secret) => sameBytes(given, legacySignature(input.purpose, subject, secret))) ? subject : null;
  }

  return null;
}

// Re-encoding must give back the same text, so one token has exactly one spelling (no padding or stray bits).
function decodeSubject(encoded: string): string | null {
  const subject = Buffer.from(encoded, "base64url").toString("utf8");
  return Buffer.from(subject, "utf8").toString("base64url") === encoded ? subject : null;
}
