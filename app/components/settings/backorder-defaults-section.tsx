// Settings: the lead time, cap and low-stock threshold a variant starts with.
import { Card, FormLayout, Layout, TextField } from "@shopify/polaris";
import type { SettingsSectionProps } from "./settings-form";

export function BackorderDefaultsSection({ form, set, errors }: SettingsSectionProps) {
  return (
    <Layout.AnnotatedSection
      id="defaults"
      title="Backorder defaults"
      description="Filled in when you turn on backorders for a variant that has no lead time, ETA or cap of its own."
    >
      <Card>
        <FormLayout>
          <FormLayout.Group>
            <TextField
              label="Default lead time"
              type="number"
              min={0}
              autoComplete="off"
              suffix="business days"
              value={form.defaultLeadTimeDays}
              onChange={(defaultLeadTimeDays) => set({ defaultLeadTimeDays })}
              error={errors.defaultLeadTimeDays}
              helpText="Ships this many business days after the order. Empty: no default."
            />
            <TextField
              label="Default cap"
              type="number"
              min={0}
              autoComplete="off"
              suffix="units"
              value={form.defaultCap}
              onChange={(defaultCap) => set({ defaultCap })}
              error={errors.defaultCap}
              helpText="Most units sold without stock per variant. Empty: no cap."
            />
          </FormLayout.Group>
          <TextField
            label="Low-stock threshold"
            type="number"
            min={0}
            autoComplete="off"
            suffix="units"
            value={form.lowStockThreshold}
            onChange={(lowStockThreshold) => set({ lowStockThreshold })}
            error={errors.lowStockThreshold}
            helpText="A variant with this many units or fewer shows as “Low stock”. 0 turns it off."
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
