// What background job handlers share: the shop's Admin API gateway, the installation check that ends periodic
// job chains, and the payload shape of webhook jobs (see app/services/webhook-intake.server.ts).
import prisma from "../db.server";
import type { ClaimedJob } from "../models/job.server";
import { createAdminGateway } from "../shopify/admin-gateway.server";

export type WebhookJobPayload = { webhookId: string; triggeredAt: string | null; body: any };

export const webhookPayload = (job: ClaimedJob) => job.payload as WebhookJobPayload;

/**
 * The Admin API gateway for a shop, from its offline session (the library refreshes an expiring access token that
 * is close to expiry). Imported lazily so that loading a job module (tests, the worker) does not build the
 * Shopify app; callers pass `() => gatewayForShop(shop)` so jobs that need no Shopify call never load a session.
 */
export async function gatewayForShop(shop: string) {
  const { unauthenticated } = await import("../shopify.server");
  const { admin } = await unauthenticated.admin(shop);
  return createAdminGateway(admin.graphql, { shop });
}

/** Periodic jobs (reconciliations) stop rescheduling themselves once the shop has uninstalled. */
export async function isInstalled(shop: string): Promise<boolean> {
  const row = await prisma.shop.findUnique({ where: { shop }, select: { uninstalledAt: true } });
  return !!row && row.uninstalledAt === null;
}
