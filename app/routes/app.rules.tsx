import { useRef, useState } from "react";
import type { ActionFunctionArgs, HeadersFunction, LoaderFunctionArgs } from "@remix-run/node";
import { data } from "@remix-run/node";
import { useFetcher, useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  Button,
  ButtonGroup,
  Card,
  EmptyState,
  IndexTable,
  InlineStack,
  Layout,
  Modal,
  Page,
  Text,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { boundary } from "@shopify/shopify-app-remix/server";
import { authenticate } from "../shopify.server";
import { applyRuleAction, loadRulesPage } from "../services/automation-rules.server";
import { RULE_SCOPE_LABELS, parseAutomationRuleForm } from "../schemas/automation-rule";
import { toFormData, type FieldErrors } from "../schemas/form-helpers";
import { RuleFormModal, ruleFormFields, type RuleFormValues, type RuleLike } from "../components/rule-form-modal";
import { formatEta, plural } from "../components/format";
import { SectionCard } from "../components/section-card";
import { submitChecked, useFetcherResult } from "../components/use-editable-form";
import { systemClock } from "../clock.server";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return loadRulesPage(session.shop, systemClock());
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const parsed = parseAutomationRuleForm(await request.formData());
  if (!parsed.success) return data({ ok: false as const, errors: parsed.errors }, { status: 422 });
  const outcome = await applyRuleAction(session.shop, parsed.data, systemClock());
  if (!outcome.ok) return data({ ok: false as const, errors: outcome.errors }, { status: outcome.status });
  return outcome;
};

export const headers: HeadersFunction = (headersArgs) => boundary.headers(headersArgs);

// ---------------------------------------------------------------------------------------------------------------

type Rule = ReturnType<typeof useLoaderData<typeof loader>>["rules"][number];

function scopeText(rule: Rule, collections: Array<{ id: string; title: string }>): string {
  if (rule.scopeType === "all") return "All products";
  const value = rule.scopeType === "collection" ? (collections.find((c) => c.id === rule.scopeValue)?.title ?? rule.scopeValue) : rule.scopeValue;
  return `${RULE_SCOPE_LABELS[rule.scopeType]}: ${value ?? "—"}`;
}

function onSellOutText(rule: Rule): string {
  const ahead = rule.enableAheadOfStockOut
    ? `Ahead of a predicted stock-out with stock inbound (${rule.aheadWindowDays === null || rule.aheadWindowDays === undefined ? "lead time" : `${rule.aheadWindowDays} days`} ahead, shipment's ETA)`
    : null;
  if (!rule.autoEnableAtZero) return ahead ?? "Nothing";
  const eta = formatEta({ etaDate: rule.defaultEtaDate, leadTimeDays: rule.defaultLeadTimeDays });
  const cap = rule.defaultCap === null ? "default cap" : `cap ${rule.defaultCap}`;
  return `Backorder on · ${eta ? `ETA ${eta}` : "default lead time"} · ${cap}${ahead ? ` · ${ahead}` : ""}`;
}

function turnsOffText(rule: Rule): string {
  const when = [
    rule.autoDisableOnRestock ? `on restock (ETA ${rule.clearEtaOnRestock ? "cleared" : "kept"})` : null,
    rule.disableAtCap ? "at cap" : null,
  ].filter(Boolean);
  return when.length ? when.join(" · ") : "Never";
}

