// /app/cancellations — shoppers' requests (from the delay-notice email) to cancel a backordered item. The merchant
// accepts (then cancels/refunds the item in Shopify admin: the row links to the order) or declines. Deciding only
// records the decision; the refund itself reaches the ledger through Shopify's order/refund webhooks.
import { useEffect } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData, useSearchParams } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, ButtonGroup, Card, EmptyState, IndexTable, Layout, Link, Page, Tabs, Text } from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import {
  CANCELLATION_STATUSES,
  listCancellationRequests,
  resolveCancellationRequest,
  type CancellationStatus,
} from "../services/cancellation-requests.server";
import { getShopSettings } from "../services/shop-settings.server";
import { actorOfAdmin } from "../shopify/admin-actor";
import { formDataToObject, parseWith, toFormData } from "../schemas/form-helpers";
import { formatDateTime } from "../components/format";
import { systemClock } from "../clock.server";

const decisionSchema = z.object({
  intent: z.enum(["accept", "decline"], { error: "Unknown action. Reload the page and try again." }),
  requestId: z.string({ error: "No request selected. Reload the page and try again." }).min(1, "No request selected. Reload the page and try again."),
});

const statusParam = (value: string | null): CancellationStatus | null =>
  (CANCELLATION_STATUSES as readonly string[]).includes(value ?? "") ? (value as CancellationStatus) : null;

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const status = statusParam(new URL(request.url).searchParams.get("status")) ?? "requested";
  const [list, settings] = await Promise.all([listCancellationRequests(session.shop, { status }), getShopSettings(session.shop)]);
  return { ...list, status, timeZone: settings.timeZone };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const parsed = parseWith(decisionSchema, formDataToObject(await request.formData()));
  if (!parsed.success) return data({ ok: false as const, message: Object.values(parsed.errors)[0] ?? "Invalid request." }, { status: 422 });
  const outcome = await resolveCancellationRequest({
    shop: context.session.shop,
    requestId: parsed.data.requestId,
    decision: parsed.data.intent,
    actor: actorOfAdmin(context),
    now: systemClock(),
  });
  if (!outcome.ok) return data({ ok: false as const, message: outcome.message }, { status: outcome.status });
  return outcome;
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

// ---------------------------------------------------------------------------------------------------------------

const TABS: Array<{ id: CancellationStatus; content: string }> = [
  { id: "requested", content: "Requested" },
  { id: "accepted", content: "Accepted" },
  { id: "declined", content: "Declined" },
];

const STATUS_TONE = { requested: "attention", accepted: "success", declined: undefined } as const;

export default function CancellationsPage() {
  const { rows, counts, status, timeZone } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const busyId = fetcher.state !== "idle" ? (fetcher.formData?.get("requestId") as string | null) : null;

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.ok) {
      shopify.toast.show(fetcher.data.status === "accepted" ? "Request accepted: cancel or refund the item in the order" : "Request declined");
    }
  }, [fetcher.state, fetcher.data, shopify]);

  const decide = (requestId: string, intent: "accept" | "decline") => fetcher.submit(toFormData({ requestId, intent }), { method: "post" });
  const selected = Math.max(0, TABS.findIndex((tab) => tab.id === status));

  const tableRows = rows.map((row, index) => (
    <IndexTable.Row id={row.id} key={row.id} position={index}>
      <IndexTable.Cell>
        <Link url={row.orderAdminUrl} target="_blank">
          {row.orderName ?? "Order"}
        </Link>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span">{row.product}</Text>
          <Text as="span" tone="subdued">
            Qty {row.quantity}
            {row.lineStatus && row.lineStatus !== "open" ? ` · line ${row.lineStatus}` : ""}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{row.customerEmail ?? "—"}</IndexTable.Cell>
      <IndexTable.Cell>
        <div style={{ maxWidth: 280, whiteSpace: "normal" }}>{row.reason ?? <Text as="span" tone="subdued">No reason given</Text>}</div>
      </IndexTable.Cell>
      <IndexTable.Cell>{formatDateTime(row.createdAt, timeZone)}</IndexTable.Cell>
      <IndexTable.Cell>
        {row.status === "requested" ? (
          <ButtonGroup>
            <Button variant="primary" loading={busyId === row.id} onClick={() => decide(row.id, "accept")}>
              Accept
            </Button>
            <Button disabled={busyId === row.id} onClick={() => decide(row.id, "decline")}>
              Decline
            </Button>
          </ButtonGroup>
        ) : (
          <BlockStack gap="050">
            <Badge tone={STATUS_TONE[row.status as CancellationStatus]}>{row.status === "accepted" ? "Accepted" : "Declined"}</Badge>
            {row.resolvedAt && (
              <Text as="span" tone="subdued">
                {formatDateTime(row.resolvedAt, timeZone)}
                {row.resolvedBy ? ` · ${row.resolvedBy}` : ""}
              </Text>
            )}
          </BlockStack>
        )}
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page title="Cancellation requests" subtitle="Shoppers who asked, from a delay email, to cancel a backordered item.">
      <Layout>
        {fetcher.data && !fetcher.data.ok && (
          <Layout.Section>
            <Banner tone="critical" title="Couldn't update the request">
              <p>{fetcher.data.message}</p>
            </Banner>
          </Layout.Section>
        )}
        {status === "accepted" && rows.length > 0 && (
          <Layout.Section>
            <Banner tone="info">
              <p>Accepting records your decision. Cancel or refund the item in the order in Shopify; the backorder ledger updates itself.</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <Card padding="0">
            <Tabs
              tabs={TABS.map((tab) => ({ ...tab, content: `${tab.content} (${counts[tab.id]})`, panelID: `${tab.id}-panel` }))}
              selected={selected}
              onSelect={(i) =>
                // Keep Shopify's embedded-app params (host, shop, …) in the URL.
                setSearchParams((params) => {
                  params.set("status", TABS[i].id);
                  return params;
                })
              }
            />
            {rows.length === 0 ? (
              <EmptyState heading={status === "requested" ? "No open cancellation requests" : `No ${status} requests`} image="">
                <p>
                  When an item's ship date moves later, shoppers get a delay email with a link to ask for the item to be cancelled. Their
                  requests appear here for you to accept or decline.
                </p>
              </EmptyState>
            ) : (
              <IndexTable
                resourceName={{ singular: "request", plural: "requests" }}
                itemCount={rows.length}
                selectable={false}
                headings={[{ title: "Order" }, { title: "Item" }, { title: "Customer" }, { title: "Reason" }, { title: "Requested" }, { title: "Decision" }]}
              >
                {tableRows}
              </IndexTable>
            )}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
