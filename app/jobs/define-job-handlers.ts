// Handlers registered by job type, each receiving its payload typed and already checked against the catalogue's
// schema (app/jobs/job-types.ts). A payload that does not match cannot succeed on a retry either: the job fails
// at once with a message naming the fields (PermanentJobError), instead of a handler crashing on a bad field.
import { PermanentJobError } from "../domain/retry-policy";
import type { ClaimedJob } from "../models/job.server";
import { checkJobPayload, isJobType, type JobPayload, type JobType } from "./job-types";

export type JobOutcome = void | { rescheduleAt: Date };
/** The worker's view: any claimed job (the queue machinery runs whatever type it is given). */
export type JobHandler = (job: ClaimedJob, now: Date) => Promise<JobOutcome>;
export type JobHandlers = Record<string, JobHandler>;

export type TypedJob<T extends JobType> = Omit<ClaimedJob, "type" | "payload"> & { type: T; payload: JobPayload<T> };
export type TypedJobHandler<T extends JobType> = (job: TypedJob<T>, now: Date) => Promise<JobOutcome>;
export type TypedJobHandlers = { [T in JobType]?: TypedJobHandler<T> };

function checked<T extends JobType>(type: T, handler: TypedJobHandler<T>): JobHandler {
  return async (job, now) => {
    const check = checkJobPayload(type, job.payload);
    if (!check.ok) throw new PermanentJobError(check.message);
    return handler({ ...job, type, payload: check.payload }, now);
  };
}

/** The worker's handler table for these typed handlers. */
export function defineJobHandlers(handlers: TypedJobHandlers): JobHandlers {
  const table: JobHandlers = {};
  for (const [type, handler] of Object.entries(handlers)) {
    if (!isJobType(type)) throw new Error(`Job type "${type}" is not in the catalogue (app/jobs/job-types.ts)`);
    if (handler) table[type] = checked(type, handler as TypedJobHandler<typeof type>);
  }
  return table;
}
