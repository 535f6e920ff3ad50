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
  const variants = new Map<string, VariantTotal>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!isCapped(line)) continue;
    const id = line.variantId as string;
    let total: VariantTotal;
    if (variants.has(id)) total = variants.get(id);
    else {
      total = new VariantTotal();
      variants.set(id, total);
    }
    total.quantity += line.quantity;
    total.lines++;
  }
  const violations: CapViolation[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (!isCapped(line)) continue;
    const total = variants.get(line.variantId as string);
    if (total.quantity > line.sellable) violations.push(new CapViolation(line.index, line.sellable, line.eta, total.lines > 1));
  }
  return violations;
}

class VariantTotal {
  quantity: i64 = 0;
  lines: i32 = 0;
}

function isCapped(line: CartLine): bool {
  return line.variantId != null && line.sellable >= 0 && line.quantity >= 0;
}
