// stdin/stdout through WASI preview 1, the only imports the module has (Shopify's classic function contract:
// the input JSON arrives on fd 0, the output JSON leaves on fd 1).

@external("wasi_snapshot_preview1", "fd_read")
declare function fd_read(fd: u32, iovs: usize, iovsLength: u32, bytesRead: usize): u16;

@external("wasi_snapshot_preview1", "fd_write")
declare function fd_write(fd: u32, iovs: usize, iovsLength: u32, bytesWritten: usize): u16;

const STDIN: u32 = 0;
const STDOUT: u32 = 1;
const CHUNK: i32 = 16384;

// One iovec (buffer pointer, length) and the count the call reports back.
const ioVector: usize = memory.data(8, 4);
const ioCount: usize = memory.data(4, 4);

/** Bytes in memory: where stdin's content was read to. */
export class ByteSpan {
  constructor(public start: usize, public length: i32) {}
}

/** Reads fd 0 to its end (UTF-8, left undecoded). A read error ends the input where it stands. */
export function readStdin(): ByteSpan {
  let capacity: i32 = CHUNK * 4;
  let buffer = heap.alloc(<usize>capacity);
  let length: i32 = 0;
  while (true) {
    if (capacity - length < CHUNK) {
      // The stub runtime never frees, so growing is a fresh block and a copy.
      const grown = heap.alloc(<usize>(capacity * 2));
      memory.copy(grown, buffer, <usize>length);
      buffer = grown;
      capacity *= 2;
    }
    store<u32>(ioVector, <u32>(buffer + <usize>length));
    store<u32>(ioVector, <u32>(capacity - length), 4);
    const errno = fd_read(STDIN, ioVector, 1, ioCount);
    const read = <i32>load<u32>(ioCount);
    if (errno != 0 || read == 0) break;
    length += read;
  }
  return new ByteSpan(buffer, length);
}

/** Writes `length` bytes at `start` to fd 1. */
export function writeStdout(start: usize, length: i32): void {
  let written: i32 = 0;
  while (written < length) {
    store<u32>(ioVector, <u32>(start + <usize>written));
    store<u32>(ioVector, <u32>(length - written), 4);
    const errno = fd_write(STDOUT, ioVector, 1, ioCount);
    const count = <i32>load<u32>(ioCount);
    if (errno != 0 || count == 0) break;
    written += count;
  }
}
