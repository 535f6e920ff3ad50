// The catalogue of every background job: its type string, the schema of its payload, and whether it runs while
// the shop is parked. Enqueueing (app/jobs/enqueue.server.ts) and handling (defineJobHandlers) are typed by it,
// and the worker checks each payload against its schema before a handler sees it, so no handler casts a payload.
// Imports nothing but zod and types: the models, services and tests that name a job type can load it for free.
import { z } from "zod";
import type { BackorderChangeInput, InventoryPolicy } from "../domain/types";

export const BACKORDER_APPLY_JOB = "backorder.apply";
export const AUTOMATION_RECONCILE_JOB = "automation.reconcile";
export const STOREFRONT_SYNC_JOB = "storefront.metafields.sync";
export const CATALOG_SYNC_START_JOB = "catalog.sync.start";
export const CATALOG_SYNC_IMPORT_JOB = "catalog.sync.import";
export const CSV_IMPORT_JOB = "csv.import";
export const RESTOCK_BATCH_JOB = "restock.batch";
export const RESTOCK_RECONCILE_JOB = "restock.reconcile";
export const EMAIL_SEND_JOB = "email.send";
export const EXPIRE_PENDING_JOB = "alerts.expire-pending";
export const ORDER_SYNC_ACTIONS_JOB = "order.sync-actions";
export const DELAY_NOTICE_SCAN_JOB = "orders.delay-scan";
export const ORDER_RECONCILE_JOB = "orders.reconcile";
export const CHECKOUT_VALIDATION_SYNC_JOB = "checkout.validation.sync";
export const SALES_HISTORY_BACKFILL_JOB = "sales.history.backfill";
export const INBOUND_SYNC_JOB = "inbound.sync";
export const INBOUND_ETA_JOB = "inbound.eta";
export const FORECAST_RECOMPUTE_JOB = "forecast.recompute";

/** The webhook topics the app subscribes to (shopify.app.toml), in the library's enum form. */
export const WEBHOOK_TOPICS = [
  "APP_UNINSTALLED",
  "APP_SCOPES_UPDATE",
  "PRODUCTS_CREATE",
  "PRODUCTS_UPDATE",
  "PRODUCTS_DELETE",
  "INVENTORY_LEVELS_UPDATE",
  "ORDERS_CREATE",
  "ORDERS_UPDATED",
  "ORDERS_CANCELLED",
  "FULFILLMENTS_CREATE",
  "REFUNDS_CREATE",
  "BULK_OPERATIONS_FINISH",
  "INVENTORY_TRANSFERS_UPDATED",
  "INVENTORY_TRANSFERS_CANCEL",
  "INVENTORY_TRANSFERS_COMPLETE",
  "INVENTORY_SHIPMENTS_CREATE",
  "INVENTORY_SHIPMENTS_DELETE",
  "INVENTORY_SHIPMENTS_ADD_ITEMS",
  "INVENTORY_SHIPMENTS_REMOVE_ITEMS",
  "INVENTORY_SHIPMENTS_UPDATE_ITEM_QUANTITIES",
  "INVENTORY_SHIPMENTS_MARK_IN_TRANSIT",
  "INVENTORY_SHIPMENTS_UPDATE_TRACKING",
  "CUSTOMERS_DATA_REQUEST",
  "CUSTOMERS_REDACT",
  "SHOP_REDACT",
] as const;
export type WebhookTopic = (typeof WEBHOOK_TOPICS)[number];
export type WebhookJobType = `webhook:${WebhookTopic}`;

export const webhookJobType = <T extends string>(topic: T): `webhook:${T}` => `webhook:${topic}`;

export function isWebhookTopic(topic: string): topic is WebhookTopic {
  return (WEBHOOK_TOPICS as readonly string[]).includes(topic);
}

const gid = (kind: string) => z.string().startsWith(`gid://shopify/${kind}/`, { message: `must be a ${kind} GID` });
const count = z.number().int().nonnegative();
const inventoryPolicy = z.enum(["DENY", "CONTINUE"]) satisfies z.ZodType<InventoryPolicy>;
const nothing = z.object({});

