import type { DeployedFunction } from "../functions/function-registry";
import { toGid, type ValidationRecord } from "../records";
import { listValidations } from "../validations";
import { byId, sortRecords } from "./resolver-helpers";
import { connectionsOf, fieldsOf, type ConnectionArgs, type Ctx } from "./resolver-types";
import { appObject } from "./shop-resolvers";

// Cart and checkout validations (validation, validations) and the app's deployed functions (shopifyFunction,
// shopifyFunctions). Scopes are the schema's: read_validations for Validation, none for ShopifyFunction.

/** A deployed function as the ShopifyFunction type (its id is a String, not a GID). */
export function shopifyFunctionObject(ctx: Ctx, fn: DeployedFunction) {
  return {
    __typename: "ShopifyFunction",
    id: fn.id,
    title: fn.title,
    handle: fn.handle,
    description: fn.description,
    apiType: fn.apiType,
    apiVersion: fn.apiVersion,
    appKey: appObject(ctx).apiKey,
    inputQuery: fn.targets[0]?.inputQuery ?? null,
    useCreationUi: false,
    app: appObject(ctx),
    appBridge: { __typename: "FunctionsAppBridge", createPath: "", detailsPath: "" },
  };
}

type ShopifyFunctionsArgs = { apiType?: string | null; useCreationUi?: boolean | null; reverse?: boolean | null };

export const VALIDATION_QUERY_FIELDS = fieldsOf<unknown>({
  validation: (_s, args: { id: string }, ctx) => byId(ctx.data.validations, args.id, "Validation"),
  shopifyFunction: (_s, args: { id: string }, ctx) => {
    const fn = ctx.store.functions.findById(args.id);
    return fn ? shopifyFunctionObject(ctx, fn) : null;
  },
});

export const VALIDATION_QUERY_CONNECTIONS = connectionsOf<unknown>({
  validations: (_s, args: ConnectionArgs, ctx) => sortRecords(listValidations(ctx.data), (v) => v.id, args.reverse),
  shopifyFunctions: (_s, args: ShopifyFunctionsArgs, ctx) => {
    const functions = ctx.store.functions
      .list()
      .filter((fn) => !args.apiType || fn.apiType === args.apiType)
      .filter((fn) => args.useCreationUi === null || args.useCreationUi === undefined || args.useCreationUi === false)
      .map((fn) => shopifyFunctionObject(ctx, fn));
    return args.reverse ? functions.reverse() : functions;
  },
});

export const VALIDATION_TYPE_RESOLVERS = {
  Validation: fieldsOf<ValidationRecord>({
    shopifyFunction: (validation: ValidationRecord, _a, ctx) => {
      const fn = ctx.store.functions.findById(validation.functionId);
      // A validation outlives nothing here: its function is the app's deployed extension (deleted with the app).
      return fn ? shopifyFunctionObject(ctx, fn) : null;
    },
    errorHistory: (validation: ValidationRecord, _a, ctx) => {
      const failures = ctx.data.functionRuns.filter((run) => !run.ok && run.validationId === toGid("Validation", validation.id));
      if (!failures.length) return null;
      return { __typename: "FunctionsErrorHistory", errorsFirstOccurredAt: failures[0].at, firstOccurredAt: failures[0].at, hasBeenSharedSinceLastError: false, hasSharedRecentErrors: false };
    },
  }),
};
