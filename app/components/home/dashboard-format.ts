// How the Home dashboard writes counts, money and variant names.
import { centsToDecimal } from "../../domain/dashboard";

export const count = (value: number) => value.toLocaleString("en-US");

export function money(cents: number, currencyCode: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency: currencyCode }).format(Number(centsToDecimal(cents)));
  } catch {
    return `${centsToDecimal(cents)} ${currencyCode}`;
  }
}

export function variantName(row: { productTitle: string; variantTitle: string }): string {
  return row.variantTitle && row.variantTitle !== "Default Title" ? `${row.productTitle} – ${row.variantTitle}` : row.productTitle;
}
