// The inbound mirror (InboundShipmentLine): lines of inventory shipments still on their way, per transfer, and the
// reads the inbound ETAs need (a variant's owed lines, its stock, its backorder row's ETA). Every function takes
// `shop` and puts it in every `where`.
//
// A transfer's rows are replaced as a whole from a fresh read of Shopify (replaceTransferLines), so duplicate and
// out-of-order webhooks converge on the current state: a read older than the rows already stored is not applied.
import prisma from "#app/db.server";
import { chunk } from "#app/domain/collections";

const IN_CHUNK = 500;

/**
 * Shipment statuses whose unreceived units count as inbound. A DRAFT counts too: it is the merchant's plan with its
 * expected arrival (cancelling it is what takes those units away); RECEIVED brought everything it will.
 */
export const INBOUND_SHIPMENT_STATUSES = ["DRAFT", "IN_TRANSIT", "PARTIALLY_RECEIVED"] as const;
/** Transfer statuses after which nothing of it is inbound any more. */
export const CLOSED_TRANSFER_STATUSES = ["CANCELED", "TRANSFERRED"] as const;

export type TransferSnapshot = {
  id: string;
  name: string;
  status: string;
  destinationLocationId: string | null;
  shipments: ReadonlyArray<{
    id: string;
    name: string;
    status: string;
    arrivesAt: string | null;
    lineItems: ReadonlyArray<{ id: string; inventoryItemId: string; unreceivedQuantity: number }>;
  }>;
};

export type InboundRow = {
  transferId: string;
  shipmentId: string;
  shipmentName: string;
  shipmentStatus: string;
  inventoryItemId: string;
  variantId: string | null;
  unreceivedQuantity: number;
  arrivesAt: Date | null;
};