/** A webhook job carries the delivery as received: Shopify's JSON body is read field by field by its handler. */
const webhookPayload = z.object({
  webhookId: z.string(),
  triggeredAt: z.string().nullable(),
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Shopify's REST body; each handler reads its fields defensively
  body: z.record(z.string(), z.any()),
});

const bulkPolicyUpdate = z.object({ productId: z.string(), variantId: z.string(), policy: inventoryPolicy });

/** `backorder.apply`: the change, and the progress the job saves on its own row between chunks. */
const backorderApplyPayload = z.object({
  variantIds: z.array(z.string()),
  // Validated and normalised by validateBackorderChanges before it was queued; the job applies it as it is.
  changes: z.custom<BackorderChangeInput>((value) => typeof value === "object" && value !== null && !Array.isArray(value)),
  actor: z.string(),
  source: z.enum(["manual", "rule", "csv"]),
  total: count,
  processed: count,
  succeeded: count,
  failedCount: count,
  failed: z.array(z.object({ variantId: z.string(), message: z.string() })),
  error: z.string().nullable(),
  /**
   * Above BULK_MUTATION_THRESHOLD variants the inventory policies go to Shopify first as one bulk mutation;
   * `applied` holds the policies it confirmed, so the chunked runs only write the app's side for those.
   */
  bulk: z
    .discriminatedUnion("phase", [
      z.object({ phase: z.literal("running"), operationId: z.string(), updates: z.array(bulkPolicyUpdate) }),
      z.object({ phase: z.literal("done"), applied: z.record(z.string(), inventoryPolicy) }),
    ])
    .optional(),
});

const batchProgress = z.object({ target: count, waiting: count, sent: count });

const restockBatchPayload = z.object({
  eventId: z.string(),
  batch: z.number().int().positive(),
  /**
   * The event's notifiedCount when this job was queued: the compare-and-set token of the chunk it sends. Absent on
   * jobs queued before chunking (they use the count read when they run).
   */
  notified: count.optional(),
  /** Set on the jobs of a batch's second and later chunks. */
  progress: batchProgress.optional(),
});

const APP_JOB_PAYLOADS = {
  [BACKORDER_APPLY_JOB]: backorderApplyPayload,
  [AUTOMATION_RECONCILE_JOB]: z.object({ immediate: z.boolean().optional() }),
  /** `variantIds` null = every managed variant. */
  [STOREFRONT_SYNC_JOB]: z.object({ variantIds: z.array(z.string()).nullable() }),
  [CATALOG_SYNC_START_JOB]: nothing,
  [CATALOG_SYNC_IMPORT_JOB]: z.object({ bulkOperationId: z.string() }),
  [CSV_IMPORT_JOB]: z.object({ importId: z.string() }),
  [RESTOCK_BATCH_JOB]: restockBatchPayload,
  [RESTOCK_RECONCILE_JOB]: nothing,
  [EMAIL_SEND_JOB]: z.object({ emailMessageId: z.string() }),
  [EXPIRE_PENDING_JOB]: nothing,
  [ORDER_SYNC_ACTIONS_JOB]: z.object({ orderId: gid("Order") }),
  /** The daily scan (`daily`), or one variant's scan after its ETA moved (`variantId`). */
  [DELAY_NOTICE_SCAN_JOB]: z.object({ daily: z.boolean().optional(), variantId: z.string().optional() }),
  [ORDER_RECONCILE_JOB]: nothing,
  /** Registers or removes the checkout validation to match Settings → "Enforce caps at checkout". */
  [CHECKOUT_VALIDATION_SYNC_JOB]: nothing,
  /** Without `bulkOperationId`: start the export of the last 60 days of orders; with it: import that export once done. */
  [SALES_HISTORY_BACKFILL_JOB]: z.object({ bulkOperationId: z.string().optional() }),
  /** Re-reads every open inventory transfer into the inbound mirror (on install, hourly). */
  [INBOUND_SYNC_JOB]: nothing,
  /** Recomputes inbound-shipment ETAs (Settings → "ETAs follow inbound shipments"); `variantIds` null = every owed variant. */
  [INBOUND_ETA_JOB]: z.object({ variantIds: z.array(z.string()).nullable() }),
  /** Recomputes every variant's forecast and reorder suggestion; `nightly` runs also queue the next night's. */
  [FORECAST_RECOMPUTE_JOB]: z.object({ nightly: z.boolean().optional() }),
} as const;

