// Changing the backorder settings of variants (row and bulk actions, automation rules, CSV import):
//
//   validate (BackorderChangeValidationError, before any write)
//   → load the mirror rows (unknown ids → failed "Variant not found")
//   → merge the changes into each variant's settings and let the domain decide the inventory policy Shopify must
//     hold (desiredInventoryPolicy: backorders on, not discontinued, under the cap → CONTINUE; otherwise DENY)
//   → SHOPIFY FIRST: one productVariantsBulkUpdate per product (only the variants whose policy must change),
//     a few products in flight at once; a variant Shopify rejects is reported in `failed` with Shopify's message
//     and is not changed locally
//   → then the mirror, one transaction per chunk: VariantBackorder upsert, Variant.inventoryPolicy, one
//     BackorderChange row per changed variant ({ field: [before, after] }, actor, source), the delay scans a
//     changed ETA calls for (delayScansFor) and the re-derived stored states (the model does that)
//   → push the storefront metafields of the variants that succeeded (a failed push is queued as a
//     `storefront.metafields.sync` job; the policy change itself already happened).
// The result lists every variant as succeeded or failed: never a silent partial success.
//
// Above BULK_CHANGE_THRESHOLD variants, routes call enqueueBackorderChanges() instead: a `backorder.apply` job runs
// the same function in chunks and records its progress in the job row; the UI polls getBackorderChangesProgress().
//
// Row defaults: a variant configured for the first time starts from Shopify's current state (enabled = policy is
// CONTINUE), and when the change enables it, the shop's default lead time (if neither an ETA nor a lead time is given)
// and default cap (if no cap is given) are filled in. An explicit `null` always means "clear".

import {
  BULK_MUTATION_THRESHOLD,
  readBulkPolicyMutationResult,
  startBulkPolicyMutation,
  type BulkPolicyGateway,
  type BulkPolicyUpdate,
} from "./bulk-policy-mutation.server";
import { LEAD_TIME_MAX_DAYS, MESSAGE_MAX_LENGTH } from "#app/domain/backorder-csv";
import { desiredInventoryPolicy } from "#app/domain/backorder-state";
import { compareLocalDates, isValidLocalDate, todayIn } from "#app/domain/eta";
import type { BackorderChangeInput, BackorderSource, InventoryPolicy } from "#app/domain/types";

import {
  DEFAULT_BACKORDER_SETTINGS,
  loadBackorderVariants,
  writeBackorderChanges,
  type BackorderSettingsValues,
  type DelayScanRequest,
  type EtaSource,
  type BackorderVariant,
  type BackorderWrite,
  type ChangeSource,
  type FieldChanges,
} from "#app/models/variant-backorder.server";
import type { AdminGateway } from "#app/shopify/admin-gateway.server";
import { getShopSettings, type ShopSettingsView } from "./shop-settings.server";
import {
  lazyGateway,
  mapWithConcurrency,
  publishStorefrontMetafields,
  type GatewaySource,
} from "./storefront-metafields.server";
import { stateInputOf } from "./variant-states.server";
import { findJobForShop, saveJobPayload } from "#app/models/job.server";
import { enqueue } from "../jobs/enqueue.server";
import { BACKORDER_APPLY_JOB, checkJobPayload, type BackorderApplyJobPayload } from "#app/jobs/job-types";
export { BACKORDER_APPLY_JOB };

export type { BackorderChangeInput };

export type ApplyBackorderResult = { succeeded: string[]; failed: Array<{ variantId: string; message: string }> };

export type BackorderChangeIssue = { field: string; message: string };

export class BackorderChangeValidationError extends Error {
  readonly issues: BackorderChangeIssue[];
  constructor(issues: BackorderChangeIssue[]) {
    super(`Invalid backorder change: ${issues.map((i) => `${i.field}: ${i.message}`).join("; ")}`);
    this.name = "BackorderChangeValidationError";
    this.issues = issues;
  }
}

