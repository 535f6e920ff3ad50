import {
  inventoryLevelGid,
  QUANTITY_NAMES,
  readQuantity,
  toGid,
  type InventoryItemRecord,
  type InventoryLevelRecord,
  type LocationRecord,
  type QuantityName,
} from "../records";
import { GraphQLError } from "graphql";
import { byId, count, gidArg, normalizeIdQuery, pathOf, search, sortRecords, words } from "./resolver-helpers";
import { lookupNode } from "./node-lookup";
import { connectionsOf, fieldsOf, type ConnectionArgs } from "./resolver-types";
import { formatDateTime } from "./schema";

// Inventory: locations, inventory items and their levels and quantities.

export const INVENTORY_QUERY_FIELDS = fieldsOf<unknown>({
  location: (_s, args: { id?: string | null }, ctx) => {
    if (args.id === undefined || args.id === null) return ctx.data.primaryLocation();
    const id = gidArg(args.id, "Location");
    return id === null ? null : (ctx.data.locations.get(id) ?? null);
  },
  inventoryItem: (_s, args: { id: string }, ctx) => byId(ctx.data.inventoryItems, args.id, "InventoryItem"),
  inventoryLevel: (_s, args: { id: string }, ctx) => {
    const node = lookupNode(ctx, args.id);
    return node?.__typename === "InventoryLevel" ? node : null;
  },
  locationsCount: (_s, _a, ctx) => count([...ctx.data.locations.values()].filter((l) => l.isActive).length),
});

export const INVENTORY_QUERY_CONNECTIONS = connectionsOf<unknown>({
  inventoryItems: (_s, args: ConnectionArgs, ctx, info) => {
    const list = search(
      ctx,
      ctx.data.inventoryItems.values(),
      normalizeIdQuery(args.query),
      (item, field) => {
        switch (field) {
          case "id":
            return item.id;
          case "sku":
            return ctx.data.variantOf(item).sku;
          case "created_at":
            return formatDateTime(item.createdAt);
          case "updated_at":
            return formatDateTime(item.updatedAt);
          case "tracked":
            return item.tracked;
          case "default":
            return ctx.data.variantOf(item).sku;
          default:
            return undefined;
        }
      },
      ["default", "id", "sku", "created_at", "updated_at", "tracked"],
      pathOf(info),
    );
    return sortRecords(list, null, args.reverse);
  },
  locations: (_s, args: ConnectionArgs & { includeInactive?: boolean | null }, ctx, info) => {
    const all = [...ctx.data.locations.values()].filter((location) => args.includeInactive || location.isActive);
    const list = search(
      ctx,
      all,
      normalizeIdQuery(args.query),
      (location, field) => (field === "id" ? location.id : field === "name" || field === "default" ? words(location.name) : field === "active" ? location.isActive : undefined),
      ["default", "id", "name", "active"],
      pathOf(info),
    );
    return sortRecords(list, args.sortKey === "ID" ? null : (l) => l.name, args.reverse);
  },
});

