// A scaled-out deployment on one machine, for the PostgreSQL multi-process tests: optionally the Shopify simulator
// (with its mailbox), N web processes of the built app (scripts/serve.ts, JOB_WORKER=off) and M job worker processes
// (`node --import tsx scripts/worker.ts`, what `npm run worker` runs), all on one DATABASE_URL. Workers can be
// killed and started at any time; stop() ends everything this launcher started.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { buildAppIfStale, startApp } from "../../scripts/app-process";
import { DEMO_API_KEY, DEMO_API_SECRET, DEMO_SHOP, demoAppEnv } from "../../scripts/demo-env";
import { startSimulator, type RunningSimulator, type StartSimulatorOptions } from "../../simulator/server";
import { freePort } from "./ports";
import { stopProcess } from "./demo-stack";

const root = path.resolve(import.meta.dirname, "../..");

export type ClusterProcess = { name: string; child: ChildProcess; output(): string };

export type ClusterOptions = {
  apps: number;
  workers: number;
  /** Default: process.env.DATABASE_URL (the test file's database). */
  databaseUrl?: string;
  /** The workers' DATABASE_URL (e.g. through a TCP proxy); default `databaseUrl`. */
  workerDatabaseUrl?: string;
  /** Simulator options, or false for none (workers then get SMTP_URL from `smtpUrl`). */
  simulator?: Partial<StartSimulatorOptions> | false;
  smtpUrl?: string;
  /** Extra environment for every process (JOB_LEASE_MS, JOB_QUEUE, …). */
  env?: Record<string, string | undefined>;
};

export type Cluster = {
  simulator?: RunningSimulator;
  /** The web processes' base URLs (the first is the one the simulator knows as the app URL). */
  appUrls: string[];
  apps: ClusterProcess[];
  /** Every worker started so far (killed ones included). */
  workers: ClusterProcess[];
  startWorker(): ClusterProcess;
  /** Recent output of every process, for assertion messages. */
  output(): string;
  stop(): Promise<void>;
};

function capture(name: string, child: ChildProcess): ClusterProcess {
  let output = "";
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout?.on("data", append);
  child.stderr?.on("data", append);
  return { name, child, output: () => output };
}

export async function startCluster(options: ClusterOptions): Promise<Cluster> {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL!;
  if (options.apps > 0) buildAppIfStale();
  const appPorts = await Promise.all(Array.from({ length: options.apps }, () => freePort()));
  // One public app URL, like a load balancer in front of the instances: the simulator's webhook subscriptions,
  // the OAuth redirect and SHOPIFY_APP_URL all name the first instance.
  const publicUrl = appPorts.length ? `http://127.0.0.1:${appPorts[0]}` : "http://127.0.0.1:3999";
  const simulator =
    options.simulator === false
      ? undefined
      : await startSimulator({
          port: 0,
          host: "127.0.0.1",
          appUrl: publicUrl,
          apiKey: DEMO_API_KEY,
          apiSecret: DEMO_API_SECRET,
          seed: "demo",
          shops: [DEMO_SHOP],
          smtpPort: 0,
          ...options.simulator,
        });
  const smtpUrl = options.smtpUrl ?? simulator?.smtpUrl;
  const baseEnv = (port: number) => ({
    ...demoAppEnv({ appUrl: publicUrl, simulatorUrl: simulator?.url ?? "http://127.0.0.1:9", databaseUrl, port, smtpUrl }),
    SHOPIFY_APP_URL: publicUrl,
    JOB_WORKER: "off",
    ...options.env,
  });

  const cluster: Cluster = {
    simulator,
    appUrls: [],
    apps: [],
    workers: [],
    startWorker() {
      // `node --import tsx` runs the worker in this one process (the tsx CLI would fork a child a SIGKILL misses).
      const child = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
        cwd: root,
        env: { ...baseEnv(0), DATABASE_URL: options.workerDatabaseUrl ?? databaseUrl },
        stdio: ["ignore", "pipe", "pipe"],
      });
      const worker = capture(`worker-${cluster.workers.length + 1}`, child);
      cluster.workers.push(worker);
      return worker;
    },
    output() {
      return [...cluster.apps, ...cluster.workers].map((p) => `--- ${p.name}\n${p.output().slice(-4_000)}`).join("\n");
    },
    async stop() {
      await Promise.all([...cluster.workers, ...cluster.apps].map((p) => stopProcess(p.child, 5_000)));
      await simulator?.close();
    },
  };

  try {
    // Started one after the other: three app boots at once on two cores only slow each other down.
    for (const [index, port] of appPorts.entries()) {
      const url = `http://127.0.0.1:${port}`;
      const child = await startApp(baseEnv(port), url);
      cluster.apps.push(capture(`app-${index + 1}`, child));
      cluster.appUrls.push(url);
    }
    for (let i = 0; i < options.workers; i++) cluster.startWorker();
  } catch (error) {
    await cluster.stop();
    throw error;
  }
  return cluster;
}
