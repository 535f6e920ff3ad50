// A growing UTF-8 byte buffer for the output document. Writing the output straight as bytes, with JSON escaping
// done in the same pass, keeps Shopify's instruction count low: no intermediate strings, no join, no re-encoding.

export class Utf8Writer {
  buffer: usize;
  capacity: i32;
  length: i32 = 0;

  constructor(initialCapacity: i32) {
    this.capacity = initialCapacity;
    this.buffer = heap.alloc(<usize>initialCapacity);
  }

  private reserve(extra: i32): void {
    const needed = this.length + extra;
    if (needed <= this.capacity) return;
    let capacity = this.capacity * 2;
    if (capacity < needed) capacity = needed;
    const grown = heap.alloc(<usize>capacity); // the stub runtime never frees: a fresh block and a copy
    memory.copy(grown, this.buffer, <usize>this.length);
    this.buffer = grown;
    this.capacity = capacity;
  }

  @inline private put(byte: u32): void {
    store<u8>(this.buffer + <usize>this.length, <u8>byte);
    this.length++;
  }

  /** Text known to be ASCII and to need no JSON escaping (the document's own syntax). */
  raw(text: string): void {
    const length = text.length;
    this.reserve(length);
    const source = changetype<usize>(text);
    for (let i = 0; i < length; i++) this.put(<u32>load<u16>(source + (<usize>i << 1)));
  }

  /** Any text, UTF-8 encoded and escaped for the inside of a JSON string. */
  text(text: string): void {
    const length = text.length;
    this.reserve(length * 6); // the most one code unit can take (\u00XX)
    const source = changetype<usize>(text);
    for (let i = 0; i < length; i++) {
      const c = <u32>load<u16>(source + (<usize>i << 1));
      if (c < 0x80) {
        if (c == 0x22 || c == 0x5c) {
          this.put(0x5c);
          this.put(c);
        } else if (c < 0x20) {
          this.put(0x5c);
          this.put(0x75); // u
          this.put(0x30);
          this.put(0x30);
          this.put(hexDigit(c >> 4));
          this.put(hexDigit(c & 15));
        } else this.put(c);
      } else if (c < 0x800) {
        this.put(0xc0 | (c >> 6));
        this.put(0x80 | (c & 0x3f));
      } else if (c >= 0xd800 && c < 0xdc00 && i + 1 < length) {
        const low = <u32>load<u16>(source + (<usize>(i + 1) << 1));
        if (low >= 0xdc00 && low < 0xe000) {
          const point = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          this.put(0xf0 | (point >> 18));
          this.put(0x80 | ((point >> 12) & 0x3f));
          this.put(0x80 | ((point >> 6) & 0x3f));
          this.put(0x80 | (point & 0x3f));
          i++;
        } else this.replacement();
      } else if (c >= 0xd800 && c < 0xe000) {
        this.replacement(); // a lone surrogate has no UTF-8 form
      } else {
        this.put(0xe0 | (c >> 12));
        this.put(0x80 | ((c >> 6) & 0x3f));
        this.put(0x80 | (c & 0x3f));
      }
    }
  }

  /** A non-negative whole number in decimal. */
  integer(value: i64): void {
    this.reserve(20);
    if (value <= 0) {
      this.put(0x30);
      return;
    }
    let digits: i32 = 0;
    let rest = value;
    while (rest > 0) {
      digits++;
      rest /= 10;
    }
    rest = value;
    for (let i = digits - 1; i >= 0; i--) {
      store<u8>(this.buffer + <usize>(this.length + i), <u8>(0x30 + <i32>(rest % 10)));
      rest /= 10;
    }
    this.length += digits;
  }

  private replacement(): void {
    this.put(0xef);
    this.put(0xbf);
    this.put(0xbd);
  }
}

function hexDigit(value: u32): u32 {
  return value < 10 ? 0x30 + value : 0x61 + value - 10;
}
