// The bar above the variants table: saved views as tabs, the search box, sort, and the filters (state, ETA,
// vendor, product type, collection, tag) with their applied-filter pills. Every change goes to the URL.
import { useCallback, useEffect, useRef, useState } from "react";
import { ChoiceList, IndexFilters, IndexFiltersMode, useSetIndexFiltersMode, type IndexFiltersProps, type TabProps } from "@shopify/polaris";
import type { VariantsPageData } from "../../services/variant-list.server";
import { BACKORDER_STATES, ETA_FILTERS, type EtaFilter, type VariantListQuery } from "../../schemas/variant-list";
import { STATE_DESCRIPTIONS, STATE_LABELS } from "../backorder-state-badge";
import { VariantTagFilter } from "./variant-tag-filter";

/** Moves the page to the query with `patch` applied; `replace` replaces the history entry instead of adding one. */
export type ApplyVariantQuery = (patch: Partial<VariantListQuery>, options?: { replace?: boolean }) => void;

const ETA_FILTER_LABELS: Record<EtaFilter, string> = {
  set: "Has an ETA",
  none: "No ETA",
  overdue: "ETA overdue",
};

const SORT_OPTIONS: IndexFiltersProps["sortOptions"] = [
  { label: "Product", value: "product asc", directionLabel: "A–Z" },
  { label: "Product", value: "product desc", directionLabel: "Z–A" },
  { label: "Available", value: "available asc", directionLabel: "Lowest first" },
  { label: "Available", value: "available desc", directionLabel: "Highest first" },
  { label: "ETA", value: "eta asc", directionLabel: "Soonest first" },
  { label: "ETA", value: "eta desc", directionLabel: "Latest first" },
  { label: "State", value: "state asc", directionLabel: "Most urgent first" },
  { label: "State", value: "state desc", directionLabel: "Least urgent first" },
];

/** Saved views shown as tabs; each is a preset of filters. */
const VIEWS: Array<{ id: string; label: string; filters: Partial<VariantListQuery> }> = [
  { id: "all", label: "All", filters: {} },
  { id: "backorder", label: "On backorder", filters: { state: ["backorder"] } },
  { id: "needs-eta", label: "Needs ETA", filters: { state: ["backorder"], eta: "none" } },
  { id: "sold-out", label: "Sold out", filters: { state: ["sold_out"] } },
  { id: "cap-reached", label: "Cap reached", filters: { state: ["backorder_cap_reached"] } },
  { id: "overdue", label: "ETA overdue", filters: { eta: "overdue" } },
];

const FILTER_KEYS = ["q", "state", "vendor", "type", "collection", "tag", "eta"] as const;
const NO_FILTERS: Partial<VariantListQuery> = {
  q: undefined,
  state: [],
  vendor: undefined,
  type: undefined,
  collection: undefined,
  tag: undefined,
  eta: undefined,
  job: undefined,
};

function sameFilters(query: VariantListQuery, preset: Partial<VariantListQuery>): boolean {
  const text = (value: string | readonly string[] | undefined) => (Array.isArray(value) ? value.join(",") : (value ?? ""));
  return FILTER_KEYS.every((key) => text(query[key]) === text(preset[key]));
}

