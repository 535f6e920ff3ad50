// /app/forecast/settings — lead time, review period and service level for the reorder suggestions: the shop
// defaults, overrides per vendor / product type / variant, and the same as a CSV (download, upload). Bad input
// answers 400 (a malformed form) or 422 (the service's messages, per field or per CSV line); nothing is written then.
// The page itself is app/components/forecast/forecast-settings-page.tsx.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import {
  importReorderSettingsCsv,
  loadReorderSettingsPage,
  ReorderSettingValidationError,
  saveReorderSetting,
} from "../services/reorder-settings.server";
import { forecastSettingsActionSchema } from "../schemas/forecast-settings";
import { ForecastSettingsPage, type ForecastSettingsActionResponse } from "../components/forecast/forecast-settings-page";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadReorderSettingsPage(session.shop);
};

const respond = (body: ForecastSettingsActionResponse, status: number) => data(body, { status });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return respond({ ok: false, intent: null, message: "The form couldn't be read; reload the page and try again." }, 400);
  }
  const parsed = forecastSettingsActionSchema.safeParse(Object.fromEntries(form));
  if (!parsed.success) return respond({ ok: false, intent: String(form.get("intent") ?? "") || null, message: parsed.error.issues[0]?.message ?? "Unknown action." }, 400);
  const input = parsed.data;
  const now = systemClock();
  if (input.intent === "import") {
    const result = await importReorderSettingsCsv(session.shop, await input.file.text(), now);
    if (!result.ok) return respond({ ok: false, intent: "import", message: "The file was not imported: nothing was changed.", lines: result.errors }, 422);
    return respond({ ok: true, intent: "import", message: `Imported: ${result.saved} saved, ${result.removed} removed.` }, 200);
  }
  const setting =
    input.intent === "defaults"
      ? { scope: "shop" as const, key: "", leadTimeDays: input.leadTimeDays, reviewPeriodDays: input.reviewPeriodDays, serviceLevel: input.serviceLevelPercent }
      : input.intent === "override"
        ? { scope: input.scope, key: input.name, leadTimeDays: input.leadTimeDays, reviewPeriodDays: input.reviewPeriodDays }
        : // Both values empty removes the override (and queues the recompute like any change).
          { scope: input.scope, key: input.name, leadTimeDays: null, reviewPeriodDays: null };
  try {
    const { removed } = await saveReorderSetting(session.shop, setting, now);
    return respond({ ok: true, intent: input.intent, message: removed ? "Override removed." : "Saved. Suggestions are being recomputed." }, 200);
  } catch (error) {
    if (!(error instanceof ReorderSettingValidationError)) throw error;
    return respond({ ok: false, intent: input.intent, message: "Nothing was saved.", fields: Object.fromEntries(error.issues.map((i) => [i.field, i.message])) }, 422);
  }
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

export default function ForecastSettingsRoute() {
  return <ForecastSettingsPage data={useLoaderData<typeof loader>()} />;
}
