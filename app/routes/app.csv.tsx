// /app/csv — export backorder settings as CSV, import a CSV: upload → preview with per-row problems (nothing applied)
// → "Apply N valid rows" (background job) → progress → summary. `?import=<id>` shows one import; the variants page's
// filter params (q, state, vendor, type, collection, tag, eta, ids) select what "Export filtered variants" exports.
import { useCallback, useEffect, useState, type ReactNode } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import {
  data,
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation, useRevalidator, useSubmit } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  DropZone,
  InlineGrid,
  InlineStack,
  Layout,
  List,
  Page,
  ProgressBar,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { actorOfAdmin } from "../shopify/admin-actor";
import { SectionCard } from "../components/section-card";
import { useFileDownload } from "../components/file-download";
import {
  CSV_MAX_BYTES,
  CSV_TOO_LARGE_MESSAGE,
  confirmCsvImport,
  discardCsvImport,
  loadCsvPage,
  previewCsvUpload,
  type CsvImportIssue,
  type CsvImportListItem,
  type CsvImportView,
} from "../services/backorder-csv.server";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadCsvPage(session.shop, new URL(request.url).searchParams, systemClock());
};

type ActionError = { ok: false; error: string; errors: CsvImportIssue[] };

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { session, redirect } = context;
  const shop = session.shop;
  const fail = (status: number, error: string, errors: CsvImportIssue[] = []) =>
    data<ActionError>({ ok: false, error, errors }, { status });

  if ((request.headers.get("content-type") ?? "").includes("multipart/form-data")) {
    // Refuse an oversized upload before reading it (64 KB of slack for the multipart envelope).
    if (Number(request.headers.get("content-length") ?? 0) > CSV_MAX_BYTES + 64 * 1024) {
      return fail(413, CSV_TOO_LARGE_MESSAGE);
    }
    let form: FormData;
    try {
      form = await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: CSV_MAX_BYTES }));
    } catch (error) {
      if (error instanceof MaxPartSizeExceededError) {
        return fail(413, CSV_TOO_LARGE_MESSAGE);
      }
      return fail(422, "The upload couldn't be read; choose the file again and retry.");
    }
    const file = form.get("file");
    if (!(file instanceof File) || (file.size === 0 && !file.name)) return fail(422, "Choose a CSV file to upload.");
    const result = await previewCsvUpload({
      shop,
      fileName: file.name,
      bytes: new Uint8Array(await file.arrayBuffer()),
      now: systemClock(),
      createdBy: actorOfAdmin(context),
    });
    if (!result.ok) return fail(result.status, result.error, result.errors);
    return redirect(`/app/csv?import=${encodeURIComponent(result.import.id)}`);
  }

  const form = await request.formData();
  const intent = String(form.get("intent") ?? "");
  const importId = String(form.get("importId") ?? "");
  if (!importId) return fail(422, "Missing import id.");
  if (intent === "confirm") {
    const result = await confirmCsvImport(shop, importId, actorOfAdmin(context), systemClock());
    if (!result.ok) return fail(result.status, result.error);
    return redirect(`/app/csv?import=${encodeURIComponent(importId)}`);
  }
  if (intent === "discard") {
    const result = await discardCsvImport(shop, importId, systemClock());
    if (!result.ok) return fail(result.status, result.error);
    return redirect("/app/csv");
  }
  return fail(400, `Unknown action "${intent}".`);
};

// ---------------------------------------------------------------------------------------------------------------

const STATUS_BADGES: Record<string, { tone?: "success" | "info" | "attention" | "critical" | "warning"; label: string }> = {
  preview: { tone: "info", label: "Preview" },
  queued: { tone: "attention", label: "Queued" },
  running: { tone: "attention", label: "Applying" },
  completed: { tone: "success", label: "Completed" },
  failed: { tone: "critical", label: "Failed" },
  discarded: { label: "Discarded" },
};

const STATE_OPTIONS = [
  { label: "Any state", value: "" },
  { label: "In stock", value: "in_stock" },
  { label: "Low stock", value: "low_stock" },
  { label: "Backorder", value: "backorder" },
  { label: "Backorder cap reached", value: "backorder_cap_reached" },
  { label: "Sold out", value: "sold_out" },
  { label: "Untracked", value: "untracked" },
  { label: "Discontinued", value: "discontinued" },
];

const ETA_OPTIONS = [
  { label: "Any ETA", value: "" },
  { label: "Has an ETA", value: "set" },
  { label: "No ETA", value: "none" },
  { label: "ETA overdue", value: "overdue" },
];

/** Deterministic on server and client (no locale / time zone differences between SSR and hydration). */
function formatTime(iso: string): string {
  return `${iso.slice(0, 16).replace("T", " ")} UTC`;
}

