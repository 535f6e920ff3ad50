// Rules in action ahead of a predicted stock-out (the rule option "Turn on ahead of a predicted stock-out when
// stock is inbound"; decision: app/domain/predicted-stockout-automation.ts). Runs after each forecast recompute
// (the forecast.recompute job: nightly and on demand), over the forecasts that predict a stock-out with units
// inbound, plus the variants it turned on earlier (to turn them back off when the prediction went away), in pages.
//
// Writes go through applyBackorderChangesWithOptions, the path the zero-stock automation uses (actor "rule:<id>",
// source "rule"), so history (BackorderChange), the CONTINUE/DENY policy in Shopify, stored states and storefront
// metafields follow as for any rule change; the ETA is written as an inbound ETA (etaSource "inbound": a merchant's
// ETA is never overridden, and automatic inbound ETAs keep following the shipment). Idempotent: decisions read the
// current state, so a second run finds nothing to do.
import { todayIn } from "#app/domain/eta";
import { matchRule } from "#app/domain/automation-rules";
import type { InboundArrival } from "#app/domain/inbound-eta";
import { decidePredictedStockOut, type PredictedStockOutDecision } from "#app/domain/predicted-stockout-automation";
import type { AutomationRule, VariantFacts } from "#app/domain/types";
import { listRules, loadProductFacts } from "#app/models/automation-rule.server";
import { listInboundRows, type InboundRow } from "#app/models/inbound-shipment.server";
import {
  listAheadOfStockOutPage,
  listInboundStockOutForecastsPage,
  loadForecastsOf,
  releaseAheadOfStockOut,
} from "#app/models/predicted-stockout.server";
import { loadBackorderVariants } from "#app/models/variant-backorder.server";
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

const PAGE = 500;
const NO_FACTS: VariantFacts = { vendor: null, productType: null, tags: [], collectionIds: [] };

export type PredictedStockOutRunResult = {
  /** Variants examined. */
  variants: number;
  enabled: string[];
  etaUpdated: string[];
  disabled: string[];
  /** Reached zero: the mark dropped, the ordinary rule owns them. */
  released: string[];
  failed: ApplyBackorderResult["failed"];
  actions: Array<{ variantId: string; action: PredictedStockOutDecision["action"]; reason: string }>;
};

/** One arrival per shipment (its lines of the same item add up), on the shop's local day. */
function arrivalsOf(rows: readonly InboundRow[], timeZone: string): InboundArrival[] {
  const byShipment = new Map<string, InboundArrival>();
  for (const row of rows) {
    const existing = byShipment.get(row.shipmentId);
    if (existing) existing.units += row.unreceivedQuantity;
    else {
      byShipment.set(row.shipmentId, {
        shipmentId: row.shipmentId,
        shipmentName: row.shipmentName,
        units: row.unreceivedQuantity,
        arrivesOn: row.arrivesAt ? todayIn(timeZone, row.arrivesAt) : null,
      });
    }
  }
  return [...byShipment.values()];
}

type Write = { action: "enable" | "update_eta" | "disable"; actor: string; changes: BackorderChangeInput; variantIds: string[] };

async function decidePage(shop: string, variantIds: readonly string[], rules: readonly AutomationRule[], settings: ShopSettingsView, now: Date) {
  const [variants, forecasts] = await Promise.all([loadBackorderVariants(shop, variantIds), loadForecastsOf(shop, variantIds)]);
  const [facts, inbound] = await Promise.all([
    loadProductFacts(shop, variants.map((v) => v.productId)),
    listInboundRows(shop, variants.flatMap((v) => (v.inventoryItemId ? [v.inventoryItemId] : []))),
  ]);
  const rowsOf = new Map<string, InboundRow[]>();
  for (const row of inbound) rowsOf.set(row.inventoryItemId, [...(rowsOf.get(row.inventoryItemId) ?? []), row]);
  const today = todayIn(settings.timeZone, now);
  return variants.map((variant) => {
    const rule = matchRule(rules, facts.get(variant.productId) ?? NO_FACTS);
    const forecast = forecasts.get(variant.id) ?? null;
    const decision = decidePredictedStockOut({
      rule: rule ? { id: rule.id, name: rule.name, enableAheadOfStockOut: rule.enableAheadOfStockOut ?? false, aheadWindowDays: rule.aheadWindowDays ?? null } : null,
      forecast,
      available: variant.availableTotal,
      tracked: variant.tracked,
      backorder: variant.backorder
        ? {
            enabled: variant.backorder.enabled,
            source: variant.backorder.source,
            discontinued: variant.backorder.discontinued,
            aheadOfStockOut: variant.backorder.aheadOfStockOut,
            etaDate: variant.backorder.etaDate,
            etaSource: variant.backorder.etaSource,
          }
        : null,
      arrivals: arrivalsOf(variant.inventoryItemId ? (rowsOf.get(variant.inventoryItemId) ?? []) : [], settings.timeZone),
      today,
      handlingDays: settings.inboundHandlingDays,
      calendar: { weekendDays: settings.weekendDays, holidays: settings.holidays },
    });
    return { variant, rule, decision };
  });
}

