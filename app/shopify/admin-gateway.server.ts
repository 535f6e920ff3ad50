// The only code that talks to the Shopify Admin GraphQL API. Every operation the app sends is a module-level,
// `#graphql`-tagged, app-prefixed (`Backorders…`) constant listed in ADMIN_OPERATIONS, which
// test/integration/admin-schema.test.ts validates (fields, arguments, types, access scopes) against the published
// schema of ADMIN_API_VERSION. Bulk query documents (sent as a string variable) are listed in ADMIN_BULK_QUERIES.
//
// `createAdminGateway(admin.graphql)` wraps the client handed out by shopify-app-remix:
//   - HTTP 429/503 are retried by the library itself (we pass `tries`, never above 3: shopify-app-js#764);
//   - GraphQL errors inside an HTTP 200 (THROTTLED included) make admin.graphql THROW a GraphqlQueryError
//     whose `.body` holds the response; a fake/simulated client may instead RETURN the body. Both are handled.
//   - requests are PACED from the throttleStatus of earlier answers (throttle.ts, ThrottlePacer): one that would not
//     fit in the shop's bucket waits for the refill first, so a long run stays inside the budget. Pass `shop` so
//     that every gateway of the shop in this process shares one pacer (jobs make a new gateway per run);
//   - THROTTLED is still retried here after the time the bucket needs to refill (throttle.ts), bounded: the
//     safety net for what pacing cannot see (another process or app spending the same bucket);
//   - a thrown `Response` (shopify-app-remix's way of forwarding 401/4xx for its auth flow) is re-thrown as is.

import {
  AdminGraphqlError,
  AdminHttpError,
  AdminMissingDataError,
  AdminThrottledError,
  AdminUserError,
  BulkOperationInProgressError,
  isThrottled,
  normalizeGraphqlBody,
  toUserErrors,
  type NormalizedGraphqlBody,
  type UserErrorEntry,
} from "./graphql-errors";
import { throttleDelayMs, throttlePacerForShop, ThrottlePacer, type PaceTicket } from "./throttle";
import { toInventoryPolicy, type InventoryPolicy, type StoreLocation } from "#app/domain/catalog";
import { chunk } from "#app/domain/collections";
import { isRecord } from "#app/domain/is-record";
import type { ShopifyOrderView } from "#app/domain/order-actions";

export type AdminGraphql = (
  query: string,
  opts?: { variables?: Record<string, unknown>; tries?: number },
) => Promise<Response>;

// ---------------------------------------------------------------------------------------------------------
// Operations
// ---------------------------------------------------------------------------------------------------------

export const SHOP_INFO_QUERY = `#graphql
  query BackordersShopInfo {
    shop {
      name
      email
      myshopifyDomain
      currencyCode
      ianaTimezone
    }
  }
`;

export const LOCATIONS_QUERY = `#graphql
  query BackordersLocations($after: String) {
    locations(first: 250, after: $after, includeInactive: true, includeLegacy: true) {
      nodes {
        id
        name
        isActive
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const START_CATALOG_BULK_QUERY_MUTATION = `#graphql
  mutation BackordersStartCatalogBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: false) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const BULK_OPERATION_QUERY = `#graphql
  query BackordersBulkOperation($id: ID!) {
    bulkOperation(id: $id) {
      id
      status
      errorCode
      objectCount
      url
      partialDataUrl
      completedAt
    }
  }
`;

export const SET_VARIANTS_INVENTORY_POLICY_MUTATION = `#graphql
  mutation BackordersSetVariantsInventoryPolicy($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
    productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: true) {
      productVariants {
        id
        inventoryPolicy
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const SET_METAFIELDS_MUTATION = `#graphql
  mutation BackordersSetMetafields($metafields: [MetafieldsSetInput!]!) {
    metafieldsSet(metafields: $metafields) {
      metafields {
        id
        namespace
        key
      }
      userErrors {
        field
        message
        code
        elementIndex
      }
    }
  }
