import { NotImplementedError } from "./resolver-types";

// What the mutation modules share: Shopify's userError shape and the refusal of input fields the simulator
// doesn't model (they fail loudly instead of being ignored).

export type UserError = { field: string[] | null; message: string; code?: string | null; elementIndex?: number | null };

export function rejectUnsupported(input: object | null | undefined, supported: readonly string[], inputType: string): void {
  for (const [key, value] of Object.entries(input ?? {})) {
    if (value !== null && value !== undefined && !supported.includes(key)) throw new NotImplementedError(inputType, key);
  }
}

export const isMoney = (value: unknown): value is string => typeof value === "string" && /^-?\d+(\.\d+)?$/.test(value.trim());
