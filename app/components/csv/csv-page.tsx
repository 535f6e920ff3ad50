// The CSV page (/app/csv): the import being looked at (polled while it applies in the background), the upload,
// the export, and the recent imports.
import { useEffect } from "react";
import { useRevalidator } from "@remix-run/react";
import { Banner, Layout, Page } from "@shopify/polaris";
import type { CsvPageData } from "../../services/backorder-csv-page.server";
import { ExportCard } from "./export-card";
import { ImportDetails } from "./import-details";
import { RecentImports } from "./recent-imports";
import { UploadCard } from "./upload-card";
import { UploadFailureBanner, type CsvActionFailure } from "./upload-failure-banner";

export function CsvPage({ data, failure }: { data: CsvPageData; failure: CsvActionFailure | undefined }) {
  const { recent, current, importNotFound, filter, limits } = data;
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
            <UploadFailureBanner failure={failure} />
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
