// CSV downloads from resource routes: an attachment response, streamed from an async generator of text chunks so a
// large export never sits in memory. The file name is sanitised for the Content-Disposition header.

export function csvAttachmentHeaders(fileName: string): HeadersInit {
  return {
    "Content-Type": "text/csv; charset=utf-8",
    "Content-Disposition": `attachment; filename="${fileName.replace(/["\\\r\n]/g, "_")}"`,
    "Cache-Control": "no-store",
    "X-Content-Type-Options": "nosniff",
  };
}

function toStream(chunks: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      try {
        const { value, done } = await chunks.next();
        if (done) controller.close();
        else controller.enqueue(encoder.encode(value));
      } catch (error) {
        controller.error(error);
      }
    },
    async cancel() {
      await chunks.return(undefined);
    },
  });
}

export function csvAttachment(fileName: string, body: AsyncGenerator<string> | string): Response {
  return new Response(typeof body === "string" ? body : toStream(body), { headers: csvAttachmentHeaders(fileName) });
}
