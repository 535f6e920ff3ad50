// Background jobs of the restock-alert signup (merged into `jobHandlers`):
//   alerts.expire-pending   hourly per shop while it has pending subscriptions: marks those past expiresAt
//                           (ShopSettings.pendingExpiryDays after signup) "expired", and deletes the shop's
//                           rate-limit counters whose windows are over. Scheduled by every signup that queues a
//                           confirmation (scheduleExpirePending: idempotency key per hour bucket), and re-schedules
//                           itself for the next hour while pending subscriptions or counters remain.
import prisma from "../db.server";
import { deleteStaleRateLimitCounters } from "../models/rate-limit.server";
import {
  EXPIRE_PENDING_JOB,
  expirePendingSubscriptions,
  hasPendingSubscriptions,
  scheduleExpirePending,
} from "../services/subscription-confirm.server";
import type { JobHandlers } from "./worker.server";

export const signupJobHandlers: JobHandlers = {
  [EXPIRE_PENDING_JOB]: async (job, now) => {
    await expirePendingSubscriptions(job.shop, now);
    await deleteStaleRateLimitCounters(job.shop, now);
    const countersLeft = await prisma.rateLimitCounter.count({ where: { shop: job.shop }, take: 1 });
    if (countersLeft > 0 || (await hasPendingSubscriptions(job.shop))) await scheduleExpirePending(prisma, job.shop, now);
  },
};
