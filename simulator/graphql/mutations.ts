import { GraphQLError, valueFromASTUntyped, type FieldNode } from "graphql";
import { buildFulfillmentOrderPayload } from "../payloads";
import {
  formatMoney,
  normalizeTags,
  readQuantity,
  toGid,
  type AppliedInventoryChange,
  type FulfillmentHoldRecord,
  type FulfillmentOrderLineItemRecord,
  type FulfillmentOrderRecord,
  type InventoryItemRecord,
  type LocationRecord,
  type MetafieldRecord,
  type OrderRecord,
  type ProductRecord,
  type QuantityName,
  type VariantPatch,
  type VariantRecord,
} from "../store";
import { cancelBulkOperation, startBulkQuery } from "./bulk";
import { createStagedUploads, startBulkMutation } from "./bulk-mutation";
import { gidArg, lookupNode, metafieldDigest, metafieldOwnerType, NotImplementedError, resolveNamespace, TYPE_RESOLVERS, type Ctx, type FieldInfo, type Resolver } from "./resolvers";

// Admin mutations with Shopify's validation and userErrors (field path + message + code), atomic where Shopify
// is atomic, and the webhooks the change would trigger. Input fields the simulator doesn't model fail loudly
// instead of being ignored.

type UserError = { field: string[] | null; message: string; code?: string | null; elementIndex?: number | null };

const MAX_METAFIELDS_PER_SET = 25;
const MAX_INVENTORY_QUANTITY = 1_000_000_000;

function rejectUnsupported(input: Record<string, unknown> | null | undefined, supported: readonly string[], inputType: string): void {
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value !== null && value !== undefined && !supported.includes(key)) throw new NotImplementedError(inputType, key);
  }
}

const isMoney = (value: unknown): value is string => typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim());

// ---------------------------------------------------------------------------------------------------------
// Metafield values

const SCALAR_METAFIELD_TYPES = new Set([
  "single_line_text_field",
  "multi_line_text_field",
  "rich_text_field",
  "number_integer",
  "number_decimal",
  "date",
  "date_time",
  "json",
  "boolean",
  "url",
  "link",
  "color",
  "money",
  "rating",
  "weight",
  "volume",
  "dimension",
  "id",
  "product_reference",
  "variant_reference",
  "collection_reference",
  "file_reference",
  "page_reference",
  "metaobject_reference",
  "mixed_reference",
  "customer_reference",
  "company_reference",
  "product_taxonomy_value_reference",
]);

const LISTABLE = new Set([
  "single_line_text_field",
  "number_integer",
  "number_decimal",
  "date",
  "date_time",
  "url",
  "link",
  "color",
  "rating",
  "weight",
  "volume",
  "dimension",
  "product_reference",
  "variant_reference",
  "collection_reference",
  "file_reference",
  "page_reference",
  "metaobject_reference",
  "mixed_reference",
  "customer_reference",
  "company_reference",
  "product_taxonomy_value_reference",
]);

export function isKnownMetafieldType(type: string): boolean {
  if (type.startsWith("list.")) return LISTABLE.has(type.slice(5));
  return SCALAR_METAFIELD_TYPES.has(type);
}

const validDate = (value: string) => {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value);
};

/** Shopify's per-type value check; returns the userError message or null when valid. */
export function validateMetafieldValue(type: string, value: string): string | null {
  if (type.startsWith("list.")) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return "Value must be a JSON array.";
    }
    if (!Array.isArray(parsed)) return "Value must be a JSON array.";
    for (const element of parsed) {
      const single = type.slice(5);
      const text = typeof element === "string" ? element : JSON.stringify(element);
      const problem = validateMetafieldValue(single, text);
      if (problem) return `List element ${JSON.stringify(element)} is invalid: ${problem}`;
    }
    return null;
  }
  switch (type) {
    case "single_line_text_field":
      if (/[\r\n]/.test(value)) return "Value must be a single line text string.";
      if (value.length > 65_535) return "Value is too long (maximum is 65535 characters).";
      return null;
    case "multi_line_text_field":
      return value.length > 65_535 ? "Value is too long (maximum is 65535 characters)." : null;
    case "number_integer": {
      if (!/^[-+]?\d+$/.test(value.trim())) return "Value must be an integer.";
      const number = Number(value);
      if (!Number.isSafeInteger(number)) return "Value must be an integer between -9007199254740991 and 9007199254740991.";
      return null;
    }
    case "number_decimal":
      return /^[-+]?\d+(\.\d+)?$/.test(value.trim()) ? null : "Value must be a decimal.";
    case "date":
      return validDate(value) ? null : "Value must be in YYYY-MM-DD format.";
    case "date_time":
      return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/.test(value) && !Number.isNaN(Date.parse(value)) ? null : "Value must be in YYYY-MM-DDTHH:MM:SS format.";
    case "boolean":
      return value === "true" || value === "false" ? null : "Value must be true or false.";
    case "json":
    case "rich_text_field":
    case "money":
    case "rating":
    case "weight":
    case "volume":
    case "dimension":
    case "link":
      try {
        JSON.parse(value);
        return null;
      } catch (error) {
        return `Value is invalid JSON: ${(error as Error).message}.`;
      }
    case "url":
      return /^(https?|mailto|sms|tel):\S+$/i.test(value) || value.startsWith("/") ? null : "Value must be a valid URL with one of the following schemes: https, http, mailto, sms, tel.";
    case "color":
      return /^#[0-9a-fA-F]{6}$/.test(value) ? null : "Value must be a hex color code (#RRGGBB).";
    default:
      if (type.endsWith("_reference") || type === "id") return value.trim() ? null : "Value can't be blank.";
      return null;
  }
}

