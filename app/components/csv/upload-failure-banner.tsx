// Why an uploaded file wasn't imported (the CSV route's action answered 4xx), with its first ten line problems
// when the message doesn't already say them.
import { Banner, List } from "@shopify/polaris";
import type { CsvImportIssue } from "../../domain/csv-import";

/** What the CSV route's action answers when it doesn't redirect. */
export type CsvActionFailure = { ok: false; error: string; errors: CsvImportIssue[] };

export function UploadFailureBanner({ failure }: { failure: CsvActionFailure }) {
  return (
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
  );
}
