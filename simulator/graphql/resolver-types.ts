import { GraphQLError, type GraphQLObjectType, type GraphQLOutputType } from "graphql";
import type { ShopData } from "../records";
import type { SimulatorStore } from "../store";
import type { AdminSchema } from "./schema";

// What every resolver module shares: the resolver context, the field info graphql-js (and the bulk runner)
// passes, and the typed way to declare one GraphQL type's field resolvers.

export type Ctx = {
  store: SimulatorStore;
  data: ShopData;
  admin: AdminSchema;
  /** Inside bulkOperationRunQuery: connections are unpaginated. */
  bulk: boolean;
  /** Search syntax warnings, reported in `extensions.search` like Shopify does. */
  searchWarnings: Array<{ path: Array<string | number>; query: string; warnings: Array<{ field: string; message: string }> }>;
  /** The @idempotent(key:) of the mutation field being resolved, if any. */
  idempotencyKey?: string | null;
};

export type FieldPath = { prev: unknown; key: string | number };

export type FieldInfo = { parentType: GraphQLObjectType; fieldName: string; returnType: GraphQLOutputType; path?: FieldPath };

/** Field arguments as graphql-js passes them (already coerced against the schema). */
export type FieldArgs = Record<string, unknown>;

/** A field resolver as the tables hold it; `fieldsOf` is how one is declared with its source and args types. */
export type Resolver = (source: unknown, args: FieldArgs, ctx: Ctx, info: FieldInfo) => unknown;

/** The full ordered list behind a connection field (pagination or bulk streaming happens on top). */
export type ConnectionSource = (source: unknown, args: FieldArgs, ctx: Ctx, info?: FieldInfo) => readonly unknown[];

// `args: never` makes each resolver that reads arguments name their shape (a typed args object per field); the
// schema-validated coercion of graphql-js is what makes that shape true at run time.
type TypedResolver<S> = (source: S, args: never, ctx: Ctx, info: FieldInfo) => unknown;
type TypedConnectionSource<S> = (source: S, args: never, ctx: Ctx, info?: FieldInfo) => readonly unknown[];

/**
 * One GraphQL type's field resolvers over its record type `S`. The tables dispatch on the parent type's name, so a
 * resolver registered under type T only ever receives T's records: that is the one place the source type is taken
 * on trust.
 */
export function fieldsOf<S>(fields: Record<string, TypedResolver<S>>): Record<string, Resolver> {
  return fields as unknown as Record<string, Resolver>;
}

/** One GraphQL type's connection sources over its record type `S` (see fieldsOf). */
export function connectionsOf<S>(sources: Record<string, TypedConnectionSource<S>>): Record<string, ConnectionSource> {
  return sources as unknown as Record<string, ConnectionSource>;
}

/** Connection arguments every source reads (the page arguments are handled by connection.ts). */
export type ConnectionArgs = { query?: string | null; reverse?: boolean | null; sortKey?: string | null };

export class NotImplementedError extends GraphQLError {
  constructor(typeName: string, fieldName: string) {
    super(`Simulator does not implement ${typeName}.${fieldName}`, { extensions: { code: "NOT_IMPLEMENTED_IN_SIMULATOR" } });
  }
}
