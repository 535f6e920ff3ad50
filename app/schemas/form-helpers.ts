// Small helpers shared by every form schema: turning FormData into plain objects and zod issues into the
// `{ field: message }` map that actions return with 422 and forms render inline. Client-safe (no server code).
import type { z } from "zod";

/** `{ "etaDate": "Enter a date as YYYY-MM-DD." }`: the first message per field; "" holds form-level errors. */
export type FieldErrors = Record<string, string>;

export function toFieldErrors(issues: readonly { path: readonly PropertyKey[]; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join(".");
    if (!(key in errors)) errors[key] = issue.message;
  }
  return errors;
}

/** FormData as a plain object: single values as strings, and the listed keys as arrays (from `getAll`). */
export function formDataToObject(formData: FormData, arrayKeys: readonly string[] = []): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of formData.entries()) {
    if (typeof value !== "string") continue;
    if (arrayKeys.includes(key)) continue;
    result[key] = value;
  }
  for (const key of arrayKeys) result[key] = formData.getAll(key).filter((v): v is string => typeof v === "string");
  return result;
}

/** Builds FormData from a plain object (arrays are appended value by value; null/undefined are skipped). */
export function toFormData(values: Record<string, string | number | boolean | null | undefined | readonly (string | number)[]>): FormData {
  const formData = new FormData();
  for (const [key, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    if (Array.isArray(value)) for (const item of value) formData.append(key, String(item));
    else formData.append(key, String(value));
  }
  return formData;
}

/** "true"/"on"/"1" → true; anything else (including a missing checkbox) → false. */
export function checkboxValue(value: unknown): boolean {
  return value === true || value === "true" || value === "on" || value === "1";
}

export type FormParseResult<T> = { success: true; data: T } | { success: false; errors: FieldErrors };

/** Runs a schema and maps a failure to field errors (optionally renaming paths, e.g. "rule.name" → "name"). */
export function parseWith<S extends z.ZodType>(
  schema: S,
  input: unknown,
  renamePath: (path: readonly PropertyKey[]) => readonly PropertyKey[] = (path) => path,
): FormParseResult<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { success: true, data: result.data };
  return { success: false, errors: toFieldErrors(result.error.issues.map((issue) => ({ path: renamePath(issue.path), message: issue.message }))) };
}
