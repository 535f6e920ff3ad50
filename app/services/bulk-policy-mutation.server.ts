// Large inventory-policy changes through ONE Shopify bulk mutation instead of one productVariantsBulkUpdate
// call per product:
//   startBulkPolicyMutation      → plan JSONL lines ({ productId, variants } per product, ≤ 250 variants a line)
//                                  → stagedUploadsCreate(BULK_MUTATION_VARIABLES) → multipart POST of the file
//                                  → bulkOperationRunMutation(productVariantsBulkUpdate, stagedUploadPath)
//   readBulkPolicyMutationResult → poll the bulk operation; once COMPLETED, stream the result JSONL (one line
//                                  per input line, `__lineNumber` 0-based, the mutation's payload incl.
//                                  userErrors) and map every outcome back to a variant.
// The result file carries no input, so the reader re-plans the lines from the SAME `updates` (the plan is
// deterministic) and cross-checks each line's `product { id }` against the plan.
// Limits (docs/platform-requirements G3–G5): input arrays ≤ 250 items (also the per-product chunk of the
// direct path), ≤ 2,048 variants per product, staged JSONL ≤ ~20 MB, a bulk mutation must finish within 24 h.

import type { InventoryPolicy } from "#app/domain/catalog";
import { toInventoryPolicy } from "#app/domain/catalog";
import { isRecord } from "#app/domain/is-record";
import { VARIANTS_BULK_UPDATE_CHUNK, type AdminGateway } from "#app/shopify/admin-gateway.server";
import { streamJsonLines } from "#app/shopify/bulk-jsonl.server";
import { toUserErrors } from "#app/shopify/graphql-errors";

/** Selections with more variants than this should go through the bulk mutation (the job routes them). */
export const BULK_MUTATION_THRESHOLD = 2000;
/** Variants per JSONL line: productVariantsBulkUpdate input arrays are capped at 250 items. */
export const BULK_POLICY_VARIANTS_PER_LINE = VARIANTS_BULK_UPDATE_CHUNK;
/** The staged JSONL upload is rejected above 20 MB (20,971,520 bytes); keep a margin. */
export const BULK_MUTATION_MAX_FILE_BYTES = 20 * 1024 * 1024 - 64 * 1024;

export type BulkPolicyUpdate = { productId: string; variantId: string; policy: InventoryPolicy };

export type BulkPolicyLine = { productId: string; variants: Array<{ variantId: string; policy: InventoryPolicy }> };

export type BulkPolicyGateway = Pick<AdminGateway, "stagedUploadForBulkMutation" | "runBulkPolicyMutation" | "getBulkOperation">;

export type BulkPolicyFailure = { variantId: string; message: string; code: string | null };

export type BulkPolicyOutcome = { succeeded: string[]; failed: BulkPolicyFailure[] };

export type BulkPolicyMutationResult =
  | { status: "pending" }
  | ({ status: "completed" } & BulkPolicyOutcome)
  | { status: "failed"; error: string; partial: BulkPolicyOutcome | null };

export class BulkPolicyMutationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BulkPolicyMutationError";
  }
}

