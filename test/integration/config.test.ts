import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";
import { describe, expect, it } from "vitest";
import { parseEnv } from "../../app/env.server";
import { ADMIN_API_VERSION_STRING } from "../../app/shopify/api-version";
import { APP_SCOPES } from "../../app/shopify/app-scopes";
import { STOREFRONT_METAFIELDS } from "../../app/services/storefront-metafields.server";

const root = path.resolve(import.meta.dirname, "../..");
const tomlText = readFileSync(path.join(root, "shopify.app.toml"), "utf8");
const toml = parse(tomlText) as any;

/** Remix flat-routes file for a URL path: /webhooks/app/uninstalled → app/routes/webhooks.app.uninstalled.tsx */
function routeFileFor(uriPath: string): string {
  return `app/routes/${uriPath.replace(/^\//, "").split("/").join(".")}.tsx`;
}

describe("one Admin API version everywhere", () => {
  it("GIVEN the app constant THEN shopify.app.toml webhooks use the same version", () => {
    expect(ADMIN_API_VERSION_STRING).toBe("2026-10");
    expect(toml.webhooks.api_version).toBe(ADMIN_API_VERSION_STRING);
  });

  it("GIVEN the schema fixture THEN it is the schema of that version", () => {
    const fixtures = readdirSync(path.join(root, "test/fixtures")).filter((f) => /^admin_\d{4}-\d{2}\.json\.gz$/.test(f));
    expect(fixtures).toEqual([`admin_${ADMIN_API_VERSION_STRING}.json.gz`]);
  });

  it("GIVEN the simulator THEN it serves that version's Admin endpoint", () => {
    const simulatorSources = readdirSync(path.join(root, "simulator"), { recursive: true })
      .filter((f) => String(f).endsWith(".ts"))
      .map((f) => readFileSync(path.join(root, "simulator", String(f)), "utf8"))
      .join("\n");
    expect(simulatorSources).toMatch(/ADMIN_API_VERSION|2026-10/);
  });
});

describe("shopify.app.toml", () => {
  const subscriptions: Array<{ topics?: string[]; compliance_topics?: string[]; uri: string }> = toml.webhooks.subscriptions;

  it("GIVEN every webhook subscription THEN a route exists at its uri", () => {
    expect(subscriptions.length).toBeGreaterThan(0);
    for (const subscription of subscriptions) {
      const file = routeFileFor(subscription.uri);
      expect(existsSync(path.join(root, file)), `${subscription.uri} has no route (${file})`).toBe(true);
    }
  });

  it("GIVEN every webhook subscription THEN its '# Handled by:' comment names that route", () => {
    const blocks = tomlText.split("[[webhooks.subscriptions]]").slice(1);
    const preambles = tomlText.split("[[webhooks.subscriptions]]").slice(0, -1);
    expect(blocks).toHaveLength(subscriptions.length);
    blocks.forEach((block, index) => {
      const uri = /uri\s*=\s*"([^"]+)"/.exec(block)?.[1];
      const handledBy = /#\s*Handled by:\s*(\S+)\s*$/.exec(preambles[index].trimEnd())?.[1];
      expect(handledBy, `subscription ${uri} lacks a '# Handled by:' comment`).toBeDefined();
      expect(handledBy).toBe(routeFileFor(uri!));
    });
  });

  it("GIVEN the compliance topics THEN all three mandatory ones are subscribed", () => {
    const compliance = subscriptions.flatMap((s) => s.compliance_topics ?? []);
    expect(compliance.sort()).toEqual(["customers/data_request", "customers/redact", "shop/redact"]);
  });

  it("GIVEN the app's scope list THEN it equals [access_scopes]", () => {
    expect(toml.access_scopes.scopes.split(",").map((s: string) => s.trim())).toEqual(APP_SCOPES);
  });

  it("GIVEN the app proxy THEN storefront requests to /apps/backorders reach the app's /proxy routes", () => {
    expect(toml.app_proxy).toMatchObject({ prefix: "apps", subpath: "backorders" });
    expect(new URL(toml.app_proxy.url).pathname).toBe("/proxy");
  });

  it("GIVEN the storefront contract THEN every variant metafield the app writes is declared with its type, and all but the function's are readable by the storefront", () => {
    const definitions = toml.product.variant.metafields.app as Record<string, any>;
    expect(Object.keys(definitions).sort()).toEqual(STOREFRONT_METAFIELDS.map((m) => m.key).sort());
    expect(Object.keys(definitions).sort()).toEqual(
      ["backorder_cap", "backorder_eta", "backorder_lead_days", "backorder_message", "backorder_remaining", "backorder_sellable", "backorder_state"],
    );
    for (const m of STOREFRONT_METAFIELDS) expect(definitions[m.key].type, m.key).toBe(m.type);
    for (const [key, definition] of Object.entries(definitions)) {
      // backorder_sellable is read only by the checkout validation function, which needs no storefront access.
      expect(definition.access?.storefront, key).toBe(key === "backorder_sellable" ? undefined : "public_read");
      expect(definition.access?.admin, key).toBe("merchant_read");
    }
  });
});

