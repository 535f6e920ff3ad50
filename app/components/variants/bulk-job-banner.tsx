// A background bulk change the page follows: its progress while it runs, then its per-variant outcome.
import { Banner, BlockStack, ProgressBar, Text } from "@shopify/polaris";
import type { VariantsPageData } from "../../services/variant-list.server";
import { ActionResultBanner } from "../action-result-banner";
import { plural } from "../format";

export type BulkJob = NonNullable<VariantsPageData["job"]>;

export function BulkJobBanner({ job, label, onDismiss }: { job: BulkJob; label: (id: string) => string | undefined; onDismiss: () => void }) {
  const running = job.status === "queued" || job.status === "running";
  const percent = job.total ? Math.round((job.processed / job.total) * 100) : 0;
  if (running) {
    return (
      <Banner tone="info" title={`Updating ${plural(job.total, "variant")} in the background`}>
        <BlockStack gap="200">
          <Text as="p">
            {job.processed.toLocaleString("en-US")} of {job.total.toLocaleString("en-US")} done. You can leave this page; the change
            keeps going.
          </Text>
          <ProgressBar progress={percent} size="small" />
        </BlockStack>
      </Banner>
    );
  }
  return (
    <BlockStack gap="200">
      <ActionResultBanner
        title="Bulk change"
        counts={{ updated: job.succeeded, failedCount: job.failedCount, failures: job.failed }}
        variantLabel={label}
        onDismiss={onDismiss}
      />
      {job.error && (
        <Banner tone="critical" title="The bulk change stopped">
          <p>{job.error}</p>
        </Banner>
      )}
    </BlockStack>
  );
}
