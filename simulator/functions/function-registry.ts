import { execSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { parse } from "smol-toml";

// The app's Shopify Functions as `shopify app deploy` would register them: every extensions/*/shopify.extension.toml
// of type "function", with a stable id, its API type, its targets (input query text and wasm export) and the compiled
// module. The module is built on first use when it is missing or older than the extension's src/ (the toml's
// [extensions.build] command, run in the extension's folder, like the CLI does), then cached for the process.

export type FunctionTarget = { target: string; inputQuery: string; exportName: string };

export type DeployedFunction = {
  /** ShopifyFunction.id: a String in the Admin schema (a UUID on Shopify), stable per app and handle. */
  id: string;
  handle: string;
  title: string;
  description: string | null;
  apiType: string;
  apiVersion: string;
  directory: string;
  targets: FunctionTarget[];
  buildCommand: string | null;
  wasmPath: string;
};

export type LoadedModule = { ok: true; module: WebAssembly.Module } | { ok: false; error: string };

export type FunctionRegistry = {
  list(): DeployedFunction[];
  findById(id: string): DeployedFunction | null;
  findByHandle(handle: string): DeployedFunction | null;
  /** The compiled module, built first if needed; failures are cached too (a broken build stays broken). */
  loadModule(fn: DeployedFunction): LoadedModule;
};

/** Shopify's apiType per target family (shopifyFunctions(apiType:) filters on it). */
const API_TYPES: Array<[RegExp, string]> = [
  [/^(cart\.validations\.generate|purchase\.validation)\./, "cart_checkout_validation"],
  [/^(cart\.transform|purchase\.cart-transform)\./, "cart_transform"],
  [/^(cart\.lines\.discounts|cart\.delivery-options\.discounts)\./, "discount"],
  [/^(cart\.delivery-options\.transform|purchase\.delivery-customization)\./, "delivery_customization"],
  [/^(cart\.payment-methods\.transform|purchase\.payment-customization)\./, "payment_customization"],
  [/^(cart\.fulfillment-constraints|purchase\.fulfillment-constraint-rule)\./, "fulfillment_constraints"],
];

export function apiTypeOfTarget(target: string): string {
  return API_TYPES.find(([pattern]) => pattern.test(target))?.[1] ?? "unknown";
}

type TomlTable = Record<string, unknown>;

const asTable = (value: unknown): TomlTable => (value && typeof value === "object" && !Array.isArray(value) ? (value as TomlTable) : {});
const asTables = (value: unknown): TomlTable[] => (Array.isArray(value) ? value.map(asTable) : []);
const asString = (value: unknown): string | null => (typeof value === "string" && value.length > 0 ? value : null);

/** A UUID-shaped id derived from the app and the handle, so it survives restarts like a deployed function's. */
function stableFunctionId(appKey: string, handle: string): string {
  const hex = createHash("sha256").update(`${appKey}/${handle}`).digest("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Reads one extension folder's toml; null when it is not a function extension. */
export function readFunctionExtension(directory: string, appKey: string): DeployedFunction | null {
  const tomlPath = path.join(directory, "shopify.extension.toml");
  if (!existsSync(tomlPath)) return null;
  const toml = parse(readFileSync(tomlPath, "utf8")) as TomlTable;
  // Current tomls nest the extension in [[extensions]]; older ones put its keys at the top level.
  const extension = asTables(toml.extensions)[0] ?? toml;
  if (asString(extension.type) !== "function") return null;
  const handle = asString(extension.handle) ?? path.basename(directory);
  const build = asTable(extension.build);
  const targets = asTables(extension.targeting).flatMap((entry): FunctionTarget[] => {
    const target = asString(entry.target);
    const queryPath = asString(entry.input_query);
    if (!target) return [];
    const inputQuery = queryPath && existsSync(path.join(directory, queryPath)) ? readFileSync(path.join(directory, queryPath), "utf8") : "";
    return [{ target, inputQuery, exportName: asString(entry.export) ?? "_start" }];
  });
  return {
    id: stableFunctionId(appKey, handle),
    handle,
    title: asString(extension.name) ?? handle,
    description: asString(extension.description),
    apiType: targets.length ? apiTypeOfTarget(targets[0].target) : "unknown",
    apiVersion: asString(toml.api_version) ?? asString(extension.api_version) ?? "2026-10",
    directory,
    targets,
    buildCommand: asString(build.command),
    wasmPath: path.join(directory, asString(build.path) ?? "dist/function.wasm"),
  };
}

function newestMtimeUnder(directory: string): number {
  if (!existsSync(directory)) return 0;
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(path.join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

function needsBuild(fn: DeployedFunction): boolean {
  if (!existsSync(fn.wasmPath)) return true;
  return statSync(fn.wasmPath).mtimeMs < newestMtimeUnder(path.join(fn.directory, "src"));
}

function build(fn: DeployedFunction): string | null {
  if (!fn.buildCommand) return existsSync(fn.wasmPath) ? null : `${fn.handle}: no module at ${fn.wasmPath} and no [extensions.build] command`;
  try {
    execSync(fn.buildCommand, { cwd: fn.directory, stdio: "pipe", timeout: 120_000 });
    return existsSync(fn.wasmPath) ? null : `${fn.handle}: \`${fn.buildCommand}\` did not produce ${fn.wasmPath}`;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString("utf8").trim().slice(-2000);
    return `${fn.handle}: \`${fn.buildCommand}\` failed${stderr ? `: ${stderr}` : ""}`;
  }
}

const COMPILE_ATTEMPTS = 3;
const COMPILE_RETRY_MS = 250;

/**
 * Compiles the module file. A build running in another process (a test rebuilding the function) may be writing it
 * right now, so an unreadable file is read again a few times before it counts as broken.
 */
function compile(fn: DeployedFunction): LoadedModule {
  let problem = "";
  for (let attempt = 1; attempt <= COMPILE_ATTEMPTS; attempt += 1) {
    try {
      return { ok: true, module: new WebAssembly.Module(readFileSync(fn.wasmPath)) };
    } catch (error) {
      problem = error instanceof Error ? error.message : String(error);
      if (attempt < COMPILE_ATTEMPTS) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, COMPILE_RETRY_MS);
    }
  }
  return { ok: false, error: `${fn.handle}: ${fn.wasmPath} is not a valid WebAssembly module (${problem})` };
}

export function createFunctionRegistry(opts: { extensionsDir: string | null; appKey: string }): FunctionRegistry {
  let functions: DeployedFunction[] | null = null;
  const modules = new Map<string, LoadedModule>();

  const list = (): DeployedFunction[] => {
    if (functions) return functions;
    const dir = opts.extensionsDir;
    functions =
      dir && existsSync(dir)
        ? readdirSync(dir, { withFileTypes: true })
            .filter((entry) => entry.isDirectory())
            .map((entry) => readFunctionExtension(path.join(dir, entry.name), opts.appKey))
            .filter((fn): fn is DeployedFunction => fn !== null)
            .sort((a, b) => a.handle.localeCompare(b.handle))
        : [];
    return functions;
  };

  const loadModule = (fn: DeployedFunction): LoadedModule => {
    const cached = modules.get(fn.id);
    if (cached) return cached;
    const buildError = needsBuild(fn) ? build(fn) : null;
    const loaded: LoadedModule = buildError ? { ok: false, error: buildError } : compile(fn);
    modules.set(fn.id, loaded);
    return loaded;
  };

  return {
    list,
    findById: (id) => list().find((fn) => fn.id === id) ?? null,
    findByHandle: (handle) => list().find((fn) => fn.handle === handle) ?? null,
    loadModule,
  };
}
