// The outcome of a backorder change, never a silent partial success: how many variants were updated, and every
// failure with the variant and Shopify's message.
import { Banner, List, Text } from "@shopify/polaris";
import { Link } from "@remix-run/react";
import { legacyId, plural } from "./format";

export type ActionResult = { succeeded: string[]; failed: Array<{ variantId: string; message: string }> };
export type ResultCounts = { updated: number; failedCount: number; failures: Array<{ variantId: string; message: string }> };

export function countsOf(result: ActionResult): ResultCounts {
  return { updated: result.succeeded.length, failedCount: result.failed.length, failures: result.failed };
}

/** "3 variants updated" / "3 updated, 1 failed" / "2 variants failed". */
export function summarizeCounts(updated: number, failed: number): string {
  if (!failed) return `${plural(updated, "variant")} updated`;
  if (!updated) return `${plural(failed, "variant")} failed`;
  return `${updated.toLocaleString("en-US")} updated, ${failed.toLocaleString("en-US")} failed`;
}

export function summarizeResult(result: ActionResult): string {
  return summarizeCounts(result.succeeded.length, result.failed.length);
}

const MAX_LISTED_FAILURES = 20;

export function ActionResultBanner({
  title,
  counts,
  variantLabel,
  onDismiss,
}: {
  /** What was done, e.g. "Enable backorder". */
  title: string;
  counts: ResultCounts;
  /** Product / variant title for an id, when known. */
  variantLabel: (variantId: string) => string | undefined;
  onDismiss?: () => void;
}) {
  const { updated, failedCount, failures } = counts;
  const summary = summarizeCounts(updated, failedCount);
  const tone = failedCount === 0 ? "success" : updated === 0 ? "critical" : "warning";
  const listed = failures.slice(0, MAX_LISTED_FAILURES);
  return (
    <Banner tone={tone} title={`${title}: ${summary}`} onDismiss={onDismiss}>
      {failedCount > 0 ? (
        <>
          <Text as="p">
            {failedCount === 1 ? "This variant was" : "These variants were"} not changed. Fix the problem in Shopify, then try again:
          </Text>
          <List type="bullet">
            {listed.map((failure) => (
              <List.Item key={failure.variantId}>
                <Link to={`/app/variants/${legacyId(failure.variantId)}`}>
                  {variantLabel(failure.variantId) ?? `Variant ${legacyId(failure.variantId)}`}
                </Link>
                : {failure.message}
              </List.Item>
            ))}
          </List>
          {failedCount > listed.length && (
            <Text as="p" tone="subdued">
              …and {plural(failedCount - listed.length, "more variant")}.
            </Text>
          )}
        </>
      ) : (
        <Text as="p">Shopify and your storefront now show the new settings.</Text>
      )}
    </Banner>
  );
}