export function VariantFiltersBar({
  query,
  filterOptions,
  loading,
  go,
}: {
  /** The query the controls show: the loaded one, or the one being loaded (a click shows at once). */
  query: VariantListQuery;
  filterOptions: VariantsPageData["filterOptions"];
  loading: boolean;
  go: ApplyVariantQuery;
}) {
  // The search box types freely; the URL follows 300 ms after the last key (replacing, not stacking, history).
  const [queryValue, setQueryValue] = useState(query.q ?? "");
  useEffect(() => setQueryValue(query.q ?? ""), [query.q]);
  const searchTimer = useRef<ReturnType<typeof setTimeout>>();
  const onQueryChange = useCallback(
    (value: string) => {
      setQueryValue(value);
      clearTimeout(searchTimer.current);
      searchTimer.current = setTimeout(() => go({ q: value.trim() || undefined }, { replace: true }), 300);
    },
    [go],
  );
  useEffect(() => () => clearTimeout(searchTimer.current), []);

  const { mode, setMode } = useSetIndexFiltersMode(IndexFiltersMode.Filtering);

  const single = (key: "vendor" | "type" | "collection" | "tag", title: string, choices: Array<{ label: string; value: string }>) => (
    <ChoiceList
      title={title}
      titleHidden
      choices={choices}
      selected={query[key] ? [query[key]!] : []}
      onChange={([value]) => go({ [key]: value || undefined })}
    />
  );
  const filters: IndexFiltersProps["filters"] = [
    {
      key: "state",
      label: "State",
      pinned: true,
      shortcut: true,
      filter: (
        <ChoiceList
          title="State"
          titleHidden
          allowMultiple
          choices={BACKORDER_STATES.map((state) => ({ label: STATE_LABELS[state], value: state, helpText: STATE_DESCRIPTIONS[state] }))}
          selected={query.state}
          onChange={(value) => go({ state: value as VariantListQuery["state"] })}
        />
      ),
    },
    {
      key: "eta",
      label: "ETA",
      pinned: true,
      shortcut: true,
      filter: (
        <ChoiceList
          title="ETA"
          titleHidden
          choices={ETA_FILTERS.map((value) => ({ label: ETA_FILTER_LABELS[value], value }))}
          selected={query.eta ? [query.eta] : []}
          onChange={([value]) => go({ eta: (value as EtaFilter) || undefined })}
        />
      ),
    },
    {
      key: "vendor",
      label: "Vendor",
      filter: single("vendor", "Vendor", filterOptions.vendors.map((v) => ({ label: v, value: v }))),
    },
    {
      key: "type",
      label: "Product type",
      filter: single("type", "Product type", filterOptions.productTypes.map((v) => ({ label: v, value: v }))),
    },
    {
      key: "collection",
      label: "Collection",
      filter: single("collection", "Collection", filterOptions.collections.map((c) => ({ label: c.title, value: c.id }))),
    },
    {
      key: "tag",
      label: "Tag",
      filter:
        filterOptions.tags.length <= 100 ? (
          single("tag", "Tag", filterOptions.tags.map((t) => ({ label: t, value: t })))
        ) : (
          <VariantTagFilter value={query.tag ?? ""} onChange={(tag) => go({ tag: tag || undefined })} />
        ),
    },
  ];

  const collectionTitle = filterOptions.collections.find((c) => c.id === query.collection)?.title ?? query.collection;
  const appliedFilters: IndexFiltersProps["appliedFilters"] = [];
  if (query.state.length) {
    appliedFilters.push({
      key: "state",
      label: `State: ${query.state.map((s) => STATE_LABELS[s]).join(", ")}`,
      onRemove: () => go({ state: [] }),
    });
  }
  if (query.eta) appliedFilters.push({ key: "eta", label: ETA_FILTER_LABELS[query.eta], onRemove: () => go({ eta: undefined }) });
  if (query.vendor) appliedFilters.push({ key: "vendor", label: `Vendor: ${query.vendor}`, onRemove: () => go({ vendor: undefined }) });
  if (query.type) appliedFilters.push({ key: "type", label: `Product type: ${query.type}`, onRemove: () => go({ type: undefined }) });
  if (query.collection) {
    appliedFilters.push({ key: "collection", label: `Collection: ${collectionTitle}`, onRemove: () => go({ collection: undefined }) });
  }
  if (query.tag) appliedFilters.push({ key: "tag", label: `Tag: ${query.tag}`, onRemove: () => go({ tag: undefined }) });

  const selectedView = Math.max(0, VIEWS.findIndex((view) => sameFilters(query, view.filters)));
  const tabs: TabProps[] = VIEWS.map((view, index) => ({
    id: `view-${view.id}`,
    content: view.label,
    index,
    isLocked: true,
    onAction: () => {},
  }));

  return (
    <IndexFilters
      tabs={tabs}
      selected={selectedView}
      onSelect={(index) => {
        const view = VIEWS[index];
        if (view) go({ ...NO_FILTERS, ...view.filters });
      }}
      canCreateNewView={false}
      queryValue={queryValue}
      queryPlaceholder="Search by product, variant or SKU"
      onQueryChange={onQueryChange}
      onQueryClear={() => onQueryChange("")}
      sortOptions={SORT_OPTIONS}
      sortSelected={[`${query.sort} ${query.dir}`]}
      onSort={([value]) => {
        const [sort, dir] = (value ?? "product asc").split(" ") as [VariantListQuery["sort"], VariantListQuery["dir"]];
        go({ sort, dir });
      }}
      filters={filters}
      appliedFilters={appliedFilters}
      onClearAll={() => go(NO_FILTERS)}
      mode={mode}
      setMode={setMode}
      loading={loading}
      filteringAccessibilityLabel="Search and filter variants"
    />
  );
}
