// The Tag filter when a shop has too many tags for a list of choices: an exact tag, applied on Enter or blur.
import { useEffect, useState } from "react";
import { TextField } from "@shopify/polaris";

export function VariantTagFilter({ value, onChange }: { value: string; onChange: (value: string) => void }) {
  const [draft, setDraft] = useState(value);
  useEffect(() => setDraft(value), [value]);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        onChange(draft.trim());
      }}
    >
      <TextField
        label="Tag"
        labelHidden
        autoComplete="off"
        placeholder="Exact tag, then press Enter"
        value={draft}
        onChange={setDraft}
        onBlur={() => draft.trim() !== value && onChange(draft.trim())}
      />
    </form>
  );
}
