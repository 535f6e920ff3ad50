// The settings page (/app/settings): the loader reads the shop's settings and the time zones to offer, the action
// saves the form. The page itself is app/components/settings/settings-page.tsx.
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { ShopSettingsValidationError, getSettingsPage, saveSettingsPage } from "../services/shop-settings.server";
import { createAdminGateway } from "../shopify/admin-gateway.server";
import { parseShopSettingsForm, settingsFieldName } from "../schemas/shop-settings";
import type { FieldErrors } from "../schemas/form-helpers";
import { SettingsPage } from "../components/settings/settings-page";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const { settings, checkoutValidation } = await getSettingsPage(session.shop);
  // The select lists every IANA zone the server knows (the browser's list may differ: render the server's).
  const timeZones = Intl.supportedValuesOf("timeZone");
  if (!timeZones.includes(settings.timeZone)) timeZones.unshift(settings.timeZone);
  return { settings, checkoutValidation, timeZones };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session, admin } = await authenticate.admin(request);
  const parsed = parseShopSettingsForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  try {
    const saved = await saveSettingsPage({
      shop: session.shop,
      settings: parsed.data,
      gateway: createAdminGateway(admin.graphql, { shop: session.shop }),
      now: systemClock(),
    });
    return { ok: true as const, ...saved };
  } catch (error) {
    if (!(error instanceof ShopSettingsValidationError)) throw error;
    const errors: FieldErrors = {};
    for (const issue of error.issues) errors[settingsFieldName(issue.field)] ??= issue.message;
    return data({ ok: false as const, errors }, { status: 422 });
  }
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

export default function SettingsRoute() {
  const { settings, checkoutValidation, timeZones } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  return <SettingsPage settings={settings} checkoutValidation={checkoutValidation} timeZones={timeZones} fetcher={fetcher} />;
}
