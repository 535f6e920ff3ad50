import { performance } from "node:perf_hooks";
import type { GraphQLSchema } from "graphql";
import { CheckoutError, toGid, type CheckoutValidationError, type FunctionRunRecord, type ShopData, type ValidationRecord } from "../records";
import type { StoreCore } from "../store-core";
import { listValidations } from "../validations";
import { buildFunctionInput, loadFunctionSchema, type FunctionCart } from "./function-input";
import { parseValidationOutput, type FunctionValidationError } from "./function-output";
import { apiTypeOfTarget } from "./function-registry";
import { runFunctionExport } from "./wasi-runner";

// What Shopify's checkout does with the shop's cart and checkout validations: every enabled one runs its function's
// run target on the cart; any error it returns refuses the checkout with its messages. A run that fails (trap, bad
// output, missing module) lets the checkout through unless the validation has blockOnFailure. Each run is logged.

export const FUNCTION_RUNS_KEPT = 200;

/** What checkout shows when a blocking validation could not run (Shopify shows a generic message too). */
export const VALIDATION_UNAVAILABLE_MESSAGE = "There was an issue processing your order. Try again later.";

type RunOutcome = { ok: true; errors: FunctionValidationError[] } | { ok: false; failure: string };

function runOne(store: StoreCore, data: ShopData, validation: ValidationRecord, cart: FunctionCart): RunOutcome & { handle: string | null; durationMs: number } {
  const started = performance.now();
  const fn = store.functions.findById(validation.functionId);
  const done = (outcome: RunOutcome, durationMs = performance.now() - started) => ({ ...outcome, handle: fn?.handle ?? null, durationMs });
  if (!fn) return done({ ok: false, failure: `function ${validation.functionId} is not deployed` });
  const target = fn.targets.find((t) => apiTypeOfTarget(t.target) === "cart_checkout_validation" && t.target.endsWith(".run"));
  if (!target) return done({ ok: false, failure: `${fn.handle} has no validation run target` });
  const loaded = store.functions.loadModule(fn);
  if (!loaded.ok) return done({ ok: false, failure: loaded.error });
  let schema: GraphQLSchema;
  try {
    schema = loadFunctionSchema(fn.directory);
  } catch (error) {
    return done({ ok: false, failure: `${fn.handle}: schema.graphql does not build (${error instanceof Error ? error.message : String(error)})` });
  }
  const built = buildFunctionInput({ data, appNamespace: store.appNamespace(), schema, query: target.inputQuery, cart });
  if (!built.ok) return done({ ok: false, failure: `${fn.handle}: ${built.error}` });
  const run = runFunctionExport({ module: loaded.module, exportName: target.exportName, input: built.input });
  if (!run.ok) return done({ ok: false, failure: `${fn.handle}: ${run.error}` }, run.durationMs);
  const parsed = parseValidationOutput(schema, target.target, run.output);
  return done(parsed.ok ? parsed : { ok: false, failure: `${fn.handle}: ${parsed.error}` }, run.durationMs);
}

function lineIndexOf(target: string, lineCount: number): number | null {
  const match = /^\$\.cart\.lines\[(\d+)\]/.exec(target);
  const index = match ? Number(match[1]) : null;
  return index !== null && index < lineCount ? index : null;
}

function record(data: ShopData, run: FunctionRunRecord): void {
  data.functionRuns.push(run);
  if (data.functionRuns.length > FUNCTION_RUNS_KEPT) data.functionRuns.splice(0, data.functionRuns.length - FUNCTION_RUNS_KEPT);
}

/** Runs the shop's enabled validations on the cart; the CheckoutError to refuse it with, or null to let it through. */
export function runCheckoutValidations(store: StoreCore, data: ShopData, cart: FunctionCart): CheckoutError | null {
  const errors: CheckoutValidationError[] = [];
  let blockedByFailure = false;
  for (const validation of listValidations(data)) {
    if (!validation.enabled) continue;
    const outcome = runOne(store, data, validation, cart);
    const blocked = outcome.ok ? outcome.errors.length > 0 : validation.blockOnFailure;
    record(data, {
      at: store.nowMs(),
      validationId: toGid("Validation", validation.id),
      functionHandle: outcome.handle,
      ok: outcome.ok,
      durationMs: Math.round(outcome.durationMs * 1000) / 1000,
      errorCount: outcome.ok ? outcome.errors.length : 0,
      failure: outcome.ok ? null : outcome.failure,
      blocked,
    });
    if (outcome.ok) errors.push(...outcome.errors.map((error) => ({ ...error, lineIndex: lineIndexOf(error.target, cart.lines.length) })));
    else if (validation.blockOnFailure) blockedByFailure = true;
  }
  if (errors.length) return new CheckoutError("VALIDATION_FAILED", errors.map((error) => error.message).join(" "), errors);
  if (blockedByFailure) {
    return new CheckoutError("VALIDATION_UNAVAILABLE", VALIDATION_UNAVAILABLE_MESSAGE, [{ message: VALIDATION_UNAVAILABLE_MESSAGE, target: "$.cart", lineIndex: null }]);
  }
  return null;
}
