import { normalizeTags } from "../catalog";
import { toGid } from "../records";
import { applyMetafields, planMetafield, type MetafieldInput, type PlannedMetafield } from "./metafield-mutations";
import { rejectUnsupported, type UserError } from "./mutation-support";
import { gidArg } from "./resolver-helpers";
import { fieldsOf } from "./resolver-types";

// orderUpdate (the order lifecycle itself is the merchant's side: simulator/order-lifecycle.ts).

/** OrderInput, the fields the simulator models. */
type OrderInput = {
  id: string;
  note?: string | null;
  tags?: string[] | null;
  email?: string | null;
  customAttributes?: Array<{ key: string; value: string }> | null;
  metafields?: MetafieldInput[] | null;
};

export const ORDER_MUTATIONS = fieldsOf<unknown>({
  orderUpdate: (_s, args: { input: OrderInput }, ctx) => {
    const input = args.input;
    rejectUnsupported(input, ["id", "note", "tags", "email", "customAttributes", "metafields"], "OrderInput");
    const order = ctx.data.orders.get(gidArg(input.id, "Order") ?? -1);
    if (!order) return { order: null, userErrors: [{ field: ["id"], message: "Order does not exist" }] };
    const errors: UserError[] = [];
    if (input.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(input.email)) errors.push({ field: ["email"], message: "Email is invalid" });
    const metafields: PlannedMetafield[] = [];
    (input.metafields ?? []).forEach((metafield, j) => {
      rejectUnsupported(metafield, ["namespace", "key", "type", "value"], "MetafieldInput");
      const result = planMetafield(ctx, metafield, toGid("Order", order.id), ["metafields", String(j)], null);
      if (result.error) errors.push({ field: result.error.field, message: result.error.message });
      else metafields.push(result.planned!);
    });
    if (errors.length) return { order: null, userErrors: errors };
    if (input.note !== undefined) order.note = input.note;
    if (input.tags) order.tags = normalizeTags(input.tags);
    if (input.email !== undefined) order.email = input.email;
    if (input.customAttributes) order.customAttributes = input.customAttributes.map((a) => ({ key: a.key, value: a.value }));
    applyMetafields(ctx, metafields);
    order.updatedAt = ctx.store.nowMs();
    ctx.store.emitOrderUpdated(ctx.data, order);
    return { order, userErrors: [] };
  },
});
