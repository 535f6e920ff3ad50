// The Forecast page: how far to trust the forecast (MASE) and when it was computed, the variants at risk of
// stocking out before a reorder could arrive (ranked by revenue at risk), suggested reorders by vendor with their
// purchase-order drafts, and the empty states that say what to do first (import sales history, recompute).
import { useCallback, useEffect, useState } from "react";
import { useNavigation, useLocation, useRevalidator, useSearchParams, type FetcherWithComponents } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Layout, Page, Text } from "@shopify/polaris";
import type { ForecastActionResult, ForecastPageData } from "../../services/forecast-page.server";
import { toForecastSearchParams } from "../../schemas/forecast-page";
import { ForecastAccuracyCard } from "./forecast-accuracy";
import { ForecastFilters, type ApplyForecastQuery } from "./forecast-filters";
import { ForecastTable } from "./forecast-table";
import { VendorReorders } from "./vendor-reorders";

export type ForecastActionResponse = ForecastActionResult | { ok: false; message: string };

export function ForecastPage({ data, fetcher }: { data: ForecastPageData; fetcher: FetcherWithComponents<ForecastActionResponse> }) {
  const { query, run, history } = data;
  const [, setSearchParams] = useSearchParams();
  const navigation = useNavigation();
  const location = useLocation();
  const revalidator = useRevalidator();
  const loading = navigation.state === "loading" && navigation.location.pathname === location.pathname;

  const go: ApplyForecastQuery = useCallback(
    (patch) => setSearchParams(toForecastSearchParams({ ...query, cursor: undefined, back: undefined, ...patch }), { preventScrollReset: true }),
    [query, setSearchParams],
  );
  const onNext = () => {
    if (!data.pageInfo.endCursor) return;
    const back = [...(query.back ? query.back.split(",") : []), query.cursor ?? ""].join(",");
    go({ cursor: data.pageInfo.endCursor, back });
  };
  const onPrevious = () => {
    const stack = query.back ? query.back.split(",") : [];
    const previous = stack.pop();
    go({ cursor: previous || undefined, back: stack.length ? stack.join(",") : undefined });
  };

  // After "Recompute now" the page waits for a run that finishes after the one shown (the job may not have started
  // yet when the action answers), comparing the server's own timestamps so clock skew does not matter.
  const [awaitingRunAfter, setAwaitingRunAfter] = useState<string | null | undefined>(undefined);
  const submitIntent = (intent: "recompute" | "backfill") => {
    if (intent === "recompute") setAwaitingRunAfter(run?.finishedAt ?? null);
    fetcher.submit({ intent }, { method: "post" });
  };
  const [result, setResult] = useState<ForecastActionResponse | null>(null);
  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data) setResult(fetcher.data);
  }, [fetcher.state, fetcher.data]);
  useEffect(() => {
    if (awaitingRunAfter === undefined || !run?.finishedAt) return;
    if (run.status !== "running" && run.finishedAt !== awaitingRunAfter) setAwaitingRunAfter(undefined);
  }, [awaitingRunAfter, run]);
  useEffect(() => {
    if (awaitingRunAfter === undefined) return;
    const giveUp = setTimeout(() => setAwaitingRunAfter(undefined), 5 * 60_000); // a queue that is not being worked
    return () => clearTimeout(giveUp);
  }, [awaitingRunAfter]);

  // While a recompute or history import runs, refresh every 3 s so the figures appear when it is done.
  const busy =
    awaitingRunAfter !== undefined ||
    run?.status === "queued" ||
    run?.status === "running" ||
    history.backfillStatus === "queued" ||
    history.backfillStatus === "running";
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 3000);
    return () => clearInterval(timer);
  }, [busy, revalidator]);

  const noForecasts = !data.hasForecasts;

  return (
    <Page
      title="Forecast"
      subtitle="Which variants will stock out before a reorder can arrive, what to reorder, and how far to trust the forecast."
      fullWidth
      secondaryActions={[{ content: "Lead times", url: "/app/forecast/settings" }, { content: "Variants", url: "/app/variants" }, { content: "Settings", url: "/app/settings" }]}
    >
      <Layout>
        {result && (
          <Layout.Section>
            <Banner tone={result.ok ? "info" : "critical"} title={result.ok ? result.title : "Nothing was started"} onDismiss={() => setResult(null)}>
              <p>{result.message}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <ForecastAccuracyCard
            accuracy={data.accuracy}
            run={run}
            timeZone={data.timeZone}
            recomputing={awaitingRunAfter !== undefined || (fetcher.state !== "idle" && fetcher.formData?.get("intent") === "recompute")}
            onRecompute={() => submitIntent("recompute")}
          />
        </Layout.Section>
        {!history.hasHistory && (
          <Layout.Section>
            <NoHistory data={data} submitting={fetcher.state !== "idle"} onBackfill={() => submitIntent("backfill")} />
          </Layout.Section>
        )}
        {noForecasts ? (
          history.hasHistory && (
            <Layout.Section>
              <Card>
                <BlockStack gap="200">
                  <Text as="h2" variant="headingMd">
                    No forecast yet
                  </Text>
                  <Text as="p">
                    Sales history is in. Recompute the forecast to see which variants are at risk and what to reorder.
                  </Text>
                </BlockStack>
              </Card>
            </Layout.Section>
          )
        ) : (
          <>
            <Layout.Section>
              <Card padding="0">
                <BlockStack>
                  <ForecastFilters query={query} vendors={data.vendorOptions} atRiskVariants={data.atRiskVariants} go={go} />
                  <ForecastTable data={data} loading={loading} onPrevious={onPrevious} onNext={onNext} />
                </BlockStack>
              </Card>
            </Layout.Section>
            <Layout.Section>
              <VendorReorders data={data} />
            </Layout.Section>
          </>
        )}
      </Layout>
    </Page>
  );
}

function NoHistory({ data, submitting, onBackfill }: { data: ForecastPageData; submitting: boolean; onBackfill: () => void }) {
  const status = data.history.backfillStatus;
  const running = status === "queued" || status === "running";
  return (
    <Card>
      <BlockStack gap="200">
        <Text as="h2" variant="headingMd">
          {running ? "Importing your sales history…" : "No sales history yet"}
        </Text>
        <Text as="p">
          The forecast learns each variant's demand from its daily sales. The app imports the last 60 days of orders from Shopify (all
          that Shopify lets an app read) and records every new order from then on. Days a variant was sold out are left out, so they
          do not look like zero demand.
        </Text>
        {status === "failed" && data.history.backfillError && (
          <Text as="p" tone="critical">
            The last import failed: {data.history.backfillError}
          </Text>
        )}
        {!running && (
          <div>
            <Button variant="primary" onClick={onBackfill} loading={submitting}>
              Import sales history
            </Button>
          </div>
        )}
      </BlockStack>
    </Card>
  );
}
