import { Prisma } from "@prisma/client";
import { describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { deleteAllForShop } from "../../app/models/shop-data.server";

const gone = "gone.myshopify.com";
const kept = "kept.myshopify.com";

async function seedShop(shop: string) {
  await prisma.shop.create({ data: { shop, name: shop } });
  await prisma.shopSettings.create({ data: { shop } });
  await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "s", accessToken: "t" } });
  await prisma.variant.create({ data: { shop, id: "gid://shopify/ProductVariant/1", productId: "gid://shopify/Product/1", title: "v" } });
  await prisma.product.create({ data: { shop, id: "gid://shopify/Product/1", title: "p", handle: "p" } });
  await prisma.inventoryLevel.create({ data: { shop, inventoryItemId: "i1", locationId: "l1", available: 3 } });
  await prisma.restockSubscription.create({
    data: { shop, variantId: "v1", productId: "p1", email: "A@x.com", emailNormalized: "a@x.com", unsubscribeToken: `u-${shop}` },
  });
  await prisma.job.create({ data: { shop, type: "x" } });
  await prisma.webhookReceipt.create({ data: { shop, webhookId: "w1", topic: "PRODUCTS_UPDATE" } });
}

describe("deleteAllForShop", () => {
  it("GIVEN the Prisma schema THEN every model has a shop column and is covered by the delete path", async () => {
    const models = Prisma.dmmf.datamodel.models;
    const result = await deleteAllForShop("nobody.myshopify.com");
    for (const model of models) {
      expect(model.fields.some((field) => field.name === "shop"), `${model.name} lacks a shop column`).toBe(true);
      expect(Object.keys(result), `${model.name} is not deleted by deleteAllForShop`).toContain(model.name);
    }
  });

  it("GIVEN two shops WHEN one is deleted THEN all its rows go and the other's stay", async () => {
    await seedShop(gone);
    await seedShop(kept);
    const deleted = await deleteAllForShop(gone);
    expect(deleted).toMatchObject({ Shop: 1, Session: 1, Variant: 1, Product: 1, InventoryLevel: 1, RestockSubscription: 1, Job: 1 });
    for (const model of Prisma.dmmf.datamodel.models) {
      const delegate = (prisma as any)[model.name[0].toLowerCase() + model.name.slice(1)];
      expect(await delegate.count({ where: { shop: gone } }), model.name).toBe(0);
    }
    expect(await prisma.variant.count({ where: { shop: kept } })).toBe(1);
    expect(await prisma.session.count({ where: { shop: kept } })).toBe(1);
  });
});
