// Settings: how and when shoppers on the waitlist are emailed that a variant is back.
import { Card, Checkbox, FormLayout, Layout, TextField } from "@shopify/polaris";
import type { SettingsSectionProps } from "./settings-form";

export function RestockAlertsSection({ form, set, errors }: SettingsSectionProps) {
  return (
    <Layout.AnnotatedSection
      id="alerts"
      title="Restock alerts"
      description="How shoppers on the waitlist are emailed when a variant is back. Alerts go out in batches so the stock is not oversold to a crowd."
    >
      <Card>
        <FormLayout>
          <Checkbox
            label="Send alerts automatically when stock arrives"
            checked={form.alertsAutoSend}
            onChange={(alertsAutoSend) => set({ alertsAutoSend })}
            error={errors.alertsAutoSend}
            helpText="Off: restocks are still detected, and you send from the Waitlist page with “Send alerts now”."
          />
          <FormLayout.Group>
            <TextField
              label="Subscribers per restocked unit"
              type="number"
              min={0.1}
              step={0.1}
              autoComplete="off"
              value={form.alertMultiplier}
              onChange={(alertMultiplier) => set({ alertMultiplier })}
              error={errors.alertMultiplier}
              helpText="5 units back and 2 here: the 10 who waited longest hear first. Not everyone buys, so more than 1 sells faster."
            />
            <TextField
              label="Time between batches"
              type="number"
              min={5}
              autoComplete="off"
              suffix="minutes"
              value={form.alertBatchIntervalMins}
              onChange={(alertBatchIntervalMins) => set({ alertBatchIntervalMins })}
              error={errors.alertBatchIntervalMins}
              helpText="While stock lasts, the next subscribers are emailed after this wait."
            />
          </FormLayout.Group>
          <Checkbox
            label="Ask shoppers to confirm their email (double opt-in)"
            checked={form.requireConsent}
            onChange={(requireConsent) => set({ requireConsent })}
            error={errors.requireConsent}
            helpText="Recommended (required in parts of the EU): a signup only counts once the shopper clicks the link in the confirmation email."
          />
          <FormLayout.Group>
            <TextField
              label="Unconfirmed signups expire after"
              type="number"
              min={1}
              autoComplete="off"
              suffix="days"
              value={form.pendingExpiryDays}
              onChange={(pendingExpiryDays) => set({ pendingExpiryDays })}
              error={errors.pendingExpiryDays}
            />
            <TextField
              label="High demand at"
              type="number"
              min={1}
              autoComplete="off"
              suffix="waiting"
              value={form.highDemandThreshold}
              onChange={(highDemandThreshold) => set({ highDemandThreshold })}
              error={errors.highDemandThreshold}
              helpText="The Waitlist page flags variants with at least this many confirmed subscribers."
            />
          </FormLayout.Group>
          <Checkbox
            label="Also alert when a variant can be ordered on backorder"
            checked={form.alertsOnBackorder}
            onChange={(alertsOnBackorder) => set({ alertsOnBackorder })}
            error={errors.alertsOnBackorder}
            helpText="Off: alerts go out only when units are in stock."
          />
          <TextField
            label="Sender name"
            autoComplete="off"
            maxLength={80}
            value={form.senderName}
            onChange={(senderName) => set({ senderName })}
            error={errors.senderName}
            helpText="Shown as the “From” name of alert emails. Empty: your store's name."
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
