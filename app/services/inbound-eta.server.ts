// ETAs that follow inbound shipments (Settings → "ETAs follow inbound shipments": off / suggest / automatic,
// per shop; plus the handling time in business days). The rule is app/domain/inbound-eta.ts; this module feeds it
// a variant's owed lines, stock and inbound mirror rows, and acts on the result.
//
// Automatic: after the inbound mirror changed (webhook, sync) and after owed lines or stock changed (order and
// inventory webhooks: requestInboundEtaRecompute), the variants' ETAs are recomputed. A variant whose ETA is empty
// or was set by an inbound shipment gets the inbound ETA — through applyBackorderChangesWithOptions, the path of a
// merchant's ETA change, so its history, stored state, storefront metafields and the delay scan (the existing
// delay notices: once per line and date when the ETA moved later) follow as for any ETA change. When no shipment
// covers the owed units any more (cancelled, received short), an inbound-set ETA is cleared (the variant falls back
// to its lead time, or to no date). A fixed ETA the merchant entered (also by rule or CSV) is never overridden; a
// merchant edit of the ETA takes it back (VariantBackorder.etaSource = "manual").
//
// Suggest: nothing is written; the variant page shows the inbound ETA with an Apply button (a merchant change).
import { planInboundEtas, type InboundArrival, type InboundEtaMode, type InboundEtaPlan } from "#app/domain/inbound-eta";
import { todayIn } from "#app/domain/eta";
import { requestRun } from "#app/jobs/enqueue.server";
import { INBOUND_ETA_JOB, INBOUND_SYNC_JOB } from "#app/jobs/job-types";
import {
  listInboundEtaCandidateIds,
  listInboundRows,
  loadInboundEtaVariants,
  type InboundEtaVariant,
  type InboundRow,
} from "#app/models/inbound-shipment.server";
import { isShopInstalled } from "#app/models/shop.server";
import { applyBackorderChangesWithOptions, type BackorderChangesGateway } from "./backorder-changes.server";
import type { GatewaySource } from "#app/shopify/gateway-source";
import { getShopSettings, type ShopSettingsView } from "#app/models/shop-settings.server";

/** The actor of ETA changes made by this module (history: "inbound-shipments", source "system"). */
export const INBOUND_ETA_ACTOR = "inbound-shipments";
const PAGE = 200;

