// Re-derives Variant.backorderState (stored for filtering the variants page) with the domain's
// decideBackorderState from the mirror row, the VariantBackorder row, the ledger and the shop's threshold.
// Callers that change stock, policy, settings or backorder rows call it, then push storefront metafields
// (syncStorefrontMetafields), which read the same inputs.

import { decideBackorderState, type BackorderStateInput } from "#app/domain/backorder-state";
import type { BackorderState } from "#app/domain/types";
import {
  listVariantIdsPage,
  loadBackorderVariants,
  updateBackorderStates,
  type BackorderVariant,
} from "#app/models/variant-backorder.server";
import { getShopSettings } from "#app/models/shop-settings.server";

const PAGE = 500;

/** The domain input for a variant (availability comes from the mirror's summed total over locations). */
export function stateInputOf(variant: BackorderVariant, lowStockThreshold: number): BackorderStateInput {
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

async function refreshPage(shop: string, ids: readonly string[], threshold: number, changed: string[]): Promise<void> {
  const variants = await loadBackorderVariants(shop, ids);
  const byState = new Map<BackorderState, string[]>();
  for (const variant of variants) {
    const { state } = decideBackorderState(stateInputOf(variant, threshold));
    if (state === variant.backorderState) continue;
    changed.push(variant.id);
    const list = byState.get(state) ?? [];
    list.push(variant.id);
    byState.set(state, list);
  }
  await updateBackorderStates(shop, byState);
}

/** Recomputes the state of the given variants (all of the shop's when omitted); returns the ids whose state changed. */
export async function refreshVariantStates(shop: string, variantIds?: string[]): Promise<{ changed: string[] }> {
  const { lowStockThreshold } = await getShopSettings(shop);
  const changed: string[] = [];
  if (variantIds) {
    const unique = [...new Set(variantIds)];
    for (let i = 0; i < unique.length; i += PAGE) await refreshPage(shop, unique.slice(i, i + PAGE), lowStockThreshold, changed);
    return { changed };
  }
  let after: string | null = null;
  for (;;) {
    const ids = await listVariantIdsPage(shop, { after, take: PAGE });
    if (!ids.length) break;
    await refreshPage(shop, ids, lowStockThreshold, changed);
    after = ids[ids.length - 1];
    if (ids.length < PAGE) break;
  }
  return { changed };
}
