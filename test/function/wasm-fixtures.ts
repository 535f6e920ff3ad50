// Hand-assembled WASI modules for the runner's failure paths: a module that traps, one that writes a fixed text
// to stdout (not JSON, or too much of it). Each exports `run` and its memory, like a function module.

const WASM_HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const PAGE = 65_536;

function leb128(value: number): number[] {
  const bytes: number[] = [];
  let rest = value;
  do {
    let byte = rest & 0x7f;
    rest = Math.floor(rest / 128);
    if (rest > 0) byte |= 0x80;
    bytes.push(byte);
  } while (rest > 0);
  return bytes;
}

const name = (text: string) => [...leb128(Buffer.byteLength(text)), ...Buffer.from(text)];
const section = (id: number, body: number[]) => [id, ...leb128(body.length), ...body];
const vector = (items: number[][]) => [...leb128(items.length), ...items.flat()];
const i32Const = (value: number) => [0x41, ...leb128(value)]; // non-negative values below 2^31 only: fine here

interface FixtureOptions {
  text?: string;
  fd?: number;
  trap?: boolean;
  /** Where `fd_write` is imported from (a function may import only from wasi_snapshot_preview1). */
  importModule?: string;
}

/** `run` writes `text` (as UTF-8) to `fd` (1, stdout, unless told), or traps (`unreachable`) when `trap` is set. */
export function fixtureModule(options: FixtureOptions): WebAssembly.Module {
  return new WebAssembly.Module(fixtureModuleBytes(options));
}

export function fixtureModuleBytes({ text = "", fd = 1, trap = false, importModule = "wasi_snapshot_preview1" }: FixtureOptions): Uint8Array<ArrayBuffer> {
  const payload = [...Buffer.from(text)];
  const dataOffset = 16; // after the iovec (8 bytes) and the written-count slot (4 bytes)
  const iovec = [...u32(dataOffset), ...u32(payload.length), 0, 0, 0, 0, 0, 0, 0, 0];
  const fdWriteType = [0x60, 4, 0x7f, 0x7f, 0x7f, 0x7f, 1, 0x7f];
  const runType = [0x60, 0, 0];
  const body = trap
    ? [0x00, 0x00, 0x0b] // no locals; unreachable; end
    : [0x00, ...i32Const(fd), ...i32Const(0), ...i32Const(1), ...i32Const(8), 0x10, 0x00, 0x1a, 0x0b]; // fd_write(fd, iovs, 1, &n); drop; end
  const pages = Math.ceil((dataOffset + payload.length) / PAGE) + 1;
  const bytes = [
    ...WASM_HEADER,
    ...section(1, vector([fdWriteType, runType])),
    ...section(2, vector([[...name(importModule), ...name("fd_write"), 0x00, 0]])),
    ...section(3, vector([[1]])),
    ...section(5, vector([[0x00, ...leb128(pages)]])),
    ...section(7, vector([[...name("memory"), 0x02, 0], [...name("run"), 0x00, 1]])),
    ...section(10, vector([[...leb128(body.length), ...body]])),
    ...section(11, vector([[0x00, ...i32Const(0), 0x0b, ...leb128(iovec.length + payload.length), ...iovec, ...payload]])),
  ];
  return new Uint8Array(bytes);
}

function u32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}
