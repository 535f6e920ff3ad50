import { GraphQLError } from "graphql";
import { parseGid, toGid } from "../records";
import type { Ctx, FieldInfo, FieldPath } from "./resolver-types";
import { compileSearch, type SearchFieldReader } from "./search-query";

// Helpers the resolver modules share: GraphQL value builders (money, counts), GID arguments, sorting and search.

export const gidOf = (record: { __typename: string; id: number }) => toGid(record.__typename, record.id);

/** Shopify's Decimal rendering ("24.00" → "24.0", "24.50" → "24.5"). */
export function decimalString(amount: string): string {
  const [whole, fraction = ""] = amount.split(".");
  const trimmed = fraction.replace(/0+$/, "");
  return `${whole}.${trimmed || "0"}`;
}

export const moneyV2 = (amount: string, currencyCode: string) => ({ __typename: "MoneyV2", amount: decimalString(amount), currencyCode });

export const moneyBag = (amount: string, currencyCode: string) => ({
  __typename: "MoneyBag",
  shopMoney: moneyV2(amount, currencyCode),
  presentmentMoney: moneyV2(amount, currencyCode),
});

export const count = (value: number, limit?: number | null) => ({
  __typename: "Count",
  count: limit !== undefined && limit !== null && value > limit ? limit : value,
  precision: limit !== undefined && limit !== null && value > limit ? "AT_LEAST" : "EXACT",
});

export const stripHtml = (html: string) => html.replace(/<[^>]*>/g, "").replace(/\s+/g, " ").trim();

export const words = (value: string) => [value, ...value.split(/[\s\-_/]+/).filter(Boolean)];

export function invalidGid(value: unknown): GraphQLError {
  return new GraphQLError(`Invalid global id '${String(value)}'`, { extensions: { code: "argumentLiteralsIncompatible", typeName: "CoercionError" } });
}

/** Numeric id of a GID argument of the expected type; malformed GIDs are errors, other types simply miss. */
export function gidArg(value: unknown, type: string): number | null {
  if (typeof value !== "string") throw invalidGid(value);
  const parsed = parseGid(value);
  if (!parsed) throw invalidGid(value);
  return parsed.type === type ? parsed.id : null;
}

export function sortRecords<T>(items: T[], key: ((item: T) => string | number | null) | null, reverse: boolean | null | undefined): T[] {
  const result = key
    ? items
        .map((item, index) => ({ item, index, value: key(item) }))
        .sort((a, b) => {
          if (a.value === b.value) return a.index - b.index;
          if (a.value === null) return 1;
          if (b.value === null) return -1;
          if (typeof a.value === "number" && typeof b.value === "number") return a.value - b.value;
          return String(a.value).localeCompare(String(b.value), "en", { sensitivity: "base" }) || a.index - b.index;
        })
        .map((entry) => entry.item)
    : items;
  return reverse ? [...result].reverse() : result;
}

export function search<T>(ctx: Ctx, items: Iterable<T>, query: string | null | undefined, read: SearchFieldReader<T>, fields: readonly string[], path: Array<string | number> = []): T[] {
  const compiled = compileSearch(query, read, fields);
  if (compiled.unknownFields.length && query) {
    ctx.searchWarnings.push({ path, query, warnings: compiled.unknownFields.map((field) => ({ field, message: "Invalid search field for this query." })) });
  }
  const result: T[] = [];
  for (const item of items) if (compiled.matches(item)) result.push(item);
  return result;
}

/** `id:gid://shopify/Product/123` searches like `id:123` (ids compare numerically, ranges included). */
export function normalizeIdQuery(query: string | null | undefined): string | null | undefined {
  return query?.replace(/\b(id|product_id|location_id|collection_id|assigned_location_id):(>=|<=|>|<)?(["']?)gid:\/\/shopify\/\w+\/(\d+)\3/g, "$1:$2$4");
}

export function byId<T>(map: Map<number, T>, value: unknown, type: string): T | null {
  const id = gidArg(value, type);
  return id === null ? null : (map.get(id) ?? null);
}

export const pathOf = (info?: FieldInfo): Array<string | number> => {
  const result: Array<string | number> = [];
  let node: FieldPath | undefined = info?.path;
  while (node) {
    result.unshift(node.key);
    node = node.prev as FieldPath | undefined;
  }
  return result;
};
