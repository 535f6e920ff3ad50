// The variant page's line about its inbound shipment (Settings → "ETAs follow inbound shipments"): in suggest mode
// the ETA the shipment gives, with Apply (saved as the merchant's ETA); in automatic mode, whether the ETA follows it.
import { Banner } from "@shopify/polaris";
import type { InboundEtaSuggestion } from "../../services/inbound-eta.server";
import { formatLocalDate } from "../format";

export function InboundEtaBanner({
  suggestion,
  applying,
  onApply,
}: {
  suggestion: InboundEtaSuggestion;
  applying: boolean;
  onApply: (eta: string) => void;
}) {
  const { shipmentName, arrivesOn, eta, currentEta, followsInbound, mode } = suggestion;
  const line = `Inbound shipment ${shipmentName} arrives ${formatLocalDate(arrivesOn)} → suggested ETA ${formatLocalDate(eta)}`;
  if (followsInbound || currentEta === eta) {
    return (
      <Banner tone="info" title={`The ETA follows inbound shipment ${shipmentName}`}>
        <p>{line}.</p>
      </Banner>
    );
  }
  const kept = mode === "automatic" && currentEta !== null;
  return (
    <Banner
      tone="info"
      title={line}
      action={{ content: "Apply", onAction: () => onApply(eta), loading: applying }}
    >
      <p>
        {kept
          ? `Your ETA (${formatLocalDate(currentEta)}) is kept: an inbound shipment never overrides a date you entered. Apply sets the shipment's date instead.`
          : "The date the shipment covering this variant's owed units arrives, plus the handling time in Settings. Apply saves it as this variant's ETA."}
      </p>
    </Banner>
  );
}
