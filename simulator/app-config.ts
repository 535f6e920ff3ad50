import { readFileSync } from "node:fs";
import { parse } from "smol-toml";

// The simulator behaves like the Shopify platform after `shopify app deploy`: the webhook subscriptions,
// scopes and app proxy it honours are the ones declared in shopify.app.toml, so a typo there shows up locally.

export type WebhookSubscription = { topics: string[]; uri: string; compliance: boolean };

export type AppProxyConfig = { url: string; prefix: string; subpath: string; pathPrefix: string };

export type AppConfig = {
  clientId: string | null;
  name: string;
  handle: string;
  applicationUrl: string | null;
  scopes: string[];
  webhookApiVersion: string;
  subscriptions: WebhookSubscription[];
  appProxy: AppProxyConfig | null;
};

type TomlTable = Record<string, unknown>;

function asTable(value: unknown): TomlTable {
  return value && typeof value === "object" && !Array.isArray(value) ? (value as TomlTable) : {};
}

function asStringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

function asString(value: unknown): string | null {
  return typeof value === "string" && value.length > 0 ? value : null;
}

/**
 * Points a configured URL at the running app. Relative URIs are resolved against appUrl (as Shopify does
 * against application_url); absolute ones on the toml's application_url are moved to appUrl, because the CLI
 * rewrites that host to the tunnel in real dev while locally the app listens elsewhere.
 */
export function resolveAppUrl(uri: string, appUrl: string, applicationUrl: string | null): string {
  if (/^https?:\/\//i.test(uri)) {
    if (applicationUrl) {
      const configured = new URL(applicationUrl);
      const target = new URL(uri);
      if (target.origin === configured.origin) {
        return new URL(target.pathname + target.search, `${appUrl.replace(/\/$/, "")}/`).toString();
      }
    }
    return uri;
  }
  return `${appUrl.replace(/\/$/, "")}/${uri.replace(/^\//, "")}`;
}

export function parseAppConfig(tomlText: string, appUrl: string): AppConfig {
  const toml = parse(tomlText) as TomlTable;
  const applicationUrl = asString(toml.application_url);
  const webhooks = asTable(toml.webhooks);
  const rawSubscriptions = Array.isArray(webhooks.subscriptions) ? webhooks.subscriptions : [];
  const subscriptions: WebhookSubscription[] = [];
  for (const raw of rawSubscriptions) {
    const entry = asTable(raw);
    const uri = asString(entry.uri);
    if (!uri) continue;
    const resolved = resolveAppUrl(uri, appUrl, applicationUrl);
    const topics = asStringList(entry.topics);
    const complianceTopics = asStringList(entry.compliance_topics);
    if (topics.length) subscriptions.push({ topics, uri: resolved, compliance: false });
    if (complianceTopics.length) subscriptions.push({ topics: complianceTopics, uri: resolved, compliance: true });
  }

  const scopesValue = asTable(toml.access_scopes).scopes;
  const scopes = (typeof scopesValue === "string" ? scopesValue.split(",") : asStringList(scopesValue))
    .map((scope) => scope.trim())
    .filter(Boolean);

  const proxy = asTable(toml.app_proxy);
  const proxyUrl = asString(proxy.url);
  const prefix = asString(proxy.prefix);
  const subpath = asString(proxy.subpath);
  const appProxy =
    proxyUrl && prefix && subpath
      ? { url: resolveAppUrl(proxyUrl, appUrl, applicationUrl), prefix, subpath, pathPrefix: `/${prefix}/${subpath}` }
      : null;

  const name = asString(toml.name) ?? "App";
  return {
    clientId: asString(toml.client_id),
    name,
    handle: asString(toml.handle) ?? name.toLowerCase().replace(/[^a-z0-9]+/g, "-"),
    applicationUrl,
    scopes,
    webhookApiVersion: asString(webhooks.api_version) ?? "2026-10",
    subscriptions,
    appProxy,
  };
}

export function loadAppConfig(path: string, appUrl: string): AppConfig {
  return parseAppConfig(readFileSync(path, "utf8"), appUrl);
}

/** The subscribed endpoint for a topic, or null when the app did not subscribe to it. */
export function findSubscriptionUri(config: AppConfig, topic: string): string | null {
  return config.subscriptions.find((subscription) => subscription.topics.includes(topic))?.uri ?? null;
}
