// Writes the function's output document: {"operations":[{"validationAdd":{"errors":[…]}}]}.

export class ValidationError {
  constructor(public message: string, public target: string) {}
}

/** The target of a line's quantity field, in the input query's path syntax. */
export function lineQuantityTarget(lineIndex: i32): string {
  return "$.cart.lines[" + lineIndex.toString() + "].quantity";
}

const OPENING = "{\"operations\":[{\"validationAdd\":{\"errors\":[";
const CLOSING = "]}}]}";

/** The output document with as many of the errors, in order, as fit in `maxBytes` of UTF-8. */
export function validationResult(errors: ValidationError[], maxBytes: i32): string {
  const parts: string[] = [];
  let bytes = String.UTF8.byteLength(OPENING) + String.UTF8.byteLength(CLOSING);
  for (let i = 0; i < errors.length; i++) {
    const part = "{\"message\":" + jsonString(errors[i].message) + ",\"target\":" + jsonString(errors[i].target) + "}";
    const partBytes = String.UTF8.byteLength(part) + (i > 0 ? 1 : 0);
    if (bytes + partBytes > maxBytes) break;
    bytes += partBytes;
    parts.push(part);
  }
  return OPENING + parts.join(",") + CLOSING;
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
