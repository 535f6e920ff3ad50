// Settings: what happens to orders with backordered items, in Shopify and in the customer's inbox.
import { Card, Checkbox, FormLayout, Layout, TextField } from "@shopify/polaris";
import { ORDER_FLAG_OPTIONS } from "./settings-form";
import type { SettingsSectionProps } from "./settings-form";

export function OrderHandlingSection({ form, set, errors }: SettingsSectionProps) {
  return (
    <Layout.AnnotatedSection
      id="orders"
      title="Orders with backordered items"
      description="What happens after a shopper buys something on backorder: in Shopify (tags, notes, fulfillment holds) and in the customer's inbox."
    >
      <Card>
        <FormLayout>
          {ORDER_FLAG_OPTIONS.map(({ key, label, help }) => (
            <Checkbox
              key={key}
              label={label}
              checked={form.orderFlags[key]}
              onChange={(checked) => set({ orderFlags: { ...form.orderFlags, [key]: checked } })}
              error={errors[key]}
              helpText={help || undefined}
            />
          ))}
          <TextField
            label="Your words in delay emails"
            autoComplete="off"
            multiline={3}
            maxLength={1000}
            value={form.delayApologyText}
            onChange={(delayApologyText) => set({ delayApologyText })}
            error={errors.delayApologyText}
            helpText="Shown above the new ship date. Empty: a short apology in the customer's language."
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