function parseInstant(value: string | null): Date | null {
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/**
 * Replaces the transfer's rows with what `snapshot` holds (null: Shopify has no such transfer any more → none),
 * in one transaction. `readAt` is when the snapshot was read: rows stored from a later read are kept (the older
 * read lost the race). Returns the inventory items whose inbound units changed (before and after).
 */
export async function replaceTransferLines(
  shop: string,
  transferId: string,
  snapshot: TransferSnapshot | null,
  readAt: Date,
): Promise<{ applied: boolean; inventoryItemIds: string[] }> {
  const closed = !snapshot || (CLOSED_TRANSFER_STATUSES as readonly string[]).includes(snapshot.status);
  const rows = closed
    ? []
    : snapshot.shipments.flatMap((shipment) =>
        shipment.status === "RECEIVED"
          ? []
          : shipment.lineItems
              .filter((line) => line.unreceivedQuantity > 0)
              .map((line) => ({
                shop,
                shipmentLineItemId: line.id,
                transferId,
                transferName: snapshot.name,
                shipmentId: shipment.id,
                shipmentName: shipment.name,
                shipmentStatus: shipment.status,
                inventoryItemId: line.inventoryItemId,
                destinationLocationId: snapshot.destinationLocationId,
                unreceivedQuantity: line.unreceivedQuantity,
                arrivesAt: parseInstant(shipment.arrivesAt),
                syncedAt: readAt,
              })),
      );
  return prisma.$transaction(async (tx) => {
    const before = await tx.inboundShipmentLine.findMany({ where: { shop, transferId } });
    if (before.some((row) => row.syncedAt.getTime() > readAt.getTime())) return { applied: false, inventoryItemIds: [] };
    const variants = await tx.variant.findMany({
      where: { shop, inventoryItemId: { in: [...new Set(rows.map((r) => r.inventoryItemId))] } },
      select: { id: true, inventoryItemId: true },
    });
    const variantOf = new Map(variants.map((v) => [v.inventoryItemId, v.id]));
    await tx.inboundShipmentLine.deleteMany({ where: { shop, transferId } });
    if (rows.length) await tx.inboundShipmentLine.createMany({ data: rows.map((r) => ({ ...r, variantId: variantOf.get(r.inventoryItemId) ?? null })) });
    const key = (r: { shipmentLineItemId: string; unreceivedQuantity: number; arrivesAt: Date | null; shipmentStatus: string }) =>
      `${r.shipmentLineItemId}|${r.unreceivedQuantity}|${r.arrivesAt?.getTime() ?? ""}|${r.shipmentStatus}`;
    const beforeKeys = new Set(before.map(key));
    const afterKeys = new Set(rows.map(key));
    const changed = new Set<string>();
    for (const r of before) if (!afterKeys.has(key(r))) changed.add(r.inventoryItemId);
    for (const r of rows) if (!beforeKeys.has(key(r))) changed.add(r.inventoryItemId);
    return { applied: true, inventoryItemIds: [...changed] };
  });
}

/** The transfer a mirrored shipment belongs to (null when the shipment is not mirrored). */
export async function findTransferOfShipment(shop: string, shipmentId: string): Promise<string | null> {
  const row = await prisma.inboundShipmentLine.findFirst({ where: { shop, shipmentId }, select: { transferId: true } });
  return row?.transferId ?? null;
}

/** Transfers mirrored but not in `keep` and not read since `readSince`: a full sync no longer saw them open. */
export async function listTransfersNotSeen(shop: string, keep: ReadonlySet<string>, readSince: Date): Promise<string[]> {
  const rows = await prisma.inboundShipmentLine.findMany({
    where: { shop, syncedAt: { lt: readSince } },
    select: { transferId: true },
    distinct: ["transferId"],
  });
  return rows.map((r) => r.transferId).filter((id) => !keep.has(id));
}

/** Inbound rows (shipments on their way) for these inventory items. */
export async function listInboundRows(shop: string, inventoryItemIds: readonly string[]): Promise<InboundRow[]> {
  const out: InboundRow[] = [];
  for (const ids of chunk([...new Set(inventoryItemIds)], IN_CHUNK)) {
    const rows = await prisma.inboundShipmentLine.findMany({
      where: { shop, inventoryItemId: { in: ids }, shipmentStatus: { in: [...INBOUND_SHIPMENT_STATUSES] } },
      select: {
        transferId: true, shipmentId: true, shipmentName: true, shipmentStatus: true, inventoryItemId: true, variantId: true,
        unreceivedQuantity: true, arrivesAt: true,
      },
    });
    out.push(...rows);
  }
  return out;
}

/** Variants of these inventory items (catalog mirror). */
export async function variantIdsOfInventoryItems(shop: string, inventoryItemIds: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  for (const ids of chunk([...new Set(inventoryItemIds)], IN_CHUNK)) {
    const rows = await prisma.variant.findMany({ where: { shop, inventoryItemId: { in: ids } }, select: { id: true } });
    out.push(...rows.map((r) => r.id));
  }
  return out;
}

export type InboundEtaVariant = {
  variantId: string;
  inventoryItemId: string | null;
  availableTotal: number;
  etaDate: string | null;
  etaSource: string | null;
  /** Sells on backorder now (tracked, CONTINUE, nothing in stock, not switched off or discontinued in the app). */
  orderable: boolean;
  lines: Array<{ id: string; orderedAt: Date; owed: number }>;
};

/**
 * The variants automatic mode looks at: open backordered lines, an ETA an inbound shipment set, or inbound units
 * while selling on backorder with nothing in stock.
 */
export async function listInboundEtaCandidateIds(shop: string): Promise<string[]> {
  const [owed, inbound, incoming] = await Promise.all([
    prisma.backorderLine.findMany({ where: { shop, status: "open" }, select: { variantId: true }, distinct: ["variantId"] }),
    prisma.variantBackorder.findMany({ where: { shop, etaSource: "inbound", etaDate: { not: null } }, select: { variantId: true } }),
    prisma.inboundShipmentLine.findMany({ where: { shop, variantId: { not: null } }, select: { variantId: true }, distinct: ["variantId"] }),
  ]);
  const incomingIds = incoming.flatMap((r) => (r.variantId ? [r.variantId] : []));
  const sellingOut = new Set<string>();
  for (const ids of chunk(incomingIds, IN_CHUNK)) {
    const rows = await prisma.variant.findMany({ where: { shop, id: { in: ids }, inventoryPolicy: "CONTINUE", availableTotal: { lte: 0 } }, select: { id: true } });
    for (const row of rows) sellingOut.add(row.id);
  }
  return [...new Set([...owed.map((r) => r.variantId), ...inbound.map((r) => r.variantId), ...sellingOut])].sort();
}

/** What the inbound ETA of each variant is computed from: its open owed lines, its stock, its current ETA. */
export async function loadInboundEtaVariants(shop: string, variantIds: readonly string[]): Promise<InboundEtaVariant[]> {
  const out: InboundEtaVariant[] = [];
  for (const ids of chunk([...new Set(variantIds)], IN_CHUNK)) {
    const [variants, rows, lines] = await Promise.all([
      prisma.variant.findMany({ where: { shop, id: { in: ids } }, select: { id: true, inventoryItemId: true, availableTotal: true, tracked: true, inventoryPolicy: true } }),
      prisma.variantBackorder.findMany({
        where: { shop, variantId: { in: ids } },
        select: { variantId: true, etaDate: true, etaSource: true, enabled: true, discontinued: true },
      }),
      prisma.backorderLine.findMany({
        where: { shop, variantId: { in: ids }, status: "open" },
        select: { id: true, variantId: true, orderedAt: true, quantityBackordered: true, quantityResolved: true },
      }),
    ]);
    const rowOf = new Map(rows.map((r) => [r.variantId, r]));
    const linesOf = new Map<string, InboundEtaVariant["lines"]>();
    for (const line of lines) {
      const list = linesOf.get(line.variantId) ?? [];
      list.push({ id: line.id, orderedAt: line.orderedAt, owed: line.quantityBackordered - line.quantityResolved });
      linesOf.set(line.variantId, list);
    }
    for (const v of variants) {
      const row = rowOf.get(v.id);
      out.push({
        variantId: v.id,
        inventoryItemId: v.inventoryItemId,
        availableTotal: v.availableTotal,
        etaDate: row?.etaDate ?? null,
        etaSource: row?.etaSource ?? null,
        orderable: v.tracked && v.inventoryPolicy === "CONTINUE" && v.availableTotal <= 0 && (row ? row.enabled && !row.discontinued : true),
        lines: linesOf.get(v.id) ?? [],
      });
    }
  }
  return out;
}
