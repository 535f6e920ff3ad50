import { readFileSync } from "node:fs";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import {
  buildClientSchema,
  getNamedType,
  GraphQLObjectType,
  GraphQLScalarType,
  isObjectType,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type IntrospectionQuery,
} from "graphql";

// The real published Admin API 2026-10 introspection is the simulator's contract: every query the app sends is
// validated against it, so a field Shopify doesn't have fails here exactly as it would in production.

export const ADMIN_SCHEMA_FIXTURE = path.resolve(import.meta.dirname, "../../test/fixtures/admin_2026-10.json.gz");

type Fixture = { data: IntrospectionQuery; offline_scopes?: { items: ScopeItem[] } };
type ScopeItem = { type: "type" | "field"; typeName: string; fieldName?: string; offlineScopes: string[]; requiredAccess: string };

export type AccessRule = { scopes: string[]; requiredAccess: string };

export type AdminSchema = {
  schema: GraphQLSchema;
  /** Scopes (any of) needed to see a type, from the fixture's offline_scopes. */
  typeAccess: Map<string, AccessRule>;
  /** Scopes (any of) needed for a field, keyed "Type.field". */
  fieldAccess: Map<string, AccessRule>;
  /** Mutations whose 2026-10 description makes the @idempotent directive mandatory. */
  idempotentMutations: Set<string>;
};

let cached: AdminSchema | null = null;

/** Builds (once per process) the Admin schema with Shopify-like scalar serialization. */
export function loadAdminSchema(): AdminSchema {
  if (cached) return cached;
  const fixture = JSON.parse(gunzipSync(readFileSync(ADMIN_SCHEMA_FIXTURE)).toString("utf8")) as Fixture;
  const schema = buildClientSchema(fixture.data, { assumeValid: true });
  patchScalars(schema);
  const typeAccess = new Map<string, AccessRule>();
  const fieldAccess = new Map<string, AccessRule>();
  for (const item of fixture.offline_scopes?.items ?? []) {
    if (!item.offlineScopes?.length) continue;
    const rule = { scopes: item.offlineScopes, requiredAccess: item.requiredAccess };
    if (item.type === "type") typeAccess.set(item.typeName, rule);
    else if (item.fieldName) fieldAccess.set(`${item.typeName}.${item.fieldName}`, rule);
  }
  const idempotentMutations = new Set<string>();
  const mutationType = schema.getMutationType();
  for (const field of Object.values(mutationType?.getFields() ?? {})) {
    if (/idempotency key is required/i.test(field.description ?? "")) idempotentMutations.add(field.name);
  }
  cached = { schema, typeAccess, fieldAccess, idempotentMutations };
  return cached;
}

/** "2026-03-01T14:30:00Z": Shopify's DateTime rendering (UTC, no milliseconds). */
export function formatDateTime(value: number | Date | string): string {
  if (typeof value === "string") return value;
  const ms = typeof value === "number" ? value : value.getTime();
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
}

function patchScalars(schema: GraphQLSchema): void {
  const set = (name: string, serialize: (value: unknown) => unknown) => {
    const type = schema.getType(name);
    if (type instanceof GraphQLScalarType) type.serialize = serialize as GraphQLScalarType["serialize"];
  };
  set("DateTime", (value) => (typeof value === "number" || value instanceof Date ? formatDateTime(value) : value));
  // Shopify renders 64-bit integers and decimals as strings so JSON clients don't lose precision.
  set("UnsignedInt64", (value) => (typeof value === "number" ? String(value) : value));
  set("Money", (value) => (typeof value === "number" ? value.toFixed(2) : value));
  set("Decimal", (value) => (typeof value === "number" ? String(value) : value));
}

/** A Relay connection type (`XConnection` with `edges` and `pageInfo`). */
export function isConnectionType(type: GraphQLNamedType): type is GraphQLObjectType {
  if (!isObjectType(type) || !type.name.endsWith("Connection")) return false;
  const fields = type.getFields();
  return "edges" in fields && "pageInfo" in fields;
}

export function isConnectionField(field: GraphQLField<unknown, unknown>): boolean {
  return isConnectionType(getNamedType(field.type));
}

/** The node type of a connection (`ProductConnection` → `Product`). */
const nodeTypes = new WeakMap<GraphQLObjectType, GraphQLNamedType>();

export function connectionNodeType(connection: GraphQLObjectType): GraphQLNamedType {
  let nodeType = nodeTypes.get(connection);
  if (!nodeType) {
    const fields = connection.getFields();
    nodeType = fields.nodes ? getNamedType(fields.nodes.type) : getNamedType((getNamedType(fields.edges.type) as GraphQLObjectType).getFields().node.type);
    nodeTypes.set(connection, nodeType);
  }
  return nodeType;
}
