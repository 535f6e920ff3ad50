// The storefront data contract: seven app-owned variant metafields ($app namespace, declared in shopify.app.toml)
// that themes and headless storefronts read (all but backorder_sellable, which only the checkout validation
// function reads: a function's input query reads its own app's $app metafields whatever their storefront access).
//
//   $app.backorder_state      single_line_text_field  the variant's state (decideBackorderState)
//   $app.backorder_eta        date                    the ETA shoppers see: the fixed ETA date, or the lead time turned
//                                                     into a date in the shop's zone and business calendar
//                                                     (resolveEta); only while backorders are on
//   $app.backorder_lead_days  number_integer          "ships N business days after the order"; only while backorders are on
//   $app.backorder_cap        number_integer          the cap; only while backorders are on and a cap is set
//   $app.backorder_remaining  number_integer          units that can still be backordered; only while backorders are on
//                                                     and a cap is set
//   $app.backorder_message    multi_line_text_field   the merchant's message, whenever set
//   $app.backorder_sellable   number_integer          units one cart may hold in total: in-stock units (never below 0) +
//                                                     remaining allowance; only while backorders are on, the variant is
//                                                     tracked and a cap is set. The checkout validation function
//                                                     (extensions/backorder-cap-validation) blocks lines above it.
//
// Only variants the app manages (those with a VariantBackorder row) carry them. A value that does not apply is
// DELETED (metafieldsDelete), never written empty: metafieldsSet rejects blank values for these types.
//
// Writes are minimal: the six values are hashed into a digest stored on Variant.metafieldsDigest
// ("v1:<mask of present keys>:<sha256>"); only variants whose digest changed are written, packed whole into
// metafieldsSet calls of ≤ 25 metafields (3 variants of 7 per call: a call is atomic, so a variant never ends up
// half-written), and the keys that disappeared are deleted. The digest is stored only once both succeeded, so a
// failure is retried by the next sync (the hourly reconciliation, or a `storefront.metafields.sync` job).
// Lead-time ETAs move with the calendar: the hourly reconciliation re-syncs, and the digest changes the day the
// date does.

import { createHash } from "node:crypto";
import { decideBackorderState } from "#app/domain/backorder-state";
import { chunk } from "#app/domain/collections";
import { resolveEta } from "#app/domain/eta";
import { enqueueStorefrontSyncJob } from "#app/models/storefront-sync-job.server";
import {
  listVariantIdsPage,
  loadBackorderVariants,
  overwriteMetafieldsDigests,
  recordMetafieldsDigests,
  type BackorderVariant,
} from "#app/models/variant-backorder.server";
import type { AdminGateway, MetafieldIdentifier, MetafieldInput } from "#app/shopify/admin-gateway.server";
import { METAFIELDS_SET_CHUNK } from "#app/shopify/admin-gateway.server";
import { lazyGateway, type GatewaySource } from "#app/shopify/gateway-source";
import { getShopSettings, type ShopSettingsView } from "#app/models/shop-settings.server";
import { stateInputOf } from "./variant-states.server";
import { STOREFRONT_SYNC_JOB, checkJobPayload, type StorefrontSyncJobPayload } from "../jobs/job-types";
import { findQueuedJob, saveJobPayload } from "#app/models/job.server";
export { STOREFRONT_SYNC_JOB };

export const STOREFRONT_METAFIELD_NAMESPACE = "$app";

/** Key order matters: it defines the bit mask stored in the digest (new keys go at the end). */
export const STOREFRONT_METAFIELDS = [
  { field: "state", key: "backorder_state", type: "single_line_text_field" },
  { field: "eta", key: "backorder_eta", type: "date" },
  { field: "leadDays", key: "backorder_lead_days", type: "number_integer" },
  { field: "cap", key: "backorder_cap", type: "number_integer" },
  { field: "remaining", key: "backorder_remaining", type: "number_integer" },
  { field: "message", key: "backorder_message", type: "multi_line_text_field" },
  { field: "sellable", key: "backorder_sellable", type: "number_integer" },
] as const;

