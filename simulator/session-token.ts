import { createHmac, randomBytes, randomUUID, timingSafeEqual } from "node:crypto";

// Session tokens (a.k.a. id tokens) are what Shopify admin hands an embedded app through App Bridge: an HS256
// JWT signed with the app's client secret. shopify-api's decodeSessionToken checks the signature, exp/nbf (with
// 10 s tolerance) and `aud`; shopify-app-remix then reads `dest` (shop) and `sub` (user). We mint the same claims
// real admin does so the app cannot tell the difference.

export type SessionTokenClaims = {
  iss: string;
  dest: string;
  aud: string;
  sub: string;
  exp: number;
  nbf: number;
  iat: number;
  jti: string;
  sid: string;
  sig: string;
};

export type MintIdTokenOptions = {
  userId?: string | number;
  ttlSeconds?: number;
  /** Overrides for negative tests (wrong audience, foreign shop, ...). */
  claims?: Partial<SessionTokenClaims>;
  /** Sign with another secret, to produce a token the app must reject. */
  secret?: string;
};

export type SessionTokenKeys = { apiKey: string; apiSecret: string; now?: () => Date };

export const DEFAULT_ID_TOKEN_TTL_SECONDS = 60;
export const DEFAULT_USER_ID = "1";
const CLOCK_TOLERANCE_SECONDS = 10;

function encodeSegment(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString("base64url");
}

function signSegments(headerAndPayload: string, secret: string): string {
  return createHmac("sha256", secret).update(headerAndPayload).digest("base64url");
}

export function signJwt(payload: object, secret: string): string {
  const unsigned = `${encodeSegment({ alg: "HS256", typ: "JWT" })}.${encodeSegment(payload)}`;
  return `${unsigned}.${signSegments(unsigned, secret)}`;
}

export class InvalidSessionTokenError extends Error {}

/** Verifies signature and time claims; returns the claims. Throws InvalidSessionTokenError with the reason. */
export function verifyJwt(token: string, secret: string, now: Date = new Date()): Record<string, unknown> {
  const parts = token.split(".");
  if (parts.length !== 3) throw new InvalidSessionTokenError("malformed token");
  const [header, payload, signature] = parts;
  let decodedHeader: { alg?: string };
  let claims: Record<string, unknown>;
  try {
    decodedHeader = JSON.parse(Buffer.from(header, "base64url").toString("utf8"));
    claims = JSON.parse(Buffer.from(payload, "base64url").toString("utf8"));
  } catch {
    throw new InvalidSessionTokenError("malformed token");
  }
  if (decodedHeader.alg !== "HS256") throw new InvalidSessionTokenError("unsupported algorithm");
  const expected = Buffer.from(signSegments(`${header}.${payload}`, secret));
  const actual = Buffer.from(signature);
  if (expected.length !== actual.length || !timingSafeEqual(expected, actual)) {
    throw new InvalidSessionTokenError("signature mismatch");
  }
  const nowSeconds = Math.floor(now.getTime() / 1000);
  if (typeof claims.exp !== "number" || claims.exp + CLOCK_TOLERANCE_SECONDS <= nowSeconds) {
    throw new InvalidSessionTokenError("token expired");
  }
  if (typeof claims.nbf === "number" && claims.nbf - CLOCK_TOLERANCE_SECONDS > nowSeconds) {
    throw new InvalidSessionTokenError("token not yet valid");
  }
  return claims;
}

export function mintIdToken(keys: SessionTokenKeys, shop: string, opts: MintIdTokenOptions = {}): string {
  const issuedAt = Math.floor((keys.now?.() ?? new Date()).getTime() / 1000);
  const claims: SessionTokenClaims = {
    iss: `https://${shop}/admin`,
    dest: `https://${shop}`,
    aud: keys.apiKey,
    sub: String(opts.userId ?? DEFAULT_USER_ID),
    exp: issuedAt + (opts.ttlSeconds ?? DEFAULT_ID_TOKEN_TTL_SECONDS),
    nbf: issuedAt,
    iat: issuedAt,
    jti: randomUUID(),
    sid: randomBytes(16).toString("hex"),
    sig: randomBytes(32).toString("hex"),
    ...opts.claims,
  };
  return signJwt(claims, opts.secret ?? keys.apiSecret);
}

export type VerifiedSessionToken = { shop: string; userId: string; claims: Record<string, unknown> };

/**
 * Checks a session token the way Shopify's token endpoint does before exchanging it: our signature, our
 * audience, a `dest` naming a shop, and (when known) the shop the request was sent to.
 */
export function verifyIdToken(keys: SessionTokenKeys, token: string, expectedShop?: string): VerifiedSessionToken {
  const claims = verifyJwt(token, keys.apiSecret, keys.now?.() ?? new Date());
  if (claims.aud !== keys.apiKey) throw new InvalidSessionTokenError("audience does not match the client id");
  const dest = typeof claims.dest === "string" ? claims.dest : "";
  const shop = dest.replace(/^https:\/\//, "");
  if (!shop || shop === dest) throw new InvalidSessionTokenError("dest claim is missing or not a shop URL");
  if (expectedShop && shop !== expectedShop) throw new InvalidSessionTokenError("token was issued for another shop");
  return { shop, userId: String(claims.sub ?? ""), claims };
}
