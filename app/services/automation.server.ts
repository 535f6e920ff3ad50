// Automation rules in action. Runs after every inventory_levels/update and products/create|update that changed
// the mirror (the webhook job handlers call onCatalogChanged), and on the hourly reconciliation pass
// (`automation.reconcile` job) that catches missed or late webhooks.
//
// For each variant: the governing rule (matchRule) and the decision (decideAutomation) from the MIRROR's current
// state (the mirror already drops stale events per inventory level / product), the event time and the last applied
// change: appliedAt = VariantBackorder.updatedAt. Rule changes store the triggering event's time there, merchant
// changes the time they were made, so an event older than the change last applied is ignored (ignoredStale)
// instead of undoing it; the reconciliation (eventAt = now, never stale) later applies the true current state, and
// stamps what it changes with the mirror's stock clock for the variant rather than now: the mirror lags Shopify by
// the webhooks still queued, and those must not be taken for stale behind it.
// Variant.shopifyUpdatedAt is deliberately NOT used: Shopify sends a products/update for the same stock change, and
// when it is processed first its (later) updated_at would make the inventory event itself look stale.
// Actions go through applyBackorderChangesWithOptions with actor "rule:<id>" and source "rule" (history shows
// which rule changed what); a merchant-owned (manual/CSV) row keeps its ownership when a rule disables it at cap.
//
// Then the app holds the policy the domain wants (desiredInventoryPolicy) for every configured variant: a variant
// whose cap is reached is switched to DENY, and back to CONTINUE when restocked stock covers the owed units, even
// without a rule (actor "system"). Finally storefront metafields are re-synced for all the variants touched by the
// event (digest-skipped when unchanged); stored states need no step here, the models that write their inputs
// re-derive them. The Shopify gateway is resolved only when
// something must be written, so events for unconfigured variants never need a session.

import { desiredInventoryPolicy } from "#app/domain/backorder-state";
import { groupBy } from "#app/domain/collections";
import { compareLocalDates, todayIn } from "#app/domain/eta";
import { decideAutomation, matchRule, type AutomationDecision } from "#app/domain/automation-rules";
import type { AutomationRule, BackorderChanges, VariantFacts } from "#app/domain/types";
import { listRules, loadProductFacts } from "#app/models/automation-rule.server";
import { loadStockClocks } from "#app/models/catalog-mirror.server";
import { releaseAheadOfStockOut } from "#app/models/predicted-stockout.server";

import { listVariantIdsPage, loadBackorderVariants, type BackorderVariant } from "#app/models/variant-backorder.server";
import {
  applyBackorderChangesWithOptions,
  BackorderChangeValidationError,
  publishVariantMetafields,
  type ApplyBackorderResult,
  type BackorderChangeInput,
  type BackorderChangesGateway,
} from "./backorder-changes.server";
import { getShopSettings, type ShopSettingsView } from "./shop-settings.server";
import { lazyGateway, type GatewaySource } from "./storefront-metafields.server";
import { stateInputOf } from "./variant-states.server";
import { findQueuedJob } from "#app/models/job.server";
import { enqueue } from "../jobs/enqueue.server";
import { AUTOMATION_RECONCILE_JOB, checkJobPayload } from "#app/jobs/job-types";
export { AUTOMATION_RECONCILE_JOB };

export const RECONCILE_INTERVAL_MS = 60 * 60 * 1000;
const RECONCILE_PAGE = 500;

const NO_FACTS: VariantFacts = { vendor: null, productType: null, tags: [], collectionIds: [] };

export type AutomationRunResult = {
  /** Variants a rule turned backorders on for. */
  enabled: string[];
  /** Variants a rule turned backorders off for (restock or cap). */
  disabled: string[];
  /** Variants whose Shopify policy was switched to the one their settings require (actor "system"). */
  enforced: string[];
  /** Events older than the last applied change, ignored. */
  ignoredStale: string[];
  failed: ApplyBackorderResult["failed"];
  /** Every decision that acted, with the domain's reason (for logs). */
  actions: Array<{ variantId: string; ruleId: string; action: "enable" | "disable"; reason: string }>;
};

/** The changes a rule's enable writes: a past default ETA is dropped; missing defaults fall back to the shop's. */
function enableChanges(changes: BackorderChanges, settings: ShopSettingsView, now: Date): BackorderChangeInput {
  const out: BackorderChangeInput = { ...changes };
  const today = todayIn(settings.timeZone, now);
  if (out.etaDate && compareLocalDates(out.etaDate, today) < 0) out.etaDate = null;
  if ((out.etaDate ?? null) === null && (out.leadTimeDays ?? null) === null && settings.defaultLeadTimeDays !== null) {
    out.leadTimeDays = settings.defaultLeadTimeDays;
  }
  if ((out.cap ?? null) === null && settings.defaultCap !== null) out.cap = settings.defaultCap;
  return out;
}