export type StorefrontField = (typeof STOREFRONT_METAFIELDS)[number]["field"];
/** The metafield values of a variant (as metafieldsSet values); an absent field is deleted. */
export type StorefrontValues = Partial<Record<StorefrontField, string>>;

export type StorefrontGateway = Pick<AdminGateway, "setMetafields" | "deleteMetafields">;
// Re-exported for the services that still import them from here (automation, backorder-changes).
export { lazyGateway, type GatewaySource };

/** Runs `fn` over items with at most `limit` calls in flight; results keep the input order. */
export async function mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return results;
}

/** The storefront values of one variant (empty for a variant the app does not manage). Pure. */
export function buildStorefrontValues(variant: BackorderVariant, settings: ShopSettingsView, now: Date): StorefrontValues {
  const b = variant.backorder;
  if (!b) return {};
  const result = decideBackorderState(stateInputOf(variant, settings.lowStockThreshold));
  const values: StorefrontValues = { state: result.state };
  const active = b.enabled && !b.discontinued;
  if (active) {
    let eta: string | null = null;
    try {
      eta =
        resolveEta({
          now,
          timeZone: settings.timeZone,
          etaDate: b.etaDate,
          leadTimeDays: b.leadTimeDays,
          businessDays: b.businessDays,
          weekendDays: settings.weekendDays,
          holidays: settings.holidays,
        })?.date ?? null;
    } catch {
      eta = b.etaDate; // a misconfigured calendar: fall back to the fixed date (if any)
    }
    if (eta) values.eta = eta;
    if (b.leadTimeDays !== null) values.leadDays = String(b.leadTimeDays);
    if (b.cap !== null) values.cap = String(b.cap);
    if (b.cap !== null && result.remainingAllowance !== null) values.remaining = String(result.remainingAllowance);
    // What checkout may still take: stock on hand plus what the cap allows beyond it (remainingAllowance is null for
    // an untracked variant, which Shopify never stops selling: nothing to enforce).
    if (b.cap !== null && variant.tracked && result.remainingAllowance !== null) {
      values.sellable = String(Math.max(0, result.available) + result.remainingAllowance);
    }
  }
  if (b.message && b.message.trim()) values.message = b.message;
  return values;
}

function maskOf(values: StorefrontValues): number {
  return STOREFRONT_METAFIELDS.reduce((mask, m, i) => (values[m.field] !== undefined ? mask | (1 << i) : mask), 0);
}

/** "v1:<mask>:<sha256 of the values>", or null when the variant has no values at all. */
export function digestStorefrontValues(values: StorefrontValues): string | null {
  const entries = STOREFRONT_METAFIELDS.filter((m) => values[m.field] !== undefined).map((m) => [m.key, values[m.field]]);
  if (!entries.length) return null;
  const hash = createHash("sha256").update(JSON.stringify(entries)).digest("hex").slice(0, 40);
  return `v1:${maskOf(values).toString(16)}:${hash}`;
}

const ALL_KEYS_MASK = (1 << STOREFRONT_METAFIELDS.length) - 1;

/** A stored digest that matches no values and claims every key: the next sync rewrites the variant and deletes
 *  every key that does not apply (see resetStorefrontMetafields). */
export const FORCE_REWRITE_DIGEST = `v1:${ALL_KEYS_MASK.toString(16)}:rewrite`;

/**
 * Keys present at the last write, from the stored digest. Nothing recorded = nothing of ours was written (the app
 * only writes through this module), so no deletes; an unreadable digest = possibly every key.
 */
function previousMask(digest: string | null): number {
  if (!digest) return 0;
  const match = /^v1:([0-9a-f]+):/.exec(digest);
  return match ? parseInt(match[1], 16) & ALL_KEYS_MASK : ALL_KEYS_MASK;
}

type PlannedVariant = {
  variantId: string;
  digest: string | null;
  sets: MetafieldInput[];
  deletes: MetafieldIdentifier[];
};

