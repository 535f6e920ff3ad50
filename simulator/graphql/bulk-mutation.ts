import { createHmac, randomUUID } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import path from "node:path";
import { execute, Kind, parse, validate, type DocumentNode, type GraphQLFieldResolver, type OperationDefinitionNode } from "graphql";
import type { BulkOperationRecord, StagedUploadRecord } from "../store";
import { ACTIVE, close, createBulkOperationRecord, finish } from "./bulk";
import { createFieldResolver, typeResolver } from "./resolvers";
import { NotImplementedError, type Ctx } from "./resolver-types";

// Bulk imports, like Shopify's two steps:
//   1. stagedUploadsCreate(resource: BULK_MUTATION_VARIABLES) hands out a POST target on the simulator
//      (`<publicUrl>/staged-uploads`) with form parameters, `key` among them; the app POSTs a multipart form
//      (the parameters, then `file`) there — see server.ts — and the file is stored under that key.
//   2. bulkOperationRunMutation(mutation, stagedUploadPath: key) executes the mutation once per JSONL line,
//      the line being the variables, through the same resolvers as the GraphQL endpoint (so validation and
//      userErrors are the real ones), and writes `{"data": …, "__lineNumber": n}` (0-based) per line.
// Lines are not charged against the shop's query-cost bucket (Shopify runs them outside it).

type BulkMutationUserError = {
  __typename: "BulkMutationUserError";
  field: string[] | null;
  message: string;
  code: "INTERNAL_FILE_SERVER_ERROR" | "INVALID_MUTATION" | "INVALID_STAGED_UPLOAD_FILE" | "LIMIT_REACHED" | "NO_SUCH_FILE" | "OPERATION_IN_PROGRESS" | null;
};

/** S3/GCS reject staged files above this size (EntityTooLarge at 20,971,520 bytes). */
export const MAX_STAGED_UPLOAD_BYTES = 20 * 1024 * 1024;

const SIGNING_SECRET = randomUUID();

export function signStagedPolicy(policy: string): string {
  return createHmac("sha256", SIGNING_SECRET).update(policy).digest("hex");
}

/** StagedUploadInput (Admin GraphQL). */
export type StagedUploadInput = { resource: string; filename?: string | null; mimeType: string; httpMethod?: string | null; fileSize?: string | null };

/** stagedUploadsCreate: only the bulk-mutation variables resource is modelled. */
export function createStagedUploads(ctx: Ctx, inputs: StagedUploadInput[]) {
  const stagedTargets: unknown[] = [];
  for (const input of inputs) {
    if (input.resource !== "BULK_MUTATION_VARIABLES") throw new NotImplementedError("StagedUploadInput", `resource: ${String(input.resource)}`);
    if (input.httpMethod && input.httpMethod !== "POST") throw new NotImplementedError("StagedUploadInput", `httpMethod: ${String(input.httpMethod)}`);
    const filename = String(input.filename ?? "bulk_op_vars");
    const key = `tmp/${ctx.data.shop.id}/bulk/${randomUUID()}/${filename.replace(/[^\w.-]+/g, "_") || "bulk_op_vars"}`;
    const date = new Date(ctx.store.nowMs()).toISOString().replace(/[-:]|\.\d{3}/g, "");
    const policy = Buffer.from(
      JSON.stringify({
        conditions: [{ "Content-Type": input.mimeType }, { success_action_status: "201" }, { acl: "private" }, ["content-length-range", 1, MAX_STAGED_UPLOAD_BYTES], { bucket: "shopify-staged-uploads" }, { key }],
        expiration: new Date(ctx.store.nowMs() + 3600_000).toISOString(),
      }),
    ).toString("base64");
    const parameters = [
      { name: "key", value: key },
      { name: "Content-Type", value: String(input.mimeType) },
      { name: "success_action_status", value: "201" },
      { name: "acl", value: "private" },
      { name: "policy", value: policy },
      { name: "x-goog-credential", value: `simulator-staged-uploads/${date.slice(0, 8)}/auto/storage/goog4_request` },
      { name: "x-goog-algorithm", value: "GOOG4-HMAC-SHA256" },
      { name: "x-goog-date", value: date },
      { name: "x-goog-signature", value: signStagedPolicy(policy) },
    ];
    const record: StagedUploadRecord = { key, shop: ctx.data.domain, filename, mimeType: String(input.mimeType), parameters, createdAt: ctx.store.nowMs(), filePath: null, fileSize: null };
    ctx.store.stagedUploads.set(key, record);
    stagedTargets.push({ __typename: "StagedMediaUploadTarget", url: ctx.store.stagedUploadUrl(), resourceUrl: null, parameters: parameters.map((p) => ({ __typename: "StagedUploadParameter", ...p })) });
  }
  return { stagedTargets, userErrors: [] };
}

const bulkError = (code: BulkMutationUserError["code"], field: string[] | null, message: string): { bulkOperation: null; userErrors: BulkMutationUserError[] } => ({
  bulkOperation: null,
  userErrors: [{ __typename: "BulkMutationUserError", field, message, code }],
});