const normalizeMetafieldValue = (type: string, value: string) => (type === "json" || type.startsWith("list.") ? JSON.stringify(JSON.parse(value)) : value);

type PlannedMetafield = { ownerGid: string; ownerType: string; namespace: string; key: string; type: string; value: string };

/**
 * Validates one metafield write (metafieldsSet, or `metafields` nested in another mutation's input).
 * `path` is the userError field prefix, e.g. ["metafields", "3"].
 */
function planMetafield(
  ctx: Ctx,
  input: { ownerId?: string; namespace?: string | null; key?: string | null; type?: string | null; value?: string | null; compareDigest?: string | null },
  ownerGid: string | null,
  path: string[],
  elementIndex: number | null,
): { planned?: PlannedMetafield; error?: UserError } {
  const fail = (field: string, message: string, code: string) => ({ error: { field: [...path, field], message, code, elementIndex } });
  const owner = ownerGid ? lookupNode(ctx, ownerGid) : null;
  const ownerType = owner ? metafieldOwnerType(owner.__typename) : null;
  if (!owner || !ownerGid || !ownerType) return fail("ownerId", "Owner does not exist.", "INVALID");
  const namespace = resolveNamespace(ctx, input.namespace);
  const key = input.key ?? "";
  if (key.length < 2) return fail("key", "Key is too short (minimum is 2 characters).", "TOO_SHORT");
  if (key.length > 64) return fail("key", "Key is too long (maximum is 64 characters).", "TOO_LONG");
  if (!/^[A-Za-z0-9_-]+$/.test(key)) return fail("key", "Key contains one or more invalid characters.", "INVALID");
  if (!namespace.startsWith("app--")) {
    if (namespace.length < 3) return fail("namespace", "Namespace is too short (minimum is 3 characters).", "TOO_SHORT");
    if (namespace.length > 255) return fail("namespace", "Namespace is too long (maximum is 255 characters).", "TOO_LONG");
    if (namespace.startsWith("app--")) return fail("namespace", "Access to this namespace is restricted.", "APP_NOT_AUTHORIZED");
  } else if (namespace !== ctx.store.appNamespace() && !namespace.startsWith(`${ctx.store.appNamespace()}--`)) {
    return fail("namespace", "Access to this namespace is restricted.", "APP_NOT_AUTHORIZED");
  }
  const existing = ctx.data.findMetafield(ownerGid, namespace, key);
  const definition = ctx.data.findMetafieldDefinition(ownerType, namespace, key);
  const type = input.type ?? definition?.typeName ?? existing?.type;
  if (!type) return fail("type", "Type can't be blank.", "BLANK");
  if (!isKnownMetafieldType(type)) return fail("type", `Type '${type}' is not a valid metafield type.`, "INVALID_TYPE");
  if (definition && type !== definition.typeName) return fail("type", `Type must be '${definition.typeName}' to match the metafield definition.`, "INVALID_TYPE");
  const value = input.value;
  if (value === null || value === undefined || value === "") return fail("value", "Value can't be blank.", "BLANK");
  const problem = validateMetafieldValue(type, value);
  if (problem) return fail("value", problem, "INVALID_VALUE");
  if (input.compareDigest !== undefined) {
    const stale = input.compareDigest === null ? !!existing : !existing || metafieldDigest(existing) !== input.compareDigest;
    if (stale) return fail("compareDigest", "The resource has been updated since it was loaded. Try again with an updated `compareDigest` value.", "INVALID_COMPARE_DIGEST");
  }
  return { planned: { ownerGid, ownerType, namespace, key, type, value: normalizeMetafieldValue(type, value) } };
}

function applyMetafields(ctx: Ctx, planned: PlannedMetafield[]): MetafieldRecord[] {
  return planned.map((metafield) => ctx.store.upsertMetafield(ctx.data, metafield));
}

// ---------------------------------------------------------------------------------------------------------
// Inventory

const INVENTORY_REASONS = [
  "correction",
  "cycle_count_available",
  "damaged",
  "movement_canceled",
  "movement_created",
  "movement_received",
  "movement_updated",
  "other",
  "promotion",
  "quality_control",
  "received",
  "reservation_created",
  "reservation_deleted",
  "reservation_updated",
  "restock",
  "safety_stock",
  "shrinkage",
];

const ADJUSTABLE_NAMES: QuantityName[] = ["available", "on_hand", "incoming", "reserved", "damaged", "safety_stock", "quality_control"];

const validUri = (value: string) => /^[a-z][a-z0-9+.-]*:\/\/?\S+$/i.test(value) && !/^gid:\/\/[^/]+\/?$/.test(value) && (!value.startsWith("gid://") || /^gid:\/\/[^/]+\/[^/]+\/\S+$/.test(value));

/** 2026-04+: compare-and-swap fields must be sent explicitly (null opts out), else the call is refused. */
function requireExplicitChangeFrom(entries: ReadonlyArray<Record<string, unknown>>, inputType: string): void {
  if (entries.some((entry) => !Object.hasOwn(entry, "changeFromQuantity"))) {
    throw new GraphQLError(`${inputType} must include the following argument: changeFromQuantity.`, { extensions: { code: "INVALID_FIELD_ARGUMENTS" } });
  }
}

