// The function's entry points: one export per target in shopify.extension.toml, plus `_start` so the module
// is also a plain WASI command. Input JSON on stdin, output JSON on stdout (Shopify's classic contract).

import { readCartInput } from "./cart-input";
import { findCapViolations } from "./backorder-cap";
import { readJson } from "./json-reader";
import { ValidationResultWriter } from "./json-writer";
import { languageOf, writeCapMessage } from "./messages";
import { Utf8Writer } from "./utf8-writer";
import { readStdin, writeStdout } from "./wasi-io";
// Loaded so the compiler can route `abort` to it (`--use abort=…/abort-handler/abortHandler`).
import "./abort-handler";

/** The cart.validations.generate.run target. */
export function cart_validations_generate_run(): void {
  const input = readStdin();
  const output = validate(input.start, input.length);
  writeStdout(output.buffer, output.length);
}

export function _start(): void {
  cart_validations_generate_run();
}

// Shopify fails a run whose output exceeds 20,000 bytes, scaled ×1 per 200 cart lines up to ×10 (Shopify's
// function-runner; `@scaleLimits(rate: 0.005)` on Cart.lines), and a failed run lets checkout through
// (blockOnFailure: false). So a huge cart of over-cap lines gets the first errors that fit: any error still
// blocks checkout, and the buyer sees the rest once those lines are fixed.
const OUTPUT_LIMIT_BYTES: f64 = 20000;
const OUTPUT_MARGIN_BYTES: i32 = 256;

function outputBudget(lineCount: i32): i32 {
  const scale = Math.min(10, Math.max(1, <f64>lineCount * 0.005));
  return <i32>(OUTPUT_LIMIT_BYTES * scale) - OUTPUT_MARGIN_BYTES;
}

function validate(inputStart: usize, inputLength: i32): Utf8Writer {
  const document = readJson(inputStart, inputLength);
  // Unreadable input is answered with "no errors": still a valid result, and never a blocked checkout.
  if (document == null) return new ValidationResultWriter(outputBudget(0)).finish();
  const input = readCartInput(document);
  const result = new ValidationResultWriter(outputBudget(input.lines.length));
  const language = languageOf(input.languageCode);
  const violations = findCapViolations(input.lines);
  for (let i = 0; i < violations.length; i++) {
    const violation = violations[i];
    const mark = result.beginLineError();
    writeCapMessage(result.out, violation.sellable, violation.eta, violation.onSeveralLines, language);
    if (!result.endLineError(mark, violation.lineIndex)) break;
  }
  return result.finish();
}
