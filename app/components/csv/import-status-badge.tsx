// A CSV import's status as a badge (preview, queued, applying, completed, failed, discarded).
import { Badge } from "@shopify/polaris";

const STATUS_BADGES: Record<string, { tone?: "success" | "info" | "attention" | "critical" | "warning"; label: string }> = {
  preview: { tone: "info", label: "Preview" },
  queued: { tone: "attention", label: "Queued" },
  running: { tone: "attention", label: "Applying" },
  completed: { tone: "success", label: "Completed" },
  failed: { tone: "critical", label: "Failed" },
  discarded: { label: "Discarded" },
};

export function ImportStatusBadge({ status }: { status: string }) {
  const badge = STATUS_BADGES[status] ?? { label: status };
  return <Badge tone={badge.tone}>{badge.label}</Badge>;
}