function adjustmentGroup(ctx: Ctx, reason: string, referenceDocumentUri: string | null, changes: AppliedInventoryChange[]) {
  return {
    __typename: "InventoryAdjustmentGroup",
    id: ctx.store.nextId(),
    createdAt: ctx.store.nowMs(),
    reason,
    referenceDocumentUri,
    appliedChanges: changes.map((change) => ({ __typename: "InventoryChange", ...change })),
  };
}

function lookupItemAndLocation(ctx: Ctx, itemId: unknown, locationId: unknown): { item?: InventoryItemRecord; location?: LocationRecord } {
  const item = ctx.data.inventoryItems.get(gidArg(itemId, "InventoryItem") ?? -1);
  const location = ctx.data.locations.get(gidArg(locationId, "Location") ?? -1);
  return { item, location };
}

// ---------------------------------------------------------------------------------------------------------
// Fulfillment orders

function splitFulfillmentOrder(ctx: Ctx, fulfillmentOrder: FulfillmentOrderRecord, keep: Map<number, number>): FulfillmentOrderRecord | null {
  // The original keeps the requested quantities; everything else moves to a new fulfillment order.
  const now = ctx.store.nowMs();
  const moved: FulfillmentOrderLineItemRecord[] = [];
  const kept: number[] = [];
  for (const line of ctx.data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) {
    const quantity = keep.get(line.id) ?? 0;
    if (quantity >= line.remainingQuantity) {
      kept.push(line.id);
      continue;
    }
    const rest = line.remainingQuantity - quantity;
    if (quantity > 0) {
      line.remainingQuantity = quantity;
      line.totalQuantity = quantity;
      kept.push(line.id);
    }
    moved.push({ __typename: "FulfillmentOrderLineItem", id: ctx.store.nextId(), fulfillmentOrderId: 0, lineItemId: line.lineItemId, totalQuantity: rest, remainingQuantity: rest });
    if (quantity === 0) ctx.data.fulfillmentOrderLineItems.delete(line.id);
  }
  if (!moved.length) return null;
  const remaining: FulfillmentOrderRecord = {
    __typename: "FulfillmentOrder",
    id: ctx.store.nextId(),
    orderId: fulfillmentOrder.orderId,
    locationId: fulfillmentOrder.locationId,
    status: "OPEN",
    requestStatus: "UNSUBMITTED",
    holds: [],
    lineItemIds: [],
    createdAt: now,
    updatedAt: now,
  };
  for (const line of moved) {
    line.fulfillmentOrderId = remaining.id;
    ctx.data.fulfillmentOrderLineItems.set(line.id, line);
    remaining.lineItemIds.push(line.id);
  }
  fulfillmentOrder.lineItemIds = kept;
  fulfillmentOrder.updatedAt = now;
  ctx.data.fulfillmentOrders.set(remaining.id, remaining);
  ctx.data.orders.get(fulfillmentOrder.orderId)?.fulfillmentOrderIds.push(remaining.id);
  return remaining;
}

/** Validates `[{id, quantity}]` against a fulfillment order; returns the quantities to keep or a userError. */
function planLineItems(ctx: Ctx, fulfillmentOrder: FulfillmentOrderRecord, items: Array<{ id: string; quantity: number }>, path: string[]): { keep?: Map<number, number>; error?: UserError & { code: string } } {
  const keep = new Map<number, number>();
  for (const [index, item] of items.entries()) {
    const id = gidArg(item.id, "FulfillmentOrderLineItem");
    const line = id === null ? undefined : ctx.data.fulfillmentOrderLineItems.get(id);
    const field = [...path, String(index)];
    if (!line || line.fulfillmentOrderId !== fulfillmentOrder.id) return { error: { field: [...field, "id"], message: "Fulfillment order line item does not exist.", code: "INVALID_LINE_ITEM_QUANTITY" } };
    if (keep.has(line.id)) return { error: { field: [...field, "id"], message: "Fulfillment order line items must be unique.", code: "DUPLICATED_FULFILLMENT_ORDER_LINE_ITEMS" } };
    if (item.quantity <= 0) return { error: { field: [...field, "quantity"], message: "Quantity must be greater than 0.", code: "GREATER_THAN_ZERO" } };
    if (item.quantity > line.remainingQuantity) {
      return { error: { field: [...field, "quantity"], message: `Quantity must be less than or equal to the remaining quantity (${line.remainingQuantity}).`, code: "INVALID_LINE_ITEM_QUANTITY" } };
    }
    keep.set(line.id, item.quantity);
  }
  return { keep };
}

// ---------------------------------------------------------------------------------------------------------
// Mutations

