import { createHmac, randomBytes } from "node:crypto";
import { InvalidSessionTokenError, verifyIdToken, type SessionTokenKeys } from "./session-token";

// Shopify's token endpoint (POST https://<shop>/admin/oauth/access_token) as shopify-api 15 calls it:
//   - token exchange (auth/oauth/token-exchange.mjs): JSON { client_id, client_secret, grant_type: token-exchange,
//     subject_token: <id token>, subject_token_type: id_token, requested_token_type: offline|online, expiring: "1"|"0" }
//   - expiring-token migration (migrate-to-expiring-token.mjs): same grant, subject_token = a non-expiring offline token
//   - refresh (refresh-token.mjs): { client_id, client_secret, refresh_token, grant_type: "refresh_token" }
//   - auth-code callback (oauth.mjs): { client_id, client_secret, code, expiring }
// shopify-app-remix only treats `400 { error: "invalid_subject_token" }` as "bounce and retry with a fresh session
// token", so that exact shape matters; every other failure becomes a 500 in the app.

export const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
export const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
export const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
export const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";

export const INVALID_ACCESS_TOKEN_MESSAGE =
  "[API] Invalid API key or access token (unrecognized login or wrong password)";

export type AccessTokenRecord = {
  token: string;
  shop: string;
  scopes: string[];
  online: boolean;
  userId: string | null;
  issuedAt: Date;
  expiresAt: Date | null;
};

type RefreshTokenRecord = { token: string; shop: string; scopes: string[]; accessToken: string; expiresAt: Date };

type AuthorizationCode = { code: string; shop: string; scopes: string[]; online: boolean; expiresAt: Date };

export type Installation = { shop: string; scopes: string[]; installedAt: Date; uninstalledAt: Date | null };

export type TokenResponse = { status: number; body: unknown };

export type OAuthServerOptions = SessionTokenKeys & {
  /** Scopes granted on install: the app's [access_scopes] from shopify.app.toml. */
  scopes: string[];
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  onlineTokenTtlSeconds?: number;
  shopExists: (shop: string) => boolean;
  /** Called when a shop installs (or reinstalls) the app, with the scopes granted. */
  onInstall?: (installation: Installation) => void;
};

const AUTH_CODE_TTL_MS = 10 * 60 * 1000;

function randomToken(prefix: string): string {
  return `${prefix}${randomBytes(16).toString("hex")}`;
}

function oauthError(status: number, error: string, description: string): TokenResponse {
  return { status, body: { error, error_description: description } };
}

function readString(body: Record<string, unknown>, key: string): string | null {
  const value = body[key];
  return typeof value === "string" && value.length > 0 ? value : null;
}

/** Issues, refreshes and checks access tokens, and remembers which shops installed the app. */
export class OAuthServer {
  private readonly accessTokens = new Map<string, AccessTokenRecord>();
  private readonly refreshTokens = new Map<string, RefreshTokenRecord>();
  private readonly codes = new Map<string, AuthorizationCode>();
  private readonly installations = new Map<string, Installation>();

  constructor(private readonly opts: OAuthServerOptions) {}

  private now(): Date {
    return this.opts.now?.() ?? new Date();
  }

  isInstalled(shop: string): boolean {
    const installation = this.installations.get(shop);
    return Boolean(installation && !installation.uninstalledAt);
  }

  getInstallation(shop: string): Installation | null {
    return this.installations.get(shop) ?? null;
  }

  /** Marks the app uninstalled and revokes every token for the shop, as Shopify does on uninstall. */
  uninstall(shop: string): void {
    const installation = this.installations.get(shop);
    if (installation) installation.uninstalledAt = this.now();
    for (const [token, record] of this.accessTokens) if (record.shop === shop) this.accessTokens.delete(token);
    for (const [token, record] of this.refreshTokens) if (record.shop === shop) this.refreshTokens.delete(token);
  }

  /** The live record for an access token, or null when unknown, revoked or expired. */
  findAccessToken(token: string | null | undefined): AccessTokenRecord | null {
    if (!token) return null;
    const record = this.accessTokens.get(token);
    if (!record) return null;
    if (record.expiresAt && record.expiresAt.getTime() <= this.now().getTime()) return null;
    return record;
  }

  /** Entry point for POST /admin/oauth/access_token. `shopHeader` is the shop the request was addressed to. */
  handleTokenRequest(shopHeader: string | null, body: Record<string, unknown>): TokenResponse {
    if (readString(body, "client_id") !== this.opts.apiKey || readString(body, "client_secret") !== this.opts.apiSecret) {
      return oauthError(
        401,
        "invalid_client",
        "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
      );
    }
    const grantType = readString(body, "grant_type");
    if (grantType === TOKEN_EXCHANGE_GRANT) return this.exchangeToken(shopHeader, body);
    if (grantType === "refresh_token") return this.refresh(shopHeader, body);
    if (!grantType && readString(body, "code")) return this.redeemCode(shopHeader, body);
    return oauthError(400, "unsupported_grant_type", `The grant type ${grantType ?? "(none)"} is not supported.`);
  }

