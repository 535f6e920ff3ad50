// Home (/app): the catalog sync and its status, the catalog-state counts, and the backorder dashboard.
import { useEffect } from "react";
import { useRevalidator, type FetcherWithComponents } from "@remix-run/react";
import { Badge, BlockStack, Banner, Box, Button, Card, InlineGrid, InlineStack, Layout, Page, Text } from "@shopify/polaris";
import type { HomeSummary } from "../../services/home-summary.server";
import { BackorderDashboard } from "./backorder-dashboard";
import { CatalogStateStat } from "./catalog-state-stat";

const SYNC_BADGES: Record<string, { tone: "success" | "info" | "attention" | "critical" | undefined; label: string }> = {
  never: { tone: undefined, label: "Not synced yet" },
  queued: { tone: "info", label: "Sync queued" },
  running: { tone: "attention", label: "Syncing…" },
  completed: { tone: "success", label: "Synced" },
  failed: { tone: "critical", label: "Sync failed" },
};

export function HomePage({ summary, fetcher }: { summary: HomeSummary; fetcher: FetcherWithComponents<{ queued: boolean }> }) {
  const revalidator = useRevalidator();
  const syncing = ["queued", "running"].includes(summary.sync.status) || fetcher.state !== "idle";
  const badge = SYNC_BADGES[summary.sync.status] ?? SYNC_BADGES.never;

  // While the catalog import runs, refresh the counts every 2 s so the merchant sees it land.
  useEffect(() => {
    if (!syncing) return;
    const timer = setInterval(() => revalidator.state === "idle" && revalidator.revalidate(), 2000);
    return () => clearInterval(timer);
  }, [syncing, revalidator]);

  return (
    <Page title={summary.shopName} subtitle="Backorders keeps out-of-stock variants selling honestly.">
      <Layout>
        {summary.sync.status === "failed" && (
          <Layout.Section>
            <Banner tone="critical" title="The catalog sync failed">
              <p>{summary.sync.error ?? "Unknown error"} — try again; if it keeps failing, contact support.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card>
            <InlineStack align="space-between" blockAlign="center">
              <BlockStack gap="100">
                <InlineStack gap="200" blockAlign="center">
                  <Text as="h2" variant="headingMd">
                    Catalog sync
                  </Text>
                  <Badge tone={badge.tone}>{badge.label}</Badge>
                </InlineStack>
                <Text as="p" tone="subdued">
                  {summary.variants.toLocaleString("en-US")} variants across {summary.products.toLocaleString("en-US")} products
                  {summary.sync.syncedAtLabel ? ` · last synced ${summary.sync.syncedAtLabel}` : ""}
                </Text>
              </BlockStack>
              <fetcher.Form method="post">
                <Button submit loading={syncing} disabled={syncing}>
                  Sync catalog now
                </Button>
              </fetcher.Form>
            </InlineStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <InlineGrid columns={{ xs: 1, sm: 2, md: 4 }} gap="400">
            <CatalogStateStat label="Backordered" value={summary.backordered} help="Out of stock, still selling on backorder" states="backorder" />
            <CatalogStateStat label="Sold out" value={summary.soldOut} help="Not purchasable: sold out, cap reached or discontinued" states="sold_out,backorder_cap_reached,discontinued" />
            <CatalogStateStat label="Low stock" value={summary.lowStock} help={`1–${summary.lowStockThreshold} units available`} states="low_stock" />
            <CatalogStateStat label="In stock" value={summary.inStock} help={`More than ${summary.lowStockThreshold} available · ${summary.untracked} untracked not counted`} states="in_stock" />
          </InlineGrid>
        </Layout.Section>
        <BackorderDashboard dashboard={summary.dashboard} backorderEnabledVariants={summary.backorderEnabledVariants} catalogEmpty={summary.variants === 0} />
        {summary.variants === 0 && !syncing && (
          <Layout.Section>
            <Box paddingBlockStart="200">
              <Banner title="No variants yet">
                <p>Sync your catalog to see which variants are sold out or selling on backorder.</p>
              </Banner>
            </Box>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
