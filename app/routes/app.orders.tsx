// /app/orders — backordered order lines, filtered like the dashboard number that links here (aging bucket,
// overdue ETA, one variant, recently fulfilled, captured revenue).
import type { HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Card, DataTable, EmptyState, InlineStack, Layout, Link, Page, Pagination, Text } from "@shopify/polaris";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { listBackorderLines, parseOrderListQuery, type OrderList, type OrderListQuery } from "../services/order-list.server";
import { AGING_BUCKETS } from "../domain/dashboard";
import { formatDateTime, formatLocalDate, legacyId, plural } from "../components/format";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const query = parseOrderListQuery(new URL(request.url).searchParams);
  return listBackorderLines(session.shop, query, systemClock());
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

function toSearch(query: OrderListQuery, page?: number): string {
  const params = new URLSearchParams();
  if (query.status !== "open") params.set("status", query.status);
  if (query.aging) params.set("aging", query.aging);
  if (query.overdue) params.set("overdue", "1");
  if (query.variant) params.set("variant", legacyId(query.variant));
  if (query.days) params.set("days", String(query.days));
  if (page && page > 1) params.set("page", String(page));
  const text = params.toString();
  return text ? `?${text}` : "";
}

function describeFilter(list: OrderList): string {
  const { query } = list;
  const parts: string[] = [];
  parts.push(query.status === "open" ? "Open backordered lines" : query.status === "fulfilled" ? "Fulfilled backordered lines" : "Backordered lines sold (open or fulfilled)");
  if (query.aging) parts.push(`waiting ${AGING_BUCKETS.find((b) => b.key === query.aging)?.label ?? query.aging}`);
  if (query.overdue) parts.push("past their ETA");
  if (query.variant) parts.push(`for ${list.variantLabel ?? legacyId(query.variant)}`);
  if (query.days) parts.push(`ordered in the last ${query.days} days`);
  return parts.join(", ");
}

const HOLD_LABELS: Record<string, string> = { held: "On hold", released: "Released", failed: "Hold failed" };

export default function Orders() {
  const list = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const filtered = list.query.aging || list.query.overdue || list.query.variant || list.query.days || list.query.status !== "open";
  const rows = list.rows.map((row) => [
    <Link key="order" url={`shopify://admin/orders/${legacyId(row.orderId)}`} target="_blank">
      {row.orderName}
    </Link>,
    formatDateTime(row.orderedAt, list.timeZone),
    <Link key="variant" url={`/app/orders${toSearch({ ...list.query, variant: row.variantId, page: 1 })}`} removeUnderline>
      {row.variantTitle && row.variantTitle !== "Default Title" ? `${row.productTitle} – ${row.variantTitle}` : row.productTitle}
    </Link>,
    row.status === "open" ? `${row.owedUnits} of ${row.quantityBackordered}` : String(row.quantityBackordered),
    row.status === "open" ? plural(row.daysWaiting, "day") : `${plural(row.daysWaiting, "day")} to ${row.status}`,
    <InlineStack key="eta" gap="100" blockAlign="center">
      <span>{row.etaCurrent ? formatLocalDate(row.etaCurrent) : "No ETA"}</span>
      {row.overdue && <Badge tone="critical">Overdue</Badge>}
      {HOLD_LABELS[row.holdStatus] && <Badge tone={row.holdStatus === "failed" ? "warning" : undefined}>{HOLD_LABELS[row.holdStatus]}</Badge>}
    </InlineStack>,
  ]);
  return (
    <Page title="Backordered orders" backAction={{ content: "Home", url: "/app" }}>
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <BlockStack gap="0">
              <div style={{ padding: "var(--p-space-400)" }}>
                <InlineStack align="space-between" blockAlign="center" gap="200">
                  <Text as="p">
                    {describeFilter(list)}: {plural(list.total, "line")} in {plural(list.orders, "order")}, {plural(list.units, "unit")}
                    {list.query.status === "open" ? " owed" : ""}.
                  </Text>
                  {filtered && <Link url="/app/orders">Show all open lines</Link>}
                </InlineStack>
              </div>
              {list.rows.length === 0 ? (
                <EmptyState heading={filtered ? "No lines match this filter" : "Nothing is owed right now"} image="">
                  <p>
                    {filtered
                      ? "Try another filter, or show all open lines."
                      : "Orders that take a variant below zero appear here until they are fulfilled, cancelled or refunded."}
                  </p>
                </EmptyState>
              ) : (
                <DataTable
                  columnContentTypes={["text", "text", "text", "numeric", "numeric", "text"]}
                  headings={["Order", "Ordered", "Variant", "Units owed", "Waiting", "ETA"]}
                  rows={rows}
                />
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        {list.pageCount > 1 && (
          <Layout.Section>
            <InlineStack align="center">
              <Pagination
                hasPrevious={list.page > 1}
                hasNext={list.page < list.pageCount}
                onPrevious={() => navigate(`/app/orders${toSearch(list.query, list.page - 1)}`)}
                onNext={() => navigate(`/app/orders${toSearch(list.query, list.page + 1)}`)}
                label={`Page ${list.page} of ${list.pageCount}`}
              />
            </InlineStack>
          </Layout.Section>
        )}
      </Layout>
    </Page>
  );
}
