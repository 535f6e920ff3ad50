import { formatMoney, normalizeTags } from "../catalog";
import { toGid, type InventoryPolicy, type LocationRecord, type OrderRecord, type ProductRecord, type QuantityName, type VariantPatch, type VariantRecord } from "../records";
import { requireExplicitChangeFrom, type InventoryItemInput } from "./inventory-mutations";
import { applyMetafields, planMetafield, type MetafieldInput, type PlannedMetafield } from "./metafield-mutations";
import { isMoney, rejectUnsupported, type UserError } from "./mutation-support";
import { lookupNode } from "./node-lookup";
import { gidArg } from "./resolver-helpers";
import { fieldsOf, NotImplementedError, type Ctx } from "./resolver-types";

// Product and variant mutations (productUpdate, productVariantsBulkUpdate) and tagsAdd/tagsRemove.

/** InventoryAdjustmentInput; changeFromQuantity null opts out of the compare-and-swap, adjustment null unstocks. */
type InventoryAdjustmentInput = { locationId: string; adjustment: number | null; changeFromQuantity: number | null };

/** ProductVariantsBulkInput, the fields the simulator models (Money arrives as a decimal string, checked below). */
type ProductVariantsBulkInput = {
  id?: string | null;
  price?: unknown;
  compareAtPrice?: unknown;
  inventoryPolicy?: InventoryPolicy | null;
  barcode?: string | null;
  taxable?: boolean | null;
  inventoryItem?: InventoryItemInput | null;
  metafields?: MetafieldInput[] | null;
  inventoryQuantities?: unknown[] | null;
  optionValues?: Array<{ name?: string | null; optionName?: string | null }> | null;
  quantityAdjustments?: InventoryAdjustmentInput[] | null;
};

type ProductVariantsBulkUpdateArgs = { productId: string; variants: ProductVariantsBulkInput[]; media?: unknown[] | null; allowPartialUpdates?: boolean | null };

/** ProductUpdateInput, the fields the simulator models. */
type ProductUpdateInput = {
  id?: string | null;
  title?: string | null;
  vendor?: string | null;
  productType?: string | null;
  tags?: string[] | null;
  status?: string | null;
  descriptionHtml?: string | null;
  handle?: string | null;
  metafields?: MetafieldInput[] | null;
};

type ProductUpdateArgs = { product?: ProductUpdateInput | null; identifier?: { id?: string | null; handle?: string | null } | null; input?: unknown; media?: unknown[] | null };

type TagsArgs = { id: string; tags: string[] };

