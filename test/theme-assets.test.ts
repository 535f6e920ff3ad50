// Storefront budgets and strings: each JS/CSS asset ≤ 4 KB gzipped; every `| t` key exists in every locale file.
import path from "node:path";
import { readdirSync, readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "../extensions/backorders-theme");
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

  it("ships both scripts with // @ts-check and no framework imports", () => {
    for (const name of ["availability.js", "notify-me.js"]) {
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
});