const MUTATIONS: Record<string, Resolver> = {
  bulkOperationRunQuery: (_s, args, ctx) => startBulkQuery(ctx, args.query),

  bulkOperationRunMutation: (_s, args, ctx) => {
    if (args.clientIdentifier !== undefined && args.clientIdentifier !== null) throw new NotImplementedError("Mutation", "bulkOperationRunMutation(clientIdentifier:)");
    return startBulkMutation(ctx, args.mutation, args.stagedUploadPath);
  },

  stagedUploadsCreate: (_s, args, ctx) => createStagedUploads(ctx, args.input),

  bulkOperationCancel: (_s, args, ctx) => cancelBulkOperation(ctx, gidArg(args.id, "BulkOperation")),

  productVariantsBulkUpdate: (_s, args, ctx) => {
    const productId = gidArg(args.productId, "Product");
    const product = productId === null ? undefined : ctx.data.products.get(productId);
    if (!product) return { product: null, productVariants: null, userErrors: [{ field: ["productId"], message: "Product does not exist", code: "PRODUCT_DOES_NOT_EXIST" }] };
    if (args.media?.length) throw new NotImplementedError("Mutation", "productVariantsBulkUpdate(media:)");
    const inputs = args.variants as Array<Record<string, any>>;
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
        if (input[name] === undefined) continue;
        if (input[name] === null) {
          if (name === "price") errors.push({ field: field(name), message: "Price can't be blank", code: "BLANK" });
          else patch.compareAtPrice = null;
          continue;
        }
        if (!isMoney(input[name])) errors.push({ field: field(name), message: `${name === "price" ? "Price" : "Compare at price"} is invalid`, code: "INVALID_INPUT" });
        else if (Number(input[name]) < 0) errors.push({ field: field(name), message: `${name === "price" ? "Price" : "Compare at price"} must be greater than or equal to 0`, code: "GREATER_THAN_OR_EQUAL_TO" });
        else patch[name] = formatMoney(input[name]);
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
      (input.metafields ?? []).forEach((metafield: Record<string, any>, j: number) => {
        rejectUnsupported(metafield, ["namespace", "key", "type", "value"], "MetafieldInput");
        const result = planMetafield(ctx, metafield, toGid("ProductVariant", variant.id), ["variants", String(index), "metafields", String(j)], null);
        if (result.error) errors.push({ field: result.error.field, message: result.error.message, code: "INVALID_INPUT" });
        else metafields.push(result.planned!);
      });
      const adjustments: Array<{ location: LocationRecord; delta: number }> = [];
      if (input.quantityAdjustments?.length) {
        requireExplicitChangeFrom(input.quantityAdjustments, "InventoryAdjustmentInput");
        const item = ctx.data.itemOf(variant);
        (input.quantityAdjustments as Array<{ locationId: string; adjustment: number | null; changeFromQuantity: number | null }>).forEach((adjustment, j) => {
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

  productUpdate: (_s, args, ctx) => {
    if (args.input) throw new NotImplementedError("Mutation", "productUpdate(input:) (deprecated; use product:)");
    if (args.media?.length) throw new NotImplementedError("Mutation", "productUpdate(media:)");
    const input = (args.product ?? {}) as Record<string, any>;
    rejectUnsupported(input, ["id", "title", "vendor", "productType", "tags", "status", "descriptionHtml", "handle", "metafields"], "ProductUpdateInput");
    const rawId = args.identifier?.id ?? input.id;
    const product = rawId ? ctx.data.products.get(gidArg(rawId, "Product") ?? -1) : args.identifier?.handle ? [...ctx.data.products.values()].find((p) => p.handle === args.identifier.handle) : undefined;
    if (!product) return { product: null, userErrors: [{ field: ["id"], message: "Product does not exist" }] };
    const errors: UserError[] = [];
    if (input.title !== undefined && !String(input.title ?? "").trim()) errors.push({ field: ["title"], message: "Title can't be blank" });
    if (input.handle && input.handle !== product.handle && ctx.data.handles.has(input.handle)) errors.push({ field: ["handle"], message: `Handle '${input.handle}' already in use. Please provide a new handle.` });
    const metafields: PlannedMetafield[] = [];
    (input.metafields ?? []).forEach((metafield: Record<string, any>, j: number) => {
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

  inventoryItemUpdate: (_s, args, ctx) => {
    rejectUnsupported(args.input, ["sku", "tracked", "requiresShipping"], "InventoryItemInput");
    const item = ctx.data.inventoryItems.get(gidArg(args.id, "InventoryItem") ?? -1);
    if (!item) return { inventoryItem: null, userErrors: [{ field: ["id"], message: "Inventory item does not exist" }] };
    const variant = ctx.data.variantOf(item);
    ctx.store.patchVariant(ctx.data, variant, {
      sku: args.input.sku === undefined ? undefined : args.input.sku,
      tracked: args.input.tracked ?? undefined,
      requiresShipping: args.input.requiresShipping ?? undefined,
    });
    ctx.store.emitProductUpdate(ctx.data, ctx.data.productOf(variant));
    return { inventoryItem: item, userErrors: [] };
  },

  metafieldsSet: (_s, args, ctx) => {
    const inputs = args.metafields as Array<Record<string, any>>;
    if (inputs.length > MAX_METAFIELDS_PER_SET) {
      return { metafields: [], userErrors: [{ field: ["metafields"], message: `Exceeded the maximum metafields input limit of ${MAX_METAFIELDS_PER_SET}.`, code: "LESS_THAN_OR_EQUAL_TO", elementIndex: null }] };
    }
    const errors: UserError[] = [];
    const planned: PlannedMetafield[] = [];
    const seen = new Set<string>();
    inputs.forEach((input, index) => {
      const result = planMetafield(ctx, input, input.ownerId, ["metafields", String(index)], index);
      if (result.error) {
        errors.push(result.error);
        return;
      }
      const identity = `${result.planned!.ownerGid}|${result.planned!.namespace}|${result.planned!.key}`;
      if (seen.has(identity)) {
        errors.push({ field: ["metafields", String(index), "key"], message: "The same metafield can't be set twice in one request.", code: "TAKEN", elementIndex: index });
        return;
      }
      seen.add(identity);
      planned.push(result.planned!);
    });
    // Atomic, like Shopify: one bad metafield and nothing is written.
    if (errors.length) return { metafields: [], userErrors: errors };
    return { metafields: applyMetafields(ctx, planned), userErrors: [] };
  },

  metafieldsDelete: (_s, args, ctx) => {
    const inputs = args.metafields as Array<{ ownerId: string; namespace: string; key: string }>;
    if (!inputs.length) return { deletedMetafields: [], userErrors: [{ field: ["metafields"], message: "At least one metafield identifier must be specified." }] };
    const deleted = inputs.map((input) => {
      lookupNode(ctx, input.ownerId);
      const metafield = ctx.data.findMetafield(input.ownerId, resolveNamespace(ctx, input.namespace), input.key);
      if (!metafield) return null;
      ctx.store.deleteMetafield(ctx.data, metafield);
      return { __typename: "MetafieldIdentifier", ownerId: input.ownerId, namespace: metafield.namespace, key: metafield.key };
    });
    return { deletedMetafields: deleted, userErrors: [] };
  },

  tagsAdd: (_s, args, ctx) => changeTags(ctx, args.id, args.tags, "add"),
  tagsRemove: (_s, args, ctx) => changeTags(ctx, args.id, args.tags, "remove"),

  orderUpdate: (_s, args, ctx) => {
    const input = args.input as Record<string, any>;
    rejectUnsupported(input, ["id", "note", "tags", "email", "customAttributes", "metafields"], "OrderInput");
    const order = ctx.data.orders.get(gidArg(input.id, "Order") ?? -1);
    if (!order) return { order: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] };
    const errors: UserError[] = [];
    if (input.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) errors.push({ field: ["email"], message: "Email is invalid" });
    const metafields: PlannedMetafield[] = [];
    (input.metafields ?? []).forEach((metafield: Record<string, any>, j: number) => {
      rejectUnsupported(metafield, ["namespace", "key", "type", "value"], "MetafieldInput");
      const result = planMetafield(ctx, metafield, toGid("Order", order.id), ["metafields", String(j)], null);
      if (result.error) errors.push({ field: result.error.field, message: result.error.message });
      else metafields.push(result.planned!);
    });
    if (errors.length) return { order: null, userErrors: errors };
    if (input.note !== undefined) order.note = input.note;
    if (input.tags) order.tags = normalizeTags(input.tags);
    if (input.email !== undefined) order.email = input.email;
    if (input.customAttributes) order.customAttributes = input.customAttributes.map((a: { key: string; value: string }) => ({ key: a.key, value: a.value }));
    applyMetafields(ctx, metafields);
    order.updatedAt = ctx.store.nowMs();
    ctx.store.emitOrderUpdated(ctx.data, order);
    return { order, userErrors: [] };
  },

  inventorySetQuantities: (_s, args, ctx) => {
    const input = args.input as { name: string; reason: string; referenceDocumentUri?: string | null; quantities: Array<Record<string, any>> };
    requireExplicitChangeFrom(input.quantities, "InventoryQuantityInput");
    const errors: UserError[] = [];
    if (input.name !== "available" && input.name !== "on_hand") errors.push({ field: ["input", "name"], message: "The quantity name must be either 'available' or 'on_hand'.", code: "INVALID_NAME" });
    if (!INVENTORY_REASONS.includes(input.reason)) errors.push({ field: ["input", "reason"], message: `The specified reason is invalid. Valid values: ${INVENTORY_REASONS.join(", ")}.`, code: "INVALID_REASON" });
    if (input.referenceDocumentUri && !validUri(input.referenceDocumentUri)) errors.push({ field: ["input", "referenceDocumentUri"], message: "The specified reference document URI is invalid.", code: "INVALID_REFERENCE_DOCUMENT" });
    const name = input.name as QuantityName;
    const changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number }> = [];
    const pairs = new Set<string>();
    input.quantities.forEach((quantity, index) => {
      const field = (f: string) => ["input", "quantities", String(index), f];
      const { item, location } = lookupItemAndLocation(ctx, quantity.inventoryItemId, quantity.locationId);
      if (!item) return void errors.push({ field: field("inventoryItemId"), message: "The specified inventory item could not be found.", code: "INVALID_INVENTORY_ITEM" });
      if (!location) return void errors.push({ field: field("locationId"), message: "The specified location could not be found.", code: "INVALID_LOCATION" });
      const pair = `${item.id}|${location.id}`;
      if (pairs.has(pair)) return void errors.push({ field: field("inventoryItemId"), message: "The combination of inventoryItemId and locationId must be unique.", code: "NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR" });
      pairs.add(pair);
      if (quantity.quantity > MAX_INVENTORY_QUANTITY) return void errors.push({ field: field("quantity"), message: `The quantity can't be higher than ${MAX_INVENTORY_QUANTITY}.`, code: "INVALID_QUANTITY_TOO_HIGH" });
      if (quantity.quantity < -MAX_INVENTORY_QUANTITY) return void errors.push({ field: field("quantity"), message: `The quantity can't be lower than -${MAX_INVENTORY_QUANTITY}.`, code: "INVALID_QUANTITY_TOO_LOW" });
      if (name === "on_hand" && quantity.quantity < 0) return void errors.push({ field: field("quantity"), message: "The on_hand quantity can't be negative.", code: "INVALID_QUANTITY_NEGATIVE" });
      const level = ctx.data.findLevel(item, location.id);
      const current = level ? readQuantity(level, name) : 0;
      if (quantity.changeFromQuantity !== null && quantity.changeFromQuantity !== current) {
        return void errors.push({ field: field("changeFromQuantity"), message: `The changeFromQuantity (${quantity.changeFromQuantity}) doesn't match the current ${name} quantity (${current}).`, code: "CHANGE_FROM_QUANTITY_STALE" });
      }
      changes.push({ item, location, name, delta: quantity.quantity - current });
    });
    if (errors.length) return { inventoryAdjustmentGroup: null, userErrors: errors };
    const applied = ctx.store.applyInventoryChanges(ctx.data, changes);
    return { inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri ?? null, applied), userErrors: [] };
  },

  inventoryAdjustQuantities: (_s, args, ctx) => {
    const input = args.input as { name: string; reason: string; referenceDocumentUri?: string | null; changes: Array<Record<string, any>> };
    requireExplicitChangeFrom(input.changes, "InventoryChangeInput");
    const errors: UserError[] = [];
    if (!ADJUSTABLE_NAMES.includes(input.name as QuantityName)) {
      errors.push({ field: ["input", "name"], message: `The quantity name '${input.name}' can't be adjusted. Valid values: ${ADJUSTABLE_NAMES.join(", ")}.`, code: "INVALID_QUANTITY_NAME" });
    }
    if (!INVENTORY_REASONS.includes(input.reason)) errors.push({ field: ["input", "reason"], message: `The specified reason is invalid. Valid values: ${INVENTORY_REASONS.join(", ")}.`, code: "INVALID_REASON" });
    if (input.referenceDocumentUri && !validUri(input.referenceDocumentUri)) errors.push({ field: ["input", "referenceDocumentUri"], message: "The specified reference document URI is invalid.", code: "INVALID_REFERENCE_DOCUMENT" });
    const name = input.name as QuantityName;
    const changes: Array<{ item: InventoryItemRecord; location: LocationRecord; name: QuantityName; delta: number; ledgerDocumentUri: string | null }> = [];
    input.changes.forEach((change, index) => {
      const field = (f: string) => ["input", "changes", String(index), f];
      const { item, location } = lookupItemAndLocation(ctx, change.inventoryItemId, change.locationId);
      if (!item) return void errors.push({ field: field("inventoryItemId"), message: "The specified inventory item could not be found.", code: "INVALID_INVENTORY_ITEM" });
      if (!location) return void errors.push({ field: field("locationId"), message: "The specified location could not be found.", code: "INVALID_LOCATION" });
      const ledger = (change.ledgerDocumentUri as string | null | undefined) ?? null;
      if (name !== "available" && !ledger) return void errors.push({ field: field("ledgerDocumentUri"), message: "A ledger document URI is required for quantity names other than available.", code: "INVALID_LEDGER_DOCUMENT" });
      if (ledger && ledger.startsWith("gid://shopify/")) return void errors.push({ field: field("ledgerDocumentUri"), message: "A Shopify global ID can't be used as a ledger document URI.", code: "INTERNAL_LEDGER_DOCUMENT" });
      if (ledger && !validUri(ledger)) return void errors.push({ field: field("ledgerDocumentUri"), message: "The specified ledger document URI is invalid.", code: "INVALID_LEDGER_DOCUMENT" });
      const level = ctx.data.findLevel(item, location.id);
      if (!level) return void errors.push({ field: field("locationId"), message: "The specified inventory item is not stocked at the location.", code: "INVALID_LOCATION" });
      const current = readQuantity(level, name);
      if (change.changeFromQuantity !== null && change.changeFromQuantity !== current) {
        return void errors.push({ field: field("changeFromQuantity"), message: `The changeFromQuantity (${change.changeFromQuantity}) doesn't match the current ${name} quantity (${current}).`, code: "CHANGE_FROM_QUANTITY_STALE" });
      }
      if (current + change.delta > MAX_INVENTORY_QUANTITY) return void errors.push({ field: field("delta"), message: `The resulting quantity can't be higher than ${MAX_INVENTORY_QUANTITY}.`, code: "INVALID_QUANTITY_TOO_HIGH" });
      if (current + change.delta < -MAX_INVENTORY_QUANTITY) return void errors.push({ field: field("delta"), message: `The resulting quantity can't be lower than -${MAX_INVENTORY_QUANTITY}.`, code: "INVALID_QUANTITY_TOO_LOW" });
      changes.push({ item, location, name, delta: change.delta, ledgerDocumentUri: ledger });
    });
    if (errors.length) return { inventoryAdjustmentGroup: null, userErrors: errors };
    const applied = ctx.store.applyInventoryChanges(ctx.data, changes);
    return { inventoryAdjustmentGroup: adjustmentGroup(ctx, input.reason, input.referenceDocumentUri ?? null, applied), userErrors: [] };
  },

  fulfillmentOrderHold: (_s, args, ctx) => {
    const hold = args.fulfillmentHold as { reason: string; reasonNotes?: string | null; handle?: string | null; notifyMerchant?: boolean; externalId?: string | null; fulfillmentOrderLineItems?: Array<{ id: string; quantity: number }> };
    const fulfillmentOrder = ctx.data.fulfillmentOrders.get(gidArg(args.id, "FulfillmentOrder") ?? -1);
    const empty = { fulfillmentHold: null, fulfillmentOrder: null, remainingFulfillmentOrder: null };
    if (!fulfillmentOrder) return { ...empty, userErrors: [{ field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }] };
    if (fulfillmentOrder.status !== "OPEN" && fulfillmentOrder.status !== "ON_HOLD" && fulfillmentOrder.status !== "SCHEDULED") {
      return { ...empty, userErrors: [{ field: ["id"], message: `The fulfillment order can't be placed on hold because it is ${fulfillmentOrder.status.toLowerCase()}.`, code: null }] };
    }
    const handle = hold.handle ?? "";
    if (fulfillmentOrder.holds.some((existing) => existing.handle === handle)) {
      return { ...empty, userErrors: [{ field: ["fulfillmentHold", "handle"], message: "The handle provided for the fulfillment hold is already in use by this app for another hold on this fulfillment order.", code: "DUPLICATE_FULFILLMENT_HOLD_HANDLE" }] };
    }
    if (fulfillmentOrder.holds.length >= 10) {
      return { ...empty, userErrors: [{ field: ["id"], message: "The maximum number of fulfillment holds for this fulfillment order has been reached for this app. An app can only have up to 10 holds on a single fulfillment order at any one time.", code: "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED" }] };
    }
    let remaining: FulfillmentOrderRecord | null = null;
    const items = hold.fulfillmentOrderLineItems ?? [];
    if (items.length) {
      if (fulfillmentOrder.status === "ON_HOLD") {
        return { ...empty, userErrors: [{ field: ["fulfillmentHold", "fulfillmentOrderLineItems"], message: "A fulfillment order that is already on hold can't be split.", code: "FULFILLMENT_ORDER_NOT_SPLITTABLE" }] };
      }
      const planned = planLineItems(ctx, fulfillmentOrder, items, ["fulfillmentHold", "fulfillmentOrderLineItems"]);
      if (planned.error) return { ...empty, userErrors: [planned.error] };
      remaining = splitFulfillmentOrder(ctx, fulfillmentOrder, planned.keep!);
    }
    const record: FulfillmentHoldRecord = { __typename: "FulfillmentHold", id: ctx.store.nextId(), reason: hold.reason, reasonNotes: hold.reasonNotes ?? null, handle, heldByRequestingApp: true };
    fulfillmentOrder.holds.push(record);
    fulfillmentOrder.status = "ON_HOLD";
    fulfillmentOrder.updatedAt = ctx.store.nowMs();
    ctx.store.emit(ctx.data.domain, "fulfillment_orders/placed_on_hold", {
      fulfillment_order: buildFulfillmentOrderPayload(ctx.data, fulfillmentOrder),
      remaining_fulfillment_order: remaining ? buildFulfillmentOrderPayload(ctx.data, remaining) : null,
      fulfillment_hold: { id: toGid("FulfillmentHold", record.id), reason: record.reason.toLowerCase(), reason_notes: record.reasonNotes, handle: record.handle },
    });
    return { fulfillmentHold: record, fulfillmentOrder, remainingFulfillmentOrder: remaining, userErrors: [] };
  },

  fulfillmentOrderReleaseHold: (_s, args, ctx) => {
    if (args.externalId) throw new NotImplementedError("Mutation", "fulfillmentOrderReleaseHold(externalId:)");
    const fulfillmentOrder = ctx.data.fulfillmentOrders.get(gidArg(args.id, "FulfillmentOrder") ?? -1);
    if (!fulfillmentOrder) return { fulfillmentOrder: null, userErrors: [{ field: ["id"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }] };
    const holdIds = (args.holdIds as string[] | null | undefined)?.map((id) => gidArg(id, "FulfillmentHold"));
    const releasing = fulfillmentOrder.holds.filter((hold) => hold.heldByRequestingApp && (!holdIds || holdIds.includes(hold.id)));
    if (holdIds && releasing.length !== holdIds.length) {
      return { fulfillmentOrder: null, userErrors: [{ field: ["holdIds"], message: "One or more fulfillment holds don't exist or weren't placed by this app.", code: "INVALID_ACCESS" }] };
    }
    fulfillmentOrder.holds = fulfillmentOrder.holds.filter((hold) => !releasing.includes(hold));
    if (!fulfillmentOrder.holds.length && fulfillmentOrder.status === "ON_HOLD") fulfillmentOrder.status = "OPEN";
    fulfillmentOrder.updatedAt = ctx.store.nowMs();
    ctx.store.emit(ctx.data.domain, "fulfillment_orders/hold_released", { fulfillment_order: buildFulfillmentOrderPayload(ctx.data, fulfillmentOrder) });
    return { fulfillmentOrder, userErrors: [] };
  },

  fulfillmentOrderSplit: (_s, args, ctx) => {
    const splits = args.fulfillmentOrderSplits as Array<{ fulfillmentOrderId: string; fulfillmentOrderLineItems: Array<{ id: string; quantity: number }> }>;
    const plans: Array<{ fulfillmentOrder: FulfillmentOrderRecord; keep: Map<number, number> }> = [];
    for (const [index, split] of splits.entries()) {
      const path = ["fulfillmentOrderSplits", String(index)];
      const fulfillmentOrder = ctx.data.fulfillmentOrders.get(gidArg(split.fulfillmentOrderId, "FulfillmentOrder") ?? -1);
      if (!fulfillmentOrder) return { fulfillmentOrderSplits: null, userErrors: [{ field: [...path, "fulfillmentOrderId"], message: "Fulfillment order does not exist.", code: "FULFILLMENT_ORDER_NOT_FOUND" }] };
      if (!split.fulfillmentOrderLineItems.length) return { fulfillmentOrderSplits: null, userErrors: [{ field: [...path, "fulfillmentOrderLineItems"], message: "No line items were provided to split.", code: "NO_LINE_ITEMS_PROVIDED_TO_SPLIT" }] };
      const planned = planLineItems(ctx, fulfillmentOrder, split.fulfillmentOrderLineItems, [...path, "fulfillmentOrderLineItems"]);
      if (planned.error) {
        const code = planned.error.code === "GREATER_THAN_ZERO" ? "GREATER_THAN" : "INVALID_LINE_ITEM_QUANTITY";
        return { fulfillmentOrderSplits: null, userErrors: [{ ...planned.error, code }] };
      }
      // Like Shopify, the requested quantities move OUT into a new fulfillment order (remainingFulfillmentOrder)
      // at the same location; the original keeps the rest (unlike fulfillmentOrderHold, which keeps what it holds).
      const keep = new Map<number, number>();
      for (const line of ctx.data.fulfillmentOrderLineItemsOf(fulfillmentOrder)) keep.set(line.id, line.remainingQuantity - (planned.keep!.get(line.id) ?? 0));
      if ([...keep.values()].every((quantity) => quantity <= 0)) {
        return { fulfillmentOrderSplits: null, userErrors: [{ field: [...path, "fulfillmentOrderLineItems"], message: "The split must leave at least one line item quantity in the original fulfillment order.", code: "INVALID_LINE_ITEM_QUANTITY" }] };
      }
      if (fulfillmentOrder.status === "CLOSED" || fulfillmentOrder.status === "CANCELLED") {
        return { fulfillmentOrderSplits: null, userErrors: [{ field: [...path, "fulfillmentOrderId"], message: `The fulfillment order can't be split because it is ${fulfillmentOrder.status.toLowerCase().replace("_", " ")}.`, code: "INVALID_LINE_ITEM_QUANTITY" }] };
      }
      plans.push({ fulfillmentOrder, keep });
    }
    const results = plans.map(({ fulfillmentOrder, keep }) => {
      const remaining = splitFulfillmentOrder(ctx, fulfillmentOrder, keep)!;
      ctx.store.emit(ctx.data.domain, "fulfillment_orders/split", {
        fulfillment_order: buildFulfillmentOrderPayload(ctx.data, fulfillmentOrder),
        remaining_fulfillment_order: buildFulfillmentOrderPayload(ctx.data, remaining),
        replacement_fulfillment_order: null,
      });
      return { __typename: "FulfillmentOrderSplitResult", fulfillmentOrder, remainingFulfillmentOrder: remaining, replacementFulfillmentOrder: null };
    });
    return { fulfillmentOrderSplits: results, userErrors: [] };
  },
};

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

// ---------------------------------------------------------------------------------------------------------
// Idempotency (@idempotent(key:)): mandatory where the schema says so; a repeated key replays the first result

function idempotencyKeyOf(fieldNodes: readonly FieldNode[] | undefined, variables: Record<string, unknown>): string | null | undefined {
  const directive = fieldNodes?.[0]?.directives?.find((d) => d.name.value === "idempotent");
  if (!directive) return undefined;
  const arg = directive.arguments?.find((a) => a.name.value === "key");
  if (!arg) return null;
  const value = valueFromASTUntyped(arg.value, variables);
  return typeof value === "string" ? value : null;
}

type MutationInfo = FieldInfo & { fieldNodes?: readonly FieldNode[]; variableValues?: Record<string, unknown> };

function withIdempotency(name: string, resolver: Resolver): Resolver {
  return (source, args, ctx, info) => {
    const mutationInfo = info as MutationInfo;
    const key = idempotencyKeyOf(mutationInfo.fieldNodes, mutationInfo.variableValues ?? {});
    const required = ctx.admin.idempotentMutations.has(name);
    if (key === undefined) {
      if (required) throw new GraphQLError("The @idempotent directive is required for this mutation but was not provided.", { extensions: { code: "BAD_REQUEST" } });
      return resolver(source, args, ctx, info);
    }
    if (key === null || !key.trim()) throw new GraphQLError("The idempotency key cannot be an empty string or whitespace only.", { extensions: { code: "BAD_REQUEST" } });
    const signature = `${name}:${JSON.stringify(args)}`;
    const previous = ctx.data.idempotentResults.get(key);
    if (previous) {
      if (previous.signature === signature) return previous.result;
      return mismatchPayload(name);
    }
    const result = resolver(source, args, ctx, info);
    ctx.data.idempotentResults.set(key, { signature, result });
    return result;
  };
}

function mismatchPayload(name: string): unknown {
  const userErrors = [{ field: null, message: "The idempotency key was already used with different parameters.", code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" }];
  if (name === "inventoryAdjustQuantities" || name === "inventorySetQuantities") return { inventoryAdjustmentGroup: null, userErrors };
  throw new GraphQLError("The idempotency key was already used with different parameters.", { extensions: { code: "IDEMPOTENCY_KEY_PARAMETER_MISMATCH" } });
}

export const MUTATION_RESOLVERS: Record<string, Resolver> = Object.fromEntries(Object.entries(MUTATIONS).map(([name, resolver]) => [name, withIdempotency(name, resolver)]));

// Payload object types produced only by mutations.
TYPE_RESOLVERS.InventoryAdjustmentGroup = {
  changes: (group: { appliedChanges: Array<{ item: InventoryItemRecord; location: LocationRecord; name: string }> }, args) =>
    group.appliedChanges.filter((change) => {
      if (args.inventoryItemIds && !args.inventoryItemIds.includes(toGid("InventoryItem", change.item.id))) return false;
      if (args.locationIds && !args.locationIds.includes(toGid("Location", change.location.id))) return false;
      if (args.quantityNames && !args.quantityNames.includes(change.name)) return false;
      return true;
    }),
  app: (_group: unknown, _args, ctx) => TYPE_RESOLVERS.FulfillmentHold.heldByApp(null, {}, ctx, undefined as never),
  staffMember: () => null,
};

TYPE_RESOLVERS.Mutation = MUTATION_RESOLVERS;
