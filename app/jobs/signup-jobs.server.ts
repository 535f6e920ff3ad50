// Background jobs of the restock-alert signup (merged into `jobHandlers`):
//   alerts.expire-pending   hourly per shop while it has pending subscriptions: marks those past expiresAt
//                           (ShopSettings.pendingExpiryDays after signup) "expired", and deletes the shop's
//                           rate-limit counters whose windows are over. Scheduled by every signup that queues a
//                           confirmation (scheduleExpirePending: idempotency key per hour bucket), and re-schedules
//                           itself for the next hour while pending subscriptions or counters remain.
import { deleteStaleRateLimitCounters, hasRateLimitCounters } from "../models/rate-limit.server";
import {
  expirePendingSubscriptions,
  hasPendingSubscriptions,
  scheduleExpirePending,
} from "../services/subscription-confirm.server";
import { defineJobHandlers } from "./define-job-handlers";
import { EXPIRE_PENDING_JOB } from "./job-types";

export const signupJobHandlers = defineJobHandlers({
  [EXPIRE_PENDING_JOB]: async (job, now) => {
    await expirePendingSubscriptions(job.shop, now);
    await deleteStaleRateLimitCounters(job.shop, now);
    if ((await hasRateLimitCounters(job.shop)) || (await hasPendingSubscriptions(job.shop))) await scheduleExpirePending(job.shop, now);
  },
});
