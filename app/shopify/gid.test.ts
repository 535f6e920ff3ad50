import { describe, expect, it } from "vitest";
import { gidType, isGidOfType, legacyIdFromGid, parseGid, toGid } from "./gid";

describe("gid", () => {
  it("parses type, id and query params", () => {
    const parsed = parseGid("gid://shopify/InventoryLevel/523463154?inventory_item_id=271878346596884015");
    expect(parsed?.type).toBe("InventoryLevel");
    expect(parsed?.id).toBe("523463154");
    expect(parsed?.params.get("inventory_item_id")).toBe("271878346596884015");
  });

  it("classifies by type and rejects non-GIDs", () => {
    expect(gidType("gid://shopify/ProductVariant/1")).toBe("ProductVariant");
    expect(gidType("gid://shopify/Product/1")).toBe("Product");
    expect(gidType("https://example.com")).toBeNull();
    expect(gidType(42)).toBeNull();
    expect(isGidOfType("gid://shopify/Collection/9", "Collection")).toBe(true);
    expect(isGidOfType("gid://shopify/Collection/9", "Product")).toBe(false);
  });

  it("keeps ids beyond MAX_SAFE_INTEGER exact when given as strings or bigints", () => {
    expect(legacyIdFromGid("gid://shopify/InventoryItem/271878346596884015")).toBe("271878346596884015");
    expect(toGid("InventoryItem", "271878346596884015")).toBe("gid://shopify/InventoryItem/271878346596884015");
    expect(toGid("InventoryItem", 271878346596884015n)).toBe("gid://shopify/InventoryItem/271878346596884015");
  });

  it("refuses numbers that JSON.parse has already rounded", () => {
    expect(toGid("InventoryItem", 271878346596884015)).toBeNull();
    expect(toGid("InventoryItem", 42)).toBe("gid://shopify/InventoryItem/42");
    expect(toGid("InventoryItem", -1)).toBeNull();
    expect(toGid("InventoryItem", "gid://shopify/InventoryItem/5")).toBe("gid://shopify/InventoryItem/5");
    expect(toGid("InventoryItem", "gid://shopify/Product/5")).toBeNull();
    expect(toGid("InventoryItem", null)).toBeNull();
  });
});
