// Settings: the backorder cap enforced inside Shopify's checkout (the app's cart and checkout validation function),
// with the switch and what the app last heard from Shopify about it.
import { Badge, BlockStack, Card, Checkbox, InlineStack, Layout, Text } from "@shopify/polaris";
import type { SettingsSectionProps } from "./settings-form";

/** The stored outcome of the last registration (dates arrive serialised from the loader). */
export type CheckoutValidationSummary = { status: string; error: string | null };

function statusLine(wanted: boolean, state: CheckoutValidationSummary): { tone: "success" | "critical" | "attention" | undefined; label: string; detail: string } {
  if (state.status === "failed") return { tone: "critical", label: "Not active", detail: state.error ?? "Shopify did not accept the check." };
  if (state.status === "active") {
    return wanted
      ? { tone: "success", label: "Active", detail: "Shopify runs the check in every checkout." }
      : { tone: "attention", label: "Active", detail: "Being turned off…" };
  }
  if (wanted) {
    return state.status === "never"
      ? { tone: "attention", label: "Not active yet", detail: "Being set up in Shopify. Reload the page in a moment." }
      : { tone: "attention", label: "Not active", detail: state.error ?? "Being set up in Shopify." };
  }
  return { tone: undefined, label: "Not active", detail: "Caps are enforced only after orders arrive (the variant switches to “don't sell when out of stock”)." };
}

export function CheckoutEnforcementSection({
  form,
  set,
  errors,
  saved,
  checkoutValidation,
}: SettingsSectionProps & { saved: boolean; checkoutValidation: CheckoutValidationSummary }) {
  // The status describes the saved setting, not the unsaved checkbox.
  const status = statusLine(saved, checkoutValidation);
  return (
    <Layout.AnnotatedSection
      id="checkout"
      title="Checkout"
      description="Stop sales past a backorder cap in checkout itself, before the order exists."
    >
      <Card>
        <BlockStack gap="300">
          <Checkbox
            label="Enforce caps at checkout"
            checked={form.enforceCapsAtCheckout}
            onChange={(enforceCapsAtCheckout) => set({ enforceCapsAtCheckout })}
            error={errors.enforceCapsAtCheckout}
            helpText="Shopify runs the app's check in every checkout, including express checkouts (Shop Pay, Apple Pay, Google Pay) and other sales channels: a shopper can't order more of a capped variant than the cap still allows, and is told how many are left. If the check ever fails to run, checkout is not blocked."
          />
          <InlineStack gap="200" blockAlign="center" wrap>
            <Text as="span" variant="bodyMd">Status:</Text>
            <Badge tone={status.tone}>{status.label}</Badge>
            <Text as="span" variant="bodySm" tone={status.tone === "critical" ? "critical" : "subdued"}>
              {status.detail}
            </Text>
          </InlineStack>
        </BlockStack>
      </Card>
    </Layout.AnnotatedSection>
  );
}
