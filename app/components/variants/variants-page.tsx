// The variants page: the filters and URL state, the table with its selection, the row and bulk actions (at once
// for a few variants, a background job the page follows above the threshold) and their outcome banners.
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { useLocation, useNavigation, useRevalidator, useSearchParams, type FetcherWithComponents } from "@remix-run/react";
import { Banner, Card, Layout, Page, Text, useIndexResourceState } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import type { VariantActionOutcome, VariantsPageData } from "../../services/variant-list.server";
import { BACKORDER_INTENT_LABELS, parseBackorderActionForm, type BackorderIntent } from "../../schemas/backorder-action";
import { hasActiveFilters, parseVariantListQuery, toVariantListSearchParams, type VariantListQuery } from "../../schemas/variant-list";
import { toFormData, type FieldErrors } from "../../schemas/form-helpers";
import { BackorderActionModal, type ActionFields } from "../backorder-action-modal";
import { ActionResultBanner, countsOf, summarizeResult, type ResultCounts } from "../action-result-banner";
import { plural } from "../format";
import { useFetcherResult } from "../use-editable-form";
import { BulkJobBanner } from "./bulk-job-banner";
import { CatalogNotImported } from "./catalog-not-imported";
import { VariantFiltersBar, type ApplyVariantQuery } from "./variant-filters-bar";
import { VariantsTable } from "./variants-table";

/** What the variants route's action answers: field errors (422), or the change applied or queued. */
export type VariantActionResponse =
  | { ok: false; errors: FieldErrors }
  | (Extract<VariantActionOutcome, { ok: true }> & { intent: BackorderIntent });

type PendingAction = { intent: BackorderIntent; ids: string[]; matching: boolean };

export function VariantsPage({
  data,
  fetcher,
}: {
  data: VariantsPageData & { query: VariantListQuery };
  fetcher: FetcherWithComponents<VariantActionResponse>;
}) {
  const { page, job, filterOptions, query: loadedQuery, today, catalogSize } = data;
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
  const rows = page.rows;
  const loading = pendingSearch !== null;

  // ---- URL state ----------------------------------------------------------------------------------------------
  const go: ApplyVariantQuery = useCallback(
    (patch, options = {}) => {
      const next = { ...query, after: undefined, before: undefined, ...patch };
      setOptimistic(next);
      setSearchParams(toVariantListSearchParams(next), { replace: options.replace, preventScrollReset: true });
    },
    [query, setSearchParams],
  );

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

  const selectionCount = allResourcesSelected ? page.total : selectedResources.length;
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
            <CatalogNotImported />
          ) : (
            <Card padding="0">
              <VariantFiltersBar query={query} filterOptions={filterOptions} loading={loading} go={go} />
              <VariantsTable
                page={page}
                selectedIds={selectedResources}
                allSelected={allResourcesSelected}
                onSelectionChange={handleSelectionChange}
                filtered={hasActiveFilters(loadedQuery)}
                loading={loading || submitting}
                onBulkAction={(intent) => startAction(intent, selectedResources, allResourcesSelected && page.total > rows.length)}
                onRowAction={(intent, variantId) => startAction(intent, [variantId], false)}
                onPrevious={() => go({ before: page.pageInfo.startCursor ?? undefined })}
                onNext={() => go({ after: page.pageInfo.endCursor ?? undefined })}
              />
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
