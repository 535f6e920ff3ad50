// Writes the function's output document, {"operations":[{"validationAdd":{"errors":[…]}}]}, as UTF-8.

import { Utf8Writer } from "./utf8-writer";

const OPENING = "{\"operations\":[{\"validationAdd\":{\"errors\":[";
const CLOSING = "]}}]}";

/** Writes a line's error whose message `writeMessage` fills in; errors that would not fit are left out. */
export class ValidationResultWriter {
  out: Utf8Writer = new Utf8Writer(4096);
  count: i32 = 0;
  full: bool = false;

  constructor(public maxBytes: i32) {
    this.out.raw(OPENING);
  }

  /** Starts an error on `$.cart.lines[lineIndex].quantity`; write its message text into `out`, then call `endLineError`. */
  beginLineError(): i32 {
    const mark = this.out.length;
    if (this.count > 0) this.out.raw(",");
    this.out.raw("{\"message\":\"");
    return mark;
  }

  /** Closes the error begun at `mark`; false, and the error taken back, once the document would exceed its limit. */
  endLineError(mark: i32, lineIndex: i32): bool {
    this.out.raw("\",\"target\":\"$.cart.lines[");
    this.out.integer(lineIndex);
    this.out.raw("].quantity\"}");
    if (this.out.length + CLOSING.length > this.maxBytes) {
      this.out.length = mark;
      this.full = true;
      return false;
    }
    this.count++;
    return true;
  }

  /** The finished document: its bytes are `out.buffer`, `out.length` long. */
  finish(): Utf8Writer {
    this.out.raw(CLOSING);
    return this.out;
  }
}
