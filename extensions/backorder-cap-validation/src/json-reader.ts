// A small JSON reader for the function's input. It never traps on bad input: anything it cannot read
// yields null, and the caller treats that as "nothing to validate".
//
// Shopify counts every WebAssembly instruction a run executes (11 million at most), so the reader does little per
// byte: it reads the UTF-8 input where stdin left it (never decoded as a whole), and a string value is only a span
// of those bytes until someone asks for its text (keys are compared in place, never copied).

export enum JsonKind { Null, Boolean, Number, String, Array, Object }

// Scalars share these; only arrays and objects get their own lists (memory is never freed: the stub runtime).
const NO_ITEMS: JsonValue[] = [];
const NO_KEYS: JsonValue[] = [];

export class JsonValue {
  kind: JsonKind = JsonKind.Null;
  boolean: bool = false;
  number: f64 = 0;
  /** Array items, or object member values (in the order of `keys`). */
  items: JsonValue[] = NO_ITEMS;
  /** Object member names, as String values. */
  keys: JsonValue[] = NO_KEYS;
  // A String is the UTF-8 span [start, end) of the input at `base` when it had no escapes, else its decoded text.
  base: usize = 0;
  start: i32 = 0;
  end: i32 = 0;
  decoded: string | null = null;

  /** A String's text ("" for other kinds). */
  get text(): string {
    if (this.kind != JsonKind.String) return "";
    const decoded = this.decoded;
    if (decoded != null) return decoded;
    return String.UTF8.decodeUnsafe(this.base + <usize>this.start, <usize>(this.end - this.start));
  }

  /** Whether this is a String whose text is exactly `expected`, compared without copying. */
  isString(expected: string): bool {
    if (this.kind != JsonKind.String) return false;
    const decoded = this.decoded;
    if (decoded != null) return decoded == expected;
    const length = this.end - this.start;
    if (length != expected.length) return false; // ASCII `expected` (all our keys and names): one byte per unit
    const bytes = this.base + <usize>this.start;
    const units = changetype<usize>(expected);
    for (let i = 0; i < length; i++) {
      const unit = <u32>load<u16>(units + (<usize>i << 1));
      if (unit >= 0x80) return this.text == expected;
      if (<u32>load<u8>(bytes + <usize>i) != unit) return false;
    }
    return true;
  }

  /** The member named `key` of an object, or null (also for non-objects). */
  member(key: string): JsonValue | null {
    if (this.kind != JsonKind.Object) return null;
    for (let i = 0; i < this.keys.length; i++) {
      if (unchecked(this.keys[i]).isString(key)) return unchecked(this.items[i]);
    }
    return null;
  }

  /** The member `key` when it is a string, else null. */
  stringMember(key: string): string | null {
    const value = this.member(key);
    if (value == null || value.kind != JsonKind.String) return null;
    return value.text;
  }

  /** Whether the member `key` is the string `expected`. */
  memberIs(key: string, expected: string): bool {
    const value = this.member(key);
    return value != null && value.isString(expected);
  }
}

// Deeper documents than this are not ours; refusing them keeps recursion off the stack limit.
const MAX_DEPTH: i32 = 64;

class Reader {
  position: i32 = 0;
  failed: bool = false;
  depth: i32 = 0;

  constructor(public base: usize, public length: i32) {}

  /** The byte at the current position, or -1 past the end. */
  @inline at(): i32 {
    return this.position < this.length ? <i32>load<u8>(this.base + <usize>this.position) : -1;
  }

  /** The bytes [start, end) decoded. */
  decode(start: i32, end: i32): string {
    return String.UTF8.decodeUnsafe(this.base + <usize>start, <usize>(end - start));
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
    if (c == 0x22) return this.readString();
    if (c == 0x2d || (c >= 0x30 && c <= 0x39)) return this.readNumber();
    if (this.readWord("true")) return boolean(true);
    if (this.readWord("false")) return boolean(false);
    if (this.readWord("null")) return new JsonValue();
    return this.fail();
  }

  readWord(word: string): bool {
    const length = word.length;
    if (this.length - this.position < length) return false;
    const units = changetype<usize>(word);
    for (let i = 0; i < length; i++) {
      if (<u32>load<u8>(this.base + <usize>(this.position + i)) != <u32>load<u16>(units + (<usize>i << 1))) return false;
    }
    this.position += length;
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
  readString(): JsonValue | null {
    this.position++; // opening quote
    const start = this.position;
    let segmentStart = start;
    let parts: string[] | null = null;
    while (true) {
      // The plain run up to the next quote, backslash or control character, in locals (the hot loop of the reader).
      let position = this.position;
      const end = this.length;
      const base = this.base;
      while (position < end) {
        const unit = <i32>load<u8>(base + <usize>position);
        if (unit == 0x22 || unit == 0x5c || unit < 0x20) break;
        position++;
      }
      this.position = position;
      const c = this.at();
      if (c < 0x20) return this.fail(); // also the end of the document (-1)
      if (c == 0x22) break;
      // An escape (rare in Shopify's input): keep what came before it, then the decoded character.
      if (parts == null) parts = [];
      parts.push(this.decode(segmentStart, this.position));
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
        if (code < 0) return this.fail();
        parts.push(String.fromCharCode(code));
      } else return this.fail();
      segmentStart = this.position;
    }
    const value = new JsonValue();
    value.kind = JsonKind.String;
    value.base = this.base;
    value.start = start;
    value.end = this.position;
    if (parts != null) {
      parts.push(this.decode(segmentStart, this.position));
      value.decoded = parts.join("");
    }
    this.position++; // closing quote
    return value;
  }

  readHex4(): i32 {
    if (this.length - this.position < 4) return -1;
    let code: i32 = 0;
    for (let i = 0; i < 4; i++) {
      const c = this.at();
      let digit: i32 = -1;
      if (c >= 0x30 && c <= 0x39) digit = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) digit = c - 0x61 + 10;
      else if (c >= 0x41 && c <= 0x46) digit = c - 0x41 + 10;
      if (digit < 0) return -1;
      code = code * 16 + digit;
      this.position++;
    }
    return code;
  }

  readNumber(): JsonValue | null {
    const start = this.position;
    let negative = false;
    if (this.at() == 0x2d) {
      negative = true;
      this.position++;
    }
    // Whole numbers (all Shopify sends for a quantity) are accumulated as they are read; anything else is parsed.
    const digitsStart = this.position;
    let whole: f64 = 0;
    while (true) {
      const c = this.at();
      if (c < 0x30 || c > 0x39) break;
      whole = whole * 10 + <f64>(c - 0x30);
      this.position++;
    }
    if (this.position == digitsStart) return this.fail();
    let simple = this.position - digitsStart <= 15;
    if (this.at() == 0x2e) {
      simple = false;
      this.position++;
      if (!this.readDigits()) return this.fail();
    }
    const e = this.at();
    if (e == 0x65 || e == 0x45) {
      simple = false;
      this.position++;
      const sign = this.at();
      if (sign == 0x2b || sign == 0x2d) this.position++;
      if (!this.readDigits()) return this.fail();
    }
    const value = new JsonValue();
    value.kind = JsonKind.Number;
    value.number = simple ? (negative ? -whole : whole) : parseFloat(this.decode(start, this.position));
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

/** The document in the `length` UTF-8 bytes at `start`, or null when they are not one JSON value. */
export function readJson(start: usize, length: i32): JsonValue | null {
  const reader = new Reader(start, length);
  const value = reader.readValue();
  if (value == null || reader.failed) return null;
  reader.skipWhitespace();
  if (reader.position != length) return null;
  return value;
}
