// GET /app/waitlist/export[?variant=<id>] — resource route: every restock-alert subscriber (or one variant's) as CSV,
// streamed as an attachment. Cells are quoted and formula-neutralised (emails are typed by shoppers).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { streamWaitlistCsv, waitlistCsvFileName } from "../services/waitlist.server";
import { waitlistVariantParam } from "../schemas/waitlist";

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

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const rawVariant = new URL(request.url).searchParams.get("variant");
  let variantId: string | undefined;
  if (rawVariant) {
    const parsed = waitlistVariantParam.safeParse(rawVariant);
    if (!parsed.success) throw new Response("Unknown variant", { status: 400 });
    variantId = parsed.data;
  }
  const fileName = waitlistCsvFileName(session.shop, new Date(), variantId);
  return new Response(toStream(streamWaitlistCsv(session.shop, { variantId })), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${fileName.replace(/["\\\r\n]/g, "_")}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
};
