// The client side of the admin's edit forms: controlled form state built from what the loader saved, a dirty flag,
// field errors that clear as their field is edited, a submit that runs the shared zod check first, and the
// fetcher's answer handled once (422 → inline errors and an error toast).
import { useEffect, useMemo, useRef, useState } from "react";
import type { FetcherWithComponents } from "@remix-run/react";
import { useAppBridge } from "@shopify/app-bridge-react";
import type { FieldErrors } from "../schemas/form-helpers";

/** A form schema's parse (`parseShopSettingsForm`, …): only whether it passed and, if not, the field errors. */
export type FormCheck = (formData: FormData) => { success: true } | { success: false; errors: FieldErrors };

type Fetcher<D> = Pick<FetcherWithComponents<D>, "state" | "data" | "submit">;

/** The error keys an edit touches: `eta` holds flat form fields, `wording.<state>` is the field `wording_<state>`. */
export function editedFields(patch: object): string[] {
  return Object.entries(patch).flatMap(([key, value]) =>
    key === "eta" || key === "wording" ? Object.keys(value ?? {}).map((k) => (key === "wording" ? `wording_${k}` : k)) : [key],
  );
}

/** Runs `onResult` once per answer of the fetcher, when it is back to idle (revalidations don't repeat it). */
export function useFetcherResult<D>(fetcher: Pick<Fetcher<D>, "state" | "data">, onResult: (result: D) => void): void {
  const latest = useRef(onResult);
  latest.current = onResult;
  const handled = useRef<unknown>(null);
  useEffect(() => {
    const result = fetcher.data;
    if (fetcher.state !== "idle" || !result || handled.current === result) return;
    handled.current = result;
    latest.current(result);
  }, [fetcher.state, fetcher.data]);
}

/** Checks the form data with the schema first: shows its errors, or submits (POST) and returns true. */
export function submitChecked<D>(fetcher: Pick<Fetcher<D>, "submit">, formData: FormData, check: FormCheck, setErrors: (errors: FieldErrors) => void): boolean {
  const result = check(formData);
  if (!result.success) {
    setErrors(result.errors);
    return false;
  }
  setErrors({});
  fetcher.submit(formData, { method: "post" });
  return true;
}

/**
 * An edit form of saved values. The form resets only when the saved values really change (a revalidation after
 * a 422 keeps the edits). A failed save (`{ ok: false, errors }`) shows its errors and `invalidToast`; a
 * successful one goes to `onSaved`.
 */
export function useEditableForm<S, T extends object, D extends { ok: boolean }>(options: {
  saved: S;
  toForm: (saved: S) => T;
  fetcher: Fetcher<D>;
  check: FormCheck;
  invalidToast: string;
  onSaved: (result: Extract<D, { ok: true }>) => void;
}) {
  const { saved, toForm, fetcher, check } = options;
  const shopify = useAppBridge();
  const savedKey = JSON.stringify(saved);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const initial = useMemo(() => toForm(saved), [savedKey]);
  const [form, setForm] = useState<T>(initial);
  useEffect(() => setForm(initial), [initial]);
  const dirty = JSON.stringify(form) !== JSON.stringify(initial);

  const [errors, setErrors] = useState<FieldErrors>({});
  /** Edits clear that field's error (the next save checks again). */
  const set = (patch: Partial<T>) => {
    setForm((current) => ({ ...current, ...patch }));
    const fields = editedFields(patch);
    setErrors((current) => Object.fromEntries(Object.entries(current).filter(([field]) => !fields.includes(field))));
  };
  const discard = () => {
    setForm(initial);
    setErrors({});
  };
  const submit = (formData: FormData) => submitChecked(fetcher, formData, check, setErrors);

  useFetcherResult(fetcher, (result) => {
    if (!result.ok) {
      setErrors((result as unknown as { errors: FieldErrors }).errors);
      shopify.toast.show(options.invalidToast, { isError: true });
      return;
    }
    options.onSaved(result as Extract<D, { ok: true }>);
  });

  const saving = fetcher.state !== "idle";
  /** The page's Save and "Discard changes" actions (spread into `<Page>`). */
  const pageActions = (save: () => void) => ({
    primaryAction: { content: "Save", onAction: save, loading: saving, disabled: !dirty || saving },
    secondaryActions: dirty ? [{ content: "Discard changes", onAction: discard }] : [],
  });

  return { form, set, dirty, errors, submit, pageActions };
}
