import { z } from "zod";

// Every environment variable the server reads, validated once at boot so a misconfiguration fails fast with
// a message that names the variable instead of surfacing later as an auth or database error.
const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  SHOPIFY_API_KEY: z.string().min(1, "SHOPIFY_API_KEY is required (the app's client id)"),
  SHOPIFY_API_SECRET: z.string().min(1, "SHOPIFY_API_SECRET is required (the app's client secret)"),
  // Client secrets retired by a rotation, comma-separated (Shopify's secrets contain no commas): webhooks and email
  // links signed with them still verify, nothing new is signed with them. Unset or empty = none; blanks around
  // commas are ignored. Listing the current secret too is allowed (a rotation may set this before the new secret).
  // See README "Rotating keys".
  SHOPIFY_API_SECRET_PREVIOUS: z
    .string()
    .optional()
    // A blank inside an entry means another separator was used ("old1 old2"): both secrets would silently fail.
    .refine((value) => !value || value.split(",").every((secret) => !/\s/.test(secret.trim())), {
      message: "SHOPIFY_API_SECRET_PREVIOUS must be a comma-separated list of retired client secrets (an entry contains a space)",
    })
    .transform((value) => (value ?? "").split(",").map((secret) => secret.trim()).filter((secret) => secret.length > 0)),
  SHOPIFY_APP_URL: z.string().url("SHOPIFY_APP_URL must be the app's public URL, e.g. https://example.trycloudflare.com"),
  SCOPES: z.string().optional(),
  // How many proxies of our own hosting (load balancer, CDN, tunnel) sit between Shopify's app proxy and this
  // server, each appending to X-Forwarded-For: the shopper's address is read that many hops from the right.
  // 0 = Shopify reaches the server directly. See README "Security" (signup rate limits).
  TRUSTED_PROXY_HOPS: z.coerce
    .number({ error: "TRUSTED_PROXY_HOPS must be a whole number of proxies, e.g. 1" })
    .int("TRUSTED_PROXY_HOPS must be a whole number of proxies, e.g. 1")
    .min(0, "TRUSTED_PROXY_HOPS cannot be negative")
    .max(5, "TRUSTED_PROXY_HOPS above 5 is almost certainly a mistake (count only your own proxies)")
    .default(0),
  SHOP_CUSTOM_DOMAIN: z.string().optional(),
  DATABASE_URL: z.string().default("file:./prisma/dev.sqlite"),
  // Local Shopify simulator (dev/test only). When unset, the simulator code path is inert.
  SHOPIFY_SIMULATOR_URL: z.string().url("SHOPIFY_SIMULATOR_URL must be the simulator's URL, e.g. http://127.0.0.1:4010").optional(),
  // The simulator's App Bridge stand-in (simulator mode only); unset = Shopify's CDN script.
  APP_BRIDGE_URL: z.string().url("APP_BRIDGE_URL must be the simulator's app-bridge.js URL").optional(),
  // "inline" runs the job worker inside the web process; "off" leaves jobs to `npm run worker`.
  JOB_WORKER: z.enum(["inline", "off"]).default("inline"),
  // The job port's adapter (app/jobs/queue/job-queue.server.ts); unset = pg-boss on PostgreSQL, the table on SQLite.
  JOB_QUEUE: z.enum(["table", "pg-boss"]).optional(),
  // How long a worker holds a claimed job before another may take it over (and a pg-boss message's expiry).
  JOB_LEASE_MS: z.coerce.number().int().min(1_000, "JOB_LEASE_MS must be at least 1000 (ms)").optional(),
  // Outgoing email (restock alerts): smtp://user:pass@host:port or smtps://…; unset = each send fails with
  // "SMTP_URL not configured" (shown on the email) and retries with backoff until its job gives up.
  SMTP_URL: z.string().url("SMTP_URL must look like smtp://user:password@host:587").optional(),
  EMAIL_FROM: z.string().default("Backorders <alerts@backorders.local>"),
});

export type Env = z.infer<typeof envSchema>;

export function parseEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  - ${issue.path.join(".")}: ${issue.message}`).join("\n");
    throw new Error(`Invalid environment configuration:\n${problems}`);
  }
  if (result.data.JOB_QUEUE === "pg-boss" && !/^postgres(ql)?:\/\//i.test(result.data.DATABASE_URL)) {
    throw new Error("Invalid environment configuration:\n  - JOB_QUEUE: pg-boss needs a PostgreSQL DATABASE_URL (postgresql://…); use JOB_QUEUE=table on SQLite");
  }
  const simulatorProblem = simulatorSettingsProblem(result.data);
  if (simulatorProblem) throw new Error(`Invalid environment configuration:\n  - ${simulatorProblem}`);
  return result.data;
}

const LOOPBACK_HOSTS = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/i;

/**
 * The simulator settings redirect every Shopify call and the admin's App Bridge script. A production server
 * (NODE_ENV=production, as `npm start` and the local demo run) accepts them only for a simulator on this machine,
 * so a leftover variable in a real deployment fails the boot instead of sending Shopify traffic elsewhere.
 */
function simulatorSettingsProblem(env: Env): string | null {
  if (env.APP_BRIDGE_URL && !env.SHOPIFY_SIMULATOR_URL) return "APP_BRIDGE_URL: only the simulator's App Bridge may replace Shopify's; unset it (or set SHOPIFY_SIMULATOR_URL)";
  if (env.NODE_ENV !== "production") return null;
  for (const name of ["SHOPIFY_SIMULATOR_URL", "APP_BRIDGE_URL"] as const) {
    const value = env[name];
    if (value && !LOOPBACK_HOSTS.test(new URL(value).hostname)) {
      return `${name}: in production only a simulator on this machine (localhost, 127.0.0.1) is allowed; unset it to talk to Shopify`;
    }
  }
  return null;
}

export const env = parseEnv();
