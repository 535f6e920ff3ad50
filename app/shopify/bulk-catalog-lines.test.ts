import { describe, expect, it } from "vitest";
import { classifyCatalogLine } from "./bulk-catalog-lines";

describe("classifyCatalogLine", () => {
  it("maps a product line (featured media preview image, tags, dates)", () => {
    const line = classifyCatalogLine({
      id: "gid://shopify/Product/1",
      title: "Shirt",
      handle: "shirt",
      vendor: "Acme",
      productType: "Tops",
      tags: ["summer", "cotton"],
      status: "ACTIVE",
      updatedAt: "2026-11-01T10:00:00Z",
      featuredMedia: { preview: { image: { url: "https://cdn.example/shirt.jpg" } } },
    });
    expect(line).toEqual({
      kind: "product",
      product: {
        id: "gid://shopify/Product/1",
        title: "Shirt",
        handle: "shirt",
        vendor: "Acme",
        productType: "Tops",
        tags: ["summer", "cotton"],
        status: "ACTIVE",
        imageUrl: "https://cdn.example/shirt.jpg",
        updatedAt: new Date("2026-11-01T10:00:00Z"),
      },
    });
  });

  it("maps a variant line to its product (__parentId) and inventory item", () => {
    const line = classifyCatalogLine({
      id: "gid://shopify/ProductVariant/11",
      title: "S",
      sku: "",
      price: "19.90",
      position: 2,
      inventoryPolicy: "CONTINUE",
      updatedAt: "2026-11-01T10:00:00Z",
      image: null,
      inventoryItem: { id: "gid://shopify/InventoryItem/111", tracked: false },
      __parentId: "gid://shopify/Product/1",
    });
    expect(line).toEqual({
      kind: "variant",
      variant: {
        id: "gid://shopify/ProductVariant/11",
        productId: "gid://shopify/Product/1",
        inventoryItemId: "gid://shopify/InventoryItem/111",
        title: "S",
        sku: null,
        price: "19.90",
        imageUrl: null,
        position: 2,
        tracked: false,
        unitCost: null,
        inventoryPolicy: "CONTINUE",
        updatedAt: new Date("2026-11-01T10:00:00Z"),
      },
    });
  });

  it("reads the inventory item's unit cost amount (MoneyV2), null when absent or not a decimal", () => {
    const variant = (unitCost: unknown) =>
      classifyCatalogLine({ id: "gid://shopify/ProductVariant/12", __parentId: "gid://shopify/Product/1", inventoryItem: { id: "gid://shopify/InventoryItem/112", tracked: true, unitCost } });
    expect(variant({ amount: "7.25", currencyCode: "EUR" })).toMatchObject({ kind: "variant", variant: { unitCost: "7.25" } });
    expect(variant({ amount: "0.0", currencyCode: "USD" })).toMatchObject({ variant: { unitCost: "0.0" } });
    expect(variant(null)).toMatchObject({ variant: { unitCost: null } });
    expect(variant({ amount: "-1", currencyCode: "USD" })).toMatchObject({ variant: { unitCost: null } });
  });

  it("maps a collection line to a product link", () => {
    expect(
      classifyCatalogLine({ id: "gid://shopify/Collection/5", title: "Sale", handle: "sale", __parentId: "gid://shopify/Product/1" }),
    ).toEqual({ kind: "collection", productId: "gid://shopify/Product/1", collection: { id: "gid://shopify/Collection/5", title: "Sale", handle: "sale" } });
  });

  it("maps an inventory level line: parent is the VARIANT, quantities by name, item from `item { id }`", () => {
    const line = classifyCatalogLine({
      id: "gid://shopify/InventoryLevel/9?inventory_item_id=111",
      item: { id: "gid://shopify/InventoryItem/111" },
      location: { id: "gid://shopify/Location/3" },
      quantities: [
        { name: "available", quantity: -2 },
        { name: "on_hand", quantity: 4 },
        { name: "committed", quantity: 6 },
      ],
      updatedAt: "2026-11-02T00:00:00Z",
      __parentId: "gid://shopify/ProductVariant/11",
    });
    expect(line).toEqual({
      kind: "inventoryLevel",
      variantId: "gid://shopify/ProductVariant/11",
      inventoryItemId: "gid://shopify/InventoryItem/111",
      level: { locationId: "gid://shopify/Location/3", available: -2, onHand: 4, committed: 6, updatedAt: new Date("2026-11-02T00:00:00Z") },
    });
  });

  it("falls back to the inventory_item_id in the level GID, then to the variant (null)", () => {
    const base = { location: { id: "gid://shopify/Location/3" }, quantities: [], __parentId: "gid://shopify/ProductVariant/11" };
    const fromGid = classifyCatalogLine({ ...base, id: "gid://shopify/InventoryLevel/9?inventory_item_id=271878346596884015" });
    expect(fromGid).toMatchObject({ inventoryItemId: "gid://shopify/InventoryItem/271878346596884015", level: { available: 0, onHand: null } });
    const unknown = classifyCatalogLine({ ...base, id: "gid://shopify/InventoryLevel/9" });
    expect(unknown).toMatchObject({ kind: "inventoryLevel", inventoryItemId: null });
  });

  it.each([
    [null, "not an object"],
    [{ title: "no id" }, "no GID id"],
    [{ id: "gid://shopify/Metafield/1" }, "unexpected Metafield line"],
    [{ id: "gid://shopify/ProductVariant/1" }, "without product parent"],
    [{ id: "gid://shopify/InventoryLevel/1", __parentId: "gid://shopify/ProductVariant/1" }, "without location"],
  ])("skips %j (%s)", (raw, reason) => {
    const line = classifyCatalogLine(raw);
    expect(line.kind).toBe("skip");
    expect(line.kind === "skip" && line.reason).toContain(reason);
  });
});
