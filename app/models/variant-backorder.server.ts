// Persistence of the backorder aggregate: a variant's backorder settings (VariantBackorder), their history
// (BackorderChange), the app-derived columns of the mirrored Variant (backorderState, metafieldsDigest,
// metafieldsSyncedAt, inventoryPolicy after the app changed it in Shopify), the open backordered units of the
// order ledger (BackorderLine).
// Every function takes `shop` and puts it in every `where`.

import type { Db } from "./db";
import type { Prisma, PrismaClient } from "@prisma/client";
import prisma from "#app/db.server";
import { chunk, groupBy } from "#app/domain/collections";
import type { BackorderConfig, BackorderSource, InventoryPolicy, LocalDate } from "#app/domain/types";
import { refreshStoredBackorderStates, sumOpenBackorderedUnits } from "#app/models/backorder-state.server";
import { requestDelayNoticeScan } from "#app/models/order-jobs.server";

export { sumOpenBackorderedUnits };

export type { Db };

/** Rows per `IN (…)` list: far below SQLite's and PostgreSQL's bound-parameter limits. */
const IN_CHUNK = 500;


/** Who owns a row's settings: the domain's three sources; "system" is only an actor/history source. */
export type ChangeSource = BackorderSource | "system";

/** A VariantBackorder row mapped to plain data. */
export type VariantBackorderSettings = BackorderConfig & {
  message: string | null;
  internalNote: string | null;
  businessDays: boolean;
  source: BackorderSource;
  /** Who set etaDate: the merchant (also through rules and CSV) or an inbound shipment (never overrides "manual"). */
  etaSource: EtaSource;
  ruleId: string | null;
  /** A rule turned backorders on ahead of a predicted stock-out (app/services/predicted-stockout-automation.server.ts). */
  aheadOfStockOut: boolean;
  updatedBy: string | null;
  updatedAt: Date;
};

export type EtaSource = "manual" | "inbound";

/** The editable settings of a variant (the part `applyBackorderChanges` writes). */
export type BackorderSettingsValues = {
  enabled: boolean;
  etaDate: LocalDate | null;
  leadTimeDays: number | null;
  cap: number | null;
  message: string | null;
  internalNote: string | null;
  discontinued: boolean;
};

export const DEFAULT_BACKORDER_SETTINGS: BackorderSettingsValues = {
  enabled: false,
  etaDate: null,
  leadTimeDays: null,
  cap: null,
  message: null,
  internalNote: null,
  discontinued: false,
};

/** Everything the backorder services read about one variant. */
export type BackorderVariant = {
  id: string;
  productId: string;
  inventoryItemId: string | null;
  title: string;
  sku: string | null;
  tracked: boolean;
  inventoryPolicy: InventoryPolicy;
  availableTotal: number;
  backorderState: string;
  metafieldsDigest: string | null;
  shopifyUpdatedAt: Date | null;
  backorder: VariantBackorderSettings | null;
  /** Units owed on open backordered order lines and not yet resolved (the app's ledger). */
  unitsBackordered: number;
};

const toSource = (value: string): BackorderSource => (value === "rule" || value === "csv" ? value : "manual");
const toPolicy = (value: string): InventoryPolicy => (value === "CONTINUE" ? "CONTINUE" : "DENY");

type VariantBackorderRow = Prisma.VariantBackorderGetPayload<object>;

function mapBackorder(row: VariantBackorderRow): VariantBackorderSettings {
  return {
    enabled: row.enabled,
    etaDate: row.etaDate,
    leadTimeDays: row.leadTimeDays,
    cap: row.cap,
    discontinued: row.discontinued,
    message: row.message,
    internalNote: row.internalNote,
    businessDays: row.businessDays,
    source: toSource(row.source),
    etaSource: row.etaSource === "inbound" ? "inbound" : "manual",
    ruleId: row.ruleId,
    aheadOfStockOut: row.aheadOfStockOut,
    updatedBy: row.updatedBy,
    updatedAt: row.updatedAt,
  };
}

/** Loads variants with their backorder row and ledger units; unknown ids are simply absent from the result. */
export async function loadBackorderVariants(shop: string, variantIds: readonly string[], db: Db = prisma): Promise<BackorderVariant[]> {
  const unique = [...new Set(variantIds)];
  const out: BackorderVariant[] = [];
  for (const ids of chunk(unique, IN_CHUNK)) {
    const [variants, rows, units] = await Promise.all([
      db.variant.findMany({
        where: { shop, id: { in: ids } },
        select: {
          id: true, productId: true, inventoryItemId: true, title: true, sku: true, tracked: true, inventoryPolicy: true,
          availableTotal: true, backorderState: true, metafieldsDigest: true, shopifyUpdatedAt: true,
        },
      }),
      db.variantBackorder.findMany({ where: { shop, variantId: { in: ids } } }),
      sumOpenBackorderedUnits(shop, ids, db),
    ]);
    const byVariant = new Map(rows.map((row) => [row.variantId, row]));
    for (const v of variants) {
      const row = byVariant.get(v.id);
      out.push({
        ...v,
        inventoryPolicy: toPolicy(v.inventoryPolicy),
        backorder: row ? mapBackorder(row) : null,
        unitsBackordered: units.get(v.id) ?? 0,
      });
    }
  }
  return out;
}