const WEBHOOK_JOB_PAYLOADS = Object.fromEntries(WEBHOOK_TOPICS.map((topic) => [webhookJobType(topic), webhookPayload])) as {
  [T in WebhookJobType]: typeof webhookPayload;
};

export const JOB_PAYLOAD_SCHEMAS = { ...APP_JOB_PAYLOADS, ...WEBHOOK_JOB_PAYLOADS };

export type JobType = keyof typeof JOB_PAYLOAD_SCHEMAS;
export type JobPayload<T extends JobType> = z.infer<(typeof JOB_PAYLOAD_SCHEMAS)[T]>;
export type WebhookJobPayload = z.infer<typeof webhookPayload>;
export type BackorderApplyJobPayload = JobPayload<typeof BACKORDER_APPLY_JOB>;
export type RestockBatchJobPayload = JobPayload<typeof RESTOCK_BATCH_JOB>;
export type StorefrontSyncJobPayload = JobPayload<typeof STOREFRONT_SYNC_JOB>;
export type BatchProgress = z.infer<typeof batchProgress>;

/**
 * Job types that still run while their shop is parked: they need no Shopify token and must not wait (privacy
 * and uninstall obligations). Everything else of a parked shop — email sends included — waits for the unpark.
 */
export const JOB_TYPES_RUN_WHILE_PARKED: readonly JobType[] = [
  webhookJobType("APP_UNINSTALLED"),
  webhookJobType("SHOP_REDACT"),
  webhookJobType("CUSTOMERS_REDACT"),
  webhookJobType("CUSTOMERS_DATA_REQUEST"),
  webhookJobType("APP_SCOPES_UPDATE"),
];

/**
 * Job types the worker claims before every other due job: they refresh `$app.backorder_sellable`, the figure the
 * checkout validation function compares carts against, so while they wait behind emails and tag syncs checkout
 * lets orders past the cap. Among themselves they still run oldest first (orders/create before its orders/updated).
 */
export const URGENT_JOB_TYPES: readonly JobType[] = [
  webhookJobType("ORDERS_CREATE"),
  webhookJobType("ORDERS_CANCELLED"),
  webhookJobType("ORDERS_UPDATED"),
  webhookJobType("REFUNDS_CREATE"),
  webhookJobType("INVENTORY_LEVELS_UPDATE"),
  STOREFRONT_SYNC_JOB,
];

export function isJobType(type: string): type is JobType {
  return Object.hasOwn(JOB_PAYLOAD_SCHEMAS, type);
}

export type PayloadCheck<T extends JobType> = { ok: true; payload: JobPayload<T> } | { ok: false; message: string };

/** Checks a stored payload against its type's schema; the message names the fields a person would fix. */
export function checkJobPayload<T extends JobType>(type: T, payload: unknown): PayloadCheck<T> {
  const schema: z.ZodType = JOB_PAYLOAD_SCHEMAS[type];
  const result = schema.safeParse(payload ?? {});
  // TypeScript cannot follow a schema looked up by a generic key to its output type; the parse just proved it.
  if (result.success) return { ok: true, payload: result.data as JobPayload<T> };
  const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "payload"}: ${issue.message}`).join("; ");
  return { ok: false, message: `${type} job payload is not valid (${problems})` };
}

/** A job as a caller asks for it: the payload is required unless the type's payload has no required field. */
export type JobRequest<T extends JobType = JobType> = T extends JobType
  ? {
      shop: string;
      type: T;
      idempotencyKey?: string; // one job per (shop, key): re-enqueueing the same key is a no-op
      runAt: Date; // required: "due now" is the caller's now, never this process's wall clock
      maxAttempts?: number;
    } & ({} extends JobPayload<T> ? { payload?: JobPayload<T> } : { payload: JobPayload<T> })
  : never;
