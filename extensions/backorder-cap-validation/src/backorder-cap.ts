// The rule: a cart may not ask for more units of a variant than the app last published as sellable
// (`$app.backorder_sellable` = in-stock units + remaining backorder allowance).
//
// Everything the rule cannot read passes: merchandise that is not a ProductVariant, variants without the
// metafield (not managed by the app, backorders off, no cap) and values that are not a non-negative integer.
// A validator must never block a store's checkout because of our data; the cap still has its second line,
// the app turning the variant's inventory policy to DENY once the cap is reached.

import { CalendarDate, CartLine } from "./cart-input";

export class CapViolation {
  constructor(
    /** Index in `cart.lines`. */
    public lineIndex: i32,
    /** Units of the variant that can still be ordered. */
    public sellable: i64,
    public eta: CalendarDate | null,
    /** Whether the variant is on more than one line (the message then asks for a lower total). */
    public onSeveralLines: bool,
  ) {}
}

/** One violation per line of each variant whose lines together exceed its sellable units. */
export function findCapViolations(lines: CartLine[]): CapViolation[] {
  const totals = new Map<string, i64>();
  const lineCounts = new Map<string, i32>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!isCapped(line)) continue;
    const id = line.variantId as string;
    const seen = totals.has(id);
    totals.set(id, (seen ? totals.get(id) : 0) + line.quantity);
    lineCounts.set(id, (seen ? lineCounts.get(id) : 0) + 1);
  }
  const violations: CapViolation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!isCapped(line)) continue;
    const id = line.variantId as string;
    if (totals.get(id) > line.sellable) {
      violations.push(new CapViolation(line.index, line.sellable, line.eta, lineCounts.get(id) > 1));
    }
  }
  return violations;
}

function isCapped(line: CartLine): bool {
  return line.variantId != null && line.sellable >= 0 && line.quantity >= 0;
}
