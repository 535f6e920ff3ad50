// Storefront budgets and strings: each JS/CSS asset ≤ 4 KB gzipped; every `| t` key exists in every locale file.
import path from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../../extensions/backorders-theme");
const files = (dir: string) => readdirSync(path.join(ROOT, dir)).map((f) => path.join(ROOT, dir, f));

function lookup(obj: unknown, key: string): unknown {
  return key.split(".").reduce<any>((o, k) => (o && typeof o === "object" ? o[k] : undefined), obj);
}

describe("theme assets", () => {
  const assets = files("assets");

  it.each(assets.filter((f) => /\.(js|css)$/.test(f)).map((f) => [path.basename(f), f]))("%s is ≤ 4 KB gzipped", (_name, file) => {
    const size = gzipSync(readFileSync(file)).length;
    expect(size).toBeLessThanOrEqual(4096);
  });

  it("ships every script with // @ts-check and no framework imports or polling", () => {
    const scripts = assets.filter((f) => f.endsWith(".js")).map((f) => path.basename(f));
    expect(scripts.sort()).toEqual(["availability.js", "card-badges.js", "cart-notice.js", "notify-me.js"]);
    for (const name of scripts) {
      const src = readFileSync(path.join(ROOT, "assets", name), "utf8");
      expect(src.startsWith("// @ts-check")).toBe(true);
      expect(src).not.toMatch(/\bimport\b|\brequire\(/);
      expect(src).not.toMatch(/setInterval/);
    }
  });

  it("defines every `| t` key in every shopper locale, and every `t:` schema key in the schema locale", () => {
    const liquid = [...files("blocks"), ...files("snippets")].map((f) => readFileSync(f, "utf8")).join("\n");
    const keys = [...new Set([...liquid.matchAll(/'([\w.]+)'\s*\|\s*t\b/g)].map((m) => m[1]))];
    expect(keys.length).toBeGreaterThan(20);
    const locales = files("locales").filter((f) => !f.endsWith(".schema.json"));
    expect(locales.map((f) => path.basename(f)).sort()).toEqual(["de.json", "en.default.json", "es.json", "fr.json"]);
    for (const file of locales) {
      const data = JSON.parse(readFileSync(file, "utf8"));
      const missing = keys.filter((k) => lookup(data, k) === undefined);
      expect(missing, path.basename(file)).toEqual([]);
    }
    const schemaKeys = [...new Set([...liquid.matchAll(/"t:([\w.]+)"/g)].map((m) => m[1]))];
    const schema = JSON.parse(readFileSync(path.join(ROOT, "locales/en.default.schema.json"), "utf8"));
    expect(schemaKeys.filter((k) => typeof lookup(schema, k) !== "string")).toEqual([]);
  });

  it("keeps every locale's key set identical to the default", () => {
    const flat = (o: any, p = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? flat(v, `${p}${k}.`) : [`${p}${k}`]));
    const read = (n: string) => flat(JSON.parse(readFileSync(path.join(ROOT, "locales", n), "utf8"))).sort();
    const base = read("en.default.json");
    for (const n of ["de.json", "fr.json", "es.json"]) expect(read(n), n).toEqual(base);
  });

  it("type-checks the embed's scripts strictly in a browser-only environment", () => {
    const program = ts.createProgram(
      ["cart-notice.js", "card-badges.js"].map((n) => path.join(ROOT, "assets", n)),
      { allowJs: true, checkJs: true, noEmit: true, strict: true, target: ts.ScriptTarget.ES2022, lib: ["lib.es2022.d.ts", "lib.dom.d.ts", "lib.dom.iterable.d.ts"], types: [] },
    );
    const errors = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    expect(errors).toEqual([]);
  });

  it("keeps shopper-facing English out of the embed's scripts (their strings come from the locale files via Liquid)", () => {
    const flatValues = (o: any): string[] => Object.values(o).flatMap((v) => (v && typeof v === "object" ? flatValues(v) : [String(v)]));
    const sentences = flatValues(JSON.parse(readFileSync(path.join(ROOT, "locales/en.default.json"), "utf8"))).filter((v) => v.includes(" "));
    for (const name of ["cart-notice.js", "card-badges.js"]) {
      const src = readFileSync(path.join(ROOT, "assets", name), "utf8");
      expect(sentences.filter((v) => src.includes(v)), name).toEqual([]);
      expect(src, name).not.toMatch(/'(Sold out|Backorder[^']*|Ships [^']*)'/);
    }
  });

  it("loads no script that blocks parsing: every <script src> in the blocks is defer, async or a module", () => {
    const liquid = files("blocks").map((f) => readFileSync(f, "utf8")).join("\n");
    const tags = [...liquid.matchAll(/<script\b[^>]*\bsrc=[^>]*>/g)].map((m) => m[0]);
    expect(tags.length).toBeGreaterThan(0);
    expect(tags.filter((t) => !/\b(defer|async)\b|type="module"/.test(t))).toEqual([]);
  });

  it("translates the settings schema into de, fr and es with exactly the default's keys", () => {
    const flat = (o: any, p = ""): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === "object" ? flat(v, `${p}${k}.`) : [`${p}${k}`]));
    const read = (n: string) => JSON.parse(readFileSync(path.join(ROOT, "locales", n), "utf8"));
    const base = read("en.default.schema.json");
    expect(flat(base)).toContain("blocks.embed.settings.card_badges.label");
    for (const n of ["de.schema.json", "fr.schema.json", "es.schema.json"]) {
      const other = read(n);
      expect(flat(other).sort(), n).toEqual(flat(base).sort());
      // Translated, not copied: the settings labels differ from the English ones.
      expect(other.blocks.embed.settings.card_badges.label, n).not.toBe(base.blocks.embed.settings.card_badges.label);
    }
  });
});
