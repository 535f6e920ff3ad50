import { coerceInputValue, type GraphQLSchema } from "graphql";

// A validation function's output, checked the way Shopify checks it: against the result input type of the target's
// MutationRoot field (cart.validations.generate.run → cartValidationsGenerateRun(result: CartValidationsGenerateRunResult!)),
// so a misspelt key, a missing `target` or two operations in one @oneOf object are a failed run, not ignored.

export type FunctionValidationError = { message: string; target: string };

export type ParsedOutput = { ok: true; errors: FunctionValidationError[] } | { ok: false; error: string };

/** "cart.validations.generate.run" → "cartValidationsGenerateRun"; the legacy "purchase.validation.run" → "run". */
export function resultFieldOfTarget(target: string): string {
  if (target.startsWith("purchase.validation.")) return target.slice("purchase.validation.".length);
  return target.replace(/[.-]([a-z])/g, (_m, letter: string) => letter.toUpperCase());
}

type RunResult = { operations?: Array<{ validationAdd?: { errors: FunctionValidationError[] } | null }>; errors?: Array<{ localizedMessage: string; target: string }> };

export function parseValidationOutput(schema: GraphQLSchema, target: string, output: unknown): ParsedOutput {
  const field = schema.getMutationType()?.getFields()[resultFieldOfTarget(target)];
  const resultArg = field?.args.find((arg) => arg.name === "result");
  if (!resultArg) return { ok: false, error: `the function schema has no result type for target ${target}` };
  const problems: string[] = [];
  const coerced = coerceInputValue(output, resultArg.type, (path, _value, error) => {
    problems.push(`${path.length ? `${path.join(".")}: ` : ""}${error.message}`);
  }) as RunResult | undefined;
  if (problems.length || !coerced) return { ok: false, error: `invalid output: ${problems.join("; ") || "no result"}` };
  // cart.validations.generate.run: operations[].validationAdd.errors; purchase.validation.run: errors[] with localizedMessage.
  const errors = coerced.operations
    ? coerced.operations.flatMap((operation) => operation.validationAdd?.errors ?? [])
    : (coerced.errors ?? []).map((error) => ({ message: error.localizedMessage, target: error.target }));
  return { ok: true, errors: errors.map((error) => ({ message: error.message, target: error.target })) };
}
