// Full catalog sync through a bulk query:
//   startCatalogSync          → bulkOperationRunQuery(CATALOG_BULK_QUERY); Shop.catalogSyncStatus = "running"
//   importCatalogBulkResult   → (after bulk_operations/finish, or polled) stream the JSONL result into the
//                               mirror in bounded batches, drop rows the export did not contain, recompute
//                               variant totals (and with them the stored backorder states); Shop.catalogSyncStatus = "completed" | "failed"
// Memory stays flat whatever the catalog size: lines are streamed one at a time, rows are flushed in
// batches, and the only per-line state kept is the current variant's inventory item.

import {
  createCatalogWriter,
  deleteCatalogRowsNotSeenSince,
  deleteProductCollectionLinks,
  getCatalogSyncState,
  markCatalogSyncCompleted,
  markCatalogSyncFailed,
  markCatalogSyncRunning,
  recomputeVariantTotals,
  refreshMirrorStatistics,
  replaceLocations,
  countCatalog,
  type CatalogSyncStatus,
  type DeletedCatalogCounts,
  type WriteStrategy,
} from "#app/models/catalog-mirror.server";
import type { AdminGateway, BulkOperationStatus } from "#app/shopify/admin-gateway.server";
import { BulkOperationInProgressError } from "#app/shopify/graphql-errors";
import { classifyCatalogLine } from "#app/shopify/bulk-catalog-lines";
import { streamJsonLines } from "#app/shopify/bulk-jsonl.server";
import { recordStockLevelsNow } from "./sales-history.server";

type CatalogGateway = Pick<AdminGateway, "startCatalogBulkQuery" | "getBulkOperation" | "listLocations">;

export async function startCatalogSync(input: {
  shop: string;
  gateway: Pick<AdminGateway, "startCatalogBulkQuery">;
  now: Date;
}): Promise<{ bulkOperationId: string; alreadyRunning: boolean }> {
  const { shop, gateway, now } = input;
  let operation: { id: string };
  try {
    operation = await gateway.startCatalogBulkQuery();
  } catch (error) {
    // Our own export may still be running (a retried start job): keep waiting for it.
    if (error instanceof BulkOperationInProgressError) {
      const state = await getCatalogSyncState(shop);
      if (state.status === "running" && state.bulkOperationId) {
        return { bulkOperationId: state.bulkOperationId, alreadyRunning: true };
      }
    }
    throw error;
  }
  await markCatalogSyncRunning(shop, { bulkOperationId: operation.id, startedAt: now });
  return { bulkOperationId: operation.id, alreadyRunning: false };
}

export type CatalogImportCounts = {
  lines: number;
  products: number;
  variants: number;
  collectionLinks: number;
  inventoryLevels: number;
  skippedLines: number;
  unresolvedInventoryLevels: number;
  locations: number;
  deleted: DeletedCatalogCounts;
};

export type CatalogImportResult =
  | { status: "pending"; pending: true; bulkStatus: BulkOperationStatus }
  | { status: "completed"; pending: false; counts: CatalogImportCounts; durationMs: number }
  | { status: "failed"; pending: false; error: string }
  | { status: "ignored"; pending: false; reason: string };

export type ImportProgress = { lines: number; products: number; variants: number; inventoryLevels: number };

