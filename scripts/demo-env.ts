// Fixed, local-only settings shared by `npm run demo` and the end-to-end tests. None of these are secrets:
// they only ever talk to the local simulator.
export const DEMO_SHOP = "backorders-demo.myshopify.com";
export const DEMO_API_KEY = "backorders-demo-api-key";
export const DEMO_API_SECRET = "backorders-demo-api-secret";

export function demoAppEnv(input: {
  appUrl: string;
  simulatorUrl: string;
  databaseUrl: string;
  port: number;
  /** The simulator's mailbox (smtp://127.0.0.1:<port>); the app's emails go there. */
  smtpUrl?: string;
}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(input.port),
    HOST: "127.0.0.1",
    SHOPIFY_APP_URL: input.appUrl,
    SHOPIFY_API_KEY: DEMO_API_KEY,
    SHOPIFY_API_SECRET: DEMO_API_SECRET,
    SHOPIFY_SIMULATOR_URL: input.simulatorUrl,
    APP_BRIDGE_URL: `${input.simulatorUrl}/app-bridge.js`,
    DATABASE_URL: input.databaseUrl,
    JOB_WORKER: "inline",
    ...(input.smtpUrl ? { SMTP_URL: input.smtpUrl } : {}),
  };
}
