// The modal forms behind the variants page's row and bulk actions: set ETA, set cap, set shopper message, and a
// confirmation for the one-click actions when they apply to many variants. The parent validates with the shared
// zod schema (app/schemas/backorder-action.ts) and submits; errors come back per field.
import { useEffect, useState } from "react";
import { BlockStack, Modal, Text, TextField } from "@shopify/polaris";
import { BACKORDER_INTENT_LABELS, type BackorderIntent } from "../schemas/backorder-action";
import { CAP_MAX, MESSAGE_MAX_LENGTH } from "../schemas/fields";
import { EtaFields, type EtaFieldValues } from "./eta-fields";
import { plural } from "./format";

export type ActionFields = Record<string, string>;

const COPY: Record<BackorderIntent, { title: string; primary: string; destructive?: boolean }> = {
  enable: { title: "Enable backorder", primary: "Enable backorder" },
  disable: { title: "Disable backorder", primary: "Disable backorder", destructive: true },
  set_eta: { title: "Set ETA", primary: "Save ETA" },
  set_cap: { title: "Set cap", primary: "Save cap" },
  set_message: { title: "Set shopper message", primary: "Save message" },
  discontinue: { title: "Mark discontinued", primary: "Mark discontinued", destructive: true },
  undiscontinue: { title: "Mark not discontinued", primary: "Mark not discontinued" },
};

const EMPTY_ETA: EtaFieldValues = { etaMode: "date", etaDate: "", leadTimeDays: "" };

export function BackorderActionModal({
  intent,
  count,
  onClose,
  onSubmit,
  errors,
  submitting,
  today,
}: {
  /** The open action, or null when closed. */
  intent: BackorderIntent | null;
  /** How many variants it will change. */
  count: number;
  onClose: () => void;
  onSubmit: (intent: BackorderIntent, fields: ActionFields) => void;
  errors: Record<string, string>;
  submitting: boolean;
  today: string;
}) {
  const [eta, setEta] = useState<EtaFieldValues>(EMPTY_ETA);
  const [cap, setCap] = useState("");
  const [message, setMessage] = useState("");

  // Each opening starts from a blank form.
  useEffect(() => {
    if (!intent) return;
    setEta(EMPTY_ETA);
    setCap("");
    setMessage("");
  }, [intent]);

  if (!intent) return null;
  const copy = COPY[intent];
  const who = plural(count, "variant");

  const fields = (): ActionFields => {
    switch (intent) {
      case "set_eta":
        return { ...eta };
      case "set_cap":
        return { cap };
      case "set_message":
        return { message };
      default:
        return {};
    }
  };

  let body: React.ReactNode;
  switch (intent) {
    case "set_eta":
      body = (
        <EtaFields
          values={eta}
          onChange={setEta}
          errors={errors}
          today={today}
          title={`When will ${count === 1 ? "this variant" : `these ${who}`} ship?`}
          noneLabel="Clear the ETA"
        />
      );
      break;
    case "set_cap":
      body = (
        <TextField
          label="Backorder cap"
          type="number"
          name="cap"
          min={0}
          max={CAP_MAX}
          autoComplete="off"
          value={cap}
          onChange={setCap}
          error={errors.cap}
          suffix="units"
          helpText="The most units that may be sold without stock. When it is reached, the variant stops selling. Leave empty for no cap."
        />
      );
      break;
    case "set_message":
      body = (
        <TextField
          label="Shopper message"
          name="message"
          multiline={3}
          maxLength={MESSAGE_MAX_LENGTH}
          showCharacterCount
          autoComplete="off"
          value={message}
          onChange={setMessage}
          error={errors.message}
          helpText="Shown on the product page while the variant is on backorder. Leave empty to use the storefront wording from Settings."
        />
      );
      break;
    case "discontinue":
      body = (
        <Text as="p">
          {who} will stop selling once out of stock and no restock will be promised. Customers on the waitlist won't be notified of a
          restock.
        </Text>
      );
      break;
    default:
      body = (
        <Text as="p">
          {BACKORDER_INTENT_LABELS[intent]} for {who}? Shopify is updated first; any variant it rejects is listed afterwards.
        </Text>
      );
  }

  return (
    <Modal
      open
      onClose={onClose}
      title={copy.title}
      primaryAction={{
        content: copy.primary,
        destructive: copy.destructive,
        loading: submitting,
        disabled: submitting,
        onAction: () => onSubmit(intent, fields()),
      }}
      secondaryActions={[{ content: "Cancel", onAction: onClose, disabled: submitting }]}
    >
      <Modal.Section>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            onSubmit(intent, fields());
          }}
        >
          <BlockStack gap="300">
            <Text as="p" tone="subdued">
              Applies to {who}.
            </Text>
            {body}
            {errors.variantId && (
              <Text as="p" tone="critical">
                {errors.variantId}
              </Text>
            )}
            {errors[""] && (
              <Text as="p" tone="critical">
                {errors[""]}
              </Text>
            )}
          </BlockStack>
        </form>
      </Modal.Section>
    </Modal>
  );
}
