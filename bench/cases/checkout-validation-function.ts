// The checkout validation function itself (issue 16): the compiled module's size against Shopify's 256 KB limit, and
// its run time on a 200-line cart (the most lines Shopify runs a function on without scaling its limits) under the
// simulator's runner (node:wasi, a fresh instance per run, input on stdin, output on stdout, as Shopify runs it).
// Two carts, each 200 distinct capped variants with the input query's aliases and __typename: every line within its
// sellable figure (nothing to report), and every line over it (200 errors: the most output and work). Each cart
// runs `runs` times after one warm-up; run time includes instantiation and the stdin/stdout files.
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { buildValidationFunction, checkValidationFunction, isValidationFunctionStale, SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES, VALIDATION_FUNCTION_WASM } from "../../scripts/build-function";
import { runFunctionExport } from "../../simulator/functions/wasi-runner";
import { sized } from "../support/scale";
import { quantileOf } from "../support/stats";
import type { Figure, MeasureCase } from "../types";

const LINES = 200;

/** A cart.validations.generate.run input as Shopify builds it from the extension's input query. */
function cartInput(overCap: boolean) {
  return {
    localization: { language: { isoCode: "DE" } },
    cart: {
      lines: Array.from({ length: LINES }, (_, i) => ({
        quantity: overCap ? 7 : 2,
        merchandise: {
          __typename: "ProductVariant",
          id: `gid://shopify/ProductVariant/${44_000_000_000 + i}`,
          sellable: { value: "5" },
          eta: { value: "2099-01-15" },
        },
      })),
    },
  };
}

export const checkoutValidationFunction: MeasureCase = {
  kind: "measure",
  name: "checkout validation function",
  description: `module size (Shopify's limit: ${SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES} bytes) and run time on a ${LINES}-line cart under node:wasi, every line within cap / every line over`,
  async measure({ scale }) {
    const runs = sized("BENCH_FUNCTION_RUNS", { full: 50, small: 20, tiny: 3 }, scale);
    const build = isValidationFunctionStale() ? buildValidationFunction() : checkValidationFunction(VALIDATION_FUNCTION_WASM);
    const exportName = Object.values(build.exportsByTarget)[0];
    const module = new WebAssembly.Module(readFileSync(build.wasmPath));
    const figures: Figure[] = [{ name: "module size", value: build.sizeBytes, unit: "bytes" }];
    const details: Record<string, string | number> = { lines: LINES, runs, export: exportName };
    for (const [name, overCap] of [["within cap", false], ["every line over", true]] as const) {
      const input = cartInput(overCap);
      const samples: number[] = [];
      let errors = 0;
      let outputBytes = 0;
      for (let i = 0; i <= runs; i++) {
        const started = performance.now();
        const outcome = runFunctionExport({ module, exportName, input });
        const elapsed = performance.now() - started;
        if (!outcome.ok) throw new Error(`the ${name} cart failed to run: ${outcome.error}`);
        if (i === 0) {
          const output = outcome.output as { operations?: Array<{ validationAdd?: { errors?: unknown[] } }> };
          errors = (output.operations ?? []).reduce((n, op) => n + (op.validationAdd?.errors?.length ?? 0), 0);
          outputBytes = Buffer.byteLength(JSON.stringify(outcome.output));
          continue; // warm-up
        }
        samples.push(elapsed);
      }
      samples.sort((a, b) => a - b);
      figures.push(
        { name: `${LINES} lines, ${name}: run p50`, value: quantileOf(samples, 0.5), unit: "ms" },
        { name: `${LINES} lines, ${name}: run max`, value: samples[samples.length - 1], unit: "ms" },
        { name: `${LINES} lines, ${name}: output`, value: outputBytes, unit: "bytes" },
      );
      details[`${overCap ? "over" : "within"}Errors`] = errors;
    }
    return { figures, details };
  },
};
