// The Forecast page's header card: how far to trust the forecast (the shop's MASE, stated with what it rests on and
// what it means, or why it cannot be measured yet), when it was computed, and "Recompute now".
import { BlockStack, Button, Card, InlineStack, Text } from "@shopify/polaris";
import type { ForecastAccuracyView, ForecastRunView } from "../../services/forecast-page.server";
import { formatDateTime } from "../format";

export function ForecastAccuracyCard({
  accuracy,
  run,
  timeZone,
  recomputing,
  onRecompute,
}: {
  accuracy: ForecastAccuracyView;
  run: ForecastRunView | null;
  timeZone: string;
  recomputing: boolean;
  onRecompute: () => void;
}) {
  const running = run?.status === "queued" || run?.status === "running";
  return (
    <Card>
      <BlockStack gap="200">
        <InlineStack align="space-between" blockAlign="start" gap="400" wrap={false}>
          <BlockStack gap="100">
            <Text as="h2" variant="headingMd">
              {accuracy.headline}
            </Text>
            <Text as="p" tone={accuracy.tone === "warning" ? "caution" : "subdued"}>
              {accuracy.explanation}
            </Text>
          </BlockStack>
          <Button onClick={onRecompute} loading={recomputing} disabled={running}>
            {running ? "Recomputing…" : "Recompute now"}
          </Button>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          {lastComputedText(run, timeZone)}
        </Text>
      </BlockStack>
    </Card>
  );
}

function lastComputedText(run: ForecastRunView | null, timeZone: string): string {
  if (!run) return "Not computed yet.";
  const finished = run.finishedAt ? `Last computed ${formatDateTime(run.finishedAt, timeZone)}` : null;
  const variants = `${run.variantsForecast.toLocaleString("en-US")} variants forecast`;
  if (run.status === "queued") return `${finished ? `${finished}. ` : ""}A recompute is queued.`;
  if (run.status === "running") return `${finished ? `${finished}. ` : ""}Recomputing since ${formatDateTime(run.startedAt, timeZone)}…`;
  if (run.status === "failed") return `The last recompute failed${run.error ? `: ${run.error}` : "."}${finished ? ` ${finished}.` : ""}`;
  return finished ? `${finished} · ${variants}.` : variants;
}
