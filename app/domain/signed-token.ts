// Signed, purpose-bound tokens for links in emails (e.g. one-click unsubscribe): `<subject>.<signature>`, where
// the signature is an HMAC-SHA256 over the purpose and the subject. Nothing is stored, a token cannot be forged
// without the secret, and a token minted for one purpose is useless for another. Pure: the secret is passed in.
import { createHmac, timingSafeEqual } from "node:crypto";

export type TokenPurpose = "unsubscribe" | (string & {});

function signature(purpose: TokenPurpose, subject: string, secret: string): Buffer {
  return createHmac("sha256", secret).update(`${purpose}\n${subject}`).digest();
}

/** A URL-safe token for `subject` (e.g. a subscription id), valid only for `purpose`. */
export function signToken(input: { purpose: TokenPurpose; subject: string; secret: string }): string {
  if (!input.secret) throw new Error("signToken needs a non-empty secret");
  const encodedSubject = Buffer.from(input.subject, "utf8").toString("base64url");
  return `${encodedSubject}.${signature(input.purpose, input.subject, input.secret).toString("base64url")}`;
}

/** The subject of a genuine token for `purpose`, or null for a malformed, forged or other-purpose token. */
export function verifyToken(input: { purpose: TokenPurpose; token: string; secret: string }): string | null {
  if (!input.secret) throw new Error("verifyToken needs a non-empty secret");
  const parts = input.token.split(".");
  if (parts.length !== 2) return null;
  const [encodedSubject, encodedSignature] = parts;
  if (!/^[A-Za-z0-9_-]+$/.test(encodedSubject) || !/^[A-Za-z0-9_-]+$/.test(encodedSignature)) return null;
  const subject = Buffer.from(encodedSubject, "base64url").toString("utf8");
  // Re-encoding must give back the same text, so one token has exactly one spelling.
  if (Buffer.from(subject, "utf8").toString("base64url") !== encodedSubject) return null;
  const given = Buffer.from(encodedSignature, "base64url");
  const expected = signature(input.purpose, subject, input.secret);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return subject;
}
