import { cancelBulkOperation, startBulkQuery } from "./bulk";
import { createStagedUploads, startBulkMutation, type StagedUploadInput } from "./bulk-mutation";
import { gidArg } from "./resolver-helpers";
import { fieldsOf, NotImplementedError } from "./resolver-types";

// Starting and cancelling bulk operations, and the staged uploads bulk mutations read.

export const BULK_OPERATION_MUTATIONS = fieldsOf<unknown>({
  bulkOperationRunQuery: (_s, args: { query: string }, ctx) => startBulkQuery(ctx, args.query),

  bulkOperationRunMutation: (_s, args: { mutation: string; stagedUploadPath: string; clientIdentifier?: string | null }, ctx) => {
    if (args.clientIdentifier !== undefined && args.clientIdentifier !== null) throw new NotImplementedError("Mutation", "bulkOperationRunMutation(clientIdentifier:)");
    return startBulkMutation(ctx, args.mutation, args.stagedUploadPath);
  },

  stagedUploadsCreate: (_s, args: { input: StagedUploadInput[] }, ctx) => createStagedUploads(ctx, args.input),

  bulkOperationCancel: (_s, args: { id: string }, ctx) => cancelBulkOperation(ctx, gidArg(args.id, "BulkOperation")),
});
