// Domain value types shared by the backorder modules (state, ETA, CSV import/export, automation rules).
// Pure type declarations: they mirror the Prisma rows (VariantBackorder, AutomationRule, …) field by field so the
// models can map rows without casting, but nothing here imports Prisma, Remix or Shopify.

/** Shopify's ProductVariantInventoryPolicy: DENY stops selling at 0, CONTINUE keeps selling (backorders). */
export type InventoryPolicy = "DENY" | "CONTINUE";

/** A calendar date in the shop's time zone, `YYYY-MM-DD` (e.g. an ETA). Validate with `isValidLocalDate`. */
export type LocalDate = string;

/** Day of the week as `Date#getUTCDay()` numbers it: 0 = Sunday … 6 = Saturday. */
export type Weekday = 0 | 1 | 2 | 3 | 4 | 5 | 6;

/** Who last changed a variant's backorder settings (`VariantBackorder.source`). */
export type BackorderSource = "manual" | "rule" | "csv";

/** What the admin shows for a variant, decided by `decideBackorderState`. */
export type BackorderState =
  | "in_stock"
  | "low_stock"
  | "backorder"
  | "backorder_cap_reached"
  | "sold_out"
  | "untracked"
  | "discontinued";

/** The backorder settings of one variant (the subset of a `VariantBackorder` row the rules read). */
export type BackorderConfig = {
  enabled: boolean;
  /** Max units that may be owed (backordered) at once; null = no cap; 0 = nothing may be backordered. */
  cap: number | null;
  /** Fixed restock date in the shop's time zone; wins over `leadTimeDays`. */
  etaDate: LocalDate | null;
  /** "Ships N days after the order" (business or calendar days per `VariantBackorder.businessDays`). */
  leadTimeDays: number | null;
  /** No restock expected: never backordered, whatever `enabled` says. */
  discontinued: boolean;
};

/**
 * A partial update of a variant's backorder settings (CSV import, automation). An absent key means "no change";
 * `null` means "clear the value".
 */
export type BackorderChanges = {
  enabled?: boolean;
  etaDate?: LocalDate | null;
  leadTimeDays?: number | null;
  cap?: number | null;
  message?: string | null;
};

/** What the admin (a variant's page, the variants list), rules and CSV import apply: BackorderChanges plus the staff-only fields. */
export type BackorderChangeInput = BackorderChanges & {
  internalNote?: string | null;
  discontinued?: boolean;
};

/** `AutomationRule.scopeType`. */
export type RuleScopeType = "all" | "collection" | "tag" | "vendor" | "productType";

/** An automation rule, field for field the `AutomationRule` row minus `shop`/`updatedAt`. */
export type AutomationRule = {
  id: string;
  name: string;
  scopeType: RuleScopeType;
  /** Collection GID, tag, vendor or product type; ignored for `all`. */
  scopeValue: string | null;
  active: boolean;
  /** Lower number = higher priority. */
  priority: number;
  /** Turn backorders on (policy CONTINUE) when a tracked variant reaches 0. */
  autoEnableAtZero: boolean;
  /** Turn backorders off (policy DENY) when stock returns. */
  autoDisableOnRestock: boolean;
  /** Turn backorders off when the cap is reached. */
  disableAtCap: boolean;
  /** On restock, clear the fixed ETA date (otherwise it is kept). */
  clearEtaOnRestock: boolean;
  defaultEtaDate: LocalDate | null;
  defaultLeadTimeDays: number | null;
  defaultCap: number | null;
  /** Turn backorders on ahead of a predicted stock-out when stock is inbound (app/domain/predicted-stockout-automation.ts). Default false. */
  enableAheadOfStockOut?: boolean;
  /** Days ahead of the earliest predicted stock-out to turn them on; null = the variant's lead time (or 7). */
  aheadWindowDays?: number | null;
  createdAt: Date;
};

/** What a rule scope is matched against (from the Product/ProductCollection mirror). */
export type VariantFacts = {
  vendor: string | null;
  productType: string | null;
  tags: string[];
  /** Collection GIDs the variant's product belongs to. */
  collectionIds: string[];
};