describe("SHOPIFY_API_SECRET_PREVIOUS (secrets retired by a rotation)", () => {
  const base: NodeJS.ProcessEnv = { NODE_ENV: "test", SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "current", SHOPIFY_APP_URL: "https://app.example.com" };

  it("GIVEN it is unset or empty THEN no previous secrets", () => {
    expect(parseEnv(base).SHOPIFY_API_SECRET_PREVIOUS).toEqual([]);
    expect(parseEnv({ ...base, SHOPIFY_API_SECRET_PREVIOUS: "" }).SHOPIFY_API_SECRET_PREVIOUS).toEqual([]);
  });

  it("GIVEN a comma-separated list THEN each secret, trimmed, blanks between commas dropped", () => {
    expect(parseEnv({ ...base, SHOPIFY_API_SECRET_PREVIOUS: "old-1" }).SHOPIFY_API_SECRET_PREVIOUS).toEqual(["old-1"]);
    expect(parseEnv({ ...base, SHOPIFY_API_SECRET_PREVIOUS: " old-1 , old-2,," }).SHOPIFY_API_SECRET_PREVIOUS).toEqual(["old-1", "old-2"]);
  });

  it("GIVEN secrets separated by spaces instead of commas THEN boot fails naming the variable", () => {
    expect(() => parseEnv({ ...base, SHOPIFY_API_SECRET_PREVIOUS: "old-1 old-2" })).toThrow(/SHOPIFY_API_SECRET_PREVIOUS: .*comma-separated/);
  });
});

describe("environment: TRUSTED_PROXY_HOPS (how many of our own proxies append to X-Forwarded-For)", () => {
  const base: NodeJS.ProcessEnv = { NODE_ENV: "test", SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://app.example.com" };

  it("GIVEN it unset THEN 0: Shopify's app proxy reaches the server directly", () => {
    expect(parseEnv(base).TRUSTED_PROXY_HOPS).toBe(0);
    expect(parseEnv({ ...base, TRUSTED_PROXY_HOPS: "2" }).TRUSTED_PROXY_HOPS).toBe(2);
  });

  it.each([["one", /whole number/], ["1.5", /whole number/], ["-1", /cannot be negative/], ["9", /almost certainly a mistake/]])(
    "GIVEN %s THEN boot fails naming the variable",
    (value, message) => {
      expect(() => parseEnv({ ...base, TRUSTED_PROXY_HOPS: value })).toThrow(new RegExp(`TRUSTED_PROXY_HOPS: .*${message.source}`));
    },
  );
});

describe("environment: the simulator settings cannot reach a real deployment", () => {
  const base: NodeJS.ProcessEnv = { NODE_ENV: "test", SHOPIFY_API_KEY: "key", SHOPIFY_API_SECRET: "secret", SHOPIFY_APP_URL: "https://app.example.com" };
  const local = { SHOPIFY_SIMULATOR_URL: "http://127.0.0.1:4010", APP_BRIDGE_URL: "http://127.0.0.1:4010/app-bridge.js" };

  it("GIVEN production with a simulator on this machine (the demo) THEN it boots", () => {
    expect(parseEnv({ ...base, NODE_ENV: "production", ...local }).APP_BRIDGE_URL).toBe(local.APP_BRIDGE_URL);
    expect(parseEnv({ ...base, NODE_ENV: "production", SHOPIFY_SIMULATOR_URL: "http://localhost:4010" }).SHOPIFY_SIMULATOR_URL).toBe("http://localhost:4010");
  });

  it("GIVEN production with a simulator or App Bridge elsewhere THEN boot fails naming the variable", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "production", SHOPIFY_SIMULATOR_URL: "https://sim.example.com" })).toThrow(/SHOPIFY_SIMULATOR_URL: in production only a simulator on this machine/);
    expect(() => parseEnv({ ...base, NODE_ENV: "production", ...local, APP_BRIDGE_URL: "https://evil.example/app-bridge.js" })).toThrow(/APP_BRIDGE_URL: in production/);
  });

  it("GIVEN an App Bridge override without the simulator (any mode) THEN boot fails", () => {
    expect(() => parseEnv({ ...base, NODE_ENV: "development", APP_BRIDGE_URL: local.APP_BRIDGE_URL })).toThrow(/APP_BRIDGE_URL: only the simulator's App Bridge/);
  });

  it("GIVEN development with a remote simulator THEN it boots (a shared dev simulator is allowed)", () => {
    expect(parseEnv({ ...base, NODE_ENV: "development", SHOPIFY_SIMULATOR_URL: "https://sim.example.com" }).SHOPIFY_SIMULATOR_URL).toBe("https://sim.example.com");
  });
});
