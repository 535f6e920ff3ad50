import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { apiTypeOfTarget, createFunctionRegistry } from "./function-registry";

// The deployed-functions registry: what it reads from shopify.extension.toml, and when it runs the build command.

const EMPTY_MODULE = Buffer.from([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]);

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One function extension whose build command writes an empty module and counts its runs in builds.log. */
function extension(opts: { prebuilt: boolean }) {
  dir = mkdtempSync(path.join(tmpdir(), "sim-registry-"));
  const folder = path.join(dir, "cap-check");
  mkdirSync(path.join(folder, "src"), { recursive: true });
  writeFileSync(path.join(folder, "src/run.graphql"), "query Input { cart { lines { quantity } } }\n");
  writeFileSync(path.join(folder, "src/index.ts"), "export {};\n");
  writeFileSync(
    path.join(folder, "build.cjs"),
    `const fs = require("node:fs"); fs.mkdirSync("out", { recursive: true }); fs.writeFileSync("out/f.wasm", Buffer.from([${[...EMPTY_MODULE].join(",")}])); fs.appendFileSync("builds.log", "x");\n`,
  );
  writeFileSync(
    path.join(folder, "shopify.extension.toml"),
    [
      'api_version = "2026-10"',
      "[[extensions]]",
      'name = "Cap check"',
      'handle = "cap-check"',
      'type = "function"',
      "[[extensions.targeting]]",
      'target = "cart.validations.generate.run"',
      'input_query = "src/run.graphql"',
      'export = "cart_validations_generate_run"',
      "[extensions.build]",
      `command = "${process.execPath} build.cjs"`,
      'path = "out/f.wasm"',
    ].join("\n"),
  );
  writeFileSync(path.join(dir, "README.md"), "not an extension folder\n");
  if (opts.prebuilt) {
    mkdirSync(path.join(folder, "out"));
    writeFileSync(path.join(folder, "out/f.wasm"), EMPTY_MODULE);
  }
  const builds = () => {
    try {
      return readFileSync(path.join(folder, "builds.log"), "utf8").length;
    } catch {
      return 0;
    }
  };
  return { folder, builds };
}

describe("the function registry", () => {
  it("GIVEN a function extension THEN it is listed with its toml's handle, title, targets and a stable UUID", () => {
    const { folder } = extension({ prebuilt: true });
    const [fn] = createFunctionRegistry({ extensionsDir: dir, appKey: "app-1" }).list();
    expect(fn).toMatchObject({
      handle: "cap-check",
      title: "Cap check",
      apiType: "cart_checkout_validation",
      apiVersion: "2026-10",
      targets: [{ target: "cart.validations.generate.run", inputQuery: "query Input { cart { lines { quantity } } }\n", exportName: "cart_validations_generate_run" }],
      wasmPath: path.join(folder, "out/f.wasm"),
    });
    expect(createFunctionRegistry({ extensionsDir: dir, appKey: "app-1" }).findByHandle("cap-check")!.id).toBe(fn.id);
    expect(createFunctionRegistry({ extensionsDir: dir, appKey: "app-2" }).findByHandle("cap-check")!.id).not.toBe(fn.id);
    expect(createFunctionRegistry({ extensionsDir: null, appKey: "app-1" }).list()).toEqual([]);
  });

  it("GIVEN no module yet THEN the first load runs the build command once and later loads reuse the module", () => {
    const { builds } = extension({ prebuilt: false });
    const registry = createFunctionRegistry({ extensionsDir: dir, appKey: "app-1" });
    const fn = registry.list()[0];
    expect(registry.loadModule(fn)).toMatchObject({ ok: true });
    expect(registry.loadModule(fn)).toMatchObject({ ok: true });
    expect(builds()).toBe(1);
  });

  it("GIVEN a module older than a file under src/ THEN it is rebuilt; a fresh one is not", () => {
    const { folder, builds } = extension({ prebuilt: true });
    expect(createFunctionRegistry({ extensionsDir: dir, appKey: "a" }).loadModule(createFunctionRegistry({ extensionsDir: dir, appKey: "a" }).list()[0])).toMatchObject({ ok: true });
    expect(builds()).toBe(0);
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(folder, "out/f.wasm"), past, past);
    const registry = createFunctionRegistry({ extensionsDir: dir, appKey: "a" });
    expect(registry.loadModule(registry.list()[0])).toMatchObject({ ok: true });
    expect(builds()).toBe(1);
  });

  it("GIVEN a build that fails THEN loading reports the command and its output", () => {
    const { folder } = extension({ prebuilt: false });
    writeFileSync(path.join(folder, "build.cjs"), 'console.error("asc: syntax error in index.ts"); process.exit(2);\n');
    const registry = createFunctionRegistry({ extensionsDir: dir, appKey: "a" });
    expect(registry.loadModule(registry.list()[0])).toEqual({ ok: false, error: expect.stringMatching(/build\.cjs` failed: asc: syntax error in index\.ts/) });
  });

  it.each([
    ["cart.validations.generate.run", "cart_checkout_validation"],
    ["purchase.validation.run", "cart_checkout_validation"],
    ["cart.transform.run", "cart_transform"],
    ["cart.lines.discounts.generate.run", "discount"],
    ["something.else.run", "unknown"],
  ])("maps target %s to apiType %s", (target, apiType) => {
    expect(apiTypeOfTarget(target)).toBe(apiType);
  });
});
