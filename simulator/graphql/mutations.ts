import { BULK_OPERATION_MUTATIONS } from "./bulk-operation-mutations";
import { FULFILLMENT_ORDER_MUTATIONS } from "./fulfillment-order-mutations";
import { withIdempotency } from "./idempotency";
import { INVENTORY_ADJUSTMENT_GROUP_RESOLVERS, INVENTORY_MUTATIONS } from "./inventory-mutations";
import { INVENTORY_TRANSFER_MUTATIONS } from "./inventory-transfer-mutations";
import { METAFIELD_MUTATIONS } from "./metafield-mutations";
import { ORDER_MUTATIONS } from "./order-mutations";
import { PRODUCT_MUTATIONS } from "./product-mutations";
import { TYPE_RESOLVERS } from "./resolvers";
import type { Resolver } from "./resolver-types";
import { VALIDATION_MUTATIONS } from "./validation-mutations";

// Admin mutations with Shopify's validation and userErrors (field path + message + code), atomic where Shopify
// is atomic, and the webhooks the change would trigger, gathered from their area modules. Input fields the
// simulator doesn't model fail loudly instead of being ignored. Importing this module registers them (and the
// payload types only mutations produce) with the resolvers.

const MUTATIONS: Record<string, Resolver> = {
  ...BULK_OPERATION_MUTATIONS,
  ...PRODUCT_MUTATIONS,
  ...INVENTORY_MUTATIONS,
  ...INVENTORY_TRANSFER_MUTATIONS,
  ...METAFIELD_MUTATIONS,
  ...ORDER_MUTATIONS,
  ...FULFILLMENT_ORDER_MUTATIONS,
  ...VALIDATION_MUTATIONS,
};

export const MUTATION_RESOLVERS: Record<string, Resolver> = Object.fromEntries(Object.entries(MUTATIONS).map(([name, resolver]) => [name, withIdempotency(name, resolver)]));

// Payload object types produced only by mutations.
TYPE_RESOLVERS.InventoryAdjustmentGroup = INVENTORY_ADJUSTMENT_GROUP_RESOLVERS;

TYPE_RESOLVERS.Mutation = MUTATION_RESOLVERS;