function arrivalsOf(rows: readonly InboundRow[], timeZone: string): InboundArrival[] {
  // One arrival per shipment: its lines of the same item add up.
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

async function plansFor(shop: string, variants: readonly InboundEtaVariant[], settings: ShopSettingsView, now: Date): Promise<Map<string, InboundEtaPlan>> {
  const items = variants.flatMap((v) => (v.inventoryItemId ? [v.inventoryItemId] : []));
  const rows = await listInboundRows(shop, items);
  const rowsOf = new Map<string, InboundRow[]>();
  for (const row of rows) {
    const list = rowsOf.get(row.inventoryItemId) ?? [];
    list.push(row);
    rowsOf.set(row.inventoryItemId, list);
  }
  const today = todayIn(settings.timeZone, now);
  const plans = new Map<string, InboundEtaPlan>();
  for (const v of variants) {
    plans.set(
      v.variantId,
      planInboundEtas({
        lines: v.lines,
        available: v.availableTotal,
        arrivals: arrivalsOf(v.inventoryItemId ? (rowsOf.get(v.inventoryItemId) ?? []) : [], settings.timeZone),
        today,
        handlingDays: settings.inboundHandlingDays,
        calendar: { weekendDays: settings.weekendDays, holidays: settings.holidays },
        orderable: v.orderable,
      }),
    );
  }
  return plans;
}

/** The ETA automatic mode wants for the variant: a date, null (clear), or undefined (leave it alone). */
function targetEta(variant: InboundEtaVariant, plan: InboundEtaPlan, today: string): string | null | undefined {
  const merchantOwned = variant.etaDate !== null && variant.etaSource !== "inbound";
  if (merchantOwned) return undefined;
  if (plan.status === "inbound") {
    if (plan.eta === variant.etaDate) return undefined;
    // A late shipment counts as arriving today, so its ETA would slip a day every day (and shoppers would get a
    // delay email each time): the date already set stands until it passes, then the next one is set once.
    const late = plan.arrival?.arrivesOn !== plan.arrivesOn;
    if (late && variant.etaSource === "inbound" && variant.etaDate !== null && variant.etaDate >= today) return undefined;
    return plan.eta;
  }
  if (plan.status === "uncovered" && variant.etaSource === "inbound" && variant.etaDate !== null) return null;
  return undefined;
}

export type InboundEtaRunResult = {
  skipped: "uninstalled" | "not_automatic" | null;
  variants: number;
  changed: Array<{ variantId: string; etaDate: string | null }>;
  failed: Array<{ variantId: string; message: string }>;
};

/** Automatic mode: recomputes the variants' inbound ETAs (null = every variant with owed lines or an inbound ETA). */
export async function recomputeInboundEtas(input: {
  shop: string;
  variantIds: readonly string[] | null;
  gateway: GatewaySource<BackorderChangesGateway>;
  now: Date;
}): Promise<InboundEtaRunResult> {
  const { shop, now } = input;
  const result: InboundEtaRunResult = { skipped: null, variants: 0, changed: [], failed: [] };
  if (!(await isShopInstalled(shop))) return { ...result, skipped: "uninstalled" };
  const settings = await getShopSettings(shop);
  if (settings.inboundEtaMode !== "automatic") return { ...result, skipped: "not_automatic" };
  const ids = input.variantIds ? [...new Set(input.variantIds)] : await listInboundEtaCandidateIds(shop);
  for (let i = 0; i < ids.length; i += PAGE) {
    const variants = await loadInboundEtaVariants(shop, ids.slice(i, i + PAGE));
    result.variants += variants.length;
    const plans = await plansFor(shop, variants, settings, now);
    const today = todayIn(settings.timeZone, now);
    const byTarget = new Map<string | null, string[]>();
    for (const variant of variants) {
      const target = targetEta(variant, plans.get(variant.variantId)!, today);
      if (target === undefined) continue;
      byTarget.set(target, [...(byTarget.get(target) ?? []), variant.variantId]);
    }
    for (const [etaDate, variantIds] of byTarget) {
      const applied = await applyBackorderChangesWithOptions({
        shop,
        variantIds,
        changes: { etaDate },
        actor: INBOUND_ETA_ACTOR,
        source: "system",
        ownership: "keep",
        etaSource: "inbound",
        gateway: input.gateway,
        now,
      });
      result.changed.push(...applied.succeeded.map((variantId) => ({ variantId, etaDate })));
      result.failed.push(...applied.failed);
    }
  }
  return result;
}

export type InboundEtaSuggestion = {
  mode: InboundEtaMode;
  /** The shipment covering the variant's last owed unit. */
  shipmentName: string;
  arrivesOn: string;
  eta: string;
  /** The variant's ETA now, and whether an inbound shipment set it. */
  currentEta: string | null;
  followsInbound: boolean;
};

/** The variant page's inbound line: what the inbound shipments say about its ETA (null: off, or nothing covers it). */
export async function getInboundEtaSuggestion(shop: string, variantId: string, now: Date): Promise<InboundEtaSuggestion | null> {
  const settings = await getShopSettings(shop);
  if (settings.inboundEtaMode === "off") return null;
  const [variant] = await loadInboundEtaVariants(shop, [variantId]);
  if (!variant) return null;
  const plan = (await plansFor(shop, [variant], settings, now)).get(variantId)!;
  if (plan.status !== "inbound" || !plan.eta || !plan.arrival || !plan.arrivesOn) return null;
  return {
    mode: settings.inboundEtaMode,
    shipmentName: plan.arrival.shipmentName,
    arrivesOn: plan.arrivesOn,
    eta: plan.eta,
    currentEta: variant.etaDate,
    followsInbound: variant.etaSource === "inbound" && variant.etaDate === plan.eta,
  };
}

/**
 * After owed lines or stock changed (order and inventory webhooks): one coalesced recompute of the shop's inbound
 * ETAs, only when the shop has automatic mode on.
 */
export async function requestInboundEtaRecompute(shop: string, now: Date, variantIds: readonly string[] | null = null): Promise<void> {
  const settings = await getShopSettings(shop);
  if (settings.inboundEtaMode !== "automatic") return;
  if (variantIds && !variantIds.length) return;
  await requestRun({ shop, type: INBOUND_ETA_JOB, payload: { variantIds: variantIds ? [...new Set(variantIds)].sort() : null }, runAt: now });
}

/** A full re-read of the shop's inbound transfers (install, catalog import, hourly reconciliation). */
export async function requestInboundSync(shop: string, now: Date): Promise<void> {
  await requestRun({ shop, type: INBOUND_SYNC_JOB, payload: {}, runAt: now });
}
