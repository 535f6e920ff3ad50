// The Forecast settings page (/app/forecast/settings): the shop's lead time, review period and service level, the
// overrides per vendor / product type / variant, and the CSV of both. Each form posts its own `intent` through a
// fetcher; the service's messages come back per field (or per CSV line) and are shown next to the form.
import { useEffect, useState } from "react";
import { useFetcher } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, DataTable, FormLayout, InlineStack, Layout, List, Page, Select, Text, TextField } from "@shopify/polaris";
import type { ReorderSettingsPage } from "../../services/reorder-settings.server";
import { useFileDownload } from "../file-download";

export type ForecastSettingsActionResponse =
  | { ok: true; intent: string; message: string }
  | { ok: false; intent: string | null; message: string; fields?: Record<string, string>; lines?: Array<{ line: number; message: string }> };

const SCOPE_LABELS = { vendor: "Vendor", product_type: "Product type", variant: "Variant" } as const;
const SCOPE_OPTIONS = Object.entries(SCOPE_LABELS).map(([value, label]) => ({ value, label }));
type OverrideScope = keyof typeof SCOPE_LABELS;

const daysText = (value: number | null) => (value === null ? "—" : `${value} days`);
const failure = (response: ForecastSettingsActionResponse | undefined) => (response && !response.ok ? response : null);

export function ForecastSettingsPage({ data }: { data: ReorderSettingsPage }) {
  return (
    <Page
      title="Forecast settings"
      subtitle="How long a reorder takes to arrive and how often you reorder, for the reorder suggestions."
      backAction={{ content: "Forecast", url: "/app/forecast" }}
    >
      <Layout>
        <DefaultsSection defaults={data.defaults} />
        <OverridesSection overrides={data.overrides} />
        <CsvSection />
      </Layout>
    </Page>
  );
}

function DefaultsSection({ defaults }: { defaults: ReorderSettingsPage["defaults"] }) {
  const fetcher = useFetcher<ForecastSettingsActionResponse>();
  const [form, setForm] = useState({
    leadTimeDays: String(defaults.leadTimeDays),
    reviewPeriodDays: String(defaults.reviewPeriodDays),
    serviceLevelPercent: String(Math.round(defaults.serviceLevel * 1000) / 10),
  });
  const errors = failure(fetcher.data)?.fields ?? {};
  return (
    <Layout.AnnotatedSection
      id="defaults"
      title="Shop defaults"
      description="Used for every variant without an override. The service level is how often stock should last until the reorder arrives."
    >
      <Card>
        <fetcher.Form method="post">
          <input type="hidden" name="intent" value="defaults" />
          <FormLayout>
            <ResultBanner response={fetcher.data} />
            <FormLayout.Group>
              <TextField label="Lead time" name="leadTimeDays" type="number" min={0} suffix="days" autoComplete="off" value={form.leadTimeDays} onChange={(leadTimeDays) => setForm({ ...form, leadTimeDays })} error={errors.leadTimeDays} />
              <TextField label="Review period" name="reviewPeriodDays" type="number" min={0} suffix="days" autoComplete="off" value={form.reviewPeriodDays} onChange={(reviewPeriodDays) => setForm({ ...form, reviewPeriodDays })} error={errors.reviewPeriodDays} />
              <TextField label="Service level" name="serviceLevelPercent" type="number" min={50} max={99.9} step={0.1} suffix="%" autoComplete="off" value={form.serviceLevelPercent} onChange={(serviceLevelPercent) => setForm({ ...form, serviceLevelPercent })} error={errors.serviceLevel} />
            </FormLayout.Group>
            <InlineStack>
              <Button submit variant="primary" loading={fetcher.state !== "idle"}>
                Save defaults
              </Button>
            </InlineStack>
          </FormLayout>
        </fetcher.Form>
      </Card>
    </Layout.AnnotatedSection>
  );
}

