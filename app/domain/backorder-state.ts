// Decides what a variant's backorder state is (for the admin), whether a shopper may buy it now, how many more
// units may be backordered, and which inventory policy the app should hold in Shopify. Pure: the caller passes
// the mirror rows (Variant, InventoryLevel, VariantBackorder) and the shop's settings.
//
// Counting backordered units (the cap):
//   Shopify's `available` goes negative when a CONTINUE variant is sold past its stock, so −(sum of available over
//   locations) IS the number of units sold without stock, across channels, updated synchronously at checkout.
//   The app's own ledger (open BackorderLine quantities, `unitsBackordered`) counts the same thing from
//   orders/create webhooks. Both reach us through webhooks that arrive late and out of order (the mirror's
//   inventory_levels/update vs orders/create), so either can lag the other; we count the LARGER of the two.
//   Erring high only stops sales a little early; erring low oversells past the merchant's cap (complaint 4).
//   The ledger must count only units not yet covered by received stock, or it will hold the cap after a restock.
//
// `purchasable` is the app's verdict ("should a shopper be able to buy it now"), which is Shopify's reality
// or stricter: a CONTINUE variant whose cap is reached is still sold by Shopify until the app flips it to DENY,
// but it is reported as not purchasable. Policy drift (Shopify's policy ≠ `desiredInventoryPolicy`) is spelled
// out in `reason`.

import type { BackorderConfig, BackorderState, InventoryPolicy } from "./types";

export type BackorderStateInput = {
  tracked: boolean;
  inventoryPolicy: InventoryPolicy;
  /** `available` per location; may be negative where the variant was sold past stock. */
  availableByLocation: number[];
  /** The VariantBackorder row, or null when the app has never configured this variant. */
  backorder: BackorderConfig | null;
  /** Units currently owed on open orders and not covered by stock (the app's ledger). */
  unitsBackordered: number;
  /** ShopSettings.lowStockThreshold: 1…threshold units in stock is "low stock"; 0 disables it. */
  lowStockThreshold: number;
};

export type BackorderStateResult = {
  state: BackorderState;
  /** Sum of `availableByLocation`. */
  available: number;
  /** Units that can still be backordered; null = unlimited. */
  remainingAllowance: number | null;
  purchasable: boolean;
  /** One short sentence for the admin. */
  reason: string;
};

/** Units sold without stock: the larger of Shopify's −available and the app's ledger (see the file comment). */
export function countBackorderedUnits(available: number, unitsBackordered: number): number {
  return Math.max(0, -available, unitsBackordered);
}

export function sumAvailable(availableByLocation: readonly number[]): number {
  return availableByLocation.reduce((sum, n) => sum + n, 0);
}

/** True when backorders are on for this variant and the cap leaves no more units. */
export function isCapReached(backorder: BackorderConfig | null, backorderedUnits: number): boolean {
  return !!backorder && backorder.cap !== null && backorderedUnits >= backorder.cap;
}

function isBackorderActive(backorder: BackorderConfig | null): backorder is BackorderConfig {
  return !!backorder && backorder.enabled && !backorder.discontinued;
}

/**
 * Units that may still be sold beyond stock:
 * untracked → null (Shopify never stops it); discontinued → 0; backorders on → cap − backordered (null without a
 * cap); backorders off → null under CONTINUE (Shopify keeps selling, nothing caps it), 0 under DENY.
 */
function remainingAllowanceOf(input: BackorderStateInput, backorderedUnits: number): number | null {
  const { backorder } = input;
  if (!input.tracked) return null;
  if (backorder?.discontinued) return 0;
  if (backorder?.enabled) return backorder.cap === null ? null : Math.max(0, backorder.cap - backorderedUnits);
  return input.inventoryPolicy === "CONTINUE" ? null : 0;
}

function units(n: number): string {
  return `${n} unit${n === 1 ? "" : "s"}`;
}

function etaPhrase(backorder: BackorderConfig | null): string {
  if (backorder?.etaDate) return `ETA ${backorder.etaDate}`;
  if (backorder && backorder.leadTimeDays !== null) {
    const days = backorder.leadTimeDays;
    return days === 0 ? "ships the day it is ordered" : `ships ${days} day${days === 1 ? "" : "s"} after order`;
  }
  return "no ETA set";
}

function allowancePhrase(backorder: BackorderConfig, backorderedUnits: number): string {
  if (backorder.cap === null) return `${units(backorderedUnits)} owed, no cap`;
  return `${units(backorderedUnits)} of ${backorder.cap} allowed owed`;
}