export const INVENTORY_TYPE_RESOLVERS = {
  Location: fieldsOf<LocationRecord>({
    address: (location: LocationRecord) => ({
      __typename: "LocationAddress",
      ...location.address,
      address2: null,
      latitude: null,
      longitude: null,
      formatted: [location.address.address1, [location.address.city, location.address.provinceCode, location.address.zip].filter(Boolean).join(" "), location.address.country].filter(Boolean),
    }),
    isPrimary: (location: LocationRecord, _a, ctx) => ctx.data.primaryLocation().id === location.id,
    hasActiveInventory: () => true,
    hasUnfulfilledOrders: (location: LocationRecord, _a, ctx) => {
      for (const fulfillmentOrder of ctx.data.fulfillmentOrders.values()) if (fulfillmentOrder.locationId === location.id && fulfillmentOrder.status !== "CLOSED" && fulfillmentOrder.status !== "CANCELLED") return true;
      return false;
    },
    isFulfillmentService: () => false,
    fulfillmentService: () => null,
    activatable: (location: LocationRecord) => !location.isActive,
    deactivatable: (location: LocationRecord) => location.isActive,
    deletable: () => false,
    addressVerified: () => false,
    deactivatedAt: () => null,
    localPickupSettingsV2: () => null,
    suggestedAddresses: () => [],
    inventoryLevel: (location: LocationRecord, args: { inventoryItemId: string }, ctx) => {
      const id = gidArg(args.inventoryItemId, "InventoryItem");
      const item = id === null ? undefined : ctx.data.inventoryItems.get(id);
      return item ? (ctx.data.findLevel(item, location.id) ?? null) : null;
    },
  }),

  InventoryItem: fieldsOf<InventoryItemRecord>({
    sku: (item: InventoryItemRecord, _a, ctx) => ctx.data.variantOf(item).sku,
    variant: (item: InventoryItemRecord, _a, ctx) => ctx.data.variantOf(item),
    inventoryLevel: (item: InventoryItemRecord, args: { locationId: string }, ctx) => {
      const id = gidArg(args.locationId, "Location");
      return id === null ? null : (ctx.data.findLevel(item, id) ?? null);
    },
    locationsCount: (item: InventoryItemRecord) => count(item.levels.length),
    unitCost: (item: InventoryItemRecord, _a, ctx) =>
      item.unitCost ? { __typename: "MoneyV2", amount: item.unitCost, currencyCode: ctx.data.shop.currencyCode } : null,
    countryCodeOfOrigin: () => null,
    provinceCodeOfOrigin: () => null,
    harmonizedSystemCode: () => null,
    inventoryHistoryUrl: (item: InventoryItemRecord, _a, ctx) => `https://admin.shopify.com/store/${ctx.data.domain.replace(/\.myshopify\.com$/, "")}/products/inventory/${item.id}/inventory_history`,
    duplicateSkuCount: (item: InventoryItemRecord, _a, ctx) => {
      const sku = ctx.data.variantOf(item).sku;
      if (!sku) return 0;
      let duplicates = -1;
      for (const variant of ctx.data.variants.values()) if (variant.sku === sku) duplicates += 1;
      return Math.max(duplicates, 0);
    },
    measurement: (item: InventoryItemRecord) => ({ __typename: "InventoryItemMeasurement", id: toGid("InventoryItemMeasurement", item.id), weight: { __typename: "Weight", unit: "KILOGRAMS", value: 0 } }),
    trackedEditable: () => ({ __typename: "EditableProperty", locked: false, reason: null }),
  }),

  InventoryLevel: fieldsOf<InventoryLevelRecord>({
    id: (level: InventoryLevelRecord) => inventoryLevelGid(level.itemId, level.locationId),
    location: (level: InventoryLevelRecord, _a, ctx) => ctx.data.locations.get(level.locationId),
    item: (level: InventoryLevelRecord, _a, ctx) => ctx.data.inventoryItems.get(level.itemId),
    isActive: () => true,
    canDeactivate: () => true,
    deactivationAlert: () => null,
    quantities: (level: InventoryLevelRecord, args: { names: string[] }) => {
      const names = args.names as string[];
      const invalid = names.filter((name) => !QUANTITY_NAMES.includes(name as QuantityName));
      if (invalid.length) {
        throw new GraphQLError(`The quantity names ${invalid.map((n) => JSON.stringify(n)).join(", ")} are invalid. Valid values: ${QUANTITY_NAMES.join(", ")}.`, { extensions: { code: "BAD_REQUEST" } });
      }
      return names.map((name) => ({
        __typename: "InventoryQuantity",
        id: `gid://shopify/InventoryQuantity/${level.locationId}?inventory_item_id=${level.itemId}&name=${name}`,
        name,
        quantity: readQuantity(level, name as QuantityName),
        updatedAt: level.updatedAt,
      }));
    },
  }),
};

export const INVENTORY_CONNECTION_SOURCES = {
  InventoryItem: connectionsOf<InventoryItemRecord>({
    inventoryLevels: (item: InventoryItemRecord, args: ConnectionArgs, ctx) => {
      const order = [...ctx.data.locations.keys()];
      const levels = [...item.levels].sort((a, b) => order.indexOf(a.locationId) - order.indexOf(b.locationId));
      const list = search(
        ctx,
        levels,
        normalizeIdQuery(args.query),
        (level, field) => (field === "location_id" ? level.locationId : field === "updated_at" ? formatDateTime(level.updatedAt) : undefined),
        ["location_id", "updated_at"],
      );
      return args.reverse ? list.reverse() : list;
    },
    variants: (item: InventoryItemRecord, _args, ctx) => [ctx.data.variantOf(item)],
    countryHarmonizedSystemCodes: () => [],
  }),
  Location: connectionsOf<LocationRecord>({
    inventoryLevels: (location: LocationRecord, args: ConnectionArgs, ctx) => {
      const levels: InventoryLevelRecord[] = [];
      for (const item of ctx.data.inventoryItems.values()) {
        const level = ctx.data.findLevel(item, location.id);
        if (level) levels.push(level);
      }
      const list = search(
        ctx,
        levels,
        normalizeIdQuery(args.query),
        (level, field) => (field === "inventory_item_id" ? level.itemId : field === "updated_at" ? formatDateTime(level.updatedAt) : undefined),
        ["inventory_item_id", "updated_at"],
      );
      return args.reverse ? list.reverse() : list;
    },
  }),
};
