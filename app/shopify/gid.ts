// Pure parse/format of Shopify global ids (gid://shopify/<Type>/<id>[?query]) ↔ numeric ids.
// Ids stay strings end to end: REST payload ids can exceed Number.MAX_SAFE_INTEGER, so a JS number is only
// accepted when it is a safe integer (anything else has already been rounded by JSON.parse and is wrong).

const GID_PATTERN = /^gid:\/\/shopify\/([A-Za-z][A-Za-z0-9]*)\/([^/?#]+)(\?[^#]*)?$/;

export type ParsedGid = { type: string; id: string; params: URLSearchParams };

export function parseGid(gid: string): ParsedGid | null {
  const match = GID_PATTERN.exec(gid);
  if (!match) return null;
  return { type: match[1], id: decodeURIComponent(match[2]), params: new URLSearchParams(match[3] ?? "") };
}

/** The resource type of a GID ("Product", "ProductVariant", …), or null when it is not a Shopify GID. */
export function gidType(gid: unknown): string | null {
  if (typeof gid !== "string") return null;
  const match = GID_PATTERN.exec(gid);
  return match ? match[1] : null;
}

export function isGidOfType(gid: unknown, type: string): gid is string {
  return gidType(gid) === type;
}

/** The numeric id of a GID as a string (never a number: it may not fit in one). */
export function legacyIdFromGid(gid: string): string {
  const parsed = parseGid(gid);
  if (!parsed) throw new TypeError(`Not a Shopify GID: ${JSON.stringify(gid)}`);
  return parsed.id;
}

/** Formats a GID from a numeric id given as a string, bigint or safe integer. Returns null for anything else. */
export function toGid(type: string, id: string | number | bigint | null | undefined): string | null {
  if (id === null || id === undefined) return null;
  if (typeof id === "string") {
    if (id.startsWith("gid://")) return gidType(id) === type ? id : null;
    return /^\d+$/.test(id) ? `gid://shopify/${type}/${id}` : null;
  }
  if (typeof id === "bigint") return id >= 0n ? `gid://shopify/${type}/${id.toString()}` : null;
  return Number.isSafeInteger(id) && id >= 0 ? `gid://shopify/${type}/${id}` : null;
}
