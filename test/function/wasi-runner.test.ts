// simulator/functions/wasi-runner.ts on hand-assembled modules: what a run returns when a function misbehaves.
import { describe, expect, it } from "vitest";
import { FUNCTION_OUTPUT_LIMIT_BYTES, functionLimitScale, runFunctionExport } from "../../simulator/functions/wasi-runner";
import { fixtureModule } from "./wasm-fixtures";

describe("runFunctionExport", () => {
  it("GIVEN a module that writes JSON WHEN run THEN the parsed output comes back", () => {
    const outcome = runFunctionExport({ module: fixtureModule({ text: '{"operations":[]}' }), exportName: "run", input: {} });
    expect(outcome).toMatchObject({ ok: true, output: { operations: [] }, logs: "" });
    expect(outcome.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("GIVEN a module that writes to stderr WHEN run THEN that text is the logs", () => {
    const outcome = runFunctionExport({ module: fixtureModule({ text: "looked at 3 lines", fd: 2 }), exportName: "run", input: {} });
    expect(outcome).toMatchObject({ ok: false, logs: "looked at 3 lines" }); // nothing on stdout: not JSON
  });

  it("GIVEN a module that traps WHEN run THEN the outcome is a failure naming the trap", () => {
    const outcome = runFunctionExport({ module: fixtureModule({ trap: true }), exportName: "run", input: {} });
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining("trapped") });
  });

  it("GIVEN a module whose stdout is not JSON WHEN run THEN the outcome is a failure quoting it", () => {
    const outcome = runFunctionExport({ module: fixtureModule({ text: "hello" }), exportName: "run", input: {} });
    expect(outcome).toMatchObject({ ok: false, error: expect.stringContaining('"hello"') });
  });

  it("GIVEN output over Shopify's 20,000 bytes WHEN run on a small cart THEN it fails; on a 400-line cart (limit ×2) it passes", () => {
    const module = fixtureModule({ text: JSON.stringify({ padding: "x".repeat(FUNCTION_OUTPUT_LIMIT_BYTES) }) });
    expect(runFunctionExport({ module, exportName: "run", input: { cart: { lines: [] } } })).toMatchObject({ ok: false, error: expect.stringContaining("over Shopify's limit of 20000") });
    const bigCart = { cart: { lines: Array.from({ length: 400 }, () => ({ quantity: 1 })) } };
    expect(runFunctionExport({ module, exportName: "run", input: bigCart })).toMatchObject({ ok: true });
  });

  it("GIVEN an export name the module lacks WHEN run THEN it fails without running anything", () => {
    expect(runFunctionExport({ module: fixtureModule({ text: "{}" }), exportName: "cart_validations_generate_run", input: {} })).toMatchObject({
      ok: false,
      error: 'the module has no function export "cart_validations_generate_run"',
    });
  });

  it("scales limits by cart lines: ×1 up to 200, ×(lines/200) above, at most ×10", () => {
    const cart = (count: number) => ({ cart: { lines: Array.from({ length: count }, () => ({})) } });
    expect([functionLimitScale({}), functionLimitScale(cart(200)), functionLimitScale(cart(300)), functionLimitScale(cart(5000))]).toEqual([1, 1, 1.5, 10]);
  });
});
