import type { DeployedFunction } from "../functions/function-registry";
import { toGid } from "../records";
import { activeValidationCount, createValidation, deleteValidation, MAX_ACTIVE_VALIDATIONS, updateValidation } from "../validations";
import { gidArg } from "./resolver-helpers";
import { fieldsOf, NotImplementedError, type Ctx } from "./resolver-types";

// validationCreate / validationUpdate / validationDelete with ValidationUserError codes. The write_validations scope
// is enforced by the schema's access rules (access-scopes.ts) before these run.

/** ValidationCreateInput after graphql-js coercion (defaults applied: enable/blockOnFailure false, metafields []). */
type ValidationCreateInput = {
  functionHandle?: string | null;
  functionId?: string | null;
  title?: string | null;
  enable: boolean;
  blockOnFailure: boolean;
  metafields: unknown[];
};

/** ValidationUpdateInput: its defaults are false too, so an update that omits `enable` disables the validation. */
type ValidationUpdateInput = { title?: string | null; enable: boolean; blockOnFailure: boolean; metafields: unknown[] };

type ValidationUserError = { field: string[] | null; message: string; code: string };

const fail = (field: string[] | null, message: string, code: string): ValidationUserError => ({ field, message, code });

function refuseMetafields(metafields: unknown[], inputType: string): void {
  // Validation metafields (configuration a function reads as `validation.metafield`) are not modelled.
  if (metafields.length) throw new NotImplementedError(inputType, "metafields");
}

function findFunction(ctx: Ctx, input: ValidationCreateInput): { fn: DeployedFunction } | { error: ValidationUserError } {
  const handle = input.functionHandle ?? null;
  const id = input.functionId ?? null;
  if (!handle && !id) return { error: fail(["validation"], "Either function_id or function_handle must be provided.", "MISSING_FUNCTION_IDENTIFIER") };
  if (handle && id) return { error: fail(["validation"], "Only one of function_id or function_handle can be provided, not both.", "MULTIPLE_FUNCTION_IDENTIFIERS") };
  const fn = handle ? ctx.store.functions.findByHandle(handle) : ctx.store.functions.findById(id!);
  const field = ["validation", handle ? "functionHandle" : "functionId"];
  if (!fn) return { error: fail(field, `Extension not found.`, "FUNCTION_NOT_FOUND") };
  if (fn.apiType !== "cart_checkout_validation") {
    return { error: fail(field, "Function does not implement the required interface for this cart & checkout validation.", "FUNCTION_DOES_NOT_IMPLEMENT") };
  }
  return { fn };
}

const tooManyActive = (field: string[]) => fail(field, `Cannot have more than ${MAX_ACTIVE_VALIDATIONS} active validation functions.`, "MAX_VALIDATIONS_ACTIVATED");

export const VALIDATION_MUTATIONS = fieldsOf<unknown>({
  validationCreate: (_s, args: { validation: ValidationCreateInput }, ctx) => {
    const input = args.validation;
    refuseMetafields(input.metafields, "ValidationCreateInput");
    const found = findFunction(ctx, input);
    if ("error" in found) return { validation: null, userErrors: [found.error] };
    if (input.enable && activeValidationCount(ctx.data) >= MAX_ACTIVE_VALIDATIONS) return { validation: null, userErrors: [tooManyActive(["validation", "enable"])] };
    const validation = createValidation(ctx.store, ctx.data, {
      title: input.title || found.fn.title,
      functionId: found.fn.id,
      enabled: input.enable,
      blockOnFailure: input.blockOnFailure,
    });
    // Like `shopify app deploy`, have the module built and compiled before the first checkout needs it (a build
    // that fails shows up as a failed run at checkout, as a broken deploy would).
    ctx.store.functions.loadModule(found.fn);
    return { validation, userErrors: [] };
  },

  validationUpdate: (_s, args: { id: string; validation: ValidationUpdateInput }, ctx) => {
    const input = args.validation;
    refuseMetafields(input.metafields, "ValidationUpdateInput");
    const validation = ctx.data.validations.get(gidArg(args.id, "Validation") ?? -1);
    if (!validation) return { validation: null, userErrors: [fail(["id"], "Validation not found.", "NOT_FOUND")] };
    if (input.enable && !validation.enabled && activeValidationCount(ctx.data) >= MAX_ACTIVE_VALIDATIONS) {
      return { validation: null, userErrors: [tooManyActive(["validation", "enable"])] };
    }
    updateValidation(ctx.store, validation, { ...(input.title ? { title: input.title } : {}), enabled: input.enable, blockOnFailure: input.blockOnFailure });
    return { validation, userErrors: [] };
  },

  validationDelete: (_s, args: { id: string }, ctx) => {
    const id = gidArg(args.id, "Validation");
    if (id === null || !deleteValidation(ctx.data, id)) return { deletedId: null, userErrors: [fail(["id"], "Validation not found.", "NOT_FOUND")] };
    return { deletedId: toGid("Validation", id), userErrors: [] };
  },
});
