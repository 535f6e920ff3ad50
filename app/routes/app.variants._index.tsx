import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useLocation, useNavigation, useRevalidator, useSearchParams } from "@remix-run/react";
import {
  ActionList,
  Badge,
  Banner,
  BlockStack,
  Button,
  Card,
  ChoiceList,
  EmptySearchResult,
  EmptyState,
  IndexFilters,
  IndexFiltersMode,
  IndexTable,
  InlineStack,
  Layout,
  Link,
  Page,
  Popover,
  ProgressBar,
  Text,
  TextField,
  Thumbnail,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
  type TabProps,
} from "@shopify/polaris";
import { ImageIcon } from "@shopify/polaris-icons";
import { useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { createAdminGateway } from "../shopify/admin-gateway.server";
import { applyVariantListAction, loadVariantsPage } from "../services/variant-list.server";
import { actorOfAdmin } from "../shopify/admin-actor";
import {
  BACKORDER_INTENT_LABELS,
  parseBackorderActionForm,
  type BackorderIntent,
} from "../schemas/backorder-action";
import {
  BACKORDER_STATES,
  ETA_FILTERS,
  hasActiveFilters,
  parseVariantListQuery,
  toVariantListSearchParams,
  type EtaFilter,
  type VariantListQuery,
} from "../schemas/variant-list";
import { toFormData, type FieldErrors } from "../schemas/form-helpers";
import { BackorderStateBadge, STATE_DESCRIPTIONS, STATE_LABELS } from "../components/backorder-state-badge";
import { BackorderActionModal, type ActionFields } from "../components/backorder-action-modal";
import { ActionResultBanner, countsOf, summarizeResult, type ResultCounts } from "../components/action-result-banner";
import { formatEta, legacyId, plural } from "../components/format";
import { useFetcherResult } from "../components/use-editable-form";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = parseVariantListQuery(new URL(request.url).searchParams);
  const pageData = await loadVariantsPage(session.shop, query, systemClock());
  return { ...pageData, query };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const { admin, session } = context;
  const parsed = parseBackorderActionForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  const outcome = await applyVariantListAction({
    shop: session.shop,
    action: parsed.data,
    actor: actorOfAdmin(context),
    gateway: createAdminGateway(admin.graphql, { shop: session.shop }),
    now: systemClock(),
  });
  if (!outcome.ok) return data({ ok: false as const, errors: outcome.errors }, { status: 422 });
  return { ...outcome, intent: parsed.data.intent };
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

// ---------------------------------------------------------------------------------------------------------------

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

type PendingAction = { intent: BackorderIntent; ids: string[]; matching: boolean };

export default function VariantsPage() {
  const { page, job, filterOptions, query: loadedQuery, today, catalogSize } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const location = useLocation();
  // While the next page of results loads, the controls already show what was clicked (the pending URL's query).
  const pendingSearch = navigation.state === "loading" && navigation.location.pathname === location.pathname ? navigation.location.search : null;
  // …and even before the navigation starts: a clicked filter shows as applied at once.
  const [optimistic, setOptimistic] = useState<Partial<VariantListQuery>>({});
  useEffect(() => setOptimistic({}), [loadedQuery]);
  const query = useMemo(
    () => ({ ...(pendingSearch !== null ? parseVariantListQuery(new URLSearchParams(pendingSearch)) : loadedQuery), ...optimistic }),
    [pendingSearch, loadedQuery, optimistic],
  );
  const revalidator = useRevalidator();
  const shopify = useAppBridge();
  const fetcher = useFetcher<typeof action>();
  const rows = page.rows;
  const loading = pendingSearch !== null;

  // ---- URL state ----------------------------------------------------------------------------------------------
  const go = useCallback(
    (patch: Partial<VariantListQuery>, options: { replace?: boolean } = {}) => {
      const next = { ...query, after: undefined, before: undefined, ...patch };
      setOptimistic(next);
      setSearchParams(toVariantListSearchParams(next), { replace: options.replace, preventScrollReset: true });
    },
    [query, setSearchParams],
  );

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

  // ---- Selection ----------------------------------------------------------------------------------------------
  const { selectedResources, allResourcesSelected, handleSelectionChange, clearSelection } = useIndexResourceState(rows);
  const pageKey = `${page.pageInfo.startCursor}|${toVariantListSearchParams({ ...loadedQuery, job: undefined }).toString()}`;
  useEffect(() => {
    clearSelection();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [pageKey]);

  // ---- Actions ------------------------------------------------------------------------------------------------
  const [modal, setModal] = useState<PendingAction | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [lastResult, setLastResult] = useState<{ title: string; counts: ResultCounts } | null>(null);
  const [formError, setFormError] = useState<string | null>(null);
  const submitted = useRef<PendingAction | null>(null);
  const labels = useMemo(() => new Map(rows.map((row) => [row.id, `${row.productTitle} – ${row.title}`])), [rows]);
  const submitting = fetcher.state !== "idle";

  // "Select all matching" applies to the filters of the rows on screen.
  const filterString = toVariantListSearchParams({ ...loadedQuery, after: undefined, before: undefined, job: undefined }).toString();

  const submit = useCallback(
    (pending: PendingAction, fields: ActionFields) => {
      const formData = toFormData({
        intent: pending.intent,
        selection: pending.matching ? "matching" : "ids",
        variantId: pending.matching ? [] : pending.ids,
        filters: pending.matching ? filterString : undefined,
        ...fields,
      });
      // Same schema as the action: field errors show at once, without a round trip.
      const check = parseBackorderActionForm(formData);
      if (!check.success) {
        setErrors(check.errors);
        if (!modal) setFormError(Object.values(check.errors)[0] ?? "Check the form.");
        return;
      }
      setErrors({});
      setFormError(null);
      submitted.current = pending;
      fetcher.submit(formData, { method: "post" });
    },
    [fetcher, filterString, modal],
  );

  /** One-click actions run at once for a few rows; for "all matching" they ask first. */
  const startAction = useCallback(
    (intent: BackorderIntent, ids: string[], matching: boolean) => {
      const pending = { intent, ids, matching };
      setErrors({});
      const immediate = (intent === "enable" || intent === "disable") && !matching;
      if (immediate) submit(pending, {});
      else setModal(pending);
    },
    [submit],
  );

  useFetcherResult(fetcher, (result) => {
    const pending = submitted.current;
    const title = pending ? BACKORDER_INTENT_LABELS[pending.intent] : "Update";
    if (!result.ok) {
      setErrors(result.errors);
      if (!modal) setFormError(Object.values(result.errors)[0] ?? "Something went wrong.");
      return;
    }
    setModal(null);
    clearSelection();
    if (result.kind === "queued") {
      shopify.toast.show(`${title}: updating ${plural(result.total, "variant")} in the background`);
      go({ ...query, job: result.jobId }, { replace: false });
      return;
    }
    const summary = summarizeResult(result.result);
    shopify.toast.show(`${title}: ${summary}`, { isError: result.result.failed.length > 0 });
    setLastResult({ title, counts: countsOf(result.result) });
  });

  // While a background bulk change runs, refresh every 2 s (progress and the rows it has already changed).
  const jobRunning = !!job && (job.status === "queued" || job.status === "running");
  useEffect(() => {
    if (!jobRunning) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [jobRunning, revalidator]);

  // ---- Filters --------------------------------------------------------------------------------------------------
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
          <TagFilter value={query.tag ?? ""} onChange={(tag) => go({ tag: tag || undefined })} />
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

  // ---- Bulk actions -----------------------------------------------------------------------------------------------
  const selectionIds = selectedResources;
  const selectionCount = allResourcesSelected ? page.total : selectionIds.length;
  const bulk = (intent: BackorderIntent) => () => startAction(intent, selectionIds, allResourcesSelected && page.total > rows.length);
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

  // ---- Rows ---------------------------------------------------------------------------------------------------------
  const rowMarkup = rows.map((row, index) => {
    const eta = formatEta(row);
    return (
      <IndexTable.Row
        id={row.id}
        key={row.id}
        position={index}
        selected={selectedResources.includes(row.id)}
        accessibilityLabel={`Select ${row.productTitle} – ${row.title}`}
      >
        <IndexTable.Cell>
          <Thumbnail source={row.imageUrl ?? ImageIcon} alt={row.imageUrl ? `${row.productTitle} – ${row.title}` : ""} size="small" />
        </IndexTable.Cell>
        <IndexTable.Cell>
          <BlockStack gap="050">
            <Link url={`/app/variants/${legacyId(row.id)}`} dataPrimaryLink monochrome removeUnderline>
              <Text as="span" variant="bodyMd" fontWeight="semibold">
                {row.productTitle}
              </Text>
            </Link>
            <Text as="span" variant="bodySm" tone="subdued">
              {row.title}
            </Text>
          </BlockStack>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" tone={row.sku ? undefined : "subdued"}>
            {row.sku || "No SKU"}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric tone={row.available < 0 ? "critical" : undefined}>
            {row.tracked ? row.available.toLocaleString("en-US") : "∞"}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" tone="subdued">
            {row.inventoryPolicy === "CONTINUE" ? "Continue selling" : "Stop selling"}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <BackorderStateBadge state={row.state} />
        </IndexTable.Cell>
        <IndexTable.Cell>
          {eta ? (
            <InlineStack gap="100" blockAlign="center" wrap={false}>
              <Text as="span">{eta}</Text>
              {row.etaOverdue && <Badge tone="critical">Overdue</Badge>}
            </InlineStack>
          ) : row.state === "backorder" ? (
            <Badge tone="attention">Needs ETA</Badge>
          ) : (
            <Text as="span" tone="subdued">
              —
            </Text>
          )}
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" numeric tone={row.cap === null ? "subdued" : undefined}>
            {row.cap === null ? (row.enabled ? "No cap" : "—") : row.cap.toLocaleString("en-US")}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <Text as="span" alignment="end" numeric>
            {row.cap === null ? row.unitsBackordered.toLocaleString("en-US") : `${row.unitsBackordered} / ${row.cap}`}
          </Text>
        </IndexTable.Cell>
        <IndexTable.Cell>
          <RowActions
            label={`${row.productTitle} – ${row.title}`}
            enabled={row.enabled}
            discontinued={row.discontinued}
            onAction={(intent) => startAction(intent, [row.id], false)}
          />
        </IndexTable.Cell>
      </IndexTable.Row>
    );
  });

  const pendingCount = modal ? (modal.matching ? page.total : modal.ids.length) : 0;
  const firstRun = catalogSize === 0;

  return (
    <Page
      title="Variants"
      subtitle="Backorder settings for every variant: turn backorders on or off, set ETAs, caps and shopper messages."
      fullWidth
      secondaryActions={[
        { content: "Automation rules", url: "/app/rules" },
        { content: "Settings", url: "/app/settings" },
      ]}
    >
      <Layout>
        {job && (
          <Layout.Section>
            <BulkJobBanner job={job} label={(id) => labels.get(id)} onDismiss={() => go({ ...query, job: undefined }, { replace: true })} />
          </Layout.Section>
        )}
        {lastResult && (
          <Layout.Section>
            <ActionResultBanner
              title={lastResult.title}
              counts={lastResult.counts}
              variantLabel={(id) => labels.get(id)}
              onDismiss={() => setLastResult(null)}
            />
          </Layout.Section>
        )}
        {formError && !modal && (
          <Layout.Section>
            <Banner tone="critical" title="Nothing was changed" onDismiss={() => setFormError(null)}>
              <p>{formError}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          {firstRun ? (
            <Card>
              <EmptyState
                heading="Your catalog hasn't been imported yet"
                action={{ content: "Go to Home to sync", url: "/app" }}
                image=""
              >
                <p>
                  Backorders keeps a copy of your products to show them here instantly. The first sync starts when the app is installed;
                  it usually takes a minute or two.
                </p>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
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
              <IndexTable
                resourceName={{ singular: "variant", plural: "variants" }}
                itemCount={rows.length}
                selectedItemsCount={allResourcesSelected ? "All" : selectedResources.length}
                onSelectionChange={handleSelectionChange}
                hasMoreItems={page.total > rows.length}
                paginatedSelectAllActionText={`Select all ${page.total.toLocaleString("en-US")} variants matching the filters`}
                paginatedSelectAllText={`All ${page.total.toLocaleString("en-US")} variants matching the filters are selected`}
                promotedBulkActions={promotedBulkActions}
                bulkActions={bulkActions}
                loading={loading || submitting}
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
                    title={hasActiveFilters(loadedQuery) ? "No variants match these filters" : "No variants"}
                    description={hasActiveFilters(loadedQuery) ? "Try another search term, or clear the filters." : "Your catalog has no variants yet."}
                    withIllustration
                  />
                }
                pagination={{
                  hasPrevious: page.pageInfo.hasPreviousPage,
                  hasNext: page.pageInfo.hasNextPage,
                  onPrevious: () => go({ before: page.pageInfo.startCursor ?? undefined }),
                  onNext: () => go({ after: page.pageInfo.endCursor ?? undefined }),
                  label: `${plural(rows.length, "variant")} shown of ${page.total.toLocaleString("en-US")}`,
                }}
              >
                {rowMarkup}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        <Layout.Section>
          <Text as="p" tone="subdued" alignment="center">
            {selectionCount > 0 ? `${plural(selectionCount, "variant")} selected · ` : ""}Stock shown is the app's copy of your catalog,
            kept current by Shopify webhooks.
          </Text>
        </Layout.Section>
      </Layout>
      <BackorderActionModal
        intent={modal?.intent ?? null}
        count={pendingCount}
        onClose={() => {
          setModal(null);
          setErrors({});
        }}
        onSubmit={(intent, fields) => modal && submit({ ...modal, intent }, fields)}
        errors={errors}
        submitting={submitting}
        today={today}
      />
    </Page>
  );
}

// ---------------------------------------------------------------------------------------------------------------

function RowActions({
  label,
  enabled,
  discontinued,
  onAction,
}: {
  label: string;
  enabled: boolean;
  discontinued: boolean;
  onAction: (intent: BackorderIntent) => void;
}) {
  const [open, setOpen] = useState(false);
  const run = (intent: BackorderIntent) => () => {
    setOpen(false);
    onAction(intent);
  };
  return (
    // Clicks here must not select the row or follow its link.
    <div onClick={(event) => event.stopPropagation()} onKeyUp={(event) => event.stopPropagation()} role="presentation">
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        activator={
          <Button variant="tertiary" disclosure onClick={() => setOpen((v) => !v)} accessibilityLabel={`Actions for ${label}`}>
            Actions
          </Button>
        }
      >
        <ActionList
          actionRole="menuitem"
          items={[
            enabled
              ? { content: BACKORDER_INTENT_LABELS.disable, onAction: run("disable") }
              : { content: BACKORDER_INTENT_LABELS.enable, onAction: run("enable") },
            { content: BACKORDER_INTENT_LABELS.set_eta, onAction: run("set_eta") },
            { content: BACKORDER_INTENT_LABELS.set_cap, onAction: run("set_cap") },
            { content: BACKORDER_INTENT_LABELS.set_message, onAction: run("set_message") },
            discontinued
              ? { content: BACKORDER_INTENT_LABELS.undiscontinue, onAction: run("undiscontinue") }
              : { content: BACKORDER_INTENT_LABELS.discontinue, onAction: run("discontinue"), destructive: true },
          ]}
        />
      </Popover>
    </div>
  );
}

function TagFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onChange(draft.trim());
      }}
    >
      <TextField
        label="Tag"
        labelHidden
        autoComplete="off"
        placeholder="Exact tag, then press Enter"
        value={draft}
        onChange={setDraft}
        onBlur={() => draft.trim() !== value && onChange(draft.trim())}
      />
    </form>
  );
}

type BulkJob = NonNullable<ReturnType<typeof useLoaderData<typeof loader>>["job"]>;

function BulkJobBanner({ job, label, onDismiss }: { job: BulkJob; label: (id: string) => string | undefined; onDismiss: () => void }) {
  const running = job.status === "queued" || job.status === "running";
  const percent = job.total ? Math.round((job.processed / job.total) * 100) : 0;
  if (running) {
    return (
      <Banner tone="info" title={`Updating ${plural(job.total, "variant")} in the background`}>
        <BlockStack gap="200">
          <Text as="p">
            {job.processed.toLocaleString("en-US")} of {job.total.toLocaleString("en-US")} done. You can leave this page; the change
            keeps going.
          </Text>
          <ProgressBar progress={percent} size="small" />
        </BlockStack>
      </Banner>
    );
  }
  return (
    <BlockStack gap="200">
      <ActionResultBanner
        title="Bulk change"
        counts={{ updated: job.succeeded, failedCount: job.failedCount, failures: job.failed }}
        variantLabel={label}
        onDismiss={onDismiss}
      />
      {job.error && (
        <Banner tone="critical" title="The bulk change stopped">
          <p>{job.error}</p>
        </Banner>
      )}
    </BlockStack>
  );
}
