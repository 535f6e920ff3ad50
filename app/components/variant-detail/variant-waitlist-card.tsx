// How many shoppers wait to hear the variant is back in stock.
import { Text } from "@shopify/polaris";
import type { VariantDetail } from "../../services/variant-detail.server";
import { plural } from "../format";
import { SectionCard } from "../section-card";

export function VariantWaitlistCard({ waitlist }: { waitlist: VariantDetail["waitlist"] }) {
  return (
    <SectionCard title="Waitlist" gap="200">
      <Text as="p" variant="headingLg">
        {plural(waitlist.active, "shopper")}
      </Text>
      <Text as="p" tone="subdued">
        {waitlist.active === 0 && waitlist.pending === 0
          ? "Nobody has asked to be told when it's back in stock."
          : `waiting to hear when it's back in stock${waitlist.pending ? `, plus ${waitlist.pending} who haven't confirmed their email yet` : ""}.`}
      </Text>
    </SectionCard>
  );
}
