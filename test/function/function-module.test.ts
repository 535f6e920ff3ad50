// The built module against Shopify's contract: size, imports, exports, the toml, the input query against the
// function API's published schema, the output against the schema's result type, and a 200-line cart.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildSchema, coerceInputValue, executeSync, parse, validate, type GraphQLInputType } from "graphql";
import { parse as parseToml } from "smol-toml";
import { beforeAll, describe, expect, it } from "vitest";
import { checkValidationFunction, SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES, VALIDATION_FUNCTION_DIR } from "../../scripts/build-function";
import { FUNCTION_OUTPUT_LIMIT_BYTES } from "../../simulator/functions/wasi-runner";
import { fixtureModuleBytes } from "./wasm-fixtures";
import { cartInput, customProductLine, lineTarget, loadValidationFunction, runValidationFunction, TARGET, validationErrors, variantLine } from "./validation-run";

const toml = parseToml(fs.readFileSync(path.join(VALIDATION_FUNCTION_DIR, "shopify.extension.toml"), "utf8")) as {
  api_version: string;
  extensions: Array<{ handle: string; type: string; targeting: Array<{ target: string; input_query: string; export: string }>; build: { path: string } }>;
};
const extension = toml.extensions[0];
const targeting = extension.targeting[0];
const schema = buildSchema(fs.readFileSync(path.join(VALIDATION_FUNCTION_DIR, "schema.graphql"), "utf8"));
const inputQuery = parse(fs.readFileSync(path.join(VALIDATION_FUNCTION_DIR, targeting.input_query), "utf8"));

beforeAll(() => {
  loadValidationFunction();
});

describe("the built module", () => {
  it("fits Shopify's 256 KB limit and imports nothing but WASI preview 1", () => {
    const { build, module } = loadValidationFunction();
    console.log(`function module: ${build.sizeBytes} bytes (${(build.sizeBytes / 1024).toFixed(1)} KB of ${SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES / 1024} KB)`);
    expect(build.sizeBytes).toBeLessThanOrEqual(SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES);
    const imports = WebAssembly.Module.imports(module);
    expect(imports.length).toBeGreaterThan(0);
    expect(imports.filter((entry) => entry.module !== "wasi_snapshot_preview1")).toEqual([]);
  });

  it("exports the toml's export for its target, _start and its memory", () => {
    const { module } = loadValidationFunction();
    const exported = WebAssembly.Module.exports(module).map((entry) => `${entry.kind}:${entry.name}`);
    expect(exported).toEqual(expect.arrayContaining([`function:${targeting.export}`, "function:_start", "memory:memory"]));
  });

  it("is the extension the toml declares: a function on cart.validations.generate.run, API 2026-10, built to dist/", () => {
    expect(toml.api_version).toBe("2026-10");
    expect(extension).toMatchObject({ handle: "backorder-cap-validation", type: "function", build: { path: "dist/function.wasm" } });
    expect(targeting).toEqual({ target: TARGET, input_query: "src/cart_validations_generate_run.graphql", export: "cart_validations_generate_run" });
  });
});

describe("the build's checks (what makes `npm run build:function`, and so `npm test`, fail)", () => {
  /** The check's error message for a module of these bytes, or null when it passes. */
  const checkError = (bytes: Uint8Array) => {
    const directory = fs.mkdtempSync(path.join(os.tmpdir(), "function-check-"));
    const file = path.join(directory, "module.wasm");
    fs.writeFileSync(file, bytes);
    try {
      checkValidationFunction(file);
      return null;
    } catch (error) {
      return (error as Error).message;
    } finally {
      fs.rmSync(directory, { recursive: true, force: true });
    }
  };

  it("GIVEN a module over 256 KB THEN the check fails on its size", () => {
    expect(checkError(fixtureModuleBytes({ text: "x".repeat(SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES) }))).toMatch(/bytes; Shopify accepts at most 262144/);
  });

  it("GIVEN a module importing from env THEN the check fails on the import", () => {
    expect(checkError(fixtureModuleBytes({ importModule: "env" }))).toMatch(/imports env\.fd_write; only wasi_snapshot_preview1/);
  });

  it("GIVEN the built module THEN the check passes", () => {
    expect(checkError(fs.readFileSync(loadValidationFunction().build.wasmPath))).toBeNull();
  });

  it("GIVEN a small WASI module without the toml's export THEN the check fails on the export", () => {
    expect(checkError(fixtureModuleBytes({ text: "{}" }))).toMatch(/lacks the export "cart_validations_generate_run"/);
  });
});