/**
 * One page of a shop's variant ids, ordered by id (cursor = last id of the previous page).
 * `only: "storefront"` limits it to variants that have (or had) storefront metafields: a backorder row or a digest.
 */
export async function listVariantIdsPage(
  shop: string,
  options: { after?: string | null; take: number; only?: "all" | "storefront" | "configured" },
): Promise<string[]> {
  const where: Prisma.VariantWhereInput = { shop };
  if (options.after) where.id = { gt: options.after };
  if (options.only === "storefront" || options.only === "configured") {
    const configured = await prisma.variantBackorder.findMany({
      where: { shop, ...(options.after ? { variantId: { gt: options.after } } : {}) },
      select: { variantId: true },
      orderBy: { variantId: "asc" },
      take: options.take,
    });
    if (options.only === "configured") return configured.map((row) => row.variantId);
    const withDigest = await prisma.variant.findMany({
      where: { ...where, metafieldsDigest: { not: null } },
      select: { id: true },
      orderBy: { id: "asc" },
      take: options.take,
    });
    return [...new Set([...configured.map((row) => row.variantId), ...withDigest.map((row) => row.id)])]
      .sort()
      .slice(0, options.take);
  }
  const rows = await prisma.variant.findMany({ where, select: { id: true }, orderBy: { id: "asc" }, take: options.take });
  return rows.map((row) => row.id);
}

/** Records what was last written to Shopify (null digest = nothing of ours is there). */
export async function recordMetafieldsDigests(
  shop: string,
  digests: ReadonlyArray<{ variantId: string; digest: string | null }>,
  syncedAt: Date,
): Promise<void> {
  if (!digests.length) return;
  // Variants given the same values share a digest: one statement per distinct digest.
  const statements = groupBy(digests, (d) => d.digest ?? "").flatMap((group) =>
    chunk(group, IN_CHUNK).map((part) =>
      prisma.variant.updateMany({
        where: { shop, id: { in: part.map((d) => d.variantId) } },
        data: { metafieldsDigest: part[0].digest, metafieldsSyncedAt: syncedAt },
      }),
    ),
  );
  await prisma.$transaction(statements);
}

/** Replaces the stored digest of some variants (e.g. a marker that forces the next sync to rewrite them). */
export async function overwriteMetafieldsDigests(shop: string, variantIds: readonly string[], digest: string | null): Promise<void> {
  for (const ids of chunk(variantIds, IN_CHUNK)) {
    await prisma.variant.updateMany({ where: { shop, id: { in: ids } }, data: { metafieldsDigest: digest } });
  }
}

export type FieldChanges = Record<string, [unknown, unknown]>;

/** One variant's write after Shopify accepted (or did not need) the policy change. */
export type BackorderWrite = {
  variantId: string;
  /** The settings after the change; null = leave the row untouched (nothing in it changed). */
  settings: BackorderSettingsValues | null;
  /** Ownership of the row: written with the settings. */
  source: BackorderSource;
  /** Who set etaDate, written with the settings when the ETA changed (undefined: unchanged). */
  etaSource?: EtaSource;
  ruleId: string | null;
  /** The predicted stock-out mark, written with the settings (undefined: unchanged). */
  aheadOfStockOut?: boolean;
  updatedBy: string;
  /** Stored as VariantBackorder.updatedAt: when the change happened (automation: the triggering event's time). */
  updatedAt: Date;
  /** New inventory policy held in Shopify, when it changed. */
  inventoryPolicy: InventoryPolicy | null;
  /** History row; null when nothing changed. */
  history: { actor: string; source: ChangeSource; changes: FieldChanges } | null;
};

/**
 * The `orders.delay-scan` jobs to request with a batch (app/services/delay-notices.server.ts): per variant, or one
 * shop-wide scan. The service decides which; the write only queues them in its transaction.
 */
export type DelayScanRequest = { variantIds: readonly string[] } | { shopWide: true };

/**
 * Applies a batch of writes in ONE transaction: backorder rows, mirrored policy, history, the requested delay
 * scans and the touched variants' stored states. Bulk actions write the same values to many variants, so rows are
 * written per group of identical data (createMany for new rows, updateMany per group for existing ones) rather
 * than one statement per variant.
 */