export default function RulesPage() {
  const { rules, options, today } = useLoaderData<typeof loader>();
  const fetcher = useFetcher<typeof action>();
  const shopify = useAppBridge();

  const [editing, setEditing] = useState<{ rule: RuleLike | null } | null>(null);
  const [deleting, setDeleting] = useState<Rule | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pageError, setPageError] = useState<string | null>(null);
  const submitting = fetcher.state !== "idle";
  const lastIntent = useRef<string | null>(null);

  const send = (fields: Record<string, string | boolean>) => {
    if (!submitChecked(fetcher, toFormData(fields), parseAutomationRuleForm, setErrors)) return;
    setPageError(null);
    lastIntent.current = String(fields.intent);
  };

  useFetcherResult(fetcher, (result) => {
    if (!result.ok) {
      setErrors(result.errors);
      if (lastIntent.current === "delete" || lastIntent.current === "toggle" || result.errors[""]) {
        setPageError(Object.values(result.errors)[0] ?? "Something went wrong.");
        setDeleting(null);
      }
      return;
    }
    shopify.toast.show(result.message);
    setEditing(null);
    setDeleting(null);
  });

  const openCreate = () => {
    setErrors({});
    setEditing({ rule: null });
  };

  const rowMarkup = rules.map((rule, index) => (
    <IndexTable.Row id={rule.id} key={rule.id} position={index}>
      <IndexTable.Cell>
        <InlineStack gap="200" blockAlign="center">
          <Text as="span" fontWeight="semibold">
            {rule.name}
          </Text>
          {!rule.active && <Badge>Paused</Badge>}
        </InlineStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{scopeText(rule, options.collections)}</IndexTable.Cell>
      <IndexTable.Cell>{onSellOutText(rule)}</IndexTable.Cell>
      <IndexTable.Cell>{turnsOffText(rule)}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric>
          {rule.priority}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <ButtonGroup noWrap>
          <Button
            variant="tertiary"
            accessibilityLabel={`Edit ${rule.name}`}
            onClick={() => {
              setErrors({});
              setEditing({ rule: rule as RuleLike });
            }}
          >
            Edit
          </Button>
          <Button
            variant="tertiary"
            accessibilityLabel={`${rule.active ? "Pause" : "Resume"} ${rule.name}`}
            onClick={() => send({ intent: "toggle", id: rule.id, active: !rule.active })}
            disabled={submitting}
          >
            {rule.active ? "Pause" : "Resume"}
          </Button>
          <Button variant="tertiary" tone="critical" accessibilityLabel={`Delete ${rule.name}`} onClick={() => setDeleting(rule)}>
            Delete
          </Button>
        </ButtonGroup>
      </IndexTable.Cell>
    </IndexTable.Row>
  ));

  return (
    <Page
      title="Automation"
      subtitle="Rules turn backorders on when variants sell out and off when stock returns, so you don't have to."
      primaryAction={{ content: "Create rule", onAction: openCreate }}
    >
      <Layout>
        {pageError && (
          <Layout.Section>
            <Banner tone="critical" title="That didn't work" onDismiss={() => setPageError(null)}>
              <p>{pageError}</p>
            </Banner>
          </Layout.Section>
        )}
        <Layout.Section>
          {rules.length === 0 ? (
            <Card>
              <EmptyState heading="Automate your backorders" action={{ content: "Create rule", onAction: openCreate }} image="">
                <p>
                  A rule watches a group of products (a collection, tag, vendor, product type, or everything). When a tracked variant sells
                  out it turns backorders on with your ETA and cap; when stock returns or the cap is used up it turns them off again.
                </p>
              </EmptyState>
            </Card>
          ) : (
            <Card padding="0">
              <IndexTable
                resourceName={{ singular: "rule", plural: "rules" }}
                itemCount={rules.length}
                selectable={false}
                headings={[
                  { title: "Name" },
                  { title: "Applies to" },
                  { title: "When sold out" },
                  { title: "Turns backorders off" },
                  { title: "Priority" },
                  { title: "Actions", hidden: true },
                ]}
              >
                {rowMarkup}
              </IndexTable>
            </Card>
          )}
        </Layout.Section>
        <Layout.Section>
          <SectionCard title="How rules work" gap="200">
            <Text as="p">
              Rules act on every stock change Shopify reports, and once an hour on your whole catalog in case a change was missed. When
              several rules match a variant, the lowest priority number wins, then the narrower scope (tag, collection, product type,
              vendor, all).
            </Text>
            <Text as="p">
              Settings you make yourself (on a variant or by CSV) are never switched back on or off by a rule, except that a rule still
              stops sales when a cap is reached. Each change a rule makes shows in the variant's history. {plural(rules.filter((r) => r.active).length, "rule")} active.
            </Text>
          </SectionCard>
        </Layout.Section>
      </Layout>

      <RuleFormModal
        open={!!editing}
        rule={editing?.rule ?? null}
        options={options}
        errors={errors}
        submitting={submitting}
        today={today}
        onClose={() => setEditing(null)}
        onSubmit={(values: RuleFormValues) =>
          send(editing?.rule ? { intent: "update", id: editing.rule.id, ...ruleFormFields(values) } : { intent: "create", ...ruleFormFields(values) })
        }
      />

      <Modal
        open={!!deleting}
        onClose={() => setDeleting(null)}
        title={deleting ? `Delete “${deleting.name}”?` : "Delete rule?"}
        primaryAction={{
          content: "Delete rule",
          destructive: true,
          loading: submitting,
          onAction: () => deleting && send({ intent: "delete", id: deleting.id }),
        }}
        secondaryActions={[{ content: "Cancel", onAction: () => setDeleting(null) }]}
      >
        <Modal.Section>
          <Text as="p">
            Variants this rule put on backorder keep their current settings; nothing changes them automatically any more unless another rule
            matches.
          </Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
