// An import's first problems (line, column, message) and the link that downloads all of them as CSV.
import { BlockStack, Button, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { CsvImportView } from "../../services/backorder-csv-import-view.server";
import { useFileDownload } from "../file-download";
import { WrapCell } from "./wrap-cell";

export function ImportProblemsTable({ imp }: { imp: CsvImportView }) {
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
        rows={imp.errors.map((e) => [e.line, e.column ?? "", <WrapCell key={`${e.line}-${e.column ?? ""}`}>{e.phase === "apply" ? `Not applied: ${e.message}` : e.message}</WrapCell>])}
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