  private exchangeToken(shopHeader: string | null, body: Record<string, unknown>): TokenResponse {
    const subjectToken = readString(body, "subject_token");
    const subjectTokenType = readString(body, "subject_token_type");
    const requestedType = readString(body, "requested_token_type");
    const expiring = readString(body, "expiring") === "1";
    if (!subjectToken) return oauthError(400, "invalid_request", "subject_token is required.");
    if (requestedType !== OFFLINE_TOKEN_TYPE && requestedType !== ONLINE_TOKEN_TYPE) {
      return oauthError(400, "invalid_request", `Unsupported requested_token_type: ${requestedType ?? "(none)"}.`);
    }

    if (subjectTokenType === OFFLINE_TOKEN_TYPE) return this.migrateToExpiring(shopHeader, subjectToken, requestedType);
    if (subjectTokenType !== ID_TOKEN_TYPE) {
      return oauthError(400, "invalid_request", `Unsupported subject_token_type: ${subjectTokenType ?? "(none)"}.`);
    }

    let shop: string;
    let userId: string;
    try {
      ({ shop, userId } = verifyIdToken(this.opts, subjectToken, shopHeader ?? undefined));
    } catch (error) {
      const reason = error instanceof InvalidSessionTokenError ? error.message : "invalid token";
      return oauthError(400, "invalid_subject_token", `Invalid subject token: ${reason}.`);
    }
    if (!this.opts.shopExists(shop)) return { status: 404, body: { errors: "Not Found" } };

    // Shopify-managed installation: the first exchange is the install, granting the scopes the app declares.
    const installation = this.install(shop);
    if (requestedType === ONLINE_TOKEN_TYPE) return this.issueOnline(shop, installation.scopes, userId);
    return this.issueOffline(shop, installation.scopes, expiring);
  }

  private migrateToExpiring(shopHeader: string | null, subjectToken: string, requestedType: string): TokenResponse {
    const record = this.findAccessToken(subjectToken);
    const isMigratable = record && !record.online && !record.expiresAt && (!shopHeader || record.shop === shopHeader);
    if (!record || !isMigratable || requestedType !== OFFLINE_TOKEN_TYPE) {
      return oauthError(400, "invalid_subject_token", "Invalid subject token: not a non-expiring offline access token.");
    }
    this.accessTokens.delete(record.token);
    return this.issueOffline(record.shop, record.scopes, true);
  }

  private refresh(shopHeader: string | null, body: Record<string, unknown>): TokenResponse {
    const token = readString(body, "refresh_token");
    const record = token ? this.refreshTokens.get(token) : undefined;
    const usable =
      record && record.expiresAt.getTime() > this.now().getTime() && (!shopHeader || record.shop === shopHeader);
    if (!record || !usable) {
      return oauthError(400, "invalid_grant", "The refresh token is invalid, expired, revoked, or was already used.");
    }
    // Rotation: both halves of the old pair stop working once a refresh succeeds.
    this.refreshTokens.delete(record.token);
    this.accessTokens.delete(record.accessToken);
    return this.issueOffline(record.shop, record.scopes, true);
  }

  private redeemCode(shopHeader: string | null, body: Record<string, unknown>): TokenResponse {
    const code = this.codes.get(readString(body, "code") ?? "");
    const usable = code && code.expiresAt.getTime() > this.now().getTime() && (!shopHeader || code.shop === shopHeader);
    if (!code || !usable) {
      return oauthError(400, "invalid_request", "The authorization code was not found or was already used.");
    }
    this.codes.delete(code.code);
    const installation = this.install(code.shop, code.scopes);
    if (code.online) return this.issueOnline(code.shop, installation.scopes, "1");
    return this.issueOffline(code.shop, installation.scopes, readString(body, "expiring") === "1");
  }

