// Requests for the forecast recompute (`forecast.recompute`, app/jobs/forecast-jobs.server.ts), kept in the model
// layer so settings and backfill code can queue one without importing the recompute itself.
//   requestForecastRecompute   on demand (page button, settings change, after a sales-history backfill): coalesces
//                              with a request still queued (requestRun), so clicking twice queues one run.
//   scheduleNightlyForecast    the next run just after 01:00 in the shop's time zone (yesterday's sales are complete
//                              and the midnight delay scan has run); one job per shop and hour; each run queues the next.
import prisma from "#app/db.server";
import { nextDailyScanAt } from "#app/domain/delay-notice";
import { enqueue, requestRun } from "#app/jobs/enqueue.server";
import { FORECAST_RECOMPUTE_JOB } from "#app/jobs/job-types";
import type { Db } from "./db";
import { loadShopTimeZone } from "./shop-time-zone.server";

const HOUR_MS = 3_600_000;

/** Queues a recompute due `now` unless one is already queued (then that one runs, no later than `now`). */
export async function requestForecastRecompute(shop: string, now: Date, db: Db = prisma): Promise<{ queued: boolean }> {
  const queued = await db.job.findFirst({ where: { shop, type: FORECAST_RECOMPUTE_JOB, status: "queued", payload: "{}" }, select: { id: true } });
  await requestRun({ shop, type: FORECAST_RECOMPUTE_JOB, payload: {}, runAt: now }, db);
  return { queued: queued === null };
}

export function nightlyForecastKey(runAt: Date): string {
  return `forecast-nightly:${runAt.toISOString().slice(0, 13)}`;
}

/** When the next nightly run is due: the first hour after the shop's next local midnight, plus one hour. */
export function nextNightlyForecastAt(now: Date, timeZone: string): Date {
  return new Date(nextDailyScanAt(now, timeZone).getTime() + HOUR_MS);
}

export async function scheduleNightlyForecast(shop: string, now: Date, db: Db = prisma): Promise<void> {
  const runAt = nextNightlyForecastAt(now, await loadShopTimeZone(shop, db));
  await enqueue({ shop, type: FORECAST_RECOMPUTE_JOB, payload: { nightly: true }, idempotencyKey: nightlyForecastKey(runAt), runAt }, db);
}
