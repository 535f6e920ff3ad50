// GET /app/waitlist/export[?variant=<id>] — resource route: every restock-alert subscriber (or one variant's) as CSV,
// streamed as an attachment. Cells are quoted and formula-neutralised (emails are typed by shoppers).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { streamWaitlistCsv, waitlistCsvFileName } from "../services/waitlist.server";
import { waitlistVariantParam } from "../schemas/waitlist";
import { csvAttachment } from "../services/csv-response.server";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const rawVariant = new URL(request.url).searchParams.get("variant");
  let variantId: string | undefined;
  if (rawVariant) {
    const parsed = waitlistVariantParam.safeParse(rawVariant);
    if (!parsed.success) throw new Response("Unknown variant", { status: 400 });
    variantId = parsed.data;
  }
  const fileName = waitlistCsvFileName(session.shop, systemClock(), variantId);
  return csvAttachment(fileName, streamWaitlistCsv(session.shop, { variantId }));
};
