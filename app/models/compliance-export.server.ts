// ComplianceExport rows: the customers/data_request exports a merchant downloads (one per webhook delivery).
import prisma from "#app/db.server";
import type { Db } from "./db";

export type NewComplianceExport = {
  shop: string;
  webhookId: string;
  customerEmail: string | null;
  customerId: string | null;
  /** JSON text. */
  ordersRequested: string;
  /** JSON text: the export itself. */
  export: string;
  createdAt: Date;
};

export function findComplianceExportOfWebhook(shop: string, webhookId: string, db: Db = prisma): Promise<{ id: string } | null> {
  return db.complianceExport.findFirst({ where: { shop, webhookId }, select: { id: true } });
}

export function createComplianceExport(data: NewComplianceExport, db: Db = prisma): Promise<{ id: string }> {
  return db.complianceExport.create({ data, select: { id: true } });
}

/** A shop's exports, newest first. */
export function listComplianceExportRows(shop: string, limit: number, db: Db = prisma) {
  return db.complianceExport.findMany({ where: { shop }, orderBy: { createdAt: "desc" }, take: limit });
}

/** One export, or null when it is not this shop's. */
export function findComplianceExport(shop: string, id: string, db: Db = prisma) {
  return db.complianceExport.findFirst({ where: { shop, id } });
}
