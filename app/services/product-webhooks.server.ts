// products/create and products/update webhooks into the catalog mirror: the payload (Shopify's REST product shape)
// is parsed and merged with what the mirror already holds here — a field the payload leaves out keeps its stored
// value — and written through app/models/catalog-mirror.server.ts in one transaction.

import { z } from "zod";
import { isNewerChange, splitTags, toInventoryPolicy, type CatalogProduct, type CatalogVariant, type InventoryPolicy } from "#app/domain/catalog";
import { deleteVariants, findMirrorProduct, listProductVariants, upsertProductWithVariants } from "#app/models/catalog-mirror.server";
import { inTransaction } from "#app/models/transaction.server";
import { toGid } from "#app/shopify/gid";

// Shopify's REST-style products/create|update payload (the parts the mirror uses). Numeric ids may exceed
// Number.MAX_SAFE_INTEGER once JSON.parse has run, so GIDs come from admin_graphql_api_id and a numeric id is
// only trusted when it is a safe integer (or a string).
const restId = z.union([z.string(), z.number(), z.bigint()]).nullish();
const restImage = z.looseObject({ id: restId, src: z.string().nullish() });
const restVariant = z.looseObject({
  id: restId,
  admin_graphql_api_id: z.string().nullish(),
  title: z.string().nullish(),
  sku: z.string().nullish(),
  price: z.union([z.string(), z.number()]).nullish(),
  position: z.number().nullish(),
  inventory_policy: z.string().nullish(),
  inventory_item_id: restId,
  inventory_management: z.string().nullish(),
  image_id: restId,
  updated_at: z.string().nullish(),
});
const restProduct = z.looseObject({
  id: restId,
  admin_graphql_api_id: z.string().nullish(),
  title: z.string().nullish(),
  handle: z.string().nullish(),
  vendor: z.string().nullish(),
  product_type: z.string().nullish(),
  tags: z.union([z.string(), z.array(z.string())]).nullish(),
  status: z.string().nullish(),
  updated_at: z.string().nullish(),
  image: restImage.nullish(),
  images: z.array(restImage).nullish(),
  variants: z.array(restVariant).nullish(),
});

export class InvalidProductPayloadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidProductPayloadError";
  }
}

function parseDate(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

function sameRestId(a: unknown, b: unknown): boolean {
  return a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b);
}

export type ProductWebhookResult =
  | { applied: false; reason: "stale"; productId: string }
  | { applied: true; productId: string; variantIds: string[]; removedVariantIds: string[] };

/**
 * Applies a products/create or products/update payload: the product and its variants are upserted (the
 * product only when its updated_at is newer than the stored one; each variant with the same check), variants
 * missing from the payload are removed, and the variants' availableTotal is recomputed.
 */
export async function upsertProductFromWebhook(shop: string, payload: unknown, now: Date): Promise<ProductWebhookResult> {
  const parsed = restProduct.safeParse(payload);
  if (!parsed.success) throw new InvalidProductPayloadError(`products payload: ${parsed.error.message}`);
  const body = parsed.data;
  const productId = toGid("Product", body.admin_graphql_api_id ?? null) ?? toGid("Product", body.id ?? null);
  if (!productId) throw new InvalidProductPayloadError("products payload without a usable product id");
  const updatedAt = parseDate(body.updated_at);

  return inTransaction(async (tx) => {
    const existing = await findMirrorProduct(shop, productId, tx);
    if (existing && !isNewerChange(updatedAt, existing.shopifyUpdatedAt)) {
      return { applied: false, reason: "stale", productId } as const;
    }
    const storedVariants = await listProductVariants(shop, productId, tx);
    const stored = new Map(storedVariants.map((v) => [v.id, v]));
    const hasImages = body.image !== undefined || body.images !== undefined;
    const images = body.images ?? (body.image ? [body.image] : []);

    const product: CatalogProduct = {
      id: productId,
      title: body.title ?? existing?.title ?? "",
      handle: body.handle ?? existing?.handle ?? "",
      vendor: body.vendor !== undefined ? (body.vendor ?? null) : (existing?.vendor ?? null),
      productType: body.product_type !== undefined ? (body.product_type || null) : (existing?.productType ?? null),
      tags: body.tags === undefined || body.tags === null
        ? splitTags(existing?.tags ?? "")
        : Array.isArray(body.tags) ? body.tags : splitTags(body.tags),
      status: body.status ? body.status.toUpperCase() : (existing?.status ?? "ACTIVE"),
      imageUrl: hasImages ? (body.image?.src ?? images[0]?.src ?? null) : (existing?.imageUrl ?? null),
      updatedAt,
    };

    const variants: CatalogVariant[] = [];
    for (const v of body.variants ?? []) {
      const variantId = toGid("ProductVariant", v.admin_graphql_api_id ?? null) ?? toGid("ProductVariant", v.id ?? null);
      if (!variantId) continue;
      const previous = stored.get(variantId);
      const policy: InventoryPolicy = toInventoryPolicy(v.inventory_policy) ?? "DENY";
      variants.push({
        id: variantId,
        productId,
        inventoryItemId: toGid("InventoryItem", v.inventory_item_id ?? null) ?? previous?.inventoryItemId ?? null,
        title: v.title ?? "",
        sku: v.sku || null,
        price: v.price === null || v.price === undefined ? null : String(v.price),
        imageUrl: hasImages
          ? (images.find((image) => sameRestId(image.id, v.image_id))?.src ?? null)
          : (previous?.imageUrl ?? null),
        position: v.position ?? 1,
        tracked: v.inventory_management !== undefined ? v.inventory_management !== null : (previous?.tracked ?? true),
        inventoryPolicy: policy,
        updatedAt: parseDate(v.updated_at) ?? updatedAt,
      });
    }

    let removedVariantIds: string[] = [];
    if (body.variants) {
      const keep = new Set(variants.map((v) => v.id));
      const removed = storedVariants.filter((v) => !keep.has(v.id));
      removedVariantIds = removed.map((v) => v.id);
      await deleteVariants(shop, removed, tx);
    }
    await upsertProductWithVariants(shop, { product, variants, syncedAt: now }, tx);
    return { applied: true, productId, variantIds: variants.map((v) => v.id), removedVariantIds } as const;
  });
}
