// Runs the BUILT checkout validation function (extensions/backorder-cap-validation/dist/function.wasm) the way
// the simulator does, and builds input documents shaped exactly like the result of its input query
// (src/cart_validations_generate_run.graphql: aliases `sellable`/`eta`, `__typename`, `{ value }` or null).
import fs from "node:fs";
import { expect } from "vitest";
import { ensureValidationFunctionBuilt, VALIDATION_FUNCTION_WASM, type FunctionBuild } from "../../scripts/build-function";
import { runFunctionExport, runFunctionExportOnText, type FunctionRunOutcome } from "../../simulator/functions/wasi-runner";

export const TARGET = "cart.validations.generate.run";

let loaded: { build: FunctionBuild; module: WebAssembly.Module } | null = null;

/** Builds the module when it is missing or older than its sources, then compiles it once per test file. */
export function loadValidationFunction(): { build: FunctionBuild; module: WebAssembly.Module } {
  if (!loaded) {
    const build = ensureValidationFunctionBuilt();
    loaded = { build, module: new WebAssembly.Module(fs.readFileSync(VALIDATION_FUNCTION_WASM)) };
  }
  return loaded;
}

export function runValidationFunction(input: unknown): FunctionRunOutcome {
  const { build, module } = loadValidationFunction();
  return runFunctionExport({ module, exportName: build.exportsByTarget[TARGET], input });
}

/** A run on raw stdin text (for input that is not JSON). */
export function runValidationFunctionOnText(inputText: string): FunctionRunOutcome {
  const { build, module } = loadValidationFunction();
  return runFunctionExportOnText({ module, exportName: build.exportsByTarget[TARGET], inputText });
}

export interface ValidationErrorOutput {
  message: string;
  target: string;
}

/** The errors of a successful run; fails the test when the run failed or the output has another shape. */
export function validationErrors(input: unknown): ValidationErrorOutput[] {
  const outcome = runValidationFunction(input);
  if (!outcome.ok) throw new Error(`the function run failed: ${outcome.error}\n${outcome.logs}`);
  const output = outcome.output as { operations: Array<{ validationAdd: { errors: ValidationErrorOutput[] } }> };
  expect(Object.keys(output)).toEqual(["operations"]);
  expect(output.operations).toHaveLength(1);
  expect(Object.keys(output.operations[0])).toEqual(["validationAdd"]);
  return output.operations[0].validationAdd.errors;
}

type Metafield = { value: string } | null;

export interface VariantLineOptions {
  /** `$app.backorder_sellable`'s value; omitted → the metafield is absent (null). */
  sellable?: string;
  /** `$app.backorder_eta`'s value; omitted → absent. */
  eta?: string;
}

const metafield = (value: string | undefined): Metafield => (value === undefined ? null : { value });

export function variantLine(variant: number, quantity: number, options: VariantLineOptions = {}) {
  return {
    quantity,
    merchandise: {
      __typename: "ProductVariant",
      id: `gid://shopify/ProductVariant/${variant}`,
      sellable: metafield(options.sellable),
      eta: metafield(options.eta),
    },
  };
}

/** A line whose merchandise is not a ProductVariant: the inline fragment selects nothing on it. */
export function customProductLine(quantity: number) {
  return { quantity, merchandise: { __typename: "CustomProduct" } };
}

export function cartInput(lines: unknown[], isoCode = "EN") {
  return { localization: { language: { isoCode } }, cart: { lines } };
}

export const lineTarget = (index: number) => `$.cart.lines[${index}].quantity`;
