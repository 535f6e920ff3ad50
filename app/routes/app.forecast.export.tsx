// GET /app/forecast/export?vendor=<name> (or ?novendor=1) — resource route: a vendor's purchase-order draft (the
// variants with a suggested quantity), streamed as CSV. Unknown vendor → 404 with a message; no vendor → 400.
// The page downloads it with fetch() (App Bridge adds the session token) and saves the blob.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { openVendorPurchaseOrderCsv } from "../services/forecast-page.server";
import { parseForecastExportQuery } from "../schemas/forecast-page";
import { csvAttachment } from "../services/csv-response.server";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseForecastExportQuery(new URL(request.url).searchParams);
  if (!parsed.ok) throw new Response(parsed.message, { status: 400, statusText: "Bad Request" });
  const file = await openVendorPurchaseOrderCsv(session.shop, parsed.data.vendor, systemClock());
  if (!file.ok) throw new Response(file.message, { status: 404, statusText: "Not Found" });
  return csvAttachment(file.fileName, file.body);
};
