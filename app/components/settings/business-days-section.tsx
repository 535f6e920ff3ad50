// Settings: the shop time zone, the days it does not ship, and its holidays (the calendar behind ETAs).
import { BlockStack, Card, Checkbox, FormLayout, InlineGrid, Layout, Select, Text, TextField } from "@shopify/polaris";
import { WEEKDAY_NAMES } from "../../schemas/shop-settings";
import type { SettingsSectionProps } from "./settings-form";

export function BusinessDaysSection({ form, set, errors, timeZoneOptions }: SettingsSectionProps & { timeZoneOptions: Array<{ label: string; value: string }> }) {
  return (
    <Layout.AnnotatedSection
      id="calendar"
      title="Business days"
      description="Lead times skip the days you don't ship. “Ships in 3 business days” ordered on a Friday ships on Wednesday."
    >
      <Card>
        <FormLayout>
          <Select
            label="Shop time zone"
            options={timeZoneOptions}
            value={form.timeZone}
            onChange={(timeZone) => set({ timeZone })}
            error={errors.timeZone}
            helpText="ETA dates and “today” are counted in this time zone. It starts as your Shopify store's time zone."
          />
          <BlockStack gap="200">
            <Text as="p" variant="bodyMd">
              Days you don't ship
            </Text>
            <InlineGrid columns={{ xs: 2, sm: 4 }} gap="200">
              {WEEKDAY_NAMES.map((name, day) => (
                <Checkbox
                  key={name}
                  label={name}
                  checked={form.weekendDays.includes(day)}
                  onChange={(checked) =>
                    set({
                      weekendDays: checked
                        ? [...form.weekendDays, day].sort((a, b) => a - b)
                        : form.weekendDays.filter((d) => d !== day),
                    })
                  }
                />
              ))}
            </InlineGrid>
            {errors.weekendDays && (
              <Text as="p" tone="critical">
                {errors.weekendDays}
              </Text>
            )}
          </BlockStack>
          <TextField
            label="Holidays"
            multiline={4}
            autoComplete="off"
            placeholder={"2026-12-25\n2027-01-01"}
            value={form.holidays}
            onChange={(holidays) => set({ holidays })}
            error={errors.holidays}
            helpText="Dates you don't ship, one per line as YYYY-MM-DD."
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
