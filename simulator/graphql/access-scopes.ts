import { GraphQLError, type GraphQLObjectType } from "graphql";
import type { Ctx } from "./resolver-types";

// Shopify's access scopes, checked field by field against what the shop granted the app.

/** Shopify's ACCESS_DENIED check: the field's own scopes and the scopes of the type it returns. */
export function checkAccess(ctx: Ctx, parentType: GraphQLObjectType, fieldName: string, returnTypeName: string | null): void {
  const granted = ctx.data.grantedScopes;
  if (!granted) return;
  const fieldRule = ctx.admin.fieldAccess.get(`${parentType.name}.${fieldName}`);
  if (fieldRule && !hasAnyScope(granted, fieldRule.scopes)) throw accessDenied(fieldName, fieldRule.requiredAccess);
  if (returnTypeName) {
    const typeRule = ctx.admin.typeAccess.get(returnTypeName);
    if (typeRule && !hasAnyScope(granted, typeRule.scopes)) throw accessDenied(fieldName, typeRule.requiredAccess);
  }
}

/** write_x implies read_x, as with Shopify's access scopes. */
function hasAnyScope(granted: string[], scopes: string[]): boolean {
  for (const scope of scopes) {
    if (granted.includes(scope)) return true;
    if (scope.startsWith("read_") && granted.includes(`write_${scope.slice(5)}`)) return true;
  }
  return false;
}

function accessDenied(fieldName: string, requiredAccess: string): GraphQLError {
  const required = requiredAccess.split(" Also:")[0].trim();
  return new GraphQLError(`Access denied for ${fieldName} field. Required access: ${required}`, {
    extensions: { code: "ACCESS_DENIED", documentation: "https://shopify.dev/api/usage/access-scopes", requiredAccess: required },
  });
}
