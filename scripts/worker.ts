// `npm run worker`: the background job worker (emails, webhooks, syncs…) as its own process, without the web
// server. Runs the same handlers as the in-process worker (app/jobs/start.server.ts); run the web process with
// JOB_WORKER=off when using this. Needs the same environment variables as the web process (DATABASE_URL,
// SHOPIFY_API_KEY, SHOPIFY_API_SECRET, SHOPIFY_APP_URL, SMTP_URL, EMAIL_FROM, …), validated at start.
// Several workers may run at once: jobs are claimed with a compare-and-set and a lease (JOB_LEASE_MS), so a
// killed worker's jobs are taken over when their lease expires. On PostgreSQL the worker takes its jobs from
// pg-boss (JOB_QUEUE, app/jobs/queue/job-queue.server.ts); on SQLite it polls the Job table.
// SIGTERM/SIGINT: finishes the jobs in hand, then exits 0 (a second signal exits at once).
import { env } from "../app/env.server";
import prisma from "../app/db.server";
import { closeDefaultEmailTransport } from "../app/email-transport.server";
import { jobHandlers } from "../app/jobs/handlers.server";
import { jobQueueKind } from "../app/jobs/queue/job-queue.server";
import { startJobWorker } from "../app/jobs/worker.server";

const idleMs = Number(process.env.JOB_IDLE_MS) > 0 ? Number(process.env.JOB_IDLE_MS) : 500;
const worker = startJobWorker({ handlers: jobHandlers, idleMs, log: (message) => console.warn(message) });
console.log(`[worker] ${worker.workerId} started (${env.NODE_ENV}; jobs via ${jobQueueKind()}; SMTP ${env.SMTP_URL ? "configured" : "not configured"})`);

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) process.exit(1);
  stopping = true;
  console.log(`[worker] ${signal}: finishing the jobs in hand…`);
  await worker.stop();
  closeDefaultEmailTransport();
  await prisma.$disconnect();
  console.log("[worker] stopped");
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));
