import { useMemo } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Box, Card, Checkbox, FormLayout, InlineGrid, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { ShopSettingsValidationError, getShopSettings, saveShopSettings } from "../services/shop-settings.server";
import {
  STOREFRONT_WORDING_MAX_LENGTH,
  STOREFRONT_WORDING_STATES,
  WEEKDAY_NAMES,
  parseShopSettingsForm,
  settingsFieldName,
  wordingField,
  type StorefrontWordingState,
} from "../schemas/shop-settings";
import { toFormData, type FieldErrors } from "../schemas/form-helpers";
import { STATE_LABELS } from "../components/backorder-state-badge";
import { useEditableForm } from "../components/use-editable-form";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const settings = await getShopSettings(session.shop);
  // The select lists every IANA zone the server knows (the browser's list may differ: render the server's).
  const timeZones = Intl.supportedValuesOf("timeZone");
  if (!timeZones.includes(settings.timeZone)) timeZones.unshift(settings.timeZone);
  return { settings, timeZones };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseShopSettingsForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  try {
    const settings = await saveShopSettings(session.shop, parsed.data, new Date());
    return { ok: true as const, settings };
  } catch (error) {
    if (!(error instanceof ShopSettingsValidationError)) throw error;
    const errors: FieldErrors = {};
    for (const issue of error.issues) errors[settingsFieldName(issue.field)] ??= issue.message;
    return data({ ok: false as const, errors }, { status: 422 });
  }
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

// ---------------------------------------------------------------------------------------------------------------

const WORDING_PLACEHOLDERS: Record<StorefrontWordingState, string> = {
  in_stock: "In stock",
  low_stock: "Only a few left",
  backorder: "On backorder: ships by {eta}",
  backorder_cap_reached: "Sold out: backorders are full",
  sold_out: "Sold out",
  discontinued: "No longer available",
};

type FormState = {
  lowStockThreshold: string;
  defaultLeadTimeDays: string;
  defaultCap: string;
  timeZone: string;
  weekendDays: number[];
  holidays: string;
  wording: Record<string, string>;
};

type Settings = ReturnType<typeof useLoaderData<typeof loader>>["settings"];

function formOf(settings: Settings): FormState {
  return {
    lowStockThreshold: String(settings.lowStockThreshold),
    defaultLeadTimeDays: settings.defaultLeadTimeDays === null ? "" : String(settings.defaultLeadTimeDays),
    defaultCap: settings.defaultCap === null ? "" : String(settings.defaultCap),
    timeZone: settings.timeZone,
    weekendDays: [...settings.weekendDays].sort((a, b) => a - b),
    holidays: settings.holidays.join("\n"),
    wording: Object.fromEntries(STOREFRONT_WORDING_STATES.map((state) => [state, settings.storefrontWording[state] ?? ""])),
  };
}

