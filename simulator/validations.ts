import type { ShopData, ValidationRecord } from "./records";
import type { StoreCore } from "./store-core";

// The app's cart and checkout validations on a shop (validationCreate/Update/Delete; the checks and userErrors live
// with the GraphQL mutations). Shopify runs at most 25 activated validations per store.

export const MAX_ACTIVE_VALIDATIONS = 25;

export function listValidations(data: ShopData): ValidationRecord[] {
  return [...data.validations.values()].sort((a, b) => a.id - b.id);
}

export function activeValidationCount(data: ShopData): number {
  return listValidations(data).filter((validation) => validation.enabled).length;
}

export function createValidation(store: StoreCore, data: ShopData, input: { title: string; functionId: string; enabled: boolean; blockOnFailure: boolean }): ValidationRecord {
  const now = store.nowMs();
  const record: ValidationRecord = { __typename: "Validation", id: store.nextId(), ...input, createdAt: now, updatedAt: now };
  data.validations.set(record.id, record);
  return record;
}

export function updateValidation(store: StoreCore, validation: ValidationRecord, patch: { title?: string; enabled: boolean; blockOnFailure: boolean }): ValidationRecord {
  if (patch.title !== undefined) validation.title = patch.title;
  validation.enabled = patch.enabled;
  validation.blockOnFailure = patch.blockOnFailure;
  validation.updatedAt = store.nowMs();
  return validation;
}

export function deleteValidation(data: ShopData, id: number): boolean {
  return data.validations.delete(id);
}

/** Uninstalling an app removes its validations (the simulator hosts one app, so: all of them). */
export function deleteAppValidations(data: ShopData): void {
  data.validations.clear();
}
