// Streams a bulk operation result (JSONL: one JSON object per line) without ever holding the whole file:
// fetch → response body (web stream) → node Readable → readline, yielding one parsed object at a time.
// Memory is bounded by the stream's buffers and one line, whatever the file size.

import { Readable } from "node:stream";
import { createInterface } from "node:readline";
import type { ReadableStream as WebReadableStream } from "node:stream/web";

export class BulkResultDownloadError extends Error {
  readonly status: number | null;
  constructor(message: string, status: number | null = null) {
    super(message);
    this.name = "BulkResultDownloadError";
    this.status = status;
  }
}

export class BulkResultParseError extends Error {
  readonly lineNumber: number;
  constructor(lineNumber: number, cause: unknown) {
    super(`Invalid JSON on line ${lineNumber} of the bulk result: ${(cause as Error)?.message ?? cause}`);
    this.name = "BulkResultParseError";
    this.lineNumber = lineNumber;
  }
}

export type StreamJsonlOptions = {
  fetchImpl?: typeof fetch;
  signal?: AbortSignal;
};

/** Yields each non-empty line of the JSONL document at `url`, parsed. Throws on HTTP errors and bad JSON. */
export async function* streamJsonLines(url: string, options: StreamJsonlOptions = {}): AsyncGenerator<unknown> {
  const fetchImpl = options.fetchImpl ?? fetch;
  const response = await fetchImpl(url, { signal: options.signal });
  if (!response.ok) {
    await response.body?.cancel().catch(() => undefined);
    throw new BulkResultDownloadError(`Bulk result download failed: HTTP ${response.status}`, response.status);
  }
  if (!response.body) return;
  const input = Readable.fromWeb(response.body as unknown as WebReadableStream<Uint8Array>);
  const lines = createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  try {
    for await (const line of lines) {
      lineNumber++;
      if (line.length === 0 || /^\s*$/.test(line)) continue;
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch (error) {
        throw new BulkResultParseError(lineNumber, error);
      }
      yield parsed;
    }
  } finally {
    lines.close();
    input.destroy();
  }
}
