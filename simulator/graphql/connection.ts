import { GraphQLError } from "graphql";

// Relay cursor pagination the way the Admin API does it: `first` or `last` is mandatory (max 250), cursors are
// opaque base64 JSON ({"last_id":…,"last_value":…}) and pageInfo reports both directions.

export const MAX_PAGE_SIZE = 250;

export type PageArgs = { first?: number | null; last?: number | null; after?: string | null; before?: string | null; reverse?: boolean | null };

export type Connection<T> = {
  edges: Array<{ __typename: string; cursor: string; node: T }>;
  nodes: T[];
  pageInfo: { __typename: "PageInfo"; hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
};

/** A stable key for a record in cursors: its numeric id, or a composite for records without one. */
export function cursorKeyOf(record: unknown): string {
  const value = record as { id?: unknown; __typename?: string; itemId?: number; locationId?: number; name?: string };
  if (value.__typename === "InventoryLevel") return `${value.itemId}:${value.locationId}`;
  if (value.id !== undefined && value.id !== null) return String(value.id);
  return String(value.name ?? "");
}

export function encodeCursor(record: unknown): string {
  const key = cursorKeyOf(record);
  return Buffer.from(JSON.stringify({ last_id: /^\d+$/.test(key) ? Number(key) : key, last_value: key })).toString("base64");
}

function decodeCursor(cursor: string, argument: "after" | "before"): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, "base64").toString("utf8")) as { last_id?: unknown };
    if (parsed && (typeof parsed.last_id === "number" || typeof parsed.last_id === "string")) return String(parsed.last_id);
  } catch {
    // fall through to the error below
  }
  throw new GraphQLError(`Invalid cursor for current pagination sort: ${argument}: ${JSON.stringify(cursor)}`, { extensions: { code: "BAD_REQUEST" } });
}

export function requirePageSize(args: PageArgs): void {
  const first = args.first ?? null;
  const last = args.last ?? null;
  if (first === null && last === null) throw new GraphQLError("you must provide one of first or last", { extensions: { code: "BAD_REQUEST" } });
  for (const [name, value] of [
    ["first", first],
    ["last", last],
  ] as const) {
    if (value === null) continue;
    if (value < 0) throw new GraphQLError(`Argument '${name}' on Field has an invalid value (${value}). Expected type 'Int' to be non-negative.`, { extensions: { code: "argumentLiteralsIncompatible" } });
    if (value > MAX_PAGE_SIZE) {
      throw new GraphQLError(`The maximum number of records you can request at once is ${MAX_PAGE_SIZE} (${name}: ${value}). Paginate with cursors or use a bulk operation.`, {
        extensions: { code: "MAX_PAGE_SIZE_EXCEEDED" },
      });
    }
  }
}

/** Slices a fully ordered list (already filtered and sorted, `reverse` applied by the caller). */
export function paginate<T>(items: readonly T[], args: PageArgs, typeName: string): Connection<T> {
  requirePageSize(args);
  let start = 0;
  let end = items.length; // exclusive
  if (args.after) {
    const key = decodeCursor(args.after, "after");
    const index = items.findIndex((item) => cursorKeyOf(item) === key);
    start = index === -1 ? items.length : index + 1;
  }
  if (args.before) {
    const key = decodeCursor(args.before, "before");
    const index = items.findIndex((item) => cursorKeyOf(item) === key);
    end = index === -1 ? end : Math.min(end, index);
  }
  if (end < start) end = start;
  if (args.first !== null && args.first !== undefined) end = Math.min(end, start + args.first);
  if (args.last !== null && args.last !== undefined) start = Math.max(start, end - args.last);
  const slice = items.slice(start, end);
  const edgeType = typeName.replace(/Connection$/, "Edge");
  const edges = slice.map((node) => ({ __typename: edgeType, cursor: encodeCursor(node), node }));
  return {
    edges,
    nodes: slice,
    pageInfo: {
      __typename: "PageInfo",
      hasNextPage: end < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
  };
}
