// A variant's change history: who (staff, automation rule, CSV import), when, and what changed from → to.
import { BlockStack, Box, Divider, InlineStack, Text } from "@shopify/polaris";
import { formatDateTime, formatLocalDate } from "./format";

export type HistoryEntry = {
  id: string;
  actorLabel: string;
  source: string;
  createdAt: string;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
};

const FIELD_LABELS: Record<string, string> = {
  enabled: "Backorder",
  etaDate: "ETA date",
  leadTimeDays: "Lead time",
  cap: "Cap",
  message: "Shopper message",
  internalNote: "Internal note",
  discontinued: "Discontinued",
  inventoryPolicy: "Shopify policy",
  businessDays: "Business days",
};

const SOURCE_LABELS: Record<string, string> = { manual: "Manual", rule: "Automation", csv: "CSV import", system: "System" };

function formatValue(field: string, value: unknown): string {
  if (value === null || value === undefined || value === "") return "none";
  if (typeof value === "boolean") {
    if (field === "enabled") return value ? "on" : "off";
    return value ? "yes" : "no";
  }
  if (field === "etaDate" && typeof value === "string") return formatLocalDate(value);
  if (field === "leadTimeDays" && typeof value === "number") return `${value} business day${value === 1 ? "" : "s"}`;
  if (field === "inventoryPolicy") return value === "CONTINUE" ? "continue selling" : value === "DENY" ? "stop selling" : String(value);
  const text = typeof value === "string" ? value : JSON.stringify(value);
  return text.length > 80 ? `“${text.slice(0, 77)}…”` : typeof value === "string" ? `“${text}”` : text;
}

export function ChangeHistory({ entries, timeZone }: { entries: HistoryEntry[]; timeZone: string }) {
  if (!entries.length) {
    return (
      <Text as="p" tone="subdued">
        No changes yet. Every change made here, by an automation rule or by a CSV import is listed with who made it and when.
      </Text>
    );
  }
  return (
    <BlockStack gap="300">
      {entries.map((entry, index) => (
        <BlockStack gap="200" key={entry.id}>
          {index > 0 && <Divider />}
          <InlineStack align="space-between" blockAlign="start" gap="200">
            <Text as="span" fontWeight="semibold">
              {entry.actorLabel}
            </Text>
            <Text as="span" tone="subdued" variant="bodySm">
              {SOURCE_LABELS[entry.source] ?? entry.source} · <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, timeZone)}</time>
            </Text>
          </InlineStack>
          <Box paddingInlineStart="200">
            <BlockStack gap="100">
              {entry.changes.length === 0 && (
                <Text as="p" tone="subdued" variant="bodySm">
                  No field changed.
                </Text>
              )}
              {entry.changes.map((change) => (
                <Text as="p" variant="bodySm" key={change.field}>
                  {FIELD_LABELS[change.field] ?? change.field}: {formatValue(change.field, change.before)} → {formatValue(change.field, change.after)}
                </Text>
              ))}
            </BlockStack>
          </Box>
        </BlockStack>
      ))}
    </BlockStack>
  );
}
