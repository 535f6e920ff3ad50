// Variant.backorderState: derived by the domain's decideBackorderState and stored only so the variants page can
// filter and count by it. Its inputs live in four tables — the mirrored Variant (tracked, inventoryPolicy,
// availableTotal), VariantBackorder, the open BackorderLine units and ShopSettings.lowStockThreshold — and every
// model function that writes one of them calls refreshStoredBackorderStates with the same client (inside its
// transaction, when it has one) before it returns, so no caller can leave the stored state stale by forgetting a refresh.
// Nothing here decides anything: the decision is the domain's; this module only loads its inputs and stores it.

import type { Db } from "./db";
import prisma from "#app/db.server";
import { decideBackorderState, type BackorderStateInput } from "#app/domain/backorder-state";
import { chunk } from "#app/domain/collections";
import type { BackorderConfig, BackorderState, InventoryPolicy } from "#app/domain/types";

/** Rows per `IN (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits. */
const IN_CHUNK = 500;
/** ShopSettings.lowStockThreshold's schema default (a shop without a settings row). */
const DEFAULT_LOW_STOCK_THRESHOLD = 5;

/** What decideBackorderState needs of one variant, as the mirror and the ledger store it. */
export type BackorderStateSource = {
  tracked: boolean;
  inventoryPolicy: InventoryPolicy;
  availableTotal: number;
  backorder: BackorderConfig | null;
  /** Units owed on open backordered order lines and not yet resolved (the app's ledger). */
  unitsBackordered: number;
};

/** The domain input for a variant (availability comes from the mirror's summed total over locations). */
export function stateInputOf(variant: BackorderStateSource, lowStockThreshold: number): BackorderStateInput {
  const b = variant.backorder;
  return {
    tracked: variant.tracked,
    inventoryPolicy: variant.inventoryPolicy,
    availableByLocation: [variant.availableTotal],
    backorder: b
      ? { enabled: b.enabled, cap: b.cap, etaDate: b.etaDate, leadTimeDays: b.leadTimeDays, discontinued: b.discontinued }
      : null,
    unitsBackordered: variant.unitsBackordered,
    lowStockThreshold,
  };
}

/** Units owed per variant: Σ (quantityBackordered − quantityResolved) over open ledger lines (never negative). */
export async function sumOpenBackorderedUnits(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<Map<string, number>> {
  const units = new Map<string, number>();
  for (const ids of chunk(variantIds, IN_CHUNK)) {
    const groups = await db.backorderLine.groupBy({
      by: ["variantId"],
      where: { shop, variantId: { in: ids }, status: "open" },
      _sum: { quantityBackordered: true, quantityResolved: true },
    });
    for (const group of groups) {
      const owed = (group._sum.quantityBackordered ?? 0) - (group._sum.quantityResolved ?? 0);
      units.set(group.variantId, Math.max(0, owed));
    }
  }
  return units;
}

async function lowStockThresholdOf(db: Db, shop: string): Promise<number> {
  const row = await db.shopSettings.findUnique({ where: { shop }, select: { lowStockThreshold: true } });
  return row?.lowStockThreshold ?? DEFAULT_LOW_STOCK_THRESHOLD;
}

type StateRow = { id: string; tracked: boolean; inventoryPolicy: string; availableTotal: number; backorderState: string };
type BackorderRow = { variantId: string } & BackorderConfig;

const STATE_ROW = { id: true, tracked: true, inventoryPolicy: true, availableTotal: true, backorderState: true } as const;
const BACKORDER_ROW = { variantId: true, enabled: true, cap: true, etaDate: true, leadTimeDays: true, discontinued: true } as const;

/** Decides each variant's state and stores the ones that differ; appends their ids to `changed`. */
async function storeDecidedStates(
  db: Db,
  shop: string,
  page: { variants: readonly StateRow[]; backorders: readonly BackorderRow[]; units: ReadonlyMap<string, number> },
  threshold: number,
  changed: string[],
): Promise<void> {
  const backorders = new Map(page.backorders.map((row) => [row.variantId, row]));
  const byState = new Map<BackorderState, string[]>();
  for (const variant of page.variants) {
    const input = stateInputOf(
      {
        tracked: variant.tracked,
        inventoryPolicy: variant.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
        availableTotal: variant.availableTotal,
        backorder: backorders.get(variant.id) ?? null,
        unitsBackordered: page.units.get(variant.id) ?? 0,
      },
      threshold,
    );
    const { state } = decideBackorderState(input);
    if (state === variant.backorderState) continue;
    changed.push(variant.id);
    const list = byState.get(state) ?? [];
    list.push(variant.id);
    byState.set(state, list);
  }
  for (const [state, stateIds] of byState) {
    for (const ids of chunk(stateIds, IN_CHUNK)) {
      await db.variant.updateMany({ where: { shop, id: { in: ids } }, data: { backorderState: state } });
    }
  }
}

/** Some variants by id. */
async function refreshIds(db: Db, shop: string, ids: readonly string[], threshold: number, changed: string[]): Promise<void> {
  const [variants, backorders, units] = await Promise.all([
    db.variant.findMany({ where: { shop, id: { in: [...ids] } }, select: STATE_ROW }),
    db.variantBackorder.findMany({ where: { shop, variantId: { in: [...ids] } }, select: BACKORDER_ROW }),
    sumOpenBackorderedUnits(shop, ids, db),
  ]);
  await storeDecidedStates(db, shop, { variants, backorders, units }, threshold, changed);
}

/** Rows per page of a whole-shop refresh (read by id range, so no IN list bounds it). */
const RANGE_PAGE = 5000;

/** Every variant of the shop, a page of ids at a time: the page's rows are read by id range, not by id list. */
async function refreshAll(db: Db, shop: string, threshold: number, changed: string[]): Promise<void> {
  let after: string | undefined;
  for (;;) {
    const variants = await db.variant.findMany({
      where: { shop, ...(after ? { id: { gt: after } } : {}) },
      select: STATE_ROW,
      orderBy: { id: "asc" },
      take: RANGE_PAGE,
    });
    if (!variants.length) break;
    const range = { gte: variants[0].id, lte: variants[variants.length - 1].id };
    const [backorders, groups] = await Promise.all([
      db.variantBackorder.findMany({ where: { shop, variantId: range }, select: BACKORDER_ROW }),
      db.backorderLine.groupBy({
        by: ["variantId"],
        where: { shop, variantId: range, status: "open" },
        _sum: { quantityBackordered: true, quantityResolved: true },
      }),
    ]);
    const units = new Map(groups.map((g) => [g.variantId, Math.max(0, (g._sum.quantityBackordered ?? 0) - (g._sum.quantityResolved ?? 0))]));
    await storeDecidedStates(db, shop, { variants, backorders, units }, threshold, changed);
    after = variants[variants.length - 1].id;
    if (variants.length < RANGE_PAGE) break;
  }
}

/**
 * Recomputes and stores the state of the given variants (every variant of the shop with "all"); unknown ids are
 * skipped. Pass the caller's transaction as `db` so the state commits with the input that changed it. Returns the
 * ids whose stored state changed.
 */
export async function refreshStoredBackorderStates(
  shop: string,
  variantIds: readonly string[] | "all",
  db: Db = prisma,
): Promise<{ changed: string[] }> {
  const threshold = await lowStockThresholdOf(db, shop);
  const changed: string[] = [];
  if (variantIds === "all") await refreshAll(db, shop, threshold, changed);
  else for (const ids of chunk([...new Set(variantIds)], IN_CHUNK)) await refreshIds(db, shop, ids, threshold, changed);
  return { changed };
}
