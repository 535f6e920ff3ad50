import { GraphQLError } from "graphql";
import { readQuantity, toGid, type AppliedInventoryChange, type InventoryItemRecord, type LocationRecord, type QuantityName } from "../records";
import { rejectUnsupported, type UserError } from "./mutation-support";
import { gidArg } from "./resolver-helpers";
import { fieldsOf, type Ctx } from "./resolver-types";
import { appObject } from "./shop-resolvers";

// Inventory mutations: inventoryItemUpdate, inventorySetQuantities, inventoryAdjustQuantities and the
// InventoryAdjustmentGroup they return.

/** InventoryItemInput, the fields the simulator models. */
export type InventoryItemInput = { sku?: string | null; tracked?: boolean | null; requiresShipping?: boolean | null };

// changeFromQuantity: null opts out of the compare-and-swap; requireExplicitChangeFrom refuses it missing.
type InventoryQuantityInput = { inventoryItemId: string; locationId: string; quantity: number; changeFromQuantity: number | null };
type InventorySetQuantitiesInput = { name: string; reason: string; referenceDocumentUri?: string | null; quantities: InventoryQuantityInput[] };

type InventoryChangeInput = { inventoryItemId: string; locationId: string; delta: number; changeFromQuantity: number | null; ledgerDocumentUri?: string | null };
type InventoryAdjustQuantitiesInput = { name: string; reason: string; referenceDocumentUri?: string | null; changes: InventoryChangeInput[] };

export const MAX_INVENTORY_QUANTITY = 1_000_000_000;

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
export function requireExplicitChangeFrom(entries: ReadonlyArray<Record<string, unknown>>, inputType: string): void {
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

export const INVENTORY_MUTATIONS = fieldsOf<unknown>({
  inventoryItemUpdate: (_s, args: { id: string; input: InventoryItemInput }, ctx) => {
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

  inventorySetQuantities: (_s, args: { input: InventorySetQuantitiesInput }, ctx) => {
    const input = args.input;
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

  inventoryAdjustQuantities: (_s, args: { input: InventoryAdjustQuantitiesInput }, ctx) => {
    const input = args.input;
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
      const ledger = change.ledgerDocumentUri ?? null;
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
});

type AdjustmentGroup = ReturnType<typeof adjustmentGroup>;

type ChangesArgs = { inventoryItemIds?: string[] | null; locationIds?: string[] | null; quantityNames?: string[] | null };

export const INVENTORY_ADJUSTMENT_GROUP_RESOLVERS = fieldsOf<AdjustmentGroup>({
  changes: (group, args: ChangesArgs) =>
    group.appliedChanges.filter((change) => {
      if (args.inventoryItemIds && !args.inventoryItemIds.includes(toGid("InventoryItem", change.item.id))) return false;
      if (args.locationIds && !args.locationIds.includes(toGid("Location", change.location.id))) return false;
      if (args.quantityNames && !args.quantityNames.includes(change.name)) return false;
      return true;
    }),
  app: (_group, _args, ctx) => appObject(ctx),
  staffMember: () => null,
});
