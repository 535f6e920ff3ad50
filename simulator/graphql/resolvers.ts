import { getNamedType, GraphQLError, isAbstractType, isObjectType, type GraphQLObjectType } from "graphql";
import { checkAccess } from "./access-scopes";
import { BULK_OPERATION_QUERY_CONNECTIONS, BULK_OPERATION_QUERY_FIELDS } from "./bulk-operation-resolvers";
import { CATALOG_CONNECTION_SOURCES, CATALOG_QUERY_CONNECTIONS, CATALOG_QUERY_FIELDS, CATALOG_TYPE_RESOLVERS } from "./catalog-resolvers";
import { encodeCursor, paginate, requirePageSize, type PageArgs } from "./connection";
import { INVENTORY_CONNECTION_SOURCES, INVENTORY_QUERY_CONNECTIONS, INVENTORY_QUERY_FIELDS, INVENTORY_TYPE_RESOLVERS } from "./inventory-resolvers";
import {
  INVENTORY_TRANSFER_CONNECTION_SOURCES,
  INVENTORY_TRANSFER_QUERY_CONNECTIONS,
  INVENTORY_TRANSFER_QUERY_FIELDS,
  INVENTORY_TRANSFER_TYPE_RESOLVERS,
} from "./inventory-transfer-resolvers";
import {
  METAFIELD_CONNECTION_SOURCES,
  METAFIELD_QUERY_CONNECTIONS,
  METAFIELD_QUERY_FIELDS,
  METAFIELD_TYPE_RESOLVERS,
  metafieldResolvers,
  metafieldsSource,
} from "./metafield-resolvers";
import { NODE_QUERY_FIELDS } from "./node-lookup";
import { ORDER_CONNECTION_SOURCES, ORDER_QUERY_CONNECTIONS, ORDER_QUERY_FIELDS, ORDER_TYPE_RESOLVERS } from "./order-resolvers";
import { gidOf } from "./resolver-helpers";
import { NotImplementedError, type ConnectionSource, type Ctx, type FieldArgs, type FieldInfo, type FieldPath, type Resolver } from "./resolver-types";
import { isConnectionType, type AdminSchema } from "./schema";
import { SHOP_QUERY_FIELDS, SHOP_TYPE_RESOLVERS } from "./shop-resolvers";
import { VALIDATION_QUERY_CONNECTIONS, VALIDATION_QUERY_FIELDS, VALIDATION_TYPE_RESOLVERS } from "./validation-resolvers";

// Resolvers over the in-memory store, gathered from their area modules (catalog, inventory, orders, metafields,
// shop/app, bulk operations, nodes). Lookup order for a field: explicit resolver → connection source (paginated
// here, streamed by the bulk runner) → generic fields (id, legacyResourceId, metafield(s)) → a record property
// of the same name → an error naming the field. The simulator never answers a field it doesn't model with null.

export const TYPE_RESOLVERS: Record<string, Record<string, Resolver>> = {
  QueryRoot: {
    ...SHOP_QUERY_FIELDS,
    ...CATALOG_QUERY_FIELDS,
    ...INVENTORY_QUERY_FIELDS,
    ...INVENTORY_TRANSFER_QUERY_FIELDS,
    ...ORDER_QUERY_FIELDS,
    ...METAFIELD_QUERY_FIELDS,
    ...BULK_OPERATION_QUERY_FIELDS,
    ...VALIDATION_QUERY_FIELDS,
    ...NODE_QUERY_FIELDS,
  },
  ...SHOP_TYPE_RESOLVERS,
  ...CATALOG_TYPE_RESOLVERS,
  ...INVENTORY_TYPE_RESOLVERS,
  ...INVENTORY_TRANSFER_TYPE_RESOLVERS,
  ...ORDER_TYPE_RESOLVERS,
  ...METAFIELD_TYPE_RESOLVERS,
  ...VALIDATION_TYPE_RESOLVERS,
};

export const CONNECTION_SOURCES: Record<string, Record<string, ConnectionSource>> = {
  QueryRoot: {
    ...CATALOG_QUERY_CONNECTIONS,
    ...INVENTORY_QUERY_CONNECTIONS,
    ...INVENTORY_TRANSFER_QUERY_CONNECTIONS,
    ...ORDER_QUERY_CONNECTIONS,
    ...METAFIELD_QUERY_CONNECTIONS,
    ...BULK_OPERATION_QUERY_CONNECTIONS,
    ...VALIDATION_QUERY_CONNECTIONS,
  },
  ...CATALOG_CONNECTION_SOURCES,
  ...INVENTORY_CONNECTION_SOURCES,
  ...INVENTORY_TRANSFER_CONNECTION_SOURCES,
  ...ORDER_CONNECTION_SOURCES,
  ...METAFIELD_CONNECTION_SOURCES,
};