type Group = { rule: AutomationRule; ownership: "take" | "keep"; changes: BackorderChangeInput; action: "enable" | "disable"; changedAt: Date; variantIds: string[] };

/**
 * Runs the rules for these variants after a mirror change (or a reconciliation), then enforces the policy the
 * settings require, re-derives states and syncs storefront metafields. See the file comment.
 */
export async function runAutomationForVariants(input: {
  shop: string;
  variantIds: string[];
  /** When the event happened at Shopify (updated_at); the reconciliation passes `now`. */
  eventAt: Date;
  gateway: GatewaySource<BackorderChangesGateway>;
  now: Date;
  /** availableTotal before the event, per variant (inventory_levels/update), for the decision's reason text. */
  previousTotals?: ReadonlyMap<string, number>;
  /**
   * The reconciliation's stamps: what it changes for a variant is stamped with the mirror's stock clock for it
   * (loadStockClocks), not with eventAt = now, so webhooks still queued behind it are not ignored as stale.
   */
  changedAtOf?: ReadonlyMap<string, Date>;
}): Promise<AutomationRunResult> {
  const { shop, eventAt, now } = input;
  const gateway = lazyGateway(input.gateway);
  const changedAtOf = (variantId: string) => input.changedAtOf?.get(variantId) ?? eventAt;
  const result: AutomationRunResult = { enabled: [], disabled: [], enforced: [], ignoredStale: [], failed: [], actions: [] };
  const variantIds = [...new Set(input.variantIds)];
  if (!variantIds.length) return result;

  const [rules, settings, variants] = await Promise.all([
    listRules(shop).then((all) => all.filter((r) => r.active)),
    getShopSettings(shop),
    loadBackorderVariants(shop, variantIds),
  ]);

  // 1. Rules.
  if (rules.length) {
    const facts = await loadProductFacts(shop, variants.map((v) => v.productId));
    const groups = new Map<string, Group>();
    for (const variant of variants) {
      const rule = matchRule(rules, facts.get(variant.productId) ?? NO_FACTS);
      const decision: AutomationDecision = decideAutomation({
        rule,
        previous: {
          available: input.previousTotals?.get(variant.id) ?? variant.availableTotal,
          appliedAt: variant.backorder?.updatedAt ?? null,
        },
        current: { available: variant.availableTotal, eventAt, tracked: variant.tracked },
        backorder: variant.backorder
          ? {
              enabled: variant.backorder.enabled,
              source: variant.backorder.source,
              cap: variant.backorder.cap,
              unitsBackordered: variant.unitsBackordered,
              discontinued: variant.backorder.discontinued,
              aheadOfStockOut: variant.backorder.aheadOfStockOut,
            }
          : null,
      });
      if (decision.ignoredAsStale) result.ignoredStale.push(variant.id);
      if (decision.action === "none" || !rule || !decision.changes) continue;
      const changes = decision.action === "enable" ? enableChanges(decision.changes, settings, now) : { ...decision.changes };
      const ownership = decision.ruleId ? "take" : "keep";
      const changedAt = changedAtOf(variant.id);
      const key = `${rule.id}\n${decision.action}\n${ownership}\n${changedAt.toISOString()}\n${JSON.stringify(changes)}`;
      const group = groups.get(key) ?? { rule, ownership, changes, action: decision.action, changedAt, variantIds: [] };
      group.variantIds.push(variant.id);
      groups.set(key, group);
      result.actions.push({ variantId: variant.id, ruleId: rule.id, action: decision.action, reason: decision.reason });
    }
    for (const group of groups.values()) {
      let applied: ApplyBackorderResult;
      try {
        applied = await applyBackorderChangesWithOptions({
          shop,
          variantIds: group.variantIds,
          changes: group.changes,
          actor: `rule:${group.rule.id}`,
          source: "rule",
          ownership: group.ownership,
          changedAt: group.changedAt,
          gateway,
          now,
          afterEffects: false,
        });
      } catch (error) {
        if (!(error instanceof BackorderChangeValidationError)) throw error;
        applied = { succeeded: [], failed: group.variantIds.map((variantId) => ({ variantId, message: `Rule "${group.rule.name}": ${error.message}` })) };
      }
      (group.action === "enable" ? result.enabled : result.disabled).push(...applied.succeeded);
      result.failed.push(...applied.failed);
    }
  }

  // A variant turned on ahead of a predicted stock-out that has now reached zero is the ordinary rule's from here on
  // (its restock turns it off as usual).
  await releaseAheadOfStockOut(shop, variants.filter((v) => v.backorder?.aheadOfStockOut && v.availableTotal <= 0).map((v) => v.id));

  // 2. Hold the policy the settings require (cap reached → DENY; cap freed by a restock → CONTINUE).
  const failedIds = new Set(result.failed.map((f) => f.variantId));
  const configured = (await loadBackorderVariants(shop, variants.filter((v) => v.backorder).map((v) => v.id)))
    .filter((v): v is BackorderVariant => !failedIds.has(v.id));
  const drifted = configured
    .filter((v) => desiredInventoryPolicy(stateInputOf(v, settings.lowStockThreshold)) !== v.inventoryPolicy)
    .map((v) => v.id);
  for (const variantIds of groupBy(drifted, (id) => changedAtOf(id).getTime())) {
    const enforced = await applyBackorderChangesWithOptions({
      shop,
      variantIds,
      changes: {},
      actor: "system",
      source: "system",
      ownership: "keep",
      changedAt: changedAtOf(variantIds[0]),
      gateway,
      now,
      afterEffects: false,
    });
    result.enforced.push(...enforced.succeeded);
    result.failed.push(...enforced.failed);
  }

  // 3. Storefront metafields for everything this event touched (the writes above re-derived the stored states).
  await publishVariantMetafields({ shop, variantIds: variants.map((v) => v.id), gateway, now });
  return result;
}

