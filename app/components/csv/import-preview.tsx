// A preview on the CSV page: nothing applied yet; its summary, the first rows that will change (before → after),
// its problems, and the Apply / Discard forms.
import { Form, useNavigation } from "@remix-run/react";
import { Banner, BlockStack, Button, DataTable, InlineStack, Text } from "@shopify/polaris";
import type { CsvImportView } from "../../services/backorder-csv-import-view.server";
import { ImportProblemsTable } from "./import-problems-table";
import { WrapCell } from "./wrap-cell";

export function ImportPreview({ imp }: { imp: CsvImportView }) {
  const navigation = useNavigation();
  const busyIntent = navigation.state !== "idle" ? navigation.formData?.get("intent") : null;
  return (
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
              <WrapCell key={row.line}>{row.changes.map((c) => `${c.label}: ${c.before} → ${c.after}`).join("; ")}</WrapCell>,
            ])}
            truncate={false}
          />
        </BlockStack>
      )}
      <ImportProblemsTable imp={imp} />
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
  );
}