/** The list behind a connection field, or null when the simulator doesn't model it. */
export function findConnectionSource(admin: AdminSchema, parentType: GraphQLObjectType, fieldName: string): ConnectionSource | null {
  const explicit = CONNECTION_SOURCES[parentType.name]?.[fieldName];
  if (explicit) return explicit;
  if (fieldName === "metafields" && implementsInterface(parentType, "HasMetafields")) return metafieldsSource;
  return null;
}

function implementsInterface(type: GraphQLObjectType, name: string): boolean {
  return type.getInterfaces().some((i) => i.name === name);
}

// ---------------------------------------------------------------------------------------------------------
// The field resolver (graphql-js and the bulk runner share it)

type IdentifiedRecord = { __typename: string; id: number };

/** Sources are records or plain payload objects; anything else has no fields to read. */
function isObjectSource(source: unknown): source is Record<string, unknown> {
  return source !== null && typeof source === "object";
}

function hasNumericId(source: Record<string, unknown>): source is Record<string, unknown> & { id: number } {
  return typeof source.id === "number";
}

function isIdentifiedRecord(source: Record<string, unknown>): source is Record<string, unknown> & IdentifiedRecord {
  return typeof source.id === "number" && typeof source.__typename === "string";
}

const GENERIC: Record<string, (source: { id: number }) => unknown> = {
  legacyResourceId: (source) => String(source.id),
  defaultCursor: (source) => encodeCursor(source),
};

/** Resolves a non-connection field value (connections: see findConnectionSource). */
export function resolveFieldValue(source: unknown, args: FieldArgs, ctx: Ctx, info: FieldInfo): unknown {
  const parentName = info.parentType.name;
  const fieldName = info.fieldName;
  const explicit = TYPE_RESOLVERS[parentName]?.[fieldName];
  if (explicit) return explicit(source, args, ctx, info);
  if (!isObjectSource(source)) throw new NotImplementedError(parentName, fieldName);
  if (fieldName === "id" && isIdentifiedRecord(source)) return gidOf(source);
  if (GENERIC[fieldName] && hasNumericId(source)) return GENERIC[fieldName](source);
  if (fieldName === "metafield" && implementsInterface(info.parentType, "HasMetafields")) return metafieldResolvers.metafield(source, args, ctx, info);
  if (Object.hasOwn(source, fieldName)) {
    const value = source[fieldName];
    if (typeof value === "number" && getNamedType(info.returnType).name === "ID") {
      throw new GraphQLError(`Simulator bug: ${parentName}.${fieldName} holds a raw numeric id`);
    }
    return value;
  }
  throw new NotImplementedError(parentName, fieldName);
}

export function createFieldResolver() {
  return (source: unknown, args: FieldArgs, ctx: Ctx, info: FieldInfo & { path: FieldPath }) => {
    const named = getNamedType(info.returnType);
    if (isConnectionType(named)) {
      const nodeType = getNamedType(named.getFields().nodes?.type ?? named.getFields().edges.type);
      checkAccess(ctx, info.parentType, info.fieldName, isObjectType(nodeType) && !nodeType.name.endsWith("Edge") ? nodeType.name : null);
      const sourceFn = findConnectionSource(ctx.admin, info.parentType, info.fieldName);
      if (!sourceFn) throw new NotImplementedError(info.parentType.name, info.fieldName);
      if (ctx.bulk) return sourceFn(source, args, ctx, info);
      // Refuse a missing/oversized page before filtering a possibly huge list.
      // Every connection field has the page arguments (the schema says so, graphql-js coerced them).
      const page = args as PageArgs;
      requirePageSize(page);
      return paginate(sourceFn(source, args, ctx, info), page, named.name);
    }
    checkAccess(ctx, info.parentType, info.fieldName, isObjectType(named) ? named.name : null);
    const value = resolveFieldValue(source, args, ctx, info);
    if (isAbstractType(named)) {
      // node/nodes and other interface fields: the concrete type decides which scope is needed.
      for (const item of Array.isArray(value) ? value : [value]) {
        if (item && typeof item === "object" && "__typename" in item) checkAccess(ctx, info.parentType, info.fieldName, String((item as { __typename: string }).__typename));
      }
    }
    return value;
  };
}

export const typeResolver = (value: unknown) => (value && typeof value === "object" ? (value as { __typename?: string }).__typename : undefined);