export const PRODUCT_MUTATIONS = fieldsOf<unknown>({
  productVariantsBulkUpdate: (_s, args: ProductVariantsBulkUpdateArgs, ctx) => {
    const productId = gidArg(args.productId, "Product");
    const product = productId === null ? undefined : ctx.data.products.get(productId);
    if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
    if (args.media?.length) throw new NotImplementedError("Mutation", "productVariantsBulkUpdate(media:)");
    const inputs = args.variants;
    const errors: UserError[] = [];
    const plans: Array<{ variant: VariantRecord; patch: VariantPatch; metafields: PlannedMetafield[]; adjustments: Array<{ location: LocationRecord; delta: number }> }> = [];
    inputs.forEach((input, index) => {
      rejectUnsupported(input, ["id", "price", "compareAtPrice", "inventoryPolicy", "barcode", "taxable", "inventoryItem", "metafields", "inventoryQuantities", "optionValues", "quantityAdjustments"], "ProductVariantsBulkInput");
      rejectUnsupported(input.inventoryItem, ["sku", "tracked", "requiresShipping"], "InventoryItemInput");
      const field = (name: string) => ["variants", String(index), name];
      const before = errors.length;
      if (!input.id) {
        errors.push({ field: field("id"), message: "Product variant is missing ID attribute", code: "PRODUCT_VARIANT_ID_MISSING" });
        return;
      }
      const variantId = gidArg(input.id, "ProductVariant");
      const variant = variantId === null ? undefined : ctx.data.variants.get(variantId);
      if (!variant || variant.productId !== product.id) {
        errors.push({ field: field("id"), message: "Product variant does not exist", code: "PRODUCT_VARIANT_DOES_NOT_EXIST" });
        return;
      }
      const patch: VariantPatch = {};
      for (const name of ["price", "compareAtPrice"] as const) {
        const value = input[name];
        if (value === undefined) continue;
        if (value === null) {
          if (name === "price") errors.push({ field: field(name), message: "Price can't be blank", code: "BLANK" });
          else patch.compareAtPrice = null;
          continue;
        }
        if (!isMoney(value)) errors.push({ field: field(name), message: `${name === "price" ? "Price" : "Compare at price"} is invalid`, code: "INVALID_INPUT" });
        else if (Number(value) < 0) errors.push({ field: field(name), message: `${name === "price" ? "Price" : "Compare at price"} must be greater than or equal to 0`, code: "GREATER_THAN_OR_EQUAL_TO" });
        else patch[name] = formatMoney(value);
      }
      if (input.inventoryPolicy) patch.inventoryPolicy = input.inventoryPolicy;
      if (input.barcode !== undefined) patch.barcode = input.barcode;
      if (input.taxable !== undefined && input.taxable !== null) patch.taxable = input.taxable;
      if (input.inventoryItem) {
        if (input.inventoryItem.sku !== undefined) patch.sku = input.inventoryItem.sku;
        if (input.inventoryItem.tracked !== undefined && input.inventoryItem.tracked !== null) patch.tracked = input.inventoryItem.tracked;
        if (input.inventoryItem.requiresShipping !== undefined && input.inventoryItem.requiresShipping !== null) patch.requiresShipping = input.inventoryItem.requiresShipping;
      }
      if (input.inventoryQuantities?.length) {
        errors.push({
          field: field("inventoryQuantities"),
          message: "Inventory quantities can only be provided during create. To update inventory for existing variants, use inventoryAdjustQuantities.",
          code: "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE",
        });
      }
      if (input.optionValues?.length) {
        if (input.optionValues.length !== 1 || product.options.length !== 1 || !input.optionValues[0].name) throw new NotImplementedError("ProductVariantsBulkInput", "optionValues (multi-option)");
        patch.title = input.optionValues[0].name;
      }
      const metafields: PlannedMetafield[] = [];
      (input.metafields ?? []).forEach((metafield, j) => {
        rejectUnsupported(metafield, ["namespace", "key", "type", "value"], "MetafieldInput");
        const result = planMetafield(ctx, metafield, toGid("ProductVariant", variant.id), ["variants", String(index), "metafields", String(j)], null);
        if (result.error) errors.push({ field: result.error.field, message: result.error.message, code: "INVALID_INPUT" });
        else metafields.push(result.planned!);
      });
      const adjustments: Array<{ location: LocationRecord; delta: number }> = [];
      if (input.quantityAdjustments?.length) {
        requireExplicitChangeFrom(input.quantityAdjustments, "InventoryAdjustmentInput");
        const item = ctx.data.itemOf(variant);
        input.quantityAdjustments.forEach((adjustment, j) => {
          const location = ctx.data.locations.get(gidArg(adjustment.locationId, "Location") ?? -1);
          if (!location) {
            errors.push({ field: ["variants", String(index), "quantityAdjustments", String(j), "locationId"], message: "Location does not exist", code: "INVALID_INPUT" });
            return;
          }
          const current = ctx.data.findLevel(item, location.id)?.available ?? 0;
          if (adjustment.changeFromQuantity !== null && adjustment.changeFromQuantity !== current) {
            errors.push({ field: ["variants", String(index), "quantityAdjustments", String(j), "changeFromQuantity"], message: "The quantity has changed since it was read (changeFromQuantity is stale).", code: "INVALID_INPUT" });
            return;
          }
          if (adjustment.adjustment === null) throw new NotImplementedError("InventoryAdjustmentInput", "adjustment: null (unstocking)");
          adjustments.push({ location, delta: adjustment.adjustment });
        });
      }
      if (errors.length === before) plans.push({ variant, patch, metafields, adjustments });
    });
    if (errors.length && !args.allowPartialUpdates) return { product: null, productVariants: null, userErrors: errors };
    for (const plan of plans) {
      ctx.store.patchVariant(ctx.data, plan.variant, plan.patch);
      applyMetafields(ctx, plan.metafields);
    }
    if (plans.length) ctx.store.emitProductUpdate(ctx.data, product);
    const adjustments = plans.flatMap((plan) => plan.adjustments.map((a) => ({ item: ctx.data.itemOf(plan.variant), location: a.location, name: "available" as QuantityName, delta: a.delta })));
    if (adjustments.length) ctx.store.applyInventoryChanges(ctx.data, adjustments);
    return { product, productVariants: plans.map((plan) => plan.variant), userErrors: errors };
  },

  productUpdate: (_s, args: ProductUpdateArgs, ctx) => {
    if (args.input) throw new NotImplementedError("Mutation", "productUpdate(input:) (deprecated; use product:)");
    if (args.media?.length) throw new NotImplementedError("Mutation", "productUpdate(media:)");
    const input: ProductUpdateInput = args.product ?? {};
    rejectUnsupported(input, ["id", "title", "vendor", "productType", "tags", "status", "descriptionHtml", "handle", "metafields"], "ProductUpdateInput");
    const rawId = args.identifier?.id ?? input.id;
    const identifierHandle = args.identifier?.handle;
    const product = rawId ? ctx.data.products.get(gidArg(rawId, "Product") ?? -1) : identifierHandle ? [...ctx.data.products.values()].find((p) => p.handle === identifierHandle) : undefined;
    if (!product) return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
    const errors: UserError[] = [];
    if (input.title !== undefined && !String(input.title ?? "").trim()) errors.push({ field: ["title"], message: "Title can't be blank" });
    if (input.handle && input.handle !== product.handle && ctx.data.handles.has(input.handle)) errors.push({ field: ["handle"], message: `Handle '${input.handle}' already in use. Please provide a new handle.` });
    const metafields: PlannedMetafield[] = [];
    (input.metafields ?? []).forEach((metafield, j) => {
      rejectUnsupported(metafield, ["namespace", "key", "type", "value"], "MetafieldInput");
      const result = planMetafield(ctx, metafield, toGid("Product", product.id), ["metafields", String(j)], null);
      if (result.error) errors.push({ field: result.error.field, message: result.error.message });
      else metafields.push(result.planned!);
    });
    if (errors.length) return { product: null, userErrors: errors };
    if (input.handle && input.handle !== product.handle) {
      ctx.data.handles.delete(product.handle);
      product.handle = input.handle;
      ctx.data.handles.add(product.handle);
    }
    if (input.descriptionHtml !== undefined && input.descriptionHtml !== null) product.descriptionHtml = input.descriptionHtml;
    applyMetafields(ctx, metafields);
    ctx.store.patchProduct(ctx.data, product, {
      title: input.title ?? undefined,
      vendor: input.vendor ?? undefined,
      productType: input.productType ?? undefined,
      tags: input.tags ?? undefined,
      status: input.status ?? undefined,
    });
    return { product, userErrors: [] };
  },

  tagsAdd: (_s, args: TagsArgs, ctx) => changeTags(ctx, args.id, args.tags, "add"),
  tagsRemove: (_s, args: TagsArgs, ctx) => changeTags(ctx, args.id, args.tags, "remove"),
});

function changeTags(ctx: Ctx, id: string, tags: string[], mode: "add" | "remove") {
  const node = lookupNode(ctx, id);
  if (!node) return { node: null, userErrors: [{ field: ["id"], message: "Resource does not exist" }] };
  if (node.__typename !== "Product" && node.__typename !== "Order") throw new NotImplementedError("Mutation", `tags${mode === "add" ? "Add" : "Remove"} on ${node.__typename}`);
  const record = node as ProductRecord | OrderRecord;
  const requested = normalizeTags(tags);
  if (requested.some((tag) => tag.length > 255)) return { node: null, userErrors: [{ field: ["tags"], message: "Tags can't be longer than 255 characters" }] };
  const next =
    mode === "add"
      ? normalizeTags([...record.tags, ...requested])
      : record.tags.filter((tag) => !requested.some((removed) => removed.toLowerCase() === tag.toLowerCase()));
  if (record.__typename === "Product") {
    ctx.store.patchProduct(ctx.data, record, { tags: next });
  } else {
    record.tags = next;
    record.updatedAt = ctx.store.nowMs();
    ctx.store.emitOrderUpdated(ctx.data, record);
  }
  return { node: record, userErrors: [] };
}