/** What the change needs from Shopify (a full AdminGateway fits). */
export type BackorderChangesGateway = Pick<AdminGateway, "setVariantsInventoryPolicy" | "setMetafields" | "deleteMetafields">;

/** Above this many variants, run the change in the background (enqueueBackorderChanges). */
export const BULK_CHANGE_THRESHOLD = 250;
export const INTERNAL_NOTE_MAX_LENGTH = 2000;
/** Products updated in Shopify at once. */
const PRODUCT_CONCURRENCY = 4;
/** Variants per mirror transaction. */
const WRITE_CHUNK = 200;
/** Variants per run of a `backorder.apply` job. */
const JOB_CHUNK = 250;
/**
 * Once one bulk mutation has set the policies, a run only writes the mirror and the storefront metafields, so runs
 * grow to a twentieth of the change (at most this many): fewer rewrites of the job's large progress payload.
 */
const JOB_CHUNK_AFTER_BULK_MAX = 2_500;
/** Failures kept in a job's progress (the count is always exact). */
const JOB_FAILURES_KEPT = 1000;

const isWhole = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value);

/** Field-level validation of a change, in the shop's time zone ("today" for ETAs). Pure. */
export function validateBackorderChanges(changes: BackorderChangeInput, context: { now: Date; timeZone: string }): BackorderChangeIssue[] {
  const issues: BackorderChangeIssue[] = [];
  if (!changes || typeof changes !== "object") return [{ field: "changes", message: "No changes given." }];
  for (const key of ["enabled", "discontinued"] as const) {
    if (changes[key] !== undefined && typeof changes[key] !== "boolean") issues.push({ field: key, message: "Must be true or false." });
  }
  if (changes.etaDate !== undefined && changes.etaDate !== null) {
    if (!isValidLocalDate(changes.etaDate)) {
      issues.push({ field: "etaDate", message: "ETA must be a real date as YYYY-MM-DD." });
    } else {
      const today = todayIn(context.timeZone, context.now);
      if (compareLocalDates(changes.etaDate, today) < 0) {
        issues.push({ field: "etaDate", message: `ETA ${changes.etaDate} is in the past (today is ${today} in ${context.timeZone}).` });
      }
    }
  }
  if (changes.leadTimeDays !== undefined && changes.leadTimeDays !== null) {
    const days = changes.leadTimeDays;
    if (!isWhole(days) || days < 0 || days > LEAD_TIME_MAX_DAYS) {
      issues.push({ field: "leadTimeDays", message: `Lead time must be a whole number of days from 0 to ${LEAD_TIME_MAX_DAYS}.` });
    }
  }
  if (changes.cap !== undefined && changes.cap !== null) {
    if (!isWhole(changes.cap)) issues.push({ field: "cap", message: "Cap must be a whole number." });
    else if (changes.cap < 0) issues.push({ field: "cap", message: "Cap can't be negative." });
  }
  if (changes.message !== undefined && changes.message !== null) {
    if (typeof changes.message !== "string") issues.push({ field: "message", message: "Message must be text." });
    else if (changes.message.trim().length > MESSAGE_MAX_LENGTH) {
      issues.push({ field: "message", message: `Message must be at most ${MESSAGE_MAX_LENGTH} characters (it has ${changes.message.trim().length}).` });
    }
  }
  if (changes.internalNote !== undefined && changes.internalNote !== null) {
    if (typeof changes.internalNote !== "string") issues.push({ field: "internalNote", message: "Note must be text." });
    else if (changes.internalNote.trim().length > INTERNAL_NOTE_MAX_LENGTH) {
      issues.push({ field: "internalNote", message: `Note must be at most ${INTERNAL_NOTE_MAX_LENGTH} characters.` });
    }
  }
  return issues;
}

const SETTINGS_FIELDS = ["enabled", "etaDate", "leadTimeDays", "cap", "message", "internalNote", "discontinued"] as const;

const blankToNull = (value: string | null | undefined): string | null | undefined =>
  value === undefined ? undefined : value === null || !value.trim() ? null : value.trim();

