// The variant detail page's data, from the local mirror only: the variant and its product, stock per location,
// backorder settings, the derived state with its one-line reason, the ETA shoppers see today, the change history
// (manual, automation, CSV), the open orders holding backordered units, and the waitlist size.

import { decideBackorderState, needsEta } from "../domain/backorder-state";
import { resolveEta, todayIn } from "../domain/eta";
import type { BackorderState } from "../domain/types";
import { loadRuleNames } from "../models/automation-rule.server";
import { listBackorderHistory, loadBackorderVariants } from "../models/variant-backorder.server";
import {
  countVariantWaitlist,
  findDetailProduct,
  findDetailVariant,
  listInventoryLevels,
  listOpenVariantLines,
  loadLocationNames,
} from "../models/variant-detail.server";
import type { AdminGateway } from "../shopify/admin-gateway.server";
import {
  BackorderChangeValidationError,
  applyBackorderChanges,
  type ApplyBackorderResult,
  type BackorderChangeInput,
} from "./backorder-changes.server";
import { stateInputOf } from "./variant-states.server";
import { getShopSettings } from "./shop-settings.server";
import { getInboundEtaSuggestion, type InboundEtaSuggestion } from "./inbound-eta.server";

const HISTORY_LIMIT = 100;
const ORDERS_LIMIT = 100;

export type VariantHistoryEntry = {
  id: string;
  /** "jane@shop.com", "Automation: Restock rule", "CSV import", "System". */
  actorLabel: string;
  source: string;
  createdAt: string;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
};

export type VariantOrderLine = {
  id: string;
  orderId: string;
  orderName: string | null;
  customerEmail: string | null;
  quantityOrdered: number;
  quantityBackordered: number;
  quantityOwed: number;
  etaPromised: string | null;
  etaCurrent: string | null;
  orderedAt: string;
};

export type VariantDetail = {
  variant: {
    id: string;
    legacyId: string;
    title: string;
    sku: string | null;
    price: string | null;
    imageUrl: string | null;
    tracked: boolean;
    inventoryPolicy: "DENY" | "CONTINUE";
    available: number;
    syncedAt: string;
  };
  product: { id: string; title: string; vendor: string | null; productType: string | null; status: string };
  locations: Array<{ id: string; name: string; available: number }>;
  settings: {
    enabled: boolean;
    etaDate: string | null;
    leadTimeDays: number | null;
    businessDays: boolean;
    cap: number | null;
    message: string | null;
    internalNote: string | null;
    discontinued: boolean;
    source: string | null;
    updatedBy: string | null;
    updatedAt: string | null;
  };
  status: {
    state: BackorderState;
    reason: string;
    purchasable: boolean;
    remainingAllowance: number | null;
    unitsBackordered: number;
    needsEta: boolean;
    /** The date shoppers are promised if they order now (fixed date, or the lead time counted from today). */
    shopperEta: { date: string; source: "fixed" | "lead_time" } | null;
    etaOverdue: boolean;
  };
  shop: { timeZone: string; today: string; defaultLeadTimeDays: number | null; defaultCap: number | null };
  history: VariantHistoryEntry[];
  openOrders: VariantOrderLine[];
  openOrdersCount: number;
  waitlist: { active: number; pending: number };
  /** What the inbound shipments say about the ETA (Settings → "ETAs follow inbound shipments"; null when off or none covers it). */
  inboundEta: InboundEtaSuggestion | null;
};

function actorLabel(actor: string, source: string, ruleNames: Map<string, string>): string {
  if (actor.startsWith("rule:")) {
    const name = ruleNames.get(actor.slice("rule:".length));
    return name ? `Automation: ${name}` : "Automation rule (deleted)";
  }
  if (actor.startsWith("csv:")) return "CSV import";
  if (actor === "system" || source === "system") return "System";
  if (actor === "staff" || actor.startsWith("staff:")) return "Staff member";
  return actor;
}