/** Applies the decisions of one page of variants (grouped by identical writes). */
async function applyPage(input: {
  shop: string;
  variantIds: readonly string[];
  rules: readonly AutomationRule[];
  settings: ShopSettingsView;
  gateway: GatewaySource<BackorderChangesGateway>;
  now: Date;
  result: PredictedStockOutRunResult;
}): Promise<void> {
  const { shop, settings, now, result } = input;
  const decided = await decidePage(shop, input.variantIds, input.rules, settings, now);
  const writes = new Map<string, Write>();
  const released: string[] = [];
  for (const { variant, rule, decision } of decided) {
    result.variants++;
    if (decision.action === "none") continue;
    result.actions.push({ variantId: variant.id, action: decision.action, reason: decision.reason });
    if (decision.action === "release") {
      released.push(variant.id);
      continue;
    }
    let changes: BackorderChangeInput;
    let actor: string;
    if (decision.action === "enable") {
      const cap = rule?.defaultCap ?? settings.defaultCap;
      changes = { enabled: true, etaDate: decision.etaDate, ...(cap !== null ? { cap } : {}) };
      actor = `rule:${decision.ruleId}`;
    } else if (decision.action === "update_eta") {
      changes = { etaDate: decision.etaDate };
      actor = `rule:${decision.ruleId}`;
    } else {
      // The ETA it set goes with it (an ETA the merchant entered since stays).
      changes = variant.backorder?.etaSource === "inbound" ? { enabled: false, etaDate: null } : { enabled: false };
      actor = `rule:${variant.backorder?.ruleId ?? ""}`;
    }
    const key = `${decision.action}\n${actor}\n${JSON.stringify(changes)}`;
    const write = writes.get(key) ?? { action: decision.action, actor, changes, variantIds: [] };
    write.variantIds.push(variant.id);
    writes.set(key, write);
  }

  const gateway = lazyGateway(input.gateway);
  const touched: string[] = [];
  for (const write of writes.values()) {
    let applied: ApplyBackorderResult;
    try {
      applied = await applyBackorderChangesWithOptions({
        shop,
        variantIds: write.variantIds,
        changes: write.changes,
        actor: write.actor,
        source: "rule",
        ownership: "take",
        etaSource: "etaDate" in write.changes && write.changes.etaDate !== null ? "inbound" : undefined,
        aheadOfStockOut: write.action !== "disable",
        gateway,
        now,
        afterEffects: false,
      });
    } catch (error) {
      if (!(error instanceof BackorderChangeValidationError)) throw error;
      applied = { succeeded: [], failed: write.variantIds.map((variantId) => ({ variantId, message: `Predicted stock-out automation: ${error.message}` })) };
    }
    const bucket = write.action === "enable" ? result.enabled : write.action === "update_eta" ? result.etaUpdated : result.disabled;
    bucket.push(...applied.succeeded);
    result.failed.push(...applied.failed);
    touched.push(...applied.succeeded);
  }
  await releaseAheadOfStockOut(shop, released);
  result.released.push(...released);
  if (touched.length) await publishVariantMetafields({ shop, variantIds: touched, gateway, now });
}

/**
 * Turns backorders on ahead of predicted stock-outs where a rule asks for it and a shipment arriving after the
 * stock-out is on its way; turns back off what it turned on when the prediction went away. See the file comment.
 */
export async function applyPredictedStockOutAutomation(input: {
  shop: string;
  gateway: GatewaySource<BackorderChangesGateway>;
  now: Date;
}): Promise<PredictedStockOutRunResult> {
  const { shop, now } = input;
  const result: PredictedStockOutRunResult = { variants: 0, enabled: [], etaUpdated: [], disabled: [], released: [], failed: [], actions: [] };
  const [rules, settings] = await Promise.all([listRules(shop).then((all) => all.filter((r) => r.active)), getShopSettings(shop)]);
  const gateway = lazyGateway(input.gateway);
  const seen = new Set<string>();

  // 1. What it turned on before (first, so each is decided once even if its forecast is in the next pass too).
  //    Without an option on any rule, only these can need a write (turning off).
  for (let after: string | null = null; ; ) {
    const ids = await listAheadOfStockOutPage(shop, { after, take: PAGE });
    if (!ids.length) break;
    for (const id of ids) seen.add(id);
    await applyPage({ shop, variantIds: ids, rules, settings, gateway, now, result });
    if (ids.length < PAGE) break;
    after = ids[ids.length - 1];
  }

  // 2. Forecasts with a stock-out predicted and units inbound, if any rule has the option on.
  if (rules.some((r) => r.enableAheadOfStockOut)) {
    for (let after: string | null = null; ; ) {
      const page = await listInboundStockOutForecastsPage(shop, { after, take: PAGE });
      if (!page.length) break;
      const ids = page.map((f) => f.variantId).filter((id) => !seen.has(id));
      if (ids.length) await applyPage({ shop, variantIds: ids, rules, settings, gateway, now, result });
      if (page.length < PAGE) break;
      after = page[page.length - 1].variantId;
    }
  }
  return result;
}
