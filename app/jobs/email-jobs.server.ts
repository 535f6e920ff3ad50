// The `email.send` job: delivers one EmailMessage (app/services/email-delivery.server.ts). Retries with the job
// table's backoff on temporary failures (SMTP down, SMTP_URL not configured yet); a permanent SMTP rejection ends
// the job at once. Tests build their own handlers with `createEmailJobHandlers({ transport })`.
import { defaultEmailTransport, type EmailTransport } from "../email-transport.server";
import { deliverEmailMessage } from "../services/email-delivery.server";
import { defineJobHandlers, type JobHandlers } from "./define-job-handlers";
import { EMAIL_SEND_JOB } from "./job-types";

export { EMAIL_SEND_JOB };

export type EmailJobDeps = {
  /** Defaults to the process's pooled SMTP transport for SMTP_URL (throws "SMTP_URL not configured" without it). */
  transport?: () => EmailTransport;
};

export function createEmailJobHandlers(deps: EmailJobDeps = {}): JobHandlers {
  return defineJobHandlers({
    [EMAIL_SEND_JOB]: async (job, now) => {
      const { emailMessageId } = job.payload;
      await deliverEmailMessage({
        shop: job.shop,
        emailMessageId,
        job: { attempts: job.attempts, maxAttempts: job.maxAttempts },
        transport: deps.transport ?? defaultEmailTransport,
        now,
      });
    },
  });
}

export const emailJobHandlers: JobHandlers = createEmailJobHandlers();
