// The shop's recent CSV imports on the CSV page, each linking to its details (the one shown is not a link).
import { Link } from "@remix-run/react";
import { DataTable, Text } from "@shopify/polaris";
import type { CsvImportListItem } from "../../services/backorder-csv-import-view.server";
import { SectionCard } from "../section-card";
import { formatTime } from "./format-time";
import { ImportStatusBadge } from "./import-status-badge";

export function RecentImports({ imports, currentId }: { imports: CsvImportListItem[]; currentId?: string }) {
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
          <ImportStatusBadge key={`${imp.id}-status`} status={imp.status} />,
          imp.summary,
        ])}
        truncate={false}
      />
    </SectionCard>
  );
}
