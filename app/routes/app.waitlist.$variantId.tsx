// /app/waitlist/<variant id> — one variant's waitlist: numbers, subscribers with the emails sent to each and why,
// "Send alerts now" and "Pause auto-send" (both the restock fan-out's service functions).
import { useEffect, useState } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { isRouteErrorResponse, useFetcher, useLoaderData, useRouteError } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Collapsible,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Modal,
  Page,
  Text,
  TextField,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { getWaitlistVariant, type SubscriberEmail, type WaitlistSubscriber } from "../services/waitlist.server";
import { RestockAlertInputError, sendRestockAlertsNow, setRestockAlertsPaused } from "../services/restock-fanout.server";
import { actorOfAdmin } from "../shopify/admin-actor";
import { parseWaitlistVariantActionForm, waitlistVariantParam } from "../schemas/waitlist";
import { toFormData } from "../schemas/form-helpers";
import type { BackorderStateValue } from "../schemas/variant-list";
import { BackorderStateBadge } from "../components/backorder-state-badge";
import { SectionCard } from "../components/section-card";
import { formatDateTime, legacyId, plural } from "../components/format";
import { useFileDownload } from "../components/file-download";
import { systemClock } from "../clock.server";

function variantIdOf(params: { variantId?: string }): string {
  const parsed = waitlistVariantParam.safeParse(params.variantId ?? "");
  if (!parsed.success) throw new Response("Variant not found", { status: 404, statusText: "Not Found" });
  return parsed.data;
}

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await getWaitlistVariant(session.shop, variantIdOf(params));
  if (!detail) throw new Response("Variant not found", { status: 404, statusText: "Not Found" });
  return detail;
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const context = await authenticate.admin(request);
  const variantId = variantIdOf(params);
  const parsed = parseWaitlistVariantActionForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  const base = { shop: context.session.shop, variantId, actor: actorOfAdmin(context), now: systemClock() };
  try {
    if (parsed.data.intent === "send_now") {
      const result = await sendRestockAlertsNow({ ...base, ...(parsed.data.limit !== null ? { limit: parsed.data.limit } : {}) });
      return { ok: true as const, intent: "send_now" as const, queued: result.queued, reason: result.reason ?? null };
    }
    await setRestockAlertsPaused({ ...base, paused: parsed.data.paused });
    return { ok: true as const, intent: "pause" as const, paused: parsed.data.paused };
  } catch (error) {
    if (!(error instanceof RestockAlertInputError)) throw error;
    return data({ ok: false as const, errors: { "": error.message } as Record<string, string> }, { status: 422 });
  }
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

export function ErrorBoundary() {
  const error = useRouteError();
  if (isRouteErrorResponse(error) && error.status === 404) {
    return (
      <Page title="Waitlist not found" backAction={{ content: "Waitlist", url: "/app/waitlist" }}>
        <Card>
          <EmptyState heading="No waitlist for this variant" action={{ content: "Back to the waitlist", url: "/app/waitlist" }} image="">
            <p>The variant may have been deleted in Shopify and nobody waits for it, or the link is wrong.</p>
          </EmptyState>
        </Card>
      </Page>
    );
  }
  return boundary.error(error);
}

// ---------------------------------------------------------------------------------------------------------------

const STATUS_BADGES: Record<string, { label: string; tone?: "success" | "info" | "attention" | "warning" | "critical" }> = {
  pending: { label: "Unconfirmed", tone: "attention" },
  active: { label: "Waiting", tone: "info" },
  notified: { label: "Notified", tone: "success" },
  unsubscribed: { label: "Unsubscribed" },
  expired: { label: "Expired" },
};

const EMAIL_KINDS: Record<string, string> = {
  subscription_confirmation: "Confirmation request",
  back_in_stock: "Back-in-stock alert",
};

const EMAIL_STATUS_TONES: Record<string, "success" | "info" | "attention" | "critical" | undefined> = {
  sent: "success",
  queued: "info",
  failed: "attention",
  dead: "critical",
};

function EmailHistory({ emails, timeZone }: { emails: SubscriberEmail[]; timeZone: string }) {
  if (emails.length === 0) return <Text as="p" tone="subdued">No email sent to this subscriber yet.</Text>;
  return (
    <BlockStack gap="200">
      {emails.map((email, index) => (
        <Box key={index} paddingInlineStart="300" borderInlineStartWidth="025" borderColor="border">
          <BlockStack gap="050">
            <InlineStack gap="200" blockAlign="center">
              <Text as="span" fontWeight="semibold">
                {EMAIL_KINDS[email.kind] ?? email.kind}
              </Text>
              <Badge tone={EMAIL_STATUS_TONES[email.status]}>{email.status}</Badge>
              <Text as="span" tone="subdued">
                {email.sentAt ? `sent ${formatDateTime(email.sentAt, timeZone)}` : `queued ${formatDateTime(email.createdAt, timeZone)}`}
              </Text>
            </InlineStack>
            {email.reason && <Text as="p">Why: {email.reason}</Text>}
            {email.lastError && !email.sentAt && (
              <Text as="p" tone="critical">
                Last error: {email.lastError}
              </Text>
            )}
          </BlockStack>
        </Box>
      ))}
    </BlockStack>
  );
}

