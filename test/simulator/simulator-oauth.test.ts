import { afterAll, beforeAll, describe, expect, it } from "vitest";
import "@shopify/shopify-api/adapters/node";
import {
  ApiVersion,
  HttpResponseError,
  LogSeverity,
  RequestedTokenType,
  shopifyApi,
  type Shopify,
} from "@shopify/shopify-api";
import { setAbstractFetchFunc } from "@shopify/shopify-api/runtime";
import { APP_CONFIG } from "../support/simulator-app";
import { startSimulator, type RunningSimulator } from "../../simulator/server";
import { ID_TOKEN_TYPE, OFFLINE_TOKEN_TYPE, ONLINE_TOKEN_TYPE, TOKEN_EXCHANGE_GRANT } from "../../simulator/oauth";

const API_KEY = "sim-test-key";
const API_SECRET = "sim-test-secret";
const SHOP = "oauth-test.myshopify.com";
const OTHER_SHOP = "oauth-other.myshopify.com";
const SHOP_QUERY = "query simulatorOauthTestShop { shop { name myshopifyDomain } }";

type TokenBody = Record<string, unknown>;

async function postToken(sim: RunningSimulator, shop: string, body: TokenBody) {
  const response = await fetch(`${sim.url}/admin/oauth/access_token`, {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-Shopify-Shop-Domain": shop },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function exchangeBody(sessionToken: string, overrides: TokenBody = {}): TokenBody {
  return {
    client_id: API_KEY,
    client_secret: API_SECRET,
    grant_type: TOKEN_EXCHANGE_GRANT,
    subject_token: sessionToken,
    subject_token_type: ID_TOKEN_TYPE,
    requested_token_type: OFFLINE_TOKEN_TYPE,
    expiring: "1",
    ...overrides,
  };
}

async function graphql(sim: RunningSimulator, shop: string, accessToken: string, version = "2026-10") {
  const response = await fetch(`${sim.url}/admin/api/${version}/graphql.json`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": accessToken, "X-Shopify-Shop-Domain": shop },
    body: JSON.stringify({ query: SHOP_QUERY }),
  });
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

async function startTestSimulator(extra: Partial<Parameters<typeof startSimulator>[0]> = {}) {
  return startSimulator({
    port: 0,
    appUrl: "http://127.0.0.1:9", // no webhook receiver needed here
    apiKey: API_KEY,
    apiSecret: API_SECRET,
    appConfigPath: APP_CONFIG,
    seed: "empty",
    shops: [SHOP, OTHER_SHOP],
    ...extra,
  });
}

describe("simulator token endpoint (raw HTTP)", () => {
  let sim: RunningSimulator;
  beforeAll(async () => {
    sim = await startTestSimulator();
  });
  afterAll(() => sim.close());

  it("exchanges a valid session token for an expiring offline token with a refresh token and the app's scopes", async () => {
    // GIVEN a session token as admin would issue it
    const idToken = sim.mintIdToken(SHOP);

    // WHEN the app exchanges it for an expiring offline token
    const { status, body } = await postToken(sim, SHOP, exchangeBody(idToken));

    // THEN the response has Shopify's expiring-token shape and grants the toml scopes
    expect(status).toBe(200);
    expect(body).toEqual({
      access_token: expect.stringMatching(/^shpat_/),
      scope: sim.config.scopes.join(","),
      expires_in: 3600,
      refresh_token: expect.stringMatching(/^shprt_/),
      refresh_token_expires_in: expect.any(Number),
    });
    expect(sim.oauth.isInstalled(SHOP)).toBe(true);
  });

  it("returns a non-expiring offline token when expiring tokens are not requested", async () => {
    const { status, body } = await postToken(sim, SHOP, exchangeBody(sim.mintIdToken(SHOP), { expiring: "0" }));

    expect(status).toBe(200);
    expect(Object.keys(body).sort()).toEqual(["access_token", "scope"]);
  });

  it("accepts the access token on Admin GraphQL for its own shop only", async () => {
    const { body: token } = await postToken(sim, SHOP, exchangeBody(sim.mintIdToken(SHOP)));
    const accessToken = String(token.access_token);

    const ok = await graphql(sim, SHOP, accessToken);
    expect(ok.status).toBe(200);
    expect(ok.body.data.shop.myshopifyDomain).toBe(SHOP);

    const foreign = await graphql(sim, OTHER_SHOP, accessToken);
    expect(foreign.status).toBe(401);
    expect(foreign.body).toEqual({
      errors: "[API] Invalid API key or access token (unrecognized login or wrong password)",
    });

    const unknownToken = await graphql(sim, SHOP, "shpat_not-a-real-token");
    expect(unknownToken.status).toBe(401);

    const unsupportedVersion = await graphql(sim, SHOP, accessToken, "2024-01");
    expect(unsupportedVersion.status).toBe(404);
  });

  it("grants exactly the toml scopes: a field needing another scope is denied like Shopify denies it", async () => {
    const { body: token } = await postToken(sim, SHOP, exchangeBody(sim.mintIdToken(SHOP)));

    const response = await fetch(`${sim.url}/admin/api/2026-10/graphql.json`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Shopify-Access-Token": String(token.access_token) },
      body: JSON.stringify({ query: "{ customers(first: 1) { nodes { id } } }" }),
    });
    const body = (await response.json()) as { errors: { extensions: { code: string } }[] };

    expect(sim.config.scopes).not.toContain("read_customers");
    expect(body.errors[0].extensions.code).toBe("ACCESS_DENIED");
  });

  it("refresh rotates the pair: the new access token works, the old access and refresh tokens stop working", async () => {
    // GIVEN an expiring offline token pair
    const { body: first } = await postToken(sim, SHOP, exchangeBody(sim.mintIdToken(SHOP)));

    // WHEN the app refreshes it
    const refreshBody = {
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "refresh_token",
      refresh_token: first.refresh_token,
    };
    const refreshed = await postToken(sim, SHOP, refreshBody);

    // THEN a new pair is issued and only the new access token is accepted
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(first.access_token);
    expect(refreshed.body.refresh_token).not.toBe(first.refresh_token);
    expect((await graphql(sim, SHOP, String(refreshed.body.access_token))).status).toBe(200);
    expect((await graphql(sim, SHOP, String(first.access_token))).status).toBe(401);

    const reused = await postToken(sim, SHOP, refreshBody);
    expect(reused.status).toBe(400);
    expect(reused.body.error).toBe("invalid_grant");
  });

  it("rejects session tokens that are forged, expired, for another app or for another shop", async () => {
    const cases = {
      forged: sim.mintIdToken(SHOP, { secret: "not-the-app-secret" }),
      expired: sim.mintIdToken(SHOP, { ttlSeconds: -60 }),
      otherApp: sim.mintIdToken(SHOP, { claims: { aud: "another-app" } }),
      otherShop: sim.mintIdToken(OTHER_SHOP),
      garbage: "not.a.jwt",
    };
    for (const [name, idToken] of Object.entries(cases)) {
      const { status, body } = await postToken(sim, SHOP, exchangeBody(idToken));
      expect({ name, status, error: body.error }).toEqual({ name, status: 400, error: "invalid_subject_token" });
    }
  });

  it("rejects a wrong client secret or client id with invalid_client", async () => {
    const idToken = sim.mintIdToken(SHOP);

    const wrongSecret = await postToken(sim, SHOP, exchangeBody(idToken, { client_secret: "nope" }));
    const wrongId = await postToken(sim, SHOP, exchangeBody(idToken, { client_id: "nope" }));

    expect([wrongSecret.status, wrongSecret.body.error]).toEqual([401, "invalid_client"]);
    expect([wrongId.status, wrongId.body.error]).toEqual([401, "invalid_client"]);
  });

  it("issues online tokens with the associated user from the session token's sub", async () => {
    const idToken = sim.mintIdToken(SHOP, { userId: 42 });

    const { status, body } = await postToken(sim, SHOP, exchangeBody(idToken, { requested_token_type: ONLINE_TOKEN_TYPE }));

    expect(status).toBe(200);
    expect(body.access_token).toMatch(/^shpua_/);
    expect(body.associated_user).toMatchObject({ id: 42 });
    expect(body.associated_user_scope).toBe(sim.config.scopes.join(","));
  });

  it("also supports the classic authorization-code grant with a signed callback", async () => {
    const authorize = await fetch(
      `${sim.url}/admin/oauth/authorize?client_id=${API_KEY}&scope=read_products&state=abc&redirect_uri=${encodeURIComponent("http://127.0.0.1:9/auth/callback")}`,
      { headers: { "X-Shopify-Shop-Domain": SHOP }, redirect: "manual" },
    );
    expect(authorize.status).toBe(302);
    const callback = new URL(authorize.headers.get("location") ?? "");
    expect(callback.searchParams.get("state")).toBe("abc");

    const { status, body } = await postToken(sim, SHOP, {
      client_id: API_KEY,
      client_secret: API_SECRET,
      code: callback.searchParams.get("code"),
    });

    expect(status).toBe(200);
    expect(body).toEqual({ access_token: expect.stringMatching(/^shpat_/), scope: "read_products" });
  });
});

describe("simulator access token expiry", () => {
  let sim: RunningSimulator;
  // The simulator's clock (startSimulator's `now`): the test moves it past the 1 s lifetime instead of sleeping.
  let clockMs = Date.now();
  beforeAll(async () => {
    sim = await startTestSimulator({ accessTokenTtlSeconds: 1, now: () => new Date(clockMs) });
  });
  afterAll(() => sim.close());

  it("rejects an access token on GraphQL once it has expired, and the refresh token still renews it", async () => {
    const { body } = await postToken(sim, SHOP, exchangeBody(sim.mintIdToken(SHOP)));
    expect(body.expires_in).toBe(1);
    expect((await graphql(sim, SHOP, String(body.access_token))).status).toBe(200);

    clockMs += 1_100;

    expect((await graphql(sim, SHOP, String(body.access_token))).status).toBe(401);
    const refreshed = await postToken(sim, SHOP, {
      client_id: API_KEY,
      client_secret: API_SECRET,
      grant_type: "refresh_token",
      refresh_token: body.refresh_token,
    });
    expect((await graphql(sim, SHOP, String(refreshed.body.access_token))).status).toBe(200);
  });
});

describe("simulator with the real @shopify/shopify-api client", () => {
  let sim: RunningSimulator;
  let shopify: Shopify;

  beforeAll(async () => {
    sim = await startTestSimulator();
    // The same rewrite the app does under SHOPIFY_SIMULATOR_URL: https://<shop>.myshopify.com/<path> → simulator.
    const realFetch = globalThis.fetch;
    setAbstractFetchFunc(async (input, init) => {
      const original = new Request(input as RequestInfo, init as RequestInit);
      const url = new URL(original.url);
      if (!url.hostname.endsWith(".myshopify.com")) return realFetch(input as RequestInfo, init as RequestInit);
      const headers = new Headers(original.headers);
      headers.set("X-Shopify-Shop-Domain", url.hostname);
      const body = original.body ? await original.arrayBuffer() : undefined;
      return realFetch(`${sim.url}${url.pathname}${url.search}`, { method: original.method, headers, body });
    });
    shopify = shopifyApi({
      apiKey: API_KEY,
      apiSecretKey: API_SECRET,
      apiVersion: ApiVersion.October26,
      hostName: "127.0.0.1:9",
      hostScheme: "http",
      isEmbeddedApp: true,
      scopes: sim.config.scopes,
      logger: { level: LogSeverity.Error },
    });
  });
  afterAll(() => sim.close());

  it("tokenExchange with expiring: true yields a session the GraphQL client can use", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sim.mintIdToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });

    expect(session.id).toBe(`offline_${SHOP}`);
    expect(session.accessToken).toMatch(/^shpat_/);
    expect(session.expires?.getTime()).toBeGreaterThan(Date.now());
    expect(session.refreshToken).toMatch(/^shprt_/);
    expect(session.refreshTokenExpires?.getTime()).toBeGreaterThan(session.expires!.getTime());
    expect(session.scope).toBe(sim.config.scopes.join(","));

    const client = new shopify.clients.Graphql({ session });
    const response = await client.request(SHOP_QUERY);
    expect(response.data?.shop.myshopifyDomain).toBe(SHOP);
  });

  it("refreshToken returns a working session and the old access token is rejected", async () => {
    const { session: original } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sim.mintIdToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });

    const { session: refreshed } = await shopify.auth.refreshToken({ shop: SHOP, refreshToken: original.refreshToken! });

    expect(refreshed.accessToken).not.toBe(original.accessToken);
    const fresh = await new shopify.clients.Graphql({ session: refreshed }).request(SHOP_QUERY);
    expect(fresh.data?.shop.myshopifyDomain).toBe(SHOP);
    const stale = new shopify.clients.Graphql({ session: original }).request(SHOP_QUERY);
    await expect(stale).rejects.toMatchObject({ response: { code: 401 } });
  });

  it("answers a session token for another shop with invalid_subject_token, which shopify-app-remix bounces on", async () => {
    const exchange = shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sim.mintIdToken(OTHER_SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: true,
    });

    const error = await exchange.catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(HttpResponseError);
    expect((error as HttpResponseError).response).toMatchObject({ code: 400, body: { error: "invalid_subject_token" } });
  });

  it("migrateToExpiringToken swaps a non-expiring offline token for an expiring pair and revokes the old token", async () => {
    const { session: legacy } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sim.mintIdToken(SHOP),
      requestedTokenType: RequestedTokenType.OfflineAccessToken,
      expiring: false,
    });
    expect(legacy.expires).toBeUndefined();

    const { session: migrated } = await shopify.auth.migrateToExpiringToken({
      shop: SHOP,
      nonExpiringOfflineAccessToken: legacy.accessToken!,
    });

    expect(migrated.refreshToken).toMatch(/^shprt_/);
    await expect(new shopify.clients.Graphql({ session: legacy }).request(SHOP_QUERY)).rejects.toMatchObject({
      response: { code: 401 },
    });
  });

  it("online token exchange creates a per-user session", async () => {
    const { session } = await shopify.auth.tokenExchange({
      shop: SHOP,
      sessionToken: sim.mintIdToken(SHOP, { userId: 7 }),
      requestedTokenType: RequestedTokenType.OnlineAccessToken,
    });

    expect(session.isOnline).toBe(true);
    expect(session.id).toBe(`${SHOP}_7`);
    expect(session.onlineAccessInfo?.associated_user.id).toBe(7);
  });

  it("mints session tokens that shopify-api's decodeSessionToken accepts, with admin's claims", async () => {
    const payload = await shopify.session.decodeSessionToken(sim.mintIdToken(SHOP, { userId: 5 }));

    expect(payload).toMatchObject({
      iss: `https://${SHOP}/admin`,
      dest: `https://${SHOP}`,
      aud: API_KEY,
      sub: "5",
    });
    expect(payload.exp - payload.iat).toBe(60);
    expect(typeof payload.jti).toBe("string");
    expect(typeof payload.sid).toBe("string");
  });
});
