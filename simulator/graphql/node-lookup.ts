import { parseGid } from "../records";
import { invalidGid } from "./resolver-helpers";
import { fieldsOf, type Ctx } from "./resolver-types";

// node(id:)/nodes(ids:) and every other GID-to-record lookup (metafield owners, tagsAdd targets).

export function lookupNode(ctx: Ctx, value: string): { __typename: string } | null {
  const parsed = parseGid(value);
  if (!parsed) throw invalidGid(value);
  const data = ctx.data;
  switch (parsed.type) {
    case "Product":
      return data.products.get(parsed.id) ?? null;
    case "ProductVariant":
      return data.variants.get(parsed.id) ?? null;
    case "InventoryItem":
      return data.inventoryItems.get(parsed.id) ?? null;
    case "InventoryLevel": {
      const item = data.inventoryItems.get(Number(parsed.params.get("inventory_item_id")));
      return item ? (data.findLevel(item, parsed.id) ?? null) : null;
    }
    case "Location":
      return data.locations.get(parsed.id) ?? null;
    case "InventoryTransfer":
      return data.inventoryTransfers.get(parsed.id) ?? null;
    case "InventoryShipment":
      return data.inventoryShipments.get(parsed.id) ?? null;
    case "Collection":
      return data.collections.get(parsed.id) ?? null;
    case "Order":
      return data.orders.get(parsed.id) ?? null;
    case "LineItem":
      return data.lineItems.get(parsed.id) ?? null;
    case "FulfillmentOrder":
      return data.fulfillmentOrders.get(parsed.id) ?? null;
    case "FulfillmentOrderLineItem":
      return data.fulfillmentOrderLineItems.get(parsed.id) ?? null;
    case "FulfillmentHold":
      for (const fulfillmentOrder of data.fulfillmentOrders.values()) {
        const hold = fulfillmentOrder.holds.find((h) => h.id === parsed.id);
        if (hold) return hold;
      }
      return null;
    case "Metafield":
      return data.metafields.get(parsed.id) ?? null;
    case "MetafieldDefinition":
      return data.metafieldDefinitions.get(parsed.id) ?? null;
    case "BulkOperation": {
      const operation = ctx.store.bulkOperations.get(parsed.id);
      return operation && operation.shop === data.domain ? operation : null;
    }
    case "Validation":
      return data.validations.get(parsed.id) ?? null;
    case "Shop":
      return data.shop.id === parsed.id ? data.shop : null;
    case "AppInstallation":
      return data.installation.id === parsed.id ? data.installation : null;
    default:
      return null;
  }
}

export const NODE_QUERY_FIELDS = fieldsOf<unknown>({
  node: (_s, args: { id: string }, ctx) => lookupNode(ctx, args.id),
  nodes: (_s, args: { ids: string[] }, ctx) => args.ids.map((id) => lookupNode(ctx, id)),
});
