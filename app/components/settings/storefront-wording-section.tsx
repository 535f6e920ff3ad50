// Settings: what shoppers read on the product page for each backorder state.
import { Card, FormLayout, Layout, TextField } from "@shopify/polaris";
import { STOREFRONT_WORDING_MAX_LENGTH, STOREFRONT_WORDING_STATES, wordingField, type StorefrontWordingState } from "../../schemas/shop-settings";
import { STATE_LABELS } from "../backorder-state-badge";
import type { SettingsSectionProps } from "./settings-form";

const WORDING_PLACEHOLDERS: Record<StorefrontWordingState, string> = {
  in_stock: "In stock",
  low_stock: "Only a few left",
  backorder: "On backorder: ships by {eta}",
  backorder_cap_reached: "Sold out: backorders are full",
  sold_out: "Sold out",
  discontinued: "No longer available",
};

export function StorefrontWordingSection({ form, set, errors }: SettingsSectionProps) {
  return (
    <Layout.AnnotatedSection
      id="wording"
      title="Storefront wording"
      description="What shoppers read on the product page for each state. Leave a field empty to use the default shown in it. {eta} is replaced by the ship date."
    >
      <Card>
        <FormLayout>
          {STOREFRONT_WORDING_STATES.map((state) => (
            <TextField
              key={state}
              label={STATE_LABELS[state]}
              autoComplete="off"
              maxLength={STOREFRONT_WORDING_MAX_LENGTH}
              placeholder={WORDING_PLACEHOLDERS[state]}
              value={form.wording[state] ?? ""}
              onChange={(value) => set({ wording: { ...form.wording, [state]: value } })}
              error={errors[wordingField(state)]}
            />
          ))}
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
