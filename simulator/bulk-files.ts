import { randomUUID } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { buildBulkOperationFinishPayload } from "./payloads";
import { idOf, type BulkOperationRecord } from "./records";
import type { StoreCore } from "./store-core";

// Files behind bulk operations: JSONL results (served at /bulk/<id>.jsonl) and staged uploads for bulk mutations.

/** Directory for JSONL results (created on first use, removed by dispose()). */
export function bulkResultDir(store: StoreCore): string {
  if (!store.bulkDir) store.bulkDir = mkdtempSync(path.join(tmpdir(), "shopify-sim-bulk-"));
  return store.bulkDir;
}

export function bulkResultUrl(store: StoreCore, id: number): string {
  return `${store.publicUrl}/bulk/${id}.jsonl`;
}

/** Where staged uploads are POSTed (multipart form: the target's parameters, then `file`). */
export function stagedUploadUrl(store: StoreCore): string {
  return `${store.publicUrl}/staged-uploads`;
}

/** Stores an uploaded staged file under its key; false when the key was never issued. */
export function receiveStagedUpload(store: StoreCore, key: string, content: Buffer): boolean {
  const upload = store.stagedUploads.get(key);
  if (!upload) return false;
  const dir = path.join(bulkResultDir(store), "staged");
  mkdirSync(dir, { recursive: true });
  const filePath = path.join(dir, `${randomUUID()}.jsonl`);
  writeFileSync(filePath, content);
  upload.filePath = filePath;
  upload.fileSize = content.length;
  return true;
}

export function finishBulkOperation(store: StoreCore, operation: BulkOperationRecord): void {
  store.emit(operation.shop, "bulk_operations/finish", buildBulkOperationFinishPayload(store.findShopData(operation.shop), operation));
}

export function getBulkResult(store: StoreCore, id: string): Readable | null {
  const numeric = idOf(id.replace(/\.jsonl$/, ""), "BulkOperation");
  const operation = numeric === null ? undefined : store.bulkOperations.get(numeric);
  if (!operation || !operation.filePath || !existsSync(operation.filePath)) return null;
  // A failed/canceled operation still serves what it wrote (its partialDataUrl).
  if (operation.status !== "COMPLETED" && !operation.partialDataUrl) return null;
  return createReadStream(operation.filePath);
}

/** Removes bulk result files; the store is unusable for bulk results afterwards. */
export function dispose(store: StoreCore): void {
  for (const operation of store.bulkOperations.values()) {
    if (operation.status === "CREATED" || operation.status === "RUNNING") operation.cancelRequested = true;
  }
  if (store.bulkDir) rmSync(store.bulkDir, { recursive: true, force: true });
  store.bulkDir = null;
}
