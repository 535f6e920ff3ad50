// Builds the checkout validation function (extensions/backorder-cap-validation, AssemblyScript) into
// dist/function.wasm and checks what Shopify checks: the module fits the 256 KB limit, imports nothing but WASI
// preview 1, and exports every target's `export` from shopify.extension.toml. `npm test` runs it first;
// the extension's `[extensions.build]` command is this script too (`npm run build:function`).
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { parse } from "smol-toml";

const ROOT = path.resolve(import.meta.dirname, "..");
export const VALIDATION_FUNCTION_DIR = path.join(ROOT, "extensions/backorder-cap-validation");
export const VALIDATION_FUNCTION_WASM = path.join(VALIDATION_FUNCTION_DIR, "dist/function.wasm");
const SOURCE_DIR = path.join(VALIDATION_FUNCTION_DIR, "src");
const ENTRY = path.join(SOURCE_DIR, "index.ts");
const ASC = path.join(ROOT, "node_modules/assemblyscript/bin/asc.js");

/** Shopify's limit on a function's compiled module ("256 kB", shopify.dev/docs/apps/build/functions, limitations). */
export const SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES = 256 * 1024;
const ALLOWED_IMPORT_MODULE = "wasi_snapshot_preview1";

export interface FunctionBuild {
  wasmPath: string;
  sizeBytes: number;
  /** The `export` of each `[[extensions.targeting]]`, by target. */
  exportsByTarget: Record<string, string>;
}

/**
 * Compiles the function and checks it; throws with the reason when the module would not be accepted. The module
 * is written next to its place and renamed into it, so parallel test workers never read a half-written file.
 */
export function buildValidationFunction(): FunctionBuild {
  fs.mkdirSync(path.dirname(VALIDATION_FUNCTION_WASM), { recursive: true });
  const partial = `${VALIDATION_FUNCTION_WASM}.${process.pid}.partial`;
  const abortHandler = path.relative(ROOT, path.join(SOURCE_DIR, "abort-handler")).split(path.sep).join("/") + "/abortHandler";
  execFileSync(
    process.execPath,
    [
      ASC,
      path.relative(ROOT, ENTRY),
      "--outFile", path.relative(ROOT, partial),
      // stub: a bump allocator, no GC (an instance lives for one run); abort → unreachable keeps `env` out of the imports.
      "--runtime", "stub",
      "-O3",
      "--noAssert",
      "--use", `abort=${abortHandler}`,
    ],
    { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] },
  );
  try {
    checkValidationFunction(partial);
    fs.renameSync(partial, VALIDATION_FUNCTION_WASM);
  } finally {
    fs.rmSync(partial, { force: true });
  }
  return checkValidationFunction(VALIDATION_FUNCTION_WASM);
}

/** The checks alone, on an already built module. */
export function checkValidationFunction(wasmPath: string): FunctionBuild {
  const bytes = fs.readFileSync(wasmPath);
  if (bytes.length > SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES) {
    throw new Error(`${wasmPath} is ${bytes.length} bytes; Shopify accepts at most ${SHOPIFY_FUNCTION_MODULE_LIMIT_BYTES}`);
  }
  const module = new WebAssembly.Module(bytes);
  const foreign = WebAssembly.Module.imports(module).filter((entry) => entry.module !== ALLOWED_IMPORT_MODULE);
  if (foreign.length > 0) {
    throw new Error(`${wasmPath} imports ${foreign.map((entry) => `${entry.module}.${entry.name}`).join(", ")}; only ${ALLOWED_IMPORT_MODULE} is available to a function`);
  }
  const exported = new Set(WebAssembly.Module.exports(module).map((entry) => entry.name));
  const exportsByTarget = readTargetExports();
  for (const [target, exportName] of Object.entries(exportsByTarget)) {
    if (!exported.has(exportName)) throw new Error(`${wasmPath} lacks the export "${exportName}" that target ${target} names`);
  }
  if (!exported.has("memory")) throw new Error(`${wasmPath} does not export its memory`);
  return { wasmPath, sizeBytes: bytes.length, exportsByTarget };
}

/** Whether dist/function.wasm is missing or older than a source file, the input query, the toml or this script. */
export function isValidationFunctionStale(): boolean {
  if (!fs.existsSync(VALIDATION_FUNCTION_WASM)) return true;
  const built = fs.statSync(VALIDATION_FUNCTION_WASM).mtimeMs;
  const inputs = [
    ...fs.readdirSync(SOURCE_DIR).map((name) => path.join(SOURCE_DIR, name)),
    path.join(VALIDATION_FUNCTION_DIR, "shopify.extension.toml"),
    import.meta.filename,
  ];
  return inputs.some((file) => fs.statSync(file).mtimeMs > built);
}

/** Builds only when stale; either way returns the checked module's facts. */
export function ensureValidationFunctionBuilt(): FunctionBuild {
  return isValidationFunctionStale() ? buildValidationFunction() : checkValidationFunction(VALIDATION_FUNCTION_WASM);
}

function readTargetExports(): Record<string, string> {
  const toml = parse(fs.readFileSync(path.join(VALIDATION_FUNCTION_DIR, "shopify.extension.toml"), "utf8")) as {
    extensions?: Array<{ targeting?: Array<{ target?: string; export?: string }> }>;
  };
  const targets = (toml.extensions ?? []).flatMap((extension) => extension.targeting ?? []);
  if (targets.length === 0) throw new Error("shopify.extension.toml declares no [[extensions.targeting]]");
  return Object.fromEntries(
    targets.map((targeting) => {
      if (!targeting.target || !targeting.export) throw new Error("every [[extensions.targeting]] needs a target and an export");
      return [targeting.target, targeting.export];
    }),
  );
}

function main(): void {
  try {
    const build = buildValidationFunction();
    const kb = (build.sizeBytes / 1024).toFixed(1);
    console.log(`${path.relative(ROOT, build.wasmPath)}: ${build.sizeBytes} bytes (${kb} KB of Shopify's 256 KB); exports ${Object.values(build.exportsByTarget).join(", ")}`);
  } catch (error) {
    console.error(`build:function failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) main();
