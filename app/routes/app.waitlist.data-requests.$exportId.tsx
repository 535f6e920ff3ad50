// GET /app/waitlist/data-requests/<id> — resource route: one customers/data_request export as a JSON attachment,
// for the merchant to pass on to the customer. Only the requesting shop's exports are found.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { getComplianceExport } from "../services/compliance.server";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const row = await getComplianceExport(session.shop, params.exportId ?? "");
  if (!row) throw new Response("Data request not found", { status: 404 });
  const day = row.createdAt.toISOString().slice(0, 10);
  return new Response(row.export, {
    headers: {
      "Content-Type": "application/json; charset=utf-8",
      "Content-Disposition": `attachment; filename="customer-data-request-${day}-${row.id}.json"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
};
