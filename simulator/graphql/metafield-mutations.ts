import type { MetafieldRecord } from "../records";
import { metafieldDigest, metafieldOwnerType, resolveNamespace } from "./metafield-resolvers";
import { isKnownMetafieldType, normalizeMetafieldValue, validateMetafieldValue } from "./metafield-values";
import type { UserError } from "./mutation-support";
import { lookupNode } from "./node-lookup";
import { fieldsOf, type Ctx } from "./resolver-types";

// metafieldsSet/metafieldsDelete, and the planning of metafield writes nested in other mutations' inputs.

/** MetafieldInput (nested in productUpdate, productVariantsBulkUpdate, orderUpdate) and MetafieldsSetInput's common part. */
export type MetafieldInput = { namespace?: string | null; key?: string | null; type?: string | null; value?: string | null; compareDigest?: string | null };

type MetafieldsSetInput = MetafieldInput & { ownerId: string };

type MetafieldIdentifierInput = { ownerId: string; namespace: string; key: string };

const MAX_METAFIELDS_PER_SET = 25;

export type PlannedMetafield = { ownerGid: string; ownerType: string; namespace: string; key: string; type: string; value: string };

/**
 * Validates one metafield write (metafieldsSet, or `metafields` nested in another mutation's input).
 * `path` is the userError field prefix, e.g. ["metafields", "3"].
 */
export function planMetafield(
  ctx: Ctx,
  input: { ownerId?: string; namespace?: string | null; key?: string | null; type?: string | null; value?: string | null; compareDigest?: string | null },
  ownerGid: string | null,
  path: string[],
  elementIndex: number | null,
): { planned?: PlannedMetafield; error?: UserError } {
  const fail = (field: string, message: string, code: string) => ({ error: { field: [...path, field], message, code, elementIndex } });
  const owner = ownerGid ? lookupNode(ctx, ownerGid) : null;
  const ownerType = owner ? metafieldOwnerType(owner.__typename) : null;
  if (!owner || !ownerGid || !ownerType) return fail("ownerId", "Owner does not exist.", "INVALID");
  const namespace = resolveNamespace(ctx, input.namespace);
  const key = input.key ?? "";
  if (key.length < 2) return fail("key", "Key is too short (minimum is 2 characters).", "TOO_SHORT");
  if (key.length > 64) return fail("key", "Key is too long (maximum is 64 characters).", "TOO_LONG");
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return fail("key", "Key contains one or more invalid characters.", "INVALID");
  if (!namespace.startsWith("app--")) {
    if (namespace.length < 3) return fail("namespace", "Namespace is too short (minimum is 3 characters).", "TOO_SHORT");
    if (namespace.length > 255) return fail("namespace", "Namespace is too long (maximum is 255 characters).", "TOO_LONG");
    if (namespace.startsWith("app--")) return fail("namespace", "Access to this namespace is restricted.", "APP_NOT_AUTHORIZED");
  } else if (namespace !== ctx.store.appNamespace() && !namespace.startsWith(`${ctx.store.appNamespace()}--`)) {
    return fail("namespace", "Access to this namespace is restricted.", "APP_NOT_AUTHORIZED");
  }
  const existing = ctx.data.findMetafield(ownerGid, namespace, key);
  const definition = ctx.data.findMetafieldDefinition(ownerType, namespace, key);
  const type = input.type ?? definition?.typeName ?? existing?.type;
  if (!type) return fail("type", "Type can't be blank.", "BLANK");
  if (!isKnownMetafieldType(type)) return fail("type", `Type '${type}' is not a valid metafield type.`, "INVALID_TYPE");
  if (definition && type !== definition.typeName) return fail("type", `Type must be '${definition.typeName}' to match the metafield definition.`, "INVALID_TYPE");
  const value = input.value;
  if (value === null || value === undefined || value === "") return fail("value", "Value can't be blank.", "BLANK");
  const problem = validateMetafieldValue(type, value);
  if (problem) return fail("value", problem, "INVALID_VALUE");
  if (input.compareDigest !== undefined) {
    const stale = input.compareDigest === null ? !!existing : !existing || metafieldDigest(existing) !== input.compareDigest;
    if (stale) return fail("compareDigest", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", "INVALID_COMPARE_DIGEST");
  }
  return { planned: { ownerGid, ownerType, namespace, key, type, value: normalizeMetafieldValue(type, value) } };
}

export function applyMetafields(ctx: Ctx, planned: PlannedMetafield[]): MetafieldRecord[] {
  return planned.map((metafield) => ctx.store.upsertMetafield(ctx.data, metafield));
}

export const METAFIELD_MUTATIONS = fieldsOf<unknown>({
  metafieldsSet: (_s, args: { metafields: MetafieldsSetInput[] }, ctx) => {
    const inputs = args.metafields;
    if (inputs.length > MAX_METAFIELDS_PER_SET) {
      return { metafields: [], userErrors: [{ field: ["metafields"], message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`, code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
    }
    const errors: UserError[] = [];
    const planned: PlannedMetafield[] = [];
    const seen = new Set<string>();
    inputs.forEach((input, index) => {
      const result = planMetafield(ctx, input, input.ownerId, ["metafields", String(index)], index);
      if (result.error) {
        errors.push(result.error);
        return;
      }
      const identity = `${result.planned!.ownerGid}|${result.planned!.namespace}|${result.planned!.key}`;
      if (seen.has(identity)) {
        errors.push({ field: ["metafields", String(index), "key"], message: "The same metafield can't be set twice in one request.", code: "TAKEN", elementIndex: index });
        return;
      }
      seen.add(identity);
      planned.push(result.planned!);
    });
    // Atomic, like Shopify: one bad metafield and nothing is written.
    if (errors.length) return { metafields: [], userErrors: errors };
    return { metafields: applyMetafields(ctx, planned), userErrors: [] };
  },

  metafieldsDelete: (_s, args: { metafields: MetafieldIdentifierInput[] }, ctx) => {
    const inputs = args.metafields;
    if (!inputs.length) return { deletedMetafields: [], userErrors: [{ field: ["metafields"], message: "At least one metafield identifier must be specified." }] };
    const deleted = inputs.map((input) => {
      lookupNode(ctx, input.ownerId);
      const metafield = ctx.data.findMetafield(input.ownerId, resolveNamespace(ctx, input.namespace), input.key);
      if (!metafield) return null;
      ctx.store.deleteMetafield(ctx.data, metafield);
      return { __typename: "MetafieldIdentifier", ownerId: input.ownerId, namespace: metafield.namespace, key: metafield.key };
    });
    return { deletedMetafields: deleted, userErrors: [] };
  },
});