function normalize(changes: BackorderChangeInput): BackorderChangeInput {
  const out: BackorderChangeInput = {};
  for (const key of SETTINGS_FIELDS) if (changes[key] !== undefined) (out as Record<string, unknown>)[key] = changes[key];
  if (out.message !== undefined) out.message = blankToNull(out.message);
  if (out.internalNote !== undefined) out.internalNote = blankToNull(out.internalNote);
  return out;
}

function settingsOf(variant: BackorderVariant): BackorderSettingsValues | null {
  const b = variant.backorder;
  if (!b) return null;
  return {
    enabled: b.enabled,
    etaDate: b.etaDate,
    leadTimeDays: b.leadTimeDays,
    cap: b.cap,
    message: b.message,
    internalNote: b.internalNote,
    discontinued: b.discontinued,
  };
}

function merge(
  variant: BackorderVariant,
  changes: BackorderChangeInput,
  settings: ShopSettingsView,
): { before: BackorderSettingsValues; next: BackorderSettingsValues; isNew: boolean } {
  const current = settingsOf(variant);
  const before = current ?? { ...DEFAULT_BACKORDER_SETTINGS, enabled: variant.inventoryPolicy === "CONTINUE" && variant.tracked };
  const next: BackorderSettingsValues = { ...before, ...(changes as Partial<BackorderSettingsValues>) };
  if (!current && changes.enabled === true) {
    if (next.etaDate === null && next.leadTimeDays === null && changes.etaDate === undefined && changes.leadTimeDays === undefined) {
      next.leadTimeDays = settings.defaultLeadTimeDays;
    }
    if (next.cap === null && changes.cap === undefined) next.cap = settings.defaultCap;
  }
  return { before, next, isNew: !current };
}

function diff(before: BackorderSettingsValues, next: BackorderSettingsValues): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of SETTINGS_FIELDS) if (before[key] !== next[key]) changes[key] = [before[key], next[key]];
  return changes;
}

type Planned = {
  variant: BackorderVariant;
  write: BackorderWrite;
  /** Policy Shopify must be switched to, when different from the mirror's. */
  policyChange: InventoryPolicy | null;
};

export type ApplyOptions = {
  shop: string;
  variantIds: string[];
  changes: BackorderChangeInput;
  actor: string;
  source: ChangeSource;
  gateway: GatewaySource<BackorderChangesGateway>;
  now: Date;
  /**
   * "take" (default): written rows become owned by `source` (ruleId from a "rule:<id>" actor). "keep": existing
   * rows keep their source/ruleId (automation acting on a merchant-owned row, system policy enforcement).
   */
  ownership?: "take" | "keep";
  /** Stored as VariantBackorder.updatedAt (automation passes the triggering event's time). Default `now`. */
  changedAt?: Date;
  /** Re-derive states and push storefront metafields afterwards (default true). */
  afterEffects?: boolean;
  /** Policies a bulk mutation already wrote to Shopify for these variants: no per-product call for them. */
  policiesAlreadySet?: ReadonlyMap<string, InventoryPolicy>;
  /**
   * "inbound": the ETA comes from an inbound shipment (app/services/inbound-eta.server.ts). A variant whose ETA the
   * merchant entered is then reported as failed and left alone. Default: any ETA written is the merchant's.
   */
  etaSource?: EtaSource;
  /** Sets or clears VariantBackorder.aheadOfStockOut on the rows written (predicted stock-out automation). */
  aheadOfStockOut?: boolean;
};

function ruleIdOf(actor: string): string | null {
  return actor.startsWith("rule:") ? actor.slice("rule:".length) || null : null;
}

/**
 * `applyBackorderChanges` with the options automation needs (ownership, event time, deferred after-effects, the
 * "system" source for policy enforcement) and a lazily resolved gateway.
 */
