// A queued or running import on the CSV page: its progress bar and counts (the page polls while it runs).
import { BlockStack, ProgressBar, Text } from "@shopify/polaris";
import type { CsvImportView } from "../../services/backorder-csv-import-view.server";

export function ImportProgress({ imp }: { imp: CsvImportView }) {
  return (
    <BlockStack gap="200">
      <Text as="p">{imp.summary}</Text>
      <ProgressBar progress={Math.round(imp.progress * 100)} tone="primary" ariaLabelledBy="csv-import-progress" />
      <Text as="p" tone="subdued" id="csv-import-progress">
        {Math.round(imp.progress * 100)}% · {imp.appliedRows.toLocaleString("en-US")} applied
        {imp.errorRows > imp.invalidRows ? ` · ${(imp.errorRows - imp.invalidRows).toLocaleString("en-US")} failed` : ""}. You can
        leave this page; the import continues in the background.
      </Text>
    </BlockStack>
  );
}
