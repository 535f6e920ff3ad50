// Queuing the storefront metafields sync (`storefront.metafields.sync`, app/services/storefront-metafields.server.ts
// decides when and for which variants, coalescing with a sync already queued).
import prisma from "#app/db.server";
import { STOREFRONT_SYNC_JOB, type StorefrontSyncJobPayload } from "#app/jobs/job-types";
import type { Db } from "./db";
import { enqueue } from "../jobs/enqueue.server";


export async function enqueueStorefrontSyncJob(shop: string, payload: StorefrontSyncJobPayload, runAt: Date, db: Db = prisma): Promise<{ id: string }> {
  const job = await enqueue({ shop, type: STOREFRONT_SYNC_JOB, payload, runAt }, db);
  return { id: job.id };
}