function OverridesSection({ overrides }: { overrides: ReorderSettingsPage["overrides"] }) {
  const add = useFetcher<ForecastSettingsActionResponse>();
  const remove = useFetcher<ForecastSettingsActionResponse>();
  const [form, setForm] = useState({ scope: "vendor" as OverrideScope, name: "", leadTimeDays: "", reviewPeriodDays: "" });
  useEffect(() => {
    if (add.state === "idle" && add.data?.ok) setForm((f) => ({ ...f, name: "", leadTimeDays: "", reviewPeriodDays: "" }));
  }, [add.state, add.data]);
  const errors = failure(add.data)?.fields ?? {};
  const rows = overrides.map((o) => [
    SCOPE_LABELS[o.scope],
    o.key,
    daysText(o.leadTimeDays),
    daysText(o.reviewPeriodDays),
    <Button
      key={`${o.scope}:${o.key}`}
      variant="plain"
      tone="critical"
      accessibilityLabel={`Delete the override for ${o.key}`}
      loading={remove.state !== "idle" && remove.formData?.get("name") === o.key && remove.formData?.get("scope") === o.scope}
      onClick={() => remove.submit({ intent: "delete", scope: o.scope, name: o.key }, { method: "post" })}
    >
      Delete
    </Button>,
  ]);
  return (
    <Layout.AnnotatedSection
      id="overrides"
      title="Overrides"
      description="A lead time or review period for one vendor, product type or variant. The most specific one applies; an empty value falls back to the next level."
    >
      <BlockStack gap="400">
        <Card padding="0">
          {overrides.length ? (
            <DataTable columnContentTypes={["text", "text", "numeric", "numeric", "text"]} headings={["Scope", "Name", "Lead time", "Review period", ""]} rows={rows} />
          ) : (
            <div style={{ padding: "var(--p-space-400)" }}>
              <Text as="p" tone="subdued">
                No overrides: every variant uses the shop defaults.
              </Text>
            </div>
          )}
        </Card>
        {remove.data && !remove.data.ok && <ResultBanner response={remove.data} />}
        <Card>
          <add.Form method="post">
            <input type="hidden" name="intent" value="override" />
            <input type="hidden" name="scope" value={form.scope} />
            <FormLayout>
              <Text as="h2" variant="headingSm">
                Add override
              </Text>
              <ResultBanner response={add.data} />
              <FormLayout.Group>
                <Select label="Scope" options={SCOPE_OPTIONS} value={form.scope} onChange={(scope) => setForm({ ...form, scope: scope as OverrideScope })} error={errors.scope} />
                <TextField
                  label="Name"
                  name="name"
                  autoComplete="off"
                  value={form.name}
                  onChange={(name) => setForm({ ...form, name })}
                  error={errors.key}
                  helpText={form.scope === "variant" ? "The variant ID: gid://shopify/ProductVariant/… or the number." : "As it is spelled in Shopify."}
                />
              </FormLayout.Group>
              <FormLayout.Group>
                <TextField label="Lead time" name="leadTimeDays" type="number" min={0} suffix="days" autoComplete="off" value={form.leadTimeDays} onChange={(leadTimeDays) => setForm({ ...form, leadTimeDays })} error={errors.leadTimeDays} />
                <TextField label="Review period" name="reviewPeriodDays" type="number" min={0} suffix="days" autoComplete="off" value={form.reviewPeriodDays} onChange={(reviewPeriodDays) => setForm({ ...form, reviewPeriodDays })} error={errors.reviewPeriodDays} />
              </FormLayout.Group>
              <InlineStack>
                <Button submit loading={add.state !== "idle"}>
                  Add override
                </Button>
              </InlineStack>
            </FormLayout>
          </add.Form>
        </Card>
      </BlockStack>
    </Layout.AnnotatedSection>
  );
}

function CsvSection() {
  const upload = useFetcher<ForecastSettingsActionResponse>();
  const download = useFileDownload("lead-times.csv");
  const [file, setFile] = useState<File | null>(null);
  const submit = () => {
    if (!file) return;
    const formData = new FormData();
    formData.set("intent", "import");
    formData.set("file", file, file.name);
    upload.submit(formData, { method: "post", encType: "multipart/form-data" });
  };
  return (
    <Layout.AnnotatedSection
      id="csv"
      title="CSV"
      description="Columns scope, name, lead_time_days, review_period_days, service_level. Each row replaces that setting; both days empty removes an override. A file with any bad row changes nothing."
    >
      <Card>
        <BlockStack gap="400">
          <ResultBanner response={upload.data} />
          {download.error && (
            <Banner tone="critical" onDismiss={download.clearError}>
              <p>{download.error}</p>
            </Banner>
          )}
          <InlineStack gap="200" blockAlign="center">
            <Button onClick={() => download.start("csv", "/app/forecast/settings/export")} loading={download.pending === "csv"}>
              Download CSV
            </Button>
          </InlineStack>
          <InlineStack gap="200" blockAlign="center">
            <input type="file" accept=".csv,text/csv,text/plain" aria-label="CSV file" onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)} />
            <Button variant="primary" onClick={submit} disabled={!file} loading={upload.state !== "idle"}>
              Upload CSV
            </Button>
          </InlineStack>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}

function ResultBanner({ response }: { response: ForecastSettingsActionResponse | undefined }) {
  if (!response) return null;
  if (response.ok) return <Banner tone="success">{response.message}</Banner>;
  return (
    <Banner tone="critical" title={response.message}>
      {response.lines?.length ? (
        <List>
          {response.lines.map((issue, i) => (
            <List.Item key={i}>{issue.line > 0 ? `Line ${issue.line}: ${issue.message}` : issue.message}</List.Item>
          ))}
        </List>
      ) : (
        response.fields && (
          <List>
            {Object.values(response.fields).map((message, i) => (
              <List.Item key={i}>{message}</List.Item>
            ))}
          </List>
        )
      )}
    </Banner>
  );
}