export type StorefrontSyncResult = {
  /** Variants looked at. */
  checked: number;
  /** Variants whose metafields were written (or cleared) now. */
  written: string[];
  /** Variants skipped because their digest was unchanged. */
  unchanged: number;
  failed: Array<{ variantId: string; message: string }>;
  setCalls: number;
  deleteCalls: number;
};

function plan(variant: BackorderVariant, settings: ShopSettingsView, now: Date): PlannedVariant | null {
  const values = buildStorefrontValues(variant, settings, now);
  const digest = digestStorefrontValues(values);
  if (digest === variant.metafieldsDigest) return null;
  // Never written and nothing to write: no call at all (the common case for unmanaged variants).
  if (digest === null && variant.metafieldsDigest === null) return null;
  const before = previousMask(variant.metafieldsDigest);
  const sets: MetafieldInput[] = [];
  const deletes: MetafieldIdentifier[] = [];
  STOREFRONT_METAFIELDS.forEach((m, i) => {
    const value = values[m.field];
    if (value !== undefined) {
      sets.push({ ownerId: variant.id, namespace: STOREFRONT_METAFIELD_NAMESPACE, key: m.key, type: m.type, value });
    } else if (before & (1 << i)) {
      deletes.push({ ownerId: variant.id, namespace: STOREFRONT_METAFIELD_NAMESPACE, key: m.key });
    }
  });
  return { variantId: variant.id, digest, sets, deletes };
}

/** Packs whole variants into groups of at most `limit` metafields. */
function packSets(planned: readonly PlannedVariant[], limit: number): PlannedVariant[][] {
  const groups: PlannedVariant[][] = [];
  let current: PlannedVariant[] = [];
  let size = 0;
  for (const p of planned) {
    if (!p.sets.length) continue;
    if (size + p.sets.length > limit && current.length) {
      groups.push(current);
      current = [];
      size = 0;
    }
    current.push(p);
    size += p.sets.length;
  }
  if (current.length) groups.push(current);
  return groups;
}

const CONCURRENCY = 4;
const PAGE = 500;

async function syncPage(
  shop: string,
  variantIds: readonly string[],
  settings: ShopSettingsView,
  gateway: () => Promise<StorefrontGateway>,
  now: Date,
  result: StorefrontSyncResult,
): Promise<void> {
  const variants = await loadBackorderVariants(shop, variantIds);
  result.checked += variants.length;
  const planned: PlannedVariant[] = [];
  for (const variant of variants) {
    const p = plan(variant, settings, now);
    if (p) planned.push(p);
    else result.unchanged++;
  }
  if (!planned.length) return;

  const failed = new Map<string, string>();
  const api = await gateway();
  await mapWithConcurrency(packSets(planned, METAFIELDS_SET_CHUNK), CONCURRENCY, async (group) => {
    result.setCalls++;
    try {
      const outcome = await api.setMetafields(group.flatMap((p) => p.sets));
      for (const f of outcome.failed) if (!failed.has(f.ownerId)) failed.set(f.ownerId, `${f.key}: ${f.message}`);
    } catch (error) {
      if (error instanceof Response) throw error;
      const message = error instanceof Error ? error.message : String(error);
      for (const p of group) failed.set(p.variantId, message);
    }
  });

  const deletes = planned.filter((p) => !failed.has(p.variantId)).flatMap((p) => p.deletes);
  await mapWithConcurrency(chunk(deletes, METAFIELDS_SET_CHUNK), CONCURRENCY, async (part) => {
    result.deleteCalls++;
    try {
      const outcome = await api.deleteMetafields(part);
      for (const f of outcome.failed) if (!failed.has(f.ownerId)) failed.set(f.ownerId, `${f.key}: ${f.message}`);
    } catch (error) {
      if (error instanceof Response) throw error;
      const message = error instanceof Error ? error.message : String(error);
      for (const id of part) if (!failed.has(id.ownerId)) failed.set(id.ownerId, message);
    }
  });

  const done = planned.filter((p) => !failed.has(p.variantId));
  await recordMetafieldsDigests(shop, done.map((p) => ({ variantId: p.variantId, digest: p.digest })), now);
  result.written.push(...done.map((p) => p.variantId));
  for (const [variantId, message] of failed) result.failed.push({ variantId, message });
}

