import { Badge } from "@shopify/polaris";
import type { BackorderStateValue } from "../schemas/variant-list";

type Tone = "success" | "info" | "attention" | "warning" | "critical" | undefined;

export const STATE_LABELS: Record<BackorderStateValue, string> = {
  in_stock: "In stock",
  low_stock: "Low stock",
  backorder: "On backorder",
  backorder_cap_reached: "Cap reached",
  sold_out: "Sold out",
  untracked: "Not tracked",
  discontinued: "Discontinued",
};

export const STATE_DESCRIPTIONS: Record<BackorderStateValue, string> = {
  in_stock: "Stock available",
  low_stock: "Only a few units left",
  backorder: "Out of stock, still selling",
  backorder_cap_reached: "Backorder cap used up: sales stopped",
  sold_out: "Out of stock, not purchasable",
  untracked: "Shopify doesn't track inventory",
  discontinued: "No restock expected",
};

const STATE_TONES: Record<BackorderStateValue, Tone> = {
  in_stock: "success",
  low_stock: "attention",
  backorder: "info",
  backorder_cap_reached: "warning",
  sold_out: "critical",
  untracked: undefined,
  discontinued: undefined,
};

export function BackorderStateBadge({ state }: { state: BackorderStateValue }) {
  return <Badge tone={STATE_TONES[state]}>{STATE_LABELS[state] ?? state}</Badge>;
}