function SubscriberRows({ subscribers, timeZone }: { subscribers: WaitlistSubscriber[]; timeZone: string }) {
  const [open, setOpen] = useState<string | null>(null);
  const when = (iso: string | null) => (iso ? formatDateTime(iso, timeZone) : "—");
  return (
    <IndexTable
      resourceName={{ singular: "subscriber", plural: "subscribers" }}
      itemCount={subscribers.length}
      selectable={false}
      headings={[{ title: "Email" }, { title: "Status" }, { title: "Signed up" }, { title: "Confirmed" }, { title: "Notified" }, { title: "Bought" }, { title: "" }]}
    >
      {subscribers.flatMap((s, index) => {
        const badge = STATUS_BADGES[s.status] ?? { label: s.status };
        const row = (
          <IndexTable.Row id={s.id} key={s.id} position={index}>
            <IndexTable.Cell>
              <Text as="span" fontWeight="semibold">
                {s.email}
              </Text>
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={badge.tone}>{badge.label}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>{when(s.signedUpAt)}</IndexTable.Cell>
            <IndexTable.Cell>{when(s.confirmedAt)}</IndexTable.Cell>
            <IndexTable.Cell>{when(s.notifiedAt)}</IndexTable.Cell>
            <IndexTable.Cell>{when(s.convertedAt)}</IndexTable.Cell>
            <IndexTable.Cell>
              {s.emails.length === 0 ? (
                <Text as="span" tone="subdued">
                  No emails yet
                </Text>
              ) : (
                <Button variant="plain" onClick={() => setOpen(open === s.id ? null : s.id)} ariaExpanded={open === s.id}>
                  {open === s.id ? "Hide emails" : `Why was this sent? (${plural(s.emails.length, "email")})`}
                </Button>
              )}
            </IndexTable.Cell>
          </IndexTable.Row>
        );
        if (open !== s.id) return [row];
        return [
          row,
          <IndexTable.Row id={`${s.id}-history`} key={`${s.id}-history`} position={index}>
            <IndexTable.Cell colSpan={7}>
              <Collapsible id={`${s.id}-emails`} open>
                <Box padding="200">
                  <EmailHistory emails={s.emails} timeZone={timeZone} />
                </Box>
              </Collapsible>
            </IndexTable.Cell>
          </IndexTable.Row>,
        ];
      })}
    </IndexTable>
  );
}

function Stat({ label, value }: { label: string; value: string | number }) {
  return (
    <Card>
      <BlockStack gap="100">
        <Text as="p" tone="subdued">
          {label}
        </Text>
        <Text as="p" variant="headingLg">
          {value}
        </Text>
      </BlockStack>
    </Card>
  );
}

