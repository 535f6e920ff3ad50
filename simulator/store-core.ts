import { randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import path from "node:path";
import { ShopData, SimulatorError, type BulkOperationRecord, type SimEvent, type StagedUploadRecord } from "./records";
import { createFunctionRegistry, type FunctionRegistry } from "./functions/function-registry";
import { loadAppToml, type AppTomlFacts } from "./seed";

// What every area of the simulated store shares: the clock, the store-wide id sequence, the event stream that
// webhooks are delivered from, the shops' data and the store-wide bulk operation tables. The areas (catalog,
// inventory, checkout, order lifecycle, metafields, bulk files, shops) are functions over this core;
// SimulatorStore (store.ts) gathers them as methods.

export type SimulatorStoreOptions = {
  now?: () => Date;
  publicUrl?: string;
  /** The app's numeric id; `$app` metafield namespaces resolve to `app--<appId>`. */
  appId?: number;
  /** shopify.app.toml whose declared metafield definitions and scopes every shop starts with; null to skip. */
  appConfigPath?: string | null;
  /** The app's extensions folder, whose function extensions count as deployed (default: next to the app toml); null for none. */
  extensionsDir?: string | null;
  /** Bulk query operations an app may run at once per shop (2026-01 and later: five). */
  maxConcurrentBulkQueries?: number;
  /** Shopify also sends products/update when a variant's inventory quantity changes; off to quieten tests. */
  productUpdateOnInventoryChange?: boolean;
};

const DEFAULT_APP_TOML = path.resolve(import.meta.dirname, "../shopify.app.toml");

export class StoreCore {
  readonly publicUrl: string;
  readonly appId: number;
  readonly maxConcurrentBulkQueries: number;
  readonly productUpdateOnInventoryChange: boolean;
  readonly appToml: AppTomlFacts;
  /** The app's Shopify Functions, as `shopify app deploy` registers them (simulator/functions/function-registry.ts). */
  readonly functions: FunctionRegistry;
  private readonly clock: () => Date;
  private readonly listeners = new Set<(event: SimEvent) => void>();
  private readonly shops = new Map<string, ShopData>();
  readonly bulkOperations = new Map<number, BulkOperationRecord>();
  /** Staged uploads by their `key` (= bulkOperationRunMutation's stagedUploadPath). */
  readonly stagedUploads = new Map<string, StagedUploadRecord>();
  /** Directory of bulk JSONL results and staged uploads; managed by bulk-files.ts (null until first use). */
  bulkDir: string | null = null;
  private lastId = 7_100_000_000_000;

  constructor(opts: SimulatorStoreOptions = {}) {
    this.clock = opts.now ?? (() => new Date());
    this.publicUrl = (opts.publicUrl ?? "http://127.0.0.1:3457").replace(/\/$/, "");
    this.appId = opts.appId ?? 31_415_926_535;
    this.maxConcurrentBulkQueries = opts.maxConcurrentBulkQueries ?? 5;
    this.productUpdateOnInventoryChange = opts.productUpdateOnInventoryChange ?? true;
    const tomlPath = opts.appConfigPath === undefined ? DEFAULT_APP_TOML : opts.appConfigPath;
    this.appToml = tomlPath && existsSync(tomlPath) ? loadAppToml(tomlPath) : { scopes: null, metafieldDefinitions: [] };
    const extensionsDir = opts.extensionsDir === undefined ? path.join(path.dirname(tomlPath ?? DEFAULT_APP_TOML), "extensions") : opts.extensionsDir;
    this.functions = createFunctionRegistry({ extensionsDir, appKey: String(this.appId) });
  }

  now(): Date {
    return this.clock();
  }

  nowMs(): number {
    return this.clock().getTime();
  }

  /** Store-wide id sequence, so numeric ids never collide across types or shops. */
  nextId(): number {
    this.lastId += 1;
    return this.lastId;
  }

  /** The reserved namespace `$app` stands for. */
  appNamespace(): string {
    return `app--${this.appId}`;
  }

  onEvent(listener: (event: SimEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  emit(shop: string, topic: string, payload: unknown): void {
    const event: SimEvent = { shop, topic, payload, triggeredAt: this.now(), eventId: randomUUID() };
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener (e.g. webhook delivery) must not roll back or break the store mutation.
        console.error(`[simulator] event listener failed for ${topic}`, error);
      }
    }
  }

  /** Registers a new shop's data (shops.ts createShop builds it). */
  addShopData(data: ShopData): void {
    if (this.shops.has(data.domain)) throw new SimulatorError(`Shop ${data.domain} already exists`, 409);
    this.shops.set(data.domain, data);
  }

  hasShop(domain: string): boolean {
    return this.shops.has(domain);
  }

  listShops(): string[] {
    return [...this.shops.keys()];
  }

  /** Internal: the shop's data, for resolvers and the bulk runner. */
  getShopData(domain: string): ShopData {
    const data = this.shops.get(domain);
    if (!data) throw new SimulatorError(`Unknown shop ${domain}`);
    return data;
  }

  findShopData(domain: string): ShopData | undefined {
    return this.shops.get(domain);
  }
}