export async function applyBackorderChangesWithOptions(options: ApplyOptions): Promise<ApplyBackorderResult> {
  const { shop, now } = options;
  const { planned, failed } = await planBackorderChanges(options);
  const gateway = lazyGateway(options.gateway);
  const alreadySet = options.policiesAlreadySet;
  return applyPlanned({ options, planned, failed, gateway, alreadySet, shop, now });
}

/** Validation and the per-variant plan (new settings, history, the policy Shopify must get); writes nothing. */
async function planBackorderChanges(options: Omit<ApplyOptions, "gateway">): Promise<{ planned: Planned[]; failed: ApplyBackorderResult["failed"] }> {
  const { shop, actor, source, now } = options;
  const settings = await getShopSettings(shop);
  const issues = validateBackorderChanges(options.changes, { now, timeZone: settings.timeZone });
  if (issues.length) throw new BackorderChangeValidationError(issues);
  const changes = normalize(options.changes);
  const touchesSettings = Object.keys(changes).length > 0;
  const ownership = options.ownership ?? (source === "system" ? "keep" : "take");
  const changedAt = options.changedAt ?? now;

  const requested = [...new Set(options.variantIds)];
  const variants = await loadBackorderVariants(shop, requested);
  const byId = new Map(variants.map((v) => [v.id, v]));
  const failed: ApplyBackorderResult["failed"] = [];
  const planned: Planned[] = [];
  for (const variantId of requested) {
    const variant = byId.get(variantId);
    if (!variant) {
      failed.push({ variantId, message: "Variant not found" });
      continue;
    }
    if (options.etaSource === "inbound" && variant.backorder?.etaDate && variant.backorder.etaSource !== "inbound") {
      failed.push({ variantId, message: "The ETA was entered by the merchant: an inbound shipment does not override it." });
      continue;
    }
    const current = settingsOf(variant);
    let next: BackorderSettingsValues | null = current;
    let settingsChanges: FieldChanges = {};
    let writeRow = false;
    if (touchesSettings) {
      const merged = merge(variant, changes, settings);
      next = merged.next;
      settingsChanges = diff(merged.before, merged.next);
      writeRow = merged.isNew || Object.keys(settingsChanges).length > 0;
    }
    const desired = next
      ? desiredInventoryPolicy(stateInputOf({ ...variant, backorder: { ...(variant.backorder ?? defaultsRow(changedAt)), ...next } }, settings.lowStockThreshold))
      : variant.inventoryPolicy;
    const policyChange = desired !== variant.inventoryPolicy ? desired : null;
    const historyChanges: FieldChanges = { ...settingsChanges };
    if (policyChange) historyChanges.inventoryPolicy = [variant.inventoryPolicy, policyChange];
    const keep = ownership === "keep" && variant.backorder;
    planned.push({
      variant,
      policyChange,
      write: {
        variantId,
        settings: writeRow ? next : null,
        source: keep ? variant.backorder!.source : source === "system" ? (variant.backorder?.source ?? "manual") : (source as BackorderSource),
        // A merchant's ETA (also by rule or CSV) takes the date back from an inbound shipment.
        etaSource: "etaDate" in settingsChanges ? (options.etaSource ?? "manual") : undefined,
        ruleId: keep ? variant.backorder!.ruleId : source === "rule" ? ruleIdOf(actor) : null,
        aheadOfStockOut: options.aheadOfStockOut,
        updatedBy: actor,
        updatedAt: changedAt,
        inventoryPolicy: policyChange,
        history: Object.keys(historyChanges).length ? { actor, source, changes: historyChanges } : null,
      },
    });
  }

  return { planned, failed };
}

/** The inventory-policy writes a change needs (what a bulk mutation sends for very large selections). */
export async function planInventoryPolicyUpdates(
  options: Omit<ApplyOptions, "gateway">,
): Promise<Array<{ productId: string; variantId: string; policy: InventoryPolicy }>> {
  const { planned } = await planBackorderChanges(options);
  return planned.flatMap((p) => (p.policyChange ? [{ productId: p.variant.productId, variantId: p.variant.id, policy: p.policyChange }] : []));
}

