import type { MetafieldRecord, ShopData } from "./records";
import type { StoreCore } from "./store-core";

// Metafield records of a shop, indexed by owner (validation lives with the GraphQL mutations).

export function deleteMetafieldsOf(data: ShopData, ownerGid: string): void {
  for (const metafield of data.metafieldsOf(ownerGid)) data.metafields.delete(metafield.id);
  data.metafieldsByOwner.delete(ownerGid);
}

export function upsertMetafield(store: StoreCore, data: ShopData, input: { ownerGid: string; ownerType: string; namespace: string; key: string; type: string; value: string }): MetafieldRecord {
  const now = store.nowMs();
  const existing = data.findMetafield(input.ownerGid, input.namespace, input.key);
  if (existing) {
    existing.value = input.value;
    existing.type = input.type;
    existing.updatedAt = now;
    return existing;
  }
  const record: MetafieldRecord = { __typename: "Metafield", id: store.nextId(), ...input, createdAt: now, updatedAt: now };
  data.metafields.set(record.id, record);
  const list = data.metafieldsByOwner.get(input.ownerGid);
  if (list) list.push(record);
  else data.metafieldsByOwner.set(input.ownerGid, [record]);
  return record;
}

export function deleteMetafield(data: ShopData, metafield: MetafieldRecord): void {
  data.metafields.delete(metafield.id);
  const list = data.metafieldsByOwner.get(metafield.ownerGid);
  if (!list) return;
  const remaining = list.filter((m) => m.id !== metafield.id);
  if (remaining.length) data.metafieldsByOwner.set(metafield.ownerGid, remaining);
  else data.metafieldsByOwner.delete(metafield.ownerGid);
}
