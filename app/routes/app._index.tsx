import { useEffect } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useFetcher, useLoaderData, useRevalidator } from "@remix-run/react";
import { Badge, BlockStack, Banner, Box, Button, Card, InlineGrid, InlineStack, Layout, Link, Page, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { loadHomeSummary } from "../services/home-summary.server";
import { requestCatalogSync } from "../services/shop-install.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadHomeSummary(session.shop);
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  await requestCatalogSync(session.shop, new Date());
  return { queued: true };
};

const SYNC_BADGES: Record<string, { tone: "success" | "info" | "attention" | "critical" | undefined; label: string }> = {
  never: { tone: undefined, label: "Not synced yet" },
  queued: { tone: "info", label: "Sync queued" },
  running: { tone: "attention", label: "Syncing…" },
  completed: { tone: "success", label: "Synced" },
  failed: { tone: "critical", label: "Sync failed" },
};

function Stat({ label, value, help, states }: { label: string; value: number; help: string; states: string }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="h3" variant="headingSm" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="heading2xl">
          {value.toLocaleString("en-US")}
        </Text>
        <Text as="p" variant="bodySm" tone="subdued">
          {help}
        </Text>
        <Link url={`/app/variants?state=${states}`}>View variants</Link>
      </BlockStack>
    </Card>
  );
}

export default function Home() {
  const summary = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
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
            <Stat label="Backordered" value={summary.backordered} help="Out of stock, still selling on backorder" states="backorder" />
            <Stat label="Sold out" value={summary.soldOut} help="Not purchasable: sold out, cap reached or discontinued" states="sold_out,backorder_cap_reached,discontinued" />
            <Stat label="Low stock" value={summary.lowStock} help={`1–${summary.lowStockThreshold} units available`} states="low_stock" />
            <Stat label="In stock" value={summary.inStock} help={`More than ${summary.lowStockThreshold} available · ${summary.untracked} untracked not counted`} states="in_stock" />
          </InlineGrid>
        </Layout.Section>
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

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);