async function applyPlanned(input: {
  options: ApplyOptions;
  planned: Planned[];
  failed: ApplyBackorderResult["failed"];
  gateway: () => Promise<BackorderChangesGateway>;
  alreadySet: ReadonlyMap<string, InventoryPolicy> | undefined;
  shop: string;
  now: Date;
}): Promise<ApplyBackorderResult> {
  const { options, planned, failed, gateway, alreadySet, shop, now } = input;
  // Shopify first: one productVariantsBulkUpdate per product, only for variants whose policy changes (and that a
  // bulk mutation has not already switched to exactly that policy).
  const rejected = new Map<string, string>();
  const byProduct = new Map<string, Planned[]>();
  for (const p of planned) {
    if (!p.policyChange || alreadySet?.get(p.variant.id) === p.policyChange) continue;
    const list = byProduct.get(p.variant.productId) ?? [];
    list.push(p);
    byProduct.set(p.variant.productId, list);
  }
  if (byProduct.size) {
    const api = await gateway();
    await mapWithConcurrency([...byProduct], PRODUCT_CONCURRENCY, async ([productId, items]) => {
      try {
        const result = await api.setVariantsInventoryPolicy(
          productId,
          items.map((p) => ({ variantId: p.variant.id, policy: p.policyChange! })),
        );
        for (const f of result.failed) {
          if (f.variantId && !rejected.has(f.variantId)) rejected.set(f.variantId, f.message);
        }
        const updated = new Set(result.updated.map((u) => u.variantId));
        for (const p of items) {
          if (!updated.has(p.variant.id) && !rejected.has(p.variant.id)) rejected.set(p.variant.id, "Shopify did not confirm the update");
        }
      } catch (error) {
        if (error instanceof Response) throw error; // re-authentication flow of shopify-app-remix
        const message = error instanceof Error ? error.message : String(error);
        for (const p of items) rejected.set(p.variant.id, message);
      }
    });
  }

  const accepted = planned.filter((p) => !rejected.has(p.variant.id));
  for (let i = 0; i < accepted.length; i += WRITE_CHUNK) {
    const writes = accepted.slice(i, i + WRITE_CHUNK).map((p) => p.write);
    await writeBackorderChanges(shop, writes, now, delayScansFor(writes));
  }
  const succeeded = accepted.map((p) => p.variant.id);
  for (const p of planned) {
    const message = rejected.get(p.variant.id);
    if (message !== undefined) failed.push({ variantId: p.variant.id, message });
  }

  if (options.afterEffects !== false && succeeded.length) {
    await publishVariantMetafields({ shop, variantIds: succeeded, gateway, now });
  }
  return { succeeded, failed };
}

/** Above this many variants with a changed ETA in one write, one shop-wide delay scan replaces the per-variant ones. */
const SHOP_WIDE_DELAY_SCAN_ABOVE = 20;

/** A changed ETA or lead time may delay owed order lines (app/services/delay-notices.server.ts). */
function delayScansFor(writes: readonly BackorderWrite[]): DelayScanRequest {
  const variantIds = writes
    .filter((w) => w.history && ("etaDate" in w.history.changes || "leadTimeDays" in w.history.changes))
    .map((w) => w.variantId);
  return variantIds.length > SHOP_WIDE_DELAY_SCAN_ABOVE ? { shopWide: true } : { variantIds };
}

function defaultsRow(updatedAt: Date) {
  return { ...DEFAULT_BACKORDER_SETTINGS, businessDays: true, source: "manual" as const, ruleId: null, updatedBy: null, updatedAt };
}

/**
 * Pushes the variants' storefront metafields (their stored states are already fresh: the models that write a state
 * input re-derive it); a failed push is queued for a retry in the background.
 */
export async function publishVariantMetafields(input: {
  shop: string;
  variantIds: string[];
  gateway: GatewaySource<Pick<AdminGateway, "setMetafields" | "deleteMetafields">>;
  now: Date;
}): Promise<void> {
  await publishStorefrontMetafields(input);
}

