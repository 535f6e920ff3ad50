// The one check that an unknown value (parsed JSON, a GraphQL response) is a plain object whose keys can be read.

/** True for a non-null, non-array object. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
