// GET /app/forecast/settings/export — resource route: the shop's lead times, review periods and service level as
// the CSV the settings page imports (scope,name,lead_time_days,review_period_days,service_level).
import type { LoaderFunctionArgs } from "@remix-run/node";
import { authenticate } from "../shopify.server";
import { exportReorderSettingsCsv } from "../services/reorder-settings.server";
import { csvAttachment } from "../services/csv-response.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return csvAttachment("lead-times.csv", await exportReorderSettingsCsv(session.shop));
};
