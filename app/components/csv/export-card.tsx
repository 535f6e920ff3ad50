// The CSV page's export section: a filter form (search, state, ETA; the variants page's params), and the buttons
// that download all variants or the filtered ones.
import { useState } from "react";
import { Form, Link } from "@remix-run/react";
import { Banner, Box, Button, InlineStack, Select, Text, TextField } from "@shopify/polaris";
import type { CsvPageData } from "../../services/backorder-csv-page.server";
import { useFileDownload } from "../file-download";
import { SectionCard } from "../section-card";

const STATE_OPTIONS = [
  { label: "Any state", value: "" },
  { label: "In stock", value: "in_stock" },
  { label: "Low stock", value: "low_stock" },
  { label: "Backorder", value: "backorder" },
  { label: "Backorder cap reached", value: "backorder_cap_reached" },
  { label: "Sold out", value: "sold_out" },
  { label: "Untracked", value: "untracked" },
  { label: "Discontinued", value: "discontinued" },
];

const ETA_OPTIONS = [
  { label: "Any ETA", value: "" },
  { label: "Has an ETA", value: "set" },
  { label: "No ETA", value: "none" },
  { label: "ETA overdue", value: "overdue" },
];

export function ExportCard({ filter }: { filter: CsvPageData["filter"] }) {
  const download = useFileDownload("backorders.csv");
  const [q, setQ] = useState(filter.q);
  const [state, setState] = useState(filter.state.includes(",") ? "" : filter.state);
  const [eta, setEta] = useState(filter.eta);
  return (
    <SectionCard
      title="Export"
      gap="400"
      description={
        <>
          Download the backorder settings (backorders on/off, ETA, lead time, cap, message) as a CSV file. Edit it in
          a spreadsheet and import it below.
        </>
      }
    >
      <Form method="get" action="/app/csv">
        <InlineStack gap="300" blockAlign="end" wrap>
          <Box minWidth="220px">
            <TextField label="Search" name="q" value={q} onChange={setQ} autoComplete="off" placeholder="Title or SKU" />
          </Box>
          <Select label="State" name="state" options={STATE_OPTIONS} value={state} onChange={setState} />
          <Select label="ETA" name="eta" options={ETA_OPTIONS} value={eta} onChange={setEta} />
          <Button submit>Filter</Button>
          {filter.active && <Link to="/app/csv">Clear filter</Link>}
        </InlineStack>
      </Form>
      {filter.active && (
        <Text as="p">
          Current filter: <Text as="span" fontWeight="semibold">{filter.description}</Text>
        </Text>
      )}
      <InlineStack gap="300">
        <Button
          variant={filter.active ? undefined : "primary"}
          loading={download.pending === "all"}
          onClick={() => download.start("all", "/app/csv/export")}
        >
          Export all variants
        </Button>
        {filter.active && (
          <Button
            variant="primary"
            loading={download.pending === "filtered"}
            onClick={() => download.start("filtered", `/app/csv/export?${filter.search}`)}
          >
            Export filtered variants
          </Button>
        )}
      </InlineStack>
      {download.error && (
        <Banner tone="critical" title="Export failed">
          <p>{download.error}</p>
        </Banner>
      )}
    </SectionCard>
  );
}
