// Variant.backorderState is kept fresh by the models that write its inputs (app/models/backorder-state.server.ts);
// this module is the services' entry point to the same derivation: `stateInputOf` for services that decide from
// the state inputs (policy enforcement, storefront metafields, the variant page), and `refreshVariantStates` for
// a whole-shop re-derivation (e.g. after a threshold change, whose settings writer is not a backorder model).

import { refreshStoredBackorderStates } from "#app/models/backorder-state.server";

export { stateInputOf } from "#app/models/backorder-state.server";

/** Recomputes the state of the given variants (all of the shop's when omitted); returns the ids whose state changed. */
export async function refreshVariantStates(shop: string, variantIds?: string[]): Promise<{ changed: string[] }> {
  return refreshStoredBackorderStates(shop, variantIds ?? "all");
}