export type ApplyBackorderChangesInput = {
  shop: string;
  variantIds: string[];
  changes: BackorderChangeInput;
  /** Staff email, "rule:<id>" or "csv:<importId>". */
  actor: string;
  source: "manual" | "rule" | "csv";
  gateway: BackorderChangesGateway;
  now: Date;
};

/**
 * Applies a backorder change to variants: Shopify first (inventory policy), then the mirror, history and
 * storefront metafields. Throws BackorderChangeValidationError before any write; reports every variant as
 * succeeded or failed (with Shopify's message).
 */
export async function applyBackorderChanges(input: ApplyBackorderChangesInput): Promise<ApplyBackorderResult> {
  return applyBackorderChangesWithOptions(input);
}

// ---------------------------------------------------------------------------------------------------------
// Background bulk changes (`backorder.apply` jobs)

type ApplyJobPayload = BackorderApplyJobPayload;

export type BackorderChangesProgress = {
  jobId: string;
  /** queued → running → completed | failed (failed = the job itself gave up; per-variant failures are in `failed`). */
  status: "queued" | "running" | "completed" | "failed";
  total: number;
  processed: number;
  succeeded: number;
  failedCount: number;
  /** The first 1000 per-variant failures. */
  failed: Array<{ variantId: string; message: string }>;
  error: string | null;
  createdAt: Date;
  finishedAt: Date | null;
};

/**
 * Validates (throws BackorderChangeValidationError, nothing queued) and queues a `backorder.apply` job that applies
 * the change in chunks of 250 variants. The UI polls getBackorderChangesProgress(shop, jobId).
 */
export async function enqueueBackorderChanges(input: {
  shop: string;
  variantIds: string[];
  changes: BackorderChangeInput;
  actor: string;
  source: "manual" | "rule" | "csv";
  now: Date;
}): Promise<{ jobId: string; total: number }> {
  const settings = await getShopSettings(input.shop);
  const issues = validateBackorderChanges(input.changes, { now: input.now, timeZone: settings.timeZone });
  if (issues.length) throw new BackorderChangeValidationError(issues);
  const variantIds = [...new Set(input.variantIds)];
  const payload: ApplyJobPayload = {
    variantIds,
    changes: normalize(input.changes),
    actor: input.actor,
    source: input.source,
    total: variantIds.length,
    processed: 0,
    succeeded: 0,
    failedCount: 0,
    failed: [],
    error: null,
  };
  const job = await enqueue({ shop: input.shop, type: BACKORDER_APPLY_JOB, payload, runAt: input.now });
  return { jobId: job.id, total: variantIds.length };
}

/** One run of a `backorder.apply` job: the next chunk, progress saved on the job row. Returns whether all is done. */
export async function runBackorderChangesJobStep(input: {
  shop: string;
  jobId: string;
  payload: ApplyJobPayload;
  gateway: GatewaySource<BackorderChangesGateway & BulkPolicyGateway>;
  now: Date;
}): Promise<{ done: boolean; retryInMs?: number }> {
  const state = input.payload;
  const progress: ApplyJobPayload = { ...state, failed: [...(state.failed ?? [])] };
  if (state.total > BULK_MUTATION_THRESHOLD && state.bulk?.phase !== "done") {
    progress.bulk = await advanceBulkPolicyPhase(input, state);
    await saveJobPayload(input.shop, input.jobId, progress);
    if (progress.bulk.phase === "running") return { done: false, retryInMs: BULK_POLL_MS };
    return { done: false };
  }
  const alreadySet = state.bulk?.phase === "done" ? new Map(Object.entries(state.bulk.applied)) : undefined;
  const chunk = alreadySet ? Math.min(JOB_CHUNK_AFTER_BULK_MAX, Math.max(JOB_CHUNK, Math.ceil(state.total / 20))) : JOB_CHUNK;
  const ids = state.variantIds.slice(state.processed, state.processed + chunk);
  const addFailures = (failures: Array<{ variantId: string; message: string }>) => {
    progress.failedCount += failures.length;
    progress.failed.push(...failures.slice(0, Math.max(0, JOB_FAILURES_KEPT - progress.failed.length)));
  };
  if (ids.length) {
    try {
      const result = await applyBackorderChangesWithOptions({
        shop: input.shop,
        variantIds: ids,
        changes: state.changes,
        actor: state.actor,
        source: state.source,
        gateway: input.gateway,
        now: input.now,
        policiesAlreadySet: alreadySet,
      });
      progress.succeeded += result.succeeded.length;
      addFailures(result.failed);
      progress.processed += ids.length;
    } catch (error) {
      if (!(error instanceof BackorderChangeValidationError)) throw error; // retried by the worker
      // E.g. the ETA became "in the past" while queued: nothing more can succeed.
      const rest = state.variantIds.slice(state.processed);
      progress.error = error.message;
      addFailures(rest.map((variantId) => ({ variantId, message: error.issues.map((i) => i.message).join(" ") })));
      progress.processed = state.total;
    }
  }
  await saveJobPayload(input.shop, input.jobId, progress);
  return { done: progress.processed >= progress.total };
}