/** bulkOperationRunMutation: validates the mutation and the staged file, then runs asynchronously. */
export function startBulkMutation(ctx: Ctx, mutation: string, stagedUploadPath: string): { bulkOperation: BulkOperationRecord | null; userErrors: BulkMutationUserError[] } {
  const { store, data } = ctx;
  const running = [...store.bulkOperations.values()].filter((op) => op.shop === data.domain && op.type === "MUTATION" && ACTIVE.has(op.status));
  if (running.length >= store.maxConcurrentBulkQueries) {
    return store.maxConcurrentBulkQueries === 1
      ? bulkError("OPERATION_IN_PROGRESS", null, `A bulk mutation operation for this app and shop is already in progress: gid://shopify/BulkOperation/${running[0].id}.`)
      : bulkError("LIMIT_REACHED", null, `Bulk operations limit reached. Please try again later. (${running.length} bulk mutation operations are already running for this app and shop.)`);
  }

  let document: DocumentNode;
  try {
    document = parse(mutation);
  } catch (error) {
    return bulkError("INVALID_MUTATION", ["mutation"], `Failed to parse the mutation - ${(error as Error).message}`);
  }
  const errors = validate(ctx.admin.schema, document);
  if (errors.length) return bulkError("INVALID_MUTATION", ["mutation"], `Invalid mutation: ${errors.map((e) => e.message).join(" ")}`);
  const operations = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (operations.length !== 1 || operations[0].operation !== "mutation") {
    return bulkError("INVALID_MUTATION", ["mutation"], "Invalid mutation: the document must contain exactly one mutation operation.");
  }
  if (operations[0].selectionSet.selections.length !== 1) {
    return bulkError("INVALID_MUTATION", ["mutation"], "Invalid mutation: a bulk mutation can only run a single top-level mutation field.");
  }

  const upload = store.stagedUploads.get(stagedUploadPath);
  if (!upload || upload.shop !== data.domain || !upload.filePath) {
    return bulkError("NO_SUCH_FILE", ["stagedUploadPath"], "The JSONL file could not be found. Try uploading the file again, and specify the correct path.");
  }
  const lines: Array<Record<string, unknown>> = [];
  for (const [index, text] of readFileSync(upload.filePath, "utf8").split("\n").entries()) {
    if (!text.trim()) continue;
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return bulkError("INVALID_STAGED_UPLOAD_FILE", ["stagedUploadPath"], `Failed to parse the JSONL file: line ${index + 1} is not valid JSON.`);
    }
    if (!value || typeof value !== "object" || Array.isArray(value)) {
      return bulkError("INVALID_STAGED_UPLOAD_FILE", ["stagedUploadPath"], `Failed to parse the JSONL file: line ${index + 1} is not a JSON object of variables.`);
    }
    lines.push(value as Record<string, unknown>);
  }
  if (!lines.length) return bulkError("INVALID_STAGED_UPLOAD_FILE", ["stagedUploadPath"], "The JSONL file is empty.");

  const operation = createBulkOperationRecord(store, data.domain, "MUTATION", mutation);
  setImmediate(() => {
    runBulkMutation(ctx, document, lines, operation).catch((error) => console.error("[simulator] bulk mutation crashed", error));
  });
  return { bulkOperation: operation, userErrors: [] };
}

const YIELD_EVERY = 50;

async function runBulkMutation(ctx: Ctx, document: DocumentNode, lines: Array<Record<string, unknown>>, operation: BulkOperationRecord): Promise<void> {
  const { store } = ctx;
  if (operation.cancelRequested) return finish(ctx, operation, "CANCELED");
  operation.status = "RUNNING";
  const filePath = path.join(store.bulkResultDir(), `${operation.id}.jsonl`);
  operation.filePath = filePath;
  const out = createWriteStream(filePath);
  const fieldResolver = createFieldResolver() as unknown as GraphQLFieldResolver<unknown, Ctx>;
  let bytes = 0;
  try {
    for (const [lineNumber, variables] of lines.entries()) {
      if (operation.cancelRequested) {
        await close(out);
        operation.fileSize = bytes;
        if (operation.objectCount) operation.partialDataUrl = store.bulkResultUrl(operation.id);
        return finish(ctx, operation, "CANCELED");
      }
      const lineCtx: Ctx = { ...ctx, bulk: false, searchWarnings: [] };
      const result = await execute({ schema: ctx.admin.schema, document, variableValues: variables, contextValue: lineCtx, fieldResolver, typeResolver });
      const line: Record<string, unknown> = {};
      if (result.errors?.length) line.errors = result.errors.map((e) => e.toJSON());
      if (result.data !== undefined) line.data = result.data;
      line.__lineNumber = lineNumber;
      const text = `${JSON.stringify(line)}\n`;
      bytes += Buffer.byteLength(text);
      operation.objectCount += 1;
      operation.rootObjectCount += 1;
      if (!out.write(text)) await once(out, "drain");
      // Let the server answer polls while a big import runs.
      if ((lineNumber + 1) % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    await close(out);
    operation.fileSize = bytes;
    operation.url = store.bulkResultUrl(operation.id);
    finish(ctx, operation, "COMPLETED");
  } catch (error) {
    await close(out).catch(() => undefined);
    operation.errorCode = "INTERNAL_SERVER_ERROR";
    operation.failureMessage = (error as Error).message;
    operation.fileSize = bytes;
    if (operation.objectCount) operation.partialDataUrl = store.bulkResultUrl(operation.id);
    console.error(`[simulator] bulk mutation ${operation.id} failed: ${operation.failureMessage}`);
    finish(ctx, operation, "FAILED");
  }
}