export default function WaitlistVariantPage() {
  const detail = useLoaderData<typeof loader>();
  const { row, subscribers, truncated, timeZone, alertsAutoSend, recentEvents } = detail;
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();
  const download = useFileDownload("waitlist.csv");
  const [sendOpen, setSendOpen] = useState(false);
  const [limit, setLimit] = useState("");
  const [notice, setNotice] = useState<{ tone: "success" | "warning" | "critical"; text: string } | null>(null);

  useEffect(() => {
    if (fetcher.state !== "idle" || !fetcher.data) return;
    const result = fetcher.data;
    if (!result.ok) {
      setNotice({ tone: "critical", text: Object.values(result.errors)[0] ?? "The action failed. Reload the page and try again." });
      return;
    }
    setSendOpen(false);
    if (result.intent === "send_now") {
      if (result.queued > 0) {
        shopify.toast.show(`${plural(result.queued, "alert")} queued`);
        setNotice({ tone: "success", text: `${plural(result.queued, "back-in-stock alert")} queued, oldest subscribers first.` });
      } else setNotice({ tone: "warning", text: result.reason ?? "No alerts were sent." });
    } else {
      shopify.toast.show(result.paused ? "Automatic alerts paused" : "Automatic alerts resumed");
      setNotice(null);
    }
  }, [fetcher.state, fetcher.data, shopify]);

  const busy = fetcher.state !== "idle";
  const title = [row.productTitle, row.variantTitle].filter(Boolean).join(" — ");
  const sendNow = () => fetcher.submit(toFormData({ intent: "send_now", limit }), { method: "post" });
  const togglePause = () => fetcher.submit(toFormData({ intent: "pause", paused: !row.alertsPaused }), { method: "post" });
  const limitError = fetcher.data && !fetcher.data.ok ? fetcher.data.errors.limit : undefined;

  return (
    <Page
      title={title}
      subtitle={row.sku ? `SKU ${row.sku}` : undefined}
      backAction={{ content: "Waitlist", url: "/app/waitlist" }}
      titleMetadata={
        <InlineStack gap="100">
          {row.state && <BackorderStateBadge state={row.state as BackorderStateValue} />}
          {row.highDemand && <Badge tone="critical">High demand</Badge>}
          {row.alertsPaused && <Badge tone="warning">Alerts paused</Badge>}
        </InlineStack>
      }
      primaryAction={{ content: "Send alerts now", disabled: row.waiting === 0, onAction: () => setSendOpen(true) }}
      secondaryActions={[
        { content: row.alertsPaused ? "Resume auto-send" : "Pause auto-send", loading: busy && fetcher.formData?.get("intent") === "pause", onAction: togglePause },
        { content: "Export CSV", loading: download.pending === "csv", onAction: () => void download.start("csv", `/app/waitlist/export?variant=${legacyId(row.variantId)}`) },
        { content: "Backorder settings", url: `/app/variants/${legacyId(row.variantId)}` },
      ]}
    >
      <Layout>
        {notice && (
          <Layout.Section>
            <Banner tone={notice.tone} onDismiss={() => setNotice(null)}>
              <p>{notice.text}</p>
            </Banner>
          </Layout.Section>
        )}
        {download.error && (
          <Layout.Section>
            <Banner tone="critical" title="Export failed" onDismiss={download.clearError}>
              <p>{download.error}</p>
            </Banner>
          </Layout.Section>
        )}
        {(row.alertsPaused || !alertsAutoSend) && (
          <Layout.Section>
            <Banner tone="info">
              <p>
                {row.alertsPaused
                  ? "Automatic alerts are paused for this variant: a restock is noted but nobody is emailed until you resume or press “Send alerts now”."
                  : "Automatic sending is off for your store (Settings): use “Send alerts now” when stock is back."}
              </p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          <InlineGrid columns={{ xs: 2, md: 5 }} gap="300">
            <Stat label="Waiting" value={row.waiting} />
            <Stat label="Unconfirmed" value={row.pending} />
            <Stat label="Notified" value={row.notified} />
            <Stat label="Bought after alert" value={row.converted} />
            <Stat label="In stock" value={row.available ?? "—"} />
          </InlineGrid>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            {subscribers.length === 0 ? (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  Nobody has signed up for this variant.
                </Text>
              </Box>
            ) : (
              <SubscriberRows subscribers={subscribers} timeZone={timeZone} />
            )}
            {truncated && (
              <Box padding="400">
                <Text as="p" tone="subdued">
                  Showing the {subscribers.length} newest subscribers; Export CSV has all of them.
                </Text>
              </Box>
            )}
          </Card>
        </Layout.Section>
        {recentEvents.length > 0 && (
          <Layout.Section>
            <SectionCard title="Restocks and sends" description="What triggered alerts for this variant (newest first).">
              <BlockStack gap="100">
                {recentEvents.map((event) => (
                  <Text as="p" key={event.id}>
                    {formatDateTime(event.detectedAt, timeZone)} —{" "}
                    {event.trigger === "manual" ? `sent by hand${event.triggeredBy ? ` by ${event.triggeredBy}` : ""}` : "restock detected"}:{" "}
                    {plural(event.notifiedCount, "alert")} ({event.status})
                  </Text>
                ))}
              </BlockStack>
            </SectionCard>
          </Layout.Section>
        )}
      </Layout>
      <Modal
        open={sendOpen}
        onClose={() => setSendOpen(false)}
        title="Send back-in-stock alerts now"
        primaryAction={{ content: "Send alerts", loading: busy, onAction: sendNow }}
        secondaryActions={[{ content: "Cancel", onAction: () => setSendOpen(false) }]}
      >
        <Modal.Section>
          <BlockStack gap="300">
            <Text as="p">
              Emails the confirmed subscribers who waited longest. Only works while shoppers can buy the variant from stock, so nobody is
              sent to a sold-out page.
            </Text>
            <TextField
              label="How many subscribers"
              type="number"
              min={1}
              autoComplete="off"
              value={limit}
              onChange={setLimit}
              placeholder={String(row.waiting)}
              helpText={`Leave empty to notify all ${plural(row.waiting, "waiting subscriber")}.`}
              error={limitError}
            />
          </BlockStack>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
