// One CSV import on the CSV page: file, status and counts, then what its status calls for: the preview with
// Apply/Discard, the progress while it applies, or the outcome with its problems.
import { Banner, BlockStack, Card, InlineGrid, InlineStack, Text } from "@shopify/polaris";
import type { CsvImportView } from "../../services/backorder-csv-import-view.server";
import { formatTime } from "./format-time";
import { ImportPreview } from "./import-preview";
import { ImportProblemsTable } from "./import-problems-table";
import { ImportProgress } from "./import-progress";
import { ImportStat } from "./import-stat";
import { ImportStatusBadge } from "./import-status-badge";

export function ImportDetails({ imp }: { imp: CsvImportView }) {
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
            <ImportStatusBadge status={imp.status} />
          </InlineStack>
          <Text as="span" tone="subdued">
            Uploaded {formatTime(imp.createdAt)}
            {imp.createdBy ? ` by ${imp.createdBy}` : ""}
          </Text>
        </InlineStack>

        <InlineGrid columns={{ xs: 2, md: 4 }} gap="300">
          <ImportStat label="Rows in file" value={imp.totalRows} />
          <ImportStat label={imp.status === "preview" ? "Will change" : "To apply"} value={imp.validRows} tone="success" />
          <ImportStat label="Already up to date" value={imp.unchangedRows} />
          <ImportStat label="Rows with problems" value={imp.invalidRows} tone={imp.invalidRows > 0 ? "critical" : undefined} />
        </InlineGrid>

        {imp.status === "preview" && <ImportPreview imp={imp} />}

        {running && <ImportProgress imp={imp} />}

        {(imp.status === "completed" || imp.status === "failed") && (
          <>
            <Banner tone={finishedTone} title={imp.status === "failed" ? "Import failed" : "Import finished"}>
              <p>{imp.summary}</p>
              {imp.finishedAt && <p>Finished {formatTime(imp.finishedAt)}.</p>}
            </Banner>
            <ImportProblemsTable imp={imp} />
          </>
        )}

        {imp.status === "discarded" && <Text as="p">{imp.summary}</Text>}
      </BlockStack>
    </Card>
  );
}