describe("the input query and the output against the function API schema (extensions/backorder-cap-validation/schema.graphql)", () => {
  it("the input query is valid", () => {
    expect(validate(schema, inputQuery).map(String)).toEqual([]);
  });

  it("the test documents have exactly the shape the input query yields", () => {
    const metafield = (values: Record<string, string>) => ({ key }: { key: string }) => (key in values ? { value: values[key] } : null);
    const rootValue = {
      localization: { language: { isoCode: "DE" } },
      cart: {
        lines: [
          { quantity: 11, merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/1", metafield: metafield({ backorder_sellable: "10", backorder_eta: "2027-01-12" }) } },
          { quantity: 2, merchandise: { __typename: "ProductVariant", id: "gid://shopify/ProductVariant/2", metafield: metafield({}) } },
          { quantity: 1, merchandise: { __typename: "CustomProduct", title: "Engraving" } },
        ],
      },
    };
    const result = executeSync({ schema, document: inputQuery, rootValue });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual(cartInput([variantLine(1, 11, { sellable: "10", eta: "2027-01-12" }), variantLine(2, 2), customProductLine(1)], "DE"));
  });

  it("the output is a valid CartValidationsGenerateRunResult, with errors and without", () => {
    const resultType = schema.getType("CartValidationsGenerateRunResult") as GraphQLInputType;
    for (const input of [cartInput([variantLine(1, 11, { sellable: "10", eta: "2027-01-12" }), variantLine(2, 3, { sellable: "0" })], "FR"), cartInput([])]) {
      const outcome = runValidationFunction(input);
      expect(outcome.ok).toBe(true);
      if (outcome.ok) expect(() => coerceInputValue(outcome.output, resultType)).not.toThrow();
    }
  });
});

describe("GIVEN a 200-line cart (Shopify's unscaled limits apply up to 200 lines)", () => {
  // Every 4th line custom merchandise, odd lines unmanaged, even lines capped at i % 9 with quantity 1 + i % 7.
  const isCapped = (i: number) => i % 4 !== 3 && i % 2 === 0;
  const lines = Array.from({ length: 200 }, (_, i) => (i % 4 === 3 ? customProductLine(1) : variantLine(i, 1 + (i % 7), isCapped(i) ? { sellable: String(i % 9), eta: "2027-01-12" } : {})));
  const overCapCount = Array.from({ length: 200 }, (_, i) => i).filter((i) => isCapped(i) && 1 + (i % 7) > i % 9).length;

  it("WHEN it runs THEN it answers well within the limits (size and run time printed for the CI log)", () => {
    const { build } = loadValidationFunction();
    const outcome = runValidationFunction(cartInput(lines));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const errors = (outcome.output as { operations: Array<{ validationAdd: { errors: unknown[] } }> }).operations[0].validationAdd.errors;
    expect(errors).toHaveLength(overCapCount);
    console.log(`200-line cart: ${outcome.durationMs.toFixed(2)} ms under node:wasi (instance, run, I/O), ${errors.length} errors; module ${build.sizeBytes} bytes`);
    expect(outcome.durationMs).toBeLessThan(2000);
  });

  it("WHEN every line is over its cap THEN the output stays under Shopify's 20,000-byte output limit and still blocks", () => {
    const overCap = Array.from({ length: 200 }, (_, i) => variantLine(i, 50, { sellable: "10", eta: "2027-01-12" }));
    const outcome = runValidationFunction(cartInput(overCap, "DE")); // German: the longest messages
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    console.log(`200-line cart, every line over its cap (worst case): ${outcome.durationMs.toFixed(2)} ms under node:wasi`);
    const bytes = Buffer.byteLength(JSON.stringify(outcome.output));
    const errors = (outcome.output as { operations: Array<{ validationAdd: { errors: Array<{ target: string }> } }> }).operations[0].validationAdd.errors;
    expect(bytes).toBeLessThanOrEqual(FUNCTION_OUTPUT_LIMIT_BYTES);
    expect(errors.length).toBeGreaterThan(50);
    expect(errors.length).toBeLessThan(200);
    expect(errors.map((error) => error.target).slice(0, 3)).toEqual([lineTarget(0), lineTarget(1), lineTarget(2)]);
  });

  it("WHEN 1,000 lines are over their cap THEN the output uses the limit scaled ×5 (100,000 bytes), so more errors fit than at 200 lines", () => {
    const overCap = Array.from({ length: 1000 }, (_, i) => variantLine(i, 50, { sellable: "10" }));
    const outcome = runValidationFunction(cartInput(overCap));
    expect(outcome.ok).toBe(true);
    if (!outcome.ok) return;
    const errors = (outcome.output as { operations: Array<{ validationAdd: { errors: Array<{ target: string }> } }> }).operations[0].validationAdd.errors;
    expect(Buffer.byteLength(JSON.stringify(outcome.output))).toBeLessThanOrEqual(5 * FUNCTION_OUTPUT_LIMIT_BYTES);
    expect(Buffer.byteLength(JSON.stringify(outcome.output))).toBeGreaterThan(4 * FUNCTION_OUTPUT_LIMIT_BYTES);
    expect(errors.length).toBeGreaterThan(600);
    expect(errors.every((error, i) => error.target === lineTarget(i))).toBe(true);
  });
});
