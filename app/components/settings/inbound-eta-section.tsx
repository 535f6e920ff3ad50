// Settings: ETAs that follow the inbound shipments entered in Shopify (inventory transfers), and the handling time
// between a shipment's arrival and shipping the backordered units.
import { Card, ChoiceList, FormLayout, Layout, TextField } from "@shopify/polaris";
import type { InboundEtaMode } from "../../domain/inbound-eta";
import type { SettingsSectionProps } from "./settings-form";

const CHOICES: Array<{ value: InboundEtaMode; label: string; helpText: string }> = [
  { value: "off", label: "Off", helpText: "ETAs are only what you enter." },
  {
    value: "suggest",
    label: "Suggest",
    helpText: "A variant's page shows the ETA its inbound shipment gives, with a button to apply it.",
  },
  {
    value: "automatic",
    label: "Automatic",
    helpText:
      "A backordered variant without an ETA of yours gets the arrival of the shipment that covers its owed units (oldest orders first) plus the handling time. When the shipment is late or cancelled the ETA moves, and customers get the delay email once per item and date. An ETA you enter is never changed.",
  },
];

export function InboundEtaSection({ form, set, errors }: SettingsSectionProps) {
  return (
    <Layout.AnnotatedSection
      id="inbound-etas"
      title="ETAs from inbound shipments"
      description="Use the expected arrival of the transfers and shipments you enter in Shopify for backorder ETAs."
    >
      <Card>
        <FormLayout>
          <ChoiceList
            title="ETAs follow inbound shipments"
            choices={CHOICES}
            selected={[form.inboundEtaMode]}
            onChange={([inboundEtaMode]) => set({ inboundEtaMode: inboundEtaMode as InboundEtaMode })}
            error={errors.inboundEtaMode}
          />
          <TextField
            label="Handling time after arrival"
            type="number"
            min={0}
            autoComplete="off"
            suffix="business days"
            value={form.inboundHandlingDays}
            onChange={(inboundHandlingDays) => set({ inboundHandlingDays })}
            error={errors.inboundHandlingDays}
            helpText="Days to receive the shipment and pack the backordered orders: ETA = arrival + this many business days."
            disabled={form.inboundEtaMode === "off"}
          />
        </FormLayout>
      </Card>
    </Layout.AnnotatedSection>
  );
}