/**
 * The webhook hook: after a products/create|update or inventory_levels/update changed the mirror. Makes sure the
 * shop's hourly reconciliation is scheduled, then runs the automation for the affected variants.
 */
export async function onCatalogChanged(input: {
  shop: string;
  variantIds: string[];
  eventAt: Date;
  gateway: GatewaySource<BackorderChangesGateway>;
  now: Date;
  previousTotals?: ReadonlyMap<string, number>;
}): Promise<AutomationRunResult> {
  await scheduleAutomationReconcile(input.shop, input.now);
  return runAutomationForVariants(input);
}

// ---------------------------------------------------------------------------------------------------------
// Reconciliation

export type ReconcileResult = Omit<AutomationRunResult, "actions"> & { variants: number };

/** Runs the automation over every variant of the shop (pages of 500), with eventAt = now. */
export async function reconcileAutomation(input: {
  shop: string;
  gateway: GatewaySource<BackorderChangesGateway>;
  now: Date;
}): Promise<ReconcileResult> {
  const gateway = lazyGateway(input.gateway);
  const total: ReconcileResult = { variants: 0, enabled: [], disabled: [], enforced: [], ignoredStale: [], failed: [] };
  let after: string | null = null;
  for (;;) {
    const ids = await listVariantIdsPage(input.shop, { after, take: RECONCILE_PAGE });
    if (!ids.length) break;
    const changedAtOf = await loadStockClocks(input.shop, ids);
    const page = await runAutomationForVariants({ shop: input.shop, variantIds: ids, eventAt: input.now, changedAtOf, gateway, now: input.now });
    total.variants += ids.length;
    total.enabled.push(...page.enabled);
    total.disabled.push(...page.disabled);
    total.enforced.push(...page.enforced);
    total.ignoredStale.push(...page.ignoredStale);
    total.failed.push(...page.failed);
    after = ids[ids.length - 1];
    if (ids.length < RECONCILE_PAGE) break;
  }
  return total;
}

/** Start of the hour after `now` (UTC). */
export function nextReconcileAt(now: Date): Date {
  return new Date((Math.floor(now.getTime() / RECONCILE_INTERVAL_MS) + 1) * RECONCILE_INTERVAL_MS);
}

/** One key per shop and hour: re-enqueueing the same hour is a no-op. */
export function reconcileJobKey(runAt: Date): string {
  return `automation-reconcile:${runAt.toISOString().slice(0, 13)}`;
}

/**
 * Makes sure the shop's reconciliation is scheduled. Periodic (default): the job of the next hour (idempotency key
 * per hour; each run also schedules the next one, so the chain keeps itself going). `immediate`: a run now as well
 * (after a rule changed or the catalog was imported), coalesced with one already queued.
 */
export async function scheduleAutomationReconcile(shop: string, now: Date, options: { immediate?: boolean } = {}): Promise<void> {
  const runAt = nextReconcileAt(now);
  await enqueue({ shop, type: AUTOMATION_RECONCILE_JOB, idempotencyKey: reconcileJobKey(runAt), runAt, payload: {} });
  if (options.immediate) {
    const queued = await findQueuedJob(shop, AUTOMATION_RECONCILE_JOB);
    if (queued) {
      const stored = checkJobPayload(AUTOMATION_RECONCILE_JOB, queued.payload);
      if (stored.ok && stored.payload.immediate) return;
    }
    await enqueue({ shop, type: AUTOMATION_RECONCILE_JOB, runAt: now, payload: { immediate: true } });
  }
}