  /**
   * GET /admin/oauth/authorize for the classic auth-code flow: the merchant "approves" at once and is sent back
   * to redirect_uri with the signed query shopify-api's callback validates (hmac over the sorted query).
   */
  authorize(shop: string, query: URLSearchParams): { status: number; location?: string; body?: unknown } {
    if (query.get("client_id") !== this.opts.apiKey) return { status: 400, body: { errors: "Invalid client_id" } };
    const redirectUri = query.get("redirect_uri");
    if (!redirectUri) return { status: 400, body: { errors: "redirect_uri is required" } };
    if (!this.opts.shopExists(shop)) return { status: 404, body: { errors: "Not Found" } };
    const requested = (query.get("scope") ?? "").split(",").map((scope) => scope.trim()).filter(Boolean);
    const code: AuthorizationCode = {
      code: randomBytes(16).toString("hex"),
      shop,
      scopes: requested.length ? requested : this.opts.scopes,
      online: query.get("grant_options[]") === "per-user",
      expiresAt: new Date(this.now().getTime() + AUTH_CODE_TTL_MS),
    };
    this.codes.set(code.code, code);
    const shopName = shop.replace(/\.myshopify\.com$/, "");
    const params: Record<string, string> = {
      code: code.code,
      host: Buffer.from(`admin.shopify.com/store/${shopName}`).toString("base64url"),
      shop,
      state: query.get("state") ?? "",
      timestamp: String(Math.floor(this.now().getTime() / 1000)),
    };
    const location = new URL(redirectUri);
    for (const [key, value] of Object.entries(params)) location.searchParams.set(key, value);
    location.searchParams.set("hmac", signAdminQuery(params, this.opts.apiSecret));
    return { status: 302, location: location.toString() };
  }

  /** Token exchange installs with the toml scopes; an auth-code grant (re)authorizes exactly the scopes it asked for. */
  private install(shop: string, requestedScopes?: string[]): Installation {
    const existing = this.installations.get(shop);
    if (existing && !existing.uninstalledAt && !requestedScopes) return existing;
    const scopes = requestedScopes ?? this.opts.scopes;
    if (existing && !existing.uninstalledAt) {
      existing.scopes = [...scopes];
      this.opts.onInstall?.(existing);
      return existing;
    }
    const installation: Installation = { shop, scopes: [...scopes], installedAt: this.now(), uninstalledAt: null };
    this.installations.set(shop, installation);
    this.opts.onInstall?.(installation);
    return installation;
  }

  private issueOffline(shop: string, scopes: string[], expiring: boolean): TokenResponse {
    const issuedAt = this.now();
    const access: AccessTokenRecord = {
      token: randomToken("shpat_"),
      shop,
      scopes,
      online: false,
      userId: null,
      issuedAt,
      expiresAt: expiring ? new Date(issuedAt.getTime() + this.opts.accessTokenTtlSeconds * 1000) : null,
    };
    this.accessTokens.set(access.token, access);
    if (!expiring) return { status: 200, body: { access_token: access.token, scope: scopes.join(",") } };

    const refresh: RefreshTokenRecord = {
      token: randomToken("shprt_"),
      shop,
      scopes,
      accessToken: access.token,
      expiresAt: new Date(issuedAt.getTime() + this.opts.refreshTokenTtlSeconds * 1000),
    };
    this.refreshTokens.set(refresh.token, refresh);
    return {
      status: 200,
      body: {
        access_token: access.token,
        scope: scopes.join(","),
        expires_in: this.opts.accessTokenTtlSeconds,
        refresh_token: refresh.token,
        refresh_token_expires_in: this.opts.refreshTokenTtlSeconds,
      },
    };
  }

  private issueOnline(shop: string, scopes: string[], userId: string): TokenResponse {
    const ttl = this.opts.onlineTokenTtlSeconds ?? this.opts.accessTokenTtlSeconds;
    const issuedAt = this.now();
    const access: AccessTokenRecord = {
      token: randomToken("shpua_"),
      shop,
      scopes,
      online: true,
      userId,
      issuedAt,
      expiresAt: new Date(issuedAt.getTime() + ttl * 1000),
    };
    this.accessTokens.set(access.token, access);
    const numericUserId = Number(userId);
    return {
      status: 200,
      body: {
        access_token: access.token,
        scope: scopes.join(","),
        expires_in: ttl,
        associated_user_scope: scopes.join(","),
        session: randomBytes(16).toString("hex"),
        account_number: 0,
        associated_user: {
          id: Number.isFinite(numericUserId) ? numericUserId : userId,
          first_name: "Sim",
          last_name: "Merchant",
          email: `merchant+${userId}@${shop}`,
          account_owner: userId === "1",
          locale: "en",
          collaborator: false,
          email_verified: true,
        },
      },
    };
  }
}

/** Admin-side HMAC (OAuth callbacks, admin links): hex HMAC-SHA256 over the sorted, `&`-joined query. */
export function signAdminQuery(params: Record<string, string>, secret: string): string {
  const message = new URLSearchParams(Object.entries(params).sort(([a], [b]) => a.localeCompare(b)))
    .toString()
    .replace(/\+/g, "%20");
  return createHmac("sha256", secret).update(message).digest("hex");
}