export default function SettingsPage() {
  const { settings, timeZones } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const { form, set, errors, submit, pageActions } = useEditableForm({
    saved: settings,
    toForm: formOf,
    fetcher,
    check: parseShopSettingsForm,
    invalidToast: "Settings not saved: fix the highlighted fields",
    onSaved: () => shopify.toast.show("Settings saved"),
  });

  const save = () =>
    submit(
      toFormData({
        lowStockThreshold: form.lowStockThreshold,
        defaultLeadTimeDays: form.defaultLeadTimeDays,
        defaultCap: form.defaultCap,
        timeZone: form.timeZone,
        weekendDays: form.weekendDays,
        holidays: form.holidays,
        ...Object.fromEntries(STOREFRONT_WORDING_STATES.map((state) => [wordingField(state), form.wording[state] ?? ""])),
      }),
    );

  const timeZoneOptions = useMemo(() => timeZones.map((zone) => ({ label: zone.replace(/_/g, " "), value: zone })), [timeZones]);
  const errorCount = Object.keys(errors).length;

  return (
    <Page
      title="Settings"
      subtitle="Defaults for backorders, the business calendar behind ETAs, and what shoppers read."
      {...pageActions(save)}
    >
      <Layout>
        {errorCount > 0 && (
          <Layout.Section>
            <Banner tone="critical" title={`Settings not saved: ${errorCount === 1 ? "1 field needs" : `${errorCount} fields need`} attention`}>
              <p>{errors[""] ?? "Check the highlighted fields below."}</p>
            </Banner>
          </Layout.Section>
        )}

        <Layout.AnnotatedSection
          id="defaults"
          title="Backorder defaults"
          description="Filled in when you turn on backorders for a variant that has no lead time, ETA or cap of its own."
        >
          <Card>
            <FormLayout>
              <FormLayout.Group>
                <TextField
                  label="Default lead time"
                  type="number"
                  min={0}
                  autoComplete="off"
                  suffix="business days"
                  value={form.defaultLeadTimeDays}
                  onChange={(defaultLeadTimeDays) => set({ defaultLeadTimeDays })}
                  error={errors.defaultLeadTimeDays}
                  helpText="Ships this many business days after the order. Empty: no default."
                />
                <TextField
                  label="Default cap"
                  type="number"
                  min={0}
                  autoComplete="off"
                  suffix="units"
                  value={form.defaultCap}
                  onChange={(defaultCap) => set({ defaultCap })}
                  error={errors.defaultCap}
                  helpText="Most units sold without stock per variant. Empty: no cap."
                />
              </FormLayout.Group>
              <TextField
                label="Low-stock threshold"
                type="number"
                min={0}
                autoComplete="off"
                suffix="units"
                value={form.lowStockThreshold}
                onChange={(lowStockThreshold) => set({ lowStockThreshold })}
                error={errors.lowStockThreshold}
                helpText="A variant with this many units or fewer shows as “Low stock”. 0 turns it off."
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection
          id="calendar"
          title="Business days"
          description="Lead times skip the days you don't ship. “Ships in 3 business days” ordered on a Friday ships on Wednesday."
        >
          <Card>
            <FormLayout>
              <Select
                label="Shop time zone"
                options={timeZoneOptions}
                value={form.timeZone}
                onChange={(timeZone) => set({ timeZone })}
                error={errors.timeZone}
                helpText="ETA dates and “today” are counted in this time zone. It starts as your Shopify store's time zone."
              />
              <BlockStack gap="200">
                <Text as="p" variant="bodyMd">
                  Days you don't ship
                </Text>
                <InlineGrid columns={{ xs: 2, sm: 4 }} gap="200">
                  {WEEKDAY_NAMES.map((name, day) => (
                    <Checkbox
                      key={name}
                      label={name}
                      checked={form.weekendDays.includes(day)}
                      onChange={(checked) =>
                        set({
                          weekendDays: checked
                            ? [...form.weekendDays, day].sort((a, b) => a - b)
                            : form.weekendDays.filter((d) => d !== day),
                        })
                      }
                    />
                  ))}
                </InlineGrid>
                {errors.weekendDays && (
                  <Text as="p" tone="critical">
                    {errors.weekendDays}
                  </Text>
                )}
              </BlockStack>
              <TextField
                label="Holidays"
                multiline={4}
                autoComplete="off"
                placeholder={"2026-12-25\n2027-01-01"}
                value={form.holidays}
                onChange={(holidays) => set({ holidays })}
                error={errors.holidays}
                helpText="Dates you don't ship, one per line as YYYY-MM-DD."
              />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>

        <Layout.AnnotatedSection
          id="wording"
          title="Storefront wording"
          description="What shoppers read on the product page for each state. Leave a field empty to use the default shown in it. {eta} is replaced by the ship date."
        >
          <Card>
            <FormLayout>
              {STOREFRONT_WORDING_STATES.map((state) => (
                <TextField
                  key={state}
                  label={STATE_LABELS[state]}
                  autoComplete="off"
                  maxLength={STOREFRONT_WORDING_MAX_LENGTH}
                  placeholder={WORDING_PLACEHOLDERS[state]}
                  value={form.wording[state] ?? ""}
                  onChange={(value) => set({ wording: { ...form.wording, [state]: value } })}
                  error={errors[wordingField(state)]}
                />
              ))}
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.Section>
          <Box paddingBlockEnd="400" />
        </Layout.Section>
      </Layout>
    </Page>
  );
}
