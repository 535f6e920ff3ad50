// The variants table: selectable rows (with "select all matching the filters" across pages), the bulk actions
// for the selection, the empty search result and the cursor pagination.
import { EmptySearchResult, IndexTable } from "@shopify/polaris";
import type { VariantsPageData } from "../../services/variant-list.server";
import { BACKORDER_INTENT_LABELS, type BackorderIntent } from "../../schemas/backorder-action";
import { plural } from "../format";
import { VariantRow } from "./variant-row";

type VariantPage = VariantsPageData["page"];

export function VariantsTable({
  page,
  selectedIds,
  allSelected,
  onSelectionChange,
  filtered,
  loading,
  onBulkAction,
  onRowAction,
  onPrevious,
  onNext,
}: {
  page: VariantPage;
  selectedIds: string[];
  allSelected: boolean;
  onSelectionChange: Parameters<typeof IndexTable>[0]["onSelectionChange"];
  /** Whether any filter or search is applied: it decides what an empty result says. */
  filtered: boolean;
  loading: boolean;
  onBulkAction: (intent: BackorderIntent) => void;
  onRowAction: (intent: BackorderIntent, variantId: string) => void;
  onPrevious: () => void;
  onNext: () => void;
}) {
  const rows = page.rows;
  const bulk = (intent: BackorderIntent) => () => onBulkAction(intent);
  const promotedBulkActions = [
    { content: BACKORDER_INTENT_LABELS.enable, onAction: bulk("enable") },
    { content: BACKORDER_INTENT_LABELS.disable, onAction: bulk("disable") },
    { content: BACKORDER_INTENT_LABELS.set_eta, onAction: bulk("set_eta") },
  ];
  const bulkActions = [
    { content: BACKORDER_INTENT_LABELS.set_cap, onAction: bulk("set_cap") },
    { content: BACKORDER_INTENT_LABELS.set_message, onAction: bulk("set_message") },
    { content: BACKORDER_INTENT_LABELS.discontinue, onAction: bulk("discontinue") },
    { content: BACKORDER_INTENT_LABELS.undiscontinue, onAction: bulk("undiscontinue") },
  ];
  return (
    <IndexTable
      resourceName={{ singular: "variant", plural: "variants" }}
      itemCount={rows.length}
      selectedItemsCount={allSelected ? "All" : selectedIds.length}
      onSelectionChange={onSelectionChange}
      hasMoreItems={page.total > rows.length}
      paginatedSelectAllActionText={`Select all ${page.total.toLocaleString("en-US")} variants matching the filters`}
      paginatedSelectAllText={`All ${page.total.toLocaleString("en-US")} variants matching the filters are selected`}
      promotedBulkActions={promotedBulkActions}
      bulkActions={bulkActions}
      loading={loading}
      headings={[
        { title: "Image", hidden: true },
        { title: "Product / variant" },
        { title: "SKU" },
        { title: "Available", alignment: "end" },
        { title: "Policy" },
        { title: "State" },
        { title: "ETA" },
        { title: "Cap" },
        { title: "Backordered", alignment: "end", tooltipContent: "Units sold without stock so far" },
        { title: "Actions", hidden: true },
      ]}
      emptyState={
        <EmptySearchResult
          title={filtered ? "No variants match these filters" : "No variants"}
          description={filtered ? "Try another search term, or clear the filters." : "Your catalog has no variants yet."}
          withIllustration
        />
      }
      pagination={{
        hasPrevious: page.pageInfo.hasPreviousPage,
        hasNext: page.pageInfo.hasNextPage,
        onPrevious,
        onNext,
        label: `${plural(rows.length, "variant")} shown of ${page.total.toLocaleString("en-US")}`,
      }}
    >
      {rows.map((row, index) => (
        <VariantRow
          key={row.id}
          row={row}
          position={index}
          selected={selectedIds.includes(row.id)}
          onAction={(intent) => onRowAction(intent, row.id)}
        />
      ))}
    </IndexTable>
  );
}