export function decideBackorderState(input: BackorderStateInput): BackorderStateResult {
  const { backorder, inventoryPolicy } = input;
  const available = sumAvailable(input.availableByLocation);
  const backorderedUnits = countBackorderedUnits(available, input.unitsBackordered);
  const remainingAllowance = remainingAllowanceOf(input, backorderedUnits);
  const result = (state: BackorderState, purchasable: boolean, reason: string): BackorderStateResult => ({
    state,
    available,
    remainingAllowance,
    purchasable,
    reason,
  });

  if (!input.tracked) {
    return result(
      "untracked",
      true,
      backorder?.discontinued
        ? "Inventory isn't tracked, so Shopify always sells it even though it is marked discontinued."
        : "Inventory isn't tracked, so Shopify always sells it.",
    );
  }

  if (available > 0) {
    const low = available <= input.lowStockThreshold;
    const stock = low ? `Low stock: ${units(available)} left` : `In stock: ${units(available)}`;
    let note = "";
    if (backorder?.discontinued) note = "; discontinued, selling the remaining stock";
    else if (isBackorderActive(backorder) && isCapReached(backorder, backorderedUnits)) {
      note = `; backorder cap already reached (${allowancePhrase(backorder, backorderedUnits)})`;
    }
    return result(low ? "low_stock" : "in_stock", true, `${stock}${note}.`);
  }

  // Out of stock from here on (available ≤ 0).
  if (backorder?.discontinued) {
    return result(
      "discontinued",
      false,
      inventoryPolicy === "CONTINUE"
        ? "Discontinued, but Shopify still sells it out of stock (policy CONTINUE): set the policy to DENY."
        : "Discontinued: out of stock and no restock expected.",
    );
  }

  if (isBackorderActive(backorder) && isCapReached(backorder, backorderedUnits)) {
    return result(
      "backorder_cap_reached",
      false,
      inventoryPolicy === "CONTINUE"
        ? `Backorder cap reached (${allowancePhrase(backorder, backorderedUnits)}); the app will switch the policy to DENY.`
        : `Backorder cap reached (${allowancePhrase(backorder, backorderedUnits)}); sales are stopped.`,
    );
  }

  if (inventoryPolicy === "CONTINUE") {
    if (isBackorderActive(backorder)) {
      return result(
        "backorder",
        true,
        `Backordered: ${allowancePhrase(backorder, backorderedUnits)}; ${etaPhrase(backorder)}.`,
      );
    }
    return result(
      "backorder",
      true,
      backorder
        ? "Backorders are off in the app, but Shopify still sells it out of stock (policy CONTINUE); the app will switch the policy to DENY."
        : "Shopify sells it out of stock (policy CONTINUE), but backorders aren't set up in the app: no cap, no ETA set.",
    );
  }

  return result(
    "sold_out",
    false,
    isBackorderActive(backorder)
      ? "Sold out: backorders are on, but Shopify's policy is DENY; the app will switch the policy to CONTINUE."
      : "Sold out.",
  );
}

/**
 * True when the variant is being sold on backorder without any ETA (no fixed date, no lead time): the admin should
 * prompt the merchant, and shoppers see no ship date. A lead time of 0 counts as an ETA (ships the same day).
 */
export function needsEta(result: BackorderStateResult, backorder: BackorderConfig | null): boolean {
  if (result.state !== "backorder") return false;
  return !backorder || (!backorder.etaDate && backorder.leadTimeDays === null);
}

/**
 * The inventory policy the app should hold in Shopify for this variant. Backorders on, not discontinued and under
 * the cap → CONTINUE (set ahead of the stock-out, so selling never waits on a webhook); a configured variant
 * otherwise → DENY. A variant the app doesn't manage (untracked: the policy has no effect; no VariantBackorder row:
 * the merchant's own setting) keeps its current policy, so desired === current means "no drift".
 */
export function desiredInventoryPolicy(input: BackorderStateInput): InventoryPolicy {
  const { backorder } = input;
  if (!input.tracked || !backorder) return input.inventoryPolicy;
  if (!isBackorderActive(backorder)) return "DENY";
  const available = sumAvailable(input.availableByLocation);
  return isCapReached(backorder, countBackorderedUnits(available, input.unitsBackordered)) ? "DENY" : "CONTINUE";
}

/** True when Shopify's policy differs from the one the app should hold. */
export function hasPolicyDrift(input: BackorderStateInput): boolean {
  return desiredInventoryPolicy(input) !== input.inventoryPolicy;
}
