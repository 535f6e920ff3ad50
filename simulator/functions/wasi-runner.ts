import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { WASI } from "node:wasi";

// Runs a Shopify Function module the way Shopify's classic "WebAssembly for Functions" contract does: a WASI
// preview 1 command module, a fresh instance per run, the input JSON on stdin, the output JSON on stdout, logs on
// stderr, and the target's named export as the entry point. Limits are those of Shopify's own local runner
// (Shopify/function-runner, src/function_run_result.rs): input 128,000 and output 20,000 bytes, scaled with the
// cart's lines (`@scaleLimits(rate: 0.005)` on Cart.lines in the function schema: ×1 up to 200 lines, at most ×10).

export const FUNCTION_INPUT_LIMIT_BYTES = 128_000;
export const FUNCTION_OUTPUT_LIMIT_BYTES = 20_000;
/** Shopify keeps this much of a run's logs (function-runner's FUNCTION_LOG_LIMIT). */
export const FUNCTION_LOG_LIMIT_BYTES = 1_000;

export type FunctionRunOutcome =
  | { ok: true; output: unknown; logs: string; durationMs: number }
  | { ok: false; error: string; logs: string; durationMs: number };

/** The factor Shopify scales a run's limits by: one per 200 cart lines, between 1 and 10. */
export function functionLimitScale(input: unknown): number {
  const lines = (input as { cart?: { lines?: unknown } } | null)?.cart?.lines;
  const count = Array.isArray(lines) ? lines.length : 0;
  return Math.min(10, Math.max(1, count * 0.005));
}

/** Runs `exportName` of `module` on `input` (serialised to JSON) and parses what it writes to stdout. */
export function runFunctionExport({ module, exportName, input }: { module: WebAssembly.Module; exportName: string; input: unknown }): FunctionRunOutcome {
  return runFunctionExportOnText({ module, exportName, inputText: JSON.stringify(input), limitScale: functionLimitScale(input) });
}

/** The same run with stdin given as text, as-is (also text that is not JSON: what a module does with bad input). */
export function runFunctionExportOnText({ module, exportName, inputText, limitScale = 1 }: { module: WebAssembly.Module; exportName: string; inputText: string; limitScale?: number }): FunctionRunOutcome {
  const scale = limitScale;
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), "shopify-function-"));
  const files = { stdin: path.join(directory, "stdin.json"), stdout: path.join(directory, "stdout.json"), stderr: path.join(directory, "stderr.log") };
  fs.writeFileSync(files.stdin, inputText);
  const fds = { stdin: fs.openSync(files.stdin, "r"), stdout: fs.openSync(files.stdout, "w+"), stderr: fs.openSync(files.stderr, "w+") };
  const started = performance.now();
  let failure: string | null = null;
  try {
    const inputBytes = Buffer.byteLength(inputText);
    if (inputBytes > FUNCTION_INPUT_LIMIT_BYTES * scale) {
      failure = `input is ${inputBytes} bytes, over Shopify's limit of ${FUNCTION_INPUT_LIMIT_BYTES * scale}`;
    } else {
      const wasi = createWasi(fds);
      const instance = new WebAssembly.Instance(module, wasi.getImportObject() as WebAssembly.Imports);
      const entry = instance.exports[exportName];
      if (typeof entry !== "function") {
        failure = `the module has no function export "${exportName}"`;
      } else {
        // node:wasi only starts `_start`; handing it the named export under that name runs the target's entry point.
        const exitCode = wasi.start({ exports: { memory: instance.exports.memory, _start: entry } } as unknown as WebAssembly.Instance);
        if (exitCode !== 0) failure = `the function exited with code ${exitCode}`;
      }
    }
  } catch (error) {
    failure = error instanceof WebAssembly.RuntimeError ? `the function trapped: ${error.message}` : `the function could not run: ${error instanceof Error ? error.message : String(error)}`;
  } finally {
    fs.closeSync(fds.stdin);
    fs.closeSync(fds.stdout);
    fs.closeSync(fds.stderr);
  }
  const durationMs = performance.now() - started;
  const stdout = fs.readFileSync(files.stdout);
  const logs = fs.readFileSync(files.stderr, "utf8");
  fs.rmSync(directory, { recursive: true, force: true });
  if (failure !== null) return { ok: false, error: failure, logs, durationMs };
  if (stdout.length > FUNCTION_OUTPUT_LIMIT_BYTES * scale) {
    return { ok: false, error: `output is ${stdout.length} bytes, over Shopify's limit of ${FUNCTION_OUTPUT_LIMIT_BYTES * scale}`, logs, durationMs };
  }
  try {
    return { ok: true, output: JSON.parse(stdout.toString("utf8")), logs, durationMs };
  } catch {
    return { ok: false, error: `the function's output is not JSON: ${JSON.stringify(stdout.toString("utf8").slice(0, 200))}`, logs, durationMs };
  }
}

let wasiClass: typeof WASI | null = null;

function createWasi(fds: { stdin: number; stdout: number; stderr: number }): WASI {
  const Wasi = wasiClass ?? (wasiClass = loadWasiQuietly());
  return new Wasi({ version: "preview1", args: [], env: {}, stdin: fds.stdin, stdout: fds.stdout, stderr: fds.stderr, returnOnExit: true });
}

function loadWasiQuietly(): typeof WASI {
  // node:wasi announces itself as experimental when it loads; that line is noise in test and simulator logs, so
  // it is loaded here, on first use, with that one warning filtered out.
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const type = typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === "ExperimentalWarning" && String(warning).startsWith("WASI")) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return process.getBuiltinModule("node:wasi").WASI;
  } finally {
    process.emitWarning = emitWarning;
  }
}
