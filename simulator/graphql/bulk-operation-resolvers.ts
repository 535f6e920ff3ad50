import type { BulkOperationRecord } from "../records";
import { gidArg, normalizeIdQuery, pathOf, search, sortRecords } from "./resolver-helpers";
import { connectionsOf, fieldsOf, type ConnectionArgs } from "./resolver-types";
import { formatDateTime } from "./schema";

// Reading bulk operations (running and cancelling them: bulk.ts, bulk-mutation.ts and bulk-operation-mutations.ts).

export const BULK_OPERATION_QUERY_FIELDS = fieldsOf<unknown>({
  bulkOperation: (_s, args: { id: string }, ctx) => {
    const id = gidArg(args.id, "BulkOperation");
    const operation = id === null ? undefined : ctx.store.bulkOperations.get(id);
    return operation && operation.shop === ctx.data.domain ? operation : null;
  },
  currentBulkOperation: (_s, args: { type?: string | null }, ctx) => {
    const type = args.type ?? "QUERY";
    let latest: BulkOperationRecord | null = null;
    for (const operation of ctx.store.bulkOperations.values()) {
      if (operation.shop === ctx.data.domain && operation.type === type && (!latest || operation.id > latest.id)) latest = operation;
    }
    return latest;
  },
});

export const BULK_OPERATION_QUERY_CONNECTIONS = connectionsOf<unknown>({
  bulkOperations: (_s, args: ConnectionArgs, ctx, info) => {
    const all = [...ctx.store.bulkOperations.values()].filter((operation) => operation.shop === ctx.data.domain);
    const list = search(
      ctx,
      all,
      normalizeIdQuery(args.query),
      (operation, field) =>
        field === "id" ? operation.id : field === "status" ? operation.status.toLowerCase() : field === "operation_type" ? operation.type.toLowerCase() : field === "created_at" ? formatDateTime(operation.createdAt) : undefined,
      ["id", "status", "operation_type", "created_at"],
      pathOf(info),
    );
    // Newest first by default, like Shopify.
    const sorted = sortRecords(list, args.sortKey === "COMPLETED_AT" ? (o) => o.completedAt ?? 0 : (o) => o.createdAt * 1e3 + (o.id % 1e3), false).reverse();
    return args.reverse ? sorted.reverse() : sorted;
  },
});