/** The detail page's data, or null when the variant is not in this shop's mirror (→ 404). */
export async function getVariantDetail(shop: string, variantId: string, now: Date): Promise<VariantDetail | null> {
  const variantRow = await findDetailVariant(shop, variantId);
  if (!variantRow) return null;

  const [settings, [loaded], product, levels, history, { lines: openLines, count: openCount }, counts, inboundEta] = await Promise.all([
    getShopSettings(shop),
    loadBackorderVariants(shop, [variantId]),
    findDetailProduct(shop, variantRow.productId),
    listInventoryLevels(shop, variantRow.inventoryItemId),
    listBackorderHistory(shop, variantId, { take: HISTORY_LIMIT }),
    listOpenVariantLines(shop, variantId, ORDERS_LIMIT),
    countVariantWaitlist(shop, variantId, ["active", "pending"]),
    getInboundEtaSuggestion(shop, variantId, now),
  ]);
  if (!loaded) return null;

  const ruleIds = history.filter((h) => h.actor.startsWith("rule:")).map((h) => h.actor.slice("rule:".length));
  const [locationNames, ruleNames] = await Promise.all([
    loadLocationNames(shop, levels.map((level) => level.locationId)),
    loadRuleNames(shop, ruleIds),
  ]);

  const input = stateInputOf(loaded, settings.lowStockThreshold);
  if (levels.length) input.availableByLocation = levels.map((level) => level.available);
  const decided = decideBackorderState(input);
  const backorder = loaded.backorder;
  const config = backorder
    ? { enabled: backorder.enabled, cap: backorder.cap, etaDate: backorder.etaDate, leadTimeDays: backorder.leadTimeDays, discontinued: backorder.discontinued }
    : null;

  let shopperEta: VariantDetail["status"]["shopperEta"] = null;
  let today = now.toISOString().slice(0, 10);
  try {
    today = todayIn(settings.timeZone, now);
    shopperEta = resolveEta({
      now,
      timeZone: settings.timeZone,
      etaDate: backorder?.etaDate ?? null,
      leadTimeDays: backorder?.leadTimeDays ?? null,
      businessDays: backorder?.businessDays ?? true,
      weekendDays: settings.weekendDays,
      holidays: settings.holidays,
    });
  } catch {
    shopperEta = null; // a misconfigured calendar: the page still renders; the settings page reports it
  }

  return {
    variant: {
      id: variantRow.id,
      legacyId: variantRow.id.split("/").pop() ?? variantRow.id,
      title: variantRow.title,
      sku: variantRow.sku,
      price: variantRow.price,
      imageUrl: variantRow.imageUrl ?? product?.imageUrl ?? null,
      tracked: variantRow.tracked,
      inventoryPolicy: variantRow.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
      available: decided.available,
      syncedAt: variantRow.syncedAt.toISOString(),
    },
    product: {
      id: variantRow.productId,
      title: product?.title ?? "Unknown product",
      vendor: product?.vendor ?? null,
      productType: product?.productType ?? null,
      status: product?.status ?? "ACTIVE",
    },
    locations: levels
      .map((level) => ({ id: level.locationId, name: locationNames.get(level.locationId) ?? "Unknown location", available: level.available }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    settings: {
      // Never configured: the app starts from Shopify's policy (see applyBackorderChanges).
      enabled: backorder?.enabled ?? variantRow.inventoryPolicy === "CONTINUE",
      etaDate: backorder?.etaDate ?? null,
      leadTimeDays: backorder?.leadTimeDays ?? null,
      businessDays: backorder?.businessDays ?? true,
      cap: backorder?.cap ?? null,
      message: backorder?.message ?? null,
      internalNote: backorder?.internalNote ?? null,
      discontinued: backorder?.discontinued ?? false,
      source: backorder?.source ?? null,
      updatedBy: backorder?.updatedBy ?? null,
      updatedAt: backorder?.updatedAt.toISOString() ?? null,
    },
    status: {
      state: decided.state,
      reason: decided.reason,
      purchasable: decided.purchasable,
      remainingAllowance: decided.remainingAllowance,
      unitsBackordered: Math.max(0, -decided.available, loaded.unitsBackordered),
      needsEta: needsEta(decided, config),
      shopperEta,
      etaOverdue: !!backorder?.etaDate && backorder.etaDate < today,
    },
    shop: { timeZone: settings.timeZone, today, defaultLeadTimeDays: settings.defaultLeadTimeDays, defaultCap: settings.defaultCap },
    history: history.map((entry) => ({
      id: entry.id,
      actorLabel: actorLabel(entry.actor, entry.source, ruleNames),
      source: entry.source,
      createdAt: entry.createdAt.toISOString(),
      changes: Object.entries(entry.changes).map(([field, pair]) => ({
        field,
        before: Array.isArray(pair) ? pair[0] : null,
        after: Array.isArray(pair) ? pair[1] : pair,
      })),
    })),
    openOrders: openLines.map((line) => ({
      id: line.id,
      orderId: line.orderId,
      orderName: line.orderName,
      customerEmail: line.customerEmail,
      quantityOrdered: line.quantityOrdered,
      quantityBackordered: line.quantityBackordered,
      quantityOwed: Math.max(0, line.quantityBackordered - line.quantityResolved),
      etaPromised: line.etaPromised,
      etaCurrent: line.etaCurrent,
      orderedAt: line.orderedAt.toISOString(),
    })),
    openOrdersCount: openCount,
    waitlist: { active: counts.get("active") ?? 0, pending: counts.get("pending") ?? 0 },
    inboundEta,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Saving the detail form

export type SaveVariantOutcome = { ok: true; result: ApplyBackorderResult } | { ok: false; errors: Record<string, string> };

/**
 * Saves one variant's settings (Shopify first, then the mirror and history). Validation problems come back as
 * field errors; a variant Shopify rejects is in `result.failed` with Shopify's message.
 */
export async function saveVariantSettings(input: {
  shop: string;
  variantId: string;
  changes: BackorderChangeInput;
  actor: string;
  gateway: AdminGateway;
  now: Date;
}): Promise<SaveVariantOutcome> {
  try {
    const result = await applyBackorderChanges({
      shop: input.shop,
      variantIds: [input.variantId],
      changes: input.changes,
      actor: input.actor,
      source: "manual",
      gateway: input.gateway,
      now: input.now,
    });
    return { ok: true, result };
  } catch (error) {
    if (!(error instanceof BackorderChangeValidationError)) throw error;
    const errors: Record<string, string> = {};
    for (const issue of error.issues) errors[issue.field] ??= issue.message;
    return { ok: false, errors };
  }
}
