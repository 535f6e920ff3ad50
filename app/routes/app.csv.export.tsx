// GET /app/csv/export — resource route: the backorder settings CSV (all variants, or the variants page's filter
// passed as search params: q, state, vendor, type, collection, tag, eta, ids), streamed as an attachment.
// GET /app/csv/export?errorsFor=<importId> — every problem of an import as CSV.
// The page downloads it with fetch() (App Bridge adds the session token) and saves the blob.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { csvImportErrorsCsv } from "../services/backorder-csv-import.server";
import { exportFileName, streamBackorderCsv } from "../services/backorder-csv-export.server";
import { isFilterEmpty, parseExportFilter } from "../schemas/backorder-export-filter";
import { csvAttachment } from "../services/csv-response.server";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);

  const errorsFor = url.searchParams.get("errorsFor");
  if (errorsFor) {
    const file = await csvImportErrorsCsv(session.shop, errorsFor);
    if (!file) throw new Response("Import not found", { status: 404 });
    return csvAttachment(file.fileName, file.body);
  }

  const now = systemClock();
  const filter = parseExportFilter(url.searchParams);
  const fileName = exportFileName(session.shop, now, !isFilterEmpty(filter));
  return csvAttachment(fileName, streamBackorderCsv(session.shop, filter, { now }));
};