export async function writeBackorderChanges(
  shop: string,
  writes: readonly BackorderWrite[],
  now: Date,
  delayScans: DelayScanRequest = { variantIds: [] },
): Promise<void> {
  if (!writes.length) return;
  await prisma.$transaction(async (tx) => {
    const rowWrites = writes.filter((w) => w.settings);
    const existing = new Set<string>();
    for (const ids of chunk(rowWrites.map((w) => w.variantId), IN_CHUNK)) {
      const rows = await tx.variantBackorder.findMany({ where: { shop, variantId: { in: ids } }, select: { variantId: true } });
      for (const row of rows) existing.add(row.variantId);
    }
    const dataOf = (w: BackorderWrite) => ({
      ...w.settings!,
      ...(w.etaSource ? { etaSource: w.etaSource } : {}),
      ...(w.aheadOfStockOut !== undefined ? { aheadOfStockOut: w.aheadOfStockOut } : {}),
      source: w.source,
      ruleId: w.ruleId,
      updatedBy: w.updatedBy,
      updatedAt: w.updatedAt,
    });
    const created = rowWrites.filter((w) => !existing.has(w.variantId));
    for (const part of chunk(created, IN_CHUNK)) {
      await tx.variantBackorder.createMany({ data: part.map((w) => ({ shop, variantId: w.variantId, createdAt: now, ...dataOf(w) })) });
    }
    const updated = rowWrites.filter((w) => existing.has(w.variantId));
    for (const group of groupBy(updated, (w) => JSON.stringify(dataOf(w)))) {
      for (const part of chunk(group, IN_CHUNK)) {
        await tx.variantBackorder.updateMany({ where: { shop, variantId: { in: part.map((w) => w.variantId) } }, data: dataOf(part[0]) });
      }
    }
    for (const group of groupBy(writes.filter((w) => w.inventoryPolicy), (w) => w.inventoryPolicy!)) {
      for (const part of chunk(group, IN_CHUNK)) {
        await tx.variant.updateMany({ where: { shop, id: { in: part.map((w) => w.variantId) } }, data: { inventoryPolicy: part[0].inventoryPolicy! } });
      }
    }
    const history: Prisma.BackorderChangeCreateManyInput[] = writes
      .filter((w) => w.history)
      .map((w) => ({
        shop,
        variantId: w.variantId,
        actor: w.history!.actor,
        source: w.history!.source,
        changes: JSON.stringify(w.history!.changes),
        createdAt: now,
      }));
    for (const part of chunk(history, IN_CHUNK)) await tx.backorderChange.createMany({ data: part });
    if ("shopWide" in delayScans) await requestDelayNoticeScan(tx, { shop, now });
    else for (const variantId of delayScans.variantIds) await requestDelayNoticeScan(tx, { shop, variantId, now });
    await refreshStoredBackorderStates(shop, writes.map((w) => w.variantId), tx);
  });
}

/** The ETA settings of the variants' backorder rows (variants without a row are absent). */
export function listEtaSettings(
  shop: string,
  variantIds: readonly string[],
  db: Db = prisma,
): Promise<Array<{ variantId: string; etaDate: string | null; leadTimeDays: number | null; businessDays: boolean }>> {
  return db.variantBackorder.findMany({
    where: { shop, variantId: { in: [...new Set(variantIds)] } },
    select: { variantId: true, etaDate: true, leadTimeDays: true, businessDays: true },
  });
}

/** A variant's pause-alerts flag: null when it has no VariantBackorder row. */
export async function findAlertsPaused(shop: string, variantId: string, db: Db = prisma): Promise<boolean | null> {
  const row = await db.variantBackorder.findUnique({ where: { shop_variantId: { shop, variantId } }, select: { pauseAlerts: true } });
  return row ? row.pauseAlerts : null;
}

/**
 * Sets pauseAlerts on the variant's row — creating the row with `newRow`'s ownership when there is none — records
 * the change in its history and re-derives its stored state (a new row is an input of it), all in `db`.
 */
export async function writeAlertsPaused(
  shop: string,
  input: { variantId: string; paused: boolean; actor: string; now: Date; newRow: { enabled: boolean; source: BackorderSource } | null },
  db: Db = prisma,
): Promise<void> {
  const { variantId, paused, actor, now } = input;
  if (input.newRow) {
    await db.variantBackorder.create({
      data: { shop, variantId, pauseAlerts: paused, ...input.newRow, updatedBy: actor, updatedAt: now, createdAt: now },
    });
  } else {
    await db.variantBackorder.update({ where: { shop_variantId: { shop, variantId } }, data: { pauseAlerts: paused, updatedBy: actor, updatedAt: now } });
  }
  await db.backorderChange.create({
    data: { shop, variantId, actor, source: "manual", changes: JSON.stringify({ pauseAlerts: [!paused, paused] }), createdAt: now },
  });
  await refreshStoredBackorderStates(shop, [variantId], db);
}

export type BackorderHistoryEntry = {
  id: string;
  variantId: string;
  actor: string;
  source: string;
  changes: FieldChanges;
  createdAt: Date;
};

/** A variant's history, newest first (who/when/what, including automation and CSV). */
export async function listBackorderHistory(
  shop: string,
  variantId: string,
  options: { take?: number } = {},
): Promise<BackorderHistoryEntry[]> {
  const rows = await prisma.backorderChange.findMany({
    where: { shop, variantId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: options.take ?? 50,
  });
  return rows.map((row) => ({
    id: row.id,
    variantId: row.variantId,
    actor: row.actor,
    source: row.source,
    changes: safeJson(row.changes),
    createdAt: row.createdAt,
  }));
}

function safeJson(text: string): FieldChanges {
  try {
    const value = JSON.parse(text) as unknown;
    return value && typeof value === "object" && !Array.isArray(value) ? (value as FieldChanges) : {};
  } catch {
    return {};
  }
}