/** DataTable cells never wrap; long messages do. */
function Wrap({ children }: { children: ReactNode }) {
  return <div style={{ whiteSpace: "normal", minWidth: "18rem" }}>{children}</div>;
}

function StatusBadge({ status }: { status: string }) {
  const badge = STATUS_BADGES[status] ?? { label: status };
  return <Badge tone={badge.tone}>{badge.label}</Badge>;
}



function Stat({ label, value, tone }: { label: string; value: number; tone?: "critical" | "success" | "subdued" }) {
  return (
    <Box padding="300" background="bg-surface-secondary" borderRadius="200">
      <BlockStack gap="100">
        <Text as="p" variant="bodySm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg" tone={tone === "subdued" ? undefined : tone}>
          {value.toLocaleString("en-US")}
        </Text>
      </BlockStack>
    </Box>
  );
}

function ExportCard({ filter }: { filter: ReturnType<typeof useLoaderData<typeof loader>>["filter"] }) {
  const download = useFileDownload("backorders.csv");
  const [q, setQ] = useState(filter.q);
  const [state, setState] = useState(filter.state.includes(",") ? "" : filter.state);
  const [eta, setEta] = useState(filter.eta);
  return (
    <SectionCard
      title="Export"
      gap="400"
      description={
        <>
          Download the backorder settings (backorders on/off, ETA, lead time, cap, message) as a CSV file. Edit it in
          a spreadsheet and import it below.
        </>
      }
    >
      <Form method="get" action="/app/csv">
        <InlineStack gap="300" blockAlign="end" wrap>
          <Box minWidth="220px">
            <TextField label="Search" name="q" value={q} onChange={setQ} autoComplete="off" placeholder="Title or SKU" />
          </Box>
          <Select label="State" name="state" options={STATE_OPTIONS} value={state} onChange={setState} />
          <Select label="ETA" name="eta" options={ETA_OPTIONS} value={eta} onChange={setEta} />
          <Button submit>Filter</Button>
          {filter.active && <Link to="/app/csv">Clear filter</Link>}
        </InlineStack>
      </Form>
      {filter.active && (
        <Text as="p">
          Current filter: <Text as="span" fontWeight="semibold">{filter.description}</Text>
        </Text>
      )}
      <InlineStack gap="300">
        <Button
          variant={filter.active ? undefined : "primary"}
          loading={download.pending === "all"}
          onClick={() => download.start("all", "/app/csv/export")}
        >
          Export all variants
        </Button>
        {filter.active && (
          <Button
            variant="primary"
            loading={download.pending === "filtered"}
            onClick={() => download.start("filtered", `/app/csv/export?${filter.search}`)}
          >
            Export filtered variants
          </Button>
        )}
      </InlineStack>
      {download.error && (
        <Banner tone="critical" title="Export failed">
          <p>{download.error}</p>
        </Banner>
      )}
    </SectionCard>
  );
}

function UploadCard({ maxBytes, maxRows }: { maxBytes: number; maxRows: number }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const [file, setFile] = useState<File | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const uploading = navigation.state !== "idle" && navigation.formEncType === "multipart/form-data";

  const onDrop = useCallback(
    (_all: File[], accepted: File[], rejected: File[]) => {
      const picked = accepted[0] ?? rejected[0] ?? null;
      setFile(picked);
      if (!picked) return;
      if (picked.size > maxBytes) setClientError(`The file is larger than ${maxBytes / 1024 / 1024} MB. Split it into smaller files.`);
      else if (rejected.length > 0 && accepted.length === 0) setClientError("Choose a .csv file.");
      else setClientError(null);
    },
    [maxBytes],
  );

  const upload = () => {
    if (!file) return setClientError("Choose a CSV file first.");
    if (file.size > maxBytes) return setClientError(`The file is larger than ${maxBytes / 1024 / 1024} MB. Split it into smaller files.`);
    const formData = new FormData();
    formData.set("intent", "preview");
    formData.set("file", file, file.name);
    submit(formData, { method: "post", encType: "multipart/form-data" });
  };

  return (
    <SectionCard
      title="Import"
      gap="400"
      description={
        <>
          Columns: <code>variant_id</code> or <code>sku</code>, then any of <code>enabled</code> (true/false),{" "}
          <code>eta</code> (YYYY-MM-DD), <code>lead_time_days</code>, <code>cap</code>, <code>message</code>. An empty
          cell keeps the current value; <code>none</code> clears it. Up to {maxRows.toLocaleString("en-US")} rows and{" "}
          {maxBytes / 1024 / 1024} MB. You'll see a preview before anything is changed.
        </>
      }
    >
      <DropZone label="CSV file" accept=".csv,text/csv,text/plain,application/vnd.ms-excel" type="file" allowMultiple={false} onDrop={onDrop}>
        {file ? (
          <Box padding="400">
            <Text as="p" alignment="center">
              {file.name} · {(file.size / 1024).toFixed(1)} KB
            </Text>
          </Box>
        ) : (
          <DropZone.FileUpload actionTitle="Add CSV file" actionHint="or drop a .csv file here" />
        )}
      </DropZone>
      {clientError && (
        <Banner tone="critical">
          <p>{clientError}</p>
        </Banner>
      )}
      <InlineStack>
        <Button variant="primary" onClick={upload} loading={uploading} disabled={!file || !!clientError}>
          Upload and preview
        </Button>
      </InlineStack>
    </SectionCard>
  );
}

