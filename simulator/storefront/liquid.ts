import { readFileSync } from "node:fs";
import path from "node:path";
import { Liquid } from "liquidjs";

// liquidjs with the Shopify filters the theme extension's blocks use: `t` (locale files, `{{ var }}`
// interpolation, zero/one/other pluralisation), `money`, `json`, `asset_url`, `script_tag`, `stylesheet_tag`.
// liquidjs provides `date` (strftime), `escape`, `default`, `times`, `split`, `newline_to_br` itself.

export const THEME_ROOT = path.resolve(import.meta.dirname, "../../extensions/backorders-theme");
export const ASSET_PREFIX = "/storefront/assets/";
const SCHEMA = /{%-?\s*schema\s*-?%}([\s\S]*?){%-?\s*endschema\s*-?%}/;

export const LOCALES = ["en", "de", "fr", "es"] as const;
export type StorefrontLocale = (typeof LOCALES)[number];

const localeFile = (locale: StorefrontLocale) => (locale === "en" ? "en.default" : locale);
type Strings = Record<string, unknown>;
const stringsCache = new Map<StorefrontLocale, Strings>();
function strings(locale: StorefrontLocale): Strings {
  let value = stringsCache.get(locale);
  if (!value) {
    value = JSON.parse(readFileSync(path.join(THEME_ROOT, "locales", `${localeFile(locale)}.json`), "utf8")) as Strings;
    stringsCache.set(locale, value);
  }
  return value;
}

export function parseLocale(value: string | null | undefined): StorefrontLocale {
  const short = (value ?? "").toLowerCase().slice(0, 2);
  return (LOCALES as readonly string[]).includes(short) ? (short as StorefrontLocale) : "en";
}

function lookup(source: Strings, key: string): unknown {
  return key.split(".").reduce<unknown>((node, part) => (node && typeof node === "object" ? (node as Strings)[part] : undefined), source);
}

/** Shopify's `t`: the shopper locale, falling back to the default locale; pluralised by `count`. */
export function translate(locale: StorefrontLocale, key: string, vars: Record<string, unknown> = {}): string {
  let value = lookup(strings(locale), key) ?? lookup(strings("en"), key);
  if (value === undefined) return `translation missing: ${locale}.${key}`;
  if (value && typeof value === "object") {
    const forms = value as Record<string, unknown>;
    const count = Number(vars.count);
    value = count === 0 && forms.zero !== undefined ? forms.zero : count === 1 && forms.one !== undefined ? forms.one : forms.other;
  }
  return String(value ?? "").replace(/{{\s*(\w+)\s*}}/g, (_m, name: string) => String(vars[name] ?? ""));
}

/** `money`: an amount in cents, formatted in the shop currency. */
export function formatMoney(cents: unknown, currency = "USD"): string {
  const amount = Number(cents ?? 0) / 100;
  return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(Number.isFinite(amount) ? amount : 0);
}

export const escapeHtml = (value: unknown) =>
  String(value ?? "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

export function createEngine(locale: StorefrontLocale, currency = "USD"): Liquid {
  const engine = new Liquid({ root: [path.join(THEME_ROOT, "snippets")], extname: ".liquid", strictFilters: true, timezoneOffset: 0 });
  engine.registerFilter("t", (key: string, ...args: unknown[]) =>
    translate(locale, key, Object.fromEntries(args.filter(Array.isArray) as Array<[string, unknown]>)),
  );
  engine.registerFilter("money", (cents: unknown) => formatMoney(cents, currency));
  engine.registerFilter("asset_url", (name: string) => `${ASSET_PREFIX}${encodeURIComponent(name)}`);
  engine.registerFilter("script_tag", (src: string) => `<script src="${escapeHtml(src)}" type="text/javascript"></script>`);
  engine.registerFilter("stylesheet_tag", (href: string) => `<link href="${escapeHtml(href)}" rel="stylesheet" type="text/css" media="all" />`);
  // Shopify's json filter escapes <, > and & so the output is safe inside <script>.
  engine.registerFilter("json", (v: unknown) =>
    JSON.stringify(v ?? null).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026"),
  );
  return engine;
}

export type ThemeBlock = { template: string; settings: Record<string, unknown>; schema: Record<string, unknown> };
const blockCache = new Map<string, ThemeBlock>();

/** A block file of the extension, split into its template and the defaults of its `{% schema %}` settings. */
export function loadBlock(name: string): ThemeBlock {
  let block = blockCache.get(name);
  if (!block) {
    const source = readFileSync(path.join(THEME_ROOT, "blocks", `${name}.liquid`), "utf8");
    const schema = JSON.parse(SCHEMA.exec(source)?.[1] ?? "{}") as Record<string, unknown>;
    const list = (schema.settings ?? []) as Array<{ id: string; default?: unknown }>;
    block = { template: source.replace(SCHEMA, ""), schema, settings: Object.fromEntries(list.map((s) => [s.id, s.default ?? null])) };
    blockCache.set(name, block);
  }
  return block;
}

export const ASSET_TYPES: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** An extension asset by file name (no paths), or null. */
export function readAsset(name: string): { body: Buffer; type: string } | null {
  if (!/^[\w.-]+$/.test(name) || name.startsWith(".")) return null;
  try {
    return { body: readFileSync(path.join(THEME_ROOT, "assets", name)), type: ASSET_TYPES[path.extname(name)] ?? "application/octet-stream" };
  } catch {
    return null;
  }
}
