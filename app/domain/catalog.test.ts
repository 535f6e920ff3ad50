import { describe, expect, it } from "vitest";
import { isNewerChange, joinTags, splitTags, toInventoryPolicy } from "./catalog";

describe("catalog helpers", () => {
  it.each([
    { incoming: "2026-01-02T00:00:00Z", stored: "2026-01-01T00:00:00Z", expected: true },
    { incoming: "2026-01-01T00:00:00Z", stored: "2026-01-02T00:00:00Z", expected: false },
    { incoming: "2026-01-01T00:00:00Z", stored: "2026-01-01T00:00:00Z", expected: false }, // replay
    { incoming: "2026-01-01T00:00:00Z", stored: null, expected: true },
    { incoming: null, stored: "2026-01-01T00:00:00Z", expected: false },
    { incoming: null, stored: null, expected: true },
  ])("isNewerChange($incoming, $stored) = $expected", ({ incoming, stored, expected }) => {
    expect(isNewerChange(incoming ? new Date(incoming) : null, stored ? new Date(stored) : null)).toBe(expected);
  });

  it("normalises inventory policies from GraphQL enums and REST strings", () => {
    expect(toInventoryPolicy("CONTINUE")).toBe("CONTINUE");
    expect(toInventoryPolicy("deny")).toBe("DENY");
    expect(toInventoryPolicy("other")).toBeNull();
    expect(toInventoryPolicy(undefined)).toBeNull();
  });

  it("joins and splits tags like Shopify's REST payloads", () => {
    expect(joinTags(["a", " b ", ""])).toBe("a, b");
    expect(splitTags("a, b,,c ")).toEqual(["a", "b", "c"]);
  });
});