/** The staged upload POST was refused (HTTP status and the storage service's answer). */
export class StagedUploadError extends BulkPolicyMutationError {
  readonly status: number;
  constructor(status: number, body: string) {
    super(`Staged upload failed: HTTP ${status}${body ? ` ${body.slice(0, 300)}` : ""}`);
    this.name = "StagedUploadError";
    this.status = status;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Planning

/**
 * One line per product (in order of first appearance), split every 250 variants. A variant listed twice keeps
 * its last policy. Deterministic: the result reader re-plans the same updates to map `__lineNumber`s back.
 */
export function planBulkPolicyLines(updates: readonly BulkPolicyUpdate[]): BulkPolicyLine[] {
  const byProduct = new Map<string, Map<string, InventoryPolicy>>();
  for (const update of updates) {
    let variants = byProduct.get(update.productId);
    if (!variants) {
      variants = new Map();
      byProduct.set(update.productId, variants);
    }
    variants.set(update.variantId, update.policy);
  }
  const lines: BulkPolicyLine[] = [];
  for (const [productId, variants] of byProduct) {
    const entries = [...variants].map(([variantId, policy]) => ({ variantId, policy }));
    for (let i = 0; i < entries.length; i += BULK_POLICY_VARIANTS_PER_LINE) {
      lines.push({ productId, variants: entries.slice(i, i + BULK_POLICY_VARIANTS_PER_LINE) });
    }
  }
  return lines;
}

/** The JSONL variables file: `{ "productId": …, "variants": [{ "id": …, "inventoryPolicy": … }] }` per line. */
export function toBulkPolicyJsonl(lines: readonly BulkPolicyLine[]): string {
  return lines
    .map((line) => JSON.stringify({ productId: line.productId, variants: line.variants.map((v) => ({ id: v.variantId, inventoryPolicy: v.policy })) }))
    .join("\n")
    .concat("\n");
}

// ---------------------------------------------------------------------------------------------------------
// Start

export async function startBulkPolicyMutation(args: {
  shop: string;
  now: Date;
  gateway: BulkPolicyGateway;
  updates: readonly BulkPolicyUpdate[];
  fetchImpl?: typeof fetch;
}): Promise<{ bulkOperationId: string; stagedUploadPath: string; lines: number; variants: number }> {
  const fetchImpl = args.fetchImpl ?? fetch;
  const lines = planBulkPolicyLines(args.updates);
  if (!lines.length) throw new BulkPolicyMutationError("No variants to update");
  const jsonl = toBulkPolicyJsonl(lines);
  const bytes = Buffer.byteLength(jsonl);
  if (bytes > BULK_MUTATION_MAX_FILE_BYTES) {
    throw new BulkPolicyMutationError(`The bulk mutation file would be ${bytes} bytes, above the ${BULK_MUTATION_MAX_FILE_BYTES}-byte staged upload limit; split the selection`);
  }

  const filename = `backorders-policy-${args.shop.replace(/[^a-z0-9-]+/gi, "-")}-${args.now.getTime()}.jsonl`;
  const target = await args.gateway.stagedUploadForBulkMutation(filename);
  const form = new FormData();
  for (const parameter of target.parameters) form.append(parameter.name, parameter.value);
  form.append("file", new Blob([jsonl], { type: "text/jsonl" }), filename); // the file must come last
  const response = await fetchImpl(target.url, { method: "POST", body: form });
  if (!response.ok) throw new StagedUploadError(response.status, await response.text().catch(() => ""));
  await response.body?.cancel().catch(() => undefined);

  const operation = await args.gateway.runBulkPolicyMutation(target.stagedUploadPath);
  return {
    bulkOperationId: operation.id,
    stagedUploadPath: target.stagedUploadPath,
    lines: lines.length,
    variants: lines.reduce((sum, line) => sum + line.variants.length, 0),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Result

/** Maps one result line (the mutation's response for one planned line) to per-variant outcomes. */
function outcomeOfLine(line: BulkPolicyLine, result: Record<string, unknown>, out: BulkPolicyOutcome): void {
  const failAll = (message: string, code: string | null = null) => {
    for (const v of line.variants) out.failed.push({ variantId: v.variantId, message, code });
  };
  const data = isRecord(result.data) ? result.data : null;
  const payload = data && isRecord(data.productVariantsBulkUpdate) ? data.productVariantsBulkUpdate : null;
  const errors = Array.isArray(result.errors) ? result.errors.filter(isRecord).map((e) => String(e.message ?? "GraphQL error")) : [];
  if (!payload) return failAll(errors.length ? errors.join("; ") : "No productVariantsBulkUpdate payload for this line");
  const productId = isRecord(payload.product) && typeof payload.product.id === "string" ? payload.product.id : null;
  if (productId !== null && productId !== line.productId) {
    return failAll(`Result line belongs to ${productId}, planned for ${line.productId} (were the same updates passed?)`);
  }

  const failedIds = new Set<string>();
  const unattributed: string[] = [];
  for (const error of toUserErrors(payload.userErrors)) {
    const f = error.field;
    const index = f && f[0] === "variants" && f.length > 1 && /^\d+$/.test(f[1]) ? Number(f[1]) : null;
    const variant = index !== null ? line.variants[index] : undefined;
    if (variant) {
      failedIds.add(variant.variantId);
      out.failed.push({ variantId: variant.variantId, message: error.message, code: error.code });
    } else {
      unattributed.push(error.message);
    }
  }
  const returned = Array.isArray(payload.productVariants) ? payload.productVariants.filter(isRecord) : [];
  const returnedPolicy = new Map(returned.map((v) => [String(v.id), toInventoryPolicy(v.inventoryPolicy)] as const));
  for (const v of line.variants) {
    if (failedIds.has(v.variantId)) continue;
    const policy = returnedPolicy.get(v.variantId);
    if (policy === undefined && (unattributed.length || errors.length)) {
      out.failed.push({ variantId: v.variantId, message: `Not updated: ${[...unattributed, ...errors].join("; ")}`, code: null });
    } else if (policy !== undefined && policy !== v.policy) {
      out.failed.push({ variantId: v.variantId, message: `inventoryPolicy is still ${policy}`, code: null });
    } else {
      out.succeeded.push(v.variantId);
    }
  }
}

/** Streams a result file; planned lines without a result line count as failed with `missingMessage`. */
async function readOutcome(url: string, lines: readonly BulkPolicyLine[], fetchImpl: typeof fetch | undefined, missingMessage: string): Promise<BulkPolicyOutcome> {
  const out: BulkPolicyOutcome = { succeeded: [], failed: [] };
  const seen = new Set<number>();
  for await (const raw of streamJsonLines(url, { fetchImpl })) {
    if (!isRecord(raw) || typeof raw.__lineNumber !== "number") continue;
    const lineNumber = raw.__lineNumber;
    const line = lines[lineNumber];
    if (!line || seen.has(lineNumber)) continue;
    seen.add(lineNumber);
    outcomeOfLine(line, raw, out);
  }
  for (const [index, line] of lines.entries()) {
    if (seen.has(index)) continue;
    for (const v of line.variants) out.failed.push({ variantId: v.variantId, message: missingMessage, code: null });
  }
  return out;
}

/**
 * The state of a bulk policy mutation. `updates` must be the list given to startBulkPolicyMutation (the result
 * file only has line numbers). A FAILED/CANCELED/EXPIRED operation reports what its partial data shows.
 */
export async function readBulkPolicyMutationResult(args: {
  gateway: Pick<AdminGateway, "getBulkOperation">;
  bulkOperationId: string;
  updates: readonly BulkPolicyUpdate[];
  fetchImpl?: typeof fetch;
}): Promise<BulkPolicyMutationResult> {
  const operation = await args.gateway.getBulkOperation(args.bulkOperationId);
  const lines = planBulkPolicyLines(args.updates);
  switch (operation.status) {
    case "CREATED":
    case "RUNNING":
    case "CANCELING":
      return { status: "pending" };
    case "COMPLETED": {
      if (!operation.url) {
        return lines.length
          ? { status: "failed", error: "The bulk mutation completed without a result file", partial: null }
          : { status: "completed", succeeded: [], failed: [] };
      }
      const outcome = await readOutcome(operation.url, lines, args.fetchImpl, "No result for this variant's line in the bulk mutation output");
      return { status: "completed", ...outcome };
    }
    default: {
      const error = `Bulk mutation ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}`;
      const partial = operation.partialDataUrl
        ? await readOutcome(operation.partialDataUrl, lines, args.fetchImpl, `Not processed: ${error}`)
        : null;
      return { status: "failed", error, partial };
    }
  }
}