function ProblemsTable({ imp }: { imp: CsvImportView }) {
  const download = useFileDownload("backorders.csv");
  if (imp.errorCount === 0) return null;
  return (
    <BlockStack gap="200">
      <InlineStack align="space-between" blockAlign="center">
        <Text as="h3" variant="headingSm">
          Problems ({imp.errorCount.toLocaleString("en-US")})
        </Text>
        <Button
          variant="plain"
          loading={download.pending === "errors"}
          onClick={() => download.start("errors", `/app/csv/export?errorsFor=${encodeURIComponent(imp.id)}`)}
        >
          Download all problems (CSV)
        </Button>
      </InlineStack>
      <DataTable
        columnContentTypes={["numeric", "text", "text"]}
        headings={["Line", "Column", "Problem"]}
        rows={imp.errors.map((e) => [e.line, e.column ?? "", <Wrap key={`${e.line}-${e.column ?? ""}`}>{e.phase === "apply" ? `Not applied: ${e.message}` : e.message}</Wrap>])}
        truncate={false}
      />
      {imp.errorCount > imp.errors.length && (
        <Text as="p" tone="subdued">
          Showing the first {imp.errors.length.toLocaleString("en-US")} problems; download the file for all of them.
        </Text>
      )}
      {download.error && (
        <Text as="p" tone="critical">
          {download.error}
        </Text>
      )}
    </BlockStack>
  );
}

function ImportDetails({ imp }: { imp: CsvImportView }) {
  const navigation = useNavigation();
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  const running = imp.status === "queued" || imp.status === "running";
  const finishedTone = imp.status === "failed" ? "critical" : imp.errorRows > imp.invalidRows ? "warning" : "success";

  return (
    <Card>
      <BlockStack gap="400">
        <InlineStack align="space-between" blockAlign="center">
          <InlineStack gap="200" blockAlign="center">
            <Text as="h2" variant="headingMd">
              {imp.fileName}
            </Text>
            <StatusBadge status={imp.status} />
          </InlineStack>
          <Text as="span" tone="subdued">
            Uploaded {formatTime(imp.createdAt)}
            {imp.createdBy ? ` by ${imp.createdBy}` : ""}
          </Text>
        </InlineStack>

        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <Stat label="Rows in file" value={imp.totalRows} />
          <Stat label={imp.status === "preview" ? "Will change" : "To apply"} value={imp.validRows} tone="success" />
          <Stat label="Already up to date" value={imp.unchangedRows} />
          <Stat label="Rows with problems" value={imp.invalidRows} tone={imp.invalidRows > 0 ? "critical" : undefined} />
        </InlineGrid>

        {imp.status === "preview" && (
          <>
            <Banner tone={imp.invalidRows > 0 ? "warning" : "info"} title="Preview: nothing has been changed yet">
              <p>{imp.summary}</p>
              {imp.invalidRows > 0 && <p>Rows with problems are skipped. Fix them in the file and import it again, or apply the valid rows now.</p>}
              {imp.timeZone && <p>ETA dates were checked against today in {imp.timeZone}.</p>}
            </Banner>
            {imp.sample.length > 0 && (
              <BlockStack gap="200">
                <Text as="h3" variant="headingSm">
                  Changes{imp.validRows > imp.sample.length ? ` (first ${imp.sample.length} of ${imp.validRows.toLocaleString("en-US")})` : ""}
                </Text>
                <DataTable
                  columnContentTypes={["numeric", "text", "text", "text"]}
                  headings={["Line", "Variant", "SKU", "Change"]}
                  rows={imp.sample.map((row) => [
                    row.line,
                    [row.productTitle, row.variantTitle].filter(Boolean).join(" · ") || row.variantId,
                    row.sku ?? "",
                    <Wrap key={row.line}>{row.changes.map((c) => `${c.label}: ${c.before} → ${c.after}`).join("; ")}</Wrap>,
                  ])}
                  truncate={false}
                />
              </BlockStack>
            )}
            <ProblemsTable imp={imp} />
            <InlineStack gap="300">
              <Form method="post">
                <input type="hidden" name="intent" value="confirm" />
                <input type="hidden" name="importId" value={imp.id} />
                <Button submit variant="primary" disabled={!imp.canApply} loading={busyIntent === "confirm"}>
                  {`Apply ${imp.validRows.toLocaleString("en-US")} valid row${imp.validRows === 1 ? "" : "s"}`}
                </Button>
              </Form>
              <Form method="post">
                <input type="hidden" name="intent" value="discard" />
                <input type="hidden" name="importId" value={imp.id} />
                <Button submit loading={busyIntent === "discard"}>
                  Discard
                </Button>
              </Form>
            </InlineStack>
            {!imp.canApply && imp.validRows > 0 && (
              <Text as="p" tone="subdued">
                This preview is more than 24 hours old; upload the file again.
              </Text>
            )}
          </>
        )}

        {running && (
          <BlockStack gap="200">
            <Text as="p">{imp.summary}</Text>
            <ProgressBar progress={Math.round(imp.progress * 100)} tone="primary" ariaLabelledBy="csv-import-progress" />
            <Text as="p" tone="subdued" id="csv-import-progress">
              {Math.round(imp.progress * 100)}% · {imp.appliedRows.toLocaleString("en-US")} applied
              {imp.errorRows > imp.invalidRows ? ` · ${(imp.errorRows - imp.invalidRows).toLocaleString("en-US")} failed` : ""}. You can
              leave this page; the import continues in the background.
            </Text>
          </BlockStack>
        )}

        {(imp.status === "completed" || imp.status === "failed") && (
          <>
            <Banner tone={finishedTone} title={imp.status === "failed" ? "Import failed" : "Import finished"}>
              <p>{imp.summary}</p>
              {imp.finishedAt && <p>Finished {formatTime(imp.finishedAt)}.</p>}
            </Banner>
            <ProblemsTable imp={imp} />
          </>
        )}

        {imp.status === "discarded" && <Text as="p">{imp.summary}</Text>}
      </BlockStack>
    </Card>
  );
}

