// Writes the function's output document: {"operations":[{"validationAdd":{"errors":[…]}}]}.

/** The target of a line's quantity field, in the input query's path syntax. */
export function lineQuantityTarget(lineIndex: i32): string {
  return "$.cart.lines[" + lineIndex.toString() + "].quantity";
}

const OPENING = "{\"operations\":[{\"validationAdd\":{\"errors\":[";
const CLOSING = "]}}]}";

/** Collects errors, in order, while the document stays within `maxBytes` of UTF-8. */
export class ValidationResultWriter {
  parts: string[] = [];
  bytes: i32 = String.UTF8.byteLength(OPENING) + String.UTF8.byteLength(CLOSING);

  constructor(public maxBytes: i32) {}

  /** Adds the error; false (and nothing added) once it would not fit. */
  add(message: string, target: string): bool {
    const part = "{\"message\":" + jsonString(message) + ",\"target\":" + jsonString(target) + "}";
    const partBytes = String.UTF8.byteLength(part) + (this.parts.length > 0 ? 1 : 0);
    if (this.bytes + partBytes > this.maxBytes) return false;
    this.bytes += partBytes;
    this.parts.push(part);
    return true;
  }

  toString(): string {
    return OPENING + this.parts.join(",") + CLOSING;
  }
}

const HEX = "0123456789abcdef";

export function jsonString(text: string): string {
  const parts: string[] = ["\""];
  let segmentStart = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c != 0x22 && c != 0x5c && c >= 0x20) continue;
    parts.push(text.substring(segmentStart, i));
    if (c == 0x22) parts.push("\\\"");
    else if (c == 0x5c) parts.push("\\\\");
    else parts.push("\\u00" + HEX.charAt(c >> 4) + HEX.charAt(c & 15));
    segmentStart = i + 1;
  }
  parts.push(text.substring(segmentStart));
  parts.push("\"");
  return parts.join("");
}