/**
 * Pushes the storefront metafields of the given variants (default: every variant that has or had them) to
 * Shopify, writing only what changed. The gateway is only resolved when something must be written.
 */
export async function syncStorefrontMetafields(input: {
  shop: string;
  gateway: GatewaySource<StorefrontGateway>;
  now: Date;
  variantIds?: readonly string[];
}): Promise<StorefrontSyncResult> {
  const { shop, now } = input;
  const gateway = lazyGateway(input.gateway);
  const settings = await getShopSettings(shop);
  const result: StorefrontSyncResult = { checked: 0, written: [], unchanged: 0, failed: [], setCalls: 0, deleteCalls: 0 };
  if (input.variantIds) {
    const unique = [...new Set(input.variantIds)];
    for (let i = 0; i < unique.length; i += PAGE) await syncPage(shop, unique.slice(i, i + PAGE), settings, gateway, now, result);
    return result;
  }
  let after: string | null = null;
  for (;;) {
    const ids = await listVariantIdsPage(shop, { after, take: PAGE, only: "storefront" });
    if (!ids.length) break;
    await syncPage(shop, ids, settings, gateway, now, result);
    after = ids[ids.length - 1];
    if (ids.length < PAGE) break;
  }
  return result;
}

/**
 * Pushes the storefront metafields of variants whose inputs just changed (a backorder change, an order, a restock)
 * at once; what fails — or everything, when Shopify could not be reached — is left to a background sync.
 */
export async function publishStorefrontMetafields(input: {
  shop: string;
  variantIds: readonly string[];
  gateway: GatewaySource<StorefrontGateway>;
  now: Date;
}): Promise<void> {
  const { shop, now } = input;
  const variantIds = [...new Set(input.variantIds)];
  if (!variantIds.length) return;
  try {
    const sync = await syncStorefrontMetafields({ shop, gateway: input.gateway, now, variantIds });
    if (sync.failed.length) await enqueueStorefrontSync(shop, sync.failed.map((f) => f.variantId), now);
  } catch (error) {
    if (error instanceof Response) throw error;
    await enqueueStorefrontSync(shop, variantIds, now);
  }
}

export type { StorefrontSyncJobPayload };

/**
 * Queues a background sync (`storefront.metafields.sync`): `variantIds` null = every managed variant. Coalesces
 * with a sync that is queued and not started yet (its variant list is widened), so bursts make one job.
 */
export async function enqueueStorefrontSync(shop: string, variantIds: readonly string[] | null, now: Date): Promise<{ jobId: string }> {
  const queued = await findQueuedJob(shop, STOREFRONT_SYNC_JOB);
  if (queued) {
    const stored = checkJobPayload(STOREFRONT_SYNC_JOB, queued.payload);
    // An unreadable stored payload widens to a full sync: never fewer variants than asked for.
    const current = stored.ok ? stored.payload.variantIds : null;
    if (current === null) return { jobId: queued.id }; // already a full sync
    const merged: StorefrontSyncJobPayload = { variantIds: variantIds === null ? null : [...new Set([...current, ...variantIds])] };
    if (await saveJobPayload(shop, queued.id, merged, { onlyIfQueued: true })) return { jobId: queued.id };
    // A worker claimed it meanwhile: queue a new one.
  }
  const payload: StorefrontSyncJobPayload = { variantIds: variantIds === null ? null : [...new Set(variantIds)] };
  const job = await enqueueStorefrontSyncJob(shop, payload, now);
  return { jobId: job.id };
}

/**
 * Repair: marks variants so that the next sync rewrites all their values and deletes every key that does not apply
 * (e.g. after metafields were edited or left behind outside the app). Call syncStorefrontMetafields or
 * enqueueStorefrontSync afterwards.
 */
export async function resetStorefrontMetafields(shop: string, variantIds: readonly string[]): Promise<void> {
  await overwriteMetafieldsDigests(shop, variantIds, FORCE_REWRITE_DIGEST);
}