const BULK_POLL_MS = 3_000;

/**
 * The bulk-mutation phase of a very large change: plan the policy writes, start one bulk mutation, then poll it.
 * Variants it could not switch are simply not marked as applied: the chunked runs retry them per product, so a
 * real rejection still reaches the merchant with Shopify's message. A failed operation falls back the same way.
 */
async function advanceBulkPolicyPhase(
  input: { shop: string; gateway: GatewaySource<BackorderChangesGateway & BulkPolicyGateway>; now: Date },
  state: ApplyJobPayload,
): Promise<NonNullable<ApplyJobPayload["bulk"]>> {
  const gateway = await lazyGateway(input.gateway)();
  if (state.bulk?.phase === "running") {
    const result = await readBulkPolicyMutationResult({ gateway, bulkOperationId: state.bulk.operationId, updates: state.bulk.updates });
    if (result.status === "pending") return state.bulk;
    const succeeded = new Set(result.status === "completed" ? result.succeeded : []);
    const applied = Object.fromEntries(state.bulk.updates.filter((u) => succeeded.has(u.variantId)).map((u) => [u.variantId, u.policy]));
    return { phase: "done", applied };
  }
  const updates = await planInventoryPolicyUpdates({
    shop: input.shop,
    variantIds: state.variantIds,
    changes: state.changes,
    actor: state.actor,
    source: state.source,
    now: input.now,
  });
  if (!updates.length) return { phase: "done", applied: {} };
  const { bulkOperationId } = await startBulkPolicyMutation({ shop: input.shop, now: input.now, gateway, updates });
  return { phase: "running", operationId: bulkOperationId, updates };
}

/** Progress of a background bulk change, for the UI to poll (null when the job is unknown for this shop). */
export async function getBackorderChangesProgress(shop: string, jobId: string): Promise<BackorderChangesProgress | null> {
  const job = await findJobForShop(shop, jobId, BACKORDER_APPLY_JOB);
  if (!job) return null;
  const stored = checkJobPayload(BACKORDER_APPLY_JOB, job.payload);
  const p: Partial<ApplyJobPayload> = stored.ok ? stored.payload : {};
  const processed = p.processed ?? 0;
  const status: BackorderChangesProgress["status"] =
    job.status === "done" ? "completed" : job.status === "dead" || job.status === "failed" ? "failed" : job.status === "running" || processed > 0 ? "running" : "queued";
  return {
    jobId: job.id,
    status,
    total: p.total ?? 0,
    processed,
    succeeded: p.succeeded ?? 0,
    failedCount: p.failedCount ?? 0,
    failed: p.failed ?? [],
    error: p.error ?? (status === "failed" ? job.lastError : null),
    createdAt: job.createdAt,
    finishedAt: job.finishedAt,
  };
}
