// The CSV page's import section: the file drop zone, the column contract, and "Upload and preview" (a multipart
// post; the size limit is checked here first so a too-large file never leaves the browser).
import { useCallback, useState } from "react";
import { useNavigation, useSubmit } from "@remix-run/react";
import { Banner, Box, Button, DropZone, InlineStack, Text } from "@shopify/polaris";
import { SectionCard } from "../section-card";

export function UploadCard({ maxBytes, maxRows }: { maxBytes: number; maxRows: number }) {
  const submit = useSubmit();
  const navigation = useNavigation();
  const [file, setFile] = useState<File | null>(null);
  const [clientError, setClientError] = useState<string | null>(null);
  const uploading = navigation.state !== "idle" && navigation.formEncType === "multipart/form-data";

  const onDrop = useCallback(
    (_all: File[], accepted: File[], rejected: File[]) => {
      const picked = accepted[0] ?? rejected[0] ?? null;
      setFile(picked);
      if (!picked) return;
      if (picked.size > maxBytes) setClientError(`The file is larger than ${maxBytes / 1024 / 1024} MB. Split it into smaller files.`);
      else if (rejected.length > 0 && accepted.length === 0) setClientError("Choose a .csv file.");
      else setClientError(null);
    },
    [maxBytes],
  );

  const upload = () => {
    if (!file) return setClientError("Choose a CSV file first.");
    if (file.size > maxBytes) return setClientError(`The file is larger than ${maxBytes / 1024 / 1024} MB. Split it into smaller files.`);
    const formData = new FormData();
    formData.set("intent", "preview");
    formData.set("file", file, file.name);
    submit(formData, { method: "post", encType: "multipart/form-data" });
  };

  return (
    <SectionCard
      title="Import"
      gap="400"
      description={
        <>
          Columns: <code>variant_id</code> or <code>sku</code>, then any of <code>enabled</code> (true/false),{" "}
          <code>eta</code> (YYYY-MM-DD), <code>lead_time_days</code>, <code>cap</code>, <code>message</code>. An empty
          cell keeps the current value; <code>none</code> clears it. Up to {maxRows.toLocaleString("en-US")} rows and{" "}
          {maxBytes / 1024 / 1024} MB. You'll see a preview before anything is changed.
        </>
      }
    >
      <DropZone label="CSV file" accept=".csv,text/csv,text/plain,application/vnd.ms-excel" type="file" allowMultiple={false} onDrop={onDrop}>
        {file ? (
          <Box padding="400">
            <Text as="p" alignment="center">
              {file.name} · {(file.size / 1024).toFixed(1)} KB
            </Text>
          </Box>
        ) : (
          <DropZone.FileUpload actionTitle="Add CSV file" actionHint="or drop a .csv file here" />
        )}
      </DropZone>
      {clientError && (
        <Banner tone="critical">
          <p>{clientError}</p>
        </Banner>
      )}
      <InlineStack>
        <Button variant="primary" onClick={upload} loading={uploading} disabled={!file || !!clientError}>
          Upload and preview
        </Button>
      </InlineStack>
    </SectionCard>
  );
}