`;

export const DELETE_METAFIELDS_MUTATION = `#graphql
  mutation BackordersDeleteMetafields($metafields: [MetafieldIdentifierInput!]!) {
    metafieldsDelete(metafields: $metafields) {
      deletedMetafields {
        ownerId
        namespace
        key
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const STAGE_BULK_MUTATION_UPLOAD_MUTATION = `#graphql
  mutation BackordersStageBulkMutationUpload($input: [StagedUploadInput!]!) {
    stagedUploadsCreate(input: $input) {
      stagedTargets {
        url
        resourceUrl
        parameters {
          name
          value
        }
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const RUN_BULK_POLICY_MUTATION = `#graphql
  mutation BackordersRunBulkPolicyMutation($mutation: String!, $stagedUploadPath: String!) {
    bulkOperationRunMutation(mutation: $mutation, stagedUploadPath: $stagedUploadPath) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/**
 * The per-line mutation of the bulk inventory-policy change (run by bulkOperationRunMutation once per JSONL line
 * with that line's `{ productId, variants }` as variables). Sent as a string variable, so not `#graphql`-tagged,
 * like CATALOG_BULK_QUERY. `product { id }` lets the result reader check that a result line belongs to the
 * product it planned for that line number.
 */
export const BULK_SET_VARIANTS_INVENTORY_POLICY_MUTATION = `
mutation BackordersBulkSetVariantsInventoryPolicy($productId: ID!, $variants: [ProductVariantsBulkInput!]!) {
  productVariantsBulkUpdate(productId: $productId, variants: $variants, allowPartialUpdates: true) {
    product {
      id
    }
    productVariants {
      id
      inventoryPolicy
    }
    userErrors {
      field
      message
      code
    }
  }
}
`;

/**
 * The catalog export run by bulkOperationRunQuery (sent as a string, so it is not `#graphql`-tagged: codegen
 * must not treat this anonymous document as an operation of its own). Bulk queries take no `first` on
 * connections; at most 5 connections, nested at most 2 levels (products → variants → inventoryLevels).
 * The JSONL output is NOT grouped (groupObjects: false, the 2026-01+ default and the faster mode), so the
 * importer never relies on line order: every child line carries what it needs — variants and collections
 * their product (`__parentId`), inventory levels their inventory item (`item { id }`).
 * `ProductVariant.image` is deprecated in favour of the `media` connection, which would use the 5th and last
 * connection and emit one extra line per variant image; the field is still served in this version (the schema
 * test allow-lists it explicitly).
 */
export const CATALOG_BULK_QUERY = `
{
  products {
    edges {
      node {
        id
        title
        handle
        vendor
        productType
        tags
        status
        updatedAt
        featuredMedia {
          preview {
            image {
              url
            }
          }
        }
        collections {
          edges {
            node {
              id
              title
              handle
            }
          }
        }
        variants {
          edges {
            node {
              id
              title
              sku
              price
              position
              inventoryPolicy
              updatedAt
              image {
                url
              }
              inventoryItem {
                id
                tracked
                unitCost {
                  amount
                  currencyCode
                }
                inventoryLevels {
                  edges {
                    node {
                      id
                      item {
                        id
                      }
                      location {
                        id
                      }
                      quantities(names: ["available", "on_hand", "committed"]) {
                        name
                        quantity
                      }
                      updatedAt
                    }
                  }
                }
              }
            }
          }
        }
      }
    }
  }
}
`;

/**
 * Starts the sales-history backfill's export of recent orders. Grouped output (children right after their parent):
 * the importer assembles each order's lines as they stream by, holding one order at a time.
 */
export const START_SALES_HISTORY_BULK_QUERY_MUTATION = `#graphql
  mutation BackordersStartSalesHistoryBulkQuery($query: String!) {
    bulkOperationRunQuery(query: $query, groupObjects: true) {
      bulkOperation {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

/**
 * The sales-history backfill's order export from `createdFrom` on (sent as a string, so not `#graphql`-tagged,
 * like CATALOG_BULK_QUERY). `currentQuantity` already excludes refunded and removed units, so refunds need no
 * connection of their own; a cancelled order (`cancelledAt`) counts nothing. `read_orders` serves the last 60 days.
 */
export function salesHistoryBulkQuery(createdFrom: Date): string {
  return `
{
  orders(query: "created_at:>='${createdFrom.toISOString()}'", sortKey: CREATED_AT) {
    edges {
      node {
        id
        createdAt
        processedAt
        updatedAt
        cancelledAt
        lineItems {
          edges {
            node {
              id
              quantity
              currentQuantity
              variant {
                id
                product {
                  id
                }
              }
            }
          }
        }
      }
    }
  }
}
`;
}

export const ORDER_FOR_LEDGER_QUERY = `#graphql
  query BackordersOrdersForLedger($id: ID!) {
    order(id: $id) {
      id
      name
      email
      customerLocale
      createdAt
      updatedAt
      cancelledAt
      lineItems(first: 100) {
        nodes {
          id
          quantity
          currentQuantity
          unfulfilledQuantity
          variant {
            id
          }
        }
      }
      fulfillmentOrders(first: 5) {
        nodes {
          id
          status
          assignedLocation {
            location {
              id
            }
          }
          lineItems(first: 50) {
            nodes {
              totalQuantity
              remainingQuantity
              lineItem {
                id
              }
            }
          }
        }
      }
    }
  }
`;

// ---- Order actions (app/services/order-actions.server.ts): tags, ETA note/metafield, split/hold/release ----

export const ORDER_FOR_ACTIONS_QUERY = `#graphql
  query BackordersOrderForActions($id: ID!) {
    order(id: $id) {
      id
      name
      tags
      note
      etaMetafield: metafield(namespace: "$app", key: "backorder_etas") {
        value
      }
      fulfillmentOrders(first: 15) {
        nodes {
          id
          status
          assignedLocation {
            location {
              id
            }
          }
          fulfillmentHolds {
            id
            handle
            heldByRequestingApp
          }
          lineItems(first: 25) {
            nodes {
              id
              remainingQuantity
              lineItem {
                id
              }
            }
            pageInfo {
              hasNextPage
            }
          }
        }
        pageInfo {
          hasNextPage
        }
      }
    }
  }
`;

export const ADD_TAGS_MUTATION = `#graphql
  mutation BackordersAddTags($id: ID!, $tags: [String!]!) {
    tagsAdd(id: $id, tags: $tags) {
      node {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const REMOVE_TAGS_MUTATION = `#graphql
  mutation BackordersRemoveTags($id: ID!, $tags: [String!]!) {
    tagsRemove(id: $id, tags: $tags) {
      node {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const UPDATE_ORDER_ETA_NOTE_MUTATION = `#graphql
  mutation BackordersUpdateOrderEtaNote($input: OrderInput!) {
    orderUpdate(input: $input) {
      order {
        id
      }
      userErrors {
        field
        message
      }
    }
  }
`;

export const SPLIT_FULFILLMENT_ORDER_MUTATION = `#graphql
  mutation BackordersSplitFulfillmentOrder($splits: [FulfillmentOrderSplitInput!]!) {
    fulfillmentOrderSplit(fulfillmentOrderSplits: $splits) {
      fulfillmentOrderSplits {
        fulfillmentOrder {
          id
        }
        remainingFulfillmentOrder {
          id
        }
        replacementFulfillmentOrder {
          id
        }
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const HOLD_FULFILLMENT_ORDER_MUTATION = `#graphql
  mutation BackordersHoldFulfillmentOrder($id: ID!, $hold: FulfillmentOrderHoldInput!) {
    fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
      fulfillmentHold {
        id
      }
      fulfillmentOrder {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const RELEASE_FULFILLMENT_ORDER_HOLD_MUTATION = `#graphql
  mutation BackordersReleaseFulfillmentOrderHold($id: ID!, $holdIds: [ID!]) {
    fulfillmentOrderReleaseHold(id: $id, holdIds: $holdIds) {
      fulfillmentOrder {
        id
        status
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

// Cart and checkout validations (the backorder cap in checkout, app/services/checkout-validation.server.ts).
// The list reads each validation's function so the app finds the one of its own function instead of creating a
// second (validations are few: Shopify allows at most 25 active ones per shop).
export const CHECKOUT_VALIDATIONS_QUERY = `#graphql
  query BackordersCheckoutValidations($after: String) {
    validations(first: 50, after: $after) {
      nodes {
        id
        title
        enabled
        blockOnFailure
        shopifyFunction {
          id
          handle
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const CREATE_CHECKOUT_VALIDATION_MUTATION = `#graphql
  mutation BackordersCreateCheckoutValidation($validation: ValidationCreateInput!) {
    validationCreate(validation: $validation) {
      validation {
        id
        enabled
      }
      userErrors {
        field
        message
        code
      }
    }
  }
`;

export const DELETE_CHECKOUT_VALIDATION_MUTATION = `#graphql
  mutation BackordersDeleteCheckoutValidation($id: ID!) {
    validationDelete(id: $id) {
      deletedId
      userErrors {
        field
        message
        code
      }
    }
  }
`;

// Inbound inventory (ETAs that follow inbound shipments, app/services/inbound-shipments.server.ts): the transfers'
// ids and statuses page by page, then each open transfer with its shipments, then each shipment's lines. Split in
// three so each query stays far below the single-query cost limit however many shipments and lines there are.
// A line's variant comes from the catalog mirror (InventoryItem.variant is deprecated in 2026-10).
export const INBOUND_TRANSFERS_QUERY = `#graphql
  query BackordersInboundTransfers($after: String) {
    inventoryTransfers(first: 100, after: $after) {
      nodes {
        id
        status
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`;

export const INBOUND_TRANSFER_QUERY = `#graphql
  query BackordersInboundTransfer($id: ID!, $after: String) {
    inventoryTransfer(id: $id) {
      id
      name
      status
      destination {
        location {
          id
        }
      }
      shipments(first: 25, after: $after) {
        nodes {
          id
          name
          status
          tracking {
            arrivesAt
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

export const INBOUND_SHIPMENT_LINES_QUERY = `#graphql
  query BackordersInboundShipmentLines($id: ID!, $after: String) {
    inventoryShipment(id: $id) {
      id
      lineItems(first: 100, after: $after) {
        nodes {
          id
          unreceivedQuantity
          inventoryItem {
            id
          }
        }
        pageInfo {
          hasNextPage
          endCursor
        }
      }
    }
  }
`;

/** Every operation document the gateway sends (validated by test/integration/admin-schema.test.ts). */
export const ADMIN_OPERATIONS = {
  ORDER_FOR_LEDGER_QUERY,
  SHOP_INFO_QUERY,
  LOCATIONS_QUERY,
  START_CATALOG_BULK_QUERY_MUTATION,
  START_SALES_HISTORY_BULK_QUERY_MUTATION,
  BULK_OPERATION_QUERY,
  SET_VARIANTS_INVENTORY_POLICY_MUTATION,
  SET_METAFIELDS_MUTATION,
  DELETE_METAFIELDS_MUTATION,
  STAGE_BULK_MUTATION_UPLOAD_MUTATION,
  RUN_BULK_POLICY_MUTATION,
  ORDER_FOR_ACTIONS_QUERY,
  ADD_TAGS_MUTATION,
  REMOVE_TAGS_MUTATION,
  UPDATE_ORDER_ETA_NOTE_MUTATION,
  SPLIT_FULFILLMENT_ORDER_MUTATION,
  HOLD_FULFILLMENT_ORDER_MUTATION,
  RELEASE_FULFILLMENT_ORDER_HOLD_MUTATION,
  CHECKOUT_VALIDATIONS_QUERY,
  CREATE_CHECKOUT_VALIDATION_MUTATION,
  DELETE_CHECKOUT_VALIDATION_MUTATION,
  INBOUND_TRANSFERS_QUERY,
  INBOUND_TRANSFER_QUERY,
  INBOUND_SHIPMENT_LINES_QUERY,
} as const;

/** Query documents the app runs through bulkOperationRunQuery. */
export const ADMIN_BULK_QUERIES = { CATALOG_BULK_QUERY, SALES_HISTORY_BULK_QUERY: salesHistoryBulkQuery(new Date("2026-01-01T00:00:00Z")) } as const;

/** Mutation documents the app runs through bulkOperationRunMutation (one execution per JSONL line). */
export const ADMIN_BULK_MUTATIONS = { BULK_SET_VARIANTS_INVENTORY_POLICY_MUTATION } as const;

// ---------------------------------------------------------------------------------------------------------
// Result types
// ---------------------------------------------------------------------------------------------------------

export type ShopInfo = {
  name: string;
  email: string;
  myshopifyDomain: string;
  currencyCode: string;
  ianaTimezone: string;
  // The shop's primary locale is only exposed by `shopLocales`, which needs read_locales — a scope the app
  // does not request. Always null for now.
  primaryLocale: string | null;
};

export type BulkOperationStatus = "CREATED" | "RUNNING" | "COMPLETED" | "CANCELING" | "CANCELED" | "FAILED" | "EXPIRED";

export type BulkOperationInfo = {
  id: string;
  status: BulkOperationStatus;
  errorCode: string | null;
  objectCount: number;
  url: string | null;
  partialDataUrl: string | null;
  completedAt: Date | null;
};

export type StagedUploadTarget = {
  url: string;
  resourceUrl: string | null;
  /** Form fields to send, in order, before the file in the multipart POST to `url`. */
  parameters: Array<{ name: string; value: string }>;
  /** The `key` parameter: what bulkOperationRunMutation takes as `stagedUploadPath`. */
  stagedUploadPath: string;
};

export type VariantPolicyUpdate = { variantId: string; policy: InventoryPolicy };

export type VariantPolicyResult = {
  updated: VariantPolicyUpdate[];
  failed: Array<{ variantId: string | null; message: string; code: string | null; field: string[] | null }>;
};

export type MetafieldInput = {
  ownerId: string;
  namespace: string;
  key: string;
  type: string;
  value: string;
  compareDigest?: string | null;
};

export type MetafieldFailure = {
  ownerId: string;
  namespace: string;
  key: string;
  message: string;
  code: string | null;
};

export type SetMetafieldsResult = { saved: number; failed: MetafieldFailure[] };

export type MetafieldIdentifier = { ownerId: string; namespace: string; key: string };

/** `deleted` counts identifiers Shopify accepted (a metafield that did not exist counts as deleted: nothing to do). */
export type DeleteMetafieldsResult = { deleted: number; failed: Array<MetafieldIdentifier & { message: string }> };

/** A cart and checkout validation of the shop, with the handle of the function it runs. */
export type CheckoutValidation = { id: string; title: string; enabled: boolean; blockOnFailure: boolean; functionId: string; functionHandle: string };

export type CheckoutValidationCreate = { functionHandle: string; title: string; enable: boolean; blockOnFailure: boolean };

export type AdminGatewayOptions = {
  /** Injected for tests; defaults to setTimeout. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source for throttle back-off (0 ≤ r < 1). */
  random?: () => number;
  /** Total attempts of one operation while Shopify answers THROTTLED (default 5). */
  maxThrottleAttempts?: number;
  /** The shop this client acts for: its gateways in this process share one pacer (throttlePacerForShop). */
  shop?: string;
  /** The pacer to use (tests); default: the shop's shared pacer, or one of this gateway's own without `shop`. */
  pacer?: ThrottlePacer;
  /** Monotonic milliseconds for pacing only (default performance.now); tests pass a simulated clock together with `sleep`. */
  now?: () => number;
};

export const DEFAULT_MAX_THROTTLE_ATTEMPTS = 5;
/** Passed to admin.graphql for its own HTTP 429/503 retries; more than 3 makes the library throw (#764). */
export const LIBRARY_TRIES = 3;
export const METAFIELDS_SET_CHUNK = 25; // metafieldsSet accepts at most 25 metafields per call
export const METAFIELDS_DELETE_CHUNK = 25; // kept as small as metafieldsSet's limit
export const VARIANTS_BULK_UPDATE_CHUNK = 250; // input arrays are capped at 250 items
export const BULK_OPERATION_STATUSES: readonly BulkOperationStatus[] = [
  "CREATED", "RUNNING", "COMPLETED", "CANCELING", "CANCELED", "FAILED", "EXPIRED",
];

// ---------------------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------------------

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function operationName(document: string): string {
  return /\b(?:query|mutation)\s+([A-Za-z0-9_]+)/.exec(document)?.[1] ?? "AnonymousOperation";
}

function field(operation: string, parent: unknown, key: string, path: string): unknown {
  if (!isRecord(parent)) throw new AdminMissingDataError(operation, path);
  return parent[key];
}

function requireObject(operation: string, parent: unknown, key: string, path: string): Record<string, unknown> {
  const value = field(operation, parent, key, path);
  if (!isRecord(value)) throw new AdminMissingDataError(operation, path);
  return value;
}

function requireString(operation: string, parent: unknown, key: string, path: string): string {
  const value = field(operation, parent, key, path);
  if (typeof value !== "string") throw new AdminMissingDataError(operation, path);
  return value;
}

function optionalString(parent: Record<string, unknown>, key: string): string | null {
  const value = parent[key];
  return typeof value === "string" ? value : null;
}

/** Index of the input element a userError points at: field ["variants", "3", …] or elementIndex. */
function inputIndex(error: UserErrorEntry & { elementIndex?: number | null }, listName: string): number | null {
  if (typeof error.elementIndex === "number") return error.elementIndex;
  if (error.field && error.field[0] === listName && error.field.length > 1 && /^\d+$/.test(error.field[1])) {
    return Number(error.field[1]);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Gateway
// ---------------------------------------------------------------------------------------------------------

export function createAdminGateway(graphql: AdminGraphql, options: AdminGatewayOptions = {}) {
  const sleep = options.sleep ?? defaultSleep;
  const maxAttempts = Math.max(1, options.maxThrottleAttempts ?? DEFAULT_MAX_THROTTLE_ATTEMPTS);
  const pacer = options.pacer ?? (options.shop ? throttlePacerForShop(options.shop) : new ThrottlePacer());
  const clock = options.now ?? (() => performance.now());

  /**
   * Waits until the operation fits in the shop's bucket (as far as the pacer knows), then reserves its cost.
   * `waited.until`: the time this request has surely waited until — a sleep counts as the time it was asked for,
   * even when an injected `sleep` returns at once.
   */
  async function admit(operation: string, waited: { until: number }): Promise<PaceTicket> {
    for (;;) {
      const now = Math.max(clock(), waited.until);
      const decision = pacer.admit(operation, now);
      if (decision.ticket) return decision.ticket;
      await sleep(decision.waitMs);
      waited.until = now + decision.waitMs;
    }
  }

  async function send(document: string, variables?: Record<string, unknown>): Promise<NormalizedGraphqlBody> {
    const operation = operationName(document);
    let response: Response;
    try {
      response = await graphql(document, { variables, tries: LIBRARY_TRIES });
    } catch (error) {
      if (error instanceof Response) throw error; // shopify-app-remix auth flow (401 → re-auth, …)
      const body = isRecord(error) ? error.body : undefined;
      if (isRecord(body)) return normalizeGraphqlBody(body); // GraphqlQueryError
      throw error;
    }
    if (!response.ok) throw new AdminHttpError(operation, response.status, await response.text().catch(() => ""));
    let body: unknown;
    try {
      body = await response.json();
    } catch {
      throw new AdminMissingDataError(operation, "JSON body");
    }
    return normalizeGraphqlBody(body);
  }

  /** Sends one operation, retrying THROTTLED answers; returns `data` (never null). */
  async function request(document: string, variables?: Record<string, unknown>): Promise<Record<string, unknown>> {
    const operation = operationName(document);
    const waited = { until: clock() };
    for (let attempt = 1; ; attempt++) {
      const ticket = await admit(operation, waited);
      let result: NormalizedGraphqlBody;
      try {
        result = await send(document, variables);
      } catch (error) {
        pacer.settle(ticket, null, clock());
        throw error;
      }
      pacer.settle(ticket, result.cost, clock());
      if (isThrottled(result.errors)) {
        if (attempt >= maxAttempts) throw new AdminThrottledError(operation, attempt, result.cost);
        const delay = throttleDelayMs(result.cost, { attempt, random: options.random });
        const from = Math.max(clock(), waited.until);
        await sleep(delay);
        waited.until = from + delay;
        continue;
      }
      if (result.errors.length) throw new AdminGraphqlError(operation, result.errors);
      if (!isRecord(result.data)) throw new AdminMissingDataError(operation, "data");
      return result.data;
    }
  }

  return {
    async getShopInfo(): Promise<ShopInfo> {
      const op = "BackordersShopInfo";
      const data = await request(SHOP_INFO_QUERY);
      const shop = requireObject(op, data, "shop", "shop");
      return {
        name: requireString(op, shop, "name", "shop.name"),
        email: requireString(op, shop, "email", "shop.email"),
        myshopifyDomain: requireString(op, shop, "myshopifyDomain", "shop.myshopifyDomain"),
        currencyCode: requireString(op, shop, "currencyCode", "shop.currencyCode"),
        ianaTimezone: requireString(op, shop, "ianaTimezone", "shop.ianaTimezone"),
        primaryLocale: null,
      };
    },

    /**
     * The order with its lines and fulfillment orders, or null when Shopify has no such order (deleted). Pages are
     * sized to stay under the single-query cost limit (100 lines, 5 fulfillment orders of 50 lines).
     */
    async getOrderForLedger(orderId: string): Promise<LedgerOrder | null> {
      const op = "BackordersOrdersForLedger";
      const data = await request(ORDER_FOR_LEDGER_QUERY, { id: orderId });
      const order = field(op, data, "order", "order");
      if (!isRecord(order)) return null;
      const nodesOf = (parent: unknown, key: string, path: string): unknown[] => {
        const nodes = field(op, requireObject(op, parent, key, path), "nodes", `${path}.nodes`);
        if (!Array.isArray(nodes)) throw new AdminMissingDataError(op, `${path}.nodes`);
        return nodes;
      };
      const int = (parent: unknown, key: string, path: string) => {
        const value = field(op, parent, key, path);
        if (typeof value !== "number") throw new AdminMissingDataError(op, path);
        return value;
      };
      return {
        id: requireString(op, order, "id", "order.id"),
        name: requireString(op, order, "name", "order.name"),
        email: optionalString(order, "email"),
        customerLocale: optionalString(order, "customerLocale"),
        createdAt: requireString(op, order, "createdAt", "order.createdAt"),
        updatedAt: requireString(op, order, "updatedAt", "order.updatedAt"),
        cancelledAt: optionalString(order, "cancelledAt"),
        lineItems: nodesOf(order, "lineItems", "order.lineItems").map((line) => {
          const variant = field(op, line, "variant", "order.lineItems.variant");
          return {
            id: requireString(op, line, "id", "order.lineItems.id"),
            quantity: int(line, "quantity", "order.lineItems.quantity"),
            currentQuantity: int(line, "currentQuantity", "order.lineItems.currentQuantity"),
            unfulfilledQuantity: int(line, "unfulfilledQuantity", "order.lineItems.unfulfilledQuantity"),
            variantId: isRecord(variant) ? requireString(op, variant, "id", "order.lineItems.variant.id") : null,
          };
        }),
        fulfillmentOrders: nodesOf(order, "fulfillmentOrders", "order.fulfillmentOrders").map((fo) => {
          const assigned = field(op, fo, "assignedLocation", "order.fulfillmentOrders.assignedLocation");
          const location = isRecord(assigned) ? assigned.location : null;
          return {
            id: requireString(op, fo, "id", "order.fulfillmentOrders.id"),
            status: requireString(op, fo, "status", "order.fulfillmentOrders.status"),
            locationId: isRecord(location) && typeof location.id === "string" ? location.id : null,
            lineItems: nodesOf(fo, "lineItems", "order.fulfillmentOrders.lineItems").map((line) => ({
              lineItemId: requireString(op, requireObject(op, line, "lineItem", "order.fulfillmentOrders.lineItems.lineItem"), "id", "order.fulfillmentOrders.lineItems.lineItem.id"),
              totalQuantity: int(line, "totalQuantity", "order.fulfillmentOrders.lineItems.totalQuantity"),
              remainingQuantity: int(line, "remainingQuantity", "order.fulfillmentOrders.lineItems.remainingQuantity"),
            })),
          };
        }),
      };
    },

    async listLocations(): Promise<StoreLocation[]> {
      const op = "BackordersLocations";
      const locations: StoreLocation[] = [];
      let after: string | null = null;
      for (let page = 0; page < 1000; page++) {
        const data = await request(LOCATIONS_QUERY, { after });
        const connection = requireObject(op, data, "locations", "locations");
        const nodes = field(op, connection, "nodes", "locations.nodes");
        if (!Array.isArray(nodes)) throw new AdminMissingDataError(op, "locations.nodes");
        for (const node of nodes) {
          locations.push({
            id: requireString(op, node, "id", "locations.nodes.id"),
            name: requireString(op, node, "name", "locations.nodes.name"),
            isActive: field(op, node, "isActive", "locations.nodes.isActive") !== false,
          });
        }
        const pageInfo = requireObject(op, connection, "pageInfo", "locations.pageInfo");
        if (pageInfo.hasNextPage !== true) return locations;
        after = requireString(op, pageInfo, "endCursor", "locations.pageInfo.endCursor");
      }
      return locations;
    },

    /** Starts the catalog export. Throws BulkOperationInProgressError when a bulk query is already running. */
    async startCatalogBulkQuery(): Promise<{ id: string; status: BulkOperationStatus }> {
      const op = "BackordersStartCatalogBulkQuery";
      const data = await request(START_CATALOG_BULK_QUERY_MUTATION, { query: CATALOG_BULK_QUERY });
      const payload = requireObject(op, data, "bulkOperationRunQuery", "bulkOperationRunQuery");
      const userErrors = toUserErrors(payload.userErrors);
      if (userErrors.length) {
        const inProgress = userErrors.some(
          (e) => e.code === "OPERATION_IN_PROGRESS" || /already in progress/i.test(e.message),
        );
        throw inProgress ? new BulkOperationInProgressError(op, userErrors) : new AdminUserError(op, userErrors);
      }
      const bulk = requireObject(op, payload, "bulkOperation", "bulkOperationRunQuery.bulkOperation");
      return {
        id: requireString(op, bulk, "id", "bulkOperation.id"),
        status: toBulkStatus(op, field(op, bulk, "status", "bulkOperation.status")),
      };
    },

    /** Starts the sales-history export of orders created from `createdFrom`. Throws BulkOperationInProgressError at the concurrency limit. */
    async startSalesHistoryBulkQuery(createdFrom: Date): Promise<{ id: string; status: BulkOperationStatus }> {
      const op = "BackordersStartSalesHistoryBulkQuery";
      const data = await request(START_SALES_HISTORY_BULK_QUERY_MUTATION, { query: salesHistoryBulkQuery(createdFrom) });
      const payload = requireObject(op, data, "bulkOperationRunQuery", "bulkOperationRunQuery");
      const userErrors = toUserErrors(payload.userErrors);
      if (userErrors.length) {
        const busy = userErrors.some((e) => e.code === "OPERATION_IN_PROGRESS" || e.code === "LIMIT_REACHED" || /already in progress|limit reached/i.test(e.message));
        throw busy ? new BulkOperationInProgressError(op, userErrors) : new AdminUserError(op, userErrors);
      }
      const bulk = requireObject(op, payload, "bulkOperation", "bulkOperationRunQuery.bulkOperation");
      return {
        id: requireString(op, bulk, "id", "bulkOperation.id"),
        status: toBulkStatus(op, field(op, bulk, "status", "bulkOperation.status")),
      };
    },

    async getBulkOperation(id: string): Promise<BulkOperationInfo> {
      const op = "BackordersBulkOperation";
      const data = await request(BULK_OPERATION_QUERY, { id });
      const bulk = requireObject(op, data, "bulkOperation", "bulkOperation");
      const completedAt = optionalString(bulk, "completedAt");
      const objectCount = Number(bulk.objectCount ?? 0); // UnsignedInt64, serialised as a string
      return {
        id: requireString(op, bulk, "id", "bulkOperation.id"),
        status: toBulkStatus(op, bulk.status),
        errorCode: optionalString(bulk, "errorCode"),
        objectCount: Number.isFinite(objectCount) ? objectCount : 0,
        url: optionalString(bulk, "url"),
        partialDataUrl: optionalString(bulk, "partialDataUrl"),
        completedAt: completedAt ? new Date(completedAt) : null,
      };
    },

    /** A staged upload target for a bulk mutation's JSONL variables file (resource BULK_MUTATION_VARIABLES). */
    async stagedUploadForBulkMutation(filename: string): Promise<StagedUploadTarget> {
      const op = "BackordersStageBulkMutationUpload";
      const data = await request(STAGE_BULK_MUTATION_UPLOAD_MUTATION, {
        input: [{ resource: "BULK_MUTATION_VARIABLES", filename, mimeType: "text/jsonl", httpMethod: "POST" }],
      });
      const payload = requireObject(op, data, "stagedUploadsCreate", "stagedUploadsCreate");
      const userErrors = toUserErrors(payload.userErrors);
      if (userErrors.length) throw new AdminUserError(op, userErrors);
      const targets = field(op, payload, "stagedTargets", "stagedUploadsCreate.stagedTargets");
      const target = Array.isArray(targets) ? targets[0] : undefined;
      if (!isRecord(target)) throw new AdminMissingDataError(op, "stagedUploadsCreate.stagedTargets[0]");
      const rawParameters = field(op, target, "parameters", "stagedTargets.parameters");
      if (!Array.isArray(rawParameters)) throw new AdminMissingDataError(op, "stagedTargets.parameters");
      const parameters = rawParameters.map((p) => ({
        name: requireString(op, p, "name", "stagedTargets.parameters.name"),
        value: requireString(op, p, "value", "stagedTargets.parameters.value"),
      }));
      const key = parameters.find((p) => p.name === "key")?.value;
      if (!key) throw new AdminMissingDataError(op, "stagedTargets.parameters[key]");
      return {
        url: requireString(op, target, "url", "stagedTargets.url"),
        resourceUrl: optionalString(target, "resourceUrl"),
        parameters,
        stagedUploadPath: key,
      };
    },

    /**
     * Starts the bulk inventory-policy mutation over an uploaded JSONL file (one `{ productId, variants }` per
     * line). Throws BulkOperationInProgressError when the shop's bulk mutation slots are taken.
     */
    async runBulkPolicyMutation(stagedUploadPath: string): Promise<{ id: string; status: BulkOperationStatus }> {
      const op = "BackordersRunBulkPolicyMutation";
      const data = await request(RUN_BULK_POLICY_MUTATION, {
        mutation: BULK_SET_VARIANTS_INVENTORY_POLICY_MUTATION,
        stagedUploadPath,
      });
      const payload = requireObject(op, data, "bulkOperationRunMutation", "bulkOperationRunMutation");
      const userErrors = toUserErrors(payload.userErrors);
      if (userErrors.length) {
        const inProgress = userErrors.some(
          (e) => e.code === "OPERATION_IN_PROGRESS" || e.code === "LIMIT_REACHED" || /already in progress/i.test(e.message),
        );
        throw inProgress ? new BulkOperationInProgressError(op, userErrors) : new AdminUserError(op, userErrors);
      }
      const bulk = requireObject(op, payload, "bulkOperation", "bulkOperationRunMutation.bulkOperation");
      return {
        id: requireString(op, bulk, "id", "bulkOperation.id"),
        status: toBulkStatus(op, field(op, bulk, "status", "bulkOperation.status")),
      };
    },

    /**
     * Sets inventoryPolicy on variants of ONE product (productVariantsBulkUpdate acts on one product per call),
     * with partial updates allowed: failures are reported per variant instead of failing the whole call.
     */
    async setVariantsInventoryPolicy(productId: string, updates: readonly VariantPolicyUpdate[]): Promise<VariantPolicyResult> {
      const op = "BackordersSetVariantsInventoryPolicy";
      const result: VariantPolicyResult = { updated: [], failed: [] };
      for (const part of chunk(updates, VARIANTS_BULK_UPDATE_CHUNK)) {
        const data = await request(SET_VARIANTS_INVENTORY_POLICY_MUTATION, {
          productId,
          variants: part.map((u) => ({ id: u.variantId, inventoryPolicy: u.policy })),
        });
        const payload = requireObject(op, data, "productVariantsBulkUpdate", "productVariantsBulkUpdate");
        const failedIds = new Set<string>();
        const unattributed: string[] = [];
        for (const error of toUserErrors(payload.userErrors)) {
          const index = inputIndex(error, "variants");
          const variantId = index !== null && part[index] ? part[index].variantId : null;
          if (variantId) failedIds.add(variantId);
          else unattributed.push(error.message);
          result.failed.push({ variantId, message: error.message, code: error.code, field: error.field });
        }
        const returned = Array.isArray(payload.productVariants) ? payload.productVariants.filter(isRecord) : [];
        const returnedPolicy = new Map(returned.map((v) => [String(v.id), toInventoryPolicy(v.inventoryPolicy)] as const));
        for (const update of part) {
          if (failedIds.has(update.variantId)) continue;
          const policy = returnedPolicy.get(update.variantId);
          if (policy === undefined && unattributed.length) {
            result.failed.push({ variantId: update.variantId, message: `Not updated: ${unattributed.join("; ")}`, code: null, field: null });
          } else if (policy !== undefined && policy !== update.policy) {
            result.failed.push({ variantId: update.variantId, message: `inventoryPolicy is still ${policy}`, code: null, field: null });
          } else {
            result.updated.push(update);
          }
        }
      }
      return result;
    },

    /**
     * Writes metafields in calls of ≤ 25. metafieldsSet is atomic per call: when any input of a call is
     * rejected, none of that call is saved, so the other inputs of the call are reported as failed too
     * (code "BATCH_REJECTED") and can be retried.
     */
    async setMetafields(inputs: readonly MetafieldInput[]): Promise<SetMetafieldsResult> {
      const op = "BackordersSetMetafields";
      const result: SetMetafieldsResult = { saved: 0, failed: [] };
      for (const part of chunk(inputs, METAFIELDS_SET_CHUNK)) {
        const data = await request(SET_METAFIELDS_MUTATION, {
          metafields: part.map((m) => ({
            ownerId: m.ownerId,
            namespace: m.namespace,
            key: m.key,
            type: m.type,
            value: m.value,
            ...(m.compareDigest !== undefined ? { compareDigest: m.compareDigest } : {}),
          })),
        });
        const payload = requireObject(op, data, "metafieldsSet", "metafieldsSet");
        const rawErrors = Array.isArray(payload.userErrors) ? payload.userErrors.filter(isRecord) : [];
        const userErrors = rawErrors.map((raw) => ({
          ...toUserErrors([raw])[0],
          elementIndex: typeof raw.elementIndex === "number" ? raw.elementIndex : null,
        }));
        if (!userErrors.length) {
          result.saved += part.length;
          continue;
        }
        const named = new Set<number>();
        for (const error of userErrors) {
          const index = inputIndex(error, "metafields");
          const input = index !== null ? part[index] : undefined;
          if (input && index !== null) {
            named.add(index);
            result.failed.push({ ownerId: input.ownerId, namespace: input.namespace, key: input.key, message: error.message, code: error.code });
          } else {
            // Not attributable to one input: every input of the call failed with this message.
            for (const [i, m] of part.entries()) {
              named.add(i);
              result.failed.push({ ownerId: m.ownerId, namespace: m.namespace, key: m.key, message: error.message, code: error.code });
            }
          }
        }
        for (const [i, m] of part.entries()) {
          if (named.has(i)) continue;
          result.failed.push({
            ownerId: m.ownerId,
            namespace: m.namespace,
            key: m.key,
            message: "Not saved: another metafield in the same metafieldsSet call was rejected",
            code: "BATCH_REJECTED",
          });
        }
      }
      return result;
    },
    /**
     * Deletes metafields by owner/namespace/key in calls of ≤ 25. Deleting a metafield that does not exist
     * succeeds (Shopify returns null for it), so clearing a value is idempotent.
     */
    async deleteMetafields(identifiers: readonly MetafieldIdentifier[]): Promise<DeleteMetafieldsResult> {
      const op = "BackordersDeleteMetafields";
      const result: DeleteMetafieldsResult = { deleted: 0, failed: [] };
      for (const part of chunk(identifiers, METAFIELDS_DELETE_CHUNK)) {
        const data = await request(DELETE_METAFIELDS_MUTATION, {
          metafields: part.map((m) => ({ ownerId: m.ownerId, namespace: m.namespace, key: m.key })),
        });
        const payload = requireObject(op, data, "metafieldsDelete", "metafieldsDelete");
        const userErrors = toUserErrors(payload.userErrors);
        if (!userErrors.length) {
          result.deleted += part.length;
          continue;
        }
        const named = new Map<number, string>();
        const general: string[] = [];
        for (const error of userErrors) {
          const index = inputIndex(error, "metafields");
          if (index !== null && part[index]) named.set(index, error.message);
          else general.push(error.message);
        }
        for (const [i, m] of part.entries()) {
          const message = named.get(i) ?? (general.length ? general.join("; ") : null);
          if (message === null) result.deleted += 1;
          else result.failed.push({ ownerId: m.ownerId, namespace: m.namespace, key: m.key, message });
        }
      }
      return result;
    },

    // ---- Order actions ----

    /** The order's tags, note, ETA metafield and fulfillment orders (with holds), or null when it does not exist. */
    async getOrderForActions(orderId: string): Promise<ShopifyOrderView | null> {
      const op = "BackordersOrderForActions";
      const data = await request(ORDER_FOR_ACTIONS_QUERY, { id: orderId });
      const order = field(op, data, "order", "order");
      if (order === null) return null;
      if (!isRecord(order)) throw new AdminMissingDataError(op, "order");
      const connection = requireObject(op, order, "fulfillmentOrders", "order.fulfillmentOrders");
      const pageInfo = requireObject(op, connection, "pageInfo", "fulfillmentOrders.pageInfo");
      // Orders with more are beyond what the app manages by hand-sized pages; refuse rather than act on half of it.
      if (pageInfo.hasNextPage === true) throw new AdminMissingDataError(op, "order.fulfillmentOrders beyond the first 15");
      const nodes = field(op, connection, "nodes", "fulfillmentOrders.nodes");
      if (!Array.isArray(nodes)) throw new AdminMissingDataError(op, "fulfillmentOrders.nodes");
      const metafield = order.etaMetafield;
      const tags = field(op, order, "tags", "order.tags");
      return {
        id: requireString(op, order, "id", "order.id"),
        name: optionalString(order, "name"),
        tags: Array.isArray(tags) ? tags.map(String) : [],
        note: optionalString(order, "note"),
        etaMetafieldValue: isRecord(metafield) ? optionalString(metafield, "value") : null,
        fulfillmentOrders: nodes.map((fo) => {
          const items = requireObject(op, fo, "lineItems", "fulfillmentOrders.lineItems");
          if (requireObject(op, items, "pageInfo", "lineItems.pageInfo").hasNextPage === true) {
            throw new AdminMissingDataError(op, "fulfillmentOrder.lineItems beyond the first 25");
          }
          const itemNodes = field(op, items, "nodes", "lineItems.nodes");
          const holds = field(op, fo, "fulfillmentHolds", "fulfillmentOrders.fulfillmentHolds");
          const assigned = isRecord(fo) ? fo.assignedLocation : null;
          const location = isRecord(assigned) ? assigned.location : null;
          return {
            id: requireString(op, fo, "id", "fulfillmentOrders.id"),
            status: requireString(op, fo, "status", "fulfillmentOrders.status"),
            locationId: isRecord(location) ? optionalString(location, "id") : null,
            holds: (Array.isArray(holds) ? holds : []).map((hold) => ({
              id: requireString(op, hold, "id", "fulfillmentHolds.id"),
              handle: isRecord(hold) ? optionalString(hold, "handle") : null,
              heldByRequestingApp: isRecord(hold) && hold.heldByRequestingApp === true,
            })),
            lineItems: (Array.isArray(itemNodes) ? itemNodes : []).map((item) => ({
              id: requireString(op, item, "id", "lineItems.id"),
              lineItemId: requireString(op, requireObject(op, item, "lineItem", "lineItems.lineItem"), "id", "lineItems.lineItem.id"),
              remainingQuantity: Number(field(op, item, "remainingQuantity", "lineItems.remainingQuantity") ?? 0),
            })),
          };
        }),
      };
    },

    async addTags(id: string, tags: readonly string[]): Promise<void> {
      const op = "BackordersAddTags";
      const data = await request(ADD_TAGS_MUTATION, { id, tags });
      const userErrors = toUserErrors(requireObject(op, data, "tagsAdd", "tagsAdd").userErrors);
      if (userErrors.length) throw new AdminUserError(op, userErrors);
    },

    async removeTags(id: string, tags: readonly string[]): Promise<void> {
      const op = "BackordersRemoveTags";
      const data = await request(REMOVE_TAGS_MUTATION, { id, tags });
      const userErrors = toUserErrors(requireObject(op, data, "tagsRemove", "tagsRemove").userErrors);
      if (userErrors.length) throw new AdminUserError(op, userErrors);
    },

    /** Writes the order note and/or one order metafield in one orderUpdate. */
    async updateOrderNote(input: { orderId: string; note?: string; metafield?: { namespace: string; key: string; type: string; value: string } }): Promise<void> {
      const op = "BackordersUpdateOrderEtaNote";
      const data = await request(UPDATE_ORDER_ETA_NOTE_MUTATION, {
        input: {
          id: input.orderId,
          ...(input.note !== undefined ? { note: input.note } : {}),
          ...(input.metafield ? { metafields: [input.metafield] } : {}),
        },
      });
      const userErrors = toUserErrors(requireObject(op, data, "orderUpdate", "orderUpdate").userErrors);
      if (userErrors.length) throw new AdminUserError(op, userErrors);
    },

    /** Moves the given fulfillment order line item quantities into a new fulfillment order (same location). */
    async splitFulfillmentOrder(fulfillmentOrderId: string, lineItems: ReadonlyArray<{ id: string; quantity: number }>): Promise<void> {
      const op = "BackordersSplitFulfillmentOrder";
      const data = await request(SPLIT_FULFILLMENT_ORDER_MUTATION, {
        splits: [{ fulfillmentOrderId, fulfillmentOrderLineItems: lineItems.map((i) => ({ id: i.id, quantity: i.quantity })) }],
      });
      const payload = requireObject(op, data, "fulfillmentOrderSplit", "fulfillmentOrderSplit");
      const userErrors = toUserErrors(payload.userErrors);
      if (userErrors.length) throw new AdminUserError(op, userErrors);
    },

    async holdFulfillmentOrder(fulfillmentOrderId: string, hold: { reason: string; reasonNotes: string; handle: string }): Promise<void> {
      const op = "BackordersHoldFulfillmentOrder";
      const data = await request(HOLD_FULFILLMENT_ORDER_MUTATION, {
        id: fulfillmentOrderId,
        hold: { reason: hold.reason, reasonNotes: hold.reasonNotes, handle: hold.handle, notifyMerchant: false },
      });
      const userErrors = toUserErrors(requireObject(op, data, "fulfillmentOrderHold", "fulfillmentOrderHold").userErrors);
      if (userErrors.length) throw new AdminUserError(op, userErrors);
    },

    /** The shop's cart and checkout validations (every page). */
    async listCheckoutValidations(): Promise<CheckoutValidation[]> {
      const op = "BackordersCheckoutValidations";
      const validations: CheckoutValidation[] = [];
      let after: string | null = null;
      for (let page = 0; page < 100; page++) {
        const data = await request(CHECKOUT_VALIDATIONS_QUERY, { after });
        const connection = requireObject(op, data, "validations", "validations");
        const nodes = field(op, connection, "nodes", "validations.nodes");
        if (!Array.isArray(nodes)) throw new AdminMissingDataError(op, "validations.nodes");
        for (const node of nodes) {
          const fn = requireObject(op, node, "shopifyFunction", "validations.nodes.shopifyFunction");
          validations.push({
            id: requireString(op, node, "id", "validations.nodes.id"),
            title: requireString(op, node, "title", "validations.nodes.title"),
            enabled: field(op, node, "enabled", "validations.nodes.enabled") === true,
            blockOnFailure: field(op, node, "blockOnFailure", "validations.nodes.blockOnFailure") === true,
            functionId: requireString(op, fn, "id", "validations.nodes.shopifyFunction.id"),
            functionHandle: requireString(op, fn, "handle", "validations.nodes.shopifyFunction.handle"),
          });
        }
        const pageInfo = requireObject(op, connection, "pageInfo", "validations.pageInfo");
        if (pageInfo.hasNextPage !== true) break;
        after = requireString(op, pageInfo, "endCursor", "validations.pageInfo.endCursor");
      }
      return validations;
    },

    /** Registers a validation of one of the app's functions (by its extension handle); returns its id. */
    async createCheckoutValidation(input: CheckoutValidationCreate): Promise<{ id: string; enabled: boolean }> {
      const op = "BackordersCreateCheckoutValidation";
      const data = await request(CREATE_CHECKOUT_VALIDATION_MUTATION, { validation: { ...input } });
      const payload = requireObject(op, data, "validationCreate", "validationCreate");
      const userErrors = toUserErrors(payload.userErrors);
      if (userErrors.length) throw new AdminUserError(op, userErrors);
      const validation = requireObject(op, payload, "validation", "validationCreate.validation");
      return {
        id: requireString(op, validation, "id", "validationCreate.validation.id"),
        enabled: field(op, validation, "enabled", "validationCreate.validation.enabled") === true,
      };
    },

    /** Deletes a validation; `deleted: false` when Shopify no longer has it (NOT_FOUND): the goal is reached either way. */
    async deleteCheckoutValidation(id: string): Promise<{ deleted: boolean }> {
      const op = "BackordersDeleteCheckoutValidation";
      const data = await request(DELETE_CHECKOUT_VALIDATION_MUTATION, { id });
      const payload = requireObject(op, data, "validationDelete", "validationDelete");
      const userErrors = toUserErrors(payload.userErrors);
      if (userErrors.length && userErrors.every((e) => e.code === "NOT_FOUND")) return { deleted: false };
      if (userErrors.length) throw new AdminUserError(op, userErrors);
      return { deleted: true };
    },

    /** Every inventory transfer's id and status (all pages). */
    async listInventoryTransfers(): Promise<Array<{ id: string; status: string }>> {
      const op = "BackordersInboundTransfers";
      const transfers: Array<{ id: string; status: string }> = [];
      let after: string | null = null;
      for (let page = 0; page < 10_000; page++) {
        const data = await request(INBOUND_TRANSFERS_QUERY, { after });
        const connection = requireObject(op, data, "inventoryTransfers", "inventoryTransfers");
        const nodes = field(op, connection, "nodes", "inventoryTransfers.nodes");
        if (!Array.isArray(nodes)) throw new AdminMissingDataError(op, "inventoryTransfers.nodes");
        for (const node of nodes) {
          transfers.push({ id: requireString(op, node, "id", "inventoryTransfers.nodes.id"), status: requireString(op, node, "status", "inventoryTransfers.nodes.status") });
        }
        const pageInfo = requireObject(op, connection, "pageInfo", "inventoryTransfers.pageInfo");
        if (pageInfo.hasNextPage !== true) break;
        after = requireString(op, pageInfo, "endCursor", "inventoryTransfers.pageInfo.endCursor");
      }
      return transfers;
    },

    /**
     * One transfer with every shipment; the lines of shipments not yet fully received (RECEIVED ones bring nothing
     * more). Null when Shopify has no such transfer (deleted).
     */
    async getInboundTransfer(id: string): Promise<InboundTransfer | null> {
      const op = "BackordersInboundTransfer";
      let transfer: InboundTransfer | null = null;
      let after: string | null = null;
      for (let page = 0; page < 1000; page++) {
        const data = await request(INBOUND_TRANSFER_QUERY, { id, after });
        const node = field(op, data, "inventoryTransfer", "inventoryTransfer");
        if (!isRecord(node)) return null;
        if (!transfer) {
          const destination = field(op, node, "destination", "inventoryTransfer.destination");
          const location = isRecord(destination) ? destination.location : null;
          transfer = {
            id: requireString(op, node, "id", "inventoryTransfer.id"),
            name: requireString(op, node, "name", "inventoryTransfer.name"),
            status: requireString(op, node, "status", "inventoryTransfer.status"),
            destinationLocationId: isRecord(location) && typeof location.id === "string" ? location.id : null,
            shipments: [],
          };
        }
        const connection = requireObject(op, node, "shipments", "inventoryTransfer.shipments");
        const nodes = field(op, connection, "nodes", "inventoryTransfer.shipments.nodes");
        if (!Array.isArray(nodes)) throw new AdminMissingDataError(op, "inventoryTransfer.shipments.nodes");
        for (const shipment of nodes) {
          const tracking = field(op, shipment, "tracking", "inventoryTransfer.shipments.nodes.tracking");
          transfer.shipments.push({
            id: requireString(op, shipment, "id", "inventoryTransfer.shipments.nodes.id"),
            name: requireString(op, shipment, "name", "inventoryTransfer.shipments.nodes.name"),
            status: requireString(op, shipment, "status", "inventoryTransfer.shipments.nodes.status"),
            arrivesAt: isRecord(tracking) ? optionalString(tracking, "arrivesAt") : null,
            lineItems: [],
          });
        }
        const pageInfo = requireObject(op, connection, "pageInfo", "inventoryTransfer.shipments.pageInfo");
        if (pageInfo.hasNextPage !== true) break;
        after = requireString(op, pageInfo, "endCursor", "inventoryTransfer.shipments.pageInfo.endCursor");
      }
      if (!transfer) return null;
      for (const shipment of transfer.shipments) {
        if (shipment.status === "RECEIVED") continue;
        shipment.lineItems = await this.listInboundShipmentLines(shipment.id);
      }
      return transfer;
    },

    /** A shipment's lines (all pages): what each still has to bring. */
    async listInboundShipmentLines(shipmentId: string): Promise<InboundTransfer["shipments"][number]["lineItems"]> {
      const op = "BackordersInboundShipmentLines";
      const lines: InboundTransfer["shipments"][number]["lineItems"] = [];
      let after: string | null = null;
      for (let page = 0; page < 1000; page++) {
        const data = await request(INBOUND_SHIPMENT_LINES_QUERY, { id: shipmentId, after });
        const shipment = field(op, data, "inventoryShipment", "inventoryShipment");
        if (!isRecord(shipment)) return lines;
        const connection = field(op, shipment, "lineItems", "inventoryShipment.lineItems");
        if (!isRecord(connection)) return lines;
        const nodes = field(op, connection, "nodes", "inventoryShipment.lineItems.nodes");
        if (!Array.isArray(nodes)) throw new AdminMissingDataError(op, "inventoryShipment.lineItems.nodes");
        for (const line of nodes) {
          const item = field(op, line, "inventoryItem", "inventoryShipment.lineItems.nodes.inventoryItem");
          if (!isRecord(item)) continue; // the item was deleted: nothing to follow
          const quantity = field(op, line, "unreceivedQuantity", "inventoryShipment.lineItems.nodes.unreceivedQuantity");
          if (typeof quantity !== "number") throw new AdminMissingDataError(op, "inventoryShipment.lineItems.nodes.unreceivedQuantity");
          lines.push({
            id: requireString(op, line, "id", "inventoryShipment.lineItems.nodes.id"),
            inventoryItemId: requireString(op, item, "id", "inventoryShipment.lineItems.nodes.inventoryItem.id"),
            unreceivedQuantity: quantity,
          });
        }
        const pageInfo = requireObject(op, connection, "pageInfo", "inventoryShipment.lineItems.pageInfo");
        if (pageInfo.hasNextPage !== true) break;
        after = requireString(op, pageInfo, "endCursor", "inventoryShipment.lineItems.pageInfo.endCursor");
      }
      return lines;
    },

    async releaseFulfillmentOrderHold(fulfillmentOrderId: string, holdIds: readonly string[]): Promise<void> {
      const op = "BackordersReleaseFulfillmentOrderHold";
      const data = await request(RELEASE_FULFILLMENT_ORDER_HOLD_MUTATION, { id: fulfillmentOrderId, holdIds });
      const userErrors = toUserErrors(requireObject(op, data, "fulfillmentOrderReleaseHold", "fulfillmentOrderReleaseHold").userErrors);
      if (userErrors.length) throw new AdminUserError(op, userErrors);
    },
  };
}

function toBulkStatus(operation: string, value: unknown): BulkOperationStatus {
  if (typeof value === "string" && (BULK_OPERATION_STATUSES as readonly string[]).includes(value)) {
    return value as BulkOperationStatus;
  }
  throw new AdminMissingDataError(operation, "bulkOperation.status");
}

/** One order as the backorder ledger reads it (orders/create classification and reconciliation). */
export type LedgerOrder = {
  id: string;
  name: string;
  email: string | null;
  customerLocale: string | null;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  lineItems: Array<{ id: string; quantity: number; currentQuantity: number; unfulfilledQuantity: number; variantId: string | null }>;
  fulfillmentOrders: Array<{ id: string; status: string; locationId: string | null; lineItems: Array<{ lineItemId: string; totalQuantity: number; remainingQuantity: number }> }>;
};

/** An inventory transfer as the inbound mirror reads it: its shipments, with lines for those not yet received. */
export type InboundTransfer = {
  id: string;
  name: string;
  status: string;
  destinationLocationId: string | null;
  shipments: Array<{
    id: string;
    name: string;
    status: string;
    arrivesAt: string | null;
    /** The variant is found through the catalog mirror (Variant.inventoryItemId). */
    lineItems: Array<{ id: string; inventoryItemId: string; unreceivedQuantity: number }>;
  }>;
};

export type AdminGateway = ReturnType<typeof createAdminGateway>;
