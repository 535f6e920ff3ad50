import { GraphQLError, valueFromASTUntyped, type FieldNode } from "graphql";
import type { FieldInfo, Resolver } from "./resolver-types";

// Idempotency (@idempotent(key:)): mandatory where the schema says so; a repeated key replays the first result.

function idempotencyKeyOf(fieldNodes: readonly FieldNode[] | undefined, variables: Record<string, unknown>): string | null | undefined {
  const directive = fieldNodes?.[0]?.directives?.find((d) => d.name.value === "idempotent");
  if (!directive) return undefined;
  const arg = directive.arguments?.find((a) => a.name.value === "key");
  if (!arg) return null;
  const value = valueFromASTUntyped(arg.value, variables);
  return typeof value === "string" ? value : null;
}

type MutationInfo = FieldInfo & { fieldNodes?: readonly FieldNode[]; variableValues?: Record<string, unknown> };

export function withIdempotency(name: string, resolver: Resolver): Resolver {
  return (source, args, ctx, info) => {
    const mutationInfo = info as MutationInfo;
    const key = idempotencyKeyOf(mutationInfo.fieldNodes, mutationInfo.variableValues ?? {});
    const required = ctx.admin.idempotentMutations.has(name);
    if (key === undefined) {
      if (required) throw new GraphQLError("The @idempotent directive is required for this mutation but was not provided.", { extensions: { code: "BAD_REQUEST" } });
      return resolver(source, args, ctx, info);
    }
    if (key === null || !key.trim()) throw new GraphQLError("The idempotency key cannot be an empty string or whitespace only.", { extensions: { code: "BAD_REQUEST" } });
    const signature = `${name}:${JSON.stringify(args)}`;
    const previous = ctx.data.idempotentResults.get(key);
    if (previous) {
      if (previous.signature === signature) return previous.result;
      return mismatchPayload(name);
    }
    const result = resolver(source, args, ctx, info);
    ctx.data.idempotentResults.set(key, { signature, result });
    return result;
  };
}

function mismatchPayload(name: string): unknown {
  const userErrors = [{ field: null, message: "The idempotency key was already used with different parameters.", code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" }];
  if (name === "inventoryAdjustQuantities" || name === "inventorySetQuantities") return { inventoryAdjustmentGroup: null, userErrors };
  throw new GraphQLError("The idempotency key was already used with different parameters.", { extensions: { code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" } });
}