export async function importCatalogBulkResult(input: {
  shop: string;
  gateway: CatalogGateway;
  bulkOperationId: string;
  now: Date;
  fetchImpl?: typeof fetch;
  batchSize?: number;
  /** Defaults to the database's fastest (see catalog-mirror.server.ts). */
  writeStrategy?: WriteStrategy;
  /** Called every `progressEvery` lines (tests sample memory here). */
  onProgress?: (progress: ImportProgress) => void;
  progressEvery?: number;
  /** Wall clock for durationMs (defaults to performance.now). */
  clock?: () => number;
}): Promise<CatalogImportResult> {
  const { shop, gateway, bulkOperationId, now } = input;
  const state = await getCatalogSyncState(shop);
  if (state.bulkOperationId && state.bulkOperationId !== bulkOperationId) {
    return { status: "ignored", pending: false, reason: `superseded by ${state.bulkOperationId}` };
  }
  if (state.status === "completed" && state.bulkOperationId === bulkOperationId) {
    return { status: "ignored", pending: false, reason: "already imported" };
  }

  const operation = await gateway.getBulkOperation(bulkOperationId);
  if (operation.status === "CREATED" || operation.status === "RUNNING" || operation.status === "CANCELING") {
    return { status: "pending", pending: true, bulkStatus: operation.status };
  }
  if (operation.status !== "COMPLETED") {
    // FAILED / CANCELED / EXPIRED. A partial result is never imported: it would delete rows it lacks.
    const error = `Catalog export ${operation.status.toLowerCase()}${operation.errorCode ? ` (${operation.errorCode})` : ""}`;
    await markCatalogSyncFailed(shop, { error });
    return { status: "failed", pending: false, error };
  }

  const clock = input.clock ?? (() => performance.now());
  const started = clock();
  try {
    const locations = await gateway.listLocations();
    await replaceLocations(shop, locations, now);

    const syncStartedAt = state.startedAt ?? now;
    const counts = await streamIntoMirror({
      shop,
      url: operation.url, // null with objectCount 0: an empty catalog, which is valid
      syncedAt: now,
      fetchImpl: input.fetchImpl,
      batchSize: input.batchSize,
      writeStrategy: input.writeStrategy,
      onProgress: input.onProgress,
      progressEvery: input.progressEvery,
    });
    // Statistics first: on PostgreSQL the prune's anti-joins over the freshly imported rows are planned from them
    // (without, a nested loop over 100,000 × 200,000 rows), and again after the prune and totals changed rows.
    await refreshMirrorStatistics();
    const deleted = await deleteCatalogRowsNotSeenSince(shop, syncStartedAt);
    await recomputeVariantTotals(shop);
    await refreshMirrorStatistics();
    await recordStockLevelsNow({ shop, now }); // the sales history's daily level, where it changed
    await markCatalogSyncCompleted(shop, { completedAt: now });
    return {
      status: "completed",
      pending: false,
      counts: { ...counts, locations: locations.length, deleted },
      durationMs: Math.round(clock() - started),
    };
  } catch (error) {
    await markCatalogSyncFailed(shop, { error: (error as Error)?.message ?? String(error) });
    throw error;
  }
}

async function streamIntoMirror(input: {
  shop: string;
  url: string | null;
  syncedAt: Date;
  fetchImpl?: typeof fetch;
  batchSize?: number;
  writeStrategy?: WriteStrategy;
  onProgress?: (progress: ImportProgress) => void;
  progressEvery?: number;
}): Promise<Omit<CatalogImportCounts, "locations" | "deleted">> {
  const writer = createCatalogWriter(input.shop, {
    syncedAt: input.syncedAt,
    batchSize: input.batchSize,
    strategy: input.writeStrategy,
  });
  const progressEvery = Math.max(1, input.progressEvery ?? 5_000);
  let lines = 0;
  let skippedLines = 0;
  let unresolvedInventoryLevels = 0;
  // The only state carried from line to line: the last variant's inventory item, for level lines that
  // lack `item { id }` (levels of a variant usually follow it).
  let currentVariant: { id: string; inventoryItemId: string | null } | null = null;

  // Links carry no sync mark, so the export's links replace the stored ones.
  await deleteProductCollectionLinks(input.shop);

  if (input.url) {
    for await (const raw of streamJsonLines(input.url, { fetchImpl: input.fetchImpl })) {
      lines++;
      const line = classifyCatalogLine(raw);
      switch (line.kind) {
        case "product":
          await writer.addProduct(line.product);
          break;
        case "variant":
          currentVariant = { id: line.variant.id, inventoryItemId: line.variant.inventoryItemId };
          await writer.addVariant(line.variant);
          break;
        case "collection":
          await writer.addCollection(line.productId, line.collection);
          break;
        case "inventoryLevel": {
          let inventoryItemId = line.inventoryItemId;
          if (!inventoryItemId) {
            inventoryItemId =
              currentVariant?.id === line.variantId
                ? currentVariant.inventoryItemId
                : await writer.findInventoryItemId(line.variantId);
          }
          if (inventoryItemId) await writer.addInventoryLevel({ ...line.level, inventoryItemId });
          else unresolvedInventoryLevels++;
          break;
        }
        case "skip":
          skippedLines++;
          break;
      }
      if (lines % progressEvery === 0) input.onProgress?.({ lines, ...progressCounts(writer.counts) });
    }
  }
  await writer.flush();
  input.onProgress?.({ lines, ...progressCounts(writer.counts) });
  return { lines, ...writer.counts, skippedLines, unresolvedInventoryLevels };
}

function progressCounts(counts: { products: number; variants: number; inventoryLevels: number }) {
  return { products: counts.products, variants: counts.variants, inventoryLevels: counts.inventoryLevels };
}

export type CatalogSyncStatusView = {
  status: CatalogSyncStatus;
  bulkOperationId: string | null;
  startedAt: Date | null;
  syncedAt: Date | null;
  error: string | null;
  products: number;
  variants: number;
};

export async function getCatalogSyncStatus(shop: string): Promise<CatalogSyncStatusView> {
  const [state, counts] = await Promise.all([getCatalogSyncState(shop), countCatalog(shop)]);
  return { ...state, products: counts.products, variants: counts.variants };
}
