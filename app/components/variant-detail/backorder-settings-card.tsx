// The variant's backorder settings: on/off, ETA, cap, shopper message, discontinued.
import { Checkbox, Text, TextField } from "@shopify/polaris";
import type { VariantDetail } from "../../services/variant-detail.server";
import { CAP_MAX, MESSAGE_MAX_LENGTH } from "../../schemas/fields";
import { EtaFields } from "../eta-fields";
import { formatLocalDate, plural } from "../format";
import { SectionCard } from "../section-card";
import type { VariantFormProps } from "./variant-settings-form";

export function BackorderSettingsCard({ form, set, errors, dirty, status, shop }: VariantFormProps & { dirty: boolean; status: VariantDetail["status"]; shop: VariantDetail["shop"] }) {
  const capValue = form.cap.trim() === "" ? null : Number(form.cap);
  return (
    <SectionCard title="Backorder settings" gap="400">
      <Checkbox
        label="Sell on backorder when out of stock"
        helpText="Sets Shopify's policy to “continue selling” while the cap allows, and shows the ETA on the product page."
        checked={form.enabled}
        onChange={(enabled) => set({ enabled })}
        disabled={form.discontinued}
        error={errors.enabled}
      />
      <EtaFields values={form.eta} onChange={(eta) => set({ eta })} errors={errors} today={shop.today} />
      {status.shopperEta && !dirty && (
        <Text as="p" tone="subdued">
          A shopper ordering today is told it ships by {formatLocalDate(status.shopperEta.date)}
          {status.shopperEta.source === "lead_time" ? ` (lead time, ${shop.timeZone})` : ""}.
        </Text>
      )}
      <TextField
        label="Backorder cap"
        type="number"
        min={0}
        max={CAP_MAX}
        autoComplete="off"
        value={form.cap}
        onChange={(cap) => set({ cap })}
        error={errors.cap}
        suffix="units"
        placeholder={shop.defaultCap !== null ? `Shop default: ${shop.defaultCap}` : "No cap"}
        helpText={`Most units that may be sold without stock; empty = no cap. ${plural(status.unitsBackordered, "unit")} backordered so far${
          capValue !== null && Number.isFinite(capValue) ? `, ${Math.max(0, capValue - status.unitsBackordered)} left` : ""
        }.`}
      />
      <TextField
        label="Shopper message"
        multiline={3}
        maxLength={MESSAGE_MAX_LENGTH}
        showCharacterCount
        autoComplete="off"
        value={form.message}
        onChange={(message) => set({ message })}
        error={errors.message}
        helpText="Shown on the product page instead of the default backorder wording from Settings."
      />
      <Checkbox
        label="Discontinued: no restock expected"
        helpText="Stops selling once out of stock and turns backorders off, whatever the automation rules say."
        checked={form.discontinued}
        onChange={(discontinued) => set({ discontinued, enabled: discontinued ? false : form.enabled })}
        error={errors.discontinued}
      />
    </SectionCard>
  );
}