function RecentImports({ imports, currentId }: { imports: CsvImportListItem[]; currentId?: string }) {
  if (imports.length === 0) return null;
  return (
    <SectionCard title="Recent imports">
      <DataTable
        columnContentTypes={["text", "text", "text", "text"]}
        headings={["File", "Uploaded", "Status", "Result"]}
        rows={imports.map((imp) => [
          imp.id === currentId ? (
            <Text as="span" fontWeight="semibold" key={imp.id}>
              {imp.fileName}
            </Text>
          ) : (
            <Link key={imp.id} to={`/app/csv?import=${encodeURIComponent(imp.id)}`}>
              {imp.fileName}
            </Link>
          ),
          formatTime(imp.createdAt),
          <StatusBadge key={`${imp.id}-status`} status={imp.status} />,
          imp.summary,
        ])}
        truncate={false}
      />
    </SectionCard>
  );
}

export default function CsvPage() {
  const { recent, current, importNotFound, filter, limits } = useLoaderData<typeof loader>();
  // The action either redirects (success) or answers an ActionError with a 4xx status.
  const failure = useActionData<typeof action>() as ActionError | undefined;
  const revalidator = useRevalidator();
  const running = current?.status === "queued" || current?.status === "running";

  // While the import is applied in the background, poll its progress.
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 1500);
    return () => clearInterval(timer);
  }, [running, revalidator]);

  return (
    <Page title="CSV import & export" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        {failure && (
          <Layout.Section>
            <Banner tone="critical" title="The file wasn't imported">
              <p>{failure.error}</p>
              {failure.errors.some((e) => !failure.error.includes(e.message)) && (
                <List>
                  {failure.errors.slice(0, 10).map((e, i) => (
                    <List.Item key={i}>
                      Line {e.line}
                      {e.column ? ` (${e.column})` : ""}: {e.message}
                    </List.Item>
                  ))}
                </List>
              )}
            </Banner>
          </Layout.Section>
        )}
        {importNotFound && (
          <Layout.Section>
            <Banner tone="warning" title="Import not found">
              <p>That import doesn't exist any more.</p>
            </Banner>
          </Layout.Section>
        )}
        {current && (
          <Layout.Section>
            <ImportDetails imp={current} />
          </Layout.Section>
        )}
        <Layout.Section>
          <UploadCard key={current?.id ?? "new"} maxBytes={limits.maxBytes} maxRows={limits.maxRows} />
        </Layout.Section>
        <Layout.Section>
          <ExportCard filter={filter} />
        </Layout.Section>
        <Layout.Section>
          <RecentImports imports={recent} currentId={current?.id} />
        </Layout.Section>
      </Layout>
    </Page>
  );
}

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
