// A variant row's "Actions" menu: the one-variant versions of the bulk actions.
import { useState } from "react";
import { ActionList, Button, Popover } from "@shopify/polaris";
import { BACKORDER_INTENT_LABELS, type BackorderIntent } from "../../schemas/backorder-action";

export function VariantRowActions({
  label,
  enabled,
  discontinued,
  onAction,
}: {
  label: string;
  enabled: boolean;
  discontinued: boolean;
  onAction: (intent: BackorderIntent) => void;
}) {
  const [open, setOpen] = useState(false);
  const run = (intent: BackorderIntent) => () => {
    setOpen(false);
    onAction(intent);
  };
  return (
    // Clicks here must not select the row or follow its link.
    <div onClick={(event) => event.stopPropagation()} onKeyUp={(event) => event.stopPropagation()} role="presentation">
      <Popover
        active={open}
        onClose={() => setOpen(false)}
        activator={
          <Button variant="tertiary" disclosure onClick={() => setOpen((v) => !v)} accessibilityLabel={`Actions for ${label}`}>
            Actions
          </Button>
        }
      >
        <ActionList
          actionRole="menuitem"
          items={[
            enabled
              ? { content: BACKORDER_INTENT_LABELS.disable, onAction: run("disable") }
              : { content: BACKORDER_INTENT_LABELS.enable, onAction: run("enable") },
            { content: BACKORDER_INTENT_LABELS.set_eta, onAction: run("set_eta") },
            { content: BACKORDER_INTENT_LABELS.set_cap, onAction: run("set_cap") },
            { content: BACKORDER_INTENT_LABELS.set_message, onAction: run("set_message") },
            discontinued
              ? { content: BACKORDER_INTENT_LABELS.undiscontinue, onAction: run("undiscontinue") }
              : { content: BACKORDER_INTENT_LABELS.discontinue, onAction: run("discontinue"), destructive: true },
          ]}
        />
      </Popover>
    </div>
  );
}
