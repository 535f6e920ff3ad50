// A small JSON reader for the function's input. It never traps on bad input: anything it cannot read
// yields null, and the caller treats that as "nothing to validate".

export enum JsonKind { Null, Boolean, Number, String, Array, Object }

// Scalars share these; only arrays and objects get their own lists (memory is never freed: the stub runtime).
const NO_ITEMS: JsonValue[] = [];
const NO_KEYS: string[] = [];

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  boolean: bool = false;
  number: f64 = 0;
  text: string = "";
  /** Array items, or object member values (in the order of `keys`). */
  items: JsonValue[] = NO_ITEMS;
  keys: string[] = NO_KEYS;

  /** The member named `key` of an object, or null (also for non-objects). */
  member(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] == key) return this.items[i];
    }
    return null;
  }

  /** The member `key` when it is a string, else null. */
  stringMember(key: string): string | null {
    const value = this.member(key);
    if (value == null || value.kind != JsonKind.String) return null;
    return value.text;
  }
}

// Deeper documents than this are not ours; refusing them keeps recursion off the stack limit.
const MAX_DEPTH: i32 = 64;

class Reader {
  position: i32 = 0;
  failed: bool = false;
  depth: i32 = 0;

  constructor(public source: string) {}

  at(): i32 {
    return this.position < this.source.length ? this.source.charCodeAt(this.position) : -1;
  }

  skipWhitespace(): void {
    while (true) {
      const c = this.at();
      if (c == 0x20 || c == 0x0a || c == 0x0d || c == 0x09) this.position++;
      else break;
    }
  }

  fail(): JsonValue | null {
    this.failed = true;
    return null;
  }

  readValue(): JsonValue | null {
    this.skipWhitespace();
    const c = this.at();
    if (c == 0x7b) return this.readObject();
    if (c == 0x5b) return this.readArray();
    if (c == 0x22) {
      const text = this.readString();
      if (text == null) return this.fail();
      const value = new JsonValue();
      value.kind = JsonKind.String;
      value.text = text;
      return value;
    }
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.readNumber();
    if (this.readWord("true")) return boolean(true);
    if (this.readWord("false")) return boolean(false);
    if (this.readWord("null")) return new JsonValue();
    return this.fail();
  }

  readWord(word: string): bool {
    if (this.source.length - this.position < word.length) return false;
    if (this.source.substring(this.position, this.position + word.length) != word) return false;
    this.position += word.length;
    return true;
  }

  readObject(): JsonValue | null {
    if (++this.depth > MAX_DEPTH) return this.fail();
    this.position++; // {
    const value = new JsonValue();
    value.kind = JsonKind.Object;
    value.items = [];
    value.keys = [];
    this.skipWhitespace();
    if (this.at() == 0x7d) {
      this.position++;
      this.depth--;
      return value;
    }
    while (true) {
      this.skipWhitespace();
      if (this.at() != 0x22) return this.fail();
      const key = this.readString();
      if (key == null) return this.fail();
      this.skipWhitespace();
      if (this.at() != 0x3a) return this.fail();
      this.position++;
      const member = this.readValue();
      if (member == null) return this.fail();
      value.keys.push(key);
      value.items.push(member);
      this.skipWhitespace();
      const c = this.at();
      this.position++;
      if (c == 0x2c) continue;
      if (c == 0x7d) break;
      return this.fail();
    }
    this.depth--;
    return value;
  }

  readArray(): JsonValue | null {
    if (++this.depth > MAX_DEPTH) return this.fail();
    this.position++; // [
    const value = new JsonValue();
    value.kind = JsonKind.Array;
    value.items = [];
    this.skipWhitespace();
    if (this.at() == 0x5d) {
      this.position++;
      this.depth--;
      return value;
    }
    while (true) {
      const item = this.readValue();
      if (item == null) return this.fail();
      value.items.push(item);
      this.skipWhitespace();
      const c = this.at();
      this.position++;
      if (c == 0x2c) continue;
      if (c == 0x5d) break;
      return this.fail();
    }
    this.depth--;
    return value;
  }

  /** Reads a string literal at the current quote; null when it is malformed. */
  readString(): string | null {
    this.position++; // opening quote
    let segmentStart = this.position;
    let parts: string[] | null = null;
    while (true) {
      const c = this.at();
      if (c < 0) return null;
      if (c < 0x20) return null;
      if (c == 0x22) break;
      if (c != 0x5c) {
        this.position++;
        continue;
      }
      // An escape: keep what came before it, then the decoded character.
      if (parts == null) parts = [];
      parts.push(this.source.substring(segmentStart, this.position));
      this.position++;
      const e = this.at();
      this.position++;
      if (e == 0x22) parts.push("\"");
      else if (e == 0x5c) parts.push("\\");
      else if (e == 0x2f) parts.push("/");
      else if (e == 0x62) parts.push("\b");
      else if (e == 0x66) parts.push("\f");
      else if (e == 0x6e) parts.push("\n");
      else if (e == 0x72) parts.push("\r");
      else if (e == 0x74) parts.push("\t");
      else if (e == 0x75) {
        const code = this.readHex4();
        if (code < 0) return null;
        parts.push(String.fromCharCode(code));
      } else return null;
      segmentStart = this.position;
    }
    const tail = this.source.substring(segmentStart, this.position);
    this.position++; // closing quote
    if (parts == null) return tail;
    parts.push(tail);
    return parts.join("");
  }

  readHex4(): i32 {
    if (this.source.length - this.position < 4) return -1;
    let code: i32 = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.source.charCodeAt(this.position + i);
      let digit: i32 = -1;
      if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) digit = c - 0x61 + 10;
      else if (c >= 0x41 && c <= 0x46) digit = c - 0x41 + 10;
      if (digit < 0) return -1;
      code = code * 16 + digit;
    }
    this.position += 4;
    return code;
  }

  readNumber(): JsonValue | null {
    const start = this.position;
    if (this.at() == 0x2d) this.position++;
    if (!this.readDigits()) return this.fail();
    if (this.at() == 0x2e) {
      this.position++;
      if (!this.readDigits()) return this.fail();
    }
    const e = this.at();
    if (e == 0x65 || e == 0x45) {
      this.position++;
      const sign = this.at();
      if (sign == 0x2b || sign == 0x2d) this.position++;
      if (!this.readDigits()) return this.fail();
    }
    const value = new JsonValue();
    value.kind = JsonKind.Number;
    value.number = parseFloat(this.source.substring(start, this.position));
    return value;
  }

  readDigits(): bool {
    const start = this.position;
    while (true) {
      const c = this.at();
      if (c >= 0x30 && c <= 0x39) this.position++;
      else break;
    }
    return this.position > start;
  }
}

function boolean(flag: bool): JsonValue {
  const value = new JsonValue();
  value.kind = JsonKind.Boolean;
  value.boolean = flag;
  return value;
}

/** The document, or null when the text is not one JSON value. */
export function readJson(source: string): JsonValue | null {
  const reader = new Reader(source);
  const value = reader.readValue();
  if (value == null || reader.failed) return null;
  reader.skipWhitespace();
  if (reader.position != source.length) return null;
  return value;
}
